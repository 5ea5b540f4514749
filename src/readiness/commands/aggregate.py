"""`readiness aggregate`: readiness across many institutions; every output from one pass."""
from __future__ import annotations

from itertools import chain
from pathlib import Path

from ..engine.aggregate import Aggregator, Options, fold
from ..io.files import FileList, discover
from ..model import Playbook
from ..render.formats import format_of
from ..render.registry import render
from ..reports.aggregate import aggregate_dict
from ..findings import text
from .common import Progress, Session, emit, load_set, refuse_overwrite, report_errors, set_files, with_progress


def run(paths: list[Path], playbook_dir: Path | None, fmt: str, outputs: list[Path], s: Session,
        options: Options, progress: Progress | None = None) -> int:
    """Exit 1 when some profiles failed (they are listed; the others are counted)."""
    for output in outputs:
        refuse_overwrite(output, "aggregate", format_of("aggregate", output) or fmt, s.force)
    set_dir, playbook = load_set(playbook_dir)
    files = discover(paths)
    options.lang = s.lang
    with _fold(files, playbook, options, progress) as acc:
        # the report's lists of stale and unusable profiles stay in the fold's ledger on disk, and
        # every output is written as it is made (issue 11: memory flat in the number of profiles)
        report = aggregate_dict(acc, options, lazy=True)
        # the report holds all it needs: what the set and the counters took serves the rendering (issue 11: peak memory)
        del playbook
        acc.keep_only_lists()
        for output in outputs:
            chosen = format_of("aggregate", output) or fmt
            emit(render("aggregate", chosen, report), output, chain(files.names(), set_files(set_dir)), "aggregate", chosen, s.force, [set_dir])
        if not outputs:
            emit(render("aggregate", fmt, report), None, [])
        return report_errors(report["errors"], report["totals"]["files"], s.lang)


def _fold(files: FileList, playbook: Playbook, options: Options, progress: Progress | None) -> Aggregator:
    """Every profile folded, with a progress bar where one is drawn."""
    return with_progress(progress, len(files), text("cli.progress_profiles", options.lang),
                         lambda step: fold(files, playbook, options, step))  # type: ignore[no-any-return]
