"""The elements of a set's files before compilation: each list item with the document it came from."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import ERROR, Diagnostic
from ..io.yaml import Document
from ..model import Origin

NOUNS = {"scenarios": "scenario", "areas": "area", "actors": "actor", "support": "support resource",
         "glossary": "term", "sources": "source", "params": "parameter", "derived": "derived value",
         "tasks": "task", "risks": "risk", "requirements": "requirement", "manifest": "manifest"}
KINDS = ("scenarios", "areas", "actors", "support", "glossary", "sources", "params",
         "derived", "tasks", "risks", "requirements")
EXAMPLES = "examples"


@dataclass
class Element:
    """One list item of a playbook file, with the document it came from."""

    kind: str
    data: dict[str, Any]
    doc: Document
    path: tuple[str | int, ...]

    @property
    def id(self) -> str:
        return str(self.data.get("id", ""))

    def diag(self, code: str, message: str, hint: str = "", key: str | None = None, severity: str = ERROR) -> Diagnostic:
        where = self.path + ((key,) if key else ())
        return self.doc.diag(where, code, message, hint, severity)

    def origin(self) -> Origin:
        line, col = self.doc.where(self.path)
        return Origin(self.doc.file, line, col)


@dataclass
class Loaded:
    """Everything read from a set's files, before compilation."""

    root: Path
    docs: list[Document] = field(default_factory=list)
    elements: dict[str, list[Element]] = field(default_factory=lambda: {k: [] for k in KINDS})
    manifest: Element | None = None
    diagnostics: list[Diagnostic] = field(default_factory=list)
