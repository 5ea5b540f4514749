"""Indented JSON, the text ``json.dumps(value, ensure_ascii=False, indent=2)`` writes, made by the
C encoder.

Python's json module uses its C encoder only without ``indent``: with it, every value goes
through the pure-Python encoder, about a third of a warm plan of a large set. Here a container
is one call of the C encoder whose item separator carries the line break and the indentation of
its depth; an inner non-empty container is first a placeholder (a number no report holds, the
count of its occurrences checked), then replaced by its own text, made the same way one level
deeper. Each piece of text (a string's escapes, a number's digits, ``", "`` and ``": "``) is the
C encoder's, which makes them as the Python one does: the output is the same, byte for byte
(tests/render/test_json_text.py holds it to ``json.dumps``). Anything unusual (a collision
with the placeholder, a value JSON cannot hold, a cycle, a nesting too deep) falls back to
``json.dumps`` itself, which then gives its text or raises its error.
"""
from __future__ import annotations

import json
import os
from functools import lru_cache
from itertools import compress
from operator import and_
from json.encoder import c_make_encoder, encode_basestring  # type: ignore[attr-defined]
from typing import Any, Callable, Iterator

from ..rows import Rows

INDENT = "  "
_CONTAINERS = (dict, list, tuple)
_SCALARS = frozenset((str, int, float, bool, type(None)))
_PLAIN = _SCALARS | {dict, list, tuple}
_IS_CONTAINER = frozenset(_CONTAINERS).__contains__
# A placeholder no report holds: 38 random digits, new for each process; any other occurrence
# in the text (a number or a string that holds them) makes the count wrong, and json.dumps decides.
_MARK = 10**37 + int.from_bytes(os.urandom(15), "big")
_MARK_TEXT = str(_MARK)


class _Fallback(Exception):
    """The fast path declines: json.dumps makes the text."""


def reference(value: Any) -> str:
    """The text this module makes, as the json module makes it."""
    return json.dumps(value, ensure_ascii=False, indent=2)


def dumps(value: Any) -> str:
    """``json.dumps(value, ensure_ascii=False, indent=2)``, faster."""
    if c_make_encoder is None:  # a Python without the json module's C part
        return reference(value)
    try:
        if isinstance(value, _CONTAINERS):
            out: list[str] = []
            _container(out, value, 0)
            return "".join(out)
        return "".join(_encoder(0)(value, 0))
    except (_Fallback, TypeError, ValueError, RecursionError, OverflowError):
        return reference(value)


def pieces(value: dict[str, Any]) -> Iterator[str]:
    """:func:`dumps` of a dict in pieces, each of its :class:`~readiness.rows.Rows` values written
    item by item as it is read: the text of the dict with each of them a list, never held whole."""
    lazy = [v for v in value.values() if isinstance(v, Rows)]
    shallow = {k: _MARK if isinstance(v, Rows) else v for k, v in value.items()}
    parts = dumps(shallow).split(_MARK_TEXT)
    if len(parts) != len(lazy) + 1:  # the placeholder met elsewhere: the lists made whole
        yield dumps({k: list(v) if isinstance(v, Rows) else v for k, v in value.items()})
        return
    yield parts[0]
    for rows, part in zip(lazy, parts[1:]):
        yield from _rows(rows, 1)
        yield part


def _rows(rows: Rows, depth: int) -> Iterator[str]:
    """The text of a list at ``depth``, an item at a time."""
    into = "\n" + INDENT * (depth + 1)
    empty = True
    for item in rows:
        yield ("[" if empty else ",") + into + dumps(item).replace("\n", into)  # JSON text holds no other line break
        empty = False
    yield "[]" if empty else "\n" + INDENT * depth + "]"


def _unknown(value: Any) -> Any:
    raise TypeError(f"Object of type {value.__class__.__name__} is not JSON serializable")


@lru_cache(maxsize=None)
def _encoder(depth: int) -> Callable[[Any, int], Any]:
    """The C encoder for the items of a container at ``depth``: each item on its own line, indented."""
    return c_make_encoder(None, _unknown, encode_basestring, None, ": ", ",\n" + INDENT * (depth + 1), False, False, True)  # type: ignore[no-any-return]


@lru_cache(maxsize=None)
def _level(depth: int) -> tuple[Callable[[Any, int], Any], str, str]:
    """A container at ``depth``: its encoder, the line break after its opening bracket, before its closing one."""
    return _encoder(depth), "\n" + INDENT * (depth + 1), "\n" + INDENT * depth


def _container(out: list[str], value: Any, depth: int) -> None:
    """The text of a container at ``depth``, appended to ``out`` in pieces.

    The common cases are told apart at C speed (the types of the items, looked up in sets): a
    container of scalars is one call of the encoder; one of scalars and plain containers gets its
    placeholders by position. Anything else (a subclass of dict or list) takes the general loop."""
    encode, into, out_of = _level(depth)
    if not value:
        out.append("".join(encode(value, depth)))  # [] or {}
        return
    is_dict = isinstance(value, dict)
    if _SCALARS.issuperset(map(type, value.values() if is_dict else value)):
        text = "".join(encode(value, depth))
        out += (text[0], into, text[1:-1], out_of, text[-1])
        return
    items = list(value.values()) if is_dict else value
    if _PLAIN.issuperset(map(type, items)):  # plain containers, the empty ones left to the encoder ([] and {})
        where = list(compress(range(len(items)), map(and_, map(_IS_CONTAINER, map(type, items)), map(bool, items))))
        inner = [items[i] for i in where]
        if is_dict:
            keys = list(value)
            shallow: Any = dict(value)
            for i in where:
                shallow[keys[i]] = _MARK
        else:
            shallow = list(value)
            for i in where:
                shallow[i] = _MARK
    else:
        inner = []
        if is_dict:
            shallow = {}
            for key, item in value.items():
                if isinstance(item, _CONTAINERS):
                    inner.append(item)
                    shallow[key] = _MARK
                else:
                    shallow[key] = item
        else:
            shallow = []
            for item in value:
                if isinstance(item, _CONTAINERS):
                    inner.append(item)
                    shallow.append(_MARK)
                else:
                    shallow.append(item)
    text = "".join(encode(shallow, depth))
    parts = text[1:-1].split(_MARK_TEXT)
    if len(parts) != len(inner) + 1:
        raise _Fallback
    out += (text[0], into, parts[0])
    for item, part in zip(inner, parts[1:]):
        _container(out, item, depth + 1)
        out.append(part)
    out += (out_of, text[-1])
