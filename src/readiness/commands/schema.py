"""`readiness schema`: print one of the bundled JSON Schemas."""
from __future__ import annotations

import sys

from ..errors import EXIT_OK
from ..resources import schema_path


def run(name: str) -> int:
    sys.stdout.write(schema_path(name).read_text(encoding="utf-8"))
    return EXIT_OK
