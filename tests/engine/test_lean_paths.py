"""The batch commands' lean path against the full plan.

`aggregate` and `impact` judge thousands of profiles: they take an assessment's finishing days
(:func:`timings`) and judge it (:func:`judge`) without building the plan's waves, flags and
priorities. Whatever they decide must be what the full plan (:func:`plan_from`, :func:`verdict`)
decides, on every profile we have, on dates before, at and after the term start, and with
any progress an institution may report.
"""
from __future__ import annotations

import copy
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import BUNDLED, FIXTURES
from readiness.engine.aggregate import summarize
from readiness.engine.evaluate import assess_all
from readiness.engine.gaps import make_gaps
from readiness.engine.plan import plan_from, timings
from readiness.engine.verdict import judge, verdict
from readiness.io.yaml import Document
from readiness.load.profile import load_profile
from readiness.model import Profile

PROFILES = sorted([*(BUNDLED / "examples").glob("*.yaml"), *(BUNDLED / "tests" / "profiles").glob("*.yaml"),
                   *(FIXTURES / "aggregate").glob("*.yaml")])
DAYS = [date(2020, 6, 1), date(2020, 8, 10), date(2020, 8, 31), date(2020, 9, 1), date(2020, 9, 20), None]


def _same(assessment, today) -> None:
    plan = plan_from(assessment, today)
    lean = timings(assessment, today)
    days = {t.id: (t.earliest_finish, t.latest_finish) for t in plan.tasks}
    assert {t.id: (t.earliest_finish, t.latest_finish) for t in lean} == days
    full, quick = verdict(plan), judge(assessment, lean)
    assert quick.status == full.status
    assert sorted(map(repr, quick.blockers)) == sorted(map(repr, full.blockers))
    assert (quick.pending, quick.required, quick.advice) == (full.pending, full.required, full.advice)


@pytest.mark.parametrize("path", PROFILES, ids=lambda p: p.stem)
def test_the_lean_verdict_is_the_plans(path: Path, bundled_playbook) -> None:
    try:
        profile = load_profile(path, bundled_playbook)
    except Exception:  # noqa: BLE001 - fixtures of broken profiles are not this test's
        pytest.skip("not a usable profile")
    for assessment in assess_all(bundled_playbook, profile, list(bundled_playbook.scenarios)).values():
        for today in DAYS:
            _same(assessment, today)


@pytest.mark.parametrize("path", sorted((BUNDLED / "examples").glob("*.yaml")), ids=lambda p: p.stem)
def test_the_aggregate_summary_has_the_gap_reports_verdicts(path: Path, bundled_playbook) -> None:
    today = date(2020, 8, 10)
    summary = summarize(path, (bundled_playbook, today, "en"))
    report = make_gaps(bundled_playbook, load_profile(path, bundled_playbook), None, today)
    for gap in report.scenarios:
        status, areas, total, open_tasks, risks, _ = summary["scenarios"][gap.scenario]
        assert (status, areas, total) == (gap.status, tuple(a.readiness for a in gap.areas), gap.total().readiness)
        assert (open_tasks, risks) == (tuple(sorted(gap.total().open)), tuple(sorted(gap.total().risks)))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_the_lean_verdict_is_the_plans_whatever_the_progress(data, bundled_playbook) -> None:
    """Random progress (done, in progress, waived) on a random profile, judged on a random day."""
    path = data.draw(st.sampled_from([p for p in PROFILES if "broken" not in p.parts and "duplicate" not in p.stem]))
    base = load_profile(path, bundled_playbook)
    raw = copy.deepcopy(base.data)
    tasks = sorted(bundled_playbook.tasks)
    marked = data.draw(st.lists(st.sampled_from(tasks), unique=True, max_size=40))
    raw["progress"] = {t: {"status": data.draw(st.sampled_from(["done", "in_progress"]))} for t in marked}
    waived = data.draw(st.lists(st.sampled_from(tasks), unique=True, max_size=6))
    raw["waivers"] = [{"task": t, "reason": "test", "approved_by": "test"} for t in waived if t not in marked]
    profile = Profile(Document(base.file, raw, positions=False))
    today = base.term_start + timedelta(days=data.draw(st.integers(-120, 40)))
    for assessment in assess_all(bundled_playbook, profile, list(bundled_playbook.scenarios)).values():
        _same(assessment, today)
