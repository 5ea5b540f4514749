"""The results of the current profile: the scenarios side by side, the plan (with this week),
the gap report, the checklist per role, why a task is in the plan, and every download."""
from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from flask import Blueprint, Response, abort, g, redirect, render_template, request, url_for

from ..engine.checklist import checklist_from
from ..engine.plan import Plan, make_plan
from ..errors import UsageError
from ..i18n import pick
from ..model import Profile
from ..render.formats import FORMATS, formats_for
from ..render.registry import render
from ..reports import build_report
from ..reports.checklist import checklist_dict
from ..reports.explain import explain_task
from ..reports.plan import plan_dict
from .app import attachment, server, workspace
from .form import field_for_fact
from .text import status_word, t

blueprint = Blueprint("results", __name__)
KINDS = ("plan", "gaps", "checklist")
WEEK = 7


def _profile() -> Profile | None:
    srv, ws = server(), workspace()
    with ws.lock:
        checked = ws.check(srv.playbook, srv.scratch)
    if checked.profile is None or checked.errors or not ws.touched:
        ws.notice = ("error", "results.fix_first", {})
        return None
    return checked.profile


def _today() -> date:
    return workspace().today or date.today()


def _scenario(name: str) -> str:
    try:
        return server().playbook.resolve_scenario(name)
    except UsageError:
        abort(404)


def _role(name: str) -> str:
    try:
        return server().playbook.resolve_role(name)
    except UsageError:
        abort(404)


def _named(data: dict[str, Any]) -> dict[str, Any]:
    """The report names the profile as the user knows it, not by the server's scratch file."""
    data["profile"] = workspace().name
    return data


def _back_to_form() -> Response:
    return redirect(url_for("pages.profile") + "#summary", 303)


@blueprint.get("/results")
def overview() -> Any:
    profile = _profile()
    if profile is None:
        return _back_to_form()
    data = _named(build_report("gaps", server().playbook, profile, g.lang, today=_today()))
    data.setdefault("today", _today().isoformat())
    cards = [_card(s, data) for s in data["scenarios"]]
    return render_template("results.html", title=t("results.title", g.lang), d=data, cards=cards)


def _card(scenario: dict[str, Any], data: dict[str, Any]) -> dict[str, Any]:
    """One scenario's verdict and what blocks it, from the gap report (its ``verdict`` where the
    engine gives one: blockers, facts it waits for)."""
    pb = server().playbook
    total = scenario["total"]
    verdict = scenario.get("verdict") if isinstance(scenario.get("verdict"), dict) else {}
    status = str(verdict.get("status") or scenario["status"])
    blockers = [{"id": b.get("id"), "title": b.get("title", b.get("id")), "kind": b.get("kind", "task")}
                for b in verdict.get("blockers", [])] if verdict else [
        {"id": tid, "title": pick(pb.tasks[tid].title, g.lang), "kind": "task"} for tid in total["blocking_open"]]
    unmet = [r for r in scenario["requirements"] if r["status"] == "unmet"]
    asked = verdict.get("pending") if verdict else None
    questions = [{"fact": q["fact"], "title": q["title"], "field": field_for_fact(server().playbook, q["fact"])}
                 for q in (asked if asked is not None else scenario["questions"])]
    return {"id": scenario["scenario"], "title": data["labels"]["scenarios"][scenario["scenario"]],
            "planned": scenario["planned"], "status": status, "status_word": status_word(status, g.lang),
            "readiness": total["readiness"], "open": total["open"], "done": total["done"], "applicable": total["applicable"],
            "blockers": blockers, "unmet": [r for r in unmet if not any(b["id"] == r["id"] for b in blockers)],
            "questions": questions, "risks": scenario["risks"], "late_by": verdict.get("late_by") if verdict else None,
            "waived": verdict.get("waived", []) if verdict else []}


def _plan(scenario: str, profile: Profile) -> Plan:
    return make_plan(server().playbook, profile, scenario, _today())


