"""jsonschema's errors in words a ministry methodologist reads: what is wrong, where, and a hint."""
from __future__ import annotations

import difflib
from typing import Any, Callable

from ..errors import Diagnostic
from ..io.yaml import Document


def diagnostic(doc: Document, err: Any, path: tuple[Any, ...]) -> Diagnostic:
    kind = err.validator
    message, hint = err.message, ""
    where = path
    if kind == "additionalProperties":
        allowed = sorted(err.schema.get("properties", {}))
        extra = [k for k in err.instance if k not in err.schema.get("properties", {})]
        key = extra[0] if extra else "?"
        where = path + (key,)
        close = difflib.get_close_matches(key[:100], allowed, n=1)
        message = f"unknown key '{_short(key)}'" + (f" at {_name(path)}" if path else "")
        hint = f"did you mean '{close[0]}'?" if close else "allowed keys: " + ", ".join(allowed)
    elif kind == "required":
        missing = err.message.split("'")[1] if "'" in err.message else err.message
        message = f"missing required key '{missing}'" + (f" in {_name(path)}" if path else "")
        desc = err.schema.get("properties", {}).get(missing, {}).get("description", "")
        hint = desc or "add the key"
    elif kind == "type":
        expected = err.validator_value
        message = f"{_name(path)} should be {_type_words(expected)}, not {_value_words(err.instance)}"
        hint = err.schema.get("description", "") or (
            "write a value after the ':' or remove the key" if err.instance is None else f"write {_type_words(expected)}")
    elif kind == "enum":
        allowed = [str(v) for v in err.validator_value if v is not None]
        close = difflib.get_close_matches(str(err.instance)[:100], allowed, n=1)
        empty = " (or leave it empty)" if None in err.validator_value else ""
        message = f"{_name(path)}: '{_short(err.instance)}' is not one of: {', '.join(allowed)}{empty}"
        hint = f"did you mean '{close[0]}'?" if close else (err.schema.get("description", "") or "use one of the values listed")
    elif kind == "format" and err.validator_value == "date":
        message = f"{_name(path)}: '{_short(err.instance)}' is not a real date"
        hint = "write dates as YYYY-MM-DD, e.g. 2020-09-01"
    elif kind == "pattern":
        message = f"{_name(path)}: '{_short(err.instance)}' has the wrong form"
        hint = err.schema.get("description", "") or _PATTERN_HINTS.get(err.validator_value, f"it must match {err.validator_value}")
    elif kind in _LIMITS:
        message, hint = _LIMITS[kind](_name(path), err.instance, err.validator_value)
        hint = hint or (err.schema.get("description", "") if isinstance(err.schema, dict) else "")
    else:
        message = f"{_name(path)}: {_short(err.message, 200)}"
        hint = err.schema.get("description", "") if isinstance(err.schema, dict) else ""
    return doc.diag(where, "S001", message, hint)


_PATTERN_HINTS = {
    "^[a-z]{2}$": "language codes are two lowercase letters: ky, ru, en",
    "^[A-Z]+(-[A-Za-z0-9.]+)+$": "source IDs look like HR-T1 or SAN-VENT-2 (capital letters, then '-' parts)",
}


def _short(value: Any, limit: int = 60) -> str:
    """A value as shown in a message: never the whole of a megabyte-long line."""
    text = str(value)
    return text if len(text) <= limit else text[:limit] + f"… ({len(text):,} characters)"


def _duplicate(items: Any) -> str:
    seen: list[Any] = []
    for item in items:
        if item in seen:
            return f"'{_short(item)}' is listed twice"
        seen.append(item)
    return "an item is listed twice"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


_LIMITS: dict[str, Callable[[str, Any, Any], tuple[str, str]]] = {
    "minLength": lambda name, v, n: (f"{name} is empty", "write the text or remove the key") if n == 1 and not v else
    (f"{name}: '{_short(v)}' is too short (at least {_plural(n, 'character')})", ""),
    "maxLength": lambda name, v, n: (f"{name} is too long ({len(v):,} characters; at most {n:,})",
                                     "shorten it; a long rule can be split into derived values"),
    "minItems": lambda name, v, n: (f"{name} is an empty list" if not v else f"{name} needs at least {_plural(n, 'item')}", ""),
    "maxItems": lambda name, v, n: (f"{name} has {len(v)} items; at most {n}", ""),
    "uniqueItems": lambda name, v, n: (f"{name}: {_duplicate(v)}", "remove the repeated item"),
    "minProperties": lambda name, v, n: (f"{name} is an empty mapping" if not v else f"{name} needs at least {n} keys",
                                         "add the data, or remove it" + (" (the file)" if name == "the file" else "")),
    "minimum": lambda name, v, n: (f"{name} is {v}, less than the least allowed, {n}", ""),
    "maximum": lambda name, v, n: (f"{name} is {v}, more than the most allowed, {n}", ""),
    "const": lambda name, v, n: (f"{name} must be {n}, not {_short(v)}", ""),
}


def _name(path: tuple[Any, ...]) -> str:
    if not path:
        return "the file"
    out = ""
    for p in path:
        out += f"[{p}]" if isinstance(p, int) else (("." if out else "") + str(p))
    return out


def _type_words(expected: Any) -> str:
    words = {"string": "a text", "integer": "a whole number", "number": "a number", "boolean": "true or false",
             "object": "a mapping (key: value)", "array": "a list", "null": "empty"}
    if isinstance(expected, list):
        return " or ".join(words.get(str(e), str(e)) for e in expected)
    return words.get(expected, str(expected))


def _value_words(value: Any) -> str:
    if isinstance(value, bool):
        return f"'{str(value).lower()}' (true/false)"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, str):
        return f"the text '{value[:40]}'"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return "nothing" if value is None else repr(value)


