"""What every report shares: the header, values and units in the reader's language, task rows,
triggered risks, derived values and the questions for the institution."""
from __future__ import annotations

from typing import Any

import math

from .. import __version__
from ..engine.evaluate import Assessment
from ..engine.plan import PRIORITIES, PlannedTask
from ..engine.verdict import Verdict
from ..i18n import catalogue, message, pick
from ..model import SEVERITY_RANK
from ..rules import UNKNOWN, has_unknown, lookup
from ..rules.bounds import Bounds

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
    """A rule value as JSON: not known (UNKNOWN, partly known, infinite) is null."""
    if v is UNKNOWN or has_unknown(v):
        return None
    if isinstance(v, float):
        return None if math.isinf(v) or math.isnan(v) else round(v, 2)
    if isinstance(v, list):
        return [value(x) for x in v]
    return v


def shown_value(v: Any, op: str, threshold: Any) -> Any:
    """A measured value rounded as little as needed for the comparison with the threshold to
    read as the status says: 1.499 against ">= 1.5" shows 1.499, never 1.5."""
    if not isinstance(v, float) or isinstance(threshold, bool) or math.isinf(v) or math.isnan(v):
        return value(v)
    exact = _OPS[op](v, threshold)
    for digits in (2, 3, 4, 6):
        if _OPS[op](round(v, digits), threshold) == exact:
            return round(v, digits)
    return v


_OPS = {">=": lambda a, b: a >= b, "<=": lambda a, b: a <= b, ">": lambda a, b: a > b,
        "<": lambda a, b: a < b, "==": lambda a, b: a == b}


def state_of(v: Any) -> dict[str, Any]:
    """What a report says of a value beyond its number: partly known (bounds), or impossible (∞)."""
    if isinstance(v, Bounds):
        return {"bounds": [value(v.lo) if not math.isinf(v.lo) else None, value(v.hi) if not math.isinf(v.hi) else None]}
    if isinstance(v, float) and math.isinf(v):
        return {"infinite": True}
    return {}


def unit_text(unit: str, lang: str) -> str:
    """A playbook's unit (days, min, seats/entrance…) in the report's language, via the catalogue's unit.* keys."""
    key = "unit." + unit.replace("/", "_per_")
    return message(key, lang) if unit and key in catalogue() else unit


def derived_values(assessment: Assessment, lang: str) -> list[dict[str, Any]]:
    """The scenario's derived values with the arithmetic behind them: the method in words, what
    it reads (facts, parameters, other derived values) and, for a value per room or group, each item."""
    out = []
    ctx = assessment.context
    for d in assessment.playbook.derived:
        if assessment.scenario not in d.scenarios:
            continue
        v = assessment.derived.get(d.id)
        per_item = [p for p in d.rule.paths if d.over and p.startswith(d.over + ".")]
        row: dict[str, Any] = {"id": d.id, "title": pick(d.title, lang), "value": value(v), **state_of(v),
                               "unit": unit_text(d.unit, lang), "method": pick(d.method, lang), "inferred": d.inferred,
                               "inputs": [{"name": p, "title": _input_title(assessment, p, lang), "value": value(_input(assessment, p))}
                                          for p in d.rule.paths if p not in per_item and not _field_of_no_list(assessment, p)]}
        if d.over:
            row["columns"] = [{"name": p[len(d.over) + 1:], "title": assessment.playbook.fact_text(p, lang) or p} for p in per_item]
            row["per_item"] = _items(ctx, d.over, v, per_item)
        out.append(row)
    return out


def _field_of_no_list(assessment: Assessment, path: str) -> bool:
    """A list, or a field of a list's items, where the profile gives no list: the method says what is taken
    instead (a value "unknown" per field would read as a question nobody needs to answer)."""
    fact = assessment.playbook.facts.get(path)
    if fact is None or not (fact.in_list or fact.type == "list"):
        return False
    the_list = path if fact.type == "list" else fact.parent
    return not isinstance(lookup(assessment.context, the_list.split(".")), list)


def _input_title(assessment: Assessment, path: str, lang: str) -> str:
    """A fact, parameter or derived value by its title in the reader's language."""
    kind, _, name = path.partition(".")
    if kind == "params":
        return pick(assessment.playbook.param_titles.get(name), lang) or path
    if kind == "derived":
        return next((pick(d.title, lang) for d in assessment.playbook.derived if d.id == name), path)
    return assessment.playbook.fact_text(path, lang) or path


def _input(assessment: Assessment, path: str) -> Any:
    if path.startswith("derived."):
        return assessment.derived.get(path[len("derived."):], UNKNOWN)
    return lookup(assessment.context, path.split("."))


def _items(ctx: dict[str, Any], over: str, v: Any, paths: list[str]) -> list[dict[str, Any]]:
    """One row per item of the list a derived value follows (named by the item's id or name),
    with the item's own facts the value is computed from."""
    entries = ctx.get(over)
    if not isinstance(entries, list):
        return []
    values = v if isinstance(v, list) and len(v) == len(entries) else [v] * len(entries)
    rows = []
    for i, (entry, x) in enumerate(zip(entries, values)):
        entry = entry if isinstance(entry, dict) else {}
        facts = {p[len(over) + 1:]: value(entry.get(p[len(over) + 1:], UNKNOWN) if entry.get(p[len(over) + 1:]) is not None else UNKNOWN)
                 for p in paths}
        rows.append({"item": str(entry.get("id") or entry.get("name") or i + 1), "value": value(x), "facts": facts})
    return rows


def questions(assessment: Assessment, lang: str) -> list[dict[str, Any]]:
    """Unknown facts, most asked first, as questions for the institution."""
    out = []
    for fact, owners in assessment.questions.items():
        if fact.startswith(("derived.", "params.")):
            continue
        out.append({"fact": fact, "title": assessment.playbook.fact_text(fact, lang) or fact,
                    "description": assessment.playbook.fact_text(fact, lang, "help"), "asked_by": sorted(owners)})
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
        "priority": PRIORITIES[pt.priority],
        "projected_start": pt.earliest_start.isoformat() if pt.earliest_start else None,
        "projected_finish": pt.earliest_finish.isoformat() if pt.earliest_finish else None,
        "late_by": pt.late_by,
        "blocking": task.blocking,
        "inferred": task.inferred,
        "unmet_requirements": list(pt.state.unmet),
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


def verdict_dict(v: Verdict, assessment: Assessment, lang: str) -> dict[str, Any]:
    """A scenario's verdict in the reader's language: what blocks it, what is late, what is asked."""
    pb = assessment.playbook
    titles = {"task": pb.tasks, "requirement": pb.requirements, "risk": pb.risks}
    return {
        "status": v.status,
        "late_by": v.late_by,
        "blockers": [{"kind": b.kind, "id": b.id, "title": pick(titles[b.kind][b.id].title, lang), "reason": b.reason,
                      "fixed_by": list(b.fixed_by), "finish": b.finish.isoformat() if b.finish else None, "late_by": b.late_by}
                     for b in v.blockers],
        "pending": [{"fact": f, "title": pb.fact_text(f, lang) or f} for f in v.pending],
        "required": [{"id": r, "title": pick(pb.requirements[r].title, lang)} for r in v.required],
        "advice": [{"id": r, "title": pick(pb.requirements[r].title, lang)} for r in v.advice],
        "waived": [{"id": t, "title": pick(pb.tasks[t].title, lang), "reason": str(assessment.tasks[t].waiver.get("reason", ""))}
                   for t in v.waived],
    }
