"""The renderer of every (report kind, format) that :mod:`.formats` lists.

A new format is a renderer function, a row here and its name in ``formats.KINDS``; a test
checks that the two tables agree. A format imports only its own renderer's module, when it is
asked for: a JSON plan never loads the templates, the spreadsheet or the calendar code.
"""
from __future__ import annotations

from typing import Any, Callable, Iterator

from ..rows import holds_rows
from ..safetext import json_is_safe, safe_data
from . import jsontext
from .formats import Output


def to_json(data: Any, **_options: Any) -> str:
    """``json.dumps(data, ensure_ascii=False, indent=2)`` and a line end (see :mod:`.jsontext`)."""
    return jsontext.dumps(data) + "\n"


def _report_json(data: Any) -> Output:
    """A report as JSON, made safe as every report is (:func:`safe_data`), in one encoding when
    nothing needs escaping (the usual case): the text is made first and searched as
    :func:`safe_data` searches its own compact encoding; only when that finds something is the
    report walked and encoded again. A report holding :class:`~readiness.rows.Rows` is made
    safe item by item and its text given in pieces, as they are made."""
    if holds_rows(data):
        return _pieces(jsontext.pieces(safe_data(data)), "\n")
    try:
        text = to_json(data)
    except (TypeError, ValueError, RecursionError):
        text = None  # not plain JSON data: as below, whatever safe_data and json.dumps make of it
    if text is not None and json_is_safe(text):
        return text
    return to_json(safe_data(data))


def _template(name: str, **defaults: Any) -> Callable[..., str]:
    def run(data: Any, **options: Any) -> str:
        from .jinja import render_template  # lazy: the templates' environment, for text formats only

        return render_template(name, data, **{**defaults, **options})
    return run


def _pieces(text: Iterator[str], end: str) -> Iterator[str]:
    yield from text
    yield end


def _streamed(name: str) -> Callable[..., Output]:
    """A template whose text is given in pieces as it is made (a report holding Rows)."""
    def run(data: Any, **options: Any) -> Output:
        from .jinja import stream_template  # lazy: as _template
        return stream_template(name, data, **options)
    return run


def _tabular(name: str) -> Callable[..., Output]:
    def run(data: Any, **_options: Any) -> Output:
        from . import tabular  # lazy: spreadsheets only

        return getattr(tabular, name)(data)  # type: ignore[no-any-return]
    return run


def _ical(data: Any, **_options: Any) -> Output:
    from .ical import plan_ics  # lazy: calendars only

    return plan_ics(data)


def _graph(name: str) -> Callable[..., Output]:
    def run(data: Any, **_options: Any) -> Output:
        from . import graph  # lazy: graph exports only

        return getattr(graph, name)(data)  # type: ignore[no-any-return]
    return run


def _findings(name: str) -> Callable[..., Output]:
    def run(data: Any, **options: Any) -> Output:
        from . import findings  # lazy: validate's outputs only

        return getattr(findings, name)(data, **options)  # type: ignore[no-any-return]
    return run


def _playtest(name: str) -> Callable[..., Output]:
    def run(data: Any, **options: Any) -> Output:
        from . import playtest  # lazy: readiness test's outputs only

        return getattr(playtest, name)(data, **options)  # type: ignore[no-any-return]
    return run


RENDERERS: dict[tuple[str, str], Callable[..., Output]] = {
    ("plan", "md"): _template("plan.md.j2"),
    ("plan", "json"): to_json,
    ("plan", "html"): _template("plan.html.j2"),
    ("plan", "csv"): _tabular("plan_csv"),
    ("plan", "xlsx"): _tabular("plan_xlsx"),
    ("plan", "ics"): _ical,
    ("gaps", "md"): _template("gaps.md.j2"),
    ("gaps", "json"): to_json,
    ("gaps", "html"): _template("gaps.html.j2"),
    ("gaps", "csv"): _tabular("gaps_csv"),
    ("gaps", "xlsx"): _tabular("gaps_xlsx"),
    ("checklist", "md"): _template("checklist.md.j2"),
    ("checklist", "json"): to_json,
    ("checklist", "html"): _template("checklist.html.j2"),
    ("checklist", "csv"): _tabular("checklist_csv"),
    ("explain", "md"): _template("explain.md.j2"),
    ("explain", "json"): to_json,
    ("compare", "md"): _template("compare.md.j2"),
    ("compare", "json"): to_json,
    ("aggregate", "html"): _streamed("aggregate.html.j2"),
    ("aggregate", "json"): to_json,
    ("aggregate", "xlsx"): _tabular("aggregate_xlsx"),
    ("aggregate", "csv"): _tabular("aggregate_csv"),
    ("impact", "md"): _template("impact.md.j2", limit=50),
    ("impact", "json"): to_json,
    ("graph", "mermaid"): _graph("to_mermaid"),
    ("graph", "dot"): _graph("to_dot"),
    ("findings", "text"): _findings("text"),
    ("findings", "json"): _findings("as_json"),
    ("findings", "github"): _findings("github"),
    ("findings", "gitlab"): _findings("gitlab"),
    ("findings", "sarif"): _findings("sarif"),
    ("findings", "junit"): _findings("junit"),
    ("test", "text"): _playtest("text"),
    ("test", "json"): _playtest("as_json"),
    ("test", "junit"): _playtest("junit"),
    ("test", "github"): _playtest("github"),
}


def render(kind: str, fmt: str, data: Any, **options: Any) -> Output:
    """``data`` in ``fmt``. A report's texts are made safe first (control characters, terminal
    escapes, lone surrogates and bidi overrides shown escaped), whatever the format; findings
    are made safe as they are made (errors.Diagnostic), and so are the names of test cases
    (render.playtest). A report holding :class:`~readiness.rows.Rows` gets its text in pieces,
    to be written as they are made; any other report gets its text whole."""
    renderer = RENDERERS[(kind, fmt)]
    if kind in ("findings", "test"):
        return renderer(data, **options)
    out = _report_json(data) if renderer is to_json else renderer(safe_data(data), **options)
    return out if isinstance(out, (str, bytes)) or holds_rows(data) else "".join(out)
