"""One entry point for the per-profile reports: the engine's result for a kind, as its dict."""
from __future__ import annotations

from datetime import date
from typing import Any

from ..model import Playbook, Profile


def build_report(kind: str, playbook: Playbook, profile: Profile, lang: str, scenario: str | None = None,
                 scenarios: list[str] | None = None, role: str | None = None, today: date | None = None) -> dict[str, Any]:
    """The report ``kind`` (plan, gaps or checklist) as a JSON-ready dict.

    ``scenario``, ``scenarios`` and ``role`` are names as a user gives them (``2``, ``ОКК``);
    they are resolved here, once.
    """
    # each kind imports only its own engine and builder
    if kind == "gaps":
        from ..engine.gaps import make_gaps
        from .gaps import gaps_dict

        chosen = [playbook.resolve_scenario(s) for s in scenarios] if scenarios else None
        return gaps_dict(make_gaps(playbook, profile, chosen, today or date.today()), lang)
    if kind == "plan":
        from ..engine.plan import make_plan
        from .plan import plan_dict

        return plan_dict(make_plan(playbook, profile, playbook.resolve_scenario(scenario or ""), today or date.today()), lang)
    from ..engine.checklist import make_checklist
    from .checklist import checklist_dict

    role_id = playbook.resolve_role(role or "")
    sid = playbook.resolve_scenario(scenario or "")
    return checklist_dict(make_checklist(playbook, profile, sid, role_id, today or date.today()), lang)
