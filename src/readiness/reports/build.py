"""One entry point for the per-profile reports: the engine's result for a kind, as its dict."""
from __future__ import annotations

from datetime import date
from typing import Any

from ..engine.checklist import make_checklist
from ..engine.gaps import make_gaps
from ..engine.plan import make_plan
from ..model import Playbook, Profile
from .checklist import checklist_dict
from .gaps import gaps_dict
from .plan import plan_dict


def build_report(kind: str, playbook: Playbook, profile: Profile, lang: str, scenario: str | None = None,
                 scenarios: list[str] | None = None, role: str | None = None, today: date | None = None) -> dict[str, Any]:
    """The report ``kind`` (plan, gaps or checklist) as a JSON-ready dict.

    ``scenario``, ``scenarios`` and ``role`` are names as a user gives them (``2``, ``ОКК``);
    they are resolved here, once.
    """
    if kind == "gaps":
        chosen = [playbook.resolve_scenario(s) for s in scenarios] if scenarios else None
        return gaps_dict(make_gaps(playbook, profile, chosen, today or date.today()), lang)
    if kind == "plan":
        return plan_dict(make_plan(playbook, profile, playbook.resolve_scenario(scenario or ""), today or date.today()), lang)
    role_id = playbook.resolve_role(role or "")
    sid = playbook.resolve_scenario(scenario or "")
    return checklist_dict(make_checklist(playbook, profile, sid, role_id, today or date.today()), lang)
