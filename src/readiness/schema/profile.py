"""A playbook set's profile schema: the part every set shares (schemas/profile.schema.json)
with the set's facts under ``facts`` and its scenario ids under ``scenarios``.

The facts come as plain declarations (the load layer checks them and picks their English
texts): ``path``, ``type`` (group, list, integer, number, boolean, text, choice), ``title``,
``description``, ``unknown`` (``~`` accepted) and, where declared, ``minimum``, ``maximum``,
``min_length``, ``max_length``, ``choices``, ``required``, ``default``, ``max_items``. Parents
come before their children.
"""
from __future__ import annotations

import copy
from typing import Any

_JSON_TYPES = {"group": "object", "list": "array", "integer": "integer", "number": "number",
               "boolean": "boolean", "text": "string", "choice": "string"}
_KEYWORDS = {"minimum": "minimum", "maximum": "maximum", "min_length": "minLength", "max_length": "maxLength",
             "max_items": "maxItems", "default": "default"}
# Every number and every list of a profile is bounded (docs/security.md): where a set declares no
# bound, these hold (the largest constant a rule may write; the most items a list may have).
DEFAULT_MAXIMUM = 10**12
DEFAULT_MAX_ITEMS = 10_000


def profile_schema(shared: dict[str, Any], facts: list[dict[str, Any]], scenarios: list[str],
                   set_id: str, version: str) -> dict[str, Any]:
    """The JSON Schema of the profiles of one set (a new dict; ``shared`` is not changed)."""
    out = copy.deepcopy(shared)
    out["$id"] = f"https://readiness.kg/schemas/sets/{set_id}/{version}/profile.schema.json"
    out["title"] = f"{shared.get('title', 'Institution profile')} ({set_id} {version})"
    props = out["properties"]
    root = {**props["facts"], "additionalProperties": False, "properties": {}}
    props["facts"] = root
    props["scenarios"]["items"]["enum"] = list(scenarios)
    nodes: dict[str, dict[str, Any]] = {"": root}
    for fact in facts:
        parent, _, name = fact["path"].rpartition(".")
        holder = nodes[parent]
        if holder.get("items") is not None:  # a list: its items hold the fields
            holder = holder["items"]
            if fact.get("required"):
                holder.setdefault("required", []).append(name)
        holder["properties"][name] = nodes[fact["path"]] = _node(fact)
    return out


def _node(fact: dict[str, Any]) -> dict[str, Any]:
    kind = _JSON_TYPES[fact["type"]]
    node: dict[str, Any] = {"type": [kind, "null"] if fact["unknown"] else kind}
    if fact["type"] == "choice":
        node["enum"] = [*fact["choices"], *([None] if fact["unknown"] else [])]
    node["title"] = fact["title"]
    node["description"] = fact["description"]
    for key, keyword in _KEYWORDS.items():
        if key in fact:
            node[keyword] = fact[key]
    if fact["type"] in ("integer", "number"):
        node.setdefault("maximum", DEFAULT_MAXIMUM)
    if fact["type"] == "group":
        node.update(additionalProperties=False, properties={})
    elif fact["type"] == "list":
        node.setdefault("maxItems", DEFAULT_MAX_ITEMS)
        node["items"] = {"type": "object", "title": fact["title"], "description": fact["description"],
                         "additionalProperties": False, "properties": {}}
    return node
