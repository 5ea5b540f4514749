"""Gap reports: per scenario and area, how much is done, what is unmet, what is unknown."""
from __future__ import annotations

from dataclasses import dataclass, field

from datetime import date

from ..model import Playbook, Profile
from ..rules import UNKNOWN
from .evaluate import DONE, PLANNED, SKIPPED, WAIVED, Assessment
from .plan import Plan, make_plans
from .verdict import Verdict, verdict


@dataclass
class AreaGap:
    area: str
    applicable: int = 0
    done: int = 0
    waived: int = 0
    open: list[str] = field(default_factory=list)
    blocking_open: list[str] = field(default_factory=list)
    unmet: list[str] = field(default_factory=list)
    unknown_requirements: list[str] = field(default_factory=list)
    risks: list[str] = field(default_factory=list)
    unknowns: int = 0

    @property
    def readiness(self) -> int | None:
        """Percent of applicable tasks done (waived tasks count as done); None when nothing applies."""
        if not self.applicable:
            return None
        return round(100 * (self.done + self.waived) / self.applicable)


@dataclass
class ScenarioGap:
    plan: Plan
    verdict: Verdict
    areas: list[AreaGap]
    _total: AreaGap | None = field(default=None, repr=False, compare=False)

    @property
    def assessment(self) -> Assessment:
        return self.plan.assessment

    @property
    def scenario(self) -> str:
        return self.assessment.scenario

    def total(self) -> AreaGap:
        if self._total is None:
            self._total = total_of(self.areas)
        return self._total

    @property
    def status(self) -> str:
        """The verdict: ready, ready_pending, on_track, at_risk or cannot (see verdict.py)."""
        return self.verdict.status


@dataclass
class GapReport:
    playbook: Playbook
    profile: Profile
    scenarios: list[ScenarioGap]


def make_gaps(playbook: Playbook, profile: Profile, scenarios: list[str] | None = None, today: date | None = None) -> GapReport:
    """The gap report of ``scenarios`` (ids; all by default), verdicts as of ``today`` (default: the real today)."""
    chosen = scenarios or list(playbook.scenarios)  # ids: Playbook.resolve_scenario turns names into ids
    return GapReport(playbook, profile, [scenario_gap(p) for p in make_plans(playbook, profile, chosen, today or date.today())])


def scenario_gap(plan: Plan) -> ScenarioGap:
    return ScenarioGap(plan, verdict(plan), area_gaps(plan.assessment))


def total_of(areas: list[AreaGap]) -> AreaGap:
    """The areas added up."""
    total = AreaGap("total")
    for a in areas:
        total.applicable += a.applicable
        total.done += a.done
        total.waived += a.waived
        total.open += a.open
        total.blocking_open += a.blocking_open
        total.unmet += a.unmet
        total.unknown_requirements += a.unknown_requirements
        total.risks += a.risks
        total.unknowns += a.unknowns
    return total


def area_gaps(assessment: Assessment) -> list[AreaGap]:
    """Per area of the set, in its order: what applies, is done, waived, open, unmet, unknown."""
    pb = assessment.playbook
    areas = {aid: AreaGap(aid) for aid in pb.areas}
    for tid, st in assessment.tasks.items():
        if st.state in SKIPPED:
            continue
        gap = areas[st.task.area]
        gap.applicable += 1
        if st.state == DONE:
            gap.done += 1
        elif st.state == WAIVED:
            gap.waived += 1
        elif st.state in PLANNED:
            gap.open.append(tid)
            if st.task.blocking:
                gap.blocking_open.append(tid)
        if st.applies is UNKNOWN:
            gap.unknowns += 1
    for rid, rs in assessment.requirements.items():
        if rs.status == "unmet":
            areas[rs.requirement.area].unmet.append(rid)
        elif rs.status == "unknown":
            areas[rs.requirement.area].unknown_requirements.append(rid)
            areas[rs.requirement.area].unknowns += 1
    for rid, value in assessment.risks.items():
        risk = pb.risks[rid]
        if value is True:
            areas[risk.area].risks.append(rid)
        elif value is UNKNOWN:
            areas[risk.area].unknowns += 1
    return list(areas.values())
