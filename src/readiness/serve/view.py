"""The form as the template draws it: each field's input (its widget, the text it shows,
whether it is not known) and the findings placed next to it."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from .edit import Pending, get
from .form import BOOLEAN, CHOICE, CHOICES, DATE, FIELDS, INTEGER, MAP, NUMBER, SHARE, Field, Section
from .place import Note, section_key
from .values import fits, shown

# widgets
NUMBER_W, PERCENT_W, YESNO_W, SELECT_W, CHECKS_W, DATE_W, TEXT_W = "number", "percent", "yesno", "select", "checks", "date", "text"


@dataclass
class Input:
    field: Field
    name: str
    widget: str
    value: str = ""
    unknown: bool = False          # shown as not known: the box ticked, or the "not known" choice
    has_box: bool = False          # an "I don't know" box beside it
    chosen: tuple[str, ...] = ()   # the ticked boxes of a multiple choice
    notes: list[Note] = field(default_factory=list)

    @property
    def id(self) -> str:
        return anchor(self.name)

    @property
    def invalid(self) -> bool:
        return any(n.severity == "error" for n in self.notes)


def anchor(name: str) -> str:
    """The element id of an input (``f-facts-staff-teaching``) or a section (``s-rooms``)."""
    if name.startswith("section:"):
        return "s-" + name.removeprefix("section:")
    return "f-" + name.replace(".", "-").replace("_", "-")


@dataclass
class Group:
    section: Section
    inputs: list[Input]
    notes: list[Note]
    table: bool = False
    columns: tuple[Field, ...] = ()
    rows: list[list[Input]] = field(default_factory=list)
    row_notes: list[list[Note]] = field(default_factory=list)


def build(doc: Any, sections: tuple[Section, ...], pending: Pending, placed: dict[str, list[Note]],
          extra_rows: dict[str, int] | None = None) -> list[Group]:
    out = []
    for section in sections:
        notes = placed.get(section_key(section.id), [])
        if section.kind == FIELDS:
            inputs = [_input(f, f.name, get(doc, f.path), True, placed) for f in section.fields]
            out.append(Group(section, inputs, notes))
        else:
            out.append(_table(doc, section, pending, placed, notes, (extra_rows or {}).get(section.id, 0)))
    return out


def _table(doc: Any, section: Section, pending: Pending, placed: dict[str, list[Note]], notes: list[Note],
           blank: int) -> Group:
    columns = ((section.key,) if section.kind == MAP and section.key else ()) + section.fields
    items = get(doc, section.path)
    records: list[tuple[dict[str, Any], bool]] = []
    if section.kind == MAP and isinstance(items, dict):
        records = [({"task": key, **(entry if isinstance(entry, dict) else {})}, False) for key, entry in items.items()]
    elif isinstance(items, list):
        records = [(item if isinstance(item, dict) else {}, False) for item in items]
    records += [(row, True) for row in pending.rows.get(section.id, [])] + [({}, True)] * blank
    group = Group(section, [], notes, table=True, columns=columns)
    for i, (record, raw) in enumerate(records):
        cells = []
        for f in columns:
            name = f"{section.id}.{i}.{f.name}"
            cell = _input(f, name, record.get(f.name), False, placed, raw)
            if pending.errors.get(name):
                cell.notes.append(Note("error", "", pending.errors[name], ""))
            cells.append(cell)
        group.rows.append(cells)
        group.row_notes.append(placed.get(f"{section.id}.{i}", []))
    return group


def _input(f: Field, name: str, value: Any, single: bool, placed: dict[str, list[Note]], raw: bool = False) -> Input:
    """``single``: a field of its own (radios, an "I don't know" box); else a table cell.
    ``raw``: the value is text as typed (a pending row), shown as it is."""
    notes = list(placed.get(name, []))
    if raw:
        text = "" if value is None else str(value)
        widget = _widget(f, single) if f.kind not in (INTEGER, NUMBER, SHARE, DATE) or _plain_ok(f, text) else TEXT_W
        return Input(f, name, widget, text, unknown=not text, notes=notes)
    if not fits(f, value) or (f.kind == DATE and value is not None and not _real_date(str(value))):
        return Input(f, name, TEXT_W, "" if value is None else str(value), has_box=single and f.unknown, notes=notes)
    widget = _widget(f, single)
    if f.kind == CHOICES:
        return Input(f, name, widget, chosen=tuple(str(v) for v in value or ()), notes=notes)
    text = shown(f, value)
    box = single and f.unknown and widget in (NUMBER_W, PERCENT_W, TEXT_W, DATE_W)
    return Input(f, name, widget, text, unknown=value is None, has_box=box, notes=notes)


def _widget(f: Field, single: bool) -> str:
    if f.kind in (INTEGER, NUMBER):
        return NUMBER_W
    if f.kind == SHARE:
        return PERCENT_W
    if f.kind == BOOLEAN:
        return YESNO_W if single else SELECT_W
    if f.kind == CHOICE:
        return SELECT_W
    if f.kind == CHOICES:
        return CHECKS_W
    return DATE_W if f.kind == DATE else TEXT_W


def _plain_ok(f: Field, text: str) -> bool:
    if not text:
        return True
    if f.kind == DATE:
        return _real_date(text)
    try:
        float(text)
    except ValueError:
        return False
    return True


def _real_date(text: str) -> bool:
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return len(text) == 10
