"""`readiness impact`: how a playbook change alters each institution's plans."""
from __future__ import annotations

from datetime import date
from pathlib import Path

from ..engine.impact import Sets, compare_all
from ..io.files import discover
from ..load.playbook import load_playbook
from ..render.registry import render
from ..reports.impact import impact_dict
from .common import Progress, emit, report_errors, set_files, with_progress


def run(base: Path, head: Path, paths: list[Path], fmt: str, output: Path | None, lang: str | None,
        today: date | None, scenarios: list[str], jobs: int, limit: int, progress: Progress | None = None) -> int:
    """Exit 1 when some profiles failed (they are listed; the others are compared)."""
    old, new = load_playbook(base), load_playbook(head)
    chosen = tuple(new.resolve_scenario(s) for s in scenarios)
    files = discover(paths)
    sets = Sets(old, new, today, chosen)
    lang = lang or new.languages[0]
    report = with_progress(progress, len(files), "profiles",
                           lambda step: impact_dict(compare_all(files, sets, jobs, step), sets, lang, str(base), str(head)))
    emit(str(render("impact", fmt, report, limit=limit)), output, [*files, *set_files(base), *set_files(head)], [base, head])
    return report_errors(report["errors"], report["profiles"])
