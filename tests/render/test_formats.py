"""HTML, CSV, XLSX and iCalendar reports: each parsed back and checked for content; goldens of the examples."""
from __future__ import annotations

import csv
import io
import re
import sys
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest

from readiness.commands.common import Session
from click.testing import CliRunner

from conftest import BUNDLED, TESTS, golden
from readers import parse
from readiness.reports import build_report
from readiness.commands import report as report_command
from readiness.cli import main
from readiness.errors import UsageError
from readiness.load.profile import load_profile
from readiness.render.registry import render
from xml.etree import ElementTree

from readiness.render.svg import dependency_graph, graph_svg, timeline_range, timeline_svg, wave_columns

EXAMPLES = sorted((BUNDLED / "examples").glob("*.yaml"))
LYCEUM = BUNDLED / "examples" / "rural-lyceum-naryn.yaml"
UNIVERSITY = BUNDLED / "examples" / "state-university-osh.yaml"
GOLDEN = TESTS / "golden" / "examples"
TODAY = date(2020, 8, 5)
KYRGYZ_LETTERS = set("ңөү")


def build(playbook: Any, kind: str, example: Path = LYCEUM, lang: str = "ky", **options: Any) -> dict[str, Any]:
    options.setdefault("today", TODAY)  # a report's lateness counts from it: never the real date
    if kind != "gaps":
        options.setdefault("scenario", "blended")
    if kind == "checklist":
        options.setdefault("role", "abp")
    return build_report(kind, playbook, load_profile(example, playbook), lang, **options)


# --- HTML ----------------------------------------------------------------------------------

def test_html_plan_has_a_row_a_box_and_a_bar_per_task(bundled_playbook) -> None:
    data = build(bundled_playbook, "plan")
    tree = parse(render("plan", "html", data))
    n = len(data["tasks"])
    assert n > 50
    assert [r["data-id"] for r in tree.find("tr", "task")] == [t["id"] for c in wave_columns(data["tasks"]) for t in sorted(c, key=lambda t: t["order"])]
    graph = tree.find("svg", "graph")
    assert len(graph) == 1
    assert sorted(g["data-id"] for g in tree.find("g", "task")) == sorted(t["id"] for t in data["tasks"])
    assert len(tree.find("path", "edge")) == sum(len(t["depends_on"]) for t in data["tasks"])
    assert sorted(b["data-id"] for b in tree.find("rect", "bar")) == sorted(t["id"] for t in data["tasks"])
    assert len(tree.find("svg", "gantt")) == data["summary"]["waves"]
    # a term-start and a today line in every timeline, and once more in each timeline's legend
    assert len(tree.find("line", "term")) == len(tree.find("line", "today")) == 2 * data["summary"]["waves"]
    text = " ".join(tree.text)
    assert "Бүгүнкү күн: 2020-ж., 5-август" in text  # the running header: --today, formatted in Kyrgyz
    assert data["institution"]["name"] in text


def test_html_is_self_contained_and_escaped(bundled_playbook) -> None:
    data = build(bundled_playbook, "plan")
    data["institution"]["name"] = '<script>alert("x")</script> & Co'
    data["tasks"][0]["title"] = "<b>bold</b>"
    for kind, d in (("plan", data), ("gaps", build(bundled_playbook, "gaps")), ("checklist", build(bundled_playbook, "checklist"))):
        html = render(kind, "html", d)
        assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//|@import|url\((?!#)|<link\b""", html), kind
        assert html.count("<script>") <= 1
    html = render("plan", "html", data)
    assert "<script>alert" not in html and "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; Co" in html
    assert "&lt;b&gt;bold&lt;/b&gt;" in html


def test_html_gaps_draws_a_bar_per_area_and_scenario(bundled_playbook) -> None:
    data = build(bundled_playbook, "gaps", UNIVERSITY, "ru")
    tree = parse(render("gaps", "html", data))
    expected = sorted((s["scenario"], a["area"]) for s in data["scenarios"] for a in s["areas"] if a["readiness"] is not None)
    bars = tree.find("rect", "readiness")
    assert len(bars) == len(expected) > 12
    assert sorted({b["data-scenario"] for b in bars}) == sorted(s["scenario"] for s in data["scenarios"])
    groups = [g["data-area"] for g in tree.find("g", "area-group")]
    assert groups == [a for a in data["labels"]["areas"] if any(x[1] == a for x in expected) or a in groups]
    assert len(tree.find("section", "scenario")) == 3
    text = " ".join(tree.text)
    assert "Отчёт о пробелах в готовности" in text and "1 сентября 2020\u202fг." in text


