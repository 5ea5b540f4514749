"""Every fast path against its reference, on the example files and the bad-input corpus.

- the plain YAML loader (no positions) against the positioned loader;
- the fast schema pre-check against jsonschema;
- generated rule code against the checker's closures.
A fast path may decline (the plain loader returns None, the pre-check says "not sure"), but
what it does decide must be what the reference decides.
"""
from __future__ import annotations

import ast
import codecs
import json
import tempfile
from pathlib import Path
from typing import Any, Iterator

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import BUNDLED, FIXTURES, MINI, ROOT, bundled_type_env
from test_bad_inputs import CASES, prepare
from readiness.engine.evaluate import rule_context
from readiness.errors import ReadinessError
from readiness.io.yaml import load_file, load_plain
from readiness.load.facts import schema_name
from readiness.load.playbook import load_playbook
from readiness.load.profile import apply_defaults
from readiness.rules import UNKNOWN
from readiness.rules.bounds import Bounds
from readiness.rules.checker import Checker
from readiness.schema.check import validator
from readiness.schema.fast import is_valid

EXAMPLE_FILES = sorted({*BUNDLED.rglob("*.yaml"), *FIXTURES.rglob("*.yaml")})
SMALL_CASES = [c for c in CASES if "generate" not in (yaml.safe_load((ROOT / "tests" / "bad" / c / "patch.yaml").read_text(encoding="utf-8"))
                                                       if (ROOT / "tests" / "bad" / c / "patch.yaml").is_file() else {}) or {}]


def _corpus_files(tmp: Path) -> Iterator[Path]:
    """Every YAML file the small bad-input cases give a command (the huge generated ones are left out)."""
    for i, case in enumerate(SMALL_CASES):
        paths = prepare(case, tmp / str(i))
        yield from sorted(Path(paths["set"]).rglob("*.y*ml"))
        profile = Path(paths["profile"])
        if profile.is_file():
            yield profile


def _schemas_of(data: Any, path: Path) -> list[str]:
    """A playbook file's schema, a test file's; a profile's: the shared part, and the whole schema of
    the set it lies in (else the bundled set's; the mini set's is the same: it has the bundled facts)."""
    is_profile = isinstance(data, dict) and ("profile_version" in data or "institution" in data or path.parent.name == "examples")
    if isinstance(data, dict) and "cases" in data:
        return ["test"]  # a set's test file (readiness test)
    if not is_profile:
        return ["playbook"]
    home = next((d for d in path.parents if (d / "manifest.yaml").is_file()), BUNDLED)
    try:
        return ["profile", schema_name(load_playbook(home))]
    except ReadinessError:  # an example of a broken set of the bad corpus
        return ["profile", schema_name(load_playbook(BUNDLED))]


def _check_plain_and_schema(path: Path) -> tuple[bool, bool]:
    """(plain loader decided, pre-check decided) for one file; asserts each decision."""
    plain = load_plain(path)
    try:
        full = load_file(path).data
    except ReadinessError:
        assert plain is None, f"{path}: the plain loader read a file the positioned loader refuses"
        return False, False
    if plain is not None:
        assert plain == full, f"{path}: the plain loader reads other data than the positioned loader"
    decided = []
    for name in _schemas_of(full, path):
        fast = is_valid(full, name)
        if fast:
            errors = list(validator(name).iter_errors(full))
            assert not errors, f"{path}: the pre-check accepts what jsonschema rejects ({name}): {errors[0].message}"
        decided.append(fast)
    return plain is not None, decided[-1]


def test_examples_plain_loader_and_schema_pre_check_agree_with_their_references() -> None:
    decided = [_check_plain_and_schema(p) for p in EXAMPLE_FILES]
    # the fast paths do serve most examples (the plain loader leaves files with '&' or '*' to the other)
    assert sum(p for p, _ in decided) >= len(EXAMPLE_FILES) // 2
    assert sum(f for _, f in decided) >= len(EXAMPLE_FILES) - 3  # two broken aggregate inputs, one profile of an old set version


def test_bad_corpus_plain_loader_and_schema_pre_check_agree_with_their_references(tmp_path: Path) -> None:
    files = list(_corpus_files(tmp_path))
    assert len(files) > 500
    for path in files:
        _check_plain_and_schema(path)


_WORDS = st.sampled_from(["a", "b", "id", "é", "<<", "~", "", "yes", "true", "TRUE", "null", "012", "5:00", "1_000", "-7", "+3",
                          "1.5", "1e400", ".nan", ".inf", "0x1F", "2020-09-01", "=", "a: b", "- x", "#", "'", '"', "a\\nb", "\t"])
