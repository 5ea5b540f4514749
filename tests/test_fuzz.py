"""Property tests with Hypothesis: the loader, the rule compiler and the planner on generated inputs.

Each property runs a bounded number of examples (no deadline), so the file takes seconds;
the last test prints how many examples ran in all.
"""
from __future__ import annotations

import ast
import math
import random
import shutil
import tempfile
from collections import Counter
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import MINI, bundled_type_env
from readiness import rules
from readiness.errors import ReadinessError
from readiness.engine.plan import make_plan
from readiness.load.playbook import load_playbook
from readiness.model import Profile
from readiness.rules import UNKNOWN, RuleError, compile_rule, prepare
from readiness.io.files import decode
from readiness.io.yaml import Document, load_text

RUNS: Counter[str] = Counter()
FAST = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SLOW = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

# -- (1) the YAML loader ------------------------------------------------------------------
YAMLISH = st.lists(st.sampled_from(list("-:{}[],&*!|>'\"#?%@`\\\n\t ~abcxyz019.") + ["true", "null", "<<", "---", "!!python/",
                                                                                   "  ", "\n- ", ": ", "&a ", "*a"]),
                   max_size=120).map("".join)


def _load(text: str) -> None:
    try:
        doc = load_text(text, "f.yaml")
    except ReadinessError as exc:  # UsageError is a ReadinessError too
        assert exc.diagnostics and all(d.code.startswith("Y") for d in exc.diagnostics)
        assert all(d.line >= 1 and d.col >= 1 for d in exc.diagnostics)
        return
    assert doc.data is not None
    for path in doc.locations:
        assert doc.where(path)[0] >= 1


@FAST
@given(st.text(max_size=300))
def test_loader_on_any_text(text: str) -> None:
    RUNS["loader"] += 1
    _load(text)


@FAST
@given(YAMLISH)
def test_loader_on_yaml_like_text(text: str) -> None:
    RUNS["loader"] += 1
    _load(text)


@FAST
@given(st.binary(max_size=300))
def test_loader_on_any_bytes(raw: bytes) -> None:
    RUNS["loader"] += 1
    try:
        text = decode(raw, "f.yaml")
    except ReadinessError as exc:
        assert [d.code for d in exc.diagnostics] == ["Y002"]
        return
    _load(text)


# -- (2) the rule compiler ---------------------------------------------------------------
ENV = dict(bundled_type_env())


@FAST
@given(st.one_of(st.text(max_size=120), st.lists(st.sampled_from(list("()[]+-*/<>=!., '\"_0123456789") + [
    " and ", " or ", "not ", " in ", "staff.teaching", "digital.lms", "'moodle'", "rooms.area_m2", "count", "known",
    "sum", "__class__", "lambda"]), max_size=40).map("".join)))
def test_rule_compiler_on_any_text(text: str) -> None:
    RUNS["rules-text"] += 1
    try:
        rule = compile_rule(text, ENV)
    except RuleError as exc:
        assert exc.code in ("E001", "E002", "E003", "E004", "E005") and exc.hint
        return
    assert rule(prepare({})) in (True, False, UNKNOWN)


NUMBER_FACTS = ("staff.teaching", "students.total", "staff.low_ict_skills_share")
BOOL_FACTS = ("digital.avn", "documents.staffing_table")
LMS = ("none", "moodle", "avn", "google_classroom", "other")


@dataclass(frozen=True)
class Node:
    """A generated, well-typed rule: ``op`` and its arguments; rendered to text, evaluated by ``ref``."""

    op: str
    args: tuple[Any, ...] = ()

    def text(self) -> str:
        a = [x.text() if isinstance(x, Node) else x for x in self.args]
        if self.op in ("fact", "const"):
            return repr(a[0]) if isinstance(a[0], str) and self.op == "const" else str(a[0]).lower() if isinstance(a[0], bool) else str(a[0])
        if self.op in ("+", "-", "*", "/", "and", "or", "<", "<=", ">", ">=", "==", "!="):
            return f"({a[0]} {self.op} {a[1]})"
        if self.op == "neg":
            return f"(-{a[0]})"
        if self.op == "not":
            return f"(not {a[0]})"
        if self.op == "lms":
            return f"(digital.lms {'in' if a[1] else 'not in'} {list(a[0])!r})"
        if self.op in ("min2", "max2"):
            return f"{self.op[:3]}({a[0]}, {a[1]})"
        if self.op in ("any", "all", "count"):
            return f"{self.op}(rooms.area_m2 {a[0]} {a[1]})"
        if self.op in ("sum", "minl", "maxl"):
            return f"{self.op[:3]}(rooms.area_m2)"
        if self.op == "known":
            return f"known({a[0]})"
        return f"{self.op}({a[0]})"  # floor, ceil, round, abs


