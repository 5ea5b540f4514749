"""Action plans: applicable open tasks in dependency order, in waves, scheduled back from the term start."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from typing import Collection, Mapping, NamedTuple

from ..model import SEVERITY_RANK, Playbook, Profile, Task
from .evaluate import DATED_LATER, DISPUTED, DONE, PLANNED, SKIPPED, Assessment, TaskState, assess, assess_all

LATE = "late"            # cannot be finished by its due date even if started today
OVERDUE = "overdue"      # its due date has passed
START_NOW = "start_now"  # its latest start is today or has passed
CRITICAL = "critical"    # on the critical path: the least slack of the plan
# and, from the assessment, a task the progress marks done that is not taken as done:
# DISPUTED (its own facts say otherwise), DATED_LATER (done on a day after the plan's); the
# plan's and the checklist's JSON Schemas list the same (tests/engine/test_plan.py holds them to it)
FLAGS = (OVERDUE, LATE, START_NOW, CRITICAL, DISPUTED, DATED_LATER)

# Priorities, most pressing first: what a task holds up decides how soon it matters.
URGENT = 1   # holds up the verdict and is overdue, late, or on the critical path with a week or less to spare
HIGH = 2     # holds up the verdict and is on the critical path, reduces a triggered high or critical risk, or holds up several others
NORMAL = 3   # holds up the verdict
LOW = 4      # does not hold up the verdict (first weeks of term, advice)
PRIORITIES = {URGENT: "urgent", HIGH: "high", NORMAL: "normal", LOW: "low"}
WEEK = 7


@dataclass
class PlannedTask:
    state: TaskState
    depends_on: tuple[str, ...]
    wave: int = 0
    latest_start: date = date.min
    latest_finish: date = date.min
    earliest_start: date | None = None    # projected start on the forward schedule from today
    earliest_finish: date | None = None   # projected finish
    slack: int | None = None
    late_by: int = 0                      # days the projected finish falls after the due date
    flags: list[str] = field(default_factory=list)
    risk_rank: int = 0
    mitigates: tuple[str, ...] = ()
    holds_up: int = 0                     # blocking tasks of the plan that wait for this one, directly or not
    priority: int = NORMAL

    @property
    def id(self) -> str:
        return self.state.task.id

    @property
    def earliest(self) -> int | None:
        return None if self.earliest_finish is None else self.earliest_finish.toordinal()

    @property
    def latest(self) -> int:
        return self.latest_finish.toordinal()


@dataclass
class Plan:
    assessment: Assessment
    today: date | None
    tasks: list[PlannedTask]
    done_early: list[tuple[str, str]] = field(default_factory=list)  # (done task, open task it needs)

    def this_week(self) -> list[PlannedTask]:
        """What to start within a week of today: overdue first, then the latest, then by priority."""
        if self.today is None:
            return []
        horizon = self.today + timedelta(days=WEEK - 1)
        soon = [t for t in self.tasks if t.earliest_start is not None and t.earliest_start <= horizon]
        return sorted(soon, key=lambda t: (OVERDUE not in t.flags, -t.late_by, t.priority, t.latest_start, t.id))

    @property
    def waves(self) -> list[list[PlannedTask]]:
        out: list[list[PlannedTask]] = []
        for task in self.tasks:
            if task.wave > len(out):
                out.append([])
            out[task.wave - 1].append(task)
        return out


def make_plan(playbook: Playbook, profile: Profile, scenario: str, today: date | None = None) -> Plan:
    """The plan of ``scenario`` (an id: :meth:`Playbook.resolve_scenario` turns a name or number into one)."""
    assessment = assess(playbook, profile, scenario, today)
    return plan_from(assessment, today)


def make_plans(playbook: Playbook, profile: Profile, scenarios: list[str], today: date | None = None) -> list[Plan]:
    """The plans of several scenarios, every rule decided once for all of them."""
    return [plan_from(a, today) for a in assess_all(playbook, profile, scenarios, today).values()]


def plan_from(assessment: Assessment, today: date | None) -> Plan:
    states = assessment.tasks
    order, effective = _open_tasks(assessment)
    deps = {tid: tuple(sorted(effective[tid])) for tid in order}
    triggered = {rid for rid, v in assessment.risks.items() if v is True}
    tasks = {}
    for tid in order:
        state = states[tid]
        mitigates = tuple(r for r in state.task.mitigates if r in triggered)
        rank = max((SEVERITY_RANK[assessment.playbook.risks[r].severity] for r in mitigates), default=0)
        tasks[tid] = PlannedTask(state, deps[tid], risk_rank=rank, mitigates=mitigates,
                                 flags=[state.disputed] if state.disputed else [])  # marked done, not taken as done
    _waves(order, tasks)
    successors = _schedule(order, deps, tasks, assessment.playbook, assessment.profile.term_start, today)
    _prioritise(order, tasks, successors)
    ordered = sorted(tasks.values(), key=lambda t: (t.wave, -t.risk_rank, t.latest_start, t.id))
    done_early = sorted((tid, dep) for tid, s in states.items() if s.state == DONE for dep in effective[tid])
    return Plan(assessment, today, ordered, done_early)


class Timing(NamedTuple):
    """When one open task can be finished (forward from today) and must be (back from its due
    date), as day ordinals; the dates are made only when asked for."""
    id: str
    state: TaskState
    earliest: int | None
    latest: int

    @property
    def earliest_finish(self) -> date | None:
        return None if self.earliest is None else date.fromordinal(self.earliest)

    @property
    def latest_finish(self) -> date:
        return date.fromordinal(self.latest)


def timings(assessment: Assessment, today: date | None) -> list[Timing]:
    """The open tasks' finishing days, in dependency order: what a verdict or a comparison of due
    dates needs of a plan, without the plan's waves, flags and priorities (a batch of thousands
    of profiles asks this three times each). The days are :func:`_days`', as in the plan."""
    order, effective = _open_tasks(assessment)
    states = assessment.tasks
    days = _days(order, effective, assessment.playbook, assessment.profile.term_start, today)
    latest, earliest = days.latest_finish, days.earliest_finish
    if earliest is None:
        return [Timing(tid, states[tid], None, latest[tid]) for tid in order]
    return [Timing(tid, states[tid], earliest[tid], latest[tid]) for tid in order]


