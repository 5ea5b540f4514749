"""The plan report: open tasks in plan order, risks, questions, derived values."""
from __future__ import annotations

from typing import Any

from ..engine.evaluate import DONE, EXTERNAL, NOT_APPLICABLE, WAIVED
from ..engine.explain import rule_trace
from ..engine.plan import Plan
from ..engine.verdict import verdict
from ..i18n import fact_text, pick
from .common import derived_values, header, questions, risk_rows, task_row, verdict_dict


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
        "verdict": verdict_dict(verdict(plan), a, lang),
        "this_week": [t.id for t in plan.this_week()],
        "done_early": [{"id": done, "needs": needs} for done, needs in plan.done_early],
        "tasks": tasks,
        "risks": risk_rows(a, lang),
        "questions": questions(a, lang),
        "derived": derived_values(a, lang),
        "done": sorted(s.task.id for s in states if s.state == DONE),
        "external": [{"id": s.task.id, "title": pick(s.task.title, lang), "actor": s.task.actor}
                     for s in sorted(states, key=lambda s: s.task.id) if s.state == EXTERNAL],
        "waived": [{"id": s.task.id, "reason": s.waiver.get("reason", "")} for s in sorted(states, key=lambda s: s.task.id) if s.state == WAIVED],
        "not_applicable": _not_applicable(plan, lang),
    })
    out["summary"]["questions"] = len(out["questions"])
    return out


def _not_applicable(plan: Plan, lang: str) -> list[dict[str, Any]]:
    """Tasks of the scenario that the profile's facts take out of the plan, with the rule that
    did it; where the rule reads the institution's type, the exemption is said to be by type."""
    a = plan.assessment
    out = []
    for tid, state in sorted(a.tasks.items()):
        if state.state != NOT_APPLICABLE or state.task.when is None:
            continue
        trace = rule_trace(state.task.when, a.context) or {"facts": {}}
        facts = [{"name": name, "title": fact_text(name, lang) or name, "value": v} for name, v in trace["facts"].items()
                 if not name.startswith(("params.", "derived."))]
        out.append({"id": tid, "title": pick(state.task.title, lang), "rule": state.task.when.text, "facts": facts,
                    "by_type": "institution.type" in state.task.when.paths})
    return out
