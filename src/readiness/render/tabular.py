"""Reports as spreadsheets: CSV (UTF-8 with a BOM, so Excel reads Kyrgyz letters) and XLSX.

CSV's delimiter follows the report's language (README.md, "Reports"): a
semicolon in Kyrgyz and Russian, whose regional settings in Windows make the decimal separator a
comma and Excel's list separator a semicolon, so Excel opens the file in columns by double-click;
a comma in English. No ``sep=`` line: LibreOffice shows it as a row, and Excel then ignores the
BOM. LibreOffice asks for the separator on opening and detects the semicolon.

XLSX is written with XlsxWriter (imported lazily): write-only, no dependencies of its own, and
byte-identical output once the document's creation date is fixed (to --today or the term start).
The sheets have the columns people fill in (responsible person, status, date, evidence,
comment), pre-filled from the profile's progress where it says something.
"""
from __future__ import annotations

import csv
import io
import re
from itertools import chain
from datetime import date, datetime
from typing import Any, Iterable, Iterator

from ..i18n import message

BOM = "\ufeff"
FILL_IN = ("label.responsible_person", "label.status", "label.date", "label.evidence", "label.comment")
STATUSES = ("open", "in_progress", "done")
VERDICTS = ("ready", "ready_pending", "on_track", "at_risk", "cannot")  # the aggregate's counts per verdict (its schema)
HISTOGRAM_BINS = 10  # the aggregate report's histograms: ten bins of ten points (schemas/aggregate.schema.json)


# A spreadsheet reads a cell that starts with one of these as a formula (OWASP "CSV injection");
# the fullwidth forms too, in some locales. Such a text cell gets a leading single quote, which
# spreadsheets show as text and hide; numbers are written as numbers.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "＝", "＋", "－", "＠")


