"""Diagnostics and the errors that carry them.

The library never prints or exits: it returns or raises :class:`Diagnostic`
objects, and the CLI maps them to output and exit codes in one place.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from . import findings
from .findings import Msg
from .safetext import safe_text

# Exit codes (documented in docs/findings.md and `readiness --help`).
EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2

ERROR = "error"
WARNING = "warning"

Args = tuple[tuple[str, Any], ...]


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One finding about one place in one input file.

    ``message`` and ``hint`` are English (sorting and de-duplication use them); ``key`` and
    ``args`` (``hint_key``, ``hint_args``) name them in the catalogue of findings, so that
    :meth:`message_in` and :meth:`hint_in` give them in any language. The severity is the
    code's, from the catalogue. Make one with :meth:`of`.
    """

    file: str
    line: int = 0
    col: int = 0
    code: str = ""
    message: str = field(default="", compare=True)
    hint: str = field(default="", compare=False)
    pointer: str = field(default="", compare=False)
    key: str = field(default="", compare=False)
    args: Args = field(default=(), compare=False)
    hint_key: str = field(default="", compare=False)
    hint_args: Args = field(default=(), compare=False)
    severity: str = field(default=ERROR, init=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "severity", findings.severity(self.code))
        if self.key and not self.message:
            object.__setattr__(self, "message", findings.text(self.key, "en", **dict(self.args)))
        if self.hint_key and not self.hint:
            object.__setattr__(self, "hint", findings.text(self.hint_key, "en", **dict(self.hint_args)))
        # a finding is one line of a terminal or a log: user text in it is shown, never acted on
        for name in ("file", "message", "hint", "pointer"):
            object.__setattr__(self, name, safe_text(getattr(self, name), one_line=True))

    @classmethod
    def of(cls, file: str, line: int, col: int, code: str, message: Msg, hint: Msg | None = None,
           pointer: str = "") -> Diagnostic:
        """A finding whose message (and hint) come from the catalogue."""
        return cls(file, line, col, code, pointer=pointer, key=message.key, args=message.args,
                   hint_key=hint.key if hint else "", hint_args=hint.args if hint else ())

    def message_in(self, lang: str) -> str:
        if lang == "en" or not self.key:
            return self.message
        return safe_text(findings.text(self.key, lang, **dict(self.args)), one_line=True)

    def hint_in(self, lang: str) -> str:
        if lang == "en" or not self.hint_key:
            return self.hint
        return safe_text(findings.text(self.hint_key, lang, **dict(self.hint_args)), one_line=True)

    def format(self, lang: str = "en") -> str:
        return format_line(self.file, self.line, self.col, self.code, self.message_in(lang), self.hint_in(lang),
                           self.severity, lang)

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


MAX_PER_FILE = 100  # a broken file of a million rooms must not print a million lines


def capped(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    """``diagnostics`` (sorted) with at most :data:`MAX_PER_FILE` per file, then one that says how
    many more there are."""
    out: list[Diagnostic] = []
    count: dict[str, int] = {}
    hidden: dict[str, int] = {}
    for d in diagnostics:
        if d.code == "L001":  # capped once already: its count carries over
            hidden[d.file] = hidden.get(d.file, 0) + dict(d.args)["count"]
            continue
        count[d.file] = count.get(d.file, 0) + 1
        if count[d.file] <= MAX_PER_FILE:
            out.append(d)
        else:
            hidden[d.file] = hidden.get(d.file, 0) + 1
    if not hidden:
        return out
    for file, n in hidden.items():
        out.append(Diagnostic.of(file, 0, 0, "L001", Msg("L001.more", count=n, limit=MAX_PER_FILE), Msg("hint.fix_first")))
    return sorted(out)


def format_line(file: str, line: int, col: int, code: str, message: str, hint: str, severity: str = ERROR,
                lang: str = "en") -> str:
    """``file:line:col: CODE message (hint: …)``, one line whatever the texts hold."""
    where = file + (f":{line}:{col or 1}" if line else "")
    text = f"{where}: {code} {message}"
    if severity == WARNING:
        text = f"{where}: {code} {findings.text('format.warning', lang)}: {message}"
    if hint:
        text += f" ({findings.text('format.hint', lang)}: {hint})"
    return safe_text(text, one_line=True)


class ReadinessError(Exception):
    """A user's input cannot be used; carries the diagnostics that say why."""

    exit_code = EXIT_FINDINGS

    def __init__(self, diagnostics: list[Diagnostic]):
        self.diagnostics = capped(sorted(diagnostics))
        super().__init__("\n".join(d.format() for d in self.diagnostics))


class UsageError(ReadinessError):
    """The command was asked for something that cannot exist (missing file, unknown scenario)."""

    exit_code = EXIT_USAGE


def usage_error(file: str, code: str, message: Msg, hint: Msg | None = None) -> UsageError:
    return UsageError([Diagnostic.of(file, 0, 0, code, message, hint)])
