"""The facts of a playbook set: their declarations (facts.yaml) checked and compiled, the set's
profile schema made from them, and the types rules see.

The program names no fact: a set declares what its profiles may state, the shared part of the
profile schema (schemas/profile.schema.json) holds what every set has (the institution, dates,
scenarios, progress, waivers).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..errors import Diagnostic
from ..findings import Msg
from ..i18n import fact_catalogue, pick
from ..model import Fact, Playbook
from ..rules import BOOL, NUMBER, OBJECT, STRING, FactType, TypeEnv, listof
from ..schema import load_schema, profile_schema, register, registered, walk
from ..schema.walk import Field, json_kind
from .elements import Element

CONTAINERS = ("group", "list")
RESERVED = ("institution", "params", "derived")  # what rules read by these names is not a fact of the set
NUMBERS = ("integer", "number")
# the keys a declaration may have beyond path, type, texts and note, per type
_KEYS_FOR = {
    "unit": NUMBERS, "minimum": NUMBERS, "maximum": NUMBERS, "min_length": ("text",), "max_length": ("text",),
    "choices": ("choice",), "max_items": ("list",),
}
_PYTHON_TYPES: dict[str, tuple[type, ...]] = {"integer": (int,), "number": (int, float), "boolean": (bool,),
                                              "text": (str,), "choice": (str,), "group": (dict,), "list": (list,)}


@dataclass
class Vocabulary:
    """What :func:`compile_facts` makes of a set's fact declarations."""

    facts: dict[str, Fact] = field(default_factory=dict)
    retired: dict[str, str] = field(default_factory=dict)
    schema: dict[str, Any] = field(default_factory=dict)
    diagnostics: list[Diagnostic] = field(default_factory=list)


def compile_facts(elements: list[Element], scenarios: list[str], manifest: dict[str, Any]) -> Vocabulary:
    """The facts of a set, checked; the profile schema of the set made from them."""
    out = Vocabulary()
    declared = {el.id: el for el in elements}
    for el in elements:
        if "retired" in el.data:
            out.retired[el.id] = str(el.data["retired"])
            continue
        problem = _problem(el, declared)
        if problem is not None:
            out.diagnostics.append(problem)
            continue
        out.facts[el.id] = _fact(el, declared)
    out.diagnostics += _old_path_problems(elements, out)
    # a fact whose group was refused cannot be placed: leave it out of the schema too
    out.facts = {p: f for p, f in out.facts.items() if not f.parent or f.parent in out.facts}
    languages = list(manifest.get("languages") or ["en"])
    # groups go before their facts (stable: a group keeps its facts in the order they are declared)
    specs = [_spec(f, languages) for f in sorted(out.facts.values(), key=lambda f: f.path.count("."))]
    out.schema = profile_schema(load_schema("profile"), specs, scenarios, str(manifest.get("id", "")),
                                str(manifest.get("version", "")))
    return out


def _problem(el: Element, declared: dict[str, Element]) -> Diagnostic | None:
    """The first thing wrong with one declaration (None: nothing)."""
    d, path, kind = el.data, el.id, el.data["type"]
    parent = path.rpartition(".")[0]
    if path.split(".")[0] in RESERVED:
        return el.diag("R015", Msg("R015.reserved", path=path, name=path.split(".")[0]), Msg("hint.reserved_names"), key="path")
    if parent:
        holder = declared.get(parent)
        if holder is None or "retired" in holder.data:
            return el.diag("R015", Msg("R015.no_group", path=path, group=parent), Msg("hint.declare_group", group=parent), key="path")
        if holder.data.get("type") not in CONTAINERS:
            return el.diag("R015", Msg("R015.not_a_group", path=path, group=parent), Msg("hint.declare_group", group=parent), key="path")
        if holder.data.get("type") == "list" and kind in CONTAINERS:
            return el.diag("R015", Msg("R015.in_list_item", path=path), Msg("hint.list_fields"), key="type")
    for key, types in _KEYS_FOR.items():
        if key in d and kind not in types:
            return el.diag("R015", Msg("R015.key_not_for_type", path=path, key=key, type=kind),
                           Msg("hint.key_for_types", key=key, types=", ".join(types)), key=key)
    if "required" in d and not (parent and declared[parent].data.get("type") == "list"):
        return el.diag("R015", Msg("R015.key_not_for_type", path=path, key="required", type=kind),
                       Msg("hint.required_in_lists"), key="required")
    if kind == "choice" and not d.get("choices"):
        return el.diag("R015", Msg("R015.no_choices", path=path), Msg("hint.add_choices"), key="type")
    if "minimum" in d and "maximum" in d and d["minimum"] > d["maximum"]:
        return el.diag("R015", Msg("R015.min_above_max", path=path), Msg("hint.swap_bounds"), key="minimum")
    if "default" in d and not _fits(d["default"], d):
        return el.diag("R015", Msg("R015.bad_default", path=path, type=kind), Msg("hint.default_fits"), key="default")
    return None