def _open_tasks(assessment: Assessment) -> tuple[list[str], dict[str, set[str]]]:
    """The open tasks in dependency order, and every task's dependencies within the plan
    (:func:`_effective_deps`)."""
    states = assessment.tasks
    order_all = assessment.playbook.task_order()
    order = [tid for tid in order_all if states[tid].state in _PLANNED]
    return order, _effective_deps(order_all, states)


_PLANNED = frozenset(PLANNED)
_SKIPPED = frozenset(SKIPPED)


def _effective_deps(order: list[str], states: dict[str, TaskState]) -> dict[str, set[str]]:
    """Each task's dependencies within the plan: a skipped task (not applicable, not in the
    scenario, another body's) passes its own on; a done or waived one counts as finished."""
    out: dict[str, set[str]] = {}
    for tid in order:
        deps: set[str] = set()
        for dep in states[tid].task.depends_on:
            state = states[dep].state
            if state in _PLANNED:
                deps.add(dep)
            elif state in _SKIPPED:
                deps |= out[dep]
        out[tid] = deps
    return out


def _waves(order: list[str], tasks: dict[str, PlannedTask]) -> None:
    for tid in order:
        t = tasks[tid]
        t.wave = 1 + max((tasks[d].wave for d in t.depends_on), default=0)


def due_date(task: Task, term_start: date) -> date:
    """The day a task is due: a calendar day of the academic year, or days from the term start."""
    if task.calendar_due:
        return academic_day(task.calendar_due, term_start)
    return term_start + timedelta(days=task.due)


@lru_cache(maxsize=4096)
def academic_day(month_day: str, term_start: date) -> date:
    """The day ``MM-DD`` nearest to the term start (the same academic year): "08-28" before a
    1 September start is 28 August of that year; 29 February falls back to the 28th."""
    month, day = int(month_day[:2]), int(month_day[3:])
    candidates = []
    for year in (term_start.year - 1, term_start.year, term_start.year + 1):
        try:
            candidates.append(date(year, month, day))
        except ValueError:
            candidates.append(date(year, month, 28))
    return min(candidates, key=lambda d: (abs((d - term_start).days), d))


class _Days(NamedTuple):
    """Day ordinals per open task: the backward pass from due dates, the forward pass from today."""
    latest_start: dict[str, int]
    latest_finish: dict[str, int]
    earliest_start: dict[str, int] | None   # None without a today
    earliest_finish: dict[str, int] | None
    successors: dict[str, list[str]]        # the open tasks that wait for each


