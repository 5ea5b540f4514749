"""The message catalogue is complete, every key the reports use exists, and no English label leaks into ky/ru."""
from __future__ import annotations

import csv
import io
import re
from datetime import date
from pathlib import Path

import pytest

from conftest import BUNDLED, ROOT
from readiness.reports import build_report
from readiness.i18n import LANGUAGES, catalogue, plural_categories
from readiness.load.profile import load_profile
from readiness.render.registry import render
from readers import Tree

TEMPLATES = ROOT / "templates"
SRC = ROOT / "src" / "readiness"
EXAMPLES = sorted((BUNDLED / "examples").glob("*.yaml"))
# Keys built in templates as prefix ~ value: every value the reports can carry needs a key.
DYNAMIC = {
    "flag.": ("late", "overdue", "critical", "start_now"),
    "severity.": ("low", "medium", "high", "critical"),
    "type.": ("primary", "secondary", "higher"),
    "status.": ("open", "in_progress", "done", "waived", "not_applicable", "not_in_scenario", "met", "unmet",
                "unknown", "ready", "ready_pending", "on_track", "at_risk", "cannot"),
}
# Latin words a Kyrgyz or Russian report may carry: names of systems and the program itself.
ALLOWED = {"readiness", "avn", "kelbil", "moodle", "lms", "emis", "zoom", "google", "microsoft", "teams"}


def _complete(lang: str, text: object) -> bool:
    """A plain text, or a counted text with every CLDR plural category the language has."""
    if isinstance(text, dict):
        return plural_categories(lang) <= set(text) and all(isinstance(v, str) and v.strip() for v in text.values())
    return isinstance(text, str) and bool(text.strip())


def _flat(text: object) -> str:
    return " ".join(text.values()) if isinstance(text, dict) else str(text or "")


def test_every_key_has_all_three_languages() -> None:
    missing = {key: sorted(lang for lang in LANGUAGES if not _complete(lang, entry.get(lang)))
               for key, entry in catalogue().items()}
    assert {k: v for k, v in missing.items() if v} == {}
    extra = {key: sorted(set(entry) - set(LANGUAGES) - {"count"}) for key, entry in catalogue().items()
             if set(entry) - set(LANGUAGES) - {"count"}}
    assert extra == {}, "a comma in an unquoted YAML flow value splits it: quote the text"


def test_counted_words_follow_cldr() -> None:
    from readiness.i18n import plural_days

    assert [plural_days(n, "ru") for n in (1, 2, 5, 11, 21, 22)] == ["1 день", "2 дня", "5 дней", "11 дней", "21 день", "22 дня"]
    assert [plural_days(n, "en") for n in (1, 2)] == ["1 day", "2 days"]
    assert plural_days(3, "ky") == "3 күн"


def test_dates_numbers_and_percentages_come_from_cldr() -> None:
    from readiness.i18n import format_date, format_number, format_percent

    assert format_date("2020-08-25", "ky") == "2020-ж., 25-август"
    assert format_date("2020-08-25", "ru") == "25 августа 2020\u202fг."
    assert format_date("2020-08-25", "en") == "August 25, 2020"
    assert [format_number(0.4, lang) for lang in LANGUAGES] == ["0,4", "0,4", "0.4"]
    assert [format_percent(40, lang) for lang in LANGUAGES] == ["40\u00a0%", "40\u00a0%", "40%"]
    source = (SRC / "i18n.py").read_text(encoding="utf-8")
    assert "_MONTHS" not in source and "January" not in source, "month names come from CLDR, not from a table"


def used_keys() -> set[str]:
    keys: set[str] = set()
    for path in TEMPLATES.glob("*.j2"):
        for key, joined in re.findall(r"""\bt\(\s*["']([a-z0-9_.]+)["']\s*(~?)""", path.read_text(encoding="utf-8")):
            keys.add(key + ("*" if joined else ""))
    for path in SRC.rglob("*.py"):
        for key, joined in re.findall(r"""\bmessage\(\s*["']([a-z0-9_.]+)["']\s*(\+?)""", path.read_text(encoding="utf-8")):
            keys.add(key + ("*" if joined else ""))
        for names in re.findall(r"""\(((?:\s*["']label\.[a-z0-9_.]+["']\s*,?)+)\)""", path.read_text(encoding="utf-8")):
            keys |= set(re.findall(r"""["'](label\.[a-z0-9_.]+)["']""", names))
    for prefix, values in DYNAMIC.items():
        keys |= {prefix + v for v in values}
    return keys


def test_every_key_the_reports_use_exists(bundled_playbook) -> None:
    keys = used_keys()
    prefixes = {k for k in keys if k.endswith("*")}  # t("flag." ~ f): values listed in DYNAMIC
    keys -= prefixes
    units = {r.unit for r in bundled_playbook.requirements.values()} | {d.unit for d in bundled_playbook.derived}
    keys |= {"unit." + u.replace("/", "_per_") for u in units if u}
    assert {"plan.title", "label.evidence", "label.dependency_graph", "flag.start_now", "unit.min"} <= keys
    assert sorted(keys - set(catalogue())) == []
    assert all(any(k.startswith(p[:-1]) for k in catalogue()) for p in prefixes)