def test_html_checklist_has_a_box_per_task_and_step(bundled_playbook) -> None:
    data = build(bundled_playbook, "checklist", UNIVERSITY, "en", role="okk")
    tree = parse(render("checklist", "html", data))
    boxes = tree.find("input")
    assert all(b["type"] == "checkbox" for b in boxes)
    assert len(boxes) == len(data["items"]) + sum(len(i["steps"]) for i in data["items"]) > 3
    labels = {a["for"] for a in tree.find("label")}
    assert {b["id"] for b in boxes} <= labels
    assert [d["data-id"] for d in tree.find("div", "item")] == [i["id"] for a in data["labels"]["areas"] for i in data["items"] if i["area"] == a]


def test_in_progress_work_is_shown_prefilled(bundled_playbook) -> None:
    data = build(bundled_playbook, "checklist", UNIVERSITY, "ky", role="abp")
    item = next(i for i in data["items"] if i["id"] == "hr.qualification-courses")
    assert item["responsible"] == "Кожобеков К. Г." and item["progress"] == {"date": "2020-08-03", "note": "Курстар 20-28-августта өтөт"}
    html = render("checklist", "html", data)
    assert "Кожобеков К. Г." in html and "2020-08-03" in html


# --- SVG layout ------------------------------------------------------------------------------

def test_graph_layout_columns_are_waves_and_arrows_go_forward(bundled_playbook) -> None:
    tasks = build(bundled_playbook, "plan")["tasks"]
    g = dependency_graph(tasks)
    box = {b.id: b for b in g.boxes}
    wave = {t["id"]: t["wave"] for t in tasks}
    xs = {w: {box[t].x for t in box if wave[t] == w} for w in set(wave.values())}
    assert all(len(v) == 1 for v in xs.values())  # one column per wave
    assert sorted(xs, key=lambda w: next(iter(xs[w]))) == sorted(xs)
    for e in g.edges:
        assert box[e.source].x < box[e.target].x
    cells = {(b.x, b.y) for b in g.boxes}
    assert len(cells) == len(g.boxes)  # no two boxes overlap
    assert max(b.y + b.h for b in g.boxes) <= g.height and max(b.x + b.w for b in g.boxes) <= g.width
    assert dependency_graph(list(tasks)) == g


def test_pictures_show_a_task_title_as_text(bundled_playbook) -> None:
    """The graph and the timeline are drawn in Python: a title with markup is text in both (as
    the SVG's own reader sees it), never an element or an attribute."""
    data = build(bundled_playbook, "plan")
    evil = '<b onload="alert(1)">&amp;\' x'
    data["tasks"][0] = dict(data["tasks"][0], title=evil, id='t"><b>')
    for picture in (graph_svg(data["tasks"], "ky"), timeline_svg(data, data["tasks"], timeline_range(data), "ky")):
        root = ElementTree.fromstring(str(picture))
        assert not [e for e in root.iter() if e.tag.rsplit("}", 1)[-1] == "b"]
        assert f'{data["tasks"][0]["order"]}. {evil} (t"><b>)' in [e.text for e in root.iter()]
        assert 't"><b>' in [e.get("data-id") for e in root.iter()]


def test_a_fact_value_in_html_is_shown_as_the_reports_show_it() -> None:
    """The HTML reports' filter ``shown``: an item of a list not known is a dash (the whole value
    not known is said in words), numbers in the language's own separators, yes and no as words."""
    from readiness.render.jinja import environment, shown_fact

    assert shown_fact([1, None, 2.5, True], "ru") == "1, —, 2,5, да"
    assert shown_fact(None, "en") == "unknown" and shown_fact(12000.5, "ky") == "12\u00a0000,5"
    page = environment().from_string("{{ v | shown(lang) }}").render(v=["<b>", None], lang="en")
    assert page == "&lt;b&gt;, —"


# --- CSV -------------------------------------------------------------------------------------

def read_csv(raw: bytes, delimiter: str = ";") -> list[list[str]]:
    assert raw.startswith(b"\xef\xbb\xbf"), "no BOM: Excel would misread the Kyrgyz letters"
    assert b"\r\n" in raw and not raw[3:].startswith(b"sep=")
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline=""), delimiter=delimiter))