def _days(order: list[str], deps: Mapping[str, Collection[str]], playbook: Playbook, term_start: date,
          today: date | None) -> _Days:
    """Backward pass from the due dates (latest start and finish: a task must finish before any
    task that needs it must start), forward pass from today (a task starts once today, its own
    calendar start and its dependencies allow). Days are counted as integers."""
    due, not_before = _calendar(playbook, term_start)
    tasks = playbook.tasks
    successors = _successors(order, deps)
    latest_start: dict[str, int] = {}
    latest_finish: dict[str, int] = {}
    for tid in reversed(order):
        finish = due[tid]
        for succ in successors[tid]:
            if latest_start[succ] < finish:
                finish = latest_start[succ]
        latest_finish[tid] = finish
        latest_start[tid] = finish - tasks[tid].duration
    if today is None:
        return _Days(latest_start, latest_finish, None, None, successors)
    now = today.toordinal()
    earliest_start: dict[str, int] = {}
    earliest_finish: dict[str, int] = {}
    for tid in order:
        start = not_before.get(tid, now)
        if start < now:
            start = now
        for dep in deps[tid]:
            if earliest_finish[dep] > start:
                start = earliest_finish[dep]
        earliest_start[tid] = start
        earliest_finish[tid] = start + tasks[tid].duration
    return _Days(latest_start, latest_finish, earliest_start, earliest_finish, successors)


_CALENDARS = 16  # term starts whose task days a set keeps (a batch's profiles share a few)


def _calendar(playbook: Playbook, term_start: date) -> tuple[dict[str, int], dict[str, int]]:
    """Every task's due day, and the calendar start of those that have one, as day ordinals for
    one term start; kept with the set for the last few term starts."""
    kept: dict[date, tuple[dict[str, int], dict[str, int]]] = playbook.memo.setdefault("calendar", {})
    hit = kept.get(term_start)
    if hit is None:
        due = {tid: due_date(task, term_start).toordinal() for tid, task in playbook.tasks.items()}
        not_before = {tid: academic_day(task.calendar_start, term_start).toordinal()
                      for tid, task in playbook.tasks.items() if task.calendar_start}
        if len(kept) >= _CALENDARS:
            kept.pop(next(iter(kept)))
        hit = kept[term_start] = (due, not_before)
    return hit


def _schedule(order: list[str], deps: dict[str, tuple[str, ...]], tasks: dict[str, PlannedTask], playbook: Playbook,
              term_start: date, today: date | None) -> dict[str, list[str]]:
    """The plan's days (:func:`_days`) as dates, with each task's slack, lateness and flags;
    returns the open tasks that wait for each."""
    days = _days(order, deps, playbook, term_start, today)
    latest_start, latest_finish = days.latest_start, days.latest_finish
    for tid in order:
        tasks[tid].latest_finish = date.fromordinal(latest_finish[tid])
        tasks[tid].latest_start = date.fromordinal(latest_start[tid])
    if days.earliest_finish is None or days.earliest_start is None or today is None:
        return days.successors
    now = today.toordinal()
    least: int | None = None
    for tid in order:
        t = tasks[tid]
        start, finish = days.earliest_start[tid], days.earliest_finish[tid]
        t.earliest_start, t.earliest_finish = date.fromordinal(start), date.fromordinal(finish)
        t.slack = latest_finish[tid] - finish
        t.late_by = max(0, -t.slack)
        if latest_finish[tid] < now:
            t.flags.append(OVERDUE)
        elif t.slack < 0:
            t.flags.append(LATE)
        if latest_start[tid] <= now:
            t.flags.append(START_NOW)
        if least is None or t.slack < least:
            least = t.slack
    for t in tasks.values():
        if least is not None and t.slack == least:
            t.flags.append(CRITICAL)
        t.flags.sort()
    return days.successors


def _successors(order: list[str], deps: Mapping[str, Collection[str]]) -> dict[str, list[str]]:
    """The open tasks that wait for each open task, in ``order``."""
    successors: dict[str, list[str]] = {tid: [] for tid in order}
    for tid in order:
        for dep in deps[tid]:
            successors[dep].append(tid)
    return successors


def _prioritise(order: list[str], tasks: dict[str, PlannedTask], successors: dict[str, list[str]]) -> None:
    """Each task's priority from what it holds up: the verdict (blocking), the critical path,
    a triggered high risk, the blocking tasks downstream of it."""
    downstream: dict[str, set[str]] = {}
    for tid in reversed(order):
        below: set[str] = set()
        for succ in successors[tid]:
            below |= downstream[succ]
            if tasks[succ].state.task.blocking:
                below.add(succ)
        downstream[tid] = below
    for tid, t in tasks.items():
        t.holds_up = len(downstream[tid])
        if not t.state.task.blocking:
            t.priority = LOW
        elif {OVERDUE, LATE} & set(t.flags) or (CRITICAL in t.flags and (t.slack or 0) < WEEK):
            t.priority = URGENT
        elif CRITICAL in t.flags or t.risk_rank >= SEVERITY_RANK["high"] or t.holds_up >= 3:
            t.priority = HIGH
        else:
            t.priority = NORMAL

