"""Why a task is (or is not) in a plan, and how the three scenarios differ."""
from __future__ import annotations

from typing import Any

from .errors import usage_error
from .evaluate import Assessment
from .i18n import pick
from .model import Playbook
from .plan import Plan, plan_from
from .report import _header, questions
from .rules import UNKNOWN, Rule, lookup


def _value(v: Any) -> Any:
    if v is UNKNOWN:
        return None
    if isinstance(v, list):
        return [_value(x) for x in v]
    return v


def rule_trace(rule: Rule | None, ctx: dict[str, Any]) -> dict[str, Any] | None:
    """The rule, its result, and the value of every fact it read (None = not given)."""
    if rule is None:
        return None
    result = rule(ctx)
    return {
        "rule": rule.text,
        "result": "unknown" if result is UNKNOWN else result,
        "facts": {path: _value(lookup(ctx, path.split("."))) for path in rule.paths},
    }


def explain_task(plan: Plan, task_id: str, lang: str) -> dict[str, Any]:
    a = plan.assessment
    pb = a.playbook
    if task_id not in pb.tasks:
        from difflib import get_close_matches

        close = get_close_matches(task_id, list(pb.tasks), n=1, cutoff=0.6)
        raise usage_error(task_id, "P006", f"unknown task '{task_id}'",
                          f"did you mean '{close[0]}'?" if close else "task ids are shown by 'readiness plan'")
    ctx = a.context
    state = a.tasks[task_id]
    task = state.task
    planned = {t.id: t for t in plan.tasks}
    here = planned.get(task_id)
    out = _header("explain", a, lang)
    out.update({
        "scenario": a.scenario,
        "today": plan.today.isoformat() if plan.today else None,
        "task": {"id": task.id, "title": pick(task.title, lang), "area": task.area, "actor": task.actor,
                 "duration": task.duration, "due_offset": task.due, "blocking": task.blocking},
        "state": state.state,
        "in_scenario": a.scenario in task.scenarios,
        "scenarios": sorted(task.scenarios, key=lambda s: pb.scenarios[s]["number"]),
        "when": rule_trace(task.when, ctx),
        "done_when": rule_trace(task.done_when, ctx),
        "progress": state.progress or None,
        "waiver": state.waiver or None,
        "mitigates": [{"id": r, "title": pick(pb.risks[r].title, lang), "severity": pb.risks[r].severity,
                       "triggered": _state_word(a.risks.get(r)), "trigger": rule_trace(pb.risks[r].when, ctx)}
                      for r in task.mitigates if r in pb.risks],
        "requirements": [{"id": r, "title": pick(pb.requirements[r].title, lang), "status": a.requirements[r].status,
                          "value": _value(a.requirements[r].value)} for r in task.requirements if r in a.requirements],
        "depends_on": [{"id": d, "state": a.tasks[d].state} for d in task.depends_on],
        "waits_for": list(here.depends_on) if here else [],
        "waited_for_by": sorted(t.id for t in plan.tasks if task_id in t.depends_on),
        "schedule": None if here is None else {
            "order": plan.tasks.index(here) + 1, "wave": here.wave, "start": here.latest_start.isoformat(),
            "due": here.latest_finish.isoformat(), "slack": here.slack, "flags": list(here.flags)},
        "source": [{"id": s, "text": pick(pb.sources.get(s, {}).get("text"), lang)} for s in task.source],
    })
    return out


def _state_word(value: Any) -> str:
    return "unknown" if value is UNKNOWN or value is None else ("yes" if value else "no")


def compare_scenarios(playbook: Playbook, assessments: list[Assessment], today: Any, lang: str) -> dict[str, Any]:
    """The scenarios side by side: what each needs, and what it needs beyond the others."""
    plans = [plan_from(a, today) for a in assessments]
    open_sets = {p.assessment.scenario: {t.id for t in p.tasks} for p in plans}
    out = _header("compare", assessments[0], lang)
    out["today"] = today.isoformat() if today else None
    out["scenarios"] = []
    shared = set.intersection(*open_sets.values())
    for p in plans:
        sid = p.assessment.scenario
        only = [t.id for t in p.tasks if t.id not in shared]  # in plan order
        unmet = sorted(r for r, st in p.assessment.requirements.items() if st.status == "unmet")
        out["scenarios"].append({
            "scenario": sid,
            "planned": sid in assessments[0].profile.scenarios,
            "open": len(p.tasks),
            "blocking_open": sum(1 for t in p.tasks if t.state.task.blocking),
            "late": sum(1 for t in p.tasks if "late" in t.flags or "overdue" in t.flags),
            "finish": max((t.latest_finish.isoformat() for t in p.tasks), default=None),
            "unmet_requirements": unmet,
            "triggered_risks": sorted(p.assessment.triggered_risks()),
            "beyond_shared": [{"id": t, "title": pick(playbook.tasks[t].title, lang), "actor": playbook.tasks[t].actor} for t in only],
            "questions": len(questions(p.assessment, lang)),
        })
    out["shared_open"] = len(shared)
    return out

