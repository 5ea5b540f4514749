"""`readiness validate`: every finding for sets and profiles, in a format for people or CI."""
from __future__ import annotations

import sys
from pathlib import Path

from ..errors import ERROR, EXIT_FINDINGS, EXIT_OK, EXIT_USAGE
from ..load.validate import jobs, validate_jobs
from ..render.registry import render
from ..resources import playbooks_dir
from .common import Progress, with_progress


def run(paths: list[Path], playbook_dir: Path | None, fmt: str, strict: bool, progress: Progress | None = None) -> int:
    todo = jobs(paths or [playbooks_dir()])
    result = with_progress(progress, len(todo), "validate",
                           lambda step: validate_jobs(todo, playbook_dir, (lambda _path: step(1)) if step else None))
    failing = [d for d in result.diagnostics if d.severity == ERROR or strict]
    sys.stdout.write(str(render("findings", fmt, result)))
    if fmt == "text":
        sys.stderr.write(f"{result.files} files checked: {result.errors} errors, {result.warnings} warnings\n")
    if result.usage_error:
        return EXIT_USAGE
    return EXIT_FINDINGS if failing else EXIT_OK
