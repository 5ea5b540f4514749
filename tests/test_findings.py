"""The catalogue of findings (templates/i18n/findings.yaml): complete, in every language, used.

Source files are scanned for the codes and message keys they use; every text is checked in
ky, ru and en, plural texts against Babel's categories; the bad-input corpus is run again
through the library and every finding it makes is rendered in Kyrgyz and Russian.
"""
from __future__ import annotations

import json
import pickle
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from click.testing import CliRunner

from conftest import ROOT, TESTS, bundled_type_env
from readiness import findings
from readiness.cli import main
from readiness.errors import Diagnostic, ReadinessError
from readiness.findings import Msg
from readiness.load.validate import Result
from readiness.render.findings import REPORTERS, as_json, sarif
from readiness.rules import RuleError, compile_rule
from test_bad_inputs import BAD, CASES, UNSAFE, prepare

SRC = ROOT / "src" / "readiness"
CYRILLIC = re.compile(r"[А-Яа-яЁёҮүӨөҢң]")
CODE = re.compile(r"""["']([A-Z][0-9]{3})["']""")
PREFIXES = r"(?:[A-Z][0-9]{3}|hint|noun|ref|type|rtype|value|yaml|python|construct|format|cli|rule|cache|kind)"
KEY = re.compile(r"""["'](""" + PREFIXES + r"""\.[a-z0-9_]+)["']""")
CATALOGUE = findings.catalogue()
MESSAGES: dict[str, Any] = CATALOGUE["messages"]


def source() -> str:
    return "".join(p.read_text(encoding="utf-8") for p in sorted(SRC.rglob("*.py")))


# -- the catalogue and the code agree ---------------------------------------------------
def test_every_code_raised_is_in_the_catalogue_and_every_code_is_raised() -> None:
    raised = set(CODE.findall(source()))
    assert raised - set(findings.codes()) == set(), "codes raised that the catalogue lacks"
    assert set(findings.codes()) - raised == set(), "codes of the catalogue that nothing raises"


def test_every_message_key_used_is_in_the_catalogue_and_every_text_is_used() -> None:
    used = set(KEY.findall(source()))
    assert used - set(MESSAGES) == set(), "keys used that the catalogue lacks"
    assert set(MESSAGES) - used == set(), "texts of the catalogue that nothing uses"


def test_a_message_of_a_code_is_raised_with_that_code() -> None:
    """``Y001.not_found`` belongs to Y001: a finding call pairs a code with its own messages."""
    pairs = re.findall(r"""["']([A-Z][0-9]{3})["'],\s*Msg\(["']([A-Z][0-9]{3})\.""", source())
    assert pairs and all(code == prefix for code, prefix in pairs), [p for p in pairs if p[0] != p[1]]


# -- every text in every language ---------------------------------------------------------
def _letters(template: str) -> str:
    """A text without its fields, and (for the command line's texts) without what a user types
    as written: options, metavars and variables in capitals, file names and paths."""
    template = re.sub(r"\{[A-Za-z_]\w*(?:![rsa])?(?::[^{}]*)?\}|%\(\w+\)s", "", template)
    return re.sub(r"--?[a-z][\w-]*|\b[A-Z][A-Z_/]{2,}\b|\S*[./]\w\S*", "", template)


def _forms(value: str | dict[str, str]) -> list[str]:
    return list(value.values()) if isinstance(value, dict) else [value]


@pytest.mark.parametrize("code", findings.codes())
def test_every_code_has_severity_title_meaning_and_fix_in_every_language(code: str) -> None:
    entry = CATALOGUE["codes"][code]
    assert entry["severity"] in ("error", "warning")
    for part in ("title", "meaning", "fix"):
        for lang in findings.LANGUAGES:
            assert entry[part].get(lang, "").strip(), f"{code} {part} lacks {lang}"
        for lang in ("ky", "ru"):
            assert CYRILLIC.search(entry[part][lang]), f"{code} {part} in {lang} has no Cyrillic letter"


