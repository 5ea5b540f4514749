"""The aggregate report: per scenario and group (national, region, type), the distributions
and the most frequent open tasks, risks and missing facts; small groups suppressed."""
from __future__ import annotations

from pathlib import Path
from typing import Any, Callable

from .. import __version__
from ..engine.verdict import VERDICTS
from ..engine.aggregate import (BREAKDOWNS, TYPES, Aggregator, GroupAcc, Options, ScenarioAcc, distribution, fold,
                                suppressed_groups, top)
from ..io.files import discover
from ..i18n import message, pick
from ..model import Playbook

FORMAT_VERSION = 1


def aggregate(paths: list[Path], playbook: Playbook, options: Options,
              on_progress: Callable[[int], None] | None = None) -> dict[str, Any]:
    """The aggregate report of the profiles in ``paths`` (files or folders) as a JSON-ready dict."""
    with fold(discover(paths), playbook, options, on_progress) as acc:
        return aggregate_dict(acc, options)


def _scenario_stats(sid: str, sa: ScenarioAcc, areas: list[str], n: int) -> dict[str, Any]:
    return {
        "scenario": sid,
        "planned": sa.planned,
        **{status: sa.status[status] for status in VERDICTS},
        "total": distribution(sa.values[-1]),
        "areas": [{"area": aid, **distribution(sa.values[i])} for i, aid in enumerate(areas)],
        "top_tasks": top(sa.tasks, n),
        "top_risks": top(sa.risks, n),
        "top_facts": top(sa.facts, n),
    }


def _group_dict(acc: GroupAcc | None, key: str, label: str, hidden: bool, areas: list[str], n: int) -> dict[str, Any]:
    out: dict[str, Any] = {"key": key, "label": label, "suppressed": hidden, "institutions": None, "scenarios": None}
    if not hidden and acc is not None:
        out["institutions"] = acc.institutions
        out["scenarios"] = [_scenario_stats(sid, sa, areas, n) for sid, sa in acc.scenarios.items()]
    return out


def aggregate_dict(acc: Aggregator, options: Options, lazy: bool = False) -> dict[str, Any]:
    """The report of a fold. Its lists of stale and unusable profiles are lists, or with ``lazy``
    :class:`~readiness.rows.Rows` read from the fold's ledger (valid while it is open: what a
    command writes its outputs from, in memory independent of the number of profiles)."""
    pb = acc.playbook
    lang = options.lang or pb.languages[0]
    areas = list(pb.areas)
    national = acc.groups.get(("national", ""))
    counted = national.institutions if national else 0
    stale, errors = (acc.stale, acc.errors) if lazy else (list(acc.stale), list(acc.errors))
    out: dict[str, Any] = {
        "kind": "aggregate", "format_version": FORMAT_VERSION, "generator": f"readiness {__version__}", "lang": lang,
        "playbook": {"id": pb.id, "version": pb.manifest["version"], "title": pick(pb.manifest["title"], lang)},
        "today": options.today.isoformat(), "stale_after_days": options.stale_after,
        "min_group": options.min_group, "top": options.top,
        "totals": {"files": acc.files, "valid": acc.files - len(errors), "invalid": len(errors), "counted": counted,
                   "duplicates_left_out": acc.files - len(errors) - counted, "stale": len(stale)},
        "national": _group_dict(national, "", message("agg.national", lang), counted < options.min_group, areas, options.top),
        "breakdowns": {},
        "stale": stale,
        "duplicates": [{"institution": k, "counted": v[0], "files": v} for k, v in acc.duplicates],
        "errors": errors,
    }
    for name in BREAKDOWNS:
        sizes = {k: g.institutions for (b, k), g in acc.groups.items() if b == name}
        hidden = suppressed_groups(sizes, options.min_group)
        keys = [t for t in TYPES if t in sizes] if name == "type" else sorted(sizes)
        out["breakdowns"][name] = [
            _group_dict(acc.groups[(name, k)], k, _group_label(name, k, lang), k in hidden, areas, options.top) for k in keys]
    out["labels"] = _labels(pb, out, lang)
    return out


def _group_label(breakdown: str, key: str, lang: str) -> str:
    if breakdown == "type":
        return message("type." + key, lang)
    return key or message("agg.no_region", lang)


def _labels(pb: Playbook, report: dict[str, Any], lang: str) -> dict[str, Any]:
    """Titles of every area, scenario, task, risk and fact the report names, in ``lang``."""
    ids: dict[str, set[str]] = {"top_tasks": set(), "top_risks": set(), "top_facts": set()}
    for group in [report["national"], *report["breakdowns"]["region"], *report["breakdowns"]["type"]]:
        for sc in group["scenarios"] or []:
            for key in ids:
                ids[key].update(item["id"] for item in sc[key])
    return {
        "areas": {aid: pick(a["title"], lang) for aid, a in pb.areas.items()},
        "scenarios": {sid: pick(s["title"], lang) for sid, s in pb.scenarios.items()},
        "tasks": {tid: pick(pb.tasks[tid].title, lang) for tid in sorted(ids["top_tasks"])},
        "risks": {rid: pick(pb.risks[rid].title, lang) for rid in sorted(ids["top_risks"])},
        "facts": {f: fact_title(pb, f, lang) for f in sorted(ids["top_facts"])},
    }


def fact_title(pb: Playbook, path: str, lang: str) -> str:
    """A fact's title as the set declares it, in ``lang``; a fact inside a list (rooms.*) keeps its path."""
    fact = pb.facts.get(path)
    return path if fact is not None and fact.in_list else pb.fact_text(path, lang) or path
