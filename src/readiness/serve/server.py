"""Running the app: Waitress (pure Python, runs on Windows too) on the address given."""
from __future__ import annotations

import shutil
import signal
import sys
import tempfile
import threading
import webbrowser
from pathlib import Path
from typing import Any, TextIO

from waitress import create_server

from ..errors import EXIT_OK, usage_error
from ..findings import Msg, text
from .app import create_app
from .text import DEFAULT_LANG


def url_of(host: str, port: int) -> str:
    shown = "127.0.0.1" if host in ("0.0.0.0", "") else f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}/"


def run(playbooks: Path | None, profiles: Path | None, host: str, port: int, open_browser: bool,
        out: TextIO | None = None, lang: str = DEFAULT_LANG) -> int:
    """Serve until interrupted; says the address to open (and opens it with ``open_browser``)."""
    out = out or sys.stdout
    if profiles is not None and profiles.exists() and not profiles.is_dir():
        raise usage_error(str(profiles), "Y001", Msg("Y001.profiles_not_folder", option="--profiles"), Msg("hint.give_profiles"))
    if profiles is not None:
        profiles.mkdir(parents=True, exist_ok=True)   # a new user's first run: the folder saving writes into
    previous = _stop_on_request()
    try:
        scratch = Path(tempfile.mkdtemp(prefix="readiness-serve-"))
        try:
            _serve(create_app(playbooks, profiles, host, scratch, lang), host, port, open_browser, out, lang)
        finally:
            shutil.rmtree(scratch, ignore_errors=True)
    finally:
        for signum, handler in previous.items():  # the caller's own handlers again (a library call changes none)
            signal.signal(signum, handler)
    return EXIT_OK


def _serve(app: Any, host: str, port: int, open_browser: bool, out: TextIO, lang: str) -> None:
    server = create_server(app, host=host, port=port, threads=4, ident="readiness")
    try:
        url = url_of(host, server.effective_port)  # type: ignore[union-attr]
        out.write(f"readiness serve: {text('cli.serve_open', lang, url=url)}\n")
        if host not in ("127.0.0.1", "localhost", "::1"):
            out.write(f"readiness serve: {text('cli.serve_network', lang)}\n")
        out.flush()
        if open_browser:
            threading.Timer(0.5, webbrowser.open, args=(url,)).start()
        server.run()
    except KeyboardInterrupt:
        pass
    finally:
        server.close()


def _stop_on_request() -> dict[int, Any]:
    """A request to stop (a service manager's SIGTERM, a closed terminal's SIGHUP) ends the server
    as Ctrl+C does: the scratch folder, with the profiles visitors uploaded, is removed, not
    left behind in a shared temporary folder. Gives the handlers it replaced."""
    if threading.current_thread() is not threading.main_thread():
        return {}  # signals can only be handled in the main thread (a test's server runs elsewhere)
    previous = {}
    for name in ("SIGTERM", "SIGHUP"):
        if hasattr(signal, name):
            signum = getattr(signal, name)
            previous[signum] = signal.signal(signum, _interrupt)
    return previous


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt
