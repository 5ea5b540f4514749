"""Action plans: applicable open tasks in dependency order, in waves, scheduled back from the term start."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from graphlib import TopologicalSorter

from ..model import SEVERITY_RANK, Playbook, Profile
from .evaluate import PLANNED, SKIPPED, Assessment, TaskState, assess, assess_all

LATE = "late"            # cannot be finished by its due date even if started today
OVERDUE = "overdue"      # its due date has passed
START_NOW = "start_now"  # its latest start is today or has passed
CRITICAL = "critical"    # on the critical path: the least slack of the plan


@dataclass
class PlannedTask:
    state: TaskState
    depends_on: tuple[str, ...]
    wave: int = 0
    latest_start: date = date.min
    latest_finish: date = date.min
    earliest_finish: date | None = None
    slack: int | None = None
    flags: list[str] = field(default_factory=list)
    risk_rank: int = 0
    mitigates: tuple[str, ...] = ()

    @property
    def id(self) -> str:
        return self.state.task.id


@dataclass
class Plan:
    assessment: Assessment
    today: date | None
    tasks: list[PlannedTask]

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
    assessment = assess(playbook, profile, scenario)
    return plan_from(assessment, today)


def make_plans(playbook: Playbook, profile: Profile, scenarios: list[str], today: date | None = None) -> list[Plan]:
    """The plans of several scenarios, every rule decided once for all of them."""
    return [plan_from(a, today) for a in assess_all(playbook, profile, scenarios).values()]


def plan_from(assessment: Assessment, today: date | None) -> Plan:
    states = assessment.tasks
    planned = {tid: s for tid, s in states.items() if s.state in PLANNED}
    deps = {tid: _effective_deps(tid, states, planned) for tid in planned}
    order = list(TopologicalSorter(deps).static_order())  # the set has no cycles: validation saw to it
    triggered = {rid for rid, v in assessment.risks.items() if v is True}
    tasks = {}
    for tid in order:
        task = planned[tid].task
        mitigates = tuple(r for r in task.mitigates if r in triggered)
        rank = max((SEVERITY_RANK[assessment.playbook.risks[r].severity] for r in mitigates), default=0)
        tasks[tid] = PlannedTask(planned[tid], deps[tid], risk_rank=rank, mitigates=mitigates)
    _waves(order, tasks)
    _schedule(order, tasks, assessment.profile.term_start, today)
    ordered = sorted(tasks.values(), key=lambda t: (t.wave, -t.risk_rank, t.latest_start, t.id))
    return Plan(assessment, today, ordered)


def _effective_deps(tid: str, states: dict[str, TaskState], planned: dict[str, TaskState]) -> tuple[str, ...]:
    """Dependencies within the plan; a skipped (not applicable) task passes its own on."""
    out: set[str] = set()
    stack = list(states[tid].task.depends_on)
    seen: set[str] = set()
    while stack:
        dep = stack.pop()
        if dep in seen:
            continue
        seen.add(dep)
        if dep in planned:
            out.add(dep)
        elif states[dep].state in SKIPPED:
            stack.extend(states[dep].task.depends_on)
    return tuple(sorted(out))


def _waves(order: list[str], tasks: dict[str, PlannedTask]) -> None:
    for tid in order:
        t = tasks[tid]
        t.wave = 1 + max((tasks[d].wave for d in t.depends_on), default=0)


def _schedule(order: list[str], tasks: dict[str, PlannedTask], term_start: date, today: date | None) -> None:
    """Backward pass from the due dates (latest start/finish), forward pass from today (earliest finish)."""
    successors: dict[str, list[str]] = {tid: [] for tid in tasks}
    for tid, t in tasks.items():
        for dep in t.depends_on:
            successors[dep].append(tid)
    for tid in reversed(order):
        t = tasks[tid]
        finish = term_start + timedelta(days=t.state.task.due)
        for succ in successors[tid]:
            finish = min(finish, tasks[succ].latest_start)
        t.latest_finish = finish
        t.latest_start = finish - timedelta(days=t.state.task.duration)
    if today is None:
        return
    for tid in order:
        t = tasks[tid]
        start = max([today] + [tasks[d].earliest_finish or today for d in t.depends_on])
        t.earliest_finish = start + timedelta(days=t.state.task.duration)
        t.slack = (t.latest_finish - t.earliest_finish).days
        if t.latest_finish < today:
            t.flags.append(OVERDUE)
        elif t.slack < 0:
            t.flags.append(LATE)
        if t.latest_start <= today:
            t.flags.append(START_NOW)
    least = min((t.slack for t in tasks.values() if t.slack is not None), default=None)
    for t in tasks.values():
        if least is not None and t.slack == least:
            t.flags.append(CRITICAL)
        t.flags.sort()

