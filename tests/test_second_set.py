"""Proof of generality: a second set (tests/fixtures/sets/library) with its own facts, scenarios,
tasks and sources, and no relation to the 2020 matrix, runs through every command."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from conftest import FIXTURES
from readiness.cli import main

LIBRARY = FIXTURES / "sets" / "library"
CITY = LIBRARY / "examples" / "city-college-library.yaml"
VILLAGE = LIBRARY / "examples" / "village-lyceum-library.yaml"
OLD = FIXTURES / "sets" / "library-version-1-profile.yaml"
SET = ["--playbooks", str(LIBRARY)]
TODAY = ["--today", "2021-03-20"]


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_every_command_the_cli_has_is_run_here() -> None:
    """A new command must be run on the second set too."""
    ran = {name.removeprefix("test_").split("_")[0] for name in globals() if name.startswith("test_")}
    assert set(main.commands) - {"serve"} <= ran | {"schema"}, sorted(set(main.commands) - ran)


def test_validate() -> None:
    code, out, err = invoke("validate", str(LIBRARY))
    assert code == 0 and out == "" and "0 errors, 0 warnings" in err
    code, out, _ = invoke("validate", str(CITY), *SET)
    assert code == 0 and out == ""


def test_plan() -> None:
    code, out, _ = invoke("plan", str(CITY), "-s", "reading_room", *SET, *TODAY, "--format", "json")
    data = json.loads(out)
    assert code == 0 and data["verdict"]["status"] == "on_track"
    assert [t["id"] for t in data["tasks"]][:2] == ["lib.arrange-room", "lib.inventory"]
    code, out, _ = invoke("plan", str(CITY), "-s", "2", *SET, *TODAY, "--lang", "ru")
    assert code == 0 and "Приобрести лицензии на электронные книги" in out


def test_gaps() -> None:
    code, out, _ = invoke("gaps", str(VILLAGE), *SET, *TODAY, "--format", "json")
    data = json.loads(out)
    assert code == 0 and [s["scenario"] for s in data["scenarios"]] == ["reading_room", "e_library"]
    code, out, _ = invoke("gaps", str(VILLAGE), *SET, *TODAY, "--format", "csv")
    assert code == 0 and "Reading room open,Space," in out


def test_checklist() -> None:
    code, out, _ = invoke("checklist", str(CITY), "-s", "e_library", "-r", "БИБ", *SET, *TODAY, "--lang", "ru")
    assert code == 0 and "Пересчитать книги по полкам" in out


def test_explain() -> None:
    code, out, _ = invoke("explain", str(CITY), "lib.license-ebooks", "-s", "e_library", *SET, *TODAY)
    assert code == 0 and "collection.ebooks_licensed" in out and "lib.no-ebooks" in out


def test_compare() -> None:
    code, out, _ = invoke("compare", str(CITY), *SET, *TODAY)
    assert code == 0 and "Reading room open" in out and "E-library only" in out


def test_graph() -> None:
    code, out, _ = invoke("graph", *SET)
    assert code == 0 and "t_lib_2e_inventory --> t_lib_2e_license_2d_ebooks" in out
    code, out, _ = invoke("graph", str(CITY), "-s", "e_library", *SET, *TODAY, "--format", "dot")
    assert code == 0 and '"lib.inventory" -> "lib.license-ebooks"' in out


def test_init(tmp_path: Path) -> None:
    target = tmp_path / "new.yaml"
    code, _, _ = invoke("init", *SET, "--lang", "ru", "--term-start", "2021-04-01", "--today", "2021-03-01", "-o", str(target))
    text = target.read_text(encoding="utf-8")
    assert code == 0 and "# Читальный зал: Помещение, где сидят читатели." in text
    assert "#   terminals: [{id: t1, kind: pc}, {id: t2, kind: kiosk, working: false}]" in text
    data = yaml.safe_load(text)
    assert data["playbook"] == {"id": "library", "version": "2"} and data["scenarios"] == ["reading_room", "e_library"]
    assert data["facts"]["readers"] == {"registered": None, "remote_share": None}
    code, out, _ = invoke("validate", str(target), *SET)
    assert code == 0, out
    code, out, _ = invoke("plan", str(target), "-s", "e_library", *SET, "--today", "2021-03-01", "--format", "json")
    assert code == 0 and {q["fact"] for q in json.loads(out)["questions"]} >= {"collection.ebooks_licensed", "readers.remote_share"}


def test_schema_profile_of_the_set() -> None:
    code, out, _ = invoke("schema", "profile", *SET)
    schema = json.loads(out)
    facts = schema["properties"]["facts"]["properties"]
    assert code == 0 and list(facts) == ["collection", "reading_room", "readers", "terminals"]
    assert schema["properties"]["scenarios"]["items"]["enum"] == ["reading_room", "e_library"]
    terminals = facts["terminals"]
    assert terminals["maxItems"] == 500 and terminals["items"]["required"] == ["id"]
    assert terminals["items"]["properties"]["kind"] == {"type": "string", "enum": ["pc", "tablet", "kiosk"], "title": "Kind",
                                                        "description": "pc, tablet or kiosk.", "default": "pc"}
    assert facts["readers"]["properties"]["remote_share"]["maximum"] == 1
    assert facts["collection"]["properties"]["books"]["maximum"] == 10**12  # every number bounded, declared or not
    assert "heating" not in facts["reading_room"]["properties"]  # retired


def test_aggregate(tmp_path: Path) -> None:
    code, out, _ = invoke("aggregate", str(LIBRARY / "examples"), *SET, *TODAY, "--format", "json", "--min-group", "1")
    data = json.loads(out)
    assert code == 0 and data["national"]["institutions"] == 2
    assert {s["scenario"] for s in data["national"]["scenarios"]} == {"reading_room", "e_library"}
    target = tmp_path / "agg.xlsx"
    code, _, _ = invoke("aggregate", str(LIBRARY / "examples"), *SET, *TODAY, "-o", str(target))
    assert code == 0 and target.stat().st_size > 1000


def test_impact(tmp_path: Path) -> None:
    head = tmp_path / "head"
    shutil.copytree(LIBRARY, head)
    plan = (head / "plan.yaml").read_text(encoding="utf-8")
    (head / "plan.yaml").write_text(plan.replace("    duration: 2\n    due: 0\n", "    duration: 2\n    due: -10\n"), encoding="utf-8")
    code, out, _ = invoke("impact", "--base", str(LIBRARY), "--head", str(head), str(CITY), str(VILLAGE), "--format", "json", "-j", "1")
    data = json.loads(out)
    assert code == 0 and {s["scenario"]: s["due_moved"] for s in data["summary"]} == {"reading_room": 2, "e_library": 1}
    assert "lib.announce" in json.dumps(data["institutions"])


def test_test(tmp_path: Path) -> None:
    code, out, err = invoke("test", str(LIBRARY))
    assert code == 0 and out.count(": ok: ") == 4 and "4 case(s): 4 passed, 0 failed" in err
    broken = tmp_path / "library"
    shutil.copytree(LIBRARY, broken)
    cases = (broken / "tests" / "examples.yaml").read_text(encoding="utf-8")
    (broken / "tests" / "examples.yaml").write_text(cases.replace("verdict: at_risk", "verdict: ready", 1), encoding="utf-8")
    code, out, _ = invoke("test", str(broken), "--format", "junit")
    assert code == 1 and out.count("<failure") == 1


def test_migrate(tmp_path: Path) -> None:
    code, out, err = invoke("migrate", str(OLD), *SET)
    assert code == 0 and "registered: 200    # now readers.registered" in out and "heating: true" not in out
    assert "playbook: {id: library, version: '2'}" in out and "terminals: [{id: x}, {id: y}]" in out
    assert "Renamed: facts.readers.total → facts.readers.registered" in err
    assert "Removed: facts.reading_room.heating (retired in version 2)" in err
    target = tmp_path / "new.yaml"
    target.write_text(out, encoding="utf-8")
    code, out, _ = invoke("validate", str(target), *SET)
    assert code == 0 and out == ""
    code, out, _ = invoke("validate", str(OLD), *SET)
    assert code == 0 and "P009" in out and "P010" in out  # the old profile still loads, with warnings


def test_list() -> None:
    """The set's own scenarios, roles, tasks and facts, in the reader's language."""
    code, out, _ = invoke("list", "facts", *SET, "--lang", "ru")
    rows = dict(line.split(None, 1) for line in out.splitlines())
    assert code == 0 and rows["collection.books"].split(None, 1) == ["integer", "Книги"]
    assert "staff.teaching" not in rows and not any(k.startswith("digital.") for k in rows)  # none of the 2020 facts
    code, out, _ = invoke("list", "scenarios", *SET, "--lang", "en")
    assert code == 0 and [line.split()[0] for line in out.splitlines()] == ["reading_room", "e_library"]



@pytest.mark.parametrize("command", ["plan", "gaps"])
def test_the_bundled_sets_profiles_are_refused_by_the_library(command: str) -> None:
    """The facts are the set's: a profile of the bundled set is not a library profile."""
    from conftest import BUNDLED

    args = [command, str(BUNDLED / "examples" / "rural-lyceum-naryn.yaml"), *SET, *TODAY]
    code, _, err = invoke(*(args + (["-s", "reading_room"] if command == "plan" else [])))
    assert code == 1 and "S001" in err and "unknown key 'staff' at facts" in err
