"""The submitted form applied to the profile document, in place.

Input names are the values' paths (``facts.staff.teaching``; ``facts.rooms.2.area_m2`` for a
table's cell). A name the request does not carry leaves its value alone, so a request that
sends one field changes one field. Unchanged values are not touched (they keep their quotes
and spelling); a new key goes where the schema puts it; a table row left blank is removed.

Beside each input ``NAME~`` is the "I don't know" box and ``NAME~was`` says it was ticked
when the page was drawn: a value typed into a field shown as not known counts, and ticking the
box on a known value makes it not known. ``TABLE.rows`` says how many rows a table sent.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from .form import CHOICES, FIELDS, LIST, Field, Section
from .values import UNSET, parse, same
from ..io.roundtrip import Document, is_flow, mapping, sequence

MAX_ROWS = 10_000   # a table without a bound of its own; the schema bounds each (rooms 5,000, progress 10,000)
Path_ = tuple[str, ...]


class Form(Protocol):
    def get(self, key: str, default: Any = None) -> Any: ...
    def getlist(self, key: str) -> list[str]: ...
    def __contains__(self, key: object) -> bool: ...


@dataclass
class Pending:
    """Rows shown in a table but not in the profile: a blank row to type into, or a progress
    row that cannot be keyed yet (no task, or a task given twice), with its error."""

    rows: dict[str, list[dict[str, str]]] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)   # input name -> message key
    # per table, the row each drawn row was in the request (the profile's rows, then these):
    # findings on the new document find their inputs on the page that sent it
    sent: dict[str, list[int]] = field(default_factory=dict)


def apply(doc: Document, sections: tuple[Section, ...], form: Form, order: dict[Path_, list[str]],
          pending: Pending, remove: tuple[str, int] | None = None) -> Pending:
    """The form's values written into ``doc``; returns the rows that stay pending.
    ``remove`` is a (table id, row) the user asked to delete."""
    out = Pending()
    for section in sections:
        if section.kind == FIELDS:
            for f in section.fields:
                value = read(f, f.name, form)
                if value is not _SKIP:
                    set_value(doc, f.path, value, order, f.unknown)
        elif f"{section.id}.rows" in form:
            rows = _rows(section, form, remove[1] if remove and remove[0] == section.id else None)
            sent = out.sent.setdefault(section.id, [])
            if section.kind == LIST:
                _apply_list(doc, section, rows, order, sent)
            else:
                _apply_map(doc, section, rows, order, out, sent)
        elif section.id in pending.rows:
            out.rows[section.id] = pending.rows[section.id]
    return out


_SKIP: Any = object()


def read(f: Field, name: str, form: Form) -> Any:
    """What the form says of one field: a value, UNSET, or _SKIP when the request does not carry it."""
    if f.kind == CHOICES:
        if f"{name}~present" not in form and name not in form:
            return _SKIP
        chosen = set(form.getlist(name))
        return [code for code, _label in f.choices if code in chosen] or UNSET
    if name not in form and f"{name}~" not in form:
        return _SKIP
    if form.get(f"{name}~") == "1" and form.get(f"{name}~was") != "1":
        return UNSET
    return parse(f, str(form.get(name, "")))


def set_value(doc: Document, path: Path_, value: Any, order: dict[Path_, list[str]], keep_null: bool,
              at: Path_ = ()) -> None:
    """Write ``value`` at ``path`` (creating mappings on the way), or take the key out for UNSET;
    a key that says ``~`` (not known) keeps saying it. ``at`` is where ``doc`` lies, for the order."""
    parent = doc
    for i, key in enumerate(path[:-1]):
        child = parent.get(key)
        if not isinstance(child, dict):
            if value is UNSET:
                return
            child = mapping()
            _insert(parent, key, child, order.get(at + path[:i], []))
        parent = child
    key = path[-1]
    if value is UNSET:
        if key in parent and parent[key] is not None:
            if keep_null:
                parent[key] = None
            else:
                del parent[key]
                _prune(doc, path[:-1])
        return
    if key in parent and same(parent[key], value):
        return
    if key in parent and isinstance(parent[key], list) and isinstance(value, list):
        parent[key][:] = value   # keep the list's own style ([a, b] or a block)
    elif key in parent:
        parent[key] = value
    else:
        _insert(parent, key, sequence(value) if isinstance(value, list) else value, order.get(at + path[:-1], []))


def _insert(parent: Document, key: str, value: Any, declared: list[str]) -> None:
    """Insert ``key`` after the last present key the schema declares before it."""
    rank = {k: i for i, k in enumerate(declared)}
    mine = rank.get(key, len(declared))
    position = 0
    for i, existing in enumerate(parent):
        if rank.get(existing, -1) < mine:
            position = i + 1
    parent.insert(position, key, value)


def _prune(doc: Document, path: Path_) -> None:
    """Take out the mappings that deleting a key left empty (``staff: {}``)."""
    while path:
        parent = doc
        for key in path[:-1]:
            parent = parent[key]
        if parent.get(path[-1]) != {}:
            return
        del parent[path[-1]]
        path = path[:-1]


def drop_unknown(doc: Document, path: Path_, order: dict[Path_, list[str]]) -> bool:
    """Take out a key the form does not declare (a typo such as ``teachers``); a declared key,
    or a path the document does not have, is left alone."""
    if not path:
        return False
    parent = get(doc, path[:-1])
    where = tuple("*" if p.isdigit() else p for p in path[:-1])
    if where[:1] == ("progress",) and len(where) > 1:   # an entry of progress: keyed by its task id
        where = ("progress", "*") + where[2:]
    declared = order.get(where, [])
    if not isinstance(parent, dict) or path[-1] not in parent or path[-1] in declared or path[:-1] == ("progress",):
        return False
    del parent[path[-1]]
    return True


# -- tables ---------------------------------------------------------------------------
Row = dict[str, str]


def _rows(section: Section, form: Form, removed: int | None) -> list[tuple[int, Row]]:
    try:   # one row past the bound, so that the engine can say the table is too long
        count = min(int(form.get(f"{section.id}.rows", "0")), (section.max_rows or MAX_ROWS) + 1)
    except ValueError:
        count = 0
    names = [f.name for f in section.fields] + ([section.key.name] if section.key else [])
    out = []
    for i in range(count):
        if i == removed:
            continue
        row = {n: str(form.get(f"{section.id}.{i}.{n}", "")) for n in names}
        row.update({f"{n}~": str(form.get(f"{section.id}.{i}.{n}~", "")) for n in names if f"{section.id}.{i}.{n}~" in form})
        out.append((i, row))
    return out


def _blank(row: Row) -> bool:
    return not any(v.strip() for k, v in row.items() if not k.endswith("~"))


def _cells(section: Section, row: Row, item: Document, order: dict[Path_, list[str]]) -> None:
    for f in section.fields:
        value = read(f, f.name, _RowForm(row))
        if value is not _SKIP:
            set_value(item, f.path, value, order, f.unknown, section.path + ("*",))


def _apply_list(doc: Document, section: Section, rows: list[tuple[int, Row]], order: dict[Path_, list[str]],
                sent: list[int]) -> None:
    items = get(doc, section.path)
    old = list(items) if isinstance(items, list) else []
    kept = []
    for i, row in rows:
        if _blank(row):
            continue
        item = old[i] if i < len(old) and isinstance(old[i], dict) else mapping(flow=not old or is_flow(old[0]))
        _cells(section, row, item, order)
        kept.append(item)
        sent.append(i)
    if isinstance(items, list):
        items[:] = kept
    elif kept:
        set_value(doc, section.path, [], order, False)
        get(doc, section.path).extend(kept)
        get(doc, section.path).fa.set_block_style()


def _apply_map(doc: Document, section: Section, rows: list[tuple[int, Row]], order: dict[Path_, list[str]],
               out: Pending, sent: list[int]) -> None:
    assert section.key is not None
    entries = get(doc, section.path)
    old = list(entries.items()) if isinstance(entries, dict) else []
    wanted: list[tuple[str, Any]] = []
    unkeyed: list[tuple[Row, str, int]] = []
    for i, row in rows:
        if _blank(row):
            continue
        key = row[section.key.name].strip()
        error = "form.choose_task" if not key else "form.task_twice" if key in dict(wanted) else None
        if error:
            unkeyed.append((row, error, i))
            continue
        entry = old[i][1] if i < len(old) and isinstance(old[i][1], dict) else mapping(flow=not old or is_flow(old[0][1]))
        _cells(section, row, entry, order)
        wanted.append((key, entry))
        sent.append(i)
    for j, (row, error, i) in enumerate(unkeyed):   # drawn after the profile's rows
        out.rows.setdefault(section.id, []).append(row)
        out.errors[f"{section.id}.{len(wanted) + j}.{section.key.name}"] = error
        sent.append(i)
    if not isinstance(entries, dict):
        if not wanted:
            return
        set_value(doc, section.path, mapping(), order, False)
        entries = get(doc, section.path)
        entries.fa.set_block_style()
    _reconcile(entries, wanted)


def _reconcile(entries: Document, wanted: list[tuple[str, Any]]) -> None:
    """Make ``entries`` hold ``wanted`` in order, changing as few keys as possible (a kept key
    keeps its comments)."""
    keys = dict(wanted)
    for key in [k for k in entries if k not in keys]:
        del entries[key]
    for position, (key, entry) in enumerate(wanted):
        if key in entries:
            if entries[key] is not entry:
                entries[key] = entry
        else:
            entries.insert(position, key, entry)


class _RowForm:
    """One table row's cells, read like a form."""

    def __init__(self, row: Row):
        self.row = row

    def get(self, key: str, default: Any = None) -> Any:
        return self.row.get(key, default)

    def getlist(self, key: str) -> list[str]:
        return [self.row[key]] if key in self.row else []

    def __contains__(self, key: object) -> bool:
        return key in self.row


def get(doc: Any, path: Path_) -> Any:
    """The value at ``path`` (a list's item by its number, ``"2"``), or None."""
    node = doc
    for key in path:
        if isinstance(node, list) and key.isdigit() and int(key) < len(node):
            node = node[int(key)]
        elif isinstance(node, Mapping) and key in node:
            node = node[key]
        else:
            return None
    return node