_DATA = st.recursive(_WORDS | st.integers() | st.floats(allow_nan=False) | st.booleans() | st.none(),
                     lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_WORDS, inner, max_size=4), max_leaves=20)
_YAMLISH = st.lists(st.sampled_from(["a", "b", "é", ": ", "- ", "\n", "  ", "{", "}", "[", "]", ", ", "'", '"', "!!str ", "!x ",
                                     "&a ", "*a", "<<", "~", "012", "5:00", "1.5", "true", "---\n", "? ", "|\n  ", "#"]),
                    max_size=40).map("".join)


def _plain_agrees(tmp: Path, text: str | bytes) -> None:
    path = tmp / "f.yaml"
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    plain = load_plain(path)
    if plain is None:
        return  # the plain loader may decline: the full loader decides
    try:
        full = load_file(path).data
    except ReadinessError as exc:
        raise AssertionError(f"the plain loader reads {text!r}, which the positioned loader refuses: {exc.diagnostics}") from None
    assert plain == full and type(plain) is type(full)
    # and of the same types all the way down (1, 1.0 and True are equal in Python, not in JSON)
    assert json.dumps(plain, sort_keys=True, ensure_ascii=False) == json.dumps(full, sort_keys=True, ensure_ascii=False)


_ENCODED = st.tuples(st.sampled_from([b"", codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF32_BE]),
                     _YAMLISH.map(str.encode) | _YAMLISH.map(lambda t: t.encode("utf-16-le")),
                     st.sampled_from([b"", b"\xff", b"\xed\xa0\x80", b"\xc0\xaf", b"\x00", b"\xef\xbb\xbf", b"\xe2\x80\xa8"])
                     ).map(lambda t: t[0] + t[1] + t[2])


@given(st.tuples(_DATA, st.sampled_from([None, True, False]), st.booleans()) | _YAMLISH | _ENCODED)
@settings(max_examples=600, deadline=None)
def test_plain_loader_agrees_with_the_positioned_loader_on_generated_yaml(case: Any) -> None:
    if isinstance(case, tuple):
        data, flow, unicode = case
        case = yaml.safe_dump(data, default_flow_style=flow, allow_unicode=unicode, sort_keys=False)
    with tempfile.TemporaryDirectory() as tmp:
        _plain_agrees(Path(tmp), case)


_ODD_VALUES = st.sampled_from(["", "x", "ky", "Hr.X", "2020-13-45", "2020-09-01", "08-20", "13-01", "a\n", -1, 0, 1, 400, 1.5,
                                 float(2**60), None, True, False, [], ["a", "a"], ["a", 1], {}, {"ky": ""}, {"ky": "a"},
                                 {"kyy": "a"}, {"KY": "a"}, {"ky": 1}, {"id": "a"}])


