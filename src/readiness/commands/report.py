"""`readiness plan`, `gaps` and `checklist`: one profile's report in one format."""
from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from ..errors import EXIT_OK
from ..render.registry import render
from ..reports import build_report
from .common import emit, load_inputs, refuse_binary_on_terminal


def run(kind: str, profile_path: Path, playbook_dir: Path | None, fmt: str, lang: str | None,
        output: Path | None, scenario: str | None = None, scenarios: list[str] | None = None,
        role: str | None = None, today: date | None = None) -> int:
    refuse_binary_on_terminal(fmt, output)
    inputs = load_inputs(profile_path, playbook_dir, lang)
    options: dict[str, Any] = {"scenario": scenario, "scenarios": scenarios, "role": role, "today": today}
    data = build_report(kind, inputs.playbook, inputs.profile, inputs.lang, **options)
    emit(render(kind, fmt, data), output, inputs.files, inputs.protected)
    return EXIT_OK