def _fits(value: Any, d: dict[str, Any]) -> bool:
    kind = d["type"]
    if not isinstance(value, _PYTHON_TYPES[kind]) or (kind in NUMBERS and isinstance(value, bool)):
        return False
    if kind == "integer" and isinstance(value, float) and not value.is_integer():
        return False
    if kind == "choice" and value not in d["choices"]:
        return False
    if kind in NUMBERS and not (d.get("minimum", value) <= value <= d.get("maximum", value)):
        return False
    return True


def _old_path_problems(elements: list[Element], vocab: Vocabulary) -> list[Diagnostic]:
    """An earlier path may not be a fact now, nor be claimed by two facts (or renamed and retired)."""
    out: list[Diagnostic] = []
    seen = set(vocab.retired)
    for el in elements:
        for i, old in enumerate(el.data.get("renamed_from", [])):
            if old in vocab.facts or old in seen:
                out.append(el.diag("R015", Msg("R015.old_path", path=el.id, old=old), Msg("hint.old_path_once"),
                                   key="renamed_from"))
            seen.add(old)
    return out


def _fact(el: Element, declared: dict[str, Element]) -> Fact:
    d = el.data
    parent = el.id.rpartition(".")[0]
    in_list = bool(parent) and declared[parent].data.get("type") == "list"
    return Fact(
        path=el.id, type=d["type"], title=d["title"], help=d["help"], unit=d.get("unit", ""),
        minimum=d.get("minimum"), maximum=d.get("maximum"), min_length=d.get("min_length"), max_length=d.get("max_length"),
        choices=tuple(d.get("choices", ())), unknown=d.get("unknown", not in_list), required=d.get("required", False),
        default=d.get("default"), has_default="default" in d, max_items=d.get("max_items"), example=d.get("example"),
        renamed_from=tuple(d.get("renamed_from", ())), in_list=in_list,
    )


def _spec(fact: Fact, languages: list[str]) -> dict[str, Any]:
    """A fact as :func:`readiness.schema.profile_schema` takes it: English texts (JSON Schema has one language)."""
    spec: dict[str, Any] = {"path": fact.path, "type": fact.type, "unknown": fact.unknown, "required": fact.required,
                            "title": pick(fact.title, "en", languages), "description": pick(fact.help, "en", languages),
                            "choices": list(fact.choices)}
    for key in ("minimum", "maximum", "min_length", "max_length", "max_items"):
        if getattr(fact, key) is not None:
            spec[key] = getattr(fact, key)
    if fact.has_default:
        spec["default"] = fact.default
    return spec


def schema_name(playbook: Playbook | None) -> str:
    """The name under which checks find the profile schema of ``playbook`` (the shared one without a set)."""
    if playbook is None:
        return "profile"
    name = playbook.memo.get("profile_schema_name")
    if name is None or not registered(name):  # once per process: a pickled set brings its schema, not the registration
        name = playbook.memo["profile_schema_name"] = register(playbook.profile_schema)
    return str(name)


def type_env(schema: dict[str, Any]) -> TypeEnv:
    """Fact paths and types of a profile schema: everything under ``facts`` at the top, plus ``institution.*``."""
    profile = schema["properties"]
    env = env_from_schema(profile["facts"])
    env.update(env_from_schema(profile["institution"], "institution."))
    env["institution"] = FactType(OBJECT)
    return env


def env_from_schema(schema: dict[str, Any], prefix: str = "") -> TypeEnv:
    """Fact types from a JSON Schema's ``properties`` (objects nest, arrays of objects map)."""
    env: TypeEnv = {}
    for f in walk(schema, prefix):
        fact = _fact_type(f)
        if fact is not None:
            env[f.path] = fact
    return env


def _fact_type(f: Field) -> FactType | None:
    wrap = listof if f.in_list else (lambda t: t)
    if f.kind == "object":
        return FactType(wrap(OBJECT))
    if f.items is not None:
        return FactType(listof(OBJECT))
    if f.kind == "array":
        if f.in_list:
            return None  # lists inside lists are not addressable
        items = f.node.get("items", {})
        return FactType(listof(_scalar_type(items)), _enum(items))
    return FactType(wrap(_scalar_type(f.node)), _enum(f.node))


def _enum(node: dict[str, Any]) -> tuple[str, ...]:
    return tuple(e for e in node.get("enum", ()) if e is not None)


def _scalar_type(node: dict[str, Any]) -> str:
    kind = json_kind(node)
    if kind in ("integer", "number"):
        return NUMBER
    if kind == "boolean":
        return BOOL
    return STRING


