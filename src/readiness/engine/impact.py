"""The impact of a playbook change: whose plans change, and how, per scenario.

Each profile is planned under the old set (base) and the new one (head) with the same date;
the plans are compared task by task: tasks added and removed, due dates (latest finish) moved,
risks newly triggered or cleared. Date rule: ``--today`` when given, else each profile's
``updated`` date, else its ``term_start`` (due dates do not depend on it; only lateness does).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Callable, Iterator

from ..errors import ERROR
from ..io.files import display_name
from ..load.profile import check_profile_for
from ..model import Playbook
from .batch import Paths, run_batch
from .evaluate import Assessment, assess_all
from .plan import timings

KINDS = ("tasks_added", "tasks_removed", "due_moved", "risks_triggered", "risks_cleared")


@dataclass(frozen=True)
class Sets:
    base: Playbook
    head: Playbook
    today: date | None
    scenarios: tuple[str, ...] = ()
    lang: str = "en"  # of the findings of profiles that cannot be compared


def plan_date(profile: Any, today: date | None) -> date:
    if today is not None:
        return today
    updated = profile.data.get("updated")
    return date.fromisoformat(updated) if updated else profile.term_start


def compare(path: Path | str, sets: Sets) -> dict[str, Any]:
    """One profile's changes per scenario (the worker function; small, JSON-ready). The file is
    read once for both sets, and each set decides its rules once for all the scenarios."""
    name = display_name(path)
    checked = check_profile_for(path, [sets.base, sets.head])
    errors = sorted({d for _, findings in checked for d in findings if d.severity == ERROR})
    old_profile, profile = checked[0][0], checked[1][0]
    if errors or profile is None or old_profile is None:
        return {"file": name, "errors": [d.as_dict(sets.lang) for d in errors]}
    when = plan_date(profile, sets.today)
    chosen = [s for s in profile.scenarios if not sets.scenarios or s in sets.scenarios]
    old = assess_all(sets.base, old_profile, chosen, when)
    new = assess_all(sets.head, profile, chosen, when)
    scenarios = [diff for diff in (_scenario(sid, old[sid], new[sid]) for sid in chosen) if diff]
    inst = profile.institution
    return {"file": name, "id": inst["id"], "name": inst["name"], "today": when.isoformat(), "scenarios": scenarios}


def _scenario(sid: str, old: Assessment, new: Assessment) -> dict[str, Any] | None:
    """What changed between two plans of one scenario: their open tasks and due dates (a due
    date does not depend on today: :func:`~.plan.timings` without one), their triggered risks."""
    old_due = {t.id: t.latest_finish for t in timings(old, None)}
    new_due = {t.id: t.latest_finish for t in timings(new, None)}
    old_risks = set(old.triggered_risks())
    new_risks = set(new.triggered_risks())
    diff = {
        "scenario": sid,
        "tasks_added": [{"id": t, "due": new_due[t].isoformat()} for t in sorted(new_due.keys() - old_due.keys())],
        "tasks_removed": [{"id": t, "due": old_due[t].isoformat()} for t in sorted(old_due.keys() - new_due.keys())],
        "due_moved": [{"id": t, "old": old_due[t].isoformat(), "new": new_due[t].isoformat(), "days": (new_due[t] - old_due[t]).days}
                      for t in sorted(old_due.keys() & new_due.keys()) if old_due[t] != new_due[t]],
        "risks_triggered": [{"id": r} for r in sorted(new_risks - old_risks)],
        "risks_cleared": [{"id": r} for r in sorted(old_risks - new_risks)],
    }
    return diff if any(diff[k] for k in KINDS) else None


def compare_all(files: Paths, sets: Sets, jobs: int = 1,
                on_progress: Callable[[int], None] | None = None) -> Iterator[dict[str, Any]]:
    """:func:`compare` for every profile (in worker processes), in file order."""
    return run_batch(files, compare, sets, jobs, on_progress)
