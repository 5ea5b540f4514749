"""The renderer of every (report kind, format) that :mod:`.formats` lists.

A new format is a renderer function, a row here and its name in ``formats.KINDS``; a test
checks that the two tables agree. A format imports only its own renderer's module, when it is
asked for: a JSON plan never loads the templates, the spreadsheet or the calendar code.
"""
from __future__ import annotations

import json
from typing import Any, Callable

from ..safetext import safe_data
from .formats import Output


def to_json(data: Any, **_options: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def _template(name: str, **defaults: Any) -> Callable[..., str]:
    def run(data: Any, **options: Any) -> str:
        from .jinja import render_template  # lazy: the templates' environment, for text formats only

        return render_template(name, data, **{**defaults, **options})
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
    ("aggregate", "html"): _template("aggregate.html.j2"),
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
    ("findings", "sarif"): _findings("sarif"),
    ("findings", "junit"): _findings("junit"),
}


def render(kind: str, fmt: str, data: Any, **options: Any) -> Output:
    """``data`` in ``fmt``. A report's texts are made safe first (control characters, terminal
    escapes, lone surrogates and bidi overrides shown escaped), whatever the format; findings
    are made safe as they are made (errors.Diagnostic)."""
    if kind != "findings":
        data = safe_data(data)
    return RENDERERS[(kind, fmt)](data, **options)