@pytest.mark.parametrize("key", sorted(MESSAGES))
def test_every_message_and_hint_has_every_language_with_the_same_fields(key: str) -> None:
    entry = MESSAGES[key]
    assert set(entry) <= {"ky", "ru", "en", "count"}, key
    english = findings.fields(entry["en"])
    for lang in findings.LANGUAGES:
        assert entry.get(lang), f"{key} lacks {lang}"
        forms = _forms(entry[lang])
        assert all(form.strip() for form in forms), f"{key}: an empty {lang} text"
        assert findings.fields(entry[lang]) == english, f"{key}: {lang} fields differ from en"
        if lang != "en" and re.search(r"[A-Za-z]{2}", _letters(_forms(entry["en"])[0])):
            assert all(CYRILLIC.search(form) for form in forms), f"{key}: {lang} text has no Cyrillic letter"


# Latin words a Kyrgyz or Russian text may keep: names in files, commands and rules, programs,
# and the English term in brackets beside a translated one
KEPT = {"area", "authoring", "install", "serve", "blended", "boolean", "cache", "choice", "choices", "choose", "codes", "comprehension",
        "comprehensions", "count", "ctrl", "dean", "default", "depends", "derived", "digital", "distance", "docs",
        "encoding", "escape", "examples", "facts", "false", "fifo", "file", "float", "force", "format", "from",
        "github", "gitlab", "group", "html", "init", "institution", "integer", "json", "junit", "known", "lang",
        "latin", "line", "list", "manifest", "markdown", "maximum", "migrate", "minimum", "mitigates", "name",
        "notepad", "number", "params", "plan", "playbooks", "profile", "pull", "python", "readiness", "renamed",
        "report", "request", "required", "retired", "roles", "rooms", "rounds", "rules", "sarif", "save", "scenario",
        "scenarios", "schema", "slices", "sources", "staff", "start", "tasks", "teaching", "term", "term_start",
        "tests", "text", "threshold", "traditional", "true", "type", "updated", "validate", "vent", "windows",
        "xlsx", "yaml", "yyyy"}


@pytest.mark.parametrize("key", sorted(MESSAGES))
def test_kyrgyz_and_russian_texts_keep_no_english_word(key: str) -> None:
    for lang in ("ky", "ru"):
        for form in _forms(MESSAGES[key][lang]):
            kept = {w for w in re.findall(r"[A-Za-z]{4,}", _letters(form)) if w.lower() not in KEPT}
            assert not kept, f"{key} {lang}: {sorted(kept)} (translate them, or add a name to KEPT)"


@pytest.mark.parametrize("key", sorted(k for k, e in MESSAGES.items() if any(isinstance(e[lang], dict) for lang in findings.LANGUAGES)))
def test_plural_texts_have_every_category_their_language_needs(key: str) -> None:
    entry = MESSAGES[key]
    assert entry.get("count") in findings.fields(entry["en"]), f"{key}: 'count' must name one of its fields"
    assert isinstance(entry["ru"], dict), f"{key}: Russian counts in one, few and many"
    for lang in findings.LANGUAGES:
        if isinstance(entry[lang], dict):
            needed = findings.plural_categories(lang)
            assert set(entry[lang]) == needed, f"{key} {lang}: categories {sorted(entry[lang])}, Babel's {sorted(needed)}"


def test_babel_knows_the_three_languages() -> None:
    assert findings.plural_categories("ru") == {"one", "few", "many", "other"}
    assert findings.plural_categories("ky") == findings.plural_categories("en") == {"one", "other"}
    assert [findings.plural_category("ru", n) for n in (1, 2, 5, 11, 21, 1.5)] == ["one", "few", "many", "many", "one", "other"]


