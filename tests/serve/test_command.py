"""`readiness serve` on the command line: the extra, the address, the folder."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from readiness.cli import main


def test_without_the_extra_it_says_the_one_command_that_installs_it(monkeypatch: pytest.MonkeyPatch) -> None:
    import readiness.serve

    monkeypatch.setattr(readiness.serve, "missing", lambda: ["flask", "waitress"])
    result = CliRunner().invoke(main, ["serve"])
    assert result.exit_code == 2
    assert "pip install 'readiness[serve]'" in result.output and "flask, waitress" in result.output


def test_missing_finds_what_is_not_installed(monkeypatch: pytest.MonkeyPatch) -> None:
    import readiness.serve as web

    assert web.missing() == []
    monkeypatch.setattr(web, "REQUIRED", ("flask", "no_such_module_here", "nosuchpackage.sub"))
    assert web.missing() == ["no_such_module_here", "nosuchpackage.sub"]


def test_help_says_how_to_install_and_where_it_listens() -> None:
    result = CliRunner().invoke(main, ["serve", "--help"])
    assert result.exit_code == 0
    assert "readiness[serve]" in result.output and "127.0.0.1" in result.output and "--profiles" in result.output


def test_a_file_for_the_folder_is_a_usage_error(tmp_path: Path) -> None:
    target = tmp_path / "profiles.yaml"
    target.write_text("x: 1\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["serve", "--profiles", str(target)])
    assert result.exit_code == 2 and "Y001" in result.output and "--profiles must be a folder" in result.output


def test_it_binds_to_localhost_by_default_and_prints_the_address(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from readiness.serve import server

    seen: dict[str, Any] = {}

    class Fake:
        effective_port = 8000

        def run(self) -> None:
            raise KeyboardInterrupt   # Ctrl+C: it stops cleanly

        def close(self) -> None:
            seen["closed"] = True

    def create_server(app: Any, **kw: Any) -> Fake:
        seen.update(kw)
        return Fake()

    monkeypatch.setattr(server, "create_server", create_server)
    folder = tmp_path / "new-folder"
    before = signal.getsignal(signal.SIGTERM)
    result = CliRunner().invoke(main, ["serve", "--profiles", str(folder)])
    assert result.exit_code == 0, result.output
    assert signal.getsignal(signal.SIGTERM) is before   # the caller's handler again, once serving ends
    assert seen["host"] == "127.0.0.1" and seen["port"] == 8000 and seen["closed"]
    assert "http://127.0.0.1:8000/" in result.output
    assert folder.is_dir()   # made on the first run


def test_a_network_address_is_said_with_a_warning(monkeypatch: pytest.MonkeyPatch) -> None:
    from readiness.serve import server

    class Fake:
        effective_port = 8080

        def run(self) -> None:
            raise KeyboardInterrupt

        def close(self) -> None:
            pass

    monkeypatch.setattr(server, "create_server", lambda app, **kw: Fake())
    result = CliRunner().invoke(main, ["serve", "--host", "0.0.0.0", "--port", "8080"])
    assert "http://127.0.0.1:8080/" in result.output and "docs/serve.md" in result.output


def test_a_broken_playbook_set_is_reported_as_the_cli_reports_it(mini_copy: Path) -> None:
    (mini_copy / "tasks.yaml").write_text("tasks: [\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["serve", "--playbooks", str(mini_copy)])
    assert result.exit_code == 1 and "Y003" in result.output


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_a_request_to_stop_removes_the_scratch_folder(tmp_path: Path) -> None:
    """`kill` (SIGTERM, as a service manager stops it) ends the server as Ctrl+C does: the
    folder of uploaded profiles in the shared temporary folder is removed."""
    temp = tmp_path / "tmp"
    temp.mkdir()
    proc = subprocess.Popen([sys.executable, "-m", "readiness.cli", "serve", "--port", "0"], stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True, env={**os.environ, "TMPDIR": str(temp)})
    try:
        line = proc.stdout.readline() if proc.stdout else ""
        assert "http://127.0.0.1:" in line, line
        assert [p.name[:15] for p in temp.iterdir()] == ["readiness-serve"]
        proc.terminate()
        assert proc.wait(timeout=20) == 0
    finally:
        proc.kill()
    assert list(temp.iterdir()) == []


def test_an_app_made_without_a_scratch_folder_removes_its_own(tmp_path: Path) -> None:
    """`create_app()` as a library call (CI's wheel smoke test makes one) makes its own folder
    of uploads in the shared temporary folder: it is removed with the app, not left behind."""
    import gc

    from readiness.serve.app import create_app

    app = create_app()
    scratch = app.extensions["readiness"].scratch
    assert scratch.is_dir() and scratch.name.startswith("readiness-serve-")
    del app
    gc.collect()
    assert not scratch.exists()
