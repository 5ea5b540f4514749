"""Checklists: one role's share of a plan, in plan order, with its steps."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .errors import usage_error
from .model import Playbook, Step
from .plan import Plan, PlannedTask, make_plan
from .profile import Profile


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


def resolve_role(playbook: Playbook, role: str) -> str:
    if role in playbook.actors:
        return role
    lowered = role.casefold()
    for aid, actor in playbook.actors.items():
        names = list(actor.get("short", {}).values()) + list(actor.get("title", {}).values())
        if any(lowered == n.casefold() for n in names):
            return aid
    roles = sorted(a for a, actor in playbook.actors.items() if actor.get("kind") == "institution")
    raise usage_error("--role", "P005", f"unknown role '{role}'", "one of: " + ", ".join(roles))


def make_checklist(playbook: Playbook, profile: Profile, scenario: str, role: str, today: date | None = None) -> Checklist:
    role_id = resolve_role(playbook, role)
    plan = make_plan(playbook, profile, scenario, today)
    return checklist_from(plan, role_id)


def checklist_from(plan: Plan, role: str) -> Checklist:
    items = []
    for planned in plan.tasks:
        task = planned.state.task
        steps = tuple(s for s in task.steps if s.role == role)
        if task.actor == role or steps:
            items.append(ChecklistItem(planned, task.actor == role, steps))
    return Checklist(plan, role, items)
