"""The checklist report: one role's tasks and steps, in plan order."""
from __future__ import annotations

from typing import Any

from ..engine.checklist import Checklist
from ..i18n import pick
from .common import header, task_row


def checklist_dict(checklist: Checklist, lang: str) -> dict[str, Any]:
    plan = checklist.plan
    out = header("checklist", plan.assessment, lang)
    actor = plan.assessment.playbook.actors[checklist.role]
    out.update({
        "scenario": plan.assessment.scenario,
        "today": plan.today.isoformat() if plan.today else None,
        "role": {"id": checklist.role, "title": pick(actor["title"], lang), "short": pick(actor.get("short"), lang)},
        "items": [],
    })
    order = {t.id: i + 1 for i, t in enumerate(plan.tasks)}
    for item in checklist.items:
        task = task_row(item.task, lang, order[item.task.id])
        task["owner"] = item.owner
        task["steps"] = [{"text": pick(s.text, lang), "source": list(s.source), "inferred": s.inferred} for s in item.steps]
        out["items"].append(task)
    return out
