"""`readiness test`: the test cases a playbook set keeps in its tests/ folder, run.

A case gives a profile (a file, or written in the case), a scenario and a date, and what must
then hold: the verdict (and by how many days it is late), tasks in or out of the plan, due
dates, risks triggered or not, requirement states. Each expectation that fails is a finding
(X001) at its line of the test file, so the failures read and render as `validate`'s do. The
methodologist's way to pin down what a set must produce, as `opa test` and `conftest verify`
are for policy authors.
"""
from __future__ import annotations

import copy
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from .. import schema
from ..errors import ERROR, Diagnostic, ReadinessError, UsageError
from ..findings import Msg
from ..io.files import display_name, yaml_files
from ..io.yaml import Document, load_file
from ..load.elements import NOUNS, TESTS
from ..load.profile import FIRST_DAY, LAST_DAY, check_document, check_profile, in_range
from ..model import Playbook, Profile
from ..suggest import closest
from .gaps import ScenarioGap, make_gaps

PASSED, FAILED = "passed", "failed"


@dataclass
class CaseResult:
    file: str
    line: int
    name: str
    failures: list[Diagnostic] = field(default_factory=list)
    checked: int = 0            # expectations checked

    @property
    def status(self) -> str:
        return FAILED if any(d.severity == ERROR for d in self.failures) else PASSED


@dataclass
class TestRun:
    """The cases of a set's tests/ folder and their results; ``diagnostics``: findings about the
    test files themselves (a file that is not a test file runs no case)."""

    set_dir: str
    cases: list[CaseResult] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def failed(self) -> int:
        return sum(1 for c in self.cases if c.status == FAILED)

    @property
    def passed(self) -> int:
        return len(self.cases) - self.failed

    @property
    def errors(self) -> int:
        return self.failed + sum(1 for d in self.diagnostics if d.severity == ERROR)


def test_files(set_dir: Path) -> list[Path]:
    folder = set_dir / TESTS
    return yaml_files(folder) if folder.is_dir() else []


def run_tests(set_dir: Path, playbook: Playbook) -> TestRun:
    """Every case of every file of ``set_dir``/tests, in file and case order."""
    run = TestRun(display_name(set_dir))
    files = test_files(set_dir)
    if not files:
        run.diagnostics.append(Diagnostic.of(display_name(set_dir), 0, 0, "X002", Msg("X002.no_tests"), Msg("hint.add_tests")))
    for path in files:
        try:
            doc = load_file(path, display_name(path))
        except UsageError:
            raise
        except ReadinessError as exc:
            run.diagnostics += exc.diagnostics
            continue
        findings = schema.check(doc, "test")
        if findings:
            run.diagnostics += findings
            continue
        run.cases += [run_case(doc, i, path, playbook) for i in range(len(doc.data["cases"]))]
    return run


def run_case(doc: Document, index: int, path: Path, playbook: Playbook) -> CaseResult:
    case = doc.data["cases"][index]
    where = ("cases", index)
    result = CaseResult(doc.file, doc.where(where)[0], str(case["name"]))
    profile = _profile(doc, index, path, playbook, result)
    scenario = playbook.scenario_id(str(case["scenario"]))
    if scenario is None:
        result.failures.append(_unknown(doc, where + ("scenario",), "scenarios", str(case["scenario"]), playbook.scenarios))
    today = date.fromisoformat(case["today"])
    plausible = in_range(today)
    if not plausible:  # as --today: a plan of the year 9999 has due dates past any calendar
        result.failures.append(doc.diag(where + ("today",), "P007", Msg("P007.out_of_range", key="today", value=case["today"],
                                                                          first=FIRST_DAY.year, last=LAST_DAY.year),
                                        Msg("hint.plausible_date")))
    if profile is None or scenario is None or not plausible:
        return result
    gap = make_gaps(playbook, profile, [scenario], today).scenarios[0]
    for key, expected in case["expect"].items():
        result.failures += _EXPECTATIONS[key](Expect(doc, where + ("expect", key), playbook, gap, result), expected)
    return result


def _profile(doc: Document, index: int, path: Path, playbook: Playbook, result: CaseResult) -> Profile | None:
    """The case's profile, checked against the set; its findings are the case's when it has errors."""
    given = doc.data["cases"][index]["profile"]
    where = ("cases", index, "profile")
    if isinstance(given, str):
        try:
            profile, findings = check_profile(path.parent / given, playbook)
        except UsageError as exc:  # a file that is not there fails its case, not the run
            profile, findings = None, exc.diagnostics
    else:  # written in the case: checked with the lines of the test file
        n = len(where)
        inline = Document(doc.file, copy.deepcopy(given),
                          {k[n:]: v for k, v in doc.locations.items() if k[:n] == where}, doc.positions)
        profile, findings = check_document(inline, playbook)
    if profile is None:
        result.failures.append(doc.diag(where, "X001", Msg("X001.profile_invalid", errors=sum(1 for d in findings if d.severity == ERROR)),
                                        Msg("hint.validate_profile")))
        result.failures += [d for d in findings if d.severity == ERROR]
    return profile


