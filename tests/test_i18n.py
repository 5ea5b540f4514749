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
from readiness.i18n import LANGUAGES, catalogue
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


def test_every_key_has_all_three_languages() -> None:
    missing = {key: sorted(set(LANGUAGES) - {k for k, v in entry.items() if isinstance(v, str) and v.strip()})
               for key, entry in catalogue().items()}
    assert {k: v for k, v in missing.items() if v} == {}
    extra = {key: sorted(set(entry) - set(LANGUAGES)) for key, entry in catalogue().items() if set(entry) - set(LANGUAGES)}
    assert extra == {}, "a comma in an unquoted YAML flow value splits it: quote the text"


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
        words |= {w.lower() for w in re.findall(r"[A-Za-z]{3,}", entry.get("en", ""))}
        for lang in ("ky", "ru"):
            local |= {w.lower() for w in re.findall(r"[A-Za-z]{3,}", entry.get(lang, ""))}
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
        return " ".join(" ".join(row) for row in csv.reader(io.StringIO(text)))
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
