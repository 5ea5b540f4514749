"""The web app: the profile form and the results pages over the library (Flask).

Everything a browser's session holds stays on the server (:class:`workspace.Store`); the
browser keeps a random session id and its language in two cookies. Every form carries a
CSRF token; every page is drawn by Jinja2 with autoescaping (``.html`` templates).
"""
from __future__ import annotations

import re
import shutil
import tempfile
import weakref
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from urllib.parse import quote, urlencode, urlsplit

from flask import Flask, Response, abort, current_app, g, render_template, request
from werkzeug.exceptions import HTTPException

from ..i18n import format_date, pick
from ..io.files import MAX_BYTES
from ..load.cache import load_cached_playbook
from ..model import Playbook
from ..resources import default_playbook, templates_dir
from .edit import get
from .form import Section, sections
from .text import DEFAULT_LANG, language, status_word, t
from .view import anchor
from .workspace import Csrf, Store, Workspace, new_session_id, new_workspace

SESSION_COOKIE, LANG_COOKIE = "readiness_session", "readiness_lang"
LOOPBACK = ("127.0.0.1", "localhost", "::1")


@dataclass
class Server:
    """What every request shares: the playbook set, the folder of profiles, the sessions."""

    playbook: Playbook
    set_dir: Path
    profiles: Path | None
    scratch: Path
    store: Store
    csrf: Csrf
    hosts: tuple[str, ...] | None   # the Host names a request may carry; None: any (a LAN binding)
    lang: str = DEFAULT_LANG        # the pages' language until a visitor chooses one (serve --lang, else the CLI's choice)


def create_app(playbooks: Path | None = None, profiles: Path | None = None, host: str = "127.0.0.1",
               scratch: Path | None = None, lang: str = DEFAULT_LANG) -> Flask:
    """The app for one playbook set (loaded now: a broken set fails here, as the CLI does)."""
    set_dir = playbooks or default_playbook()
    playbook = load_cached_playbook(set_dir)
    owned = scratch is None
    scratch = scratch or Path(tempfile.mkdtemp(prefix="readiness-serve-"))
    server = Server(playbook, set_dir, profiles, scratch, Store(), Csrf(), LOOPBACK if host in LOOPBACK else None, lang)
    app = Flask(__name__, template_folder=str(templates_dir() / "serve"),
                static_folder=str(templates_dir() / "serve" / "static"), static_url_path="/static")
    app.config.update(
        MAX_CONTENT_LENGTH=MAX_BYTES + 2**20,   # an upload as large as the CLI reads, and the form around it
        MAX_FORM_MEMORY_SIZE=16 * 2**20, MAX_FORM_PARTS=200_000,   # every table at its bound, not unbounded
        TEMPLATES_AUTO_RELOAD=False,
    )
    app.extensions["readiness"] = server
    if owned:  # the app's own folder of uploads: removed with the app, or when the process ends
        weakref.finalize(app, shutil.rmtree, scratch, True)
    app.before_request(_before)
    app.after_request(_after)
    app.register_error_handler(HTTPException, _http_error)
    app.context_processor(_globals)
    from . import pages, results   # the routes; they import this module for its helpers

    app.register_blueprint(pages.blueprint)
    app.register_blueprint(results.blueprint)
    return app


def server() -> Server:
    return current_app.extensions["readiness"]  # type: ignore[no-any-return]


def _before() -> None:
    srv = server()
    if srv.hosts is not None and urlsplit("//" + request.host).hostname not in srv.hosts:
        abort(400)   # another name resolving to this machine: a DNS-rebinding page, not our user
    g.lang = language(request.args.get("lang")) or language(request.cookies.get(LANG_COOKIE)) or server().lang
    g.sid = request.cookies.get(SESSION_COOKIE)
    ws = srv.store.get(g.sid)
    if ws is None:
        g.sid, ws = new_session_id(), new_workspace()
        srv.store.put(g.sid, ws)
        g.new_session = True
    g.ws = ws
    if request.method == "POST" and not srv.csrf.valid(request.cookies.get(SESSION_COOKIE),
                                                      request.form.get("csrf") or request.headers.get("X-CSRF-Token")):
        abort(403)


def _after(response: Response) -> Response:
    if getattr(g, "new_session", False):
        response.set_cookie(SESSION_COOKIE, g.sid, httponly=True, samesite="Lax")
    if request.args.get("lang") and language(request.args.get("lang")):
        response.set_cookie(LANG_COOKIE, g.lang, max_age=365 * 86400, samesite="Lax")
    response.headers.setdefault("Content-Security-Policy",
                                "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
                                "frame-ancestors 'none'; form-action 'self'")
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "no-referrer")
    return response


def _http_error(exc: HTTPException) -> tuple[str, int]:
    key = {400: "error.400", 403: "error.403", 404: "error.404", 405: "error.405", 413: "error.413"}.get(exc.code or 500, "error.other")
    if not hasattr(g, "lang"):
        g.lang = DEFAULT_LANG
    limit = MAX_BYTES // 2**20
    return render_template("error.html", title=t("error.title", g.lang), message=t(key, g.lang, limit=limit),
                           code=exc.code), exc.code or 500


def _globals() -> dict[str, Any]:
    lang = getattr(g, "lang", DEFAULT_LANG)
    srv = server()
    sid = getattr(g, "sid", None)
    return {
        "lang": lang,
        "languages": (("ky", "Кыргызча"), ("ru", "Русский"), ("en", "English")),
        "t": lambda key, **fields: t(key, lang, **fields),
        "status_word": lambda status: status_word(status, lang),
        "value_word": lambda value: _value_word(value, lang),
        "fmt_date": lambda value: format_date(value, lang) if value else "",
        "csrf": srv.csrf.token(sid) if sid else "",
        "ws": getattr(g, "ws", None),
        "anchor": anchor,
        "lang_url": _lang_url,
        "institution_name": _institution_name(),
        "playbook_title": pick(srv.playbook.manifest.get("title"), lang),
        "profiles_dir": srv.profiles,
    }


def _value_word(value: Any, lang: str) -> str:
    """A value as the reports show it: yes or no for a boolean, a dash for none."""
    if isinstance(value, bool):
        return t("label.yes" if value else "label.no", lang)
    return "—" if value is None else str(value)


def _lang_url(code: str) -> str:
    """This page in another language (its other query arguments kept)."""
    args = request.args.to_dict()
    args["lang"] = code
    return request.path + "?" + urlencode(args)


def _institution_name() -> str:
    ws = getattr(g, "ws", None)
    name = get(ws.doc, ("institution", "name")) if ws is not None else None
    return name if isinstance(name, str) else ""


def attachment(name: str) -> str:
    """A Content-Disposition for a download: an ASCII name, and the real one (RFC 6266) for
    names in Kyrgyz or Russian; quotes or line breaks in a name cannot reach the header."""
    plain = re.sub(r"[^A-Za-z0-9._-]", "_", name).strip("._") or "download"
    return f"attachment; filename=\"{plain}\"; filename*=UTF-8''{quote(name, safe='')}"


def workspace() -> Workspace:
    return g.ws  # type: ignore[no-any-return]


def form_sections() -> tuple[Section, ...]:
    return sections(server().playbook, g.lang)
