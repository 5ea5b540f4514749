"""Which outputs exist: every format, and the formats of each report kind.

``--format`` choices, the format taken from an ``-o`` file's suffix, the refusal to print a
binary format on a terminal and the docs read this table; :mod:`.registry` holds the
renderer of each (kind, format) it lists. It imports nothing, so the CLI can build its
options without loading the renderers.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

Output = str | bytes | Iterator[str]  # the last: text in pieces, written as they are made (see readiness.rows)



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
    Format("gitlab", (), description="GitLab Code Quality JSON (merge-request widget)"),
    Format("sarif", (".sarif",), description="SARIF 2.1.0 for code scanning"),
    Format("junit", (".xml",), description="JUnit XML test report"),
)}


# The formats of each report kind; the first is the default.
KINDS: dict[str, tuple[str, ...]] = {
    "plan": ("md", "json", "html", "csv", "xlsx", "ics"),
    "gaps": ("md", "json", "html", "csv", "xlsx"),
    "checklist": ("md", "json", "html", "csv"),
    "explain": ("md", "json"),
    "compare": ("md", "json"),
    "aggregate": ("html", "json", "xlsx", "csv"),
    "impact": ("md", "json"),
    "graph": ("mermaid", "dot"),
    "findings": ("text", "json", "github", "gitlab", "sarif", "junit"),
    "test": ("text", "json", "junit", "github"),
}


def formats_for(kind: str) -> tuple[str, ...]:
    """The formats of a report kind (the first is the default)."""
    return KINDS[kind]


def format_of(kind: str, path: Path) -> str | None:
    """The format an output file's name asks for, if the kind has it."""
    name = path.name.lower()
    for fmt in formats_for(kind):
        if any(name.endswith(suffix) for suffix in FORMATS[fmt].suffixes):
            return fmt
    return None


def is_binary(fmt: str) -> bool:
    return FORMATS[fmt].binary
