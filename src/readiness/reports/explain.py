"""The explain report: why a task is (or is not) in a plan."""
from __future__ import annotations

from typing import Any

from ..engine.explain import plain_value, rule_trace
from ..engine.plan import Plan
from ..i18n import fact_text, pick
from ..rules import UNKNOWN
from .common import header


def explain_task(plan: Plan, task_id: str, lang: str) -> dict[str, Any]:
    """Why ``task_id`` (an id: :meth:`Playbook.resolve_task` checks one) is, or is not, in the plan."""
    a = plan.assessment
    pb = a.playbook
    ctx = a.context
    state = a.tasks[task_id]
    task = state.task
    planned = {t.id: t for t in plan.tasks}
    here = planned.get(task_id)
    out = header("explain", a, lang)
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
                          "value": plain_value(a.requirements[r].value), "unit": pb.requirements[r].unit or ""}
                         for r in task.requirements if r in a.requirements],
        "depends_on": [{"id": d, "title": pick(pb.tasks[d].title, lang), "state": a.tasks[d].state} for d in task.depends_on],
        "waits_for": list(here.depends_on) if here else [],
        "waited_for_by": sorted(t.id for t in plan.tasks if task_id in t.depends_on),
        "titles": {t: pick(pb.tasks[t].title, lang) for t in sorted({*task.depends_on, *(here.depends_on if here else ()),
                                                                       *(t.id for t in plan.tasks if task_id in t.depends_on)})},
        "fact_titles": {f: fact_text(f, lang) for rule in (task.when, task.done_when, *(pb.risks[r].when for r in task.mitigates
                                                                                       if r in pb.risks))
                        if rule is not None for f in rule.paths},
        "in_plan": here is not None,
        "schedule": None if here is None else {
            "order": plan.tasks.index(here) + 1, "wave": here.wave, "start": here.latest_start.isoformat(),
            "due": here.latest_finish.isoformat(), "slack": here.slack, "flags": list(here.flags)},
        "source": [_source(pb.sources.get(s, {}).get("text") or {}, s, lang) for s in task.source],
    })
    return out


def _source(text: dict[str, str], sid: str, lang: str) -> dict[str, Any]:
    """A source item in the reader's language where the set has it (else English), with the
    Kyrgyz original beside it: the source document is Kyrgyz, and its wording is what counts."""
    shown = lang if text.get(lang) else ("en" if text.get("en") else "ky")
    original = text.get("ky", "") if shown != "ky" else ""
    return {"id": sid, "text": text.get(shown, ""), "text_lang": shown, "original": original}


def _state_word(value: Any) -> str:
    return "unknown" if value is UNKNOWN or value is None else ("yes" if value else "no")
