"""Reports as plain data (JSON-ready dicts) in one language; templates render the same dicts."""
from __future__ import annotations

from typing import Any

from . import __version__
from .checklist import Checklist
from .evaluate import DONE, EXTERNAL, WAIVED, Assessment
from .gaps import AreaGap, GapReport, ScenarioGap
from .i18n import fact_text, pick
from .model import SEVERITY_RANK
from .plan import Plan, PlannedTask
from .rules import UNKNOWN

FORMAT_VERSION = 1


def _header(kind: str, assessment: Assessment, lang: str) -> dict[str, Any]:
    pb, profile = assessment.playbook, assessment.profile
    inst = profile.institution
    return {
        "kind": kind,
        "format_version": FORMAT_VERSION,
        "generator": f"readiness {__version__}",
        "lang": lang,
        "playbook": {"id": pb.id, "version": pb.manifest["version"], "title": pick(pb.manifest["title"], lang)},
        "institution": {"id": inst["id"], "name": inst["name"], "type": inst["type"], "region": inst.get("region", "")},
        "profile": profile.file,
        "term_start": profile.term_start.isoformat(),
        "labels": {
            "areas": {aid: pick(a["title"], lang) for aid, a in pb.areas.items()},
            "actors": {aid: pick(a.get("short") or a["title"], lang) for aid, a in sorted(pb.actors.items())},
            "scenarios": {sid: pick(s["title"], lang) for sid, s in pb.scenarios.items()},
        },
    }


def _value(v: Any) -> Any:
    if v is UNKNOWN:
        return None
    if isinstance(v, float):
        return round(v, 2)
    return v


def _unit(unit: str, lang: str) -> str:
    """A playbook's unit (days, min, seats/entrance…) in the report's language, via the catalogue's unit.* keys."""
    from .i18n import catalogue, message

    key = "unit." + unit.replace("/", "_per_")
    return message(key, lang) if unit and key in catalogue() else unit


def derived_values(assessment: Assessment, lang: str) -> list[dict[str, Any]]:
    return [{"id": d.id, "title": pick(d.title, lang), "value": _value(assessment.derived.get(d.id)), "unit": _unit(d.unit, lang)}
            for d in assessment.playbook.derived]


def questions(assessment: Assessment, lang: str) -> list[dict[str, Any]]:
    """Unknown facts, most asked first, as questions for the institution."""
    out = []
    for fact, owners in assessment.questions.items():
        if fact.startswith(("derived.", "params.")):
            continue
        out.append({"fact": fact, "title": fact_text(fact, lang) or fact,
                    "description": fact_text(fact, lang, "help"), "asked_by": sorted(owners)})
    return sorted(out, key=lambda q: (-len(q["asked_by"]), q["fact"]))


def _task(pt: PlannedTask, lang: str, order: int) -> dict[str, Any]:
    task = pt.state.task
    out: dict[str, Any] = {
        "order": order,
        "id": task.id,
        "title": pick(task.title, lang),
        "area": task.area,
        "actor": task.actor,
        "wave": pt.wave,
        "depends_on": list(pt.depends_on),
        "status": pt.state.state,
        "applies": "unknown" if pt.state.applies is UNKNOWN else True,
        "duration": task.duration,
        "start": pt.latest_start.isoformat(),
        "due": pt.latest_finish.isoformat(),
        "flags": list(pt.flags),
        "mitigates": list(pt.mitigates),
        "slack": pt.slack,
        "repeat_days": task.repeat_days,
        "responsible": pt.state.progress.get("responsible"),
        "progress": _progress(pt.state.progress),
        "source": list(task.source),
    }
    return out


def _progress(progress: dict[str, Any]) -> dict[str, str]:
    """What the profile already says about a task, for the columns people fill in."""
    return {k: str(progress[k]) for k in ("date", "evidence", "note") if progress.get(k)}


