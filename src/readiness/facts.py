"""The facts a rule may read, taken from the profile schema, and the context rules run on."""
from __future__ import annotations

from functools import lru_cache
from typing import Any

from .rules import OBJECT, FactType, TypeEnv, env_from_schema, prepare
from .schema import load_schema

RESERVED = ("institution", "params", "derived")


@lru_cache(maxsize=None)
def type_env() -> TypeEnv:
    """Fact paths and types: everything under ``facts`` at the top, plus ``institution.*``."""
    profile = load_schema("profile")["properties"]
    env = env_from_schema(profile["facts"])
    env.update(env_from_schema(profile["institution"], "institution."))
    env["institution"] = FactType(OBJECT)
    return env


def rule_context(profile: dict[str, Any], params: dict[str, float]) -> dict[str, Any]:
    """The namespace rules are evaluated in (derived values are added by the caller)."""
    facts: dict[str, Any] = dict(profile.get("facts") or {})
    facts["institution"] = profile.get("institution", {})
    facts["params"] = params
    ctx = prepare(facts)
    ctx["derived"] = {}
    return ctx
