"""`readiness aggregate`: readiness across many institutions; every output from one pass."""
from __future__ import annotations

from pathlib import Path

from ..engine.aggregate import Options, fold
from ..io.files import discover
from ..render.formats import format_of
from ..render.registry import render
from ..reports.aggregate import aggregate_dict
from .common import Progress, emit, load_set, report_errors, set_files, with_progress


def run(paths: list[Path], playbook_dir: Path | None, fmt: str, outputs: list[Path], lang: str | None,
        options: Options, progress: Progress | None = None) -> int:
    """Exit 1 when some profiles failed (they are listed; the others are counted)."""
    set_dir, playbook = load_set(playbook_dir)
    files = discover(paths)
    options.lang = lang or playbook.languages[0]
    acc = with_progress(progress, len(files), "profiles", lambda step: fold(files, playbook, options, step))
    report = aggregate_dict(acc, options)
    inputs = [*files, *set_files(set_dir)]
    for output in outputs:
        emit(render("aggregate", format_of("aggregate", output) or fmt, report), output, inputs, [set_dir])
    if not outputs:
        emit(render("aggregate", fmt, report), None, inputs)
    return report_errors(report["errors"], report["totals"]["files"])
