"""The facts a rule may read: their paths and types, from the profile schema."""
from __future__ import annotations

from functools import lru_cache
from typing import Any

from ..rules import BOOL, NUMBER, OBJECT, STRING, FactType, TypeEnv, listof
from ..schema import load_schema, walk
from ..schema.walk import Field, json_kind


@lru_cache(maxsize=None)
def type_env() -> TypeEnv:
    """Fact paths and types: everything under ``facts`` at the top, plus ``institution.*``."""
    profile = load_schema("profile")["properties"]
    env = env_from_schema(profile["facts"])
    env.update(env_from_schema(profile["institution"], "institution."))
    env["institution"] = FactType(OBJECT)
    return env


def env_from_schema(schema: dict[str, Any], prefix: str = "") -> TypeEnv:
    """Fact types from a JSON Schema's ``properties`` (objects nest, arrays of objects map)."""
    env: TypeEnv = {}
    for field in walk(schema, prefix):
        fact = _fact_type(field)
        if fact is not None:
            env[field.path] = fact
    return env


def _fact_type(field: Field) -> FactType | None:
    wrap = listof if field.in_list else (lambda t: t)
    if field.kind == "object":
        return FactType(wrap(OBJECT))
    if field.items is not None:
        return FactType(listof(OBJECT))
    if field.kind == "array":
        if field.in_list:
            return None  # lists inside lists are not addressable
        items = field.node.get("items", {})
        return FactType(listof(_scalar_type(items)), _enum(items))
    return FactType(wrap(_scalar_type(field.node)), _enum(field.node))


def _enum(node: dict[str, Any]) -> tuple[str, ...]:
    return tuple(e for e in node.get("enum", ()) if e is not None)


def _scalar_type(node: dict[str, Any]) -> str:
    kind = json_kind(node)
    if kind in ("integer", "number"):
        return NUMBER
    if kind == "boolean":
        return BOOL
    return STRING
