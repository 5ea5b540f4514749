"""JSON Schemas (draft 2020-12): the bundled schemas, and checks of loaded documents against them.

``check`` gives findings with YAML lines (jsonschema, behind a fast pre-check); ``is_valid``
is the pre-check alone; ``walk`` is the one walker over a schema's properties.
"""
from __future__ import annotations

import json
from functools import lru_cache
from typing import Any

from ..resources import SCHEMA_NAMES, schema_path


@lru_cache(maxsize=None)
def load_schema(name: str) -> dict[str, Any]:
    with open(schema_path(name), encoding="utf-8") as fh:
        return json.load(fh)  # type: ignore[no-any-return]


from .check import check  # noqa: E402  (the submodules use load_schema above)
from .fast import is_valid  # noqa: E402
from .walk import walk  # noqa: E402

__all__ = ["SCHEMA_NAMES", "check", "is_valid", "load_schema", "walk"]