def _sample(key: str) -> list[dict[str, Any]]:
    """Arguments for every field of ``key``: numbers where the text formats or counts them."""
    entry = MESSAGES[key]
    texts = [form for lang in findings.LANGUAGES for form in _forms(entry[lang])]
    numeric = {m.group(1) for t in texts for m in re.finditer(r"\{([A-Za-z_]\w*):[^{}]+\}", t)}
    base: dict[str, Any] = {name: (1234 if name in numeric else f"<{name}>") for name in findings.fields(entry["en"])}
    counts = [1, 2, 5, 11, 21, 1234, 1.5] if "count" in entry else [None]
    return [base if n is None else {**base, entry["count"]: n} for n in counts]


@pytest.mark.parametrize("key", sorted(MESSAGES))
def test_every_text_renders_in_every_language(key: str) -> None:
    for args in _sample(key):
        for lang in findings.LANGUAGES:
            out = findings.text(key, lang, **args)
            assert out and not re.search(r"\{[A-Za-z_]\w*(:[^{}]*)?\}", out), (key, lang, out)
            assert all(str(v) in out or isinstance(v, (int, float)) for v in args.values()), (key, lang, out)


def test_nested_texts_render_in_the_language_of_the_message() -> None:
    message = Msg("R003.unknown_task", element=Msg("ref.tasks", id="a"), value="b")
    assert message.render("en") == "task 'a' refers to unknown task 'b'"
    assert message.render("ru") == "задача 'a' ссылается на неизвестную задачу 'b'"
    assert message.render("ky") == "'a' милдети белгисиз 'b' милдетине шилтеме кылат"


def test_numbers_take_the_separators_of_the_language_and_english_stays_as_it_was() -> None:
    args = {"name": "tasks[0].when", "length": 12345, "n": 1000}
    assert findings.text("S001.too_long", "en", **args) == "tasks[0].when is too long (12,345 characters; at most 1,000)"
    assert findings.text("S001.too_long", "ru", **args) == "tasks[0].when: слишком длинно (12\u00a0345 символов; не более 1\u00a0000)"
    assert findings.text("Y006.too_large", "ru", size=21.53, limit=20).endswith("(21,5 МиБ; не более 20 МиБ)")


def test_braces_that_are_not_fields_are_text() -> None:
    assert findings.text("hint.key_as_text", "en") == "write the key as text, without [ ] or { }"
    assert findings.fields("{a} { } '}' {b:,}") == {"a", "b"}


# -- Diagnostic --------------------------------------------------------------------------
def test_a_diagnostic_renders_in_any_language_and_keeps_its_english() -> None:
    d = Diagnostic.of("p.yaml", 3, 5, "P002", Msg("P002.unknown_task", task="hr.x"), Msg("hint.did_you_mean", name="hr.y"))
    assert d.severity == "warning" and d.key == "P002.unknown_task" and d.hint_key == "hint.did_you_mean"
    assert d.message == "progress given for unknown task 'hr.x'" and d.hint == "did you mean 'hr.y'?"
    assert d.format() == "p.yaml:3:5: P002 warning: progress given for unknown task 'hr.x' (hint: did you mean 'hr.y'?)"
    assert d.format("ru") == ("p.yaml:3:5: P002 предупреждение: указан ход выполнения неизвестной задачи 'hr.x' "
                              "(подсказка: возможно, имелось в виду 'hr.y'?)")
    assert d.message_in("ky") == "белгисиз 'hr.x' милдетинин аткарылышы көрсөтүлгөн"
    assert pickle.loads(pickle.dumps(d)).format("ky") == d.format("ky")  # batch workers send findings back


def test_severity_comes_from_the_catalogue_never_from_the_caller() -> None:
    assert Diagnostic("f", code="R010").severity == "warning"
    assert Diagnostic("f", code="R003").severity == "error"
    assert Diagnostic("f", code="X999", message="a library user's own").severity == "error"
    with pytest.raises(TypeError):
        Diagnostic("f", code="R003", severity="warning")  # type: ignore[call-arg]


