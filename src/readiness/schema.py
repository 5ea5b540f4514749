"""JSON Schema validation (draft 2020-12) with findings mapped back to YAML lines."""
from __future__ import annotations

import difflib
import json
from functools import lru_cache
from typing import Any

from .errors import Diagnostic
from .resources import schema_path
from .yamlload import Document

SCHEMA_NAMES = ("playbook", "profile", "plan", "gaps", "checklist")


@lru_cache(maxsize=None)
def load_schema(name: str) -> dict[str, Any]:
    with open(schema_path(name), encoding="utf-8") as fh:
        return json.load(fh)  # type: ignore[no-any-return]


@lru_cache(maxsize=None)
def validator(name: str) -> Any:
    import jsonschema  # lazy: about 50 ms of start-up

    cls = jsonschema.Draft202012Validator
    return cls(load_schema(name), format_checker=cls.FORMAT_CHECKER)


def check(doc: Document, name: str) -> list[Diagnostic]:
    """All schema findings for one loaded document."""
    errors = sorted(validator(name).iter_errors(doc.data), key=lambda e: (list(map(str, e.absolute_path)), e.message))
    return [_diagnostic(doc, err) for err in _leaves(errors)]


def _leaves(errors: list[Any]) -> list[Any]:
    """Replace anyOf/oneOf errors by their most relevant sub-error."""
    from jsonschema.exceptions import best_match

    out = []
    for err in errors:
        if err.context:
            out.append(best_match(err.context))
        else:
            out.append(err)
    return out


def _diagnostic(doc: Document, err: Any) -> Diagnostic:
    path = tuple(err.absolute_path)
    kind = err.validator
    message, hint = err.message, ""
    where = path
    if kind == "additionalProperties":
        allowed = sorted(err.schema.get("properties", {}))
        extra = [k for k in err.instance if k not in err.schema.get("properties", {})]
        key = extra[0] if extra else "?"
        where = path + (key,)
        close = difflib.get_close_matches(key, allowed, n=1)
        message = f"unknown key '{key}'" + (f" at {_name(path)}" if path else "")
        hint = f"did you mean '{close[0]}'?" if close else "allowed keys: " + ", ".join(allowed)
    elif kind == "required":
        missing = err.message.split("'")[1] if "'" in err.message else err.message
        message = f"missing required key '{missing}'" + (f" in {_name(path)}" if path else "")
        desc = err.schema.get("properties", {}).get(missing, {}).get("description", "")
        hint = desc or "add the key"
    elif kind == "type":
        expected = err.validator_value
        message = f"{_name(path)} should be {_type_words(expected)}, not {_value_words(err.instance)}"
        hint = err.schema.get("description", "")
    elif kind == "enum":
        allowed = [str(v) for v in err.validator_value]
        close = difflib.get_close_matches(str(err.instance), allowed, n=1)
        message = f"{_name(path)}: '{err.instance}' is not one of: {', '.join(allowed)}"
        hint = f"did you mean '{close[0]}'?" if close else ""
    elif kind == "format" and err.validator_value == "date":
        message = f"{_name(path)}: '{err.instance}' is not a real date"
        hint = "write dates as YYYY-MM-DD, e.g. 2020-09-01"
    elif kind == "pattern":
        message = f"{_name(path)}: '{err.instance}' has the wrong form"
        hint = err.schema.get("description", "")
    else:
        message = f"{_name(path)}: {err.message}"
        hint = err.schema.get("description", "") if isinstance(err.schema, dict) else ""
    return doc.diag(where, "S001", message, hint)


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
        return " or ".join(words.get(e, e) for e in expected)
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
