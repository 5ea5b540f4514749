from __future__ import annotations

import json
from pathlib import Path
from xml.etree import ElementTree as ET

import jsonschema
import pytest

from conftest import TESTS
from click.testing import CliRunner

from readiness.cli import main

SARIF_SCHEMA = TESTS / "data" / "sarif-schema-2.1.0.json"  # OASIS, errata01


@pytest.fixture
def broken(mini_copy: Path) -> Path:
    tasks = mini_copy / "tasks.yaml"
    text = tasks.read_text(encoding="utf-8")
    text = text.replace("depends_on: [hr.staffing]\n    mitigates", "depends_on: [hr.x]\n    mitigates")
    text = text.replace("title: {ky: Жүктөм, ru: Нагрузка, en: Workload}", "title: {ky: Жүктөм, en: Workload}")
    tasks.write_text(text, encoding="utf-8")
    return mini_copy


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["validate", *args])
    return result.exit_code, result.stdout


def test_github_annotations(broken: Path) -> None:
    code, out = run(str(broken), "--format", "github")
    lines = out.splitlines()
    assert code == 1 and len(lines) == 2
    assert lines[0].startswith("::error file=") and ",line=17,col=" in lines[0] and "title=R003::" in lines[0]
    assert lines[1].startswith("::warning file=") and "title=T001::" in lines[1]


def test_sarif_is_valid_sarif_2_1_0(broken: Path) -> None:
    code, out = run(str(broken), "--format", "sarif")
    data = json.loads(out)
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft4Validator(schema).validate(data)
    results = data["runs"][0]["results"]
    assert code == 1 and [r["ruleId"] for r in results] == ["R003", "T001"]
    assert [r["level"] for r in results] == ["error", "warning"]
    assert results[0]["locations"][0]["physicalLocation"]["region"]["startLine"] == 17
    assert {r["id"] for r in data["runs"][0]["tool"]["driver"]["rules"]} == {"R003", "T001"}


def test_sarif_of_a_clean_run_is_valid_too(mini_copy: Path) -> None:
    code, out = run(str(mini_copy), "--format", "sarif")
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft4Validator(schema).validate(json.loads(out))
    assert code == 0 and json.loads(out)["runs"][0]["results"] == []


def test_junit_has_a_case_per_file_and_failures_for_errors(broken: Path) -> None:
    code, out = run(str(broken), "--format", "junit")
    suite = ET.fromstring(out).find("testsuite")
    assert suite is not None
    cases = {c.get("name").rsplit("/", 1)[-1]: c for c in suite.findall("testcase")}
    assert set(cases) == {"manifest.yaml", "tasks.yaml", "college.yaml", "unknowns.yaml"}
    assert suite.get("failures") == "1" and suite.get("tests") == "4"
    failure = cases["tasks.yaml"].find("failure")
    assert failure is not None and failure.get("type") == "R003" and "hr.x" in failure.text
    assert "T001" in cases["tasks.yaml"].find("system-out").text
    assert cases["manifest.yaml"].find("failure") is None


def test_github_escapes_newlines_and_separators() -> None:
    from readiness.errors import Diagnostic
    from readiness.render.findings import github
    from readiness.load.validate import Result

    # a line break in a finding is shown as \x0a (one finding, one line), then GitHub's escapes apply
    result = Result([Diagnostic("a,b:c.yaml", 1, 2, "S001", "bad\nvalue 100%")], ["a,b:c.yaml"])
    assert github(result) == "::error file=a%2Cb%3Ac.yaml,line=1,col=2,title=S001::bad\\x0avalue 100%25\n"
