"""`readiness impact`: a crafted change of the mini set, with every expected difference worked out by hand.

The change (head = a copy of tests/fixtures/mini): a task proc.briefing added (all scenarios, due −1);
a dependency added (proc.timetable now waits for san.spacing, so san.spacing must finish by
proc.timetable's latest start: 2020-08-29 − 2 = 08-27 instead of 08-30); a rule changed (the risk
hr.low-skills triggers from a share of 0.15 instead of 0.3).
"""
from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from conftest import FIXTURES, MINI, ROOT
from readiness.cli import main
from readiness.engine.impact import Sets
from readiness.render.registry import render
from readiness.reports.impact import impact
from readiness.load.playbook import load_playbook
from readiness.schema import load_schema

AGG = FIXTURES / "aggregate"
PROFILES = [AGG / "a1.yaml", AGG / "a2.yaml", AGG / "a3.yaml", AGG / "b2-osh.yaml"]
BRIEFING = """  - id: proc.briefing
    title: {ky: Брифинг, ru: Брифинг, en: Briefing}
    area: proc
    actor: dean
    scenarios: [distance, blended, traditional]
    duration: 1
    due: -1
    source: [PROC-T6]
risks:
"""


@pytest.fixture
def head(mini_copy: Path) -> Path:
    tasks = mini_copy / "tasks.yaml"
    text = tasks.read_text(encoding="utf-8")
    for old, new in (("    depends_on: [proc.avn-entry]\n", "    depends_on: [proc.avn-entry, san.spacing]\n"),
                     ("    when: staff.low_ict_skills_share >= 0.3\n    source: [HR-K1]\nrequirements:",
                      "    when: staff.low_ict_skills_share >= 0.15\n    source: [HR-K1]\nrequirements:"),
                     ("risks:\n", BRIEFING)):
        assert text.count(old) == 1
        text = text.replace(old, new)
    tasks.write_text(text, encoding="utf-8")
    return mini_copy


def run(head: Path, jobs: int = 1) -> dict:
    sets = Sets(load_playbook(MINI), load_playbook(head), None)
    return impact(PROFILES, sets, "en", jobs, "base", "head")


def test_exact_changes(head: Path) -> None:
    r = run(head)
    added = {"id": "proc.briefing", "due": "2020-08-31"}
    by_id = {i["id"]: i["scenarios"] for i in r["institutions"]}
    empty = {"tasks_added": [], "tasks_removed": [], "due_moved": [], "risks_triggered": [], "risks_cleared": []}
    assert by_id["chui-1"] == [{"scenario": s, **empty, "tasks_added": [added]} for s in ("distance", "blended", "traditional")]
    assert by_id["chui-2"] == [{"scenario": "blended", **empty, "tasks_added": [added],
                                "due_moved": [{"id": "san.spacing", "old": "2020-08-30", "new": "2020-08-27", "days": -3}]}]
    assert by_id["chui-3"] == [{"scenario": "traditional", **empty, "tasks_added": [added], "risks_triggered": [{"id": "hr.low-skills"}]}]
    # osh-2 (share 0.0, traditional) only gains the new task
    assert by_id["osh-2"] == [{"scenario": "traditional", **empty, "tasks_added": [added]}]
    assert r["summary"] == [
        {"scenario": "distance", "institutions_changed": 1, "tasks_added": 1, "tasks_removed": 0, "due_moved": 0, "risks_triggered": 0, "risks_cleared": 0},
        {"scenario": "blended", "institutions_changed": 2, "tasks_added": 2, "tasks_removed": 0, "due_moved": 1, "risks_triggered": 0, "risks_cleared": 0},
        {"scenario": "traditional", "institutions_changed": 3, "tasks_added": 3, "tasks_removed": 0, "due_moved": 0, "risks_triggered": 1, "risks_cleared": 0},
    ]
    jsonschema.Draft202012Validator(load_schema("impact")).validate(r)


def test_reverse_change_removes_and_clears(head: Path) -> None:
    sets = Sets(load_playbook(head), load_playbook(MINI), None)
    r = impact(PROFILES, sets, "en")
    chui2 = next(i for i in r["institutions"] if i["id"] == "chui-2")["scenarios"][0]
    assert chui2["tasks_removed"] == [{"id": "proc.briefing", "due": "2020-08-31"}]
    assert chui2["due_moved"] == [{"id": "san.spacing", "old": "2020-08-27", "new": "2020-08-30", "days": 3}]
    chui3 = next(i for i in r["institutions"] if i["id"] == "chui-3")["scenarios"][0]
    assert chui3["risks_cleared"] == [{"id": "hr.low-skills"}]


def test_markdown_summary_first(head: Path) -> None:
    md = render("impact", "md", run(head))
    lines = md.splitlines()
    assert lines[0] == "## Impact of the playbook change on plans"
    assert md.index("### Summary") < md.index("### By change") < md.index("### Details by institution")
    assert "| Blended | 2 | 2 | 0 | 1 | 0 | 0 |" in md
    assert "Arrange desks `san.spacing`: 2020-08-30 → 2020-08-27 (-3)" in md


def test_unchanged_set_and_same_bytes_with_two_jobs(head: Path) -> None:
    sets = Sets(load_playbook(MINI), load_playbook(MINI), None)
    r = impact(PROFILES, sets, "en")
    assert r["institutions"] == [] and r["unchanged"] == 4
    assert "The change alters no institution's plan." in render("impact", "md", r)
    assert render("impact", "json", run(head, 1)) == render("impact", "json", run(head, 2))


def test_cli_broken_profile_is_listed_and_exit_1(head: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    args = ["impact", "--base", str(MINI), "--head", str(head), *map(str, PROFILES), str(AGG / "broken"), "--format", "json", "--today", "2020-08-10", "-j", "1"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data["today"] == "2020-08-10" and len(data["institutions"]) == 4
    assert [e["file"] for e in data["errors"]] == ["tests/fixtures/aggregate/broken/x1-type.yaml", "tests/fixtures/aggregate/broken/x2-syntax.yaml"]
    assert "x1-type.yaml:2:45: S001" in result.stderr