def test_a_plain_diagnostic_is_the_same_in_every_language() -> None:
    d = Diagnostic("a.yaml", 1, 2, "S001", "bad value", hint="fix it")
    assert d.message_in("ru") == "bad value" and d.format("en") == "a.yaml:1:2: S001 bad value (hint: fix it)"


def test_rule_errors_carry_their_key() -> None:
    with pytest.raises(RuleError) as exc:
        compile_rule("staff.teachng > 1", bundled_type_env())
    assert exc.value.message == "unknown fact 'staff.teachng'" and exc.value.hint == "did you mean 'staff.teaching'?"
    assert exc.value.text.render("ru") == "неизвестный показатель 'staff.teachng'"
    assert exc.value.hint_text is not None and exc.value.hint_text.render("ky") == "'staff.teaching' дегениңиз беле?"


# -- renderers and docs ------------------------------------------------------------------
def every_code() -> Result:
    diags = [Diagnostic.of(f"{code}.yaml", 1, 1, code, Msg("Y005.empty"), Msg("hint.yaml_mapping")) for code in findings.codes()]
    return Result(sorted(diags), [d.file for d in diags])


def test_sarif_rules_come_from_the_catalogue_and_validate(tmp_path: Path) -> None:
    schema = json.loads((TESTS / "data" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    anchors = set(re.findall(r'<a id="([a-z][0-9]{3})"></a>', (ROOT / "docs" / "findings.md").read_text(encoding="utf-8")))
    for lang in findings.LANGUAGES:
        data = json.loads(sarif(every_code(), lang))
        jsonschema.Draft4Validator(schema).validate(data)
        rules = {r["id"]: r for r in data["runs"][0]["tool"]["driver"]["rules"]}
        assert list(rules) == sorted(findings.codes())
        for code, rule in rules.items():
            assert rule["shortDescription"]["text"] == findings.title(code, lang)
            assert rule["fullDescription"]["text"] == findings.meaning(code, lang)
            assert rule["helpUri"].endswith(f"docs/findings.md#{code.lower()}") and code.lower() in anchors
            assert rule["defaultConfiguration"]["level"] == findings.severity(code)


@pytest.mark.parametrize("fmt", sorted(REPORTERS))
def test_every_findings_format_speaks_each_language(fmt: str) -> None:
    result = every_code()
    english = REPORTERS[fmt](result)
    assert REPORTERS[fmt](result, lang="en") == english and "file is empty" in english
    for lang in ("ky", "ru"):
        out = REPORTERS[fmt](result, lang=lang)
        assert ("файл бош" if lang == "ky" else "файл пуст") in out


def test_json_keeps_english_and_adds_the_translation_beside_it() -> None:
    ru = json.loads(as_json(every_code(), "ru"))["findings"][0]
    en = json.loads(as_json(every_code()))["findings"][0]
    assert {k: v for k, v in ru.items() if k != "text"} == en
    assert ru["text"] == {"lang": "ru", "message": "файл пуст", "hint": "ожидался словарь YAML (ключ: значение)"}


def test_findings_doc_is_what_the_catalogue_generates(update_goldens: bool) -> None:
    doc = findings.docs_path()
    if update_goldens:
        findings.write_docs(doc)
    text = doc.read_text(encoding="utf-8")
    assert findings.with_table(text) == text, "docs/findings.md is out of date: python -m readiness.findings --write-docs"
    assert f"| Y001 | error | <a id=\"y001\"></a>{findings.title('Y001')} |" in text


def test_write_docs_rewrites_only_the_table(tmp_path: Path) -> None:
    doc = tmp_path / "findings.md"
    doc.write_text(f"# head\n{findings.DOCS_START}\nOLD-ROW\n{findings.DOCS_END}\ntail\n", encoding="utf-8")
    assert findings.write_docs(doc) and not findings.write_docs(doc)
    text = doc.read_text(encoding="utf-8")
    assert text.startswith("# head\n") and text.endswith("tail\n") and "OLD-ROW" not in text and "| R010 | warning |" in text
    out: list[str] = []
    assert findings.main(["--help"], out.append) == 2 and "usage" in out[0]


# -- the bad-input corpus, in Kyrgyz and Russian -----------------------------------------


def english_words() -> set[str]:
    """Words of the English texts that a translation never shows (those of KEPT aside)."""
    texts = [form for entry in MESSAGES.values() for form in _forms(entry["en"])]
    return {w.lower() for t in texts for w in re.findall(r"[A-Za-z]{4,}", _letters(t))} - KEPT


ENGLISH = english_words()


def masked(message: Msg) -> Msg:
    """``message`` with its data (ids, paths, values, another program's English) taken out:
    what is left is the catalogue's words, nested texts included."""
    return Msg(message.key, **{name: _mask(value) for name, value in message.args})


def _mask(value: Any) -> Any:
    if isinstance(value, Msg):
        return masked(value)
    if isinstance(value, tuple):
        return tuple(_mask(v) for v in value)
    return "‹›" if isinstance(value, str) else value


def check_translated(message: Msg, where: str) -> None:
    for lang in ("ky", "ru"):
        shown = message.render(lang)
        assert CYRILLIC.search(shown), f"{where}: {lang} has no Cyrillic: {shown}"
        leaked = {w for w in re.findall(r"[A-Za-z]{4,}", masked(message).render(lang)) if w.lower() in ENGLISH}
        assert not leaked, f"{where}: English words {sorted(leaked)} in {lang}: {shown}"


SLOW = {"huge-100k-tasks-one-dangling", "huge-100k-tasks-valid", "size-rooms-950k-without-ids"}  # scale only: their R003 is in other cases


@pytest.mark.parametrize("case", [c for c in CASES if c not in SLOW])
def test_every_finding_of_the_corpus_renders_in_kyrgyz_and_russian(case: str, tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("READINESS_CACHE_DIR", "")
    made: list[Diagnostic] = []
    original = Diagnostic.__post_init__

    def collect(self: Diagnostic) -> None:
        original(self)
        made.append(self)

    monkeypatch.setattr(Diagnostic, "__post_init__", collect)
    expected = yaml.safe_load((BAD / case / "expected.yaml").read_text(encoding="utf-8"))
    paths = prepare(case, tmp_path)
    CliRunner().invoke(main, [a.format(**paths) for a in expected["args"]], catch_exceptions=False)
    option_error = any(f["where"].startswith("Error: Invalid value") for f in expected.get("findings", []))
    assert made or expected["exit"] == 0 or option_error, f"{case}: no finding was made"
    for d in made:
        assert d.key, f"{case}: {d.code} made without a catalogue key: {d.message}"
        check_translated(Msg(d.key, **dict(d.args)), f"{case} {d.code} {d.key}")
        if d.hint_key and d.hint_key != "hint.schema_description":
            check_translated(Msg(d.hint_key, **dict(d.hint_args)), f"{case} {d.code} {d.hint_key}")


@pytest.mark.parametrize("rule", UNSAFE, ids=[f"unsafe-{i:02d}" for i in range(len(UNSAFE))])
def test_every_rule_refused_is_refused_in_kyrgyz_and_russian(rule: str) -> None:
    with pytest.raises(RuleError) as exc:
        compile_rule(rule.replace("{marker}", "/nonexistent"), bundled_type_env())
    check_translated(exc.value.text, rule)
    assert exc.value.hint_text is not None
    check_translated(exc.value.hint_text, rule)


def test_a_usage_error_is_a_finding_with_a_key() -> None:
    with pytest.raises(ReadinessError) as exc:
        from readiness.io.files import read_text
        read_text(Path("/nonexistent/profile.yaml"))
    d = exc.value.diagnostics[0]
    assert (d.code, d.key, d.hint_key) == ("Y001", "Y001.file_not_found", "hint.check_path")
    assert d.format("ru") == "/nonexistent/profile.yaml: Y001 файл не найден (подсказка: проверьте путь; относительные пути отсчитываются от текущей папки)"
