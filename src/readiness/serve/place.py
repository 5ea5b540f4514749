"""The engine's findings placed next to the inputs they are about, by their JSON pointers.

``/facts/staff/teaching`` is the input ``facts.staff.teaching``; ``/facts/rooms/2/area_m2`` is
the cell ``rooms.2.area_m2``; ``/progress/hr.x/date`` is the progress row of ``hr.x``; a missing
key's finding points at its mapping and names the key. What no input shows (an unknown key)
goes to the top of its section, or of the form.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..errors import Diagnostic
from .edit import get
from .form import FIELDS, MAP, Section

TOP = ""
_MISSING = ("S001.missing_key", "S001.missing_key_in")
# Hints that repeat the schema's English description: the form shows the field's own help instead
_SAID_BY_THE_FORM = ("hint.schema_description",)


_UNKNOWN_KEY = ("S001.unknown_key", "S001.unknown_key_at")


@dataclass(frozen=True)
class Note:
    severity: str
    code: str
    message: str
    hint: str
    line: int = 0
    removable: str = ""   # the pointer of a key the schema does not know: the form offers to take it out


def section_key(section_id: str) -> str:
    return f"section:{section_id}"


def place(findings: list[Diagnostic], sections: tuple[Section, ...], doc: Any, lang: str) -> dict[str, list[Note]]:
    names = _names(sections, doc)
    out: dict[str, list[Note]] = {}
    for d in findings:
        hint = "" if d.hint_key in _SAID_BY_THE_FORM else d.hint_in(lang)
        note = Note(d.severity, d.code, d.message_in(lang), hint, d.line, d.pointer if d.key in _UNKNOWN_KEY else "")
        out.setdefault(_where(d, names, sections, doc), []).append(note)
    return out


def tokens(pointer: str) -> tuple[str, ...]:
    if not pointer:
        return ()
    return tuple(p.replace("~1", "/").replace("~0", "~") for p in pointer.lstrip("/").split("/"))


def _where(d: Diagnostic, names: set[str], sections: tuple[Section, ...], doc: Any) -> str:
    path = tokens(d.pointer)
    if d.key in _MISSING:
        path += (str(dict(d.args).get("key", "")),)
    for section in sections:
        if section.path and path[:len(section.path)] == section.path and section.kind != FIELDS:
            return _in_table(section, path[len(section.path):], names, doc)
    for end in range(len(path), 0, -1):
        name = ".".join(path[:end])
        if name in names:
            return name
        for section in sections:
            if section.kind == FIELDS and section.path == path[:end]:
                return section_key(section.id)
    return TOP


def _in_table(section: Section, rest: tuple[str, ...], names: set[str], doc: Any) -> str:
    if not rest:
        return section_key(section.id)
    row = rest[0]
    if section.kind == MAP:
        keys = list(get(doc, section.path) or {})
        if row not in keys:
            return section_key(section.id)
        row = str(keys.index(row))
        column = rest[1] if len(rest) > 1 else section.key.name if section.key else ""
    else:
        column = rest[1] if len(rest) > 1 else ""
    name = f"{section.id}.{row}.{column}"
    if name in names:
        return name
    return f"{section.id}.{row}" if row.isdigit() else section_key(section.id)


def _names(sections: tuple[Section, ...], doc: Any) -> set[str]:
    names: set[str] = set()
    for section in sections:
        if section.kind == FIELDS:
            names.update(f.name for f in section.fields)
            continue
        items = get(doc, section.path)
        count = len(items) if isinstance(items, (list, dict)) else 0
        columns = [f.name for f in section.fields] + ([section.key.name] if section.kind == MAP and section.key else [])
        names.update(f"{section.id}.{i}.{c}" for i in range(count) for c in columns)
    return names

