"""The plan report: open tasks in plan order, risks, questions, derived values."""
from __future__ import annotations

from typing import Any

from ..engine.evaluate import DONE, EXTERNAL, WAIVED
from ..engine.plan import Plan
from ..i18n import pick
from .common import derived_values, header, questions, risk_rows, task_row


def plan_dict(plan: Plan, lang: str) -> dict[str, Any]:
    a = plan.assessment
    tasks = [task_row(t, lang, i + 1) for i, t in enumerate(plan.tasks)]
    states = a.tasks.values()
    out = header("plan", a, lang)
    out.update({
        "scenario": a.scenario,
        "today": plan.today.isoformat() if plan.today else None,
        "summary": {
            "open": len(tasks),
            "waves": len(plan.waves),
            "done": sum(1 for s in states if s.state == DONE),
            "waived": sum(1 for s in states if s.state == WAIVED),
            "late": sum(1 for t in tasks if "late" in t["flags"]),
            "overdue": sum(1 for t in tasks if "overdue" in t["flags"]),
            "critical": sum(1 for t in tasks if "critical" in t["flags"]),
            "triggered_risks": len(a.triggered_risks()),
            "questions": 0,
            "finish": max((t["due"] for t in tasks), default=None),
        },
        "tasks": tasks,
        "risks": risk_rows(a, lang),
        "questions": questions(a, lang),
        "derived": derived_values(a, lang),
        "done": sorted(s.task.id for s in states if s.state == DONE),
        "external": [{"id": s.task.id, "title": pick(s.task.title, lang), "actor": s.task.actor}
                     for s in sorted(states, key=lambda s: s.task.id) if s.state == EXTERNAL],
        "waived": [{"id": s.task.id, "reason": s.waiver.get("reason", "")} for s in sorted(states, key=lambda s: s.task.id) if s.state == WAIVED],
    })
    out["summary"]["questions"] = len(out["questions"])
    return out
