"""`readiness graph`: the task graph of a plan (with a profile) or of the whole set (without)."""
from __future__ import annotations

from datetime import date
from pathlib import Path

from ..engine.plan import make_plan
from ..errors import EXIT_OK, usage_error
from ..findings import Msg
from ..load.profile import load_profile
from ..render.registry import render
from ..reports.graph import plan_graph, playbook_graph
from .common import emit, load_set, set_files


def run(profile_path: Path | None, scenario: str | None, playbook_dir: Path | None, fmt: str,
        lang: str | None, today: date | None, output: Path | None) -> int:
    set_dir, playbook = load_set(playbook_dir)
    lang = lang or playbook.languages[0]
    if profile_path is not None:
        if scenario is None:
            raise usage_error("--scenario", "P001", Msg("P001.graph_needs_scenario"), Msg("hint.add_scenario"))
        profile = load_profile(profile_path, playbook)
        plan = make_plan(playbook, profile, playbook.resolve_scenario(scenario), today or date.today())
        data = plan_graph(plan, lang)
    else:
        data = playbook_graph(playbook, playbook.resolve_scenario(scenario) if scenario else None, lang)
    emit(str(render("graph", fmt, data)), output, [*(p for p in [profile_path] if p), *set_files(set_dir)], [set_dir])
    return EXIT_OK
