"""Rule evaluation: readiness's compiled rules against Jinja2 sandboxed expressions.

Rules: every true/false rule of the bundled set (task `when`/`done_when`, risk and requirement
`when`) that Jinja2 can also read: no rule functions (count, known, ...) and no derived values.
Contexts: realistic profiles from bench/generate.py. Each side builds its context from the
profile's facts, as it needs it, then evaluates the rules; context building is counted on
both sides. Jinja2 evaluates each rule where it answers at all (it raises on a comparison with
a missing fact, where readiness says unknown). readiness evaluates its rules as an assessment
does: the set's rules decided together (`compile_ruleset`, one generated function), every
rule of the set for every profile, so it is charged for the pairs Jinja2 skips too; a version
without rule sets evaluates each rule on its own. Where readiness decides, both must give the
same answer. The two sides are timed in turn, in CPU time, and the ratio is the median of the
pairs' ratios.

The rule engine is imported from `readiness.rules` (its public names), the fact types from
wherever this version keeps them; with neither importable the benchmark says so and stops.

Run: python bench/rules_vs_jinja.py [--quick] [--profiles N] [--rounds R]
"""
from __future__ import annotations

import argparse
import re
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any, Callable

from batch import Result
from common import BUNDLED, Row, header, table
from generate import load, write_profiles

GOAL = 0.02  # at least 50x faster than Jinja2


def engine() -> tuple[Callable[..., Any], Callable[[dict[str, Any]], dict[str, Any]], Any, dict[str, Any]] | None:
    """compile_rule, prepare, UNKNOWN and the fact types, from wherever this version keeps them."""
    try:
        from readiness.rules import NUMBER, UNKNOWN, FactType, compile_rule, prepare
    except ImportError:
        return None
    type_env = None
    for module in ("readiness.facts", "readiness.load.facts"):
        try:
            type_env = __import__(module, fromlist=["type_env"]).type_env
            break
        except (ImportError, AttributeError):
            continue
    if type_env is None:
        return None
    try:
        env = dict(type_env())
    except TypeError:  # the facts are the set's (its facts.yaml): the types come from its profile schema
        from readiness.load.playbook import load_playbook
        env = dict(type_env(load_playbook(BUNDLED).profile_schema))
    for path in sorted(BUNDLED.glob("*.yaml")):
        for param in (load(path) or {}).get("params", []):
            env["params." + param["id"]] = FactType(NUMBER)
    return compile_rule, prepare, UNKNOWN, env


def bundled_rules() -> tuple[list[str], dict[str, float]]:
    texts, params = [], {}
    for path in sorted(BUNDLED.glob("*.yaml")):
        data = load(path) or {}
        params.update({p["id"]: p["value"] for p in data.get("params", [])})
        for kind, keys in (("tasks", ("when", "done_when")), ("risks", ("when",)), ("requirements", ("when",))):
            texts += [e[k] for e in data.get(kind, []) for k in keys if k in e]
    jinja_readable = [t for t in texts if not re.search(r"\w\(", t) and "derived." not in t]
    return sorted(set(jinja_readable)), params


