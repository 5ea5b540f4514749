"""The report pictures: their layouts, and the plan's two pictures drawn as inline SVG.

Pure geometry on the report dicts: the same dict gives the same numbers, so the SVG is as
deterministic as the rest of the report. Sizes are in SVG user units; the pictures scale to
the page width through their viewBox. The layouts are named tuples made by
``collections.namedtuple``, their fields' types in a comment: as dataclasses the eight classes
were 3 ms of every HTML report's start-up, as ``typing.NamedTuple`` classes 1.6 ms, as these 0.6 ms.

The dependency graph and the timelines of a plan are drawn here (:func:`graph_svg`,
:func:`timeline_svg`): a box or a bar per task, hundreds of elements, were a quarter of an
HTML plan's rendering as template macros. Every text is escaped as the templates escape it
(markupsafe); numbers are :func:`num`'s digits. The gap report's bars, a few dozen elements,
are drawn by templates/svg.html.j2.
"""
from __future__ import annotations

from datetime import date, timedelta
from collections import namedtuple
from typing import Any

from markupsafe import Markup, escape

from ..i18n import format_date, message

BOX_W, BOX_H, ROW_GAP, COL_GAP, PAD = 46, 20, 8, 58, 12
SEVERITY_CLASSES = ("overdue", "late", "start_now")

# id: str, label: str, title: str, x: float, y: float, w: float, h: float, cls: str
Box = namedtuple("Box", "id label title x y w h cls")
# source: str, target: str, d: str, cls: str
Edge = namedtuple("Edge", "source target d cls")
# width: float, height: float, boxes: list[Box], edges: list[Edge],
# waves: list[tuple[int, float]] (a wave, and the x of its column's centre)
Graph = namedtuple("Graph", "width height boxes edges waves")


def status_class(task: dict[str, Any]) -> str:
    """The one class that colours a task: its most pressing flag, or 'ok'."""
    flags = task["flags"]
    main = next((f for f in SEVERITY_CLASSES if f in flags), "ok")
    return main + (" critical" if "critical" in flags else "")


