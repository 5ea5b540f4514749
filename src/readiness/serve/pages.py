"""The profile's routes: start, open, the form, check, save, download."""
from __future__ import annotations

import re
from dataclasses import asdict
from datetime import date
from typing import Any

from flask import Blueprint, Response, g, jsonify, redirect, render_template, request, url_for

from ..errors import ERROR
from ..i18n import pick
from .app import LANG_COOKIE, attachment, form_sections, server, workspace
from .edit import MAX_ROWS, apply, drop_unknown, get
from .form import Section, key_order
from .place import TOP, Note, place, tokens
from .printcss import print_css
from .text import language, t
from .view import Group, anchor, build
from .workspace import OpenError, SaveError, Workspace, listing, new_workspace, open_bytes, open_listed, save

blueprint = Blueprint("pages", __name__)
_ACTION = re.compile(r"^(check|save|download|results|add:[a-z_]+|remove:[a-z_]+:\d{1,5}|lang:[a-z]{2}|drop:/\S{1,300}|track:[a-z0-9][a-z0-9._-]{0,120})$")


@blueprint.get("/")
def home() -> str:
    srv = server()
    return render_template("home.html", title=t("home.title", g.lang), files=listing(srv.profiles),
                           playbook=srv.playbook, has_profile=workspace().touched)


@blueprint.post("/new")
def new() -> Response:
    _replace(new_workspace())
    return redirect(url_for("pages.profile"), 303)


@blueprint.post("/open")
def open_file() -> Any:
    srv = server()
    try:
        if "name" in request.form:
            ws = open_listed(srv.profiles, request.form["name"], srv.scratch, srv.playbook)
        else:
            upload = request.files.get("file")
            if upload is None or not upload.filename:
                raise OpenError([], "open.no_file")
            ws = open_bytes(upload.read(), _label(upload.filename), srv.scratch, srv.playbook)
    except OpenError as exc:
        return _refused(exc), 422
    _replace(ws)
    return redirect(url_for("pages.profile"), 303)


def _label(filename: str) -> str:
    """The uploaded file's name as findings show it: its last part, never a path."""
    return re.split(r"[\\/]", filename)[-1][:120] or "profile.yaml"


def _refused(exc: OpenError) -> str:
    srv = server()
    return render_template("home.html", title=t("home.title", g.lang), files=listing(srv.profiles), playbook=srv.playbook,
                           has_profile=workspace().touched, refused=t(exc.reason, g.lang),
                           findings=[(d.line, d.col, d.code, d.message_in(g.lang), d.hint_in(g.lang)) for d in exc.findings])


def _replace(ws: Workspace) -> None:
    server().store.put(g.sid, ws)
    g.ws = ws


@blueprint.get("/profile")
def profile() -> str:
    ws = workspace()
    with ws.lock:
        groups, notes, checked = _form(ws)
        notice, ws.notice = ws.notice, None
    if notice:
        notice = (notice[0], t(notice[1], g.lang, **notice[2]))
    errors = sum(1 for n in _all(notes) if n.severity == ERROR)
    return render_template("profile.html", title=t("form.title", g.lang), groups=groups, top=notes.get(TOP, []),
                           errors=errors, summary=_summary(groups), notice=notice, tasks=_tasks(),
                           unsaved=checked.text != ws.original, can_save=server().profiles is not None)


def _form(ws: Workspace) -> tuple[list[Group], dict[str, list[Note]], Any]:
    srv = server()
    secs = form_sections()
    checked = ws.check(srv.playbook, srv.scratch)
    notes = place(checked.findings, secs, ws.doc, g.lang) if ws.touched else {}
    for name, key in ws.pending.errors.items():
        notes.setdefault(name, []).append(Note(ERROR, "", t(key, g.lang), ""))
    return build(ws.doc, secs, ws.pending, notes), notes, checked


def _summary(groups: list[Group]) -> list[tuple[str, str, Note]]:
    """Every finding with a link to its input (or section, or table row), in form order."""
    out = []
    for group in groups:
        out += [(f"s-{group.section.id}", group.section.label, n) for n in group.notes]
        out += [(i.id, i.field.label, n) for i in group.inputs for n in i.notes]
        for r, row in enumerate(group.rows):
            where = f"{group.section.label}, {t('form.row', g.lang, n=r + 1)}"
            out += [(anchor(f"{group.section.id}.{r}"), where, n) for n in group.row_notes[r]]
            out += [(c.id, f"{where}: {c.field.label}", n) for c in row for n in c.notes]
    return out


def _all(notes: dict[str, list[Note]]) -> list[Note]:
    return [n for group in notes.values() for n in group]


