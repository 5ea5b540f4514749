"""Diagnostics and the errors that carry them.

The library never prints or exits: it returns or raises :class:`Diagnostic`
objects, and the CLI maps them to output and exit codes in one place.
"""
from __future__ import annotations

from dataclasses import dataclass, field

# Exit codes (documented in docs/findings.md and `readiness --help`).
EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One finding about one place in one input file."""

    file: str
    line: int = 0
    col: int = 0
    code: str = ""
    message: str = field(default="", compare=True)
    severity: str = field(default=ERROR, compare=False)
    hint: str = field(default="", compare=False)
    pointer: str = field(default="", compare=False)

    def format(self) -> str:
        where = self.file
        if self.line:
            where += f":{self.line}:{self.col or 1}"
        text = f"{where}: {self.code} {self.message}"
        if self.severity == WARNING:
            text = f"{where}: {self.code} warning: {self.message}"
        if self.hint:
            text += f" (hint: {self.hint})"
        return text

    def as_dict(self) -> dict[str, object]:
        return {
            "file": self.file,
            "line": self.line,
            "col": self.col,
            "code": self.code,
            "severity": self.severity,
            "message": self.message,
            "hint": self.hint,
            "pointer": self.pointer,
        }


class ReadinessError(Exception):
    """A user's input cannot be used; carries the diagnostics that say why."""

    exit_code = EXIT_FINDINGS

    def __init__(self, diagnostics: list[Diagnostic]):
        self.diagnostics = sorted(diagnostics)
        super().__init__("\n".join(d.format() for d in self.diagnostics))


class UsageError(ReadinessError):
    """The command was asked for something that cannot exist (missing file, unknown scenario)."""

    exit_code = EXIT_USAGE


def usage_error(file: str, code: str, message: str, hint: str = "") -> UsageError:
    return UsageError([Diagnostic(file=file, code=code, message=message, hint=hint)])
