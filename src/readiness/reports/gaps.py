"""The gap report: per scenario and area, what is done, open, unmet, unknown."""
from __future__ import annotations

from typing import Any

from ..engine.gaps import AreaGap, GapReport, ScenarioGap
from ..i18n import pick
from .common import derived_values, header, progress_cells, questions, risk_rows, shown_value, state_of, unit_text, verdict_dict


def _area_dict(gap: AreaGap) -> dict[str, Any]:
    return {
        "area": gap.area, "applicable": gap.applicable, "done": gap.done, "waived": gap.waived,
        "open": len(gap.open), "readiness": gap.readiness, "open_tasks": sorted(gap.open),
        "blocking_open": sorted(gap.blocking_open), "unmet_requirements": sorted(gap.unmet),
        "unknown_requirements": sorted(gap.unknown_requirements), "triggered_risks": sorted(gap.risks),
        "unknowns": gap.unknowns,
    }


def _requirement_rows(sg: ScenarioGap, lang: str) -> list[dict[str, Any]]:
    rows = []
    for rid, rs in sorted(sg.assessment.requirements.items()):
        if rs.status == "not_applicable":
            continue
        req = rs.requirement
        rows.append({"id": rid, "title": pick(req.title, lang), "area": req.area, "status": rs.status,
                     "severity": req.severity, "structural": req.structural, "inferred": req.inferred,
                     "value": shown_value(rs.value, req.op, req.threshold), **state_of(rs.value), "op": req.op,
                     "threshold": req.threshold, "unit": unit_text(req.unit, lang), "source": list(req.source)})
    return rows


def gaps_dict(report: GapReport, lang: str) -> dict[str, Any]:
    first = report.scenarios[0].assessment
    out = header("gaps", first, lang)
    out["scenarios"] = []
    for sg in report.scenarios:
        total = _area_dict(sg.total())
        total.pop("area")
        out["scenarios"].append({
            "scenario": sg.scenario,
            "planned": sg.scenario in report.profile.scenarios,
            "status": sg.status,
            "verdict": verdict_dict(sg.verdict, sg.assessment, lang),
            "total": total,
            "areas": [_area_dict(a) for a in sg.areas],
            "requirements": _requirement_rows(sg, lang),
            "risks": risk_rows(sg.assessment, lang),
            "questions": questions(sg.assessment, lang),
            "derived": derived_values(sg.assessment, lang),
        })
    out["tasks"] = _open_task_rows(report, lang)
    return out


def _open_task_rows(report: GapReport, lang: str) -> list[dict[str, Any]]:
    """Every task open in some scenario, in area then id order, with what the profile says of it."""
    pb = report.scenarios[0].assessment.playbook
    rank = {aid: i for i, aid in enumerate(pb.areas)}
    rows: dict[str, dict[str, Any]] = {}
    for sg in report.scenarios:
        for tid in sg.total().open:
            state = sg.assessment.tasks[tid]
            task = state.task
            row = rows.setdefault(tid, {"id": tid, "title": pick(task.title, lang), "area": task.area, "actor": task.actor,
                                        "open_in": [], "status": state.state, "responsible": state.progress.get("responsible"),
                                        "progress": progress_cells(state.progress), "source": list(task.source)})
            row["open_in"].append(sg.scenario)
    return sorted(rows.values(), key=lambda r: (rank[r["area"]], r["id"]))