def test_sheet_names_are_cut_at_a_word_and_stay_unique() -> None:
    from readiness.render.tabular import shorten

    long = "Окуу процессин уюштуруу жана санитардык талаптар"
    assert shorten(long, 31) == "Окуу процессин уюштуруу жана…" and len(shorten(long, 31)) <= 31
    assert shorten("Кыска", 31) == "Кыска"
    assert len(shorten("Ы" * 40, 31)) == 31


def test_csv_delimiter_is_the_list_separator_of_the_language(bundled_playbook) -> None:
    """Excel under Russian or Kyrgyz regional settings splits on ';' (their decimal mark is ','):
    ky and ru reports use it; English ones keep the comma."""
    for lang, sep in (("ky", ";"), ("ru", ";"), ("en", ",")):
        raw = render("plan", "csv", build(bundled_playbook, "plan", lang=lang))
        header = read_csv(raw, sep)[0]
        assert len(header) == 17 and header[0] in ("№", "#"), lang


def test_plan_csv_has_a_row_per_task_with_kyrgyz_letters(bundled_playbook) -> None:
    data = build(bundled_playbook, "plan")
    rows = read_csv(render("plan", "csv", data))
    header, body = rows[0], rows[1:]
    assert header[:4] == ["№", "Толкун", "Коду", "Милдет"] and "Жооптуу адам" in header and "Эскертүү" in header
    assert [r[2] for r in body] == [t["id"] for t in data["tasks"]]
    assert [r[3] for r in body] == [t["title"] for t in data["tasks"]]
    assert KYRGYZ_LETTERS <= set("".join(r[3] for r in body))
    assert {r[header.index("Мөөнөтү")] for r in body} == {t["due"] for t in data["tasks"]}


def test_gaps_and_checklist_csv(bundled_playbook) -> None:
    gaps = build(bundled_playbook, "gaps", lang="ru")
    rows = read_csv(render("gaps", "csv", gaps))
    assert rows[0][:2] == ["Сценарий", "Направление"]
    assert len(rows) - 1 == sum(len(s["areas"]) for s in gaps["scenarios"])
    check = build(bundled_playbook, "checklist")
    rows = read_csv(render("checklist", "csv", check))
    assert [r[1] for r in rows[1:]] == [i["id"] for i in check["items"]]
    steps = rows[0].index("Кадамдар")
    assert rows[1][steps].split("\n") == [s["text"] for s in check["items"][0]["steps"]]


# --- XLSX ------------------------------------------------------------------------------------

def open_xlsx(raw: bytes) -> Any:
    openpyxl = pytest.importorskip("openpyxl")
    return openpyxl.load_workbook(io.BytesIO(raw))


FILL_IN_KY = ["Жооптуу адам", "Абалы", "Күнү", "Далили (буйрук, шилтеме, файл)", "Эскертүү"]


def test_plan_xlsx_has_a_sheet_per_area_with_fill_in_columns(bundled_playbook) -> None:
    data = build(bundled_playbook, "plan", UNIVERSITY)
    raw = render("plan", "xlsx", data)
    assert raw == render("plan", "xlsx", data)  # byte-identical
    wb = open_xlsx(raw)
    areas = [a for a in data["labels"]["areas"] if any(t["area"] == a for t in data["tasks"])]
    assert len(wb.sheetnames) == 1 + len(areas)
    assert wb.properties.created == datetime(2020, 8, 5)
    seen = []
    for aid, ws in zip(areas, wb.worksheets[1:]):
        title = re.sub(r"[\[\]:*?/\\]", "-", data["labels"]["areas"][aid])
        assert ws.title == title or (len(ws.title) <= 31 and ws.title.endswith("…") and title.startswith(ws.title[:-1])
                                     and title[len(ws.title) - 1] in " ,-")  # cut after a whole word
        assert ws.freeze_panes == "A2"
        # printing: A4 landscape, the header row on every page, every column on the page's width
        assert (ws.page_setup.paperSize, ws.page_setup.orientation) == (9, "landscape")
        assert ws.print_title_rows in ("1:1", "$1:$1") and ws.sheet_properties.pageSetUpPr.fitToPage
        assert ws.page_setup.fitToWidth in (None, 1) and ws.page_setup.fitToHeight == 0  # None: the default, 1
        assert ws.auto_filter.ref == f"A1:{ws.cell(1, ws.max_column).column_letter}{ws.max_row}"
        header = [c.value for c in ws[1]]
        assert all(h in header for h in FILL_IN_KY)
        assert ws.data_validations.dataValidation, "the status column offers a list"
        for row in ws.iter_rows(min_row=2, values_only=True):
            record = dict(zip(header, row))
            seen.append(record["Коду"])
            assert isinstance(record["Мөөнөтү"], datetime)
            if record["Коду"] == "hr.qualification-courses":
                assert record["Жооптуу адам"] == "Кожобеков К. Г." and record["Абалы"] == "аткарылууда"
                assert record["Күнү"] == datetime(2020, 8, 3) and record["Эскертүү"] == "Курстар 20-28-августта өтөт"
    assert sorted(seen) == sorted(t["id"] for t in data["tasks"]) and "hr.qualification-courses" in seen


