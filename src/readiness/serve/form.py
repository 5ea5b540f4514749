"""The profile form's fields: the one module that knows where facts are declared.

A form is made from :func:`readiness.load.facts.profile_fields` of the playbook set being
served: the shared fields every set has (the institution, dates, scenarios, progress and
waivers, with their texts from the fact catalogue) and the facts the set declares in its
facts.yaml (type, unit, bounds, choices, texts per language). The rest of serve/ reads only
:class:`Field` and :class:`Section`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..i18n import pick
from ..load.facts import ProfileField, profile_fields
from ..model import Playbook
from .text import known, t

INTEGER, NUMBER, SHARE, BOOLEAN, CHOICE, CHOICES, DATE, TEXT = (
    "integer", "number", "share", "boolean", "choice", "choices", "date", "text")
FIELDS, LIST, MAP = "fields", "list", "map"   # a section of single values, a table of items, a table keyed by id

# a set's unit, as facts.yaml writes it, to the catalogue's word for it (else unit.<unit>, else as written)
_UNIT_KEYS = {"share": "unit.percent", "Mbit/s": "unit.mbps", "KGS": "unit.kgs"}
# the shared fields the form does not ask for: the format's version, the set the file was written
# for (kept as it is), the language of the CLI's reports (the pages have their own switch)
_NOT_ASKED = ("profile_version", "playbook", "lang")
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


def sections(playbook: Playbook, lang: str) -> tuple[Section, ...]:
    """The form in the profile's order: the institution (with its dates and scenarios), one
    section per group of the set's facts (its top-level facts in one of their own), its tables
    (lists), progress and waivers."""
    memo = playbook.memo
    key = f"serve.form.{lang}"
    if key not in memo:
        memo[key] = _sections(playbook, lang)
    return memo[key]  # type: ignore[no-any-return]


def _sections(playbook: Playbook, lang: str) -> tuple[Section, ...]:
    fields = profile_fields(playbook)
    by_path = {f.path: f for f in fields} | {item.path: item for f in fields for item in f.items}
    top = [f for f in fields if f.shared and f.type not in ("group", "list", "map") and f.path.split(".")[0] not in _NOT_ASKED
           and f.group in ("", "institution")]
    out = [Section("institution", FIELDS, (), _title(by_path["institution"], lang), _help(by_path["institution"], lang),
                   tuple(_field(f, lang, 0) for f in top))]
    facts = [f for f in fields if f.path.startswith("facts.")]
    loose = [f for f in facts if f.group == "facts" and f.type not in ("group", "list")]
    if loose:
        out.append(Section("facts", FIELDS, ("facts",), _title(by_path["facts"], lang), _help(by_path["facts"], lang),
                           tuple(_field(f, lang, 0) for f in loose)))
    for f in facts:
        if f.type == "group":
            members = tuple(_field(m, lang, 0) for m in facts if m.group == f.path and m.type not in ("group", "list"))
            out.append(Section(f.path.removeprefix("facts.").replace(".", "-"), FIELDS, tuple(f.path.split(".")),
                               _title(f, lang), _help(f, lang), members))
        elif f.type == "list":
            depth = len(f.path.split("."))
            out.append(Section(f.path.removeprefix("facts.").replace(".", "-"), LIST, tuple(f.path.split(".")),
                               _title(f, lang), _help(f, lang), tuple(_field(m, lang, depth) for m in f.items),
                               max_rows=f.max_items))
    schema = playbook.profile_schema["properties"]
    progress = by_path["progress"]
    task = Field(("task",), TEXT, _title(by_path["waivers.task"], lang), required=True, refers="task")
    out.append(Section("progress", MAP, ("progress",), _title(progress, lang), _help(progress, lang),
                       tuple(_field(m, lang, 1) for m in progress.items), task, schema["progress"].get("maxProperties")))
    waivers = by_path["waivers"]
    out.append(Section("waivers", LIST, ("waivers",), _title(waivers, lang), _help(waivers, lang),
                       tuple(_field(m, lang, 1) for m in waivers.items), max_rows=schema["waivers"].get("maxItems")))
    return tuple(out)


def _title(f: ProfileField, lang: str) -> str:
    return pick(f.title, lang) or f.path.rpartition(".")[2]


def _help(f: ProfileField, lang: str) -> str:
    return pick(f.help, lang) or ""


def _field(f: ProfileField, lang: str, strip: int) -> Field:
    path = tuple(f.path.split("."))
    kind = SHARE if f.type == NUMBER and (f.unit == "share" or (f.minimum == 0 and f.maximum == 1)) else f.type
    help_text = _help(f, lang)
    choices = tuple((c, pick(f.choice_titles[c], lang) if c in f.choice_titles else _choice_label(help_text, c))
                    for c in f.choices)
    return Field(
        path=path[strip:], kind=kind, label=_title(f, lang), help=help_text, unit=_unit(f, kind, lang),
        minimum=None if kind == SHARE else f.minimum, maximum=None if kind == SHARE else f.maximum,
        choices=choices, required=f.required, unknown=f.nullable, refers="task" if f.path == "waivers.task" else "",
    )


def _choice_label(help_text: str, code: str) -> str:
    words = dict(_CHOICE_WORDS.findall(help_text))
    label = words.get(code, "").strip()
    return f"{label} ({code})" if label else code


def _unit(f: ProfileField, kind: str, lang: str) -> str:
    if kind == SHARE:
        return t("unit.percent", lang)
    if kind not in (INTEGER, NUMBER) or not f.unit:
        return ""
    key = _UNIT_KEYS.get(f.unit) or "unit." + f.unit.replace("/", "_per_")
    return t(key, lang) if known(key) else f.unit


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


def field_for_fact(playbook: Playbook, fact: str) -> str | None:
    """The input that states a fact the rules read (``<group>.<fact>`` is ``facts.<group>.<fact>``;
    a column of a table, ``<list>.<field>``, is its table ``section:<list>``), or None."""
    names = {f.name: s for s in sections(playbook, "en") for f in s.fields if s.kind == FIELDS}
    for name in (f"facts.{fact}", fact):
        if name in names:
            return name
    table = next((s for s in sections(playbook, "en") if s.kind == LIST and s.path[0] == "facts"
                  and fact.startswith(".".join(s.path[1:]) + ".")), None)
    return f"section:{table.id}" if table else None
