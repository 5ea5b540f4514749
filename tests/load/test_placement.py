"""Placement errors say what happened: an element under another kind's key gets one finding that
names its kind, not the schema errors of the kind it landed in."""
from __future__ import annotations

import shutil
from pathlib import Path

from conftest import BUNDLED
from readiness.load.playbook import check_playbook

APPENDED = """
  - id: hr.weak-internet-plan
    title: {ky: Начар интернет үчүн план, ru: План на случай слабого интернета, en: Plan for weak internet}
    area: hr
    actor: abp
    scenarios: [distance, blended]
    depends_on: [hr.staffing-table]
    duration: 3
    due: -7
    source: [HR-T1]
"""


def test_a_task_appended_at_the_end_of_hr_yaml_is_said_to_be_a_task(tmp_path: Path) -> None:
    target = tmp_path / "set"
    shutil.copytree(BUNDLED, target, ignore=shutil.ignore_patterns("examples", "tests"))
    hr = target / "hr.yaml"
    assert hr.read_text(encoding="utf-8").rstrip().splitlines()[-1].startswith("    ")  # hr.yaml ends inside its risks:
    with hr.open("a", encoding="utf-8") as fh:
        fh.write(APPENDED)
    _, findings = check_playbook(target)
    assert [(d.code, d.message) for d in findings] == [(
        "S002", "this looks like a task: it has `actor`, `depends_on`, `duration`, `due`; did you mean to put it under `tasks:`?")]
    assert findings[0].hint == "move it from under `risks:` to under `tasks:` (in this file or another)"


def test_an_item_with_its_own_kinds_keys_keeps_its_own_findings(tmp_path: Path) -> None:
    """A risk that lacks its severity is a risk with an error, not a misplaced element."""
    target = tmp_path / "set"
    shutil.copytree(BUNDLED, target, ignore=shutil.ignore_patterns("examples", "tests"))
    hr = target / "hr.yaml"
    text = hr.read_text(encoding="utf-8")
    first = text.index("    severity: ", text.index("\nrisks:"))
    hr.write_text(text[:first] + text[text.index("\n", first) + 1:], encoding="utf-8")
    _, findings = check_playbook(target)
    assert [d.code for d in findings] == ["S001"] and "severity" in findings[0].message