def test_gaps_xlsx_summary_has_the_scenarios_side_by_side(bundled_playbook) -> None:
    data = build(bundled_playbook, "gaps", UNIVERSITY, "en")
    wb = open_xlsx(render("gaps", "xlsx", data))
    ws = wb.worksheets[0]
    assert ws.title == "Summary" and ws.freeze_panes == "A2" and ws.auto_filter.ref
    header = [c.value for c in ws[1]]
    for s in data["scenarios"]:
        assert f'{data["labels"]["scenarios"][s["scenario"]]}: readiness' in header
    rows = {r[0]: r for r in ws.iter_rows(min_row=2, values_only=True)}
    for s in data["scenarios"]:
        col = header.index(f'{data["labels"]["scenarios"][s["scenario"]]}: readiness')
        for a in s["areas"]:
            value = rows[data["labels"]["areas"][a["area"]]][col]
            assert value == (a["readiness"] if a["readiness"] is not None else None)
        assert rows["Total"][col] == s["total"]["readiness"]
    assert "Requirements" in wb.sheetnames
    task_rows = sum(ws.max_row - 1 for ws in wb.worksheets[2:])
    assert task_rows == len(data["tasks"])


# --- iCalendar ---------------------------------------------------------------------------------

def parse_ics(raw: bytes) -> list[dict[str, str]]:
    assert raw.endswith(b"\r\n") and b"\n" not in raw.replace(b"\r\n", b"")
    physical = raw.split(b"\r\n")[:-1]
    assert all(len(line) <= 75 for line in physical)
    text = raw.decode("utf-8").replace("\r\n ", "")  # unfold
    events, current = [], None
    for line in text.split("\r\n"):
        if line == "BEGIN:VEVENT":
            current = {}
        elif line == "END:VEVENT":
            events.append(current)
            current = None
        elif current is not None and line:
            name, _, value = line.partition(":")
            current[name.split(";")[0]] = value
    return events


def unescape(text: str) -> str:
    return re.sub(r"\\(.)", lambda m: "\n" if m.group(1) in "nN" else m.group(1), text)


def test_plan_ics_has_an_event_per_task_on_its_due_date(bundled_playbook) -> None:
    data = build(bundled_playbook, "plan")
    raw = render("plan", "ics", data)
    events = parse_ics(raw)
    assert len(events) == len(data["tasks"])
    assert len({e["UID"] for e in events}) == len(events)
    for e, t in zip(events, data["tasks"]):
        assert e["DTSTART"] == t["due"].replace("-", "")
        assert e["UID"] == f'{t["id"]}.blended.naryn-lyceum-12@readiness'
        assert e["DTSTAMP"] == "20200805T000000Z"
        assert unescape(e["SUMMARY"]) == t["title"]
        assert ("RRULE" in e) == bool(t["repeat_days"])
        if t["repeat_days"]:
            assert e["RRULE"] == f'FREQ=DAILY;INTERVAL={t["repeat_days"]}'
        assert f'Булак: {", ".join(t["source"])}' in unescape(e["DESCRIPTION"])
    assert any("RRULE" in e for e in events)


@pytest.mark.parametrize("text", ["a" * 200, "ү" * 100, "x" + "ө" * 80, "SUMMARY:" + "ab,ң" * 40])
def test_folding_keeps_lines_short_and_characters_whole(text: str, bundled_playbook) -> None:
    data = build(bundled_playbook, "plan")
    data["tasks"][0]["title"] = text
    raw = render("plan", "ics", data)
    for line in raw.split(b"\r\n"):
        assert len(line) <= 75
        line.decode("utf-8")  # no character cut in two
    assert unescape(parse_ics(raw)[0]["SUMMARY"]) == text


# --- CLI -------------------------------------------------------------------------------------

