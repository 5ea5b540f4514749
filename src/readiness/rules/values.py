"""Values rules run on: UNKNOWN (a fact not given), and the context facts are looked up in."""
from __future__ import annotations

from typing import Any


class _Unknown:
    __slots__ = ()

    def __repr__(self) -> str:
        return "UNKNOWN"

    def __bool__(self) -> bool:  # an unknown must never be mistaken for false
        raise TypeError("UNKNOWN has no truth value")


UNKNOWN: Any = _Unknown()

def has_unknown(value: Any) -> bool:
    """UNKNOWN, a partly known number (see bounds.py), or a list holding one."""
    if value is UNKNOWN or getattr(value, "partly_known", False):
        return True
    return isinstance(value, list) and any(has_unknown(v) for v in value)


def lookup(obj: Any, keys: list[str] | tuple[str, ...]) -> Any:
    """Follow a dotted path; a list on the way maps the rest of the path over its items."""
    for i, key in enumerate(keys):
        if isinstance(obj, list):
            rest = keys[i:]
            return [lookup(item, rest) for item in obj]
        if not isinstance(obj, dict):
            return UNKNOWN
        obj = obj.get(key, UNKNOWN)
        if obj is None:
            return UNKNOWN
    return obj


def prepare(facts: dict[str, Any]) -> dict[str, Any]:
    """The context rules run on: the facts, less those written ``~`` (not known) at the top.

    Rules read a fact below the top through the nested mappings (a ``~`` there, a missing key
    or anything but a mapping on the way is UNKNOWN to every reader), so nothing is copied.
    """
    return {key: value for key, value in facts.items() if value is not None}


def none_unknown(v: Any) -> Any:
    return UNKNOWN if v is None else v