def english_words() -> set[str]:
    """Words of the catalogue's English labels that neither Kyrgyz nor Russian labels use."""
    words: set[str] = set()
    local: set[str] = set()
    for entry in catalogue().values():
        words |= {w.lower() for w in re.findall(r"[A-Za-z]{3,}", _flat(entry.get("en")))}
        for lang in ("ky", "ru"):
            local |= {w.lower() for w in re.findall(r"[A-Za-z]{3,}", _flat(entry.get(lang)))}
    return words - local - ALLOWED


ID = re.compile(r"[A-Za-z0-9_]+(?:[.\-/:@][A-Za-z0-9_]+)+")


def latin_words(text: str) -> set[str]:
    text = ID.sub(" ", re.sub(r"`[^`]*`", " ", text))  # ids, codes, file names, addresses
    return {w.lower() for w in re.findall(r"[A-Za-z]{3,}", text)}


def visible_text(content: bytes | str, fmt: str) -> str:
    text = content.decode("utf-8-sig") if isinstance(content, bytes) else content
    if fmt == "html":
        tree = Tree()
        tree.feed(text)
        return " ".join(tree.text)
    if fmt == "csv":
        return " ".join(" ".join(row) for row in csv.reader(io.StringIO(text), delimiter=";"))
    return text


CASES = [(e, lang) for e in EXAMPLES for lang in ("ky", "ru")]


@pytest.mark.parametrize("example, lang", CASES, ids=[f"{e.stem}-{lang}" for e, lang in CASES])
def test_no_english_label_in_kyrgyz_or_russian_reports(bundled_playbook, example: Path, lang: str) -> None:
    english = english_words()
    assert {"task", "due", "summary", "evidence", "comment", "wave"} <= english
    profile = load_profile(example, bundled_playbook)
    reports = {
        "plan": build_report("plan", bundled_playbook, profile, lang, scenario="blended", today=date(2020, 8, 5)),
        "gaps": build_report("gaps", bundled_playbook, profile, lang),
        "checklist": build_report("checklist", bundled_playbook, profile, lang, scenario="blended", role="abp",
                                           today=date(2020, 8, 5)),
    }
    leaks = {}
    for kind, data in reports.items():
        for fmt in ("html", "md", "csv"):
            found = latin_words(visible_text(render(kind, fmt, data), fmt)) & english
            if found:
                leaks[f"{kind}.{fmt}"] = sorted(found)
    assert leaks == {}


def test_the_scan_would_catch_an_english_label(bundled_playbook) -> None:
    data = build_report("plan", bundled_playbook, load_profile(EXAMPLES[0], bundled_playbook), "ru",
                                 scenario="blended", today=date(2020, 8, 5))
    html = render("plan", "html", data).replace("Сводка", "Summary")
    assert "summary" in latin_words(visible_text(html, "html")) & english_words()


def test_what_babel_made_is_kept_and_read_back_as_babel_makes_it(tmp_path: Path) -> None:
    """Dates, numbers, percentages and plural forms, through the texts kept between runs
    (i18n._remembered), are Babel's own; 1, 1.0 and True are kept apart."""
    import marshal

    from babel import Locale
    from babel.dates import format_date as babel_date
    from babel.numbers import format_decimal

    from readiness import i18n

    days = [date(2020, 8, 5), date(2021, 2, 28), date(1999, 12, 31)]
    numbers = [0, 1, 1.0, 1.5, 0.4, 12_345, 12_345.678, -3, 10**15, 2.5e-7]
    before = dict(i18n._kept_texts())
    for lang in LANGUAGES:
        for day in days:
            assert i18n.format_date(day, lang) == babel_date(day, "long", locale=lang)
        for n in numbers:
            assert i18n.format_number(n, lang) == format_decimal(n, locale=lang, decimal_quantization=False,
                                                                 group_separator=abs(n) >= 10_000)
            assert i18n.plural_category(lang, n) == str(Locale.parse(lang).plural_form(n))
    kept = i18n._kept_texts()
    assert ("number", "en", "int", 1) in kept and ("number", "en", "float", 1.0) in kept
    assert kept[("number", "ru", "float", 1.5)] == "1,5" and kept != before
    assert marshal.loads(marshal.dumps(kept)) == kept  # what is written is what is read
    i18n._MADE["texts"] = {key: f"<{text}>" for key, text in kept.items()}  # as read from the store
    try:
        assert i18n.format_number(1.5, "ru") == "<1,5>"
        assert i18n.format_number(float("nan"), "en") == "NaN"  # never kept
    finally:
        i18n._MADE["texts"] = kept
