"""The impact report: a summary per scenario, changes by task, institutions in detail."""
from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any, Callable, Iterable

from .. import __version__
from ..engine.impact import KINDS, Sets, compare_all
from ..i18n import pick
from ..model import Playbook

FORMAT_VERSION = 1


def impact(files: list[Path], sets: Sets, lang: str, jobs: int = 1, base_path: str = "", head_path: str = "",
           on_progress: Callable[[int], None] | None = None) -> dict[str, Any]:
    """The impact report of a set change on the profiles ``files`` as a JSON-ready dict."""
    return impact_dict(compare_all(files, sets, jobs, on_progress), sets, lang, base_path, head_path)


def impact_dict(results: Iterable[dict[str, Any]], sets: Sets, lang: str, base_path: str = "", head_path: str = "") -> dict[str, Any]:
    """The impact report as a JSON-ready dict, from :func:`~readiness.engine.impact.compare_all`'s results."""
    report = _header(sets, lang, base_path, head_path)
    counts: dict[str, Counter[str]] = {}
    by_change: Counter[tuple[str, str, str]] = Counter()
    institutions: dict[str, set[str]] = {}
    for result in results:
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


