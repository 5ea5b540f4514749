"""`readiness test`: run the test cases a set keeps in its tests/ folder."""
from __future__ import annotations

import sys
from pathlib import Path

from ..engine.playtest import run_tests
from ..errors import EXIT_FINDINGS, EXIT_OK
from ..findings import text
from ..render.registry import render
from .common import Session, load_set


def run(set_dir: Path | None, fmt: str, s: Session) -> int:
    folder, playbook = load_set(set_dir)
    result = run_tests(folder, playbook)
    shown = s.lang
    sys.stdout.write(str(render("test", fmt, result, lang=shown)))
    if fmt == "text":
        sys.stderr.write(text("format.test_summary", shown, count=len(result.cases), passed=result.passed, failed=result.failed) + "\n")
    return EXIT_FINDINGS if result.errors else EXIT_OK