def neutral(value: Any) -> Any:
    """A CSV cell that no spreadsheet runs: a text starting like a formula gets a leading ``'``."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


DELIMITERS = {"ky": ";", "ru": ";", "en": ","}


def _csv(header: list[str], rows: Iterable[list[Any]], lang: str = "en") -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=DELIMITERS.get(lang, ","), lineterminator="\r\n")
    writer.writerow([neutral(v) for v in header])
    writer.writerows([neutral(v) for v in row] for row in rows)
    return (BOM + out.getvalue()).encode("utf-8")


def _flags(task: dict[str, Any], lang: str) -> str:
    return ", ".join(message("flag." + f, lang) for f in task["flags"])


def _fill_in(task: dict[str, Any], lang: str) -> list[Any]:
    """Responsible person, status, date, evidence, comment, as far as the profile knows them."""
    progress = task.get("progress") or {}
    return [task.get("responsible") or "", message("status." + task["status"], lang), progress.get("date", ""),
            progress.get("evidence", ""), progress.get("note", "")]


# --- plan ----------------------------------------------------------------------------------

PLAN_COLUMNS = ("label.number", "label.wave", "label.id", "label.task", "label.area", "label.actor", "label.start",
                "label.due", "label.duration", "label.depends_on", "label.flags", *FILL_IN, "label.source")


def _plan_row(task: dict[str, Any], data: dict[str, Any]) -> list[Any]:
    lang, labels = data["lang"], data["labels"]
    return [task["order"], task["wave"], task["id"], task["title"], labels["areas"][task["area"]],
            labels["actors"][task["actor"]], task["start"], task["due"], task["duration"],
            ", ".join(task["depends_on"]), _flags(task, lang), *_fill_in(task, lang), ", ".join(task["source"])]


def plan_csv(data: dict[str, Any]) -> bytes:
    lang = data["lang"]
    return _csv([message(k, lang) for k in PLAN_COLUMNS], (_plan_row(t, data) for t in data["tasks"]), lang)


# --- gaps ----------------------------------------------------------------------------------

GAP_COLUMNS = ("label.scenario", "label.area", "label.applicable", "label.done", "label.waived", "label.open",
               "label.readiness", "label.unmet_requirements", "label.triggered_risks", "label.unknowns")


def _gap_rows(data: dict[str, Any]) -> list[list[Any]]:
    labels = data["labels"]
    rows = []
    for s in data["scenarios"]:
        for a in s["areas"]:
            rows.append([labels["scenarios"][s["scenario"]], labels["areas"][a["area"]], a["applicable"], a["done"],
                         a["waived"], a["open"], "" if a["readiness"] is None else a["readiness"],
                         len(a["unmet_requirements"]), len(a["triggered_risks"]), a["unknowns"]])
    return rows


def gaps_csv(data: dict[str, Any]) -> bytes:
    return _csv([message(k, data["lang"]) for k in GAP_COLUMNS], _gap_rows(data), data["lang"])


# --- checklist -----------------------------------------------------------------------------

CHECKLIST_COLUMNS = ("label.number", "label.id", "label.task", "label.area", "label.actor", "label.start", "label.due",
                     "label.flags", "label.steps", *FILL_IN)


def checklist_csv(data: dict[str, Any]) -> bytes:
    lang, labels = data["lang"], data["labels"]
    rows = ([t["order"], t["id"], t["title"], labels["areas"][t["area"]], labels["actors"][t["actor"]], t["start"], t["due"],
             _flags(t, lang), "\n".join(s["text"] for s in t["steps"]), *_fill_in(t, lang)] for t in data["items"])
    return _csv([message(k, lang) for k in CHECKLIST_COLUMNS], rows, lang)


# --- XLSX ----------------------------------------------------------------------------------

WIDTHS = {"label.number": 5, "label.wave": 7, "label.id": 26, "label.task": 60, "label.area": 24, "label.actor": 22,
          "label.start": 12, "label.due": 12, "label.duration": 8, "label.depends_on": 28, "label.flags": 18,
          "label.responsible_person": 22, "label.status": 14, "label.date": 12, "label.evidence": 28,
          "label.comment": 30, "label.source": 16, "label.open_in": 14, "label.requirement": 50, "label.threshold": 14}
DATE_COLUMNS = {"label.start", "label.due", "label.date"}
INVALID_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")
# every workbook: a text is written as a text, never turned into a number, a formula or a link
DATA_ONLY = {"in_memory": True, "strings_to_numbers": False, "strings_to_formulas": False, "strings_to_urls": False}


def _write_value(ws: Any, r: int, c: int, value: Any, fmt: Any = None) -> None:
    """One cell by its type: numbers and booleans as such, anything else as a text (write_string)."""
    if isinstance(value, bool):
        ws.write_boolean(r, c, value, fmt)
    elif isinstance(value, (int, float)):
        ws.write_number(r, c, value, fmt)
    elif value is None or value == "":
        ws.write_blank(r, c, None, fmt)
    else:
        ws.write_string(r, c, str(value), fmt)


SHEET_NAME_MAX = 31


def shorten(text: str, limit: int) -> str:
    """``text`` within ``limit`` characters, cut after a whole word or a hyphenated part of one
    (mid-word only when the first word alone is too long), with "…" where something was cut."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    breaks = [i for i, c in enumerate(cut) if c in " -" and i > 0]
    if breaks and text[limit - 1] not in " -":
        cut = cut[: breaks[-1]]
    return cut.rstrip(" ,.;:-–—(") + "…"


