"""The profile form's fields: the one module that knows where facts are declared.

Today a fact is declared by the profile schema (its type, bounds, choices and group, walked
with :func:`readiness.schema.walk`) and the fact catalogue (its title and help in ky, ru and
en, :func:`readiness.i18n.fact_catalogue`). When the declarations move into the playbook set,
:func:`sections` is what to re-point; the rest of serve/ reads only :class:`Field` and
:class:`Section`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from ..i18n import fact_catalogue, pick
from ..schema import load_schema, walk
from ..schema.walk import Field as SchemaField
from .text import t

INTEGER, NUMBER, SHARE, BOOLEAN, CHOICE, CHOICES, DATE, TEXT = (
    "integer", "number", "share", "boolean", "choice", "choices", "date", "text")
FIELDS, LIST, MAP = "fields", "list", "map"   # a section of single values, a table of items, a table keyed by id

# Units are not declared yet; the name says them (``area_m2``, ``tender_days``). Longest suffix first.
_UNITS = (("_per_week", "unit.days_per_week"), ("_per_day", "unit.times_per_day"), ("_share", "unit.percent"),
          ("_mbps", "unit.mbps"), ("_minutes", "unit.min"), ("_days", "unit.days"), ("_kgs", "unit.kgs"),
          ("_m2", "unit.m2"), ("_m", "unit.m"))
# "primary — НПО, secondary — СПО": the catalogue's help names each choice of a field
_CHOICE_WORDS = re.compile(r"(?:^|[,;:(]\s*)([a-z][a-z_]*)\s*(?:[–—=]|-\s)\s*([^,;.()]+(?:\([^)]*\)[^,;.]*)?)")


@dataclass(frozen=True)
class Field:
    """One input: where its value lives (keys from the profile's root, or from a table's
    item), its type, unit, bounds and choices, and its label and help in one language."""

    path: tuple[str, ...]
    kind: str
    label: str
    help: str = ""
    unit: str = ""
    minimum: float | None = None
    maximum: float | None = None
    choices: tuple[tuple[str, str], ...] = ()   # (code, label)
    required: bool = False
    unknown: bool = False                        # null is allowed: "I don't know"
    refers: str = ""                             # "task": the value is a task id of the playbook set

    @property
    def name(self) -> str:
        return ".".join(self.path)


@dataclass(frozen=True)
class Section:
    """A group of facts: single values (``fields``), a table of items (``list``: rooms,
    groups, waivers) or a table keyed by an id (``map``: progress per task, ``key`` its column)."""

    id: str
    kind: str
    path: tuple[str, ...]
    label: str
    help: str
    fields: tuple[Field, ...]
    key: Field | None = None
    max_rows: int | None = None   # a table's bound (the schema's maxItems or maxProperties)


def sections(lang: str, scenario_titles: tuple[tuple[str, str], ...] = ()) -> tuple[Section, ...]:
    """The form in schema order: the institution (with its dates and scenarios), one section
    per group of facts, the tables, progress and waivers. ``scenario_titles`` names the
    scenarios as the playbook set does."""
    return _sections(lang, scenario_titles)


@lru_cache(maxsize=16)
def _sections(lang: str, scenario_titles: tuple[tuple[str, str], ...]) -> tuple[Section, ...]:
    schema = load_schema("profile")
    fields = list(walk(schema))
    top = _section("institution", FIELDS, (), lang, [
        f for f in fields if f.depth <= 1 and f.path.split(".")[0] not in ("facts", "progress", "waivers")
        and f.kind not in ("object", None)], schema, dict(scenario_titles))
    out = [top]
    for group in (f for f in fields if f.depth == 1 and f.path.startswith("facts.")):
        children = [f for f in fields if f.path.startswith(group.path + ".") and f.depth == 2]
        kind = LIST if group.items is not None else FIELDS
        out.append(_section(group.name, kind, tuple(group.path.split(".")), lang, children, schema))
    out.append(_progress(schema, lang))
    waivers = [f for f in fields if f.path.startswith("waivers.")]
    out.append(_section("waivers", LIST, ("waivers",), lang, waivers, schema))
    return tuple(out)


def _section(sid: str, kind: str, path: tuple[str, ...], lang: str, members: list[SchemaField],
             schema: dict[str, Any], scenario_titles: dict[str, str] | None = None) -> Section:
    key = ".".join(k for k in path if k != "facts") or sid
    strip = len(path) if kind == LIST else 0   # a table's columns are paths inside its item
    fields = tuple(_field(f, lang, schema, strip, scenario_titles or {}) for f in members)
    bound = _node(schema, path).get("maxItems") if kind == LIST else None
    return Section(sid, kind, path, _text(key, lang) or sid, _text(key, lang, "help"), fields, max_rows=bound)


def _progress(schema: dict[str, Any], lang: str) -> Section:
    item = schema["properties"]["progress"]["additionalProperties"]
    columns = tuple(_field(f, lang, schema, 1, {}, prefix="progress.") for f in walk(item, "progress."))
    key = Field(("task",), TEXT, _text("waivers.task", lang), required=True, refers="task")
    return Section("progress", MAP, ("progress",), _text("progress", lang), _text("progress", lang, "help"), columns, key,
                   schema["properties"]["progress"].get("maxProperties"))


def _field(f: SchemaField, lang: str, schema: dict[str, Any], strip: int, scenario_titles: dict[str, str],
           prefix: str = "") -> Field:
    path = tuple(f.path.split("."))
    key = f.path.removeprefix("facts.")
    node = f.node
    kind = _kind(f)
    enum = node.get("enum") or (node.get("items") or {}).get("enum") or []
    choices = tuple((str(v), scenario_titles.get(str(v)) or _choice_label(key, str(v), lang)) for v in enum if v is not None)
    return Field(
        path=path[strip:], kind=kind, label=_text(key, lang) or node.get("title", f.name),
        help=_text(key, lang, "help"), unit=_unit(f.name, kind, lang),
        minimum=None if kind == SHARE else node.get("minimum"), maximum=None if kind == SHARE else node.get("maximum"),
        choices=choices, required=f.name in _parent(schema, path).get("required", ()),
        unknown=None in enum or "null" in (node.get("type") if isinstance(node.get("type"), list) else []),
        refers="task" if f.path == "waivers.task" else "",
    )


def _kind(f: SchemaField) -> str:
    node = f.node
    if f.kind == "array":
        return CHOICES
    if node.get("enum"):
        return CHOICE
    if f.kind == "number" and node.get("minimum") == 0 and node.get("maximum") == 1:
        return SHARE
    if f.kind in (INTEGER, NUMBER, BOOLEAN):
        return str(f.kind)
    return DATE if node.get("format") == "date" else TEXT


def _node(schema: dict[str, Any], path: tuple[str, ...]) -> dict[str, Any]:
    node = schema
    for key in path:
        node = node.get("properties", {}).get(key, {})
    return node


def _parent(schema: dict[str, Any], path: tuple[str, ...]) -> dict[str, Any]:
    """The schema node holding ``path``'s last key (through list items and progress's entries)."""
    node = schema
    for key in path[:-1]:
        node = node.get("properties", {}).get(key) or node.get("additionalProperties") or {}
        if isinstance(node.get("items"), dict):
            node = node["items"]
    if path and path[-1] not in node.get("properties", {}) and isinstance(node.get("additionalProperties"), dict):
        node = node["additionalProperties"]
    return node


def _text(key: str, lang: str, which: str = "title") -> str:
    entry = fact_catalogue().get(key)
    return pick(entry.get(which), lang) if entry else ""


def _choice_label(key: str, code: str, lang: str) -> str:
    words = dict(_CHOICE_WORDS.findall(_text(key, lang, "help")))
    label = words.get(code, "").strip()
    return f"{label} ({code})" if label else code


def _unit(name: str, kind: str, lang: str) -> str:
    if kind == SHARE:
        return t("unit.percent", lang)
    if kind not in (INTEGER, NUMBER):
        return ""
    return next((t(key, lang) for suffix, key in _UNITS if name.endswith(suffix)), "")


def key_order(all_sections: tuple[Section, ...]) -> dict[tuple[str, ...], list[str]]:
    """The declared order of the keys under each mapping, so that a new key goes where the
    schema puts it (``support`` after ``teaching``), not at the end."""
    order: dict[tuple[str, ...], list[str]] = {(): ["profile_version"]}
    for section in all_sections:
        for i in range(len(section.path)):
            _add(order, section.path[:i], section.path[i])
        for field in section.fields:
            full = field.path if section.kind == FIELDS else section.path + ("*",) + field.path
            for i in range(len(full)):
                _add(order, full[:i], full[i])
    return order


def _add(order: dict[tuple[str, ...], list[str]], parent: tuple[str, ...], key: str) -> None:
    keys = order.setdefault(parent, [])
    if key not in keys:
        keys.append(key)


def field_for_fact(fact: str) -> str | None:
    """The input that states a fact the rules read (``staff.teaching`` is ``facts.staff.teaching``;
    a column of a table, ``rooms.area_m2``, is its table ``section:rooms``), or None."""
    names = {f.name: s for s in sections("en") for f in s.fields if s.kind == FIELDS}
    for name in (f"facts.{fact}", fact):
        if name in names:
            return name
    table = next((s for s in sections("en") if s.kind != FIELDS and s.path[-1] == fact.split(".")[0]), None)
    return f"section:{table.id}" if table else None