def wave_columns(tasks: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """Tasks per wave, each column ordered to keep arrows short (barycentre of its dependencies).

    The first column keeps plan order; later ones sort by the mean row of their dependencies,
    ties by plan order, so the layout is a pure function of the plan.
    """
    waves = sorted({t["wave"] for t in tasks})
    row: dict[str, int] = {}
    columns = []
    for wave in waves:
        column = [t for t in tasks if t["wave"] == wave]
        if wave != waves[0]:
            column.sort(key=lambda t: (_barycentre(t, row), t["order"]))
        for i, t in enumerate(column):
            row[t["id"]] = i
        columns.append(column)
    return columns


def _barycentre(task: dict[str, Any], row: dict[str, int]) -> float:
    deps = [row[d] for d in task["depends_on"] if d in row]
    return sum(deps) / len(deps) if deps else float("inf")


def dependency_graph(tasks: list[dict[str, Any]]) -> Graph:
    """Columns = waves, boxes = tasks (labelled with their plan number), arrows = dependencies."""
    columns = wave_columns(tasks)
    tallest = max((len(c) for c in columns), default=0)
    graph = Graph(width=PAD * 2 + len(columns) * BOX_W + max(len(columns) - 1, 0) * COL_GAP,
                  height=PAD * 2 + 18 + tallest * (BOX_H + ROW_GAP), boxes=[], edges=[], waves=[])
    where: dict[str, Box] = {}
    for i, column in enumerate(columns):
        x = PAD + i * (BOX_W + COL_GAP)
        graph.waves.append((column[0]["wave"], x + BOX_W / 2))
        offset = (tallest - len(column)) * (BOX_H + ROW_GAP) / 2  # centre short columns
        for j, t in enumerate(column):
            box = Box(t["id"], str(t["order"]), f'{t["order"]}. {t["title"]} ({t["id"]})',
                      x, PAD + 18 + offset + j * (BOX_H + ROW_GAP), BOX_W, BOX_H, status_class(t))
            where[t["id"]] = box
            graph.boxes.append(box)
    for t in tasks:
        for dep in t["depends_on"]:
            if dep in where:
                graph.edges.append(_edge(where[dep], where[t["id"]], "critical" in t["flags"] and "critical" in where[dep].cls))
    return graph


def graph_svg(tasks: list[dict[str, Any]], lang: str) -> Markup:
    """The dependency graph of a plan's tasks (:func:`dependency_graph`) as inline SVG."""
    g = dependency_graph(tasks)
    width, wave = num(g.width), escape(message("label.wave", lang))
    out = [f'<svg class="pic graph" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {num(g.height)}" '
           f'style="max-width: {width}px" role="img" aria-label="{escape(message("label.dependency_graph", lang))}">\n'
           '<defs><marker id="arrow" viewBox="0 0 6 6" refX="5" refY="3" markerWidth="5" markerHeight="5" orient="auto">'
           '<path class="arrowhead" d="M0,0 L6,3 L0,6 z"/></marker></defs>\n']
    out += [f'<text class="wave-label" x="{num(x)}" y="12" text-anchor="middle">{wave} {escape(n)}</text>\n' for n, x in g.waves]
    out += [f'<path class="{e.cls}" d="{e.d}" marker-end="url(#arrow)" data-from="{escape(e.source)}" data-to="{escape(e.target)}"/>\n'
            for e in g.edges]
    out += [f'<g class="task {b.cls}" data-id="{escape(b.id)}"><title>{escape(b.title)}</title><rect x="{num(b.x)}" '
            f'y="{num(b.y)}" width="{num(b.w)}" height="{num(b.h)}" rx="3"/><text x="{num(b.x + b.w / 2)}" '
            f'y="{num(b.y + b.h / 2 + 3.5)}">{escape(b.label)}</text></g>\n' for b in g.boxes]
    out.append("</svg>\n")
    return Markup("".join(out))


def _edge(a: Box, b: Box, critical: bool) -> Edge:
    x1, y1 = a.x + a.w, a.y + a.h / 2
    x2, y2 = b.x - 3, b.y + b.h / 2
    bend = (x2 - x1) / 2
    d = f"M{num(x1)},{num(y1)} C{num(x1 + bend)},{num(y1)} {num(x2 - bend)},{num(y2)} {num(x2)},{num(y2)}"
    return Edge(a.id, b.id, d, "edge critical" if critical else "edge")


_EXACT = 2**53  # an int below it is a float exactly: "%.1f" writes it and ".0"


def num(value: float) -> str:
    """Numbers as short, stable text (no float noise in the output)."""
    if type(value) is int and -_EXACT < value < _EXACT:  # half of a plan's: as below, five times faster
        return str(value)
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


# --- readiness bars (gap report) --------------------------------------------------------

BAR_H, BAR_GAP, GROUP_GAP, LABEL_W, CHART_W, LINE_H = 11, 2, 12, 250, 380, 12


# scenario: str, index: int, x: float, y: float, w: float, h: float, value: int | None, label_x: float
Bar = namedtuple("Bar", "scenario index x y w h value label_x")
# area: str, lines: list[str], y: float, label_y: float, bars: list[Bar]
BarGroup = namedtuple("BarGroup", "area lines y label_y bars")
# width: float, height: float, plot_x: float, plot_w: float, groups: list[BarGroup],
# grid: list[tuple[int, float]], legend_y: float (the baseline of the percentage scale above the bars)
BarChart = namedtuple("BarChart", "width height plot_x plot_w groups grid legend_y")


def wrap(text: str, width: int, max_lines: int = 3) -> list[str]:
    """Greedy word wrap by characters; the last line is cut with an ellipsis when too long."""
    lines: list[str] = []
    current: list[str] = []
    length = 0
    for word in text.split():
        if not current or length + 1 + len(word) <= width:
            length += len(word) + (1 if current else 0)
            current.append(word)
            continue
        lines.append(" ".join(current))
        if len(lines) == max_lines:  # words are left: the last line kept is cut
            lines[-1] = lines[-1][: width - 1].rstrip() + "…"
            return [line if len(line) <= width else line[: width - 1] + "…" for line in lines]
        current, length = [word], len(word)
    if current:
        lines.append(" ".join(current))
    return [line if len(line) <= width else line[: width - 1] + "…" for line in lines]


def readiness_bars(data: dict[str, Any]) -> BarChart:
    """Per area, one bar per scenario (readiness in %), the scenarios side by side in a group."""
    scenarios = [s["scenario"] for s in data["scenarios"]]
    by_area = {(s["scenario"], a["area"]): a for s in data["scenarios"] for a in s["areas"]}
    areas = [aid for aid in data["labels"]["areas"] if any((s, aid) in by_area for s in scenarios)]
    legend_y = 14
    top = legend_y + 16
    groups = []
    y = top
    group_h = len(scenarios) * (BAR_H + BAR_GAP) - BAR_GAP
    for aid in areas:
        lines = wrap(data["labels"]["areas"][aid], 40)
        height = max(group_h, len(lines) * LINE_H)
        bars = []
        for i, sid in enumerate(scenarios):
            value = by_area.get((sid, aid), {}).get("readiness")
            w = CHART_W * (value or 0) / 100
            by = y + (height - group_h) / 2 + i * (BAR_H + BAR_GAP)
            bars.append(Bar(sid, i, LABEL_W, by, w, BAR_H, value, LABEL_W + w + 4))
        label_y = y + (height - len(lines) * LINE_H) / 2 + LINE_H - 2
        groups.append(BarGroup(aid, lines, y, label_y, bars))
        y += height + GROUP_GAP
    grid = [(p, LABEL_W + CHART_W * p / 100) for p in (0, 25, 50, 75, 100)]
    return BarChart(LABEL_W + CHART_W + 40, y + 8, LABEL_W, CHART_W, groups, grid, legend_y)


# --- timeline (Gantt) ---------------------------------------------------------------------

ROW_H, GANTT_LABEL_W, GANTT_W, AXIS_H, DAY_MIN = 15, 270, 560, 22, 1


# id: str, label: str, title: str, y: float, x: float, w: float, cls: str, repeat: bool
GanttRow = namedtuple("GanttRow", "id label title y x w cls repeat")
# width: float, height: float, plot_x: float, plot_w: float, rows: list[GanttRow],
# ticks: list[tuple[str, float]], term_x: float, today_x: float | None, axis_y: float
Gantt = namedtuple("Gantt", "width height plot_x plot_w rows ticks term_x today_x axis_y")


def timeline_range(data: dict[str, Any]) -> tuple[date, date]:
    """The dates every timeline of a plan shares: all bars, the term start and today, a day of margin."""
    days = [date.fromisoformat(data["term_start"])]
    if data.get("today"):
        days.append(date.fromisoformat(data["today"]))
    for t in data["tasks"]:
        days += [date.fromisoformat(t["start"]), date.fromisoformat(t["due"])]
    return min(days) - timedelta(days=1), max(days) + timedelta(days=1)


def gantt(data: dict[str, Any], tasks: list[dict[str, Any]], extent: tuple[date, date] | None = None) -> Gantt:
    """Bars from latest start to due for ``tasks``, on the time scale of the whole plan (``extent``:
    its :func:`timeline_range`, when known)."""
    first, last = extent or timeline_range(data)
    span = max((last - first).days, DAY_MIN)

    def x(day: str | date) -> float:
        d = date.fromisoformat(day) if isinstance(day, str) else day
        return GANTT_LABEL_W + GANTT_W * (d - first).days / span

    rows = []
    for i, t in enumerate(tasks):
        x1, x2 = x(t["start"]), x(t["due"])
        label = wrap(f'{t["order"]}. {t["title"]}', 44, 1)[0]
        rows.append(GanttRow(t["id"], label, f'{t["order"]}. {t["title"]} ({t["id"]})', AXIS_H + i * ROW_H,
                             x1, max(x2 - x1, 2.0), status_class(t), bool(t.get("repeat_days"))))
    ticks = []
    day = first + timedelta(days=(7 - first.weekday()) % 7)  # Mondays
    while day <= last:
        ticks.append((f"{day.day:02d}.{day.month:02d}", x(day)))
        day += timedelta(days=7)
    today = x(data["today"]) if data.get("today") else None
    return Gantt(GANTT_LABEL_W + GANTT_W + 10, AXIS_H + len(tasks) * ROW_H + 6, GANTT_LABEL_W, GANTT_W,
                 rows, ticks, x(data["term_start"]), today, AXIS_H - 4)


def timeline_svg(data: dict[str, Any], tasks: list[dict[str, Any]], extent: tuple[date, date], lang: str) -> Markup:
    """The timeline of ``tasks`` (:func:`gantt`) on the plan's time scale ``extent`` (its
    :func:`timeline_range`, the same for every wave), as inline SVG: the Mondays, a bar per
    task, the term's start and today."""
    gt = gantt(data, tasks, extent)
    width, height, axis = num(gt.width), num(gt.height), num(gt.axis_y)
    out = [f'<svg class="pic gantt" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
           f'style="max-width: {width}px" role="img" aria-label="{escape(message("label.timeline", lang))}">\n<g class="axis">\n']
    for label, x in gt.ticks:
        at = num(x)
        out.append(f'<line class="grid" x1="{at}" y1="{axis}" x2="{at}" y2="{height}"/>\n'
                   f'<text x="{at}" y="{num(gt.axis_y - 5)}" text-anchor="middle">{escape(label)}</text>\n')
    out.append("</g>\n")
    for r in gt.rows:
        title = escape(r.title)
        out.append(f'<text class="row-label" x="2" y="{num(r.y + 11)}"><title>{title}</title>{escape(r.label)}</text>\n'
                   f'<rect class="bar {r.cls}" data-id="{escape(r.id)}" x="{num(r.x)}" y="{num(r.y + 2)}" '
                   f'width="{num(r.w)}" height="11" rx="2"><title>{title}</title></rect>\n')
    marks = [("term", gt.term_x, "label.term_start", data["term_start"])]
    if gt.today_x is not None:
        marks.append(("today", gt.today_x, "label.today", data["today"]))
    for cls, x, label, day in marks:
        out.append(f'<line class="{cls}" x1="{num(x)}" y1="{num(gt.axis_y - 2)}" x2="{num(x)}" y2="{height}">'
                   f'<title>{escape(message(label, lang))}: {escape(format_date(day, lang))}</title></line>\n')
    out.append("</svg>\n")
    return Markup("".join(out))
