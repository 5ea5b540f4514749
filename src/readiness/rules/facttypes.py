"""The types of the rule language: bool, number, string, object, and lists of them."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

# Types: "bool", "number", "string", "object", or "list:<type>".
BOOL, NUMBER, STRING, OBJECT = "bool", "number", "string", "object"


def listof(t: str) -> str:
    return "list:" + t


def is_list(t: str) -> bool:
    return t.startswith("list:")


def elem(t: str) -> str:
    return t[5:] if is_list(t) else t


@dataclass(frozen=True)
class FactType:
    type: str
    enum: tuple[str, ...] = ()


TypeEnv = dict[str, FactType]
Fn = Callable[[dict[str, Any]], Any]


def describe(t: str) -> str:
    names = {BOOL: "a true/false value", NUMBER: "a number", STRING: "a text", OBJECT: "a group of facts"}
    if is_list(t):
        return "a list of " + {BOOL: "true/false values", NUMBER: "numbers", STRING: "texts", OBJECT: "items"}[elem(t)]
    return names[t]


