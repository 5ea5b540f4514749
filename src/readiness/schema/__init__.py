"""JSON Schemas (draft 2020-12): the bundled schemas, and checks of loaded documents against them.

``check`` gives findings with YAML lines (jsonschema, behind a fast pre-check); ``is_valid``
is the pre-check alone; ``walk`` is the one walker over a schema's properties; ``profile``
makes a set's profile schema, which :func:`register` names so that the checks (and their
caches) take it as they take a bundled one.
"""
from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from typing import Any

from ..resources import SCHEMA_NAMES, schema_path

_GENERATED: dict[str, dict[str, Any]] = {}


def register(body: dict[str, Any]) -> str:
    """A name for a generated schema (the same body, the same name), by which ``check``,
    ``is_valid`` and ``load_schema`` find it."""
    name = "generated:" + hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest()[:20]
    _GENERATED.setdefault(name, body)
    return name


def registered(name: str) -> bool:
    return name in _GENERATED


def load_schema(name: str) -> dict[str, Any]:
    """A bundled schema by name (``profile``: the part every set shares), or a registered one."""
    generated = _GENERATED.get(name)
    return generated if generated is not None else _bundled(name)


@lru_cache(maxsize=None)
def _bundled(name: str) -> dict[str, Any]:
    with open(schema_path(name), encoding="utf-8") as fh:
        return json.load(fh)  # type: ignore[no-any-return]


from .check import check  # noqa: E402  (the submodules use load_schema above)
from .fast import is_valid  # noqa: E402
from .walk import walk  # noqa: E402

from .profile import profile_schema  # noqa: E402

__all__ = ["SCHEMA_NAMES", "check", "is_valid", "load_schema", "profile_schema", "register", "registered", "walk"]
