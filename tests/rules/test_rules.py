from __future__ import annotations

import pytest

from conftest import bundled_type_env
from readiness.rules import UNKNOWN, FactType, RuleError, compile_rule, prepare

ENV = dict(bundled_type_env())
ENV["params.distance_min_m"] = FactType("number")


def run(text: str, ctx: dict, expect: str = "bool"):
    return compile_rule(text, ENV, expect)(prepare(ctx))


FACTS = {
    "staff": {"teaching": 40, "low_ict_skills_share": 0.5},
    "digital": {"lms": "moodle", "avn": False},
    "rooms": [{"id": "1", "area_m2": 45.0, "seats": 20}, {"id": "2", "area_m2": 30.0, "seats": 12}],
    "institution": {"type": "secondary"},
    "params": {"distance_min_m": 1.5},
}


@pytest.mark.parametrize("text, expected", [
    ("staff.teaching > 10", True),
    ("staff.teaching > 10 and digital.avn", False),
    ("staff.teaching > 10 or digital.avn", True),
    ("not digital.avn", True),
    ('digital.lms == "moodle"', True),
    ('digital.lms in ["none", "other"]', False),
    ('institution.type not in ["primary"]', True),
    ("count(rooms) == 2", True),
    ("sum(rooms.area_m2) == 75", True),
    ("count(rooms.area_m2 >= 40) == 1", True),
    ("sum(floor(rooms.area_m2 / (params.distance_min_m * params.distance_min_m))) == 33", True),
    ("max(rooms.seats) - min(rooms.seats) == 8", True),
    ("any(rooms.seats > 15) and not all(rooms.seats > 15)", True),
    ("1 < staff.teaching <= 40", True),
    ("-staff.teaching < 0", True),
    ("known(staff.teaching) and not known(staff.admin)", True),
])
def test_evaluation(text: str, expected: object) -> None:
    assert run(text, FACTS) is expected


@pytest.mark.parametrize("text, expected", [
    ("staff.admin > 3", UNKNOWN),                          # missing fact
    ("staff.admin > 3 and digital.avn", False),            # false wins over unknown in 'and'
    ("staff.admin > 3 or staff.teaching > 1", True),       # true wins over unknown in 'or'
    ("staff.admin > 3 or digital.avn", UNKNOWN),
    ("not (staff.admin > 3)", UNKNOWN),
    ("sum(rooms.length_m) > 1", UNKNOWN),                 # missing inside a list
    ("staff.teaching / 0 > 1", UNKNOWN),                   # division by zero is not an answer
])
def test_unknown_logic(text: str, expected: object) -> None:
    assert run(text, FACTS) is expected


def test_missing_names_the_facts() -> None:
    rule = compile_rule("staff.admin > 3 or students.total > 5", ENV)
    assert rule.missing(prepare(FACTS)) == ["staff.admin", "students.total"]
    assert rule.paths == ("staff.admin", "students.total")


def test_a_number_rule() -> None:
    assert run("ceil(staff.teaching / 3)", FACTS, "number") == 14


UNSAFE = [
    "__import__('os').system('echo pwned')",
    "staff.__class__",
    "staff.teaching.__class__.__mro__",
    "().__class__.__bases__[0].__subclasses__()",
    "(lambda: 1)()",
    "[x for x in rooms]",
    "f'{staff.teaching}'",
    "open('/etc/passwd')",
    "eval('1')",
    "getattr(staff, 'teaching')",
    "9**9**9",
    "staff.teaching ** 2 > 1",
    "rooms[0].area_m2 > 1",
    "staff.teaching if true else 0",
    "(x := 1)",
    "staff.teaching.bit_length() > 1",
    "{'a': 1}",
    "_secret > 1",
    "staff.teaching > 1e400",
    "1 " + "+ 1 " * 600 + "> 0",
    "(" * 400 + "1" + ")" * 400 + " > 0",
    "staff.teaching is 1",
    "staff.teaching % 2 == 0",
]


@pytest.mark.parametrize("text", UNSAFE)
def test_unsafe_expressions_are_rejected_without_running(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    import builtins

    def trap(*_args: object, **_kw: object) -> None:
        raise AssertionError("a rule reached Python's eval/exec")

    monkeypatch.setattr(builtins, "eval", trap)
    monkeypatch.setattr(builtins, "exec", trap)
    with pytest.raises(RuleError) as exc:
        compile_rule(text, ENV)
    assert exc.value.code in ("E001", "E002", "E003", "E004", "E005")


@pytest.mark.parametrize("text, code, hint", [
    ("staff.teachng > 1", "E002", "staff.teaching"),
    ("digital.lms == 'moodel'", "E003", "moodle"),
    ("staff.teaching > 'many'", "E003", ""),
    ("staff.teaching and true", "E003", ""),
    ("cnt(rooms) > 1", "E005", "count"),
    ("staff.teaching >", "E001", ""),
    ("sum(staff.teaching) > 1", "E003", ""),
    ("digital.lms", "E003", ""),
])
def test_rule_errors(text: str, code: str, hint: str) -> None:
    with pytest.raises(RuleError) as exc:
        compile_rule(text, ENV)
    assert exc.value.code == code
    assert hint in exc.value.hint


def test_offset_points_into_the_rule() -> None:
    with pytest.raises(RuleError) as exc:
        compile_rule("staff.teaching > 1 and staff.teachng > 2", ENV)
    assert exc.value.offset == len("staff.teaching > 1 and ")


@pytest.mark.parametrize("text", [
    "staff.teaching > 10 and not digital.avn",          # one generated function: its code is stored
    "count(rooms.area_m2 >= 40) == 1",                  # reads through a list: compiled again on load
])
def test_rules_survive_the_playbook_cache(text: str) -> None:
    import pickle

    rule = compile_rule(text, ENV)
    again = pickle.loads(pickle.dumps(rule))
    assert again.text == rule.text and again.paths == rule.paths
    ctx = prepare(FACTS)
    assert again(ctx) is rule(ctx) is True
    assert again(prepare({})) is rule(prepare({})) is UNKNOWN
