from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import MINI, ROOT
from readiness.load.playbook import check_playbook
from readiness.load.validate import validate_paths


def findings(root: Path) -> list[tuple[str, str, int]]:
    _, diags = check_playbook(root)
    return [(d.code, Path(d.file).name, d.line) for d in diags]


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def line_of(path: Path, needle: str, nth: int = 1) -> int:
    count = 0
    for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if needle in line:
            count += 1
            if count == nth:
                return i
    raise AssertionError(needle)


def test_mini_set_is_clean() -> None:
    assert findings(MINI) == []


def test_bundled_playbooks_and_examples_are_clean() -> None:
    result = validate_paths([ROOT / "playbooks"])
    assert [d.format() for d in result.diagnostics] == []
    assert result.files >= 6


def test_duplicate_id_across_files(mini_copy: Path) -> None:
    (mini_copy / "more.yaml").write_text(
        "tasks:\n  - id: hr.staffing\n    title: {ky: a, ru: b, en: c}\n    area: hr\n    actor: abp\n"
        "    scenarios: [distance]\n    duration: 1\n    due: 0\n    source: [HR-T1]\n", encoding="utf-8")
    # files are read in name order: the second definition (tasks.yaml, line 2) is the one reported
    _, diags = check_playbook(mini_copy)
    assert [(d.code, Path(d.file).name, d.line) for d in diags] == [("R001", "tasks.yaml", 2)]
    assert "more.yaml:2" in diags[0].message


@pytest.mark.parametrize("old, new, code, needle", [
    ("    depends_on: [hr.staffing]\n    mitigates", "    depends_on: [hr.stafing]\n    mitigates", "R003", "hr.stafing"),
    ("    mitigates: [hr.low-skills]", "    mitigates: [hr.low-skils]", "R004", "hr.low-skils"),
    ("    actor: dean\n    scenarios: [distance, blended, traditional]\n    depends_on: [hr.staffing]",
     "    actor: deen\n    scenarios: [distance, blended, traditional]\n    depends_on: [hr.staffing]", "R005", "actor: deen"),
    ("  - id: san.spacing\n    title: {ky: Аралык, ru: Дистанция, en: Arrange desks}\n    area: san",
     "  - id: san.spacing\n    title: {ky: Аралык, ru: Дистанция, en: Arrange desks}\n    area: sanitary", "R006", "area: sanitary"),
    ("    scenarios: [blended, traditional]\n    duration: 3", "    scenarios: [blended, hybrid]\n    duration: 3", "R007", "hybrid"),
    ("    requirements: [san.desk-distance]", "    requirements: [san.desk]", "R009", "san.desk]"),
    ("    source: [PROC-T6]", "    source: [PROC-T66]", "R012", "PROC-T66"),
    ("    when: digital.avn\n", "    when: digital.avm\n", "E002", "digital.avm"),
    ("    when: digital.avn\n", "    when: digital.avn and\n", "E001", "digital.avn and"),
    ("    when: digital.avn\n", "    when: digital.avn.__class__\n", "E004", "__class__"),
    ("    duration: 9\n", "    duration: nine\n", "S001", "nine"),
    ("    severity: high\n", "    severity: hihg\n", "S001", "hihg"),
    ("    due: -4\n", "    due: -4\n    deu: 3\n", "S001", "deu: 3"),
])
def test_findings_point_at_the_line(mini_copy: Path, old: str, new: str, code: str, needle: str) -> None:
    tasks = mini_copy / "tasks.yaml"
    edit(tasks, old, new)
    assert (code, "tasks.yaml", line_of(tasks, needle)) in findings(mini_copy)


def test_unknown_key_suggests_the_right_one(mini_copy: Path) -> None:
    edit(mini_copy / "tasks.yaml", "    due: -4\n", "    due: -4\n    deu: 3\n")
    _, diags = check_playbook(mini_copy)
    assert "did you mean 'due'?" in diags[0].hint


