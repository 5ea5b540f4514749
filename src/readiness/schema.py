"""JSON Schema validation (draft 2020-12) with findings mapped back to YAML lines."""
from __future__ import annotations

import difflib
import json
import re
from datetime import date
from functools import lru_cache
from typing import Any, Callable

from .errors import Diagnostic
from .resources import schema_path
from .yamlload import Document, gc_paused

SCHEMA_NAMES = ("playbook", "profile", "plan", "gaps", "checklist", "aggregate", "impact")


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
    """All schema findings for one loaded document.

    A fast checker compiled from the same schema (``_fast``) clears valid documents and
    valid list items first; jsonschema, which gives the messages, then sees only the top
    level and the items the fast checker could not clear. A set of 100,000 tasks takes
    seconds instead of minutes.
    """
    with gc_paused():
        instance, index = _suspects(doc.data, name)
        if instance is None:
            return []
        errors = [(_original_path(err, index), err) for err in _leaves(list(validator(name).iter_errors(instance)))]
    errors.sort(key=lambda pe: (list(map(str, pe[0])), pe[1].message))
    # a value of the wrong type is one mistake: do not also say it is not among the allowed values
    mistyped = {path for path, err in errors if err.validator == "type"}
    errors = [(path, err) for path, err in errors if not (path in mistyped and err.validator in ("enum", "const", "pattern"))]
    return [_diagnostic(doc, err, path) for path, err in errors]


def is_valid(data: Any, name: str) -> bool:
    """True when ``data`` is valid for schema ``name``, by the fast checker alone (no messages)."""
    return _fast(name)(data)


def _suspects(data: Any, name: str) -> tuple[Any, dict[str, list[int]]]:
    """The part of ``data`` jsonschema must see (None: nothing), and where its list items came from."""
    checker = _fast(name)
    if checker(data):
        return None, {}
    props = load_schema(name).get("properties", {})
    if not isinstance(data, dict):
        return data, {}
    instance, index = dict(data), {}
    for key, value in data.items():
        sub = _resolve(load_schema(name), props.get(key, {}))
        if not isinstance(value, list) or set(sub) - _ANNOTATIONS - {"type", "items"} or "items" not in sub:
            continue  # only plain lists of items can be cut down without changing what the schema says
        item = _fast_compile(load_schema(name), sub["items"], {})
        keep = [i for i, v in enumerate(value) if not item(v)]
        instance[key] = [value[i] for i in keep]
        index[key] = keep
    return instance, index


def _original_path(err: Any, index: dict[str, list[int]]) -> tuple[Any, ...]:
    path = tuple(err.absolute_path)
    if len(path) >= 2 and path[0] in index and isinstance(path[1], int):
        return (path[0], index[path[0]][path[1]]) + path[2:]
    return path


# -- the fast checker ----------------------------------------------------------
# It must never accept what jsonschema rejects (it may reject more: jsonschema then decides).
_ANNOTATIONS = frozenset({"title", "description", "default", "examples", "$comment", "$schema", "$id", "$defs",
                          "deprecated", "readOnly", "writeOnly"})
_KNOWN = _ANNOTATIONS | {"type", "properties", "additionalProperties", "required", "items", "$ref", "enum", "const",
                         "pattern", "minLength", "maxLength", "minItems", "maxItems", "uniqueItems", "minimum",
                         "maximum", "minProperties", "propertyNames", "format"}
Check = Callable[[Any], bool]


@lru_cache(maxsize=None)
def _fast(name: str) -> Check:
    root = load_schema(name)
    return _fast_compile(root, root, {})


def _resolve(root: dict[str, Any], sub: Any) -> Any:
    while isinstance(sub, dict) and set(sub) - _ANNOTATIONS == {"$ref"} and str(sub["$ref"]).startswith("#/$defs/"):
        sub = root.get("$defs", {}).get(sub["$ref"][len("#/$defs/"):], {"not": {}})
    return sub


def _fast_compile(root: dict[str, Any], sub: Any, defs: dict[str, Check]) -> Check:
    if sub is True or sub == {}:
        return lambda v: True
    if not isinstance(sub, dict) or set(sub) - _KNOWN:
        return lambda v: False  # a keyword this checker does not know: let jsonschema decide
    checks: list[Check] = []
    if "$ref" in sub:
        ref = str(sub["$ref"])
        if not ref.startswith("#/$defs/"):
            return lambda v: False
        key = ref[len("#/$defs/"):]
        if key not in defs:
            defs[key] = lambda v: False  # recursion guard while compiling
            target = root.get("$defs", {}).get(key)
            defs[key] = _fast_compile(root, target, defs) if target is not None else (lambda v: False)
        checks.append(_deferred(defs, key))  # looked up when run: a $def may refer to itself
    if "type" in sub:
        checks.append(_fast_type(sub["type"]))
    checks.extend(_fast_string(sub) + _fast_number(sub) + _fast_values(sub))
    checks.extend(_fast_object(root, sub, defs) + _fast_array(root, sub, defs))
    return _all(checks)


def _deferred(defs: dict[str, Check], key: str) -> Check:
    return lambda v: defs[key](v)


def _all(checks: list[Check]) -> Check:
    if not checks:
        return lambda v: True
    if len(checks) == 1:
        return checks[0]
    if len(checks) == 2:
        first, second = checks
        return lambda v: first(v) and second(v)

    def check(v: Any) -> bool:
        for c in checks:
            if not c(v):
                return False
        return True
    return check


