"""The facts a set's profiles may state, as a Markdown table (docs/profile-format.md is made with it)."""
from __future__ import annotations

from typing import Any

from ..i18n import pick
from ..model import Fact, Playbook


def fact_table(playbook: Playbook, lang: str = "en") -> str:
    """One row per fact: the shared institution fields, then the set's facts (a list, then its
    fields); groups are the first part of their facts' paths."""
    rows = ["| fact | type | unit | meaning |", "|---|---|---|---|"]
    institution = playbook.profile_schema["properties"]["institution"]["properties"]
    for name, node in institution.items():
        path = f"institution.{name}"
        kind = _choices(node.get("enum", ())) or _json_type(node)
        rows.append(_row(path, kind, "", playbook.fact_text(path, lang, "help") or node.get("description", "")))
    for fact in playbook.facts.values():
        if fact.type != "group":
            rows.append(_row(fact.path, _type(fact), fact.unit, pick(fact.help, lang, playbook.languages)))
    return "\n".join(rows)


def _row(path: str, kind: str, unit: str, meaning: str) -> str:
    return f"| `{path}` | {kind} | {unit} | {meaning.replace('|', '&#124;')} |"


def _type(fact: Fact) -> str:
    if fact.type == "choice":
        kind = _choices(fact.choices)
    elif fact.type == "list":
        kind = "list" + (f", at most {fact.max_items} items" if fact.max_items is not None else "")
    else:
        kind = fact.type + _bounds(fact)
    if fact.required:
        kind += ", required"
    if fact.has_default:
        kind += f", default {_value(fact.default)}"
    return kind


def _bounds(fact: Fact) -> str:
    low, high = fact.minimum, fact.maximum
    if low is not None and high is not None:
        return f", {_value(low)} to {_value(high)}"
    if low is not None:
        return f", ≥ {_value(low)}"
    if high is not None:
        return f", ≤ {_value(high)}"
    return ""


def _choices(values: Any) -> str:
    return " \\| ".join(f"`{v}`" for v in values if v is not None)


def _json_type(node: dict[str, Any]) -> str:
    kind = node.get("type", "")
    kinds = kind if isinstance(kind, list) else [kind]
    return next((k for k in kinds if k != "null"), "")


def _value(value: Any) -> str:
    if isinstance(value, bool):
        return str(value).lower()
    return str(value)
