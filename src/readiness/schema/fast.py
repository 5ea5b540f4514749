"""The fast pre-check: a validator compiled from a schema into closures.

It must never accept what jsonschema rejects (it may reject more: jsonschema then decides).
It clears valid documents and list items so that jsonschema, which gives the messages,
sees only what may be wrong.
"""
from __future__ import annotations

import math
import re
from datetime import date
from functools import lru_cache
from typing import Any, Callable

from . import load_schema

ANNOTATIONS = frozenset({"title", "description", "default", "examples", "$comment", "$schema", "$id", "$defs",
                          "deprecated", "readOnly", "writeOnly"})
_KNOWN = ANNOTATIONS | {"type", "properties", "additionalProperties", "required", "items", "$ref", "enum", "const",
                         "pattern", "minLength", "maxLength", "minItems", "maxItems", "uniqueItems", "minimum",
                         "maximum", "minProperties", "maxProperties", "propertyNames", "format", "if", "then", "else"}
Check = Callable[[Any], bool]


@lru_cache(maxsize=None)
def fast_check(name: str) -> Check:
    root = load_schema(name)
    return compile_check(root, root, {})


def resolve(root: dict[str, Any], sub: Any) -> Any:
    while isinstance(sub, dict) and set(sub) - ANNOTATIONS == {"$ref"} and str(sub["$ref"]).startswith("#/$defs/"):
        sub = root.get("$defs", {}).get(sub["$ref"][len("#/$defs/"):], {"not": {}})
    return sub


def compile_check(root: dict[str, Any], sub: Any, defs: dict[str, Check]) -> Check:
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
            defs[key] = _COMPILING  # recursion guard while compiling
            target = root.get("$defs", {}).get(key)
            defs[key] = compile_check(root, target, defs) if target is not None else (lambda v: False)
        # a $def that refers to itself (still compiling) is looked up when run; any other is called straight
        checks.append(_deferred(defs, key) if defs[key] is _COMPILING else defs[key])
    # a type the keywords' own check can say (one call, not two: the checks run a million times)
    kind = sub.get("type")
    typed = {"string": _fast_string(sub, kind == "string"), "object": _fast_object(root, sub, defs, kind == "object"),
             "array": _fast_array(root, sub, defs, kind == "array")}
    if "type" in sub and not (isinstance(kind, str) and typed.get(kind)):
        checks.append(_fast_type(kind))
    checks.extend(typed["string"] + _fast_number(sub) + _fast_values(sub))
    checks.extend(typed["object"] + typed["array"] + _fast_conditional(root, sub, defs))
    return _all(checks)


def _fast_conditional(root: dict[str, Any], sub: dict[str, Any], defs: dict[str, Check]) -> list[Check]:
    """if/then/else: ``then`` must hold where ``if`` does, ``else`` where it does not. The fast
    ``if`` may only say no where jsonschema says yes when ``then`` and ``else`` agree, so a
    doubtful ``if`` asks both."""
    if "if" not in sub:
        return []
    condition = compile_check(root, sub["if"], defs)
    then = compile_check(root, sub.get("then", True), defs)
    otherwise = compile_check(root, sub.get("else", True), defs)
    exact = _exact(sub["if"])

    def check(v: Any) -> bool:
        if condition(v):
            return then(v)
        return otherwise(v) if exact else otherwise(v) and then(v)
    return [check]


def _exact(sub: Any) -> bool:
    """Whether the fast check of ``sub`` says no only where jsonschema does (plain ``required``)."""
    return isinstance(sub, dict) and set(sub) <= {"required"}


def _COMPILING(v: Any) -> bool:
    return False


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


def is_int(v: Any) -> bool:
    return (isinstance(v, int) and not isinstance(v, bool)) or (isinstance(v, float) and v.is_integer())


def is_number(v: Any) -> bool:
    """A JSON number: NaN and the infinities are none (JSON has no way to write them)."""
    return (isinstance(v, int) and not isinstance(v, bool)) or (isinstance(v, float) and math.isfinite(v))


_TYPES: dict[str, Check] = {
    "string": lambda v: isinstance(v, str), "boolean": lambda v: isinstance(v, bool), "null": lambda v: v is None,
    "object": lambda v: isinstance(v, dict), "array": lambda v: isinstance(v, list), "integer": is_int,
    "number": is_number,
}


def python_pattern(pattern: str) -> str:
    """A schema's ECMA-262 pattern for Python's ``re.search``: ECMA's ``$`` is the end of the
    text, Python's also matches before a final line break ("abc\\n" would pass ``^[a-z]+$``)."""
    if pattern.endswith("$") and not pattern.endswith("\\$"):
        return pattern[:-1] + "\\Z"
    return pattern


def _fast_string(sub: dict[str, Any], typed: bool = False) -> list[Check]:
    """pattern, minLength, maxLength and format as one check; ``typed``: it also says no to what is no text."""
    if not {"pattern", "minLength", "maxLength", "format"} & set(sub):
        return []
    if sub.get("format", "date") != "date":
        return [lambda v: False]
    regex = re.compile(python_pattern(sub["pattern"])) if "pattern" in sub else None
    least: int = sub.get("minLength", 0)
    most: int | None = sub.get("maxLength")
    date = "format" in sub

    def check(v: Any) -> bool:
        if not isinstance(v, str):
            return not typed
        return ((regex is None or regex.search(v) is not None) and len(v) >= least and (most is None or len(v) <= most)
                and (not date or _is_date(v)))
    return [check]


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


def _fast_object(root: dict[str, Any], sub: dict[str, Any], defs: dict[str, Check], typed: bool = False) -> list[Check]:
    """The object keywords as one check; ``typed``: it also says no to what is no mapping."""
    keys = {"properties", "additionalProperties", "required", "minProperties", "maxProperties", "propertyNames"}
    if not keys & set(sub):
        return []
    props = {k: compile_check(root, s, defs) for k, s in sub.get("properties", {}).items()}
    extra = sub.get("additionalProperties", True)
    extra_check = None if extra is False else compile_check(root, extra, defs)
    names = _remembered(compile_check(root, sub["propertyNames"], defs)) if "propertyNames" in sub else None
    required = tuple(sub.get("required", ()))
    least, most = sub.get("minProperties", 0), sub.get("maxProperties")

    def check(v: Any) -> bool:
        if not isinstance(v, dict):
            return not typed
        if len(v) < least or (most is not None and len(v) > most):
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


def _remembered(check: Check) -> Check:
    """``check`` of a mapping's keys, each answer kept: the keys of a set's texts are a few
    language codes, met a hundred thousand times (at most _REMEMBER answers are kept)."""
    known: dict[Any, bool] = {}

    def remembered(key: Any) -> bool:
        answer = known.get(key)
        if answer is None:
            answer = check(key)
            if len(known) < _REMEMBER:
                known[key] = answer
        return answer
    return remembered


_REMEMBER = 1024


def _fast_array(root: dict[str, Any], sub: dict[str, Any], defs: dict[str, Check], typed: bool = False) -> list[Check]:
    """The array keywords as one check; ``typed``: it also says no to what is no list."""
    if not {"items", "minItems", "maxItems", "uniqueItems"} & set(sub):
        return []
    item = compile_check(root, sub["items"], defs) if "items" in sub else None
    least, most, unique = sub.get("minItems", 0), sub.get("maxItems"), sub.get("uniqueItems", False)

    def check(v: Any) -> bool:
        if not isinstance(v, list):
            return not typed
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




def is_valid(data: Any, name: str) -> bool:
    """True when ``data`` is valid for schema ``name``, by the fast checker alone (no messages)."""
    return fast_check(name)(data)