def _fast_type(spec: Any) -> Check:
    types = tuple(spec) if isinstance(spec, list) else (spec,)
    if any(t not in _TYPES for t in types):
        return lambda v: False
    if len(types) == 1:
        return _TYPES[types[0]]
    tests = [_TYPES[t] for t in types]
    return lambda v: any(t(v) for t in tests)


def _is_int(v: Any) -> bool:
    return (isinstance(v, int) and not isinstance(v, bool)) or (isinstance(v, float) and v.is_integer())


_TYPES: dict[str, Check] = {
    "string": lambda v: isinstance(v, str), "boolean": lambda v: isinstance(v, bool), "null": lambda v: v is None,
    "object": lambda v: isinstance(v, dict), "array": lambda v: isinstance(v, list), "integer": _is_int,
    "number": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
}


def _fast_string(sub: dict[str, Any]) -> list[Check]:
    out: list[Check] = []
    if "pattern" in sub:
        regex = re.compile(sub["pattern"])
        out.append(lambda v: not isinstance(v, str) or regex.search(v) is not None)
    if "minLength" in sub:
        least: int = sub["minLength"]
        out.append(lambda v: not isinstance(v, str) or len(v) >= least)
    if "maxLength" in sub:
        most: int = sub["maxLength"]
        out.append(lambda v: not isinstance(v, str) or len(v) <= most)
    if "format" in sub:
        if sub["format"] != "date":
            return [lambda v: False]
        out.append(lambda v: not isinstance(v, str) or _is_date(v))
    return out


def _is_date(text: str) -> bool:
    if not _DATE.fullmatch(text):
        return False
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True


_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _fast_number(sub: dict[str, Any]) -> list[Check]:
    out: list[Check] = []
    number = _TYPES["number"]
    if "minimum" in sub:
        low: float = sub["minimum"]
        out.append(lambda v: not number(v) or bool(v >= low))
    if "maximum" in sub:
        high: float = sub["maximum"]
        out.append(lambda v: not number(v) or bool(v <= high))
    return out


def _fast_values(sub: dict[str, Any]) -> list[Check]:
    """enum and const: only texts are compared here (1 == true in Python, not in JSON Schema)."""
    out: list[Check] = []
    if "enum" in sub:
        texts = frozenset(e for e in sub["enum"] if isinstance(e, str))
        if None in sub["enum"]:  # a nullable enum: null (not known) is allowed
            out.append(lambda v: v is None or (isinstance(v, str) and v in texts))
        else:
            out.append(lambda v: isinstance(v, str) and v in texts)
    if "const" in sub:
        const = sub["const"]
        out.append(lambda v: type(v) is type(const) and v == const and not isinstance(v, (dict, list)))
    return out


def _fast_object(root: dict[str, Any], sub: dict[str, Any], defs: dict[str, Check]) -> list[Check]:
    keys = {"properties", "additionalProperties", "required", "minProperties", "propertyNames"}
    if not keys & set(sub):
        return []
    props = {k: _fast_compile(root, s, defs) for k, s in sub.get("properties", {}).items()}
    extra = sub.get("additionalProperties", True)
    extra_check = None if extra is False else _fast_compile(root, extra, defs)
    names = _fast_compile(root, sub["propertyNames"], defs) if "propertyNames" in sub else None
    required = tuple(sub.get("required", ()))
    least = sub.get("minProperties", 0)

    def check(v: Any) -> bool:
        if not isinstance(v, dict):
            return True
        if len(v) < least:
            return False
        for r in required:
            if r not in v:
                return False
        for key, value in v.items():
            if names is not None and not names(key):
                return False
            prop = props.get(key, extra_check)
            if prop is None or not prop(value):
                return False
        return True
    return [check]


def _fast_array(root: dict[str, Any], sub: dict[str, Any], defs: dict[str, Check]) -> list[Check]:
    if not {"items", "minItems", "maxItems", "uniqueItems"} & set(sub):
        return []
    item = _fast_compile(root, sub["items"], defs) if "items" in sub else None
    least, most, unique = sub.get("minItems", 0), sub.get("maxItems"), sub.get("uniqueItems", False)

    def check(v: Any) -> bool:
        if not isinstance(v, list):
            return True
        if len(v) < least or (most is not None and len(v) > most):
            return False
        if unique and not (all(isinstance(x, str) for x in v) and len(set(v)) == len(v)):
            return False  # only lists of texts are checked for duplicates here
        if item is not None:
            for x in v:
                if not item(x):
                    return False
        return True
    return [check]


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


def _diagnostic(doc: Document, err: Any, path: tuple[Any, ...]) -> Diagnostic:
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


class Suggest:
    """"Did you mean" over many names, fast enough for 100,000 of them.

    difflib compares a word with every name it is given; over a large set only the names
    of about the same length that start with the same letter are compared, at most a few
    hundred, so each suggestion costs about the same whatever the size of the set.
    """

    SMALL = 500

    def __init__(self, names: Any):
        self.names = [str(n) for n in names]
        self.index: dict[tuple[str, int], list[str]] = {}
        if len(self.names) > self.SMALL:
            for name in self.names:
                self.index.setdefault((name[:1], len(name)), []).append(name)

    def __call__(self, word: str, cutoff: float = 0.6) -> str | None:
        pool = self.names
        if self.index:
            pool = []
            for length in range(max(len(word) - 3, 0), len(word) + 4):
                pool.extend(self.index.get((word[:1], length), ())[: self.SMALL])
        close = difflib.get_close_matches(word, pool[: self.SMALL * 4], n=1, cutoff=cutoff)
        return close[0] if close else None