def test_cli_writes_xlsx_to_a_file_and_refuses_a_terminal(tmp_path: Path, monkeypatch) -> None:
    target = tmp_path / "plan.xlsx"
    result = CliRunner().invoke(main, ["plan", str(LYCEUM), "-s", "blended", "--format", "xlsx", "-o", str(target), "--today", "2020-08-05", "--lang", "ky"])
    assert result.exit_code == 0, result.output
    assert target.read_bytes()[:2] == b"PK" and open_xlsx(target.read_bytes()).sheetnames[0] == "Кыскача"

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.setattr(sys, "stdout", Terminal())
    with pytest.raises(UsageError) as info:
        report_command.run("plan", LYCEUM, None, "xlsx", Session("ky"), None, scenario="blended", today=TODAY)
    assert info.value.diagnostics[0].code == "O003" and "-o" in info.value.diagnostics[0].hint


@pytest.mark.parametrize("fmt", ["html", "csv", "ics"])
def test_cli_formats_are_offered(fmt: str) -> None:
    result = CliRunner().invoke(main, ["plan", str(LYCEUM), "-s", "2", "--format", fmt, "--today", "2020-08-05"])
    assert result.exit_code == 0, result.output
    assert result.stdout_bytes


# --- goldens -----------------------------------------------------------------------------------

def golden_bytes(path: Path, actual: bytes, update: bool) -> None:
    """golden() for formats whose line ends matter (CSV and iCalendar use CRLF): compared as bytes."""
    if update or not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(actual)
        if not update:
            pytest.fail(f"golden file {path} was missing and has been written; review and commit it")
    assert actual == path.read_bytes(), f"output differs from {path}; run pytest --update-goldens and review the diff"


def _cli(*args: str) -> bytes:
    result = CliRunner().invoke(main, [*args, "--today", "2020-08-05"])  # every report at a fixed date, never the real one
    assert result.exit_code == 0, result.output
    return result.stdout_bytes


@pytest.mark.parametrize("lang", ["ky", "ru", "en"])
def test_html_goldens(lang: str, update_goldens: bool) -> None:
    out = _cli("plan", str(LYCEUM), "-s", "blended", "--lang", lang, "--format", "html").decode("utf-8")
    golden(GOLDEN / f"plan-rural-lyceum-naryn-blended.{lang}.html", out, update_goldens)
    out = _cli("checklist", str(LYCEUM), "-s", "blended", "-r", "abp", "--lang", lang, "--format", "html").decode("utf-8")
    golden(GOLDEN / f"checklist-rural-lyceum-naryn-blended-abp.{lang}.html", out, update_goldens)


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_csv_goldens(example: Path, update_goldens: bool) -> None:
    out = _cli("plan", str(example), "-s", "blended", "--format", "csv", "--lang", "ky")
    golden_bytes(GOLDEN / f"plan-{example.stem}-blended.ky.csv", out, update_goldens)
    out = _cli("gaps", str(example), "--lang", "ru", "--format", "csv")
    golden_bytes(GOLDEN / f"gaps-{example.stem}.ru.csv", out, update_goldens)


def test_ics_golden(update_goldens: bool) -> None:
    out = _cli("plan", str(UNIVERSITY), "-s", "blended", "--lang", "en", "--format", "ics")
    golden_bytes(GOLDEN / "plan-state-university-osh-blended.en.ics", out, update_goldens)


def xlsx_dump(raw: bytes) -> str:
    """A reviewable text of a workbook: per sheet, its panes, filter and cell values."""
    wb = open_xlsx(raw)
    lines = []
    for ws in wb.worksheets:
        lines.append(f"## {ws.title} | freeze={ws.freeze_panes} | filter={ws.auto_filter.ref}")
        for row in ws.iter_rows(values_only=True):
            lines.append("\t".join("" if v is None else v.date().isoformat() if isinstance(v, datetime) else str(v) for v in row))
    return "\n".join(lines) + "\n"


def test_xlsx_golden(update_goldens: bool) -> None:
    golden(GOLDEN / "gaps-state-university-osh.ky.xlsx.txt", xlsx_dump(_cli("gaps", str(UNIVERSITY), "--format", "xlsx", "--lang", "ky")), update_goldens)


def test_every_listed_format_has_a_renderer_and_every_renderer_is_listed() -> None:
    from readiness.render.formats import FORMATS, KINDS
    from readiness.render.registry import RENDERERS

    listed = {(kind, fmt) for kind, fmts in KINDS.items() for fmt in fmts}
    assert listed == set(RENDERERS)
    assert {fmt for _, fmt in listed} <= set(FORMATS)
