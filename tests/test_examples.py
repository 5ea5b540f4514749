"""The bundled example institutions: every plan is sound, and the reports are reviewed goldens."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import BUNDLED, golden
from readiness.cli import main
from readiness.engine.gaps import make_gaps
from readiness.engine.plan import make_plan
from readiness.load.profile import load_profile

EXAMPLES = sorted((BUNDLED / "examples").glob("*.yaml"))
SCENARIOS = ("distance", "blended", "traditional")
GOLDEN = Path(__file__).resolve().parent / "golden" / "examples"
TODAY = "2020-08-05"


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
def test_every_plan_respects_every_dependency(bundled_playbook, example: Path) -> None:
    profile = load_profile(example, bundled_playbook)
    for scenario in SCENARIOS:
        plan = make_plan(bundled_playbook, profile, scenario, date(2020, 8, 5))
        position = {t.id: i for i, t in enumerate(plan.tasks)}
        for task in plan.tasks:
            for dep in task.depends_on:
                assert position[dep] < position[task.id]
                assert plan.tasks[position[dep]].latest_finish <= task.latest_start
            # every declared dependency is either in the plan before it, or finished/skipped
            for dep in task.state.task.depends_on:
                state = plan.assessment.tasks[dep].state
                assert dep in position and position[dep] < position[task.id] or state not in ("open", "in_progress")


def test_examples_differ_as_the_institutions_do(bundled_playbook) -> None:
    totals = {}
    for example in EXAMPLES:
        report = make_gaps(bundled_playbook, load_profile(example, bundled_playbook))
        totals[example.stem] = {sg.scenario: sg.total() for sg in report.scenarios}
    lyceum, university = totals["rural-lyceum-naryn"], totals["state-university-osh"]
    # the lyceum without LMS, devices or sanitary stock is far behind the university everywhere
    for scenario in SCENARIOS:
        assert lyceum[scenario].readiness < university[scenario].readiness
    assert len(lyceum["blended"].unmet) > len(university["blended"].unmet)
    assert "emis.no-lms" in lyceum["distance"].risks and "emis.no-lms" not in university["distance"].risks
    # only the university runs AVN: appendix 1 applies to it alone
    avn = {name: sum(1 for tid in t["distance"].open if tid.startswith("avn.")) for name, t in totals.items()}
    assert avn["state-university-osh"] > 0 and avn["rural-lyceum-naryn"] == avn["private-college-moodle"] == 0
    # the medical college leaves facts out: it gets questions, the others (almost) none
    assert totals["medical-college-bishkek"]["blended"].unknowns > 5 > totals["private-college-moodle"]["blended"].unknowns


CASES = [(e, s) for e in EXAMPLES for s in SCENARIOS]


@pytest.mark.parametrize("example, scenario", CASES, ids=[f"{e.stem}-{s}" for e, s in CASES])
def test_plan_goldens(example: Path, scenario: str, update_goldens: bool) -> None:
    result = CliRunner().invoke(main, ["plan", str(example), "-s", scenario, "--today", TODAY, "--lang", "ky"])
    assert result.exit_code == 0, result.output
    golden(GOLDEN / f"plan-{example.stem}-{scenario}.ky.md", result.stdout, update_goldens)


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.stem)
@pytest.mark.parametrize("lang", ["ky", "ru", "en"])
def test_gaps_goldens(example: Path, lang: str, update_goldens: bool) -> None:
    result = CliRunner().invoke(main, ["gaps", str(example), "--today", TODAY, "--lang", lang])
    assert result.exit_code == 0, result.output
    golden(GOLDEN / f"gaps-{example.stem}.{lang}.md", result.stdout, update_goldens)
