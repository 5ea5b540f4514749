from __future__ import annotations

import json
from pathlib import Path

import yaml
from click.testing import CliRunner

from conftest import MINI
from readiness.cli import main

COLLEGE = str(MINI / "examples" / "college.yaml")
COMMON = ["--playbooks", str(MINI), "--today", "2020-08-10"]


def invoke(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout + result.stderr


def test_explain_says_which_rule_and_facts_put_the_task_in_the_plan() -> None:
    code, out = invoke("explain", COLLEGE, "hr.training", "-s", "distance", "--format", "json", "--lang", "en", *COMMON)
    data = json.loads(out)
    assert code == 0 and data["state"] == "open"
    assert data["when"] == {"rule": "staff.low_ict_skills_share >= 0.3", "result": True, "facts": {"staff.low_ict_skills_share": 0.5}}
    assert data["mitigates"][0]["id"] == "hr.low-skills" and data["mitigates"][0]["triggered"] == "yes"
    assert data["waits_for"] == ["hr.staffing"] and data["waited_for_by"] == []
    assert data["schedule"]["due"] == "2020-08-28" and data["schedule"]["wave"] == 2


def test_explain_a_task_that_is_not_in_the_plan() -> None:
    code, out = invoke("explain", COLLEGE, "proc.avn-entry", "-s", "distance", "--format", "json", *COMMON)
    data = json.loads(out)
    assert data["state"] == "not_applicable" and data["schedule"] is None
    assert data["when"]["facts"] == {"digital.avn": False} and data["when"]["result"] is False


def test_explain_markdown_and_unknown_task() -> None:
    code, out = invoke("explain", COLLEGE, "proc.timetable", "-s", "distance", "--lang", "ru", *COMMON)
    assert code == 0 and "Почему задача в плане" in out and "proc.workload" in out
    code, out = invoke("explain", COLLEGE, "proc.timetabel", "-s", "distance", *COMMON)
    assert code == 2 and "did you mean 'proc.timetable'?" in out


def test_compare_shows_what_each_scenario_needs_beyond_the_shared_tasks() -> None:
    code, out = invoke("compare", COLLEGE, "--format", "json", *COMMON)
    data = json.loads(out)
    by = {s["scenario"]: s for s in data["scenarios"]}
    assert data["shared_open"] == 3  # hr.staffing, proc.workload, proc.inform
    assert [t["id"] for t in by["distance"]["beyond_shared"]] == ["hr.training", "proc.timetable"]
    assert [t["id"] for t in by["traditional"]["beyond_shared"]] == ["san.spacing"]
    assert by["blended"]["unmet_requirements"] == ["san.desk-distance"] and by["distance"]["unmet_requirements"] == []
    assert by["distance"]["planned"] and not by["traditional"]["planned"]


def test_graph_of_a_plan_in_dot_and_mermaid() -> None:
    code, dot = invoke("graph", COLLEGE, "-s", "distance", "--format", "dot", *COMMON)
    assert code == 0 and dot.startswith("digraph readiness {")
    assert '"hr.staffing" -> "proc.workload";' in dot and '"proc.workload" -> "proc.timetable";' in dot
    assert dot.count("subgraph cluster_") == 4  # four waves
    code, mermaid = invoke("graph", COLLEGE, "-s", "distance", *COMMON)
    assert mermaid.startswith("flowchart LR") and "t_hr_2e_staffing --> t_proc_2e_workload" in mermaid


def test_graph_of_the_playbook_by_area() -> None:
    code, dot = invoke("graph", "--playbooks", str(MINI), "--format", "dot", "--lang", "en")
    assert code == 0 and dot.count("subgraph cluster_") == 3
    assert '"proc.avn-entry" -> "proc.timetable";' in dot  # the playbook graph keeps every edge
    code, out = invoke("graph", COLLEGE, "--playbooks", str(MINI))
    assert code == 2 and "--scenario" in out


def test_init_template_validates_and_asks_for_every_fact(tmp_path: Path) -> None:
    target = tmp_path / "new.yaml"
    code, _ = invoke("init", "--lang", "ru", "--today", "2020-08-01", "-o", str(target))
    assert code == 0
    text = target.read_text(encoding="utf-8")
    assert "# Штатное расписание" in text or "штатное расписание" in text.lower()
    data = yaml.safe_load(text)
    assert data["facts"]["staff"]["teaching"] is None and str(data["term_start"]) == "2020-09-01"
    code, out = invoke("validate", str(target))
    assert code == 0, out
    code, out = invoke("plan", str(target), "-s", "blended", "--format", "json", "--today", "2020-08-01")
    assert code == 0 and len(json.loads(out)["questions"]) > 20


def test_requirement_values_are_never_rounded_into_their_opposite() -> None:
    from readiness.reports.common import shown_value

    assert shown_value(1.499, ">=", 1.5) == 1.499  # unmet: never shown as 1.5
    assert shown_value(1.4999999, ">=", 1.5) == 1.4999999
    assert shown_value(1.5049, ">=", 1.5) == 1.5  # met, and 1.5 >= 1.5 reads so
    assert shown_value(0.7777, "<=", 0.78) == 0.78
    assert shown_value(2.0, ">=", 1.5) == 2.0 and shown_value(None, ">=", 1.5) is None


def test_compare_gives_each_scenario_the_gap_reports_verdict(bundled_playbook) -> None:
    from datetime import date

    from conftest import FIXTURES
    from readiness.engine.gaps import make_gaps
    from readiness.engine.plan import make_plans
    from readiness.load.profile import load_profile
    from readiness.reports.compare import compare_dict

    profile = load_profile(FIXTURES / "verdicts" / "tiny-rooms.yaml", bundled_playbook)
    day = date(2020, 8, 10)
    data = compare_dict(bundled_playbook, make_plans(bundled_playbook, profile, list(bundled_playbook.scenarios), day), day, "en")
    gaps = {sg.scenario: sg.status for sg in make_gaps(bundled_playbook, profile, None, day).scenarios}
    assert {s["scenario"]: s["verdict"]["status"] for s in data["scenarios"]} == gaps == {
        "distance": "ready", "blended": "cannot", "traditional": "cannot"}