def numbers() -> st.SearchStrategy[Node]:
    leaf = st.one_of(
        st.builds(lambda v: Node("const", (v,)), st.integers(-1000, 1000) | st.floats(-1e6, 1e6, allow_nan=False).map(lambda f: round(f, 3))),
        st.sampled_from(NUMBER_FACTS).map(lambda f: Node("fact", (f,))),
        st.sampled_from(["sum", "minl", "maxl"]).map(lambda op: Node(op)),
        st.builds(lambda c, t: Node("count", (c, t)), st.sampled_from([">", ">=", "<"]), st.integers(0, 100)),
    )
    return st.recursive(leaf, lambda inner: st.one_of(
        st.builds(lambda op, a, b: Node(op, (a, b)), st.sampled_from(["+", "-", "*", "/", "min2", "max2"]), inner, inner),
        st.builds(lambda op, a: Node(op, (a,)), st.sampled_from(["neg", "floor", "ceil", "round", "abs"]), inner),
    ), max_leaves=12)


def conditions() -> st.SearchStrategy[Node]:
    leaf = st.one_of(
        st.booleans().map(lambda b: Node("const", (b,))),
        st.sampled_from(BOOL_FACTS).map(lambda f: Node("fact", (f,))),
        st.builds(lambda op, a, b: Node(op, (a, b)), st.sampled_from(["<", "<=", ">", ">=", "==", "!="]), numbers(), numbers()),
        st.builds(lambda vs, pos: Node("lms", (tuple(vs), pos)), st.lists(st.sampled_from(LMS), min_size=1, max_size=3, unique=True), st.booleans()),
        st.builds(lambda op, c, t: Node(op, (c, t)), st.sampled_from(["any", "all"]), st.sampled_from([">", "<="]), st.integers(0, 100)),
        st.sampled_from(NUMBER_FACTS + BOOL_FACTS + ("rooms.area_m2",)).map(lambda f: Node("known", (f,))),
    )
    return st.recursive(leaf, lambda inner: st.one_of(
        st.builds(lambda op, a, b: Node(op, (a, b)), st.sampled_from(["and", "or"]), inner, inner),
        inner.map(lambda a: Node("not", (a,))),
    ), max_leaves=10)


U = UNKNOWN


def _fact(facts: dict[str, Any], path: str) -> Any:
    group, name = path.split(".")
    value = (facts.get(group) or {}).get(name)
    return U if value is None else value


def _areas(facts: dict[str, Any]) -> Any:
    if facts.get("rooms") is None:
        return U
    return [U if r.get("area_m2") is None else r["area_m2"] for r in facts["rooms"]]


@dataclass(frozen=True)
class I:
    """A partly known number, [lo, hi], in the reference's own plain interval arithmetic."""

    lo: float
    hi: float


def _i(x: Any) -> I:
    return x if isinstance(x, I) else I(x, x)


def _norm(lo: float, hi: float) -> Any:
    if math.isnan(lo) or math.isnan(hi) or (lo == -math.inf and hi == math.inf):
        return U
    return lo if lo == hi else I(lo, hi)


def _mul(a: float, b: float) -> float:
    return 0.0 if a == 0 or b == 0 else a * b