def _paths(data: Any, here: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield here
    items = data.items() if isinstance(data, dict) else enumerate(data) if isinstance(data, list) else ()
    for key, value in items:
        yield from _paths(value, here + (key,))


def _changed(data: Any, path: tuple[Any, ...], how: str, value: Any) -> Any:
    """``data`` with the value at ``path`` replaced, deleted, or given an extra key."""
    if not path:
        return value if how == "replace" else data
    head, rest = path[0], path[1:]
    copy: Any = dict(data) if isinstance(data, dict) else list(data)
    if rest or how == "replace":
        copy[head] = _changed(data[head], rest, how, value)
    elif how == "delete":
        del copy[head]
    elif isinstance(copy[head], dict):
        copy[head] = {**copy[head], "extra": value}
    return copy


_PLAYBOOK_FILES = sorted(p for p in BUNDLED.glob("*.yaml"))


@given(st.sampled_from(_PLAYBOOK_FILES), st.integers(0, 10**6), st.sampled_from(["replace", "delete", "add"]), _ODD_VALUES)
@settings(max_examples=500, deadline=None)
def test_schema_pre_check_never_accepts_what_jsonschema_rejects_on_changed_files(path: Path, pick: int, how: str,
                                                                                   value: Any) -> None:
    """One value of a bundled file changed: where the pre-check clears the file, jsonschema must too."""
    data = load_file(path).data
    paths = list(_paths(data))
    changed = _changed(data, paths[pick % len(paths)], how, value)
    if is_valid(changed, "playbook"):
        errors = list(validator("playbook").iter_errors(changed))
        assert not errors, f"the pre-check accepts what jsonschema rejects: {errors[0].message}"


def same(a: Any, b: Any) -> bool:
    """The same rule value: UNKNOWN, a partly known number with the same bounds, equal items."""
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    if isinstance(a, Bounds) or isinstance(b, Bounds):
        return isinstance(a, Bounds) and isinstance(b, Bounds) and (a.lo, a.hi) == (b.lo, b.hi)
    if a is UNKNOWN or b is UNKNOWN or isinstance(a, bool) or isinstance(b, bool):
        return a is b
    return bool(a == b)


def _contexts() -> Iterator[tuple[str, dict[str, Any]]]:
    """Rule contexts from every example and fixture profile of the bundled set, plus the
    same profiles with each fact group written as ~ (unknown)."""
    playbook = load_playbook(BUNDLED)
    for path in sorted((BUNDLED / "examples").glob("*.yaml")) + sorted((FIXTURES / "aggregate").glob("*.yaml")):
        data = load_file(path).data
        apply_defaults(data, playbook)
        yield path.name, rule_context(data, playbook.params)
        for group in sorted(data.get("facts") or {}):
            blank = {**data, "facts": {**data["facts"], group: None}}
            yield f"{path.name} without {group}", rule_context(blank, playbook.params)


@pytest.mark.parametrize("set_dir", [BUNDLED, MINI], ids=["bundled", "mini"])
def test_generated_rule_code_agrees_with_the_closures(set_dir: Path) -> None:
    playbook = load_playbook(set_dir)
    rules = [r for t in playbook.tasks.values() for r in (t.when, t.done_when) if r is not None]
    rules += [r.when for r in playbook.risks.values()] + [q.measure for q in playbook.requirements.values()]
    rules += [d.rule for d in playbook.derived]
    assert rules
    env = dict(rules[0].env)
    for r in rules:
        env.update(dict(r.env))
    closures = {}
    for rule in rules:
        checker = Checker({**env, **{k: v for k, v in rule.env}})
        closures[rule.text] = checker.compile(ast.parse(" ".join(rule.text.split("\n")).strip(), mode="eval").body)[1]
    generated = sum(1 for r in rules if r.fn.__code__.co_name == "_rule")
    assert generated >= len(rules) * 0.9  # nearly every rule runs as generated code
    for name, ctx in _contexts():
        for d in playbook.derived:  # derived values first: later rules read them
            ctx["derived." + d.id] = ctx["derived"][d.id] = d.rule(ctx)
        for rule in rules:
            fast, reference = rule(ctx), closures[rule.text](ctx)
            assert same(fast, reference), f"{name}: {rule.text!r} gives {fast!r} as generated code and {reference!r} as closures"


@pytest.mark.parametrize("text", ["known(staff)", "known(staff.teaching)", "not known(rooms)", "known(digital) and digital.avn"])
@pytest.mark.parametrize("facts", [{"staff": None, "rooms": None, "digital": None}, {"staff": {}, "rooms": [], "digital": {"avn": True}},
                                   {"staff": {"teaching": None}}, {}], ids=["groups-written-~", "groups-empty", "fact-written-~", "nothing"])
def test_known_of_a_group_written_as_unknown_is_the_same_in_generated_code_and_closures(text: str, facts: dict[str, Any]) -> None:
    from readiness.rules import compile_rule, prepare

    rule = compile_rule(text, dict(bundled_type_env()))
    checker = Checker(dict(bundled_type_env()))
    reference = checker.compile(ast.parse(text, mode="eval").body)[1]
    ctx = prepare(dict(facts))
    fast, slow = rule(ctx), reference(ctx)
    assert same(fast, slow), (fast, slow)


def test_one_reading_for_two_sets_agrees_with_a_reading_per_set(tmp_path: Path) -> None:
    """impact's check_profile_for (one reading shared by base and head) against check_profile per
    set, on every profile of the examples and the corpus, with a head whose tasks differ."""
    from readiness.load.profile import check_profile, check_profile_for

    base = load_playbook(BUNDLED)
    head_dir = tmp_path / "head"
    import shutil

    shutil.copytree(BUNDLED, head_dir)
    for element_file in head_dir.glob("*.yaml"):  # a task renamed in the set, not in the profiles' progress
        text = element_file.read_text(encoding="utf-8")
        element_file.write_text(text.replace("ors.programme", "ors.programme-2"), encoding="utf-8")
    head = load_playbook(head_dir)
    profiles = [p for p in [*EXAMPLE_FILES, *_corpus_files(tmp_path / "corpus")]
                if p.is_file() and p.suffix in (".yaml", ".yml") and b"profile_version" in p.read_bytes()[:4000]]
    assert len(profiles) > 50
    shared = 0
    for path in profiles:
        try:
            together = check_profile_for(path, [base, head])
            apart = [check_profile(path, pb) for pb in (base, head)]
        except ReadinessError:
            continue  # a usage error (a folder, a missing file): the same either way, and not this test's
        for (p1, f1), (p2, f2) in zip(together, apart):
            assert (p1 is None) == (p2 is None) and f1 == f2, path
            assert p1 is None or p1.data == p2.data, path
        shared += together[0][0] is not None and together[0][0] is together[1][0]
    assert shared >= 4  # the valid examples took the one reading


def _reports() -> Any:
    text = st.text(max_size=40)
    leaves = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True, allow_infinity=True), text)
    return st.recursive(leaves, lambda kids: st.one_of(st.lists(kids, max_size=4),
                                                       st.dictionaries(text, kids, max_size=4)), max_leaves=20)


