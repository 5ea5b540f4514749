"""The impact of a playbook change: whose plans change, and how, per scenario.

Each profile is planned under the old set (base) and the new one (head) with the same date;
the plans are compared task by task: tasks added and removed, due dates (latest finish) moved,
risks newly triggered or cleared. Date rule: ``--today`` when given, else each profile's
``updated`` date, else its ``term_start`` (due dates do not depend on it; only lateness does).
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Callable

from . import __version__
from .errors import ERROR
from .i18n import pick
from .model import Playbook
from .playbook import display_name

FORMAT_VERSION = 1
KINDS = ("tasks_added", "tasks_removed", "due_moved", "risks_triggered", "risks_cleared")


@dataclass(frozen=True)
class Sets:
    base: Playbook
    head: Playbook
    today: date | None
    scenarios: tuple[str, ...] = ()


def plan_date(profile: Any, today: date | None) -> date:
    if today is not None:
        return today
    updated = profile.data.get("updated")
    return date.fromisoformat(updated) if updated else profile.term_start


def compare(path: Path, sets: Sets) -> dict[str, Any]:
    """One profile's changes per scenario (the worker function; small, JSON-ready)."""
    from .profile import check_profile

    name = display_name(path)
    checked = [check_profile(path, pb) for pb in (sets.base, sets.head)]
    errors = sorted({d for _, findings in checked for d in findings if d.severity == ERROR})
    profile = checked[1][0]
    if errors or profile is None or checked[0][0] is None:
        return {"file": name, "errors": [d.as_dict() for d in errors]}
    when = plan_date(profile, sets.today)
    chosen = [s for s in profile.scenarios if not sets.scenarios or s in sets.scenarios]
    scenarios = [diff for diff in (_scenario(sets, profile, sid, when) for sid in chosen) if diff]
    inst = profile.institution
    return {"file": name, "id": inst["id"], "name": inst["name"], "today": when.isoformat(), "scenarios": scenarios}


def _scenario(sets: Sets, profile: Any, sid: str, when: date) -> dict[str, Any] | None:
    from .plan import make_plan

    old, new = (make_plan(pb, profile, sid, when) for pb in (sets.base, sets.head))
    old_due = {t.id: t.latest_finish for t in old.tasks}
    new_due = {t.id: t.latest_finish for t in new.tasks}
    old_risks = set(old.assessment.triggered_risks())
    new_risks = set(new.assessment.triggered_risks())
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


def impact(files: list[Path], sets: Sets, lang: str, jobs: int = 1, base_path: str = "", head_path: str = "",
           on_progress: Callable[[int], None] | None = None) -> dict[str, Any]:
    """The impact report as a JSON-ready dict (the library entry point behind the command)."""
    from .aggregate import run_batch

    report = _header(sets, lang, base_path, head_path)
    counts: dict[str, Counter[str]] = {}
    by_change: Counter[tuple[str, str, str]] = Counter()
    institutions: dict[str, set[str]] = {}
    for result in run_batch(files, compare, sets, jobs, on_progress):
        report["profiles"] += 1
        if "errors" in result:
            report["errors"].append({"file": result["file"], "findings": result["errors"]})
            continue
        if not result["scenarios"]:
            report["unchanged"] += 1
            continue
        report["institutions"].append(result)
        for sc in result["scenarios"]:
            sid = sc["scenario"]
            institutions.setdefault(sid, set()).add(result["file"])
            for kind in KINDS:
                counts.setdefault(sid, Counter())[kind] += len(sc[kind])
                by_change.update((sid, kind, item["id"]) for item in sc[kind])
    report["summary"] = [{"scenario": sid, "institutions_changed": len(institutions.get(sid, ())),
                          **{k: counts.get(sid, Counter())[k] for k in KINDS}} for sid in sets.head.scenarios]
    order = {sid: i for i, sid in enumerate(sets.head.scenarios)}
    report["by_change"] = [{"scenario": s, "change": k, "id": i, "institutions": n} for (s, k, i), n in sorted(
        by_change.items(), key=lambda kv: (order.get(kv[0][0], len(order)), kv[0][0], KINDS.index(kv[0][1]), -kv[1], kv[0][2]))]
    report["labels"] = _labels(sets, lang, {row["id"] for row in report["by_change"]})
    return report


def _header(sets: Sets, lang: str, base_path: str, head_path: str) -> dict[str, Any]:
    def describe(pb: Playbook, path: str) -> dict[str, Any]:
        return {"path": path, "id": pb.id, "version": str(pb.manifest["version"]), "title": pick(pb.manifest["title"], lang)}

    return {
        "kind": "impact", "format_version": FORMAT_VERSION, "generator": f"readiness {__version__}", "lang": lang,
        "base": describe(sets.base, base_path), "head": describe(sets.head, head_path),
        "today": sets.today.isoformat() if sets.today else None,
        "profiles": 0, "unchanged": 0, "summary": [], "by_change": [], "institutions": [], "errors": [],
    }


def _labels(sets: Sets, lang: str, ids: set[str]) -> dict[str, Any]:
    """Titles of the scenarios and of the tasks and risks the report names: from the new set,
    or from the old one for what the change removed."""
    out: dict[str, dict[str, str]] = {"scenarios": {}, "tasks": {}, "risks": {}}
    for pb in (sets.base, sets.head):
        out["scenarios"].update({sid: pick(s["title"], lang) for sid, s in pb.scenarios.items()})
        out["tasks"].update({tid: pick(t.title, lang) for tid, t in pb.tasks.items() if tid in ids})
        out["risks"].update({rid: pick(r.title, lang) for rid, r in pb.risks.items() if rid in ids})
    return {k: dict(sorted(v.items())) for k, v in out.items()}


def render(report: dict[str, Any], fmt: str, limit: int = 50) -> str:
    """JSON, or Markdown for a pull-request comment: the summary table first, then changes by
    task, then at most ``limit`` institutions in detail (the JSON lists them all)."""
    if fmt == "json":
        from .render import to_json

        return to_json(report)
    from .render import environment

    return environment().get_template("impact.md.j2").render(d=report, lang=report["lang"], limit=limit)  # type: ignore[no-any-return]
