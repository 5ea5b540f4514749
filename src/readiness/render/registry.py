"""The one registry of outputs: (report kind, format) → renderer, and what each format is.

``--format`` choices, the format taken from an ``-o`` file's suffix, the refusal to print a
binary format on a terminal, the docs and the tests all read this table. A new format is
one renderer function and one row here.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any, Callable

from . import findings, graph, ical, tabular
from .jinja import render_template

Output = str | bytes


@dataclass(frozen=True)
class Format:
    name: str
    suffixes: tuple[str, ...]   # file name endings that mean this format (first: the usual one)
    binary: bool = False        # never printed on a terminal
    description: str = ""


FORMATS: dict[str, Format] = {f.name: f for f in (
    Format("md", (".md",), description="Markdown"),
    Format("json", (".json",), description="JSON (its schema: readiness schema KIND)"),
    Format("html", (".html", ".htm"), description="a self-contained HTML page that prints on A4"),
    Format("csv", (".csv",), description="CSV for spreadsheets"),
    Format("xlsx", (".xlsx",), binary=True, description="an Excel workbook"),
    Format("ics", (".ics",), description="iCalendar deadlines"),
    Format("mermaid", (".mmd",), description="a Mermaid flowchart"),
    Format("dot", (".dot", ".gv"), description="Graphviz DOT"),
    Format("text", (".txt",), description="file:line:col: CODE message (hint: …)"),
    Format("github", (), description="GitHub Actions workflow annotations"),
    Format("sarif", (".sarif",), description="SARIF 2.1.0 for code scanning"),
    Format("junit", (".xml",), description="JUnit XML test report"),
)}


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
}


def formats_for(kind: str) -> tuple[str, ...]:
    """The formats of a report kind, in the registry's order (the first is the default)."""
    return tuple(fmt for k, fmt in RENDERERS if k == kind)


def format_of(kind: str, path: Path) -> str | None:
    """The format an output file's name asks for, if the kind has it."""
    name = path.name.lower()
    for fmt in formats_for(kind):
        if any(name.endswith(suffix) for suffix in FORMATS[fmt].suffixes):
            return fmt
    return None


def is_binary(fmt: str) -> bool:
    return FORMATS[fmt].binary


def render(kind: str, fmt: str, data: Any, **options: Any) -> Output:
    return RENDERERS[(kind, fmt)](data, **options)
