"""Every output is data: each one opened by the program that would read it, and nothing in a
hostile playbook or profile acts there (issue 15)."""
from __future__ import annotations

import csv
import io
from collections import Counter
import json
import re
import xml.dom.minidom
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

from hostile import BLOCKS, EVIL, FORMULAS, ICS_BREAK, RAW_CONTROLS, TERMINAL, cli, hostile_profile, hostile_set
from readiness.render.graph import to_dot, to_mermaid
from readiness.render.tabular import DELIMITERS, FORMULA_START

TODAY = ["--today", "2020-08-10"]


@pytest.fixture(scope="module")
def evil(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    tmp = tmp_path_factory.mktemp("evil")
    return hostile_set(tmp), hostile_profile(tmp), tmp


@pytest.fixture(scope="module")
def harmless(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    """The same set and profile with plain texts: what the reports' structure must be."""
    tmp = tmp_path_factory.mktemp("harmless")
    return hostile_set(tmp, harmless=True), hostile_profile(tmp, "clean.yaml", harmless=True), tmp


def report(evil: tuple[Path, Path, Path], kind: str, fmt: str, *extra: str) -> Path:
    set_dir, profile, tmp = evil
    out = tmp / f"{kind}-{'-'.join(extra)}.{fmt}"
    args = {"plan": ["-s", "blended", *TODAY], "checklist": ["-s", "blended", "-r", "abp", *TODAY], "gaps": [],
            "compare": TODAY, "explain": ["-s", "blended", *TODAY]}[kind]
    target = [profile, "hr.staffing"] if kind == "explain" else [profile]
    done = cli([kind, *target, *args, *extra, "--playbooks", set_dir, "--format", fmt, "-o", out])
    assert done.returncode == 0, done.stderr
    return out


def aggregate(evil: tuple[Path, Path, Path], suffix: str, *extra: str) -> Path:
    set_dir, profile, tmp = evil
    out = tmp / f"aggregate-{'-'.join(extra)}.{suffix}"
    done = cli(["aggregate", profile, "--playbooks", set_dir, "--min-group", "1", "--today", "2020-09-01", "-o", out, "-j", "1", *extra])
    assert done.returncode == 0, done.stderr
    return out


# -- spreadsheets -------------------------------------------------------------------------
@pytest.mark.parametrize("lang", ["ky", "ru", "en"])
@pytest.mark.parametrize("kind", ["plan", "gaps", "checklist", "aggregate"])
def test_csv_cells_never_start_a_formula(evil, kind: str, lang: str) -> None:
    extra = ("--lang", lang)
    path = aggregate(evil, "csv", *extra) if kind == "aggregate" else report(evil, kind, "csv", *extra)
    rows = list(csv.reader(io.StringIO(path.read_bytes().decode("utf-8-sig"), newline=""), delimiter=DELIMITERS[lang]))
    cells = [c for row in rows for c in row]
    assert not [c for c in cells if c.startswith(FORMULA_START)]
    quoted = [c for c in cells if c.startswith("'")]
    assert quoted, "the hostile texts are there, neutralised"
    if kind in ("plan", "checklist"):
        assert any(c.startswith("'=HYPERLINK(") for c in cells) and any(c.startswith("'@") for c in cells)


@pytest.mark.parametrize("kind", ["plan", "gaps", "aggregate"])
def test_xlsx_holds_texts_never_formulas_or_links(evil, kind: str) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    path = aggregate(evil, "xlsx") if kind == "aggregate" else report(evil, kind, "xlsx")
    book = openpyxl.load_workbook(path)
    seen = []
    for ws in book.worksheets:
        assert not ws._hyperlinks, f"{ws.title}: a link made from text"
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{ws.title}!{cell.coordinate}: a formula {cell.value!r}"
                if isinstance(cell.value, str):
                    seen.append(cell.value)
    assert any(v.startswith("=HYPERLINK(") for v in seen) or kind == "gaps" and any(v.startswith("=1+1") for v in seen) \
        or kind == "aggregate" and any(v.startswith("=1+1") for v in seen)


# -- calendar -----------------------------------------------------------------------------
def test_ics_is_escaped_by_construction(evil) -> None:
    icalendar = pytest.importorskip("icalendar")
    raw = report(evil, "plan", "ics").read_bytes()
    plan = json.loads(report(evil, "plan", "json").read_text(encoding="utf-8"))
    calendar = icalendar.Calendar.from_ical(raw)
    events = list(calendar.walk("VEVENT"))
    assert len(events) == len(plan["tasks"])
    assert not [e for e in events if str(e.get("SUMMARY")) == "pwned"]
    assert "SUMMARY:pwned" in str(calendar["PRODID"])  # one property, the text inside it
    assert "X-INJECTED" not in calendar and "X-INJECTED" in str(calendar["X-WR-CALNAME"])
    assert raw.count(b"\r\nBEGIN:VEVENT\r\n") == len(plan["tasks"])
    for event, task in zip(events, plan["tasks"]):
        assert str(event["SUMMARY"]) == task["title"]


# -- Markdown -------------------------------------------------------------------------------
def markdown_html(text: str) -> str:
    markdown_it = pytest.importorskip("markdown_it")
    return str(markdown_it.MarkdownIt("commonmark", {"html": True}).enable("table").enable("strikethrough").render(text))


def _structure(html: str) -> Counter[str]:
    return Counter(re.findall(r"<(h[1-6]|table|tr|td|th|ul|ol|li|blockquote|hr|pre|code|a|img|script|strong|em|s|details)\b", html))


def no_more_markup(page: str, reference: str) -> None:
    """``page`` (hostile texts) makes no markup that ``reference`` (plain texts) does not: a hostile
    text may at most spoil an emphasis around it, never add a heading, row, list, link or image."""
    extra = _structure(markdown_html(page)) - _structure(markdown_html(reference))
    assert not extra, f"markup made by the data: {dict(extra)}"


@pytest.mark.parametrize("kind", ["plan", "gaps", "checklist", "compare", "explain"])
def test_markdown_shows_user_text_as_text(evil, harmless, kind: str) -> None:
    text = report(evil, kind, "md").read_text(encoding="utf-8")
    html = markdown_html(text)
    assert "<script" not in html and "<img" not in html and "<a " not in html
    assert "https://evil" not in text and "www.evil" not in text  # no bare link for GFM's autolinker
    assert not any(c in text for c in RAW_CONTROLS)
    no_more_markup(text, report(harmless, kind, "md").read_text(encoding="utf-8"))


def test_impact_comment_is_inert(evil, harmless) -> None:
    """impact.md is posted as a pull-request comment: a hostile playbook change must not write into it."""
    from hostile import MINI

    outputs = []
    for set_dir, profile, _ in (evil, harmless):
        done = cli(["impact", "--base", MINI, "--head", set_dir, profile, "--today", "2020-08-10", "-j", "1"])
        assert done.returncode == 0, done.stderr
        outputs.append(done.stdout)
    html = markdown_html(outputs[0])
    assert "<script" not in html and "<img" not in html and "<a " not in html
    assert not any(c in outputs[0] for c in RAW_CONTROLS)
    no_more_markup(outputs[0], outputs[1])


@pytest.mark.parametrize("text", FORMULAS + BLOCKS + TERMINAL + [EVIL, "`", "``", "a|b", "\\", "<details>", "&amp;", "_a_", "snake_case_id"])
def test_the_markdown_escaper_alone(text: str) -> None:
    from readiness.render.markdown import escape_marked, mark
    from readiness.safetext import safe_text

    for template in ("{v}", "- {v}", "| {v} |", "# t: {v}", "`{v}`", "<summary>{v}</summary>", "**{v}**", "> {v}", "1. {v}"):
        page = escape_marked(template.replace("{v}", mark(safe_text(text))))
        no_more_markup(page, template.replace("{v}", "VALUE"))
    assert escape_marked(mark("snake_case_id")) == "snake_case_id"


# -- findings: terminal, JUnit, JSON ---------------------------------------------------------
@pytest.fixture(scope="module")
def escaped_sets(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """Two sets: one whose reference carries terminal escapes, one whose id would forge a finding line."""
    from hostile import MINI
    import shutil

    folder = tmp_path_factory.mktemp("escapes")
    made = []
    for name, old, new in (
            ("refs", "depends_on: [hr.staffing]\n    mitigates", 'depends_on: ["hr.\\e[2J\\e]0;x\\aing\\u202e\\x9b\\x00"]\n    mitigates'),
            ("ids", "  - id: proc.inform\n", '  - id: "proc.inform\\r\\nfake.yaml:1:1: E001 forged"\n')):
        target = folder / name
        shutil.copytree(MINI, target)
        tasks = target / "tasks.yaml"
        tasks.write_text(tasks.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
        made.append(target)
    return made


@pytest.mark.parametrize("fmt", ["text", "json", "github", "sarif", "junit"])
def test_findings_show_control_characters_escaped(escaped_sets: list[Path], fmt: str) -> None:
    done = cli(["validate", *escaped_sets, "--format", fmt])
    assert done.returncode == 1, done.stderr
    out = done.stdout + done.stderr
    assert not any(c in out for c in RAW_CONTROLS + ("\x00", "\r"))
    assert "\\x1b" in out
    if fmt == "text":
        assert not [line for line in done.stdout.splitlines() if line.startswith("fake.yaml")], "a forged finding line"
    if fmt == "junit":
        ET.fromstring(done.stdout.encode("utf-8"))
        xml.dom.minidom.parseString(done.stdout.encode("utf-8"))
    if fmt in ("json", "sarif"):
        json.loads(done.stdout, parse_constant=lambda c: pytest.fail(f"{c} in JSON"))


def test_json_reports_are_strict_json(evil) -> None:
    for path in (report(evil, "plan", "json"), report(evil, "gaps", "json"), aggregate(evil, "json")):
        json.loads(path.read_text(encoding="utf-8"), parse_constant=lambda c: pytest.fail(f"{c} in {path.name}"))


# -- graphs -------------------------------------------------------------------------------------
def test_graph_ids_never_collide() -> None:
    ids = ["hr.a-b", "hr.a.b", "hr.a_b", "hr.a b", "hr.aб", "hr.a\"b"]
    data = {"group": "wave", "nodes": [(i, f"title {i}", "1") for i in ids], "edges": [("hr.a-b", "hr.a.b"), ("hr.a.b", "hr.a_b")]}
    mermaid = to_mermaid(data)
    node_ids = re.findall(r"^    (\S+)\[", mermaid, flags=re.M)
    assert len(set(node_ids)) == len(ids)
    edges = re.findall(r"^  (\S+) --> (\S+)$", mermaid, flags=re.M)
    assert len(edges) == 2 and all(a != b for a, b in edges)
    dot = to_dot(data)
    assert len(set(re.findall(r'^    ("(?:[^"\\]|\\.)*") \[', dot, flags=re.M))) == len(ids)


def test_graph_labels_hold_no_markup() -> None:
    data = {"group": "wave", "nodes": [("t.x", 'a"]; click t_x "javascript:alert(1)" <b>#quot;\nb', "1")], "edges": []}
    mermaid = to_mermaid(data)
    label = re.search(r'\["(.*)"\]', mermaid.splitlines()[2]).group(1)  # type: ignore[union-attr]
    assert '"' not in label and "<" not in label and "\n" not in label
    dot = to_dot(data)
    assert dot.count("\n") == 8 and '\\"' in dot


# -- HTML in a real browser -----------------------------------------------------------------------
def test_html_reports_run_no_script_in_chromium(evil) -> None:
    from chromium import launched  # the browser the HTML tests drive

    pages = [report(evil, "plan", "html"), report(evil, "gaps", "html"), aggregate(evil, "html")]
    with launched() as browser:
        for path in pages:
            page = browser.new_page()
            requests: list[str] = []
            dialogs: list[str] = []
            page.on("request", lambda r: requests.append(r.url))
            page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
            page.route(re.compile(r"^(?!file:).*"), lambda route: route.abort())
            page.goto(path.as_uri())
            page.wait_for_timeout(200)
            assert not dialogs, f"{path.name}: a script of the data ran"
            assert all(url.startswith("file:") for url in requests), requests
            assert page.locator("img[src=x]").count() == 0
            page.close()
