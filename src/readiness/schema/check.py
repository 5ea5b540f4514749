"""Findings for a loaded document: jsonschema's errors, mapped back to YAML lines."""
from __future__ import annotations

from functools import lru_cache
from typing import Any

from ..errors import Diagnostic
from ..io.yaml import Document
from ..runtime import gc_paused
from . import load_schema
from .fast import ANNOTATIONS, compile_check, fast_check, resolve
from .words import diagnostic


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
    # a date in the wrong form is one mistake too: the form's finding suggests the right date,
    # so "not a real date" (25.08.2020 is one, written otherwise) would be false
    misformed = {path for path, err in errors if err.validator == "pattern"}
    errors = [(path, err) for path, err in errors if not (path in misformed and err.validator == "format")]
    return [diagnostic(doc, err, path) for path, err in errors]


def _suspects(data: Any, name: str) -> tuple[Any, dict[str, list[int]]]:
    """The part of ``data`` jsonschema must see (None: nothing), and where its list items came from."""
    checker = fast_check(name)
    if checker(data):
        return None, {}
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


