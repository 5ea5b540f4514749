from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from readiness.errors import ReadinessError, UsageError
from readiness.io.yaml import has_anchor_or_alias, load_file, load_text


def codes(exc: ReadinessError) -> list[tuple[str, int, int]]:
    return [(d.code, d.line, d.col) for d in exc.diagnostics]


def test_positions_of_keys_and_items() -> None:
    doc = load_text("a: 1\nlist:\n  - x\n  - {b: 2}\n", "f.yaml")
    assert doc.data == {"a": 1, "list": ["x", {"b": 2}]}
    assert doc.where(("list",)) == (2, 1)
    assert doc.where(("list", 1)) == (4, 5)
    assert doc.where(("list", 1, "b"))[0] == 4
    assert doc.where(("list", 1, "missing")) == (4, 5)  # falls back to the nearest known parent


def test_dates_stay_text_and_only_true_false_are_booleans() -> None:
    doc = load_text("d: 2020-09-01\non: yes\nflag: true\nn: 12\nf: 1.5\nnothing: ~\n", "f.yaml")
    assert doc.data == {"d": "2020-09-01", "on": "yes", "flag": True, "n": 12, "f": 1.5, "nothing": None}


@pytest.mark.parametrize("value", ["5:00", "012", "0x1F", "0b101", "0o17", "1:30.5", "-012"])
def test_yaml_1_1_number_forms_are_refused_with_a_line(value: str) -> None:
    """Each YAML reader takes these its own way (5:00 is 300 in YAML 1.1, a text in 1.2; 012 is 10 or 12)."""
    try:
        doc = load_text(f"a: 1\nn: {value}\n", "f.yaml")
    except ReadinessError as exc:
        assert codes(exc) == [("Y004", 2, 4)] and "YAML 1.1" in exc.diagnostics[0].message
    else:  # a form YAML 1.1 does not take as a number stays text (0o17 is YAML 1.2's octal)
        assert doc.data["n"] == value


@pytest.mark.parametrize("value", [".nan", ".NaN", ".inf", "-.inf", "1.0e+400", "-1.5e+999"])
def test_nan_and_infinities_are_refused(value: str) -> None:
    with pytest.raises(ReadinessError) as exc:
        load_text(f"n: {value}\n", "f.yaml")
    assert codes(exc.value) == [("Y004", 1, 4)] and "finite" in exc.value.diagnostics[0].message


def test_lone_surrogates_are_refused_and_keys_are_nfc() -> None:
    with pytest.raises(ReadinessError) as exc:  # libyaml refuses the escape itself; the Python parser would not
        load_text('a: "x\\ud800y"\n', "f.yaml")
    assert codes(exc.value)[0][0] in ("Y003", "Y004")
    with pytest.raises(ReadinessError) as exc:
        load_text("\u0439: 1\n\u0438\u0306: 2\n", "f.yaml")  # й, then и + combining breve: one key twice
    assert codes(exc.value) == [("Y004", 2, 1)]


def test_duplicate_key_points_at_the_second_one() -> None:
    with pytest.raises(ReadinessError) as exc:
        load_text("a: 1\nb: 2\na: 3\n", "f.yaml")
    assert codes(exc.value) == [("Y004", 3, 1)]
    assert "first at line 1" in exc.value.diagnostics[0].message


def test_duplicate_key_in_flow_mapping_hints_at_commas() -> None:
    with pytest.raises(ReadinessError) as exc:
        load_text("t: {ky: Аралык 1,5 м, ru: Дистанция 1,5 м}\n", "f.yaml")
    assert "comma" in exc.value.diagnostics[0].hint


def test_tab_indentation_is_explained() -> None:
    with pytest.raises(ReadinessError) as exc:
        load_text("a:\n\t- b\n", "f.yaml")
    d = exc.value.diagnostics[0]
    assert (d.code, d.line) == ("Y003", 2)
    assert "tab" in d.message


def test_syntax_error_has_line() -> None:
    with pytest.raises(ReadinessError) as exc:
        load_text("a: [1, 2\nb: 3\n", "f.yaml")
    assert exc.value.diagnostics[0].code == "Y003"
    assert (exc.value.diagnostics[0].line, exc.value.diagnostics[0].col) == (1, 4)  # where the bracket opens
    assert "line 2" in exc.value.diagnostics[0].message