def measure(quick: bool, n: int | None = None, rounds: int | None = None) -> Result:
    n, rounds = n or (200 if quick else 1_000), rounds or (3 if quick else 10)
    res = Result()
    found = engine()
    if found is None:
        res.inputs.append("rules: the rule engine (readiness.rules) or the fact types are not importable here: skipped")
        return res
    compile_rule, prepare, unknown, env = found
    try:
        from readiness.rules import compile_ruleset
    except ImportError:
        compile_ruleset = None
    from jinja2.sandbox import SandboxedEnvironment

    texts, params = bundled_rules()
    with tempfile.TemporaryDirectory(prefix="readiness-rules-") as tmp:
        made = write_profiles(Path(tmp), n)
        profiles = [data for p in made.paths if p not in made.invalid for data in [load(p)]]
    ours = [compile_rule(t, env) for t in texts]
    if compile_ruleset is not None:  # the assessment's way: the rules decided together
        ruleset = compile_ruleset(ours)
        position = {id(r): i for i, r in enumerate(ruleset.rules)}

        def decide(ctx: dict[str, Any]) -> list[Any]:
            values = ruleset(ctx)
            return [rule(ctx) if values is None or id(rule) not in position else values[position[id(rule)]] for rule in ours]

        def run_rules(ctx: dict[str, Any], ok: list[int]) -> None:
            ruleset(ctx)
    else:
        def decide(ctx: dict[str, Any]) -> list[Any]:
            return [rule(ctx) for rule in ours]

        def run_rules(ctx: dict[str, Any], ok: list[int]) -> None:
            for i in ok:
                ours[i](ctx)
    jinja_env = SandboxedEnvironment()
    theirs = [jinja_env.compile_expression(t) for t in texts]

    def our_context(profile: dict[str, Any]) -> dict[str, Any]:
        facts = dict(profile.get("facts") or {})
        facts["institution"], facts["params"] = profile["institution"], params
        ctx = prepare(facts)
        ctx["derived"] = {}
        return ctx

    def their_context(profile: dict[str, Any]) -> dict[str, Any]:
        return dict(profile.get("facts") or {}, institution=profile["institution"], params=params)

    answered, disagree = [], []
    for profile in profiles:
        ctx, nested, ok = our_context(profile), their_context(profile), []
        decided = decide(ctx)
        for i, (mine, expr) in enumerate(zip(decided, theirs)):
            try:
                answer = bool(expr(**nested))
            except Exception:  # a missing or empty fact in a comparison: Jinja2 cannot answer
                continue
            ok.append(i)
            if mine is not unknown and mine != answer:
                disagree.append(texts[i])
        answered.append(ok)
    evaluations = sum(map(len, answered))

    def run_ours() -> None:
        for profile, ok in zip(profiles, answered):
            run_rules(our_context(profile), ok)

    def run_theirs() -> None:
        for profile, ok in zip(profiles, answered):
            nested = their_context(profile)
            for i in ok:
                theirs[i](**nested)

    built = [(our_context(p), their_context(p), ok) for p, ok in zip(profiles, answered)]

    def eval_ours() -> None:
        for ctx, _, ok in built:
            run_rules(ctx, ok)

    def eval_theirs() -> None:
        for _, nested, ok in built:
            for i in ok:
                theirs[i](**nested)

    t_ours, t_theirs, t_ratio = timed_pair(run_ours, run_theirs, rounds)
    e_ours, e_theirs, e_ratio = timed_pair(eval_ours, eval_theirs, rounds)
    res.inputs.append(f"rules: {len(texts)} distinct bundled rules Jinja2 can read, {len(profiles)} valid generated profiles, "
                      f"{evaluations:,} (rule, profile) pairs that Jinja2 answers ({100 * evaluations / (len(texts) * len(profiles)):.0f} %), "
                      f"{rounds} rounds; answers that differ where readiness decides: {len(set(disagree))}; readiness "
                      + ("decides all the rules, together, for every profile" if compile_ruleset else "decides each rule on its own"))
    res.rows.append(Row("rule evaluation with context building, per rule, 1 core", f"{t_ours / evaluations * 1e6:.3f} µs",
                        f"{t_theirs / evaluations * 1e6:.3f} µs Jinja2 sandboxed expression", t_ratio,
                        f"≤ {GOAL}× (≥ {1 / GOAL:.0f}× faster)", GOAL))
    res.rows.append(Row("rule evaluation alone (contexts built before), per rule", f"{e_ours / evaluations * 1e6:.3f} µs",
                        f"{e_theirs / evaluations * 1e6:.3f} µs Jinja2 sandboxed expression", e_ratio))
    return res


def timed_pair(ours: Callable[[], None], theirs: Callable[[], None], rounds: int, pairs: int = 7) -> tuple[float, float, float]:
    """CPU time per call of each side, and their ratio: medians over ``pairs`` pairs of ``rounds``
    calls, the two sides run in turn (which goes first alternates). Timed one after the other, a
    drift of this shared machine's speed between the two went straight into the ratio (46× and
    54× on the same code)."""
    mine, other, ratios = [], [], []
    for i in range(pairs):
        took = {}
        for name, fn in (("ours", ours), ("theirs", theirs)) if i % 2 == 0 else (("theirs", theirs), ("ours", ours)):
            start = time.process_time()
            for _ in range(rounds):
                fn()
            took[name] = (time.process_time() - start) / rounds
        mine.append(took["ours"])
        other.append(took["theirs"])
        ratios.append(took["ours"] / took["theirs"])
    return statistics.median(mine), statistics.median(other), statistics.median(ratios)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="200 profiles, 3 rounds")
    parser.add_argument("--profiles", type=int)
    parser.add_argument("--rounds", type=int)
    args = parser.parse_args()
    header("rules", args.quick)
    res = measure(args.quick, args.profiles, args.rounds)
    print("\n".join(res.inputs))
    if res.rows:
        print(table(res.rows))


if __name__ == "__main__":
    main()
