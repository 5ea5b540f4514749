"""Findings for a loaded document: jsonschema's errors, mapped back to YAML lines."""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from ..errors import Diagnostic
from ..io.yaml import Document
from ..runtime import gc_paused
from . import load_schema
from .fast import ANNOTATIONS, compile_check, fast_check, is_int, is_number, python_pattern, resolve
from .words import diagnostic


@lru_cache(maxsize=None)
def validator(name: str) -> Any:
    import jsonschema  # lazy: about 50 ms of start-up

    base = jsonschema.Draft202012Validator
    types = base.TYPE_CHECKER.redefine_many({"number": lambda _c, v: is_number(v), "integer": lambda _c, v: is_int(v)})
    cls = jsonschema.validators.extend(base, validators={"pattern": _pattern}, type_checker=types)
    return cls(load_schema(name), format_checker=base.FORMAT_CHECKER)


def _pattern(validator: Any, pattern: str, instance: Any, _schema: Any) -> Any:
    """jsonschema's ``pattern`` with the end of text where ECMA-262 puts it (see python_pattern)."""
    from jsonschema.exceptions import ValidationError  # lazy, as jsonschema itself

    if validator.is_type(instance, "string") and _compiled(pattern).search(instance) is None:
        yield ValidationError(f"{instance!r} does not match {pattern!r}")


@lru_cache(maxsize=None)
def _compiled(pattern: str) -> Any:
    return re.compile(python_pattern(pattern))


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
    return [diagnostic(doc, err, path) for path, err in errors]


class _ClippedList(list):  # type: ignore[type-arg]
    """The first maxItems + 1 items of a longer list, and how long it was."""
    real_length = 0


class _ClippedDict(dict):  # type: ignore[type-arg]
    real_length = 0


def clipped(data: Any, root: dict[str, Any], sub: Any) -> Any:
    """``data`` with every list or mapping longer than its schema's maxItems or maxProperties cut
    to one past the bound: the bound's error is the same, and jsonschema is not asked for the
    errors of a million items (a profile of 950,000 rooms took 56 s and 4 GB)."""
    sub = resolve(root, sub)
    if not isinstance(sub, dict) or not _limited(root, sub):
        return data
    if isinstance(data, list):
        return _clip_list(data, root, sub)
    if isinstance(data, dict):
        return _clip_dict(data, root, sub)
    return data


def _clip_list(data: list[Any], root: dict[str, Any], sub: dict[str, Any]) -> list[Any]:
    most = sub.get("maxItems")
    cut = most is not None and len(data) > most
    items = data[:most + 1] if cut else data
    if isinstance(sub.get("items"), dict):
        items = [clipped(x, root, sub["items"]) for x in items]
    if not cut:
        return items
    out = _ClippedList(items)
    out.real_length = len(data)
    return out


def _clip_dict(data: dict[str, Any], root: dict[str, Any], sub: dict[str, Any]) -> dict[str, Any]:
    most = sub.get("maxProperties")
    cut = most is not None and len(data) > most
    pairs = list(data.items())[:most + 1] if cut else data.items()
    props, extra = sub.get("properties", {}), sub.get("additionalProperties")
    out = _ClippedDict() if cut else {}
    for key, value in pairs:
        schema = props.get(key, extra if isinstance(extra, dict) else None)
        out[key] = clipped(value, root, schema) if schema is not None and isinstance(value, (list, dict)) else value
    if cut:
        out.real_length = len(data)
    return out


_LIMITED: dict[int, bool] = {}


def _limited(root: dict[str, Any], sub: dict[str, Any]) -> bool:
    """Whether a schema node or any below it bounds a length (only such branches are walked)."""
    key = id(sub)
    if key not in _LIMITED:
        _LIMITED[key] = False  # a recursive $ref: no bound found on the way round
        below = [*sub.get("properties", {}).values(), sub.get("additionalProperties"), sub.get("items")]
        _LIMITED[key] = "maxItems" in sub or "maxProperties" in sub or any(
            isinstance(b, dict) and _limited(root, resolve(root, b)) for b in below if isinstance(resolve(root, b), dict))
    return _LIMITED[key]


def _suspects(data: Any, name: str) -> tuple[Any, dict[str, list[int]]]:
    """The part of ``data`` jsonschema must see (None: nothing), and where its list items came from."""
    checker = fast_check(name)
    if checker(data):
        return None, {}
    data = clipped(data, load_schema(name), load_schema(name))
    props = load_schema(name).get("properties", {})
    if not isinstance(data, dict):
        return data, {}
    instance, index = dict(data), {}
    for key, value in data.items():
        sub = resolve(load_schema(name), props.get(key, {}))
        if not isinstance(value, list) or set(sub) - ANNOTATIONS - {"type", "items"} or "items" not in sub:
            continue  # only plain lists of items can be cut down without changing what the schema says
        item = compile_check(load_schema(name), sub["items"], {})
        keep = [i for i, v in enumerate(value) if not item(v)]
        instance[key] = [value[i] for i in keep]
        index[key] = keep
    return instance, index


def _original_path(err: Any, index: dict[str, list[int]]) -> tuple[Any, ...]:
    path = tuple(err.absolute_path)
    if len(path) >= 2 and path[0] in index and isinstance(path[1], int):
        return (path[0], index[path[0]][path[1]]) + path[2:]
    return path


def _leaves(errors: list[Any]) -> list[Any]:
    """Replace anyOf/oneOf errors by their most relevant sub-error."""
    from jsonschema.exceptions import best_match  # lazy, as jsonschema itself (see validator)

    out = []
    for err in errors:
        if err.context:
            out.append(best_match(err.context))
        else:
            out.append(err)
    return out


