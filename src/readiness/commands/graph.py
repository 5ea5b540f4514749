"""`readiness graph`: the task graph of a plan (with a profile) or of the whole set (without)."""
from __future__ import annotations

from datetime import date
from pathlib import Path

from ..engine.plan import make_plan
from ..errors import EXIT_OK, usage_error
from ..findings import Msg
from ..render.registry import render
from ..reports.graph import plan_graph, playbook_graph
from ..resources import default_playbook
from .common import Session, choose_format, emit, load_inputs, load_set, refuse_input, refuse_overwrite, set_files


def run(profile_path: Path | None, scenario: str | None, playbook_dir: Path | None, fmt: str | None,
        s: Session, today: date | None, output: Path | None) -> int:
    set_dir = playbook_dir or default_playbook()
    if output is not None:
        refuse_input(output, [], [set_dir])
    fmt = choose_format("graph", fmt, output)
    if output is not None:
        refuse_overwrite(output, "graph", fmt, s.force)
    set_dir, playbook = load_set(playbook_dir)
    lang = s.lang
    if profile_path is not None:
        if scenario is None:
            raise usage_error("--scenario", "P001", Msg("P001.graph_needs_scenario"), Msg("hint.add_scenario"))
        profile = load_inputs(profile_path, playbook_dir, s).profile
        plan = make_plan(playbook, profile, playbook.resolve_scenario(scenario), today or date.today())
        data = plan_graph(plan, lang)
    else:
        data = playbook_graph(playbook, playbook.resolve_scenario(scenario) if scenario else None, lang)
    emit(str(render("graph", fmt, data)), output, [*(p for p in [profile_path] if p), *set_files(set_dir)], "graph", fmt, s.force, [set_dir])
    return EXIT_OK
