"""`readiness schema`: print a JSON Schema: a bundled one, or the profile schema of a set."""
from __future__ import annotations

import json
import sys
from pathlib import Path

from ..errors import EXIT_OK
from ..resources import schema_path
from .common import load_set


def run(name: str, playbook_dir: Path | None = None) -> int:
    """``profile`` is the set's (the bundled set's without ``playbook_dir``): the shared part of
    schemas/profile.schema.json with the set's facts and scenarios. The others are printed as they are."""
    if name == "profile":
        _, playbook = load_set(playbook_dir)
        sys.stdout.write(json.dumps(playbook.profile_schema, ensure_ascii=False, indent=2) + "\n")
    else:
        sys.stdout.write(schema_path(name).read_text(encoding="utf-8"))
    return EXIT_OK