@dataclass
class Expect:
    """What one expectation is checked against, and where it is written."""

    doc: Document
    where: tuple[str | int, ...]
    playbook: Playbook
    gap: ScenarioGap
    result: CaseResult

    def fail(self, sub: tuple[str | int, ...], message: Msg, hint: Msg | None = None) -> Diagnostic:
        return self.doc.diag(self.where + sub, "X001", message, hint)

    def known(self, ids: list[str], kind: str, known: dict[str, Any]) -> list[Diagnostic]:
        """Ids the set does not have: the expectation would hold for the wrong reason."""
        return [_unknown(self.doc, self.where + (i,), kind, name, known) for i, name in enumerate(ids) if name not in known]


def _unknown(doc: Document, where: tuple[str | int, ...], kind: str, name: str, known: dict[str, Any]) -> Diagnostic:
    close = closest(name, known)
    hint = Msg("hint.did_you_mean", name=close) if close else Msg("hint.define_or_fix", kind=kind)
    return doc.diag(where, "X001", Msg("X001.unknown_id", noun=Msg(NOUNS[kind]), id=name), hint)


def _verdict(e: Expect, expected: str) -> list[Diagnostic]:
    e.result.checked += 1
    actual = e.gap.status
    return [] if actual == expected else [e.fail((), Msg("X001.verdict", expected=expected, actual=actual))]


def _late_by(e: Expect, expected: int) -> list[Diagnostic]:
    e.result.checked += 1
    actual = e.gap.verdict.late_by
    return [] if actual == expected else [e.fail((), Msg("X001.late_by", expected=expected, actual=actual))]


def _planned(e: Expect) -> dict[str, Any]:
    return {pt.id: pt for pt in e.gap.plan.tasks}


def _tasks_in(e: Expect, ids: list[str]) -> list[Diagnostic]:
    out, planned = e.known(ids, "tasks", e.playbook.tasks), _planned(e)
    for i, tid in enumerate(ids):
        e.result.checked += 1
        if tid in e.playbook.tasks and tid not in planned:
            out.append(e.fail((i,), Msg("X001.task_not_in_plan", task=tid, state=e.gap.assessment.tasks[tid].state)))
    return out


def _tasks_out(e: Expect, ids: list[str]) -> list[Diagnostic]:
    out, planned = e.known(ids, "tasks", e.playbook.tasks), _planned(e)
    for i, tid in enumerate(ids):
        e.result.checked += 1
        if tid in planned:
            out.append(e.fail((i,), Msg("X001.task_in_plan", task=tid)))
    return out


def _due(e: Expect, dues: dict[str, str]) -> list[Diagnostic]:
    out, planned = [], _planned(e)
    for tid, expected in dues.items():
        e.result.checked += 1
        if tid not in e.playbook.tasks:
            out.append(_unknown(e.doc, e.where + (tid,), "tasks", tid, e.playbook.tasks))
        elif tid not in planned:
            out.append(e.fail((tid,), Msg("X001.task_not_in_plan", task=tid, state=e.gap.assessment.tasks[tid].state)))
        elif planned[tid].latest_finish.isoformat() != expected:
            out.append(e.fail((tid,), Msg("X001.due", task=tid, expected=expected, actual=planned[tid].latest_finish.isoformat())))
    return out


def _risks(triggered: bool) -> Any:
    def check(e: Expect, ids: list[str]) -> list[Diagnostic]:
        out = e.known(ids, "risks", e.playbook.risks)
        for i, rid in enumerate(ids):
            e.result.checked += 1
            if rid in e.playbook.risks and (e.gap.assessment.risks.get(rid) is True) != triggered:
                key = "X001.risk_not_triggered" if triggered else "X001.risk_triggered"
                out.append(e.fail((i,), Msg(key, risk=rid)))
        return out
    return check


def _requirements(e: Expect, states: dict[str, str]) -> list[Diagnostic]:
    out = []
    for rid, expected in states.items():
        e.result.checked += 1
        if rid not in e.playbook.requirements:
            out.append(_unknown(e.doc, e.where + (rid,), "requirements", rid, e.playbook.requirements))
            continue
        state = e.gap.assessment.requirements.get(rid)
        actual = state.status if state is not None else "not_in_scenario"
        if actual != expected:
            out.append(e.fail((rid,), Msg("X001.requirement", requirement=rid, expected=expected, actual=actual)))
    return out


_EXPECTATIONS = {
    "verdict": _verdict, "late_by": _late_by, "tasks_in": _tasks_in, "tasks_out": _tasks_out, "due": _due,
    "risks_triggered": _risks(True), "risks_not_triggered": _risks(False), "requirements": _requirements,
}
