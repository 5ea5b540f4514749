"""A value between the form and the profile: what an input shows, and what a typed text means.

Typed text that is not a value of the field's type is kept as it was typed: it goes into the
profile as text, the engine's own finding says what is wrong with it, and the input shows it
again, so nothing typed is lost.
"""
from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from .form import BOOLEAN, CHOICES, DATE, INTEGER, NUMBER, SHARE, Field
from ..io.roundtrip import date_value


class _Unset:
    """Nothing given: the key is left out (or stays ``~`` where the profile says not known)."""

    def __repr__(self) -> str:
        return "UNSET"


UNSET: Any = _Unset()
_TRUE = {"true", "yes", "да", "ооба", "1"}
_FALSE = {"false", "no", "нет", "жок", "0"}


def parse(field: Field, raw: str) -> Any:
    text = raw.strip()
    if not text:
        return UNSET
    if field.kind in (INTEGER, NUMBER, SHARE):
        number = _number(text)
        if number is None:
            return text
        return _from_percent(number) if field.kind == SHARE else _plain(number)
    if field.kind == BOOLEAN:
        word = text.lower()
        return True if word in _TRUE else False if word in _FALSE else text
    if field.kind == DATE:
        return date_value(text)
    return text


def _number(text: str) -> Decimal | None:
    cleaned = text.replace("\u00a0", "").replace(" ", "").replace(",", ".").removesuffix("%")
    try:
        number = Decimal(cleaned)
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def _plain(number: Decimal) -> int | float:
    return int(number) if number == number.to_integral_value() and "." not in str(number) and "E" not in str(number) else float(number)


def _from_percent(number: Decimal) -> int | float:
    share = number / 100
    return int(share) if share == share.to_integral_value() else float(share)


def shown(field: Field, value: Any) -> str:
    """The text an input shows for a profile value ('' for not known)."""
    if value is None:
        return ""
    if field.kind == SHARE and _is_number(value):
        return _percent_text(value)
    if field.kind == BOOLEAN and isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _percent_text(value: int | float) -> str:
    text = format((Decimal(str(value)) * 100).normalize(), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def fits(field: Field, value: Any) -> bool:
    """Whether the field's own widget can show ``value``; if not, a text input shows it as it is."""
    if value is None:
        return True
    if field.kind in (INTEGER, NUMBER, SHARE):
        return _is_number(value)
    if field.kind == BOOLEAN:
        return isinstance(value, bool)
    if field.kind == CHOICES:
        return isinstance(value, list) and all(str(v) in dict(field.choices) for v in value)
    if field.choices:
        return str(value) in dict(field.choices)
    return isinstance(value, str)


def same(old: Any, new: Any) -> bool:
    """Equal as profile values (1 and 1.0 are; True and 1 are not), so an unchanged value keeps
    its quotes and its spelling in the file."""
    if old is None or new is None:
        return old is new
    if isinstance(old, bool) or isinstance(new, bool):
        return type(old) is type(new) and old == new
    if _is_number(old) and _is_number(new):
        return bool(old == new)
    if isinstance(old, list) and isinstance(new, list):
        return len(old) == len(new) and all(same(a, b) for a, b in zip(old, new))
    return isinstance(old, str) == isinstance(new, str) and str(old) == str(new)
