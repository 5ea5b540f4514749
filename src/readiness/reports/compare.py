"""The compare report: the scenarios side by side, what each needs beyond the others."""
from __future__ import annotations

from datetime import date
from typing import Any

from ..engine.plan import Plan
from ..engine.verdict import verdict
from ..i18n import pick
from ..model import Playbook
from .common import header, questions, verdict_dict


def compare_dict(playbook: Playbook, plans: list[Plan], today: date, lang: str) -> dict[str, Any]:
    """The scenarios side by side: what each needs, and what it needs beyond the others."""
    open_sets = {p.assessment.scenario: {t.id for t in p.tasks} for p in plans}
    out = header("compare", plans[0].assessment, lang)
    out["today"] = today.isoformat() if today else None
    out["scenarios"] = []
    shared = set.intersection(*open_sets.values())
    for p in plans:
        sid = p.assessment.scenario
        only = [t.id for t in p.tasks if t.id not in shared]  # in plan order
        unmet = sorted(r for r, st in p.assessment.requirements.items() if st.status == "unmet")
        out["scenarios"].append({
            "scenario": sid,
            "planned": sid in plans[0].assessment.profile.scenarios,
            "verdict": verdict_dict(verdict(p), p.assessment, lang),
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
