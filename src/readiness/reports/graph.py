"""The task graph as data for the graph renderers: nodes (id, label, group) and edges."""
from __future__ import annotations

from typing import Any

from ..engine.plan import Plan
from ..i18n import message, pick
from ..model import Playbook


def plan_graph(plan: Plan, lang: str) -> dict[str, Any]:
    """A plan's open tasks grouped in waves, edges from each dependency to its dependent."""
    return {
        "nodes": [(t.id, pick(t.state.task.title, lang), str(t.wave)) for t in plan.tasks],
        "edges": [(d, t.id) for t in plan.tasks for d in t.depends_on],
        "group": message("label.wave", lang),
    }


def playbook_graph(playbook: Playbook, scenario: str | None, lang: str) -> dict[str, Any]:
    """The set's tasks (of one scenario, or all) grouped by area."""
    tasks = [t for t in playbook.tasks.values() if scenario is None or scenario in t.scenarios]
    ids = {t.id for t in tasks}
    areas = {aid: pick(a["title"], lang) for aid, a in playbook.areas.items()}
    order = {aid: i for i, aid in enumerate(playbook.areas)}
    tasks.sort(key=lambda t: (order[t.area], t.id))
    return {
        "nodes": [(t.id, pick(t.title, lang), areas[t.area]) for t in tasks],
        "edges": sorted((d, t.id) for t in tasks for d in t.depends_on if d in ids),
        "group": "",
    }
