"""Checklists: one role's share of a plan, in plan order, with its steps."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ..model import Playbook, Profile, Step
from .plan import Plan, PlannedTask, make_plan


@dataclass
class ChecklistItem:
    task: PlannedTask
    owner: bool                 # the role is responsible for the whole task
    steps: tuple[Step, ...]     # the role's own steps of the task


@dataclass
class Checklist:
    plan: Plan
    role: str
    items: list[ChecklistItem]


def make_checklist(playbook: Playbook, profile: Profile, scenario: str, role: str, today: date | None = None) -> Checklist:
    """The checklist of ``role`` (an actor id: :meth:`Playbook.resolve_role` turns a name into one)."""
    return checklist_from(make_plan(playbook, profile, scenario, today), role)


def checklist_from(plan: Plan, role: str) -> Checklist:
    items = []
    for planned in plan.tasks:
        task = planned.state.task
        steps = tuple(s for s in task.steps if s.role == role)
        if task.actor == role or steps:
            items.append(ChecklistItem(planned, task.actor == role, steps))
    return Checklist(plan, role, items)