@pytest.mark.parametrize("deps, cycle", [
    ({"hr.staffing": "[hr.staffing]"}, ["hr.staffing"]),
    ({"hr.staffing": "[proc.workload]"}, ["hr.staffing", "proc.workload"]),
    ({"hr.staffing": "[proc.inform]"}, ["hr.staffing", "proc.avn-entry", "proc.inform", "proc.timetable", "proc.workload"]),
])
def test_cycles_name_every_task(mini_copy: Path, deps: dict[str, str], cycle: list[str]) -> None:
    tasks = mini_copy / "tasks.yaml"
    for task, value in deps.items():
        edit(tasks, f"  - id: {task}\n", f"  - id: {task}\n    depends_on: {value}\n")
    _, diags = check_playbook(mini_copy)
    cycles = [d for d in diags if d.code == "G001"]
    assert len(cycles) == 1
    for task in cycle:
        assert task in cycles[0].message
    assert cycles[0].line > 0


def test_missing_translation_is_a_warning(mini_copy: Path) -> None:
    edit(mini_copy / "tasks.yaml", "title: {ky: Жүктөм, ru: Нагрузка, en: Workload}", "title: {ky: Жүктөм, en: Workload}")
    playbook, diags = check_playbook(mini_copy)
    assert playbook is not None
    assert [(d.code, d.severity) for d in diags] == [("T001", "warning")]
    assert "ru" in diags[0].message


def test_risk_without_mitigation_is_a_warning(mini_copy: Path) -> None:
    edit(mini_copy / "tasks.yaml", "    mitigates: [hr.low-skills]\n", "")
    _, diags = check_playbook(mini_copy)
    assert [(d.code, d.severity) for d in diags] == [("R010", "warning")]


def test_profile_findings(tmp_path: Path) -> None:
    profile = tmp_path / "p.yaml"
    profile.write_text(
        "profile_version: 1\ninstitution: {id: x, name: X, type: tertiary}\nterm_start: 2020-02-30\n"
        "scenarios: [blended]\nfacts:\n  staff: {teaching: many}\n  stuff: {}\n", encoding="utf-8")
    result = validate_paths([profile], MINI)
    got = {(d.code, d.line) for d in result.diagnostics}
    assert {("S001", 2), ("S001", 3), ("S001", 6), ("S001", 7)} <= got
    messages = " ".join(d.message + d.hint for d in result.diagnostics)
    assert "tertiary" in messages and "not a real date" in messages and "did you mean 'staff'?" in messages


def test_profile_semantic_findings(tmp_path: Path) -> None:
    profile = tmp_path / "p.yaml"
    profile.write_text(
        "profile_version: 1\ninstitution: {id: x, name: X, type: higher}\nterm_start: 2020-09-01\n"
        "scenarios: [blended]\nprogress:\n  hr.stafing: {status: done}\nwaivers:\n  - {task: proc.wrkload, reason: not needed}\n",
        encoding="utf-8")
    result = validate_paths([profile], MINI)
    got = [(d.code, d.line, d.severity) for d in result.diagnostics]
    assert got == [("P008", 1, "warning"), ("P002", 6, "warning"), ("P003", 8, "warning")]
    assert "did you mean 'hr.staffing'?" in result.diagnostics[1].hint
    assert result.diagnostics[0].message == "no fact is filled in: the plan will be all questions"


def test_a_set_without_manifest_says_so(mini_copy: Path) -> None:
    (mini_copy / "manifest.yaml").rename(mini_copy / "old-manifest.txt")
    shutil.rmtree(mini_copy / "examples")
    result = validate_paths([mini_copy])
    assert "R001" in {d.code for d in result.diagnostics}
    assert any("no manifest" in d.message for d in result.diagnostics)


