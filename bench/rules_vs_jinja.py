"""Rule evaluation speed: readiness's compiled rules against Jinja2 sandboxed expressions.

Takes every `when`/`done_when` rule of the bundled playbook set that Jinja2 can also
read (no rule functions), and evaluates each against the bundled example profiles with
both engines, many times. Run: python bench/rules_vs_jinja.py [--rounds N]
"""
from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from jinja2.sandbox import SandboxedEnvironment

from readiness.facts import rule_context
from readiness.playbook import load_playbook
from readiness.profile import load_profile
from readiness.rules import UNKNOWN

ROOT = Path(__file__).resolve().parent.parent
SET = ROOT / "playbooks" / "kg-mes-2020"


def collect(playbook):
    rules = []
    for task in playbook.tasks.values():
        rules += [r for r in (task.when, task.done_when) if r is not None]
    rules += [risk.when for risk in playbook.risks.values()]
    return [r for r in rules if "(" not in r.text and "[" not in r.text]


def contexts(playbook):
    """Per profile: readiness's prepared context, and the plain nested facts Jinja2 gets."""
    out = []
    for path in sorted((SET / "examples").glob("*.yaml")):
        profile = load_profile(path, playbook)
        nested = dict(profile.data.get("facts", {}), institution=profile.data["institution"], params=playbook.params)
        out.append((rule_context(profile.data, playbook.params), nested))
    return out


def timed(fn, rounds: int) -> float:
    samples = []
    for _ in range(5):
        start = time.perf_counter()
        for _ in range(rounds):
            fn()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=200)
    args = parser.parse_args()
    playbook = load_playbook(SET)
    ctxs = contexts(playbook)
    env = SandboxedEnvironment()
    pairs = []
    for rule in collect(playbook):
        expr = env.compile_expression(rule.text.replace("true", "True").replace("false", "False"), undefined_to_none=True)
        try:
            for _, nested in ctxs:
                expr(**nested)
        except Exception:
            continue  # a fact missing in some profile: Jinja2 raises where readiness says UNKNOWN
        pairs.append((rule, expr))
    evaluations = len(pairs) * len(ctxs) * args.rounds

    def ours() -> None:
        for rule, _ in pairs:
            for ctx, _ in ctxs:
                rule.fn(ctx)

    def jinja() -> None:
        for _, expr in pairs:
            for _, nested in ctxs:
                expr(**nested)

    # same answers where both decide
    for rule, expr in pairs:
        for ctx, nested in ctxs:
            mine = rule.fn(ctx)
            if mine is not UNKNOWN:
                assert bool(expr(**nested)) == mine, rule.text
    t_ours, t_jinja = timed(lambda: ours(), args.rounds), timed(lambda: jinja(), args.rounds)
    print(f"rules compared: {len(pairs)} x {len(ctxs)} profiles x {args.rounds} rounds = {evaluations} evaluations")
    print(f"readiness compiled rules: {t_ours / evaluations * 1e6:.3f} µs per evaluation")
    print(f"jinja2 sandboxed exprs:   {t_jinja / evaluations * 1e6:.3f} µs per evaluation")
    print(f"speed-up: {t_jinja / t_ours:.1f}x (target >= 50x)")


if __name__ == "__main__":
    main()
