"""`readiness test`: the cases a set keeps in tests/, run; every kind of expectation can fail, and
the results come in the formats of `validate`."""
from __future__ import annotations

import json
import shutil
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from click.testing import CliRunner

from conftest import BUNDLED, MINI
from readiness.cli import main
from readiness.engine.playtest import run_tests
from readiness.load.playbook import load_playbook

PROFILE = """\
profile_version: 1
institution: {id: test-college, name: Тест колледжи, type: secondary, region: Chui}
term_start: 2020-09-01
scenarios: [distance, blended]
facts:
  staff: {teaching: 40, low_ict_skills_share: 0.5}
  digital: {avn: true}
  documents: {staffing_table: false}
"""

# every expectation holds (they were read off the plan of this profile)
PASSING = """\
cases:
  - name: a college that runs AVN, from a file
    profile: profiles/college.yaml
    scenario: distance
    today: 2020-08-25
    expect:
      verdict: at_risk
      late_by: 7
      tasks_in: [hr.staffing, hr.training, proc.avn-entry]
      tasks_out: [san.spacing]
      due: {hr.staffing: 2020-08-12}
      risks_triggered: [hr.low-skills]
      requirements: {san.desk-distance: not_applicable}
  - name: the same college, written in the case
    profile:
      profile_version: 1
      institution: {id: test-college, name: Тест колледжи, type: secondary}
      term_start: 2020-09-01
      scenarios: [distance]
      facts: {staff: {low_ict_skills_share: 0.1}, digital: {avn: false}, documents: {staffing_table: true}}
    scenario: 1
    today: 2020-08-10
    expect:
      tasks_out: [hr.staffing, hr.training, proc.avn-entry]
      risks_not_triggered: [hr.low-skills]
"""

# each expectation fails once: (line of the expectation, the words of its finding)
FAILING = """\
cases:
  - name: everything wrong
    profile: profiles/college.yaml
    scenario: distance
    today: 2020-08-25
    expect:
      verdict: ready
      late_by: 2
      tasks_in: [san.spacing, hr.stafing]
      tasks_out: [hr.staffing]
      due: {hr.staffing: 2020-08-02}
      risks_triggered: [hr.no-such-risk]
      risks_not_triggered: [hr.low-skills]
      requirements: {san.desk-distance: met}
  - name: a profile with an error
    profile: {profile_version: 1, institution: {id: x, name: X, type: tertiary}, term_start: 2020-09-01, scenarios: [blended]}
    scenario: blended
    today: 2020-08-10
    expect: {verdict: ready}
  - name: a scenario the set lacks
    profile: profiles/college.yaml
    scenario: hybrid
    today: 2020-08-10
    expect: {verdict: ready}
"""
FAILURES = [
    (7, "the verdict should be ready, and is at_risk"),
    (8, "it should be late by 2 days, and is late by 7"),
    (9, "task 'san.spacing' should be in the plan, and is not_in_scenario"),
    (9, "the set has no task 'hr.stafing'"),
    (10, "task 'hr.staffing' should not be in the plan, and is"),
    (11, "task 'hr.staffing' should be due on 2020-08-02, and is due on 2020-08-12"),
    (12, "the set has no risk 'hr.no-such-risk'"),
    (13, "risk 'hr.low-skills' should not be triggered, and is"),
    (14, "requirement 'san.desk-distance' should be met, and is not_applicable"),
]


@pytest.fixture
def tested(tmp_path: Path) -> Path:
    target = tmp_path / "mini"
    shutil.copytree(MINI, target)
    (target / "tests" / "profiles").mkdir(parents=True)
    (target / "tests" / "profiles" / "college.yaml").write_text(PROFILE, encoding="utf-8")
    return target


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_every_kind_of_expectation_holds_for_a_file_and_an_inline_profile(tested: Path) -> None:
    (tested / "tests" / "cases.yaml").write_text(PASSING, encoding="utf-8")
    run = run_tests(tested, load_playbook(tested))
    assert [(c.name, c.status, c.failures) for c in run.cases] == [
        ("a college that runs AVN, from a file", "passed", []), ("the same college, written in the case", "passed", [])]
    assert [c.checked for c in run.cases] == [9, 4] and run.diagnostics == []