def _interval_op(op: str, a: Any, b: Any = None) -> Any:
    x = _i(a)
    y = _i(b) if b is not None else None
    if op == "+":
        return _norm(x.lo + y.lo, x.hi + y.hi)
    if op == "-":
        return _norm(x.lo - y.hi, x.hi - y.lo)
    if op == "*":
        ps = [_mul(p, q) for p in (x.lo, x.hi) for q in (y.lo, y.hi)]
        return _norm(min(ps), max(ps))
    if op == "/":
        if y.lo <= 0 <= y.hi:
            return U
        return _interval_op("*", x, _norm(1 / y.hi, 1 / y.lo))
    if op in ("min2", "max2"):
        pick = min if op == "min2" else max
        return _norm(pick(x.lo, y.lo), pick(x.hi, y.hi))
    if op == "neg":
        return _norm(-x.hi, -x.lo)
    if op == "abs":
        return x if x.lo >= 0 else _norm(-x.hi, -x.lo) if x.hi <= 0 else _norm(0, max(-x.lo, x.hi))
    end = {"floor": FLOOR, "ceil": CEIL, "round": round}[op]
    return _norm(*(v if math.isinf(v) else end(v) for v in (x.lo, x.hi)))


def _interval_cmp(op: str, a: Any, b: Any) -> Any:
    x, y = _i(a), _i(b)
    true = {"<": x.hi < y.lo, "<=": x.hi <= y.lo, ">": x.lo > y.hi, ">=": x.lo >= y.hi,
            "==": x.lo == x.hi == y.lo == y.hi, "!=": x.hi < y.lo or x.lo > y.hi}[op]
    false = {"<": x.lo >= y.hi, "<=": x.lo > y.hi, ">": x.hi <= y.lo, ">=": x.hi < y.lo,
             "==": x.hi < y.lo or x.lo > y.hi, "!=": x.lo == x.hi == y.lo == y.hi}[op]
    return True if true else False if false else U


def _num(fn: Any, *xs: Any) -> Any:
    if any(x is U for x in xs):
        return U
    try:
        return fn(*xs)
    except (OverflowError, ValueError, ZeroDivisionError):
        return U


def _as_counted(whole: Any) -> Any:
    """floor or ceil as docs/rules.md says a person counts: a float within 1e-9 (relative, at least
    absolute) of a whole number is that number, so 45 * 0.7 / 2.25 floors to 14."""
    def run(x: Any) -> Any:
        if isinstance(x, float) and math.isfinite(x) and abs(x - round(x)) <= 1e-9 * max(1.0, abs(x)):
            return int(round(x))
        return whole(x)
    return run


FLOOR, CEIL = _as_counted(math.floor), _as_counted(math.ceil)

CMP = {"<": lambda a, b: a < b, "<=": lambda a, b: a <= b, ">": lambda a, b: a > b, ">=": lambda a, b: a >= b,
       "==": lambda a, b: a == b, "!=": lambda a, b: a != b}
ARITH = {"+": lambda a, b: a + b, "-": lambda a, b: a - b, "*": lambda a, b: a * b, "/": lambda a, b: a / b,
         "min2": min, "max2": max, "neg": lambda a: -a, "floor": FLOOR, "ceil": CEIL, "round": round, "abs": abs}