@given(_reports())
@settings(max_examples=400, deadline=None)
def test_safe_data_fast_check_agrees_with_the_walk(value: Any) -> None:
    """safe_data's one-pass check (the C JSON encoder and a search) against the walk it skips:
    whatever it returns as it is, the walk would have returned equal."""
    import json as _json

    from readiness.safetext import _safe_data, safe_data

    fast, walked = safe_data(value), _safe_data(value)
    # compared as JSON text: a NaN left in place shows as NaN, where the walk gives null
    assert _json.dumps(fast, ensure_ascii=False, sort_keys=True) == _json.dumps(walked, ensure_ascii=False, sort_keys=True)


_PLAIN_WORDS = st.sampled_from([  # what YAML 1.1 readers read as other than text, or almost
    "~", "null", "Null", "NULL", "true", "True", "TRUE", "false", "False", "FALSE", "yes", "Off", "1_000", "0x1F", "012",
    "1:30", "+12", "-0", "0", "1.5", "-.5", "1.", "1e3", "1.0e+3", "6.02E23", ".inf", "-.Inf", ".nan", "1_0.5", "<<", "=",
    "2020-09-01", "'quoted'", "''", "ё", "Кыргыз", "ү ө ң", "!!str 5", "!!int '7'", "&a x"])
_ODD_SCALARS = st.sampled_from(['"dq \\" x"', '"', "- a", "a: b", "[x, y]", "{a: 1}", "*a", "'1.5'", '"true"'])
_SCALARS = st.one_of(
    _PLAIN_WORDS, _PLAIN_WORDS, _PLAIN_WORDS, _ODD_SCALARS,
    st.integers(-10**20, 10**20).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.from_regex(r"[a-zA-Zа-яүөң][a-zA-Z0-9а-яүөң ._-]{0,10}", fullmatch=True).map(str.strip),
    st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=8).map(
        lambda t: "'" + t.replace("'", "''") + "'"),
)


@st.composite
def _yaml_texts(draw: Any) -> str:
    """Small documents of mappings and lists (block and flow), whose scalars are the forms YAML
    readers disagree on: YAML 1.1 numbers and words, tags, anchors, quotes, non-ASCII keys; most
    of them well-formed, so that the plain loader has something to read."""
    lines = []
    for i in range(draw(st.integers(1, 6))):
        key = f"k{i}" if draw(st.integers(0, 4)) else draw(st.sampled_from(["a", "ключ", "<<", "1", "true", "? x", "[k]", "k0"]))
        form = draw(st.integers(0, 3))
        if form == 0:
            lines.append(f"{key}: {draw(_SCALARS)}")
        elif form == 1:
            lines.append(f"{key}:")
            lines += [f"  - {draw(_SCALARS)}" for _ in range(draw(st.integers(0, 3)))]
        elif form == 2:
            lines.append(f"{key}: [{', '.join(draw(st.lists(_SCALARS, max_size=3)))}]")
        else:
            lines.append(f"{key}:")
            lines += [f"  {k}: {draw(_SCALARS)}" for k in draw(st.lists(st.sampled_from(["x", "y", "z"]), max_size=3))]
    if not draw(st.integers(0, 5)):
        lines.append(draw(st.sampled_from(["---", "--- x", "...", "%YAML 1.1", "#", "  bad: indent"])))
    return "\n".join(lines) + "\n"


@given(_yaml_texts())
@settings(max_examples=1000, deadline=None)
def test_the_plain_loader_reads_unquoted_yaml_11_forms_as_the_positioned_loader_does(text: str) -> None:
    """Block and flow documents whose scalars are written unquoted, as people write them (a dump
    quotes every word YAML 1.1 would read otherwise): TRUE, 012, 1_000, .inf, 1:30, <<, ..."""
    with tempfile.TemporaryDirectory() as tmp:
        _plain_agrees(Path(tmp), text)
