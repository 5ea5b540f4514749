"""jsonschema's errors in words a ministry methodologist reads: what is wrong, where, and a hint.

Every message and hint is a key of the catalogue of findings (findings.yaml) with its
arguments, so it can be shown in any language; a key's ``description`` from the schema is
passed as the argument of ``hint.schema_description`` (English for now).
"""
from __future__ import annotations

import difflib
from typing import Any, Callable

from ..errors import Diagnostic
from ..findings import Msg
from ..io.yaml import Document


def diagnostic(doc: Document, err: Any, path: tuple[Any, ...]) -> Diagnostic:
    kind = err.validator
    where = path
    if kind == "additionalProperties":
        allowed = sorted(err.schema.get("properties", {}))
        extra = [k for k in err.instance if k not in err.schema.get("properties", {})]
        key = extra[0] if extra else "?"
        where = path + (key,)
        close = difflib.get_close_matches(key[:100], allowed, n=1)
        message = Msg("S001.unknown_key_at", key=_short(key), name=_name(path)) if path else Msg("S001.unknown_key", key=_short(key))
        hint = Msg("hint.did_you_mean", name=close[0]) if close else Msg("hint.allowed_keys", keys=", ".join(allowed))
    elif kind == "required":
        missing = err.message.split("'")[1] if "'" in err.message else err.message
        message = Msg("S001.missing_key_in", key=missing, name=_name(path)) if path else Msg("S001.missing_key", key=missing)
        desc = err.schema.get("properties", {}).get(missing, {}).get("description", "")
        hint = _described(desc) or Msg("hint.add_key")
    elif kind == "type":
        expected = _type_words(err.validator_value)
        message = Msg("S001.wrong_type", name=_name(path), expected=expected, actual=_value_words(err.instance))
        hint = _described(err.schema.get("description", "")) or (
            Msg("hint.write_value") if err.instance is None else Msg("hint.write_type", expected=expected))
    elif kind == "enum":
        allowed = [str(v) for v in err.validator_value if v is not None]
        close = difflib.get_close_matches(str(err.instance)[:100], allowed, n=1)
        key = "S001.not_allowed_or_empty" if None in err.validator_value else "S001.not_allowed"
        message = Msg(key, name=_name(path), value=_short(err.instance), allowed=", ".join(allowed))
        hint = Msg("hint.did_you_mean", name=close[0]) if close else (
            _described(err.schema.get("description", "")) or Msg("hint.use_listed"))
    elif kind == "format" and err.validator_value == "date":
        message = Msg("S001.not_a_date", name=_name(path), value=_short(err.instance))
        hint = Msg("hint.date_example")
    elif kind == "pattern":
        message = Msg("S001.wrong_form", name=_name(path), value=_short(err.instance))
        hint = _described(err.schema.get("description", "")) or _PATTERN_HINTS.get(err.validator_value) or Msg(
            "hint.must_match", pattern=err.validator_value)
    elif kind in _LIMITS:
        message, hint = _LIMITS[kind](_name(path), err.instance, err.validator_value)
        if not path and kind == "minProperties":
            hint = Msg("hint.add_data_file")
        hint = hint or (_described(err.schema.get("description", "")) if isinstance(err.schema, dict) else None)
    else:
        message = Msg("S001.other", name=_name(path), error=_short(err.message, 200))
        hint = _described(err.schema.get("description", "")) if isinstance(err.schema, dict) else None
    return doc.diag(where, "S001", message, hint)


def _described(description: str) -> Msg | None:
    return Msg("hint.schema_description", text=description) if description else None


_PATTERN_HINTS = {
    "^[a-z]{2}$": Msg("hint.language_codes"),
    "^[A-Z]+(-[A-Za-z0-9.]+)+$": Msg("hint.source_id_form"),
}


def _short(value: Any, limit: int = 60) -> str | Msg:
    """A value as shown in a message: never the whole of a megabyte-long line."""
    text = str(value)
    return text if len(text) <= limit else Msg("value.truncated", text=text[:limit], length=len(text))


def _duplicate(name: str | Msg, items: Any) -> Msg:
    seen: list[Any] = []
    for item in items:
        if item in seen:
            return Msg("S001.listed_twice", name=name, value=_short(item))
        seen.append(item)
    return Msg("S001.item_listed_twice", name=name)


Limit = Callable[[Any, Any, Any], tuple[Msg, Msg | None]]
_LIMITS: dict[str, Limit] = {
    "minLength": lambda name, v, n: (Msg("S001.empty_text", name=name), Msg("hint.write_text")) if n == 1 and not v else
    (Msg("S001.too_short", name=name, value=_short(v), n=n), None),
    "maxLength": lambda name, v, n: (Msg("S001.too_long", name=name, length=len(v), n=n), Msg("hint.shorten")),
    "minItems": lambda name, v, n: (Msg("S001.empty_list", name=name) if not v else Msg("S001.too_few_items", name=name, n=n), None),
    "maxItems": lambda name, v, n: (Msg("S001.too_many_items", name=name, length=getattr(v, "real_length", len(v)), n=n), None),
    "maxProperties": lambda name, v, n: (Msg("S001.too_many_keys", name=name, length=getattr(v, "real_length", len(v)), n=n),
                                         Msg("hint.split_file")),
    "uniqueItems": lambda name, v, n: (_duplicate(name, v), Msg("hint.remove_repeated")),
    "minProperties": lambda name, v, n: (Msg("S001.empty_mapping", name=name) if not v else Msg("S001.too_few_keys", name=name, n=n),
                                         Msg("hint.add_data")),
    "minimum": lambda name, v, n: (Msg("S001.below_minimum", name=name, value=v, n=n), None),
    "maximum": lambda name, v, n: (Msg("S001.above_maximum", name=name, value=v, n=n), None),
    "const": lambda name, v, n: (Msg("S001.must_be", name=name, value=_short(v), n=str(n)), None),
}


def _name(path: tuple[Any, ...]) -> str | Msg:
    if not path:
        return Msg("S001.the_file")
    out = ""
    for p in path:
        out += f"[{p}]" if isinstance(p, int) else (("." if out else "") + str(p))
    return out


_TYPE_WORDS = {"string": "type.string", "integer": "type.integer", "number": "type.number", "boolean": "type.boolean",
               "object": "type.object", "array": "type.array", "null": "type.null"}


def _type_words(expected: Any) -> str | Msg:
    if isinstance(expected, list):
        words = [_type_words(e) for e in expected]
        out = words[0] if words else ""
        for word in words[1:]:
            out = Msg("type.or", first=out, second=word)
        return out
    return Msg(_TYPE_WORDS[expected]) if expected in _TYPE_WORDS else str(expected)


def _value_words(value: Any) -> str | Msg:
    if isinstance(value, bool):
        return Msg("value.bool", value=str(value).lower())
    if isinstance(value, (int, float)):
        return Msg("value.number", value=str(value))
    if isinstance(value, str):
        return Msg("value.text", value=value[:40])
    if isinstance(value, list):
        return Msg("value.list")
    if isinstance(value, dict):
        return Msg("value.mapping")
    return Msg("value.nothing") if value is None else repr(value)