def ref(node: Node, facts: dict[str, Any]) -> Any:
    """The reference evaluator: the documented semantics, written plainly (Kleene logic for and/or/not)."""
    op, args = node.op, node.args
    if op == "const":
        return args[0]
    if op == "fact":
        return _fact(facts, args[0])
    if op == "known":
        value = _areas(facts) if args[0] == "rooms.area_m2" else _fact(facts, args[0])
        return not (value is U or (isinstance(value, list) and U in value))
    if op == "and" or op == "or":
        a, b = ref(args[0], facts), ref(args[1], facts)
        decisive = op == "or"
        if a is decisive or b is decisive:
            return decisive
        return U if U in (a, b) else not decisive
    if op == "not":
        a = ref(args[0], facts)
        return U if a is U else not a
    if op == "lms":
        value = _fact(facts, "digital.lms")
        return U if value is U else (value in args[0]) == args[1]
    if op in CMP:
        a, b = ref(args[0], facts), ref(args[1], facts)
        if isinstance(a, I) or isinstance(b, I):
            return U if U in (a, b) else _interval_cmp(op, a, b)
        return _num(CMP[op], a, b)
    if op in ARITH:
        values = [ref(a, facts) for a in args]
        if any(isinstance(v, I) for v in values):
            return U if U in values else _num(lambda *vs: _interval_op(op, *vs), *values)
        return _num(ARITH[op], *values)
    areas = _areas(facts)
    if areas is U:
        return U
    if op in ("any", "all", "count"):  # Kleene: decided by the known items where they decide it
        marks = [U if a is U else CMP[args[0]](a, args[1]) for a in areas]
        true, unknown = sum(1 for m in marks if m is True), sum(1 for m in marks if m is U)
        if op == "count":
            return I(true, true + unknown) if unknown else true
        if op == "any":
            return True if true else U if unknown else False
        return False if len(marks) - true - unknown else U if unknown else True
    if op == "sum":
        return U if U in areas else sum(areas)
    known = [a for a in areas if a is not U]
    if not known:
        return U
    best = (min if op == "minl" else max)(known)
    if len(known) < len(areas):  # an unknown room may be anything: bounded on one side only
        return I(-math.inf, best) if op == "minl" else I(best, math.inf)
    return best


def facts_strategy() -> st.SearchStrategy[dict[str, Any]]:
    maybe_num = st.none() | st.integers(-50, 500) | st.floats(-10, 10, allow_nan=False, allow_infinity=False) | st.just(0)
    return st.fixed_dictionaries({
        "staff": st.none() | st.fixed_dictionaries({"teaching": maybe_num, "low_ict_skills_share": maybe_num}),  # ~ for a group
        "students": st.fixed_dictionaries({"total": maybe_num}),
        "digital": st.fixed_dictionaries({"avn": st.none() | st.booleans(), "lms": st.none() | st.sampled_from(LMS)}),
        "documents": st.fixed_dictionaries({"staffing_table": st.none() | st.booleans()}),
        "rooms": st.none() | st.lists(st.fixed_dictionaries({"area_m2": st.none() | st.integers(0, 120) | st.floats(0, 120)}), max_size=4),
    })


def same(a: Any, b: Any) -> bool:
    if hasattr(a, "lo") or hasattr(b, "lo"):  # partly known numbers: the same bounds
        return hasattr(a, "lo") and hasattr(b, "lo") and (a.lo, a.hi) == (b.lo, b.hi)
    if a is U or b is U:
        return a is b
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b):
        return True
    return bool(a == b) and isinstance(a, bool) == isinstance(b, bool)


OTHERS = ["staff.teaching > 10", "students.total >= staff.teaching * 2 or digital.avn", "not documents.staffing_table",
          "known(students.total) and digital.lms in ['moodle']"]


def together(rule: Any, ctx: dict[str, Any]) -> Any:
    """The rule's value as the engine decides it: in a rule set with others that read the same
    facts (see readiness.rules.ruleset), or on its own when it is not in the set or the set's
    code met arithmetic with no answer."""
    ruleset = rules.compile_ruleset([*(compile_rule(t, ENV, rules.BOOL) for t in OTHERS), rule])
    values = ruleset(ctx)
    for member, value in zip(ruleset.rules, values or ()):
        if member is rule:
            return value
    return rule(ctx)


def _both(text: str, expect: str) -> tuple[Any, Any]:
    """The rule compiled as in production (generated code) and as the checker's closures alone."""
    rule = compile_rule(text, ENV, expect)
    checker = rules.checker.Checker(ENV)
    _, closures = checker.compile(ast.parse(text, mode="eval").body)
    return rule, closures


@SLOW
@given(conditions(), facts_strategy())
def test_compiled_conditions_match_the_reference(node: Node, facts: dict[str, Any]) -> None:
    RUNS["rules-conditions"] += 1
    text = node.text()
    try:
        rule, closures = _both(text, rules.BOOL)
    except RuleError as exc:  # generated rules are well-typed; only the size limits may refuse them
        assert exc.code == "E004", (text, exc.message)
        return
    ctx = prepare(facts)
    expected = ref(node, facts)
    RUNS["rules-evaluated"] += 1
    assert same(rule(ctx), expected), (text, facts, rule(ctx), expected)
    assert same(closures(ctx), expected), (text, facts, closures(ctx), expected)
    assert same(together(rule, ctx), expected), (text, facts, together(rule, ctx), expected)


