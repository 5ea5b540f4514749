"""Why a rule decided as it did: its result and the value of every fact it read."""
from __future__ import annotations

from typing import Any

from ..rules import UNKNOWN, Rule, lookup


def plain_value(v: Any) -> Any:
    if v is UNKNOWN:
        return None
    if isinstance(v, list):
        return [plain_value(x) for x in v]
    return v


def rule_trace(rule: Rule | None, ctx: dict[str, Any]) -> dict[str, Any] | None:
    """The rule, its result, and the value of every fact it read (None = not given)."""
    if rule is None:
        return None
    result = rule(ctx)
    return {
        "rule": rule.text,
        "result": "unknown" if result is UNKNOWN else result,
        "facts": {path: plain_value(lookup(ctx, path.split("."))) for path in rule.paths},
    }
