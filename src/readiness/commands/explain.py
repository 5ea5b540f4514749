"""`readiness explain`: why a task is (or is not) in a profile's plan."""
from __future__ import annotations

from datetime import date
from pathlib import Path

from ..engine.plan import make_plan
from ..errors import EXIT_OK
from ..render.registry import render
from ..reports.explain import explain_task
from .common import emit, load_inputs


def run(profile_path: Path, task_id: str, scenario: str, playbook_dir: Path | None, fmt: str,
        lang: str | None, today: date | None, output: Path | None) -> int:
    inputs = load_inputs(profile_path, playbook_dir, lang)
    sid = inputs.playbook.resolve_scenario(scenario)
    plan = make_plan(inputs.playbook, inputs.profile, sid, today or date.today())
    data = explain_task(plan, inputs.playbook.resolve_task(task_id), inputs.lang)
    emit(render("explain", fmt, data), output, inputs.files, inputs.protected)
    return EXIT_OK