@dataclass(frozen=True)
class ProfileField:
    """One field of a set's profile, for a form or any tool that asks an institution for it.

    ``path`` is its place from the profile's root (``institution.type``, ``facts.<group>.<fact>``,
    ``facts.<list>``); a list's (or a map's) item fields are its ``items``, their paths continuing
    the list's (``facts.<list>.<field>``, ``progress.status``). ``type`` is group, list, map
    (progress: keyed by task id), integer, number, boolean, text, date, choice or choices (a list
    of choices). ``nullable``: ``~`` ("not known") is accepted. ``shared``: every set has it (the
    institution, dates, scenarios, progress, waivers); else the set declares it. Texts are per
    language, as the set or the catalogue gives them.
    """

    path: str
    type: str
    title: dict[str, str]
    help: dict[str, str]
    group: str = ""                       # the path of the group, list or map holding it
    unit: str = ""
    minimum: float | None = None
    maximum: float | None = None
    choices: tuple[str, ...] = ()
    choice_titles: dict[str, dict[str, str]] = field(default_factory=dict)  # where the set names its choices (scenarios)
    nullable: bool = False
    required: bool = False
    default: Any = None
    has_default: bool = False
    max_items: int | None = None
    items: tuple[ProfileField, ...] = ()
    shared: bool = False

    @property
    def fact(self) -> str:
        """The path rules read it by (``<group>.<fact>``, ``institution.type``), or "" for a field rules do not read."""
        if self.path.startswith("facts."):
            return self.path[len("facts."):]
        return self.path if self.path.startswith("institution.") else ""


def profile_fields(playbook: Playbook) -> list[ProfileField]:
    """Every field of ``playbook``'s profiles, in the order of the profile: the shared ones from
    the shared schema and the fact catalogue, the set's from its declarations."""
    props = playbook.profile_schema["properties"]
    out: list[ProfileField] = []
    for key, node in props.items():
        if key == "facts":
            out.append(_shared(playbook, key, node, "group"))
            out += [_from_fact(playbook, f) for f in playbook.facts.values() if not f.in_list]
        elif key == "progress":
            item = node["additionalProperties"]
            out.append(_shared(playbook, key, node, "map", items=tuple(
                _shared(playbook, f"{key}.{name}", sub, group=key) for name, sub in item["properties"].items())))
        elif key == "waivers":
            item = node["items"]
            out.append(_shared(playbook, key, node, "list", items=tuple(
                _shared(playbook, f"{key}.{name}", sub, group=key, required=name in item.get("required", ()))
                for name, sub in item["properties"].items())))
        elif json_kind(node) == "object":
            out.append(_shared(playbook, key, node, "group"))
            out += [_shared(playbook, f"{key}.{name}", sub, group=key, required=name in node.get("required", ()))
                    for name, sub in node["properties"].items()]
        else:
            out.append(_shared(playbook, key, node, required=key in playbook.profile_schema.get("required", ())))
    return out


def _from_fact(playbook: Playbook, fact: Fact) -> ProfileField:
    items = tuple(_from_fact(playbook, f) for f in playbook.facts.values() if f.in_list and f.parent == fact.path)
    return ProfileField(
        path=f"facts.{fact.path}", type=fact.type, title=dict(fact.title), help=dict(fact.help),
        group=f"facts.{fact.parent}" if fact.parent else "facts",
        unit=fact.unit, minimum=fact.minimum, maximum=fact.maximum, choices=fact.choices, nullable=fact.unknown,
        required=fact.required, default=fact.default, has_default=fact.has_default, max_items=fact.max_items, items=items,
    )


def _shared(playbook: Playbook, path: str, node: dict[str, Any], kind: str = "", group: str = "", required: bool = False,
            items: tuple[ProfileField, ...] = ()) -> ProfileField:
    entry = fact_catalogue().get(path, {})
    item = node.get("items") if isinstance(node.get("items"), dict) else {}
    choices = tuple(v for v in node.get("enum", item.get("enum", ())) if v is not None)
    if not kind:
        json_type = json_kind(node) or ("integer" if isinstance(node.get("const"), int) else None)
        kind = ("choices" if choices else "list") if json_type == "array" else "choice" if choices else \
            "date" if node.get("format") == "date" else {"string": "text"}.get(json_type, json_type or "text")
    names = {sid: dict(s.get("title", {})) for sid, s in playbook.scenarios.items()} if path == "scenarios" else {}
    types = node.get("type")
    return ProfileField(
        path=path, type=kind, title=dict(entry.get("title") or {"en": node.get("title", path)}),
        help=dict(entry.get("help") or {"en": node.get("description", "")}), group=group,
        minimum=node.get("minimum"), maximum=node.get("maximum"), choices=choices, choice_titles=names,
        nullable=isinstance(types, list) and "null" in types, required=required, items=items, shared=True,
    )