@blueprint.get("/plan/<scenario>")
def plan(scenario: str) -> Any:
    sid = _scenario(scenario)
    profile = _profile()
    if profile is None:
        return _back_to_form()
    data = _named(plan_dict(_plan(sid, profile), g.lang))
    for q in data["questions"]:
        q["field"] = field_for_fact(server().playbook, q["fact"])
    return render_template("plan.html", title=t("plan.title", g.lang), d=data, week=this_week(data["tasks"], _today()),
                           downloads=_downloads("plan", scenario=sid))


def this_week(tasks: list[dict[str, Any]], today: date) -> list[dict[str, Any]]:
    """The open tasks to work on in the coming seven days: overdue first, then by latest start."""
    horizon = (today + timedelta(days=WEEK - 1)).isoformat()
    chosen = [task for task in tasks if task["start"] <= horizon or "overdue" in task["flags"]]
    return sorted(chosen, key=lambda task: ("overdue" not in task["flags"], task["start"], task["order"]))


@blueprint.get("/gaps")
def gaps() -> Any:
    profile = _profile()
    if profile is None:
        return _back_to_form()
    data = _named(build_report("gaps", server().playbook, profile, g.lang, today=_today()))
    data.setdefault("today", _today().isoformat())
    return render_template("gaps.html", title=t("gaps.title", g.lang), d=data, downloads=_downloads("gaps"))


@blueprint.get("/checklist/<scenario>")
def checklist(scenario: str) -> Any:
    sid = _scenario(scenario)
    profile = _profile()
    if profile is None:
        return _back_to_form()
    pb = server().playbook
    made = _plan(sid, profile)
    roles = [(aid, pick(a.get("short") or a["title"], g.lang), pick(a["title"], g.lang), len(checklist_from(made, aid).items))
             for aid, a in pb.actors.items() if a.get("kind") == "institution"]
    role = _role(request.args["role"]) if request.args.get("role") else next((r[0] for r in roles if r[3]), roles[0][0])
    data = _named(checklist_dict(checklist_from(made, role), g.lang))
    return render_template("checklist.html", title=t("checklist.title", g.lang), d=data, roles=roles, role=role,
                           downloads=_downloads("checklist", scenario=sid, role=role))


@blueprint.get("/explain/<scenario>/<task>")
def explain(scenario: str, task: str) -> Any:
    sid = _scenario(scenario)
    if task not in server().playbook.tasks:
        abort(404)
    profile = _profile()
    if profile is None:
        return _back_to_form()
    data = _named(explain_task(_plan(sid, profile), task, g.lang))
    return render_template("explain.html", title=t("explain.title", g.lang), d=data)


def _downloads(kind: str, **options: str) -> list[tuple[str, str, str]]:
    """(format, its name, link) of every format the kind has, as the render registry lists them."""
    return [(fmt, FORMATS[fmt].description, url_for("results.download", kind=kind, fmt=fmt, **options))
            for fmt in formats_for(kind)]


@blueprint.get("/download/<kind>.<fmt>")
def download(kind: str, fmt: str) -> Any:
    if kind not in KINDS or fmt not in formats_for(kind):
        abort(404)
    options: dict[str, Any] = {"today": _today()}
    if kind != "gaps":
        options["scenario"] = _scenario(request.args.get("scenario", ""))
    if kind == "checklist":
        options["role"] = _role(request.args.get("role", ""))
    profile = _profile()
    if profile is None:
        return _back_to_form()
    data = _named(build_report(kind, server().playbook, profile, g.lang, **options))
    content = render(kind, fmt, data)
    body = content.encode("utf-8") if isinstance(content, str) else content
    name = "-".join(str(p) for p in (kind, data["institution"]["id"], options.get("scenario"), options.get("role")) if p)
    return Response(body, mimetype=_MIME.get(fmt, "application/octet-stream"),
                    headers={"Content-Disposition": attachment(name + FORMATS[fmt].suffixes[0])})


_MIME = {"md": "text/markdown; charset=utf-8", "json": "application/json", "html": "text/html; charset=utf-8",
         "csv": "text/csv; charset=utf-8", "ics": "text/calendar; charset=utf-8",
         "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