class Book:
    """An XlsxWriter workbook in memory with the formats and habits every sheet shares."""

    def __init__(self, data: dict[str, Any], title: str) -> None:
        import xlsxwriter  # lazy: only XLSX output needs it

        self.data, self.lang = data, data["lang"]
        self.buffer = io.BytesIO()
        self.wb = xlsxwriter.Workbook(self.buffer, DATA_ONLY)
        created = datetime.combine(date.fromisoformat(data.get("today") or data["term_start"]), datetime.min.time())
        self.wb.set_properties({"title": title, "author": data["generator"], "company": data["institution"]["name"],
                                "created": created, "comments": data["profile"]})
        self.header = self.wb.add_format({"bold": True, "bg_color": "#EEF1F5", "border": 1, "text_wrap": True, "valign": "top"})
        self.text = self.wb.add_format({"text_wrap": True, "valign": "top"})
        self.date = self.wb.add_format({"num_format": "yyyy-mm-dd", "valign": "top"})
        self.fill = self.wb.add_format({"bg_color": "#FFF8DC", "text_wrap": True, "valign": "top", "border": 1, "border_color": "#D9D9D9"})
        self.fill_date = self.wb.add_format({"bg_color": "#FFF8DC", "num_format": "yyyy-mm-dd", "valign": "top", "border": 1, "border_color": "#D9D9D9"})
        self.percent = self.wb.add_format({"num_format": "0\" %\"", "valign": "top"})
        self.bold = self.wb.add_format({"bold": True})
        self.names: set[str] = set()

    def sheet_name(self, text: str) -> str:
        """Excel's rules: at most 31 characters, none of []:*?/\\, unique regardless of case;
        a longer name is cut at a word boundary and ends in "…"."""
        base = shorten(INVALID_SHEET_CHARS.sub("-", text).strip("' "), SHEET_NAME_MAX) or "-"
        name, n = base, 1
        while name.lower() in self.names:
            n += 1
            name = shorten(base, SHEET_NAME_MAX - len(str(n)) - 1) + f"~{n}"
        self.names.add(name.lower())
        return name

    def print_setup(self, ws: Any) -> None:
        """A4, landscape, the header row on every page, all columns on the page's width."""
        ws.set_paper(9)
        ws.set_landscape()
        ws.repeat_rows(0)
        ws.fit_to_pages(1, 0)

    def table(self, title: str, columns: tuple[str, ...] | list[str], rows: list[list[Any]],
              headers: list[str] | None = None) -> Any:
        """A sheet with a frozen header row, an autofilter and widths per column kind."""
        ws = self.wb.add_worksheet(self.sheet_name(title))
        heads = headers or [message(c, self.lang) for c in columns]
        for c, (key, head) in enumerate(zip(columns, heads)):
            ws.set_column(c, c, WIDTHS.get(key, 14))
            ws.write_string(0, c, head, self.header)
        for r, row in enumerate(rows, start=1):
            for c, (key, value) in enumerate(zip(columns, row)):
                self.cell(ws, r, c, key, value)
        ws.freeze_panes(1, 0)
        ws.autofilter(0, 0, max(len(rows), 1), len(columns) - 1)
        self.print_setup(ws)
        status_col = list(columns).index("label.status") if "label.status" in columns else None
        if status_col is not None and rows:
            ws.data_validation(1, status_col, len(rows), status_col, {
                "validate": "list", "source": [message("status." + s, self.lang) for s in STATUSES],
                "ignore_blank": True, "error_type": "warning"})
        return ws

    def cell(self, ws: Any, r: int, c: int, key: str, value: Any) -> None:
        filled = key in FILL_IN
        if key in DATE_COLUMNS and isinstance(value, str) and value:
            ws.write_datetime(r, c, datetime.fromisoformat(value), self.fill_date if filled else self.date)
        elif isinstance(value, (int, float)) and not isinstance(value, bool):
            ws.write_number(r, c, value, self.percent if key == "label.readiness" else None)
        elif value in ("", None):
            ws.write_blank(r, c, None, self.fill if filled else None)
        else:
            ws.write_string(r, c, str(value), self.fill if filled else self.text)

    def close(self) -> bytes:
        self.wb.close()
        return self.buffer.getvalue()


def _by_area(data: dict[str, Any], rows: list[dict[str, Any]]) -> list[tuple[str, list[dict[str, Any]]]]:
    """Rows grouped per area in the playbook's order of areas; areas without rows are left out."""
    return [(aid, [r for r in rows if r["area"] == aid]) for aid in data["labels"]["areas"]
            if any(r["area"] == aid for r in rows)]


def _meta_sheet(book: Book, title: str, pairs: list[tuple[str, Any]]) -> Any:
    ws = book.wb.add_worksheet(book.sheet_name(title))
    ws.set_column(0, 0, 32)
    ws.set_column(1, 1, 60)
    ws.write_string(0, 0, title, book.bold)
    for r, (key, value) in enumerate(pairs, start=2):
        ws.write_string(r, 0, message(key, book.lang))
        book.cell(ws, r, 1, "label.date" if key in ("label.term_start", "label.today", "label.finish") else key, value)
    return ws


def plan_xlsx(data: dict[str, Any]) -> bytes:
    lang, labels = data["lang"], data["labels"]
    book = Book(data, f'{message("plan.title", lang)}: {data["institution"]["name"]}')
    s = data["summary"]
    _meta_sheet(book, message("label.summary", lang), [
        ("label.institution", data["institution"]["name"]), ("label.scenario", labels["scenarios"][data["scenario"]]),
        ("label.term_start", data["term_start"]), ("label.today", data["today"] or ""),
        ("label.open_tasks", s["open"]), ("label.waves", s["waves"]), ("label.done", s["done"]),
        ("label.overdue", s["overdue"]), ("label.late", s["late"]), ("label.triggered_risks", s["triggered_risks"]),
        ("label.questions", s["questions"]), ("label.finish", s["finish"] or "")])
    for aid, tasks in _by_area(data, data["tasks"]):
        book.table(labels["areas"][aid], PLAN_COLUMNS, [_plan_row(t, data) for t in tasks])
    return book.close()


