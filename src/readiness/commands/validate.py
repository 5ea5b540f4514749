"""`readiness validate`: every finding for sets and profiles, in a format for people or CI."""
from __future__ import annotations

import sys
from pathlib import Path

from ..errors import ERROR, EXIT_FINDINGS, EXIT_OK, EXIT_USAGE
from ..findings import Msg, text
from ..load.validate import jobs, validate_jobs
from ..render.registry import render
from ..resources import playbooks_dir
from .common import Progress, Session, colour_on, paint, with_progress


def run(paths: list[Path], playbook_dir: Path | None, fmt: str, strict: bool, progress: Progress | None = None,
        s: Session | None = None) -> int:
    s = s or Session("en")
    todo = jobs(paths or [playbooks_dir()])
    result = with_progress(progress, len(todo), text("cli.progress_checking", s.lang),
                           lambda step: validate_jobs(todo, playbook_dir, (lambda _path: step(1)) if step else None))
    result.diagnostics = s.config.keep(result.diagnostics)
    strict = strict or s.config.strict
    failing = [d for d in result.diagnostics if d.severity == ERROR or strict]
    if fmt == "text":
        colour = colour_on(sys.stdout)
        sys.stdout.write("".join(paint(d.format(s.lang), d.severity, colour) + "\n" for d in result.diagnostics))
        sys.stderr.write(text("cli.checked", s.lang, files=Msg("cli.files_checked", count=result.files),
                              errors=Msg("format.errors_count", count=result.errors),
                              warnings=Msg("cli.warnings_count", count=result.warnings)) + "\n")
    else:
        sys.stdout.write(str(render("findings", fmt, result, lang=s.lang)))
    if result.usage_error:
        return EXIT_USAGE
    return EXIT_FINDINGS if failing else EXIT_OK