@SLOW
@given(numbers(), facts_strategy())
def test_compiled_numbers_match_the_reference(node: Node, facts: dict[str, Any]) -> None:
    RUNS["rules-numbers"] += 1
    text = node.text()
    try:
        rule, closures = _both(text, rules.NUMBER)
    except RuleError as exc:
        assert exc.code == "E004", (text, exc.message)
        return
    ctx = prepare(facts)
    expected = ref(node, facts)
    RUNS["rules-evaluated"] += 1
    assert same(rule(ctx), expected), (text, facts, rule(ctx), expected)
    assert same(closures(ctx), expected), (text, facts, closures(ctx), expected)
    assert same(together(rule, ctx), expected), (text, facts, together(rule, ctx), expected)


# numbers at the edges: the largest and smallest floats, a subnormal, minus zero, integers past
# 2**53 and past any float; the generated code must give what the closures give, never raise
EDGE_NUMBERS = st.sampled_from([0, -0.0, 1, -1, 10**12, -10**12, 2**53 + 1, 10**15, 10**400, -10**400, 1e308, -1e308,
                                1.7976931348623157e308, 5e-324, 1e-300, 0.1, 0.3]) | st.floats(allow_nan=False, allow_infinity=False)


def edge_facts_strategy() -> st.SearchStrategy[dict[str, Any]]:
    maybe_num = st.none() | EDGE_NUMBERS
    return st.fixed_dictionaries({
        "staff": st.none() | st.fixed_dictionaries({"teaching": maybe_num, "low_ict_skills_share": maybe_num}),  # ~ for a group
        "students": st.fixed_dictionaries({"total": maybe_num}),
        "digital": st.fixed_dictionaries({"avn": st.none() | st.booleans(), "lms": st.none() | st.sampled_from(LMS)}),
        "documents": st.fixed_dictionaries({"staffing_table": st.none() | st.booleans()}),
        "rooms": st.none() | st.lists(st.fixed_dictionaries({"area_m2": st.none() | EDGE_NUMBERS}), max_size=4),
    })


@SLOW
@given(st.one_of(conditions().map(lambda n: (n, rules.BOOL)), numbers().map(lambda n: (n, rules.NUMBER))), edge_facts_strategy())
def test_rules_on_numbers_at_the_edges_never_raise(typed: tuple[Node, str], facts: dict[str, Any]) -> None:
    RUNS["rules-edges"] += 1
    node, expect = typed
    text = node.text()
    try:
        rule, closures = _both(text, expect)
    except RuleError:
        return
    ctx = prepare(facts)
    try:
        expected = closures(ctx)
    except (ArithmeticError, TypeError, ValueError):
        expected = UNKNOWN  # the reference itself has no answer: the rule says unknown
    got = rule(ctx)  # never raises
    assert same(got, expected), (text, facts, got, expected)
    assert same(together(rule, ctx), expected), (text, facts, together(rule, ctx), expected)


