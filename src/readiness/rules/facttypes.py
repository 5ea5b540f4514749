"""The types of the rule language: bool, number, string, object, and lists of them."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from ..findings import Msg

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


_WORDS = {BOOL: "rtype.bool", NUMBER: "rtype.number", STRING: "rtype.string", OBJECT: "rtype.object"}
_LIST_WORDS = {BOOL: "rtype.list_bool", NUMBER: "rtype.list_number", STRING: "rtype.list_string", OBJECT: "rtype.list_object"}


def describe(t: str) -> Msg:
    """The type in words, as a text of the catalogue of findings (any language)."""
    return Msg((_LIST_WORDS if is_list(t) else _WORDS)[elem(t)])