def test_every_kind_of_expectation_fails_at_its_line(tested: Path) -> None:
    (tested / "tests" / "cases.yaml").write_text(FAILING, encoding="utf-8")
    run = run_tests(tested, load_playbook(tested))
    first, invalid, unknown = run.cases
    assert sorted((d.line, d.message) for d in first.failures) == sorted(FAILURES)
    assert {d.code for d in first.failures} == {"X001"}
    assert invalid.status == "failed" and "the case's profile has 1 error(s)" in invalid.failures[0].message
    assert invalid.failures[1].code == "S001" and invalid.failures[1].line == 16  # the inline profile's error, at its line
    assert unknown.failures[0].message == "the set has no scenario 'hybrid'" and run.failed == 3


def test_the_command_exits_1_on_a_failure_and_speaks_every_format(tested: Path) -> None:
    (tested / "tests" / "cases.yaml").write_text(FAILING, encoding="utf-8")
    code, out, err = invoke("test", str(tested))
    assert code == 1 and "cases.yaml:2: FAILED: everything wrong" in out and "3 case(s): 0 passed, 3 failed" in err
    assert "cases.yaml:7:7: X001 the verdict should be ready, and is at_risk" in out
    code, out, _ = invoke("test", str(tested), "--format", "json")
    data = json.loads(out)
    assert code == 1 and data["failed"] == 3 and data["cases"][0]["failures"][0]["code"] == "X001"
    code, out, _ = invoke("test", str(tested), "--format", "junit")
    suite = ET.fromstring(out).find("testsuite")
    assert suite is not None and suite.get("tests") == "3" and len(suite.findall("testcase/failure")) == 3
    code, out, _ = invoke("test", str(tested), "--format", "github")
    assert out.count("::error file=") == len(FAILURES) + 3 and "line=7,col=" in out
    code, out, _ = invoke("test", str(tested), "--lang", "ru")
    assert "НЕ ПРОЙДЕН" in out and "вердикт должен быть ready" in out


def test_a_set_without_tests_says_so_and_a_broken_test_file_fails(tested: Path) -> None:
    shutil.rmtree(tested / "tests")
    code, out, _ = invoke("test", str(tested))
    assert code == 0 and "X002" in out
    (tested / "tests").mkdir()
    (tested / "tests" / "cases.yaml").write_text("cases:\n  - name: x\n    scenario: blended\n", encoding="utf-8")
    code, out, _ = invoke("test", str(tested))
    assert code == 1 and "S001" in out and "missing required key 'profile'" in out


def test_the_bundled_set_passes_its_own_tests() -> None:
    """What CI runs: `readiness test playbooks/kg-mes-2020` (the examples and the verdict fixtures)."""
    code, out, err = invoke("test", str(BUNDLED))
    assert code == 0, out
    assert "FAILED" not in out and out.count(": ok: ") >= 30 and " 0 failed" in err


def test_a_change_to_the_bundled_set_that_drops_a_task_fails_its_tests(tmp_path: Path) -> None:
    """The issue's case: an edit that silently drops a task from a lyceum's plan is caught."""
    target = tmp_path / "set"
    shutil.copytree(BUNDLED, target)
    env = target / "env.yaml"
    text = env.read_text(encoding="utf-8")
    start = text.index("  - id: env.infrastructure-needs\n")
    env.write_text(text[:start] + text[start:].replace("    scenarios: [", "    when: 'false'\n    scenarios: [", 1), encoding="utf-8")
    code, out, _ = invoke("test", str(target))
    assert code == 1 and "task 'env.infrastructure-needs' should be in the plan, and is not_applicable" in out


@pytest.mark.parametrize("today", ["9999-12-31", "1900-01-01"])
def test_a_cases_day_outside_the_plausible_years_is_a_finding_not_a_traceback(tested: Path, today: str) -> None:
    """Found by an outside review: a case dated 9999-12-31 crashed on the plan's dates past year 9999."""
    text = PASSING.replace("today: 2020-08-25", f"today: {today}", 1)
    assert text != PASSING
    (tested / "tests" / "cases.yaml").write_text(text, encoding="utf-8")
    code, out, err = invoke("test", str(tested), "--lang", "en")
    assert code == 1 and "Traceback" not in out + err, out + err
    assert f"P007 today: {today} is outside the years 1990–2100" in out
