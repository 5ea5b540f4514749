"""The renderer of every (report kind, format) that :mod:`.formats` lists.

A new format is a renderer function, a row here and its name in ``formats.KINDS``; a test
checks that the two tables agree.
"""
from __future__ import annotations

import json
from functools import partial
from typing import Any, Callable

from . import findings, graph, ical, playtest, tabular
from .formats import Output
from .jinja import render_template

def to_json(data: Any, **_options: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def _template(name: str) -> Callable[..., str]:
    return partial(render_template, name)


RENDERERS: dict[tuple[str, str], Callable[..., Output]] = {
    ("plan", "md"): _template("plan.md.j2"),
    ("plan", "json"): to_json,
    ("plan", "html"): _template("plan.html.j2"),
    ("plan", "csv"): tabular.plan_csv,
    ("plan", "xlsx"): tabular.plan_xlsx,
    ("plan", "ics"): ical.plan_ics,
    ("gaps", "md"): _template("gaps.md.j2"),
    ("gaps", "json"): to_json,
    ("gaps", "html"): _template("gaps.html.j2"),
    ("gaps", "csv"): tabular.gaps_csv,
    ("gaps", "xlsx"): tabular.gaps_xlsx,
    ("checklist", "md"): _template("checklist.md.j2"),
    ("checklist", "json"): to_json,
    ("checklist", "html"): _template("checklist.html.j2"),
    ("checklist", "csv"): tabular.checklist_csv,
    ("explain", "md"): _template("explain.md.j2"),
    ("explain", "json"): to_json,
    ("compare", "md"): _template("compare.md.j2"),
    ("compare", "json"): to_json,
    ("aggregate", "html"): _template("aggregate.html.j2"),
    ("aggregate", "json"): to_json,
    ("aggregate", "xlsx"): tabular.aggregate_xlsx,
    ("aggregate", "csv"): tabular.aggregate_csv,
    ("impact", "md"): partial(render_template, "impact.md.j2", limit=50),
    ("impact", "json"): to_json,
    ("graph", "mermaid"): graph.to_mermaid,
    ("graph", "dot"): graph.to_dot,
    ("findings", "text"): findings.text,
    ("findings", "json"): findings.as_json,
    ("findings", "github"): findings.github,
    ("findings", "sarif"): findings.sarif,
    ("findings", "junit"): findings.junit,
    ("test", "text"): playtest.text,
    ("test", "json"): playtest.as_json,
    ("test", "junit"): playtest.junit,
    ("test", "github"): playtest.github,
}


def render(kind: str, fmt: str, data: Any, **options: Any) -> Output:
    return RENDERERS[(kind, fmt)](data, **options)