def _risks(assessment: Assessment, lang: str) -> list[dict[str, Any]]:
    pb = assessment.playbook
    out = []
    for rid in assessment.triggered_risks():
        risk = pb.risks[rid]
        out.append({
            "id": rid, "title": pick(risk.title, lang), "severity": risk.severity, "area": risk.area,
            "mitigated_by": [{"id": t, "status": assessment.tasks[t].state} for t in risk.mitigated_by],
            "source": list(risk.source),
        })
    return sorted(out, key=lambda r: (-SEVERITY_RANK[r["severity"]], r["id"]))


def plan_dict(plan: Plan, lang: str) -> dict[str, Any]:
    a = plan.assessment
    tasks = [_task(t, lang, i + 1) for i, t in enumerate(plan.tasks)]
    states = a.tasks.values()
    out = _header("plan", a, lang)
    out.update({
        "scenario": a.scenario,
        "today": plan.today.isoformat() if plan.today else None,
        "summary": {
            "open": len(tasks),
            "waves": len(plan.waves),
            "done": sum(1 for s in states if s.state == DONE),
            "waived": sum(1 for s in states if s.state == WAIVED),
            "late": sum(1 for t in tasks if "late" in t["flags"]),
            "overdue": sum(1 for t in tasks if "overdue" in t["flags"]),
            "critical": sum(1 for t in tasks if "critical" in t["flags"]),
            "triggered_risks": len(a.triggered_risks()),
            "questions": 0,
            "finish": max((t["due"] for t in tasks), default=None),
        },
        "tasks": tasks,
        "risks": _risks(a, lang),
        "questions": questions(a, lang),
        "derived": derived_values(a, lang),
        "done": sorted(s.task.id for s in states if s.state == DONE),
        "external": [{"id": s.task.id, "title": pick(s.task.title, lang), "actor": s.task.actor}
                     for s in sorted(states, key=lambda s: s.task.id) if s.state == EXTERNAL],
        "waived": [{"id": s.task.id, "reason": s.waiver.get("reason", "")} for s in sorted(states, key=lambda s: s.task.id) if s.state == WAIVED],
    })
    out["summary"]["questions"] = len(out["questions"])
    return out


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
                     "value": _value(rs.value), "op": req.op, "threshold": req.threshold, "unit": _unit(req.unit, lang),
                     "source": list(req.source)})
    return rows


def gaps_dict(report: GapReport, lang: str) -> dict[str, Any]:
    first = report.scenarios[0].assessment
    out = _header("gaps", first, lang)
    out["scenarios"] = []
    for sg in report.scenarios:
        total = _area_dict(sg.total())
        total.pop("area")
        out["scenarios"].append({
            "scenario": sg.scenario,
            "planned": sg.scenario in report.profile.scenarios,
            "status": sg.status,
            "total": total,
            "areas": [_area_dict(a) for a in sg.areas],
            "requirements": _requirement_rows(sg, lang),
            "risks": _risks(sg.assessment, lang),
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
                                        "progress": _progress(state.progress), "source": list(task.source)})
            row["open_in"].append(sg.scenario)
    return sorted(rows.values(), key=lambda r: (rank[r["area"]], r["id"]))


def checklist_dict(checklist: Checklist, lang: str) -> dict[str, Any]:
    plan = checklist.plan
    out = _header("checklist", plan.assessment, lang)
    actor = plan.assessment.playbook.actors[checklist.role]
    out.update({
        "scenario": plan.assessment.scenario,
        "today": plan.today.isoformat() if plan.today else None,
        "role": {"id": checklist.role, "title": pick(actor["title"], lang), "short": pick(actor.get("short"), lang)},
        "items": [],
    })
    order = {t.id: i + 1 for i, t in enumerate(plan.tasks)}
    for item in checklist.items:
        task = _task(item.task, lang, order[item.task.id])
        task["owner"] = item.owner
        task["steps"] = [{"text": pick(s.text, lang), "source": list(s.source)} for s in item.steps]
        out["items"].append(task)
    return out