GAP_TASK_COLUMNS = ("label.id", "label.task", "label.actor", "label.open_in", *FILL_IN, "label.source")


def gaps_xlsx(data: dict[str, Any]) -> bytes:
    lang, labels = data["lang"], data["labels"]
    book = Book(data, f'{message("gaps.title", lang)}: {data["institution"]["name"]}')
    _gaps_summary(book, data)
    _requirements_sheet(book, data)
    numbers = {sid: i + 1 for i, sid in enumerate(labels["scenarios"])}
    for aid, tasks in _by_area(data, data["tasks"]):
        rows = [[t["id"], t["title"], labels["actors"][t["actor"]], ", ".join(str(numbers[s]) for s in t["open_in"]),
                 *_fill_in(t, lang), ", ".join(t["source"])] for t in tasks]
        book.table(labels["areas"][aid], GAP_TASK_COLUMNS, rows)
    return book.close()


def _gaps_summary(book: Book, data: dict[str, Any]) -> None:
    """Areas down, the three scenarios side by side: readiness, done of applicable."""
    lang, labels = data["lang"], data["labels"]
    scenarios = data["scenarios"]
    columns = ["label.area"] + [k for _ in scenarios for k in ("label.readiness", "label.done", "label.applicable")]
    headers = [message("label.area", lang)] + [f'{labels["scenarios"][s["scenario"]]}: {message(k, lang).lower()}'
                                               for s in scenarios for k in ("label.readiness", "label.done", "label.applicable")]
    areas = {(s["scenario"], a["area"]): a for s in scenarios for a in s["areas"]}
    rows: list[list[Any]] = []
    for aid, title in labels["areas"].items():
        row: list[Any] = [title]
        for s in scenarios:
            a = areas[(s["scenario"], aid)]
            row += ["" if a["readiness"] is None else a["readiness"], a["done"] + a["waived"], a["applicable"]]
        rows.append(row)
    total: list[Any] = [message("label.total", lang)]
    status: list[Any] = [message("label.status", lang)]
    for s in scenarios:
        t = s["total"]
        total += ["" if t["readiness"] is None else t["readiness"], t["done"] + t["waived"], t["applicable"]]
        status += [message("status." + s["status"], lang), "", ""]
    waived = [[f'{w["id"]}: {w["reason"]}' for w in (s.get("verdict") or {}).get("waived", [])] for s in scenarios]
    extra: list[list[Any]] = []
    if any(waived):  # a "ready" that set a blocking task aside says so under it
        extra.append([message("label.waived_blocking", lang)] + [c for w in waived for c in ("\n".join(w), "", "")])
    ws = book.table(message("label.summary", lang), columns, rows + [total, status, *extra], headers)
    ws.set_column(1, len(columns) - 1, 14)
    ws.set_row(0, 60)


def _requirements_sheet(book: Book, data: dict[str, Any]) -> None:
    lang, labels = data["lang"], data["labels"]
    scenarios = data["scenarios"]
    reqs: dict[str, dict[str, Any]] = {}
    for s in scenarios:
        for r in s["requirements"]:
            reqs.setdefault(r["id"], {**r, "by": {}})["by"][s["scenario"]] = r
    if not reqs:
        return
    columns = ["label.id", "label.requirement", "label.area", "label.threshold"] + [f"scenario:{s['scenario']}" for s in scenarios]
    headers = [message(k, lang) for k in columns[:4]] + [labels["scenarios"][s["scenario"]] for s in scenarios]
    rows = []
    for rid in sorted(reqs):
        r = reqs[rid]
        cells = [_requirement_cell(r["by"].get(s["scenario"]), lang) for s in scenarios]
        rows.append([rid, r["title"], labels["areas"][r["area"]], f'{r["op"]} {r["threshold"]} {r["unit"]}'.strip(), *cells])
    ws = book.table(message("label.requirements", lang), columns, rows, headers)
    ws.set_column(4, 3 + len(scenarios), 24)


def _requirement_cell(r: dict[str, Any] | None, lang: str) -> str:
    if r is None:
        return "—"
    value = "—" if r["value"] is None else f'{r["value"]} {r["unit"]}'.strip()
    return f'{message("status." + r["status"], lang)} ({value})'


__all__ = ["plan_csv", "gaps_csv", "checklist_csv", "plan_xlsx", "gaps_xlsx"]


# --- aggregate -----------------------------------------------------------------------------