def _tasks() -> list[tuple[str, str]]:
    return [(tid, pick(task.title, g.lang)) for tid, task in sorted(server().playbook.tasks.items())]


@blueprint.post("/profile")
def profile_post() -> Any:
    ws = workspace()
    action = request.form.get("action", "check")
    if not _ACTION.match(action):
        action = "check"
    with ws.lock:
        _apply(ws, action)
        if action == "download":
            return _yaml_response(ws)
        if action == "save":
            _save(ws)
        if action == "results" and not ws.check(server().playbook, server().scratch).errors:
            return redirect(url_for("results.overview"), 303)
    response = redirect(url_for("pages.profile") + _anchor(action), 303)
    if action.startswith("lang:") and language(action[5:]):
        response.set_cookie(LANG_COOKIE, action[5:], max_age=365 * 86400, samesite="Lax")
    return response


def _apply(ws: Workspace, action: str) -> None:
    secs = form_sections()
    parts = action.split(":", 2)
    remove = (parts[1], int(parts[2])) if parts[0] == "remove" else None
    order = key_order(secs)
    ws.pending = apply(ws.doc, secs, request.form, order, ws.pending, remove)
    table = next((s for s in secs if s.id == parts[1] and s.kind != "fields"), None) if parts[0] == "add" else None
    if table is not None and _rows_of(ws, table) < (table.max_rows or MAX_ROWS):
        ws.pending.rows.setdefault(table.id, []).append({})
    if parts[0] == "drop":
        drop_unknown(ws.doc, tokens(parts[1]), order)
    if parts[0] == "track":
        _track(ws, parts[1])
    ws.changed()


def _rows_of(ws: Workspace, table: Section) -> int:
    items = get(ws.doc, table.path)
    return (len(items) if isinstance(items, (list, dict)) else 0) + len(ws.pending.rows.get(table.id, []))


def _track(ws: Workspace, task_id: str) -> None:
    """A progress row for a task, from its plan or explanation (one already there is kept)."""
    entries = get(ws.doc, ("progress",))
    known = set(entries) if isinstance(entries, dict) else set()
    pending = ws.pending.rows.setdefault("progress", [])
    if task_id in server().playbook.tasks and task_id not in known and all(r.get("task") != task_id for r in pending):
        pending.append({"task": task_id})


def _anchor(action: str) -> str:
    parts = action.split(":")
    if parts[0] == "track":
        return "#s-progress"
    return f"#s-{parts[1]}" if parts[0] in ("add", "remove") else "#summary" if parts[0] in ("check", "save", "results") else ""


def _save(ws: Workspace) -> None:
    srv = server()
    try:
        name = save(ws, srv.profiles, ws.check(srv.playbook, srv.scratch))
    except SaveError as exc:
        ws.notice = ("error", exc.reason, exc.fields)
        return
    ws.notice = ("ok", "save.done", {"name": name, "folder": str(srv.profiles)})


@blueprint.post("/profile/check")
def check() -> Response:
    """Validation as you go: the form applied (kept in the session) and its findings by input."""
    ws = workspace()
    with ws.lock:
        _apply(ws, "check")
        groups, notes, checked = _form(ws)
        sent = ws.pending.sent
    placed = {_renumber(name, sent): [asdict(n) for n in group] for name, group in notes.items()}
    return jsonify(notes=placed, errors=len(checked.errors))


def _renumber(name: str, sent: dict[str, list[int]]) -> str:
    """A cell's name on the page that was sent (blank rows it had are not in the profile)."""
    parts = name.split(".")
    if len(parts) >= 2 and parts[0] in sent and parts[1].isdigit() and int(parts[1]) < len(sent[parts[0]]):
        parts[1] = str(sent[parts[0]][int(parts[1])])
    return ".".join(parts)


@blueprint.get("/profile.yaml")
def download() -> Response:
    ws = workspace()
    with ws.lock:
        return _yaml_response(ws)


def _yaml_response(ws: Workspace) -> Response:
    return Response(ws.text().encode("utf-8"), mimetype="application/yaml", headers={"Content-Disposition": attachment(ws.name)})


@blueprint.post("/asof")
def as_of() -> Response:
    ws = workspace()
    with ws.lock:
        try:
            ws.today = date.fromisoformat(request.form.get("today", ""))
        except ValueError:
            ws.today = None
    back = request.form.get("back", "")
    return redirect(back if _LOCAL.match(back) else url_for("results.overview"), 303)


_LOCAL = re.compile(r"^/(?![/\\])[^\s\\]*$")   # a path of this site: never //host or /\host


@blueprint.get("/report.css")
def report_css() -> Response:
    return Response(print_css(g.lang), mimetype="text/css")