def test_an_unclosed_quote_is_found_where_it_opens() -> None:
    text = "a: 1\nb: \"open\n" + "# more\n" * 100 + "c: 2\n"
    with pytest.raises(ReadinessError) as exc:
        load_text(text, "f.yaml")
    d = exc.value.diagnostics[0]
    assert (d.code, d.line, d.col) == ("Y003", 2, 4)
    assert "quote" in d.message and d.message_in("ru").startswith("кавычка")


@pytest.mark.parametrize("raw, code", [
    ("a: 1\n".encode("utf-16"), "Y002"),
    ("name: Ош шаары\n".encode("cp1251"), "Y002"),
    (b"", "Y005"),
    (b"# only a comment\n", "Y005"),
])
def test_bad_files(tmp_path: Path, raw: bytes, code: str) -> None:
    path = tmp_path / "p.yaml"
    path.write_bytes(raw)
    with pytest.raises(ReadinessError) as exc:
        load_file(path)
    assert exc.value.diagnostics[0].code == code


def test_utf8_bom_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    path.write_bytes("\ufeffname: Нарын ө ү ң\n".encode("utf-8"))
    assert load_file(path).data == {"name": "Нарын ө ү ң"}


def test_missing_file_and_folder_are_usage_errors(tmp_path: Path) -> None:
    with pytest.raises(UsageError):
        load_file(tmp_path / "nope.yaml")
    with pytest.raises(UsageError):
        load_file(tmp_path)


def test_alias_bomb_is_refused_quickly() -> None:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 10):
        prev = chr(ord("a") + i - 1)
        cur = chr(ord("a") + i)
        lines.append(f"{cur}: &{cur} [" + ",".join([f"*{prev}"] * 9) + "]")
    with pytest.raises(ReadinessError) as exc:
        load_text("\n".join(lines) + "\n", "bomb.yaml")
    assert exc.value.diagnostics[0].code == "Y006"


def test_python_tags_are_refused() -> None:
    with pytest.raises(ReadinessError) as exc:
        load_text("a: !!python/object/apply:os.system ['echo hi']\n", "f.yaml")
    assert exc.value.diagnostics[0].code in ("Y003", "Y004")


@pytest.mark.parametrize("text", ['a: "\\U0011ffff"\n', "%FOO bar\n---\na: 1\n", "%YAML 1.1\n%YAML 1.1\n---\na: 1\n",
                                  "a: !<x\n", "a: |0\n  b\n"])
@pytest.mark.parametrize("lang", ["ky", "ru"])
def test_parser_problems_are_said_in_the_readers_language(text: str, lang: str) -> None:
    """libyaml's words for a problem are English; each one a user can meet is in the catalogue."""
    with pytest.raises(ReadinessError) as info:
        load_text(text, "f.yaml")
    said = info.value.diagnostics[0].message_in(lang)
    assert info.value.diagnostics[0].code == "Y003" and not re.search(r"\b(found|did not find|while|expected)\b", said), said


# the regex has_anchor_or_alias stands for (one search, slow on large files): its reference
_ANCHOR_OR_ALIAS = re.compile(rb"(?:^|[\s\[\]{},])[&*][^\s\[\]{},]", re.M)


@given(st.binary(max_size=40) | st.text(alphabet="&* \t\r\n\x0b\x0c[]{},ab-:", max_size=40).map(str.encode))
@settings(max_examples=2000, deadline=None)
def test_anchor_scan_agrees_with_its_regex(raw: bytes) -> None:
    assert has_anchor_or_alias(raw) == bool(_ANCHOR_OR_ALIAS.search(raw))


@pytest.mark.parametrize("raw", [b"&a x", b"*a", b"a: *b", b"a: 2 * b", b"[*a]", b"x,&y", b"a &b", b"a&b", b"a: *",
                                 b"when: a * b\n*c: 1", b"\n&", b"&\n"])
def test_anchor_scan_agrees_with_its_regex_on_cases(raw: bytes) -> None:
    assert has_anchor_or_alias(raw) == bool(_ANCHOR_OR_ALIAS.search(raw))
