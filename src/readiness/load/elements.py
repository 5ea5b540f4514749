"""The elements of a set's files before compilation: each list item with the document it came from."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import Diagnostic
from ..findings import Msg
from ..io.yaml import Document
from ..model import Origin

# each kind of element in words (texts of the catalogue of findings): alone, and with its id
NOUNS = {"scenarios": "noun.scenarios", "areas": "noun.areas", "actors": "noun.actors", "support": "noun.support",
         "glossary": "noun.glossary", "documents": "noun.documents", "sources": "noun.sources", "facts": "noun.facts",
         "params": "noun.params", "derived": "noun.derived", "tasks": "noun.tasks", "risks": "noun.risks",
         "requirements": "noun.requirements"}
REFS = {"scenarios": "ref.scenarios", "areas": "ref.areas", "actors": "ref.actors", "support": "ref.support",
        "glossary": "ref.glossary", "documents": "ref.documents", "sources": "ref.sources", "facts": "ref.facts",
        "params": "ref.params", "derived": "ref.derived", "tasks": "ref.tasks", "risks": "ref.risks",
        "requirements": "ref.requirements", "manifest": "ref.manifest"}
KINDS = ("scenarios", "areas", "actors", "support", "glossary", "documents", "sources", "facts", "params",
         "derived", "tasks", "risks", "requirements")
TESTS = "tests"  # a set's own test cases (readiness test), not part of the set
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
        """The element's id (a fact's is its path)."""
        return str(self.data.get("id", self.data.get("path", "")))

    def diag(self, code: str, message: Msg, hint: Msg | None = None, key: str | None = None) -> Diagnostic:
        where = self.path + ((key,) if key else ())
        return self.doc.diag(where, code, message, hint)

    def named(self) -> Msg:
        """The element in words: its kind and id ("task 'hr.staffing'")."""
        return Msg(REFS[self.kind], id=self.id)

    def origin(self) -> Origin:
        line, col = self.doc.where(self.path, locate=False)  # a set read without positions is clean: no file is read again
        return Origin(self.doc.file, line, col)


@dataclass
class Loaded:
    """Everything read from a set's files, before compilation."""

    root: Path
    docs: list[Document] = field(default_factory=list)
    elements: dict[str, list[Element]] = field(default_factory=lambda: {k: [] for k in KINDS})
    manifest: Element | None = None
    diagnostics: list[Diagnostic] = field(default_factory=list)
