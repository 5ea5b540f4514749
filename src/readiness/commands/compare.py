"""`readiness compare`: the scenarios side by side for one profile."""
from __future__ import annotations

from datetime import date
from pathlib import Path

from ..engine.plan import make_plans
from ..errors import EXIT_OK
from ..render.registry import render
from ..reports.compare import compare_dict
from .common import emit, load_inputs


def run(profile_path: Path, playbook_dir: Path | None, fmt: str, lang: str | None,
        today: date | None, output: Path | None) -> int:
    inputs = load_inputs(profile_path, playbook_dir, lang)
    day = today or date.today()
    plans = make_plans(inputs.playbook, inputs.profile, list(inputs.playbook.scenarios), day)
    emit(render("compare", fmt, compare_dict(inputs.playbook, plans, day, inputs.lang)), output, inputs.files, inputs.protected)
    return EXIT_OK
