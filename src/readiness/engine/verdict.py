"""Can the institution run a scenario? The verdict of a plan, and what it rests on.

- **cannot**: something no task fixes in time stands in the way: a *structural* blocking
  requirement unmet (rooms too small for the shifts an institution can run), a blocking
  requirement unmet that no open task of the plan addresses (every task that could fix it is
  done or waived), a triggered *critical* risk whose mitigation the institution waived, or a
  blocking requirement the profile's figures give no answer to while no question could give
  one (*undecided*: no teaching room to take the largest of, a count of zero divided by);
  never "ready" for what could not be worked out.
- **at_risk**: every blocker has a task in the plan, but some will finish after the term
  starts on the forward schedule from today (``late_by`` days; a blocking task due later than
  the term start is late only after its own due date).
- **on_track**: blockers remain, and every one can be finished by the term start.
- **ready_pending**: nothing known blocks, but open questions could change that (a blocking
  requirement or a high risk that cannot be decided yet).
- **ready**: nothing blocks and no open question could change it.

Blockers are the open blocking tasks, the unmet blocking requirements and the unmitigated
critical risks. Requirements that are *required* must be planned but do not block; *advised*
ones are advice.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Protocol, Sequence

from ..model import SEVERITY_RANK
from ..rules import UNKNOWN
from .evaluate import DONE, PLANNED, SKIPPED, WAIVED, Assessment, TaskState
from .plan import Plan

READY = "ready"
READY_PENDING = "ready_pending"
ON_TRACK = "on_track"
AT_RISK = "at_risk"
CANNOT = "cannot"
VERDICTS = (READY, READY_PENDING, ON_TRACK, AT_RISK, CANNOT)  # from best to worst

# why a blocker blocks
OPEN = "open"                # a blocking task not done yet
UNMET = "unmet"              # a blocking requirement not met; open tasks fix it
STRUCTURAL = "structural"    # a requirement no task can fix before the term
UNFIXED = "unfixed"          # a requirement not met, and no open task addresses it
UNMITIGATED = "unmitigated"  # a critical risk, and no task mitigating it is done or open
UNDECIDED = "undecided"      # a blocking requirement no figure of the profile decides, and no question would


class Scheduled(Protocol):
    """An open task with its finishing days: a plan's task, or a :class:`~.plan.Timing`."""
    @property
    def id(self) -> str: ...
    @property
    def state(self) -> TaskState: ...
    @property
    def earliest(self) -> int | None: ...  # projected finish, a day ordinal (None without a today)
    @property
    def latest(self) -> int: ...           # latest finish, a day ordinal


@dataclass
class Blocker:
    kind: str                          # task | requirement | risk
    id: str
    reason: str
    fixed_by: tuple[str, ...] = ()     # the open tasks that fix a requirement or mitigate a risk
    finish: date | None = None         # projected finish (of the last of those tasks)
    late_by: int = 0                   # days after the term start (or its own later due date), on the forward schedule


@dataclass
class Verdict:
    status: str
    blockers: list[Blocker] = field(default_factory=list)
    pending: list[str] = field(default_factory=list)     # facts whose answers could change the verdict
    required: list[str] = field(default_factory=list)    # unmet requirements that must be planned (not blockers)
    advice: list[str] = field(default_factory=list)      # unmet advised requirements
    waived: list[str] = field(default_factory=list)      # blocking tasks the institution waived: not blockers, but shown

    @property
    def late_by(self) -> int:
        return max((b.late_by for b in self.blockers), default=0)


def verdict(plan: Plan) -> Verdict:
    """The verdict of a plan; its blockers in the plan's order."""
    return judge(plan.assessment, plan.tasks)


def judge(a: Assessment, tasks: Sequence[Scheduled]) -> Verdict:
    """The verdict of an assessment whose open tasks finish as ``tasks`` say (a plan's tasks, or
    :func:`~.plan.timings` where only the verdict is wanted); blockers come in their order."""
    start = a.profile.term_start.toordinal()
    planned = {t.id: t for t in tasks}
    asked: set[str] | None = None  # the elements some question could decide (made when first needed)
    out = Verdict(READY)
    owners: set[str] = set()  # the elements whose unknown facts could change the verdict
    out.waived = [tid for tid, st in a.tasks.items() if st.state == WAIVED and st.task.blocking]
    for t in tasks:
        if t.state.task.blocking:
            out.blockers.append(Blocker("task", t.id, OPEN, finish=_day(t.earliest), late_by=_late(t, start)))
            if t.state.applies is UNKNOWN:
                owners.add(t.id)
    for rid, rs in a.requirements.items():
        req = rs.requirement
        if rs.status == "unmet":
            if req.severity == "advised":
                out.advice.append(rid)
            elif req.severity == "required":
                out.required.append(rid)
            else:
                out.blockers.append(_fix(planned, start, "requirement", rid, req.addressed_by, STRUCTURAL if req.structural else None))
        elif rs.status == "unknown" and req.severity == "blocking":
            owners.add(rid)
            if asked is None:
                asked = {owner for fact, by in a.questions.items() if not fact.startswith("params.") for owner in by}
            if rid not in asked:  # unknown with every fact it reads known: arithmetic with no answer
                out.blockers.append(Blocker("requirement", rid, UNDECIDED))
    for rid, value in a.risks.items():
        risk = a.playbook.risks[rid]
        if value is True and risk.severity == "critical":
            mitigations = [a.tasks[t].state for t in risk.mitigated_by if t in a.tasks and a.tasks[t].state not in SKIPPED]
            if WAIVED in mitigations or not mitigations:  # a critical risk left unmitigated on purpose
                out.blockers.append(Blocker("risk", rid, UNMITIGATED))
            elif any(m != DONE for m in mitigations):
                out.blockers.append(_fix(planned, start, "risk", rid, risk.mitigated_by, None))
        elif value is UNKNOWN and SEVERITY_RANK[risk.severity] >= SEVERITY_RANK["high"]:
            owners.add(rid)
    out.pending = sorted(fact for fact, asked_by in a.questions.items() if asked_by & owners and not fact.startswith("params."))
    out.status = _status(out)
    return out


def _late(task: Scheduled, term_start: int) -> int:
    """Days the projected finish falls after the term start, or after the task's own due date
    where that is later (a blocking task due in the first days of term)."""
    if task.earliest is None:
        return 0
    return max(0, task.earliest - max(term_start, task.latest))


def _day(ordinal: int | None) -> date | None:
    return None if ordinal is None else date.fromordinal(ordinal)


def _fix(planned: dict[str, Scheduled], term_start: int, kind: str, element: str, fixers: tuple[str, ...],
         reason: str | None) -> Blocker:
    """A requirement or risk blocks through the open tasks that fix it; without one, nothing will."""
    open_fixers = [planned[t] for t in fixers if t in planned and planned[t].state.state in PLANNED]
    if reason is None:
        reason = UNMET if open_fixers else (UNFIXED if kind == "requirement" else UNMITIGATED)
    finishes = [t.earliest for t in open_fixers if t.earliest is not None]
    return Blocker(kind, element, reason, tuple(t.id for t in open_fixers), _day(max(finishes, default=None)),
                   max((_late(t, term_start) for t in open_fixers), default=0))


def _status(v: Verdict) -> str:
    if any(b.reason in (STRUCTURAL, UNFIXED, UNMITIGATED, UNDECIDED) for b in v.blockers):
        return CANNOT
    if v.blockers:
        return AT_RISK if v.late_by > 0 else ON_TRACK
    return READY_PENDING if v.pending else READY
