"""`readiness impact`: how a playbook change alters each institution's plans."""
from __future__ import annotations

from datetime import date
from itertools import chain
from pathlib import Path

from ..engine.impact import Sets, compare_all
from ..io.files import discover
from ..load.playbook import load_playbook
from ..render.registry import render
from ..reports.impact import impact_dict
from ..findings import text
from .common import Progress, Session, choose_format, emit, refuse_input, refuse_overwrite, report_errors, set_files, with_progress


def run(base: Path, head: Path, paths: list[Path], fmt: str | None, output: Path | None, s: Session,
        today: date | None, scenarios: list[str], jobs: int, limit: int, progress: Progress | None = None) -> int:
    """Exit 1 when some profiles failed (they are listed; the others are compared)."""
    fmt = choose_format("impact", fmt, output)
    if output is not None:
        refuse_input(output, [], [base, head])
        refuse_overwrite(output, "impact", fmt, s.force)
    lang = s.lang
    old, new = load_playbook(base), load_playbook(head)
    chosen = tuple(new.resolve_scenario(s) for s in scenarios)
    files = discover(paths)
    sets = Sets(old, new, today, chosen, lang)
    report = with_progress(progress, len(files), text("cli.progress_profiles", lang),
                           lambda step: impact_dict(compare_all(files, sets, jobs, step), sets, lang, str(base), str(head)))
    inputs = chain(files.names(), set_files(base), set_files(head))  # as aggregate: no Path a profile
    emit(str(render("impact", fmt, report, limit=limit)), output, inputs, "impact", fmt, s.force, [base, head])
    return report_errors(report["errors"], report["profiles"], lang)