def test_a_file_of_a_set_checks_the_whole_set(mini_copy: Path) -> None:
    # pre-commit passes changed files: a playbook file means its set, checked once
    result = validate_paths([mini_copy / "tasks.yaml", mini_copy / "manifest.yaml"])
    assert result.diagnostics == []
    assert result.files == 5  # the three files of the set and its two example profiles
    (mini_copy / "tasks.yaml").write_text((mini_copy / "tasks.yaml").read_text(encoding="utf-8").replace("area: proc", "area: prc", 1), encoding="utf-8")
    assert [d.code for d in validate_paths([mini_copy / "manifest.yaml"]).diagnostics] == ["R006"]


def test_a_value_of_the_wrong_type_is_reported_once(tmp_path: Path) -> None:
    profile = tmp_path / "p.yaml"
    profile.write_text("profile_version: 1\ninstitution: {id: x, name: X, type: [higher]}\nterm_start: 2020-09-01\nscenarios: [blended]\n",
                       encoding="utf-8")
    result = validate_paths([profile], MINI)
    assert [(d.code, d.line) for d in result.diagnostics] == [("S001", 2)]


def test_an_example_profile_is_checked_against_its_own_set(mini_copy: Path) -> None:
    college = mini_copy / "examples" / "college.yaml"
    college.write_text(college.read_text(encoding="utf-8") + "progress:\n  hr.staffing: {status: done}\n", encoding="utf-8")
    assert validate_paths([college]).diagnostics == []  # hr.staffing exists in mini, not in the bundled set


def test_a_folder_of_profiles_is_checked_as_profiles_not_as_a_set() -> None:
    from readiness.load.validate import jobs

    examples = ROOT / "playbooks" / "kg-mes-2020" / "examples"
    assert {kind for kind, _ in jobs([examples])} == {"profile"}
    result = validate_paths([examples], ROOT / "playbooks" / "kg-mes-2020")
    assert result.files == 4 and result.errors == 0, [d.format() for d in result.diagnostics]


def test_each_distinct_rule_text_is_compiled_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """A set of 10,000 tasks has about a hundred distinct rules: each is compiled once, not per element."""
    from readiness.load import compile as compile_module

    calls: list[str] = []
    real = compile_module.compile_rule

    def counting(text: str, *args: object, **kwargs: object) -> object:
        calls.append(text)
        return real(text, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(compile_module, "compile_rule", counting)
    playbook, _ = check_playbook(ROOT / "playbooks" / "kg-mes-2020")
    assert playbook is not None
    used = [r.text for t in playbook.tasks.values() for r in (t.when, t.done_when) if r is not None]
    used += [r.when.text for r in playbook.risks.values()] + [q.measure.text for q in playbook.requirements.values()]
    used += [q.when.text for q in playbook.requirements.values() if q.when is not None] + [d.rule.text for d in playbook.derived]
    assert len(used) > len(set(used))  # the set does repeat rule texts
    assert sorted(calls) == sorted(set(used))


def test_a_finding_reads_the_positions_of_its_own_file_only(mini_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A set is read without positions; a finding's line is read from its file when it is made."""
    from readiness.io import yaml as yaml_module

    edit(mini_copy / "tasks.yaml", "duration: 9", "duration: -9")
    read: list[str] = []
    real = yaml_module.load_file
    monkeypatch.setattr(yaml_module, "load_file", lambda path, display=None: read.append(Path(path).name) or real(path, display))
    assert findings(mini_copy) == [("S001", "tasks.yaml", line_of(mini_copy / "tasks.yaml", "duration: -9"))]
    assert read == ["tasks.yaml"]


def test_a_set_with_warnings_only_knows_the_lines_of_its_elements(mini_copy: Path) -> None:
    edit(mini_copy / "tasks.yaml", ", en: ", ", xx: ")
    playbook, diags = check_playbook(mini_copy)
    assert playbook is not None and diags and all(d.severity == "warning" for d in diags)
    assert all(t.origin.line > 0 for t in playbook.tasks.values())
