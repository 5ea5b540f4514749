"""Signals (issue 15): SIGTERM and Ctrl-C leave no temporary file and no worker behind; Ctrl-C
exits 130, SIGTERM 143; workers die with their parent, even when it is killed outright."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Callable

import pytest

from hostile import MINI, child_env

PROFILE = MINI / "examples" / "college.yaml"

# the CLI in a child, slowed where the test needs it to be caught in the act
SLOW_WRITE = """
import os, sys, time
real = os.fsync
def slow(fd):
    time.sleep(60)
    real(fd)
os.fsync = slow
from readiness.cli import main
sys.argv = ["readiness", *sys.argv[1:]]
main()
"""
SLOW_WORKERS = """
import sys, time
import readiness.engine.aggregate as agg
real = agg.summarize
def slow(path, playbook):
    time.sleep(0.5)
    return real(path, playbook)
agg.summarize = slow
from readiness.cli import main
sys.argv = ["readiness", *sys.argv[1:]]
main()
"""


def start(script: str, args: list[object]) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-c", script, *map(str, args)], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, env=child_env(), start_new_session=True)


def wait_for(condition: Callable[[], object], seconds: float = 30) -> object:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        found = condition()
        if found:
            return found
        time.sleep(0.05)
    pytest.fail("timed out")


def children(pid: int) -> list[int]:
    try:
        return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.parametrize("signum, code", [(signal.SIGTERM, 143), (signal.SIGINT, 130)])
def test_a_signal_during_a_write_leaves_the_old_file_and_no_temporary_one(tmp_path: Path, signum: int, code: int) -> None:
    out = tmp_path / "plan.md"
    out.write_text("the old plan\n")
    proc = start(SLOW_WRITE, ["plan", PROFILE, "-s", "blended", "--playbooks", MINI, "--today", "2020-08-10", "-o", out])
    wait_for(lambda: [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")])
    proc.send_signal(signum)
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == code and "Traceback" not in err, err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.md"] and out.read_text() == "the old plan\n"


@pytest.fixture
def many_profiles(tmp_path: Path) -> Path:
    folder = tmp_path / "profiles"
    folder.mkdir()
    for i in range(60):
        (folder / f"p{i:03d}.yaml").write_text(PROFILE.read_text(encoding="utf-8").replace("test-college", f"college-{i}"),
                                                 encoding="utf-8")
    return folder


def _aggregate(folder: Path) -> subprocess.Popen[str]:
    proc = start(SLOW_WORKERS, ["aggregate", folder, "--playbooks", MINI, "--format", "json", "-j", "2", "--today", "2020-09-01"])
    wait_for(lambda: len(children(proc.pid)) >= 2)
    return proc


@pytest.mark.parametrize("signum, code", [(signal.SIGTERM, 143), (signal.SIGINT, 130)])
def test_aggregate_ends_its_workers_on_a_signal(many_profiles: Path, signum: int, code: int) -> None:
    proc = _aggregate(many_profiles)
    workers = children(proc.pid)
    time.sleep(0.5)
    began = time.monotonic()
    if signum == signal.SIGINT:
        os.killpg(proc.pid, signal.SIGINT)  # Ctrl-C: the terminal signals the whole foreground group
    else:
        proc.send_signal(signum)
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == code and "Traceback" not in err, err
    wait_for(lambda: not any(alive(w) for w in workers), 10)
    assert time.monotonic() - began < 10


def test_workers_die_with_a_parent_killed_outright(many_profiles: Path) -> None:
    proc = _aggregate(many_profiles)
    workers = children(proc.pid)
    time.sleep(0.5)
    proc.kill()  # SIGKILL: no handler runs; the kernel's parent-death signal ends the workers
    proc.communicate(timeout=30)
    wait_for(lambda: not any(alive(w) for w in workers), 10)


def test_ctrl_c_is_exit_130_not_1(tmp_path: Path) -> None:
    proc = start(SLOW_WRITE, ["plan", PROFILE, "-s", "blended", "--playbooks", MINI, "--today", "2020-08-10", "-o", tmp_path / "p.md"])
    wait_for(lambda: [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")])
    os.killpg(proc.pid, signal.SIGINT)
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == 130 and "interrupted" in err and "Aborted" not in err
