"""`readiness plan`, `gaps` and `checklist`: one profile's report in one format.

On a terminal, `plan` without --format, -o or --full prints a summary a person reads at a
glance and writes the full, printable HTML report to the current folder (never over a file
readiness did not write); a pipe, a file or --full get the whole report.
"""
from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import Any

from ..errors import EXIT_OK, ReadinessError
from ..findings import text
from ..io.files import display_name
from ..render.registry import render
from ..render.summary import plan_summary
from ..reports import build_report
from .common import Session, emit, load_inputs, prepare_output


def run(kind: str, profile_path: Path, playbook_dir: Path | None, fmt: str | None, s: Session,
        output: Path | None, scenario: str | None = None, scenarios: list[str] | None = None,
        role: str | None = None, today: date | None = None, full: bool = False) -> int:
    summary = kind == "plan" and fmt is None and output is None and not full and sys.stdout.isatty()
    inputs = load_inputs(profile_path, playbook_dir, s)
    fmt = prepare_output(kind, fmt, output, inputs.files, s.force, inputs.protected)  # before the work, so a refusal costs little
    options: dict[str, Any] = {"scenario": scenario, "scenarios": scenarios, "role": role, "today": today}
    data = build_report(kind, inputs.playbook, inputs.profile, inputs.lang, **options)
    if summary:
        sys.stdout.write(_summary(data, profile_path, inputs.files, s))
        return EXIT_OK
    emit(render(kind, fmt, data), output, inputs.files, kind, fmt, s.force, inputs.protected)
    return EXIT_OK


def report_path(profile_path: Path, scenario: str) -> Path:
    """Where the terminal's `plan` puts the full report: the current folder, named after the profile
    and the scenario (the profile's own folder may be read-only: the bundled examples are)."""
    return Path(f"{profile_path.stem}.plan-{scenario}.html")


def _summary(data: dict[str, Any], profile_path: Path, inputs: list[Path], s: Session) -> str:
    target = report_path(profile_path, data["scenario"])
    try:
        emit(render("plan", "html", data), target, inputs, "plan", "html", force=False)
        written = True
    except ReadinessError:
        written = False
    shown = display_name(target.resolve())
    note = text("cli.summary_report" if written else "cli.summary_not_written", s.lang, path=shown)
    return plan_summary(data, note)
