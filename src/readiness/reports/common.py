"""What every report shares: the header, values and units in the reader's language, task rows,
triggered risks, derived values and the questions for the institution."""
from __future__ import annotations

from typing import Any

from .. import __version__
from ..engine.evaluate import Assessment
from ..engine.plan import PlannedTask
from ..i18n import catalogue, fact_text, message, pick
from ..model import SEVERITY_RANK
from ..rules import UNKNOWN

FORMAT_VERSION = 1


def header(kind: str, assessment: Assessment, lang: str) -> dict[str, Any]:
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


def value(v: Any) -> Any:
    if v is UNKNOWN:
        return None
    if isinstance(v, float):
        return round(v, 2)
    return v


def unit_text(unit: str, lang: str) -> str:
    """A playbook's unit (days, min, seats/entrance…) in the report's language, via the catalogue's unit.* keys."""
    key = "unit." + unit.replace("/", "_per_")
    return message(key, lang) if unit and key in catalogue() else unit


def derived_values(assessment: Assessment, lang: str) -> list[dict[str, Any]]:
    return [{"id": d.id, "title": pick(d.title, lang), "value": value(assessment.derived.get(d.id)), "unit": unit_text(d.unit, lang)}
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


def task_row(pt: PlannedTask, lang: str, order: int) -> dict[str, Any]:
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
        "progress": progress_cells(pt.state.progress),
        "source": list(task.source),
    }
    return out


def progress_cells(progress: dict[str, Any]) -> dict[str, str]:
    """What the profile already says about a task, for the columns people fill in."""
    return {k: str(progress[k]) for k in ("date", "evidence", "note") if progress.get(k)}


def risk_rows(assessment: Assessment, lang: str) -> list[dict[str, Any]]:
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