# -- (2b) hostile profiles: numbers at the edges and control characters, through every output ----------
CONTROL = st.sampled_from(["\x1b[31m", "\x07", "\u202e", "\x9b", "\r", "\n", "\t", "\x00", "\ufeff", "=", "+", "@", "<b>", "|", "`"])
HOSTILE_TEXT = st.lists(st.one_of(CONTROL, st.text(max_size=5)), max_size=8).map("".join)
PROFILE_NUMBER = st.none() | st.integers(0, 10_000) | st.floats(0, 1) | EDGE_NUMBERS | st.integers(-10, 10**13)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(HOSTILE_TEXT, HOSTILE_TEXT, PROFILE_NUMBER, PROFILE_NUMBER, PROFILE_NUMBER)
def test_hostile_profiles_are_refused_or_rendered_safely(name: str, note: str, teaching: Any, share: Any, area: Any) -> None:
    import json as jsonlib

    import yaml

    from readiness.load.profile import check_profile
    from readiness.reports import build_report
    from readiness.render.registry import render
    from readiness.safetext import is_safe

    RUNS["hostile-profiles"] += 1
    data = {"profile_version": 1, "institution": {"id": "x", "name": name or "x", "type": "secondary"},
            "term_start": "2020-09-01", "scenarios": ["blended"],
            "facts": {"staff": {"teaching": teaching, "low_ict_skills_share": share}, "rooms": [{"id": "1", "area_m2": area}]},
            "progress": {"hr.staffing": {"status": "in_progress", "note": note}}}
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "p.yaml"
        path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
        profile, found = check_profile(path, PLAYBOOK)
    for d in found:
        assert is_safe(d.format()) and "\n" not in d.format()
    if profile is None:
        return
    RUNS["hostile-profiles-rendered"] += 1
    for kind, options in (("plan", {"scenario": "blended", "today": date(2020, 8, 10)}), ("gaps", {})):
        report = build_report(kind, PLAYBOOK, profile, "en", **options)
        for fmt in ("md", "json", "csv", "html") + (("ics", "xlsx") if kind == "plan" else ()):
            out = render(kind, fmt, report)
            if isinstance(out, str):
                assert is_safe(out), (kind, fmt)
                if fmt == "json":
                    jsonlib.loads(out, parse_constant=lambda c: pytest.fail(f"{c} in JSON"))
            else:
                out.decode("utf-8") if fmt in ("csv", "ics") else None


@FAST
@given(st.text(max_size=60) | HOSTILE_TEXT)
def test_safe_text_leaves_nothing_to_act_on(text: str) -> None:
    from readiness.safetext import is_safe, safe_text

    RUNS["safe-text"] += 1
    shown = safe_text(text, one_line=True)
    assert is_safe(shown) and "\n" not in shown and "\t" not in shown
    assert safe_text(shown, one_line=True) == shown
    shown.encode("utf-8")  # no lone surrogate left


PLAYBOOK = load_playbook(MINI)


# -- (3) the planner ------------------------------------------------------------------
SCENARIOS = ("distance", "blended", "traditional")
WHEN = ("digital.avn", "not digital.avn", "staff.teaching > 10", "students.total >= 100", "documents.staffing_table")


@st.composite
def playbooks(draw: Any) -> list[dict[str, Any]]:
    """Tasks of a random DAG: each may depend on tasks before it."""
    n = draw(st.integers(1, 18))
    tasks = []
    for i in range(n):
        tasks.append({
            "id": f"t.{i:02d}",
            "depends_on": sorted(set(draw(st.lists(st.integers(0, i - 1), max_size=3)))) if i else [],
            "duration": draw(st.integers(1, 10)),
            "due": draw(st.integers(-60, 10)),
            "scenarios": sorted(set(draw(st.lists(st.sampled_from(SCENARIOS), min_size=1, max_size=3)))),
            "when": draw(st.none() | st.sampled_from(WHEN)),
        })
    return tasks


def _task_yaml(t: dict[str, Any]) -> str:
    deps = ", ".join(f"t.{d:02d}" for d in t["depends_on"])
    when = f"    when: {t['when']}\n" if t["when"] else ""
    return (f"  - id: {t['id']}\n    title: {{ky: a, ru: b, en: c}}\n    area: hr\n    actor: abp\n"
            f"    scenarios: [{', '.join(t['scenarios'])}]\n{when}    depends_on: [{deps}]\n"
            f"    duration: {t['duration']}\n    due: {t['due']}\n    source: [HR-T1]\n")


def write_set(tasks: list[dict[str, Any]], root: Path, seed: int) -> Path:
    """The tasks as a set, split over files whose names and order depend on ``seed``."""
    shutil.copytree(MINI, root)
    (root / "tasks.yaml").unlink()
    order = list(tasks)
    rng = random.Random(seed)
    rng.shuffle(order)
    files = rng.randint(1, 4)
    for k in range(files):
        chunk = order[k::files]
        if chunk:
            (root / f"{rng.choice('abcxyz')}{k}-{seed}.yaml").write_text("tasks:\n" + "".join(map(_task_yaml, chunk)), encoding="utf-8")
    return root