def aggregate_rows(report: dict[str, Any]) -> dict[str, Iterable[list[Any]]]:
    """The report as flat tables (header row first), for CSV and XLSX. Suppressed groups have one
    row saying so and no figures. The tables of stale and unusable profiles are made as they are
    read (the report may hold them as :class:`~readiness.rows.Rows`)."""
    L = report["labels"]
    status: list[list[Any]] = [["breakdown", "group", "institutions", "scenario", "planned", *VERDICTS, "suppressed"]]
    areas: list[list[Any]] = [["breakdown", "group", "scenario", "area", "n", "min", "q1", "median", "q3", "max", "mean",
              *(f"bin_{10 * i}" for i in range(HISTOGRAM_BINS))]]
    items: list[list[Any]] = [["breakdown", "group", "scenario", "kind", "rank", "id", "title", "count"]]
    for breakdown, group in _groups(report):
        if group["suppressed"]:
            status.append([breakdown, group["label"], None, None, None, *(None for _ in VERDICTS), True])
            continue
        for s in group["scenarios"]:
            status.append([breakdown, group["label"], group["institutions"], s["scenario"], s["planned"],
                           *(s[v] for v in VERDICTS), False])
            for a in [*s["areas"], {"area": "total", **s["total"]}]:
                areas.append([breakdown, group["label"], s["scenario"], a["area"], a["n"], a["min"], a["q1"], a["median"],
                              a["q3"], a["max"], a["mean"], *a["histogram"]])
            for kind, key, labels in (("task", "top_tasks", L["tasks"]), ("risk", "top_risks", L["risks"]), ("fact", "top_facts", L["facts"])):
                for rank, it in enumerate(s[key], 1):
                    items.append([breakdown, group["label"], s["scenario"], kind, rank, it["id"], labels.get(it["id"], it["id"]), it["count"]])
    stale = chain([["file", "institution", "updated", "age_days"]],
                  ([s["file"], s["institution"], s["updated"], s["age_days"]] for s in report["stale"]))
    dups = [["institution", "counted", "file"]] + [[d["institution"], d["counted"], f] for d in report["duplicates"] for f in d["files"]]
    errors = chain([["profile", "file", "line", "col", "code", "message", "hint"]], (
        [e["file"], f["file"], f["line"], f["col"], f["code"], f["message"], f["hint"]] for e in report["errors"] for f in e["findings"]))
    return {"status": status, "areas": areas, "top": items, "stale": stale, "duplicates": dups, "errors": errors}


def _groups(report: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    yield "national", report["national"]
    for name, groups in report["breakdowns"].items():  # region, then type
        for group in groups:
            yield name, group


CSV_PIECE = 1000  # rows of the aggregate's CSV written at a time


def aggregate_csv(report: dict[str, Any]) -> Iterator[str]:
    """One CSV of every table, in long form: a first column ``table`` names the table the row
    belongs to (status, areas, top, stale, duplicates, errors); each table starts with its header.
    Given in pieces of up to :data:`CSV_PIECE` rows, as they are made."""
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=DELIMITERS.get(report["lang"], ","), lineterminator="\r\n")  # as the other CSV reports
    buf.write(BOM)
    for name, table in aggregate_rows(report).items():
        for i, row in enumerate(table):
            writer.writerow([name if i else "table", *(neutral("" if v is None else v) for v in row)])
            if i % CSV_PIECE == CSV_PIECE - 1:
                yield buf.getvalue()
                buf.seek(0)
                buf.truncate()
    yield buf.getvalue()


def aggregate_xlsx(report: dict[str, Any]) -> bytes:
    """A workbook with one sheet per table. Fixed document dates keep the bytes reproducible."""
    import xlsxwriter  # lazy: only xlsx outputs need it

    buf = io.BytesIO()
    book = xlsxwriter.Workbook(buf, DATA_ONLY)
    stamp = datetime.fromisoformat(report["today"])
    book.set_properties({"title": message("agg.title", report["lang"]), "created": stamp, "author": report["generator"]})
    bold = book.add_format({"bold": True})
    for name, rows in aggregate_rows(report).items():
        table = list(rows)  # XlsxWriter holds every cell until the book is closed
        sheet = book.add_worksheet(name)
        for r, row in enumerate(table):
            for c, v in enumerate(row):
                _write_value(sheet, r, c, v, bold if r == 0 else None)
        sheet.freeze_panes(1, 0)
        sheet.autofilter(0, 0, max(len(table) - 1, 0), len(table[0]) - 1)
    book.close()
    return buf.getvalue()
