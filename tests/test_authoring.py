"""docs/authoring.md is run: every ```sh block, in order, on a copy of the bundled set."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import BUNDLED, ROOT

DOC = ROOT / "docs" / "authoring.md"


def blocks() -> list[tuple[int, str]]:
    """Each ```sh block with the exit code it must give: 0, or what an ``<!-- exit N -->`` line before it says."""
    found = re.findall(r"(?:<!-- exit (\d+) -->\n)?^```sh\n(.*?)^```", DOC.read_text(encoding="utf-8"), flags=re.S | re.M)
    return [(int(code or 0), block) for code, block in found]


def run(script: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    return subprocess.run(["bash", "-e", "-c", script], cwd=cwd, env=env, capture_output=True, text=True, timeout=300)


def copy_of_the_set(tmp_path: Path) -> Path:
    shutil.copytree(BUNDLED, tmp_path / "playbooks" / BUNDLED.name)
    return tmp_path


def test_the_walk_through_runs_on_a_copy_of_the_set(tmp_path: Path) -> None:
    cwd = copy_of_the_set(tmp_path)
    outputs = []
    for code, block in blocks():
        proc = run(block, cwd)
        assert proc.returncode == code, f"{block}\n{proc.stdout}\n{proc.stderr}"
        outputs.append(proc.stdout + proc.stderr)
    assert [code for code, _ in blocks()] == [0, 0, 0, 0, 0, 1, 0, 0]
    assert "0 errors, 0 warnings" in outputs[4]  # validate, after the fact, the source and the task
    shown = re.search(r"```text\n(.*?)```", DOC.read_text(encoding="utf-8"), flags=re.S)
    assert shown and all(line.strip() in outputs[5] for line in shown.group(1).splitlines())  # the failure the page shows
    assert "ok: a lyceum where most students lack internet plans for it" in outputs[6]
    assert "ok: a college with the plan in place does not" in outputs[6] and " 0 failed" in outputs[6]
    impact = (cwd / "impact.md").read_text(encoding="utf-8")
    assert "meth.weak-internet-plan" in impact


def test_a_mistake_in_the_walk_through_would_be_caught(tmp_path: Path) -> None:
    """The same walk-through with a typo in the task's rule fails at validate, saying what it meant."""
    cwd = copy_of_the_set(tmp_path)
    script = "\n".join(block for _, block in blocks()[:5]).replace("done_when: documents.weak_internet_plan",
                                                                   "done_when: documents.weak_internet_plam")
    proc = run(script, cwd)
    assert proc.returncode == 1 and "did you mean 'documents.weak_internet_plan'?" in proc.stdout