def profile_of(facts: dict[str, Any], done: list[str]) -> Profile:
    data = {"profile_version": 1, "institution": {"id": "x", "name": "X", "type": "higher"},
            "term_start": "2020-09-01", "scenarios": list(SCENARIOS), "facts": facts,
            "progress": {tid: {"status": "done"} for tid in done}}
    return Profile(Document("p.yaml", data))


PLAN_FACTS = st.fixed_dictionaries({
    "digital": st.fixed_dictionaries({"avn": st.none() | st.booleans()}),
    "staff": st.fixed_dictionaries({"teaching": st.none() | st.integers(0, 30)}),
    "students": st.fixed_dictionaries({"total": st.none() | st.integers(0, 300)}),
    "documents": st.fixed_dictionaries({"staffing_table": st.none() | st.booleans()}),
})


def summary(plan: Any) -> list[tuple[Any, ...]]:
    return [(t.id, t.wave, t.depends_on, t.latest_start, t.latest_finish, t.earliest_finish, t.slack, tuple(t.flags))
            for t in plan.tasks]


def effective_deps(playbook: Any, plan: Any, tid: str) -> set[str]:
    """Written again from the rule in docs/playbook-format.md: skipped tasks pass their dependencies on."""
    planned = {t.id for t in plan.tasks}
    states = plan.assessment.tasks
    out, stack, seen = set(), list(playbook.tasks[tid].depends_on), set()
    while stack:
        dep = stack.pop()
        if dep in seen:
            continue
        seen.add(dep)
        if dep in planned:
            out.add(dep)
        elif states[dep].state in ("not_applicable", "not_in_scenario"):
            stack.extend(playbook.tasks[dep].depends_on)
    return out


@SLOW
@given(playbooks(), PLAN_FACTS, st.sampled_from(SCENARIOS), st.data())
def test_plans_respect_dependencies_progress_and_file_order(tasks: list[dict[str, Any]], facts: dict[str, Any],
                                                            scenario: str, data: Any) -> None:
    RUNS["planner"] += 1
    with tempfile.TemporaryDirectory() as tmp:
        one = load_playbook(write_set(tasks, Path(tmp) / "one", 1))
        two = load_playbook(write_set(tasks, Path(tmp) / "two", data.draw(st.integers(2, 10**6))))
    today = date(2020, 8, 1)
    plan = make_plan(one, profile_of(facts, []), scenario, today)
    RUNS["planner-tasks-planned"] += len(plan.tasks)
    position = {t.id: i for i, t in enumerate(plan.tasks)}
    for t in plan.tasks:
        deps = effective_deps(one, plan, t.id)
        assert set(t.depends_on) == deps
        for dep in deps:
            before = plan.tasks[position[dep]]
            assert position[dep] < position[t.id] and before.wave < t.wave
            assert before.latest_finish <= t.latest_start
    assert summary(make_plan(two, profile_of(facts, []), scenario, today)) == summary(plan)
    ids = [t["id"] for t in tasks]
    done = data.draw(st.lists(st.sampled_from(ids), max_size=len(ids), unique=True))
    later = make_plan(one, profile_of(facts, done), scenario, today)
    assert {t.id for t in later.tasks} <= {t.id for t in plan.tasks} - set(done)


def test_zz_report_examples_run(capsys: pytest.CaptureFixture[str]) -> None:
    """Runs last in this file: how many generated examples the properties above saw."""
    if not RUNS:
        pytest.skip("run with the properties above")
    with capsys.disabled():
        examples = sum(v for k, v in RUNS.items() if k in ("loader", "rules-text", "rules-conditions", "rules-numbers", "planner",
                                                           "rules-edges", "hostile-profiles", "safe-text"))
        print(f"\nfuzz examples run: {examples} ({', '.join(f'{k} {v}' for k, v in sorted(RUNS.items()))})")
    assert RUNS["rules-evaluated"] >= 100 and RUNS["planner-tasks-planned"] >= 100  # the properties were exercised
