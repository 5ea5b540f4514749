from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import MINI, golden
from readiness.cli import main

GOLDEN = Path(__file__).resolve().parent / "golden" / "mini"
COLLEGE = str(MINI / "examples" / "college.yaml")
COMMON = ["--playbooks", str(MINI)]


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


CASES = {
    "plan-distance-en.md": ["plan", COLLEGE, "-s", "distance", "--lang", "en", "--today", "2020-08-10"],
    "plan-blended-ky.md": ["plan", COLLEGE, "-s", "blended", "--lang", "ky", "--today", "2020-08-10"],
    "plan-blended.json": ["plan", COLLEGE, "-s", "blended", "--format", "json", "--lang", "en", "--today", "2020-08-10"],
    "gaps-ru.md": ["gaps", COLLEGE, "--lang", "ru", "--today", "2020-08-10"],
    "gaps.json": ["gaps", COLLEGE, "--format", "json", "--lang", "en", "--today", "2020-08-10"],
    "checklist-pok-ru.md": ["checklist", COLLEGE, "-s", "distance", "-r", "pok", "--lang", "ru", "--today", "2020-08-10"],
    "checklist-dean.json": ["checklist", COLLEGE, "-s", "blended", "-r", "dean", "--format", "json", "--lang", "ky", "--today", "2020-08-10"],
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_golden_outputs(name: str, update_goldens: bool) -> None:
    code, out, err = invoke(*CASES[name], *COMMON)
    assert code == 0, err
    golden(GOLDEN / name, out, update_goldens)


def test_plan_json_lists_tasks_in_plan_order_with_dependencies() -> None:
    code, out, _ = invoke(*CASES["plan-blended.json"], *COMMON)
    data = json.loads(out)
    seen: set[str] = set()
    for task in data["tasks"]:
        assert set(task["depends_on"]) <= seen
        seen.add(task["id"])
    assert data["tasks"][0]["id"] == "hr.staffing"


def test_plan_json_matches_its_schema() -> None:
    import jsonschema

    from readiness.schema import load_schema

    for name, kind in (("plan-blended.json", "plan"), ("gaps.json", "gaps"), ("checklist-dean.json", "checklist")):
        _, out, _ = invoke(*CASES[name], *COMMON)
        jsonschema.Draft202012Validator(load_schema(kind)).validate(json.loads(out))


def test_output_file_is_written_and_inputs_are_protected(tmp_path: Path) -> None:
    target = tmp_path / "plan.md"
    code, out, _ = invoke(*CASES["plan-distance-en.md"], *COMMON, "-o", str(target))
    assert code == 0 and out == ""
    assert target.read_text(encoding="utf-8").startswith("# Action plan")
    code, _, err = invoke(*CASES["plan-distance-en.md"], *COMMON, "-o", COLLEGE)
    assert code == 2 and "O001" in err
    assert list(tmp_path.iterdir()) == [target]  # no temporary files left behind


@pytest.mark.parametrize("args, code, needle", [
    (["validate", str(MINI)], 0, ""),
    (["validate", "nope/"], 2, "Y001"),
    (["plan", "missing.yaml", "-s", "distance"], 2, "Y001"),
    (["plan", COLLEGE, "-s", "hybrid"], 2, "unknown scenario 'hybrid'"),
    (["checklist", COLLEGE, "-s", "distance", "-r", "janitor"], 2, "unknown role 'janitor'"),
    (["plan", COLLEGE, "-s", "distance", "--today", "2020-13-01"], 2, "not a date"),
    (["plan", str(MINI / "tasks.yaml"), "-s", "distance"], 1, "S001"),
])
def test_exit_codes(args: list[str], code: int, needle: str) -> None:
    got, out, err = invoke(*args, *COMMON)
    assert got == code, out + err
    assert needle in out + err
    assert "Traceback" not in out + err


def test_validate_json_and_broken_set(mini_copy: Path) -> None:
    tasks = mini_copy / "tasks.yaml"
    tasks.write_text(tasks.read_text(encoding="utf-8").replace("depends_on: [hr.staffing]\n    mitigates", "depends_on: [hr.x]\n    mitigates"), encoding="utf-8")
    code, out, _ = invoke("validate", str(mini_copy), "--format", "json")
    data = json.loads(out)
    assert code == 1 and data["errors"] == 1
    assert data["findings"][0]["code"] == "R003" and data["findings"][0]["line"] == 17


def test_strict_turns_warnings_into_errors(mini_copy: Path) -> None:
    tasks = mini_copy / "tasks.yaml"
    tasks.write_text(tasks.read_text(encoding="utf-8").replace("    mitigates: [hr.low-skills]\n", ""), encoding="utf-8")
    assert invoke("validate", str(mini_copy))[0] == 0
    assert invoke("validate", str(mini_copy), "--strict")[0] == 1


def test_every_command_has_help() -> None:
    for name, command in main.commands.items():
        code, out, _ = invoke(name, "--help")
        assert code == 0 and command.help and len(command.help) > 20, name


def test_bundled_default_works_without_playbooks_option() -> None:
    example = Path(__file__).resolve().parent.parent / "playbooks" / "kg-mes-2020" / "examples" / "private-college-moodle.yaml"
    code, out, err = invoke("plan", str(example), "-s", "blended", "--today", "2020-08-10", "--format", "json")
    assert code == 0, err
    assert json.loads(out)["playbook"]["id"] == "kg-mes-2020"


def test_byte_identical_across_hash_seeds(tmp_path: Path) -> None:
    outputs = set()
    for seed in ("0", "1", "12345"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        for args in (CASES["plan-blended.json"], CASES["gaps-ru.md"]):
            proc = subprocess.run([sys.executable, "-m", "readiness.cli", *args, *COMMON], capture_output=True, env=env, check=True)
            outputs.add((tuple(args), proc.stdout))
    assert len(outputs) == 2


def test_progress_bar_only_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    import readiness.cli as cli

    assert cli.progress(3, "validate") is None  # under pytest stderr is not a terminal
    monkeypatch.setattr(cli.sys.stderr, "isatty", lambda: True, raising=False)
    bar = cli.progress(3, "validate")
    assert bar is not None
    with bar as shown:
        assert shown.length == 3
