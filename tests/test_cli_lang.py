"""Issue 13: the CLI speaks the user's language, never loses their work, and guesses nothing silently."""
from __future__ import annotations

import io
import json
import shutil
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import BUNDLED, MINI
from readiness.cli import main
from readiness.config import choose_lang, locale_lang

COLLEGE = str(MINI / "examples" / "college.yaml")
MINI_ARGS = ["--playbooks", str(MINI)]
LYCEUM = BUNDLED / "examples" / "rural-lyceum-naryn.yaml"


def run(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), env=env)
    return result.exit_code, result.stdout, result.stderr


# -- the language -------------------------------------------------------------------------
@pytest.mark.parametrize("value, lang", [("ru_RU.UTF-8", "ru"), ("ky_KG", "ky"), ("en_GB.UTF-8", "en"),
                                         ("de_DE.UTF-8", None), ("C", None), ("C.UTF-8", None)])
def test_the_locale_names_a_language(value: str, lang: str | None) -> None:
    assert locale_lang({"LANG": value}) == lang
    assert locale_lang({"LC_ALL": value, "LANG": "en_US.UTF-8"}) == lang  # LC_ALL first


def test_the_order_of_the_choice(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from readiness.config import Config

    profile = tmp_path / "p.yaml"
    profile.write_text("profile_version: 1\nlang: ru\n", encoding="utf-8")
    env = {"LANG": "en_US.UTF-8"}
    assert choose_lang("en", [profile], Config(lang="ky"), env) == "en"
    assert choose_lang(None, [profile], Config(lang="ky"), env) == "ru"
    assert choose_lang(None, [], Config(lang="ky"), env) == "ky"
    assert choose_lang(None, [], Config(), env) == "en"
    assert choose_lang(None, [], Config(), {}) == "ky"


def test_help_is_in_the_language_of_lang_and_of_the_locale() -> None:
    code, out, _ = run("plan", "--help", "--lang", "ru")
    assert code == 0 and "Использование:" in out and "План действий" in out and "Показать эту справку" in out
    code, out, _ = run("--help", env={"LANG": "ky_KG.UTF-8"})
    assert "Колдонуу:" in out and "Буйруктар:" in out
    code, out, _ = run("validate", "--help")
    assert "Check playbook sets" in out


def test_every_command_and_option_has_help_in_every_language() -> None:
    from readiness import findings

    for command in main.commands.values():
        for lang in ("ky", "ru", "en"):
            code, out, _ = run(command.name or "", "--help", "--lang", lang)
            assert code == 0, (command.name, lang, out)
            assert "cli." not in out, f"{command.name} {lang}: an untranslated key"
        for param in command.params:
            key = getattr(param, "help_key", "")
            assert not getattr(param, "help", None) or key.startswith("cli."), (command.name, param.name)
            if key:
                assert all(findings.text(key, lang, **param.help_args) for lang in ("ky", "ru", "en"))


def test_click_usage_errors_are_translated() -> None:
    code, out, err = run("plan", COLLEGE, "--lang", "ru")
    assert code == 2 and "Ошибка:" in err and "Не хватает параметра" in err
    code, _, err = run("plan", COLLEGE, "-s", "1", "--format", "pdf", "--lang", "ky")
    assert code == 2 and "Ката:" in err


def test_findings_and_the_summary_follow_the_profile_language(tmp_path: Path) -> None:
    profile = tmp_path / "p.yaml"
    text = Path(COLLEGE).read_text(encoding="utf-8").replace("profile_version: 1\n", "profile_version: 1\nlang: ru\n")
    profile.write_text(text.replace("term_start: 2020-09-01", "term_start: 01.09.2020"), encoding="utf-8")
    code, out, err = run("validate", str(profile), *MINI_ARGS)
    assert code == 1
    assert "записано в неверном виде (подсказка: пишите в виде YYYY-MM-DD: 2020-09-01)" in out
    assert out.count("S001") == 1, "one finding per bad date"
    assert "проверен 1 файл: 1 ошибка, 0 предупреждений" in err


def test_settings_file_is_found_upwards_and_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("READINESS_CONFIG")
    (tmp_path / ".readiness.yaml").write_text("lang: ru\nstrict: true\nignore: [P002]\n", encoding="utf-8")
    inner = tmp_path / "a" / "b"
    inner.mkdir(parents=True)
    monkeypatch.chdir(inner)
    profile = inner / "p.yaml"
    profile.write_text(Path(COLLEGE).read_text(encoding="utf-8") + "progress:\n  hr.stafing: {status: done}\n", encoding="utf-8")
    code, out, err = run("validate", str(profile), *MINI_ARGS)
    assert code == 0 and "P002" not in out and "проверен" in err  # ignored, so strictness does not fail it
    (tmp_path / ".readiness.yaml").write_text("ignore: [S001, P099]\n", encoding="utf-8")
    code, _, err = run("validate", str(profile), *MINI_ARGS)
    assert code == 2 and err.count("F001") == 2 and "did you mean" in err  # an error cannot be ignored; an unknown code


# -- nothing silent -------------------------------------------------------------------------
@pytest.mark.parametrize("command", [["plan", "-s", "blended"], ["gaps"], ["checklist", "-s", "blended", "-r", "dean"],
                                     ["explain", "hr.staffing", "-s", "blended"], ["compare"]])
def test_profile_warnings_go_to_stderr_unless_quiet(command: list[str], tmp_path: Path) -> None:
    profile = tmp_path / "p.yaml"
    profile.write_text(Path(COLLEGE).read_text(encoding="utf-8") + "progress:\n  hr.stafing: {status: done}\n", encoding="utf-8")
    args = [command[0], str(profile), *command[1:], *MINI_ARGS, "--today", "2020-08-10", "--lang", "en"]
    code, out, err = run(*args)
    assert code == 0 and "P002 warning: progress given for unknown task 'hr.stafing'" in err and "did you mean 'hr.staffing'" in err
    assert "P002" not in out
    code, out, err = run(*args, "--quiet")
    assert code == 0 and err == ""


def test_colour_on_a_terminal_only(monkeypatch: pytest.MonkeyPatch) -> None:
    from readiness.commands.common import colour_on, paint

    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("TERM", "xterm")
    assert colour_on(Tty()) and not colour_on(io.StringIO())
    assert "\033[31mS001" in paint("f.yaml:1:1: S001 bad", "error", True)
    assert "\033[33mP002" in paint("f.yaml:1:1: P002 warning: x", "warning", True)
    monkeypatch.setenv("NO_COLOR", "1")
    assert not colour_on(Tty())
    monkeypatch.delenv("NO_COLOR")
    monkeypatch.setenv("TERM", "dumb")
    assert not colour_on(Tty())


def test_no_progress_bar_under_term_dumb(monkeypatch: pytest.MonkeyPatch) -> None:
    from readiness import cli

    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.setattr(sys, "stderr", Tty())
    monkeypatch.setenv("TERM", "xterm")
    assert cli.progress(3, "x") is not None
    monkeypatch.setenv("TERM", "dumb")
    assert cli.progress(3, "x") is None


# -- never lose work -------------------------------------------------------------------------
def test_init_never_overwrites_without_force(tmp_path: Path) -> None:
    target = tmp_path / "my.yaml"
    target.write_text("a morning's work\n", encoding="utf-8")
    code, _, err = run("init", "--lang", "ru", "-o", str(target))
    assert code == 2 and "O006" in err and target.read_text(encoding="utf-8") == "a morning's work\n"
    code, _, _ = run("init", "--lang", "ru", "-o", str(target), "--force")
    assert code == 0 and "lang: ru" in target.read_text(encoding="utf-8")


@pytest.mark.parametrize("suffix", [".md", ".html", ".json", ".csv", ".xlsx", ".ics"])
def test_a_report_replaces_its_own_earlier_output_but_nothing_else(suffix: str, tmp_path: Path) -> None:
    target = tmp_path / f"plan{suffix}"
    args = ["plan", COLLEGE, "-s", "blended", *MINI_ARGS, "--today", "2020-08-10", "-o", str(target)]
    assert run(*args)[0] == 0
    first = target.read_bytes()
    assert run(*args, "--lang", "ru")[0] == 0 and target.read_bytes() != first  # its own output: replaced
    target.write_text("notes of a person\n", encoding="utf-8")
    code, _, err = run(*args)
    assert code == 2 and "O006" in err and target.read_text(encoding="utf-8") == "notes of a person\n"
    assert run(*args, "--force")[0] == 0 and target.read_bytes() != b"notes of a person\n"
    other = tmp_path / f"gaps{suffix}"
    if suffix != ".ics":  # a gap report is not a plan: it is not replaced by one
        assert run("gaps", COLLEGE, *MINI_ARGS, "-o", str(other))[0] == 0
        assert run(*args[:-1], str(other))[0] == 2


def test_the_format_follows_the_output_suffix(tmp_path: Path) -> None:
    target = tmp_path / "plan.xlsx"
    code, _, err = run("plan", COLLEGE, "-s", "blended", *MINI_ARGS, "-o", str(target))
    assert code == 0 and target.read_bytes()[:2] == b"PK", err
    code, _, err = run("plan", COLLEGE, "-s", "blended", *MINI_ARGS, "--format", "md", "-o", str(tmp_path / "p.xlsx"))
    assert code == 2 and "O005" in err and not (tmp_path / "p.xlsx").exists()
    code, _, err = run("plan", COLLEGE, "-s", "blended", *MINI_ARGS, "-o", str(tmp_path / "p.pdf"))
    assert code == 2 and "O005" in err
    code, _, err = run("plan", COLLEGE, "-s", "blended", *MINI_ARGS, "-o", COLLEGE)
    assert code == 2 and "O001" in err


# -- a first result a person can use -----------------------------------------------------------
def test_plan_on_a_terminal_prints_a_summary_and_writes_the_html(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from readiness.commands import report
    from readiness.commands.common import Session

    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.chdir(tmp_path)
    out = Tty()
    monkeypatch.setattr(sys, "stdout", out)
    assert report.run("plan", LYCEUM, None, None, Session("ru", quiet=True), None, scenario="blended",
                      today=__import__("datetime").date(2020, 8, 10)) == 0
    text = out.getvalue()
    lines = text.splitlines()
    assert len(lines) < 25 and lines[0].startswith("План действий:")
    assert "ПОД УГРОЗОЙ" in lines[1] or "УСПЕВАЕТ" in lines[1] or "НЕВОЗМОЖНО" in lines[1], lines[1]
    assert "Начать на этой неделе:" in text and "Полный отчёт (для печати): rural-lyceum-naryn.plan-blended.html" in text
    html = tmp_path / "rural-lyceum-naryn.plan-blended.html"
    assert html.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    (tmp_path / "rural-lyceum-naryn.plan-blended.html").write_text("mine\n", encoding="utf-8")
    out.seek(0), out.truncate()
    report.run("plan", LYCEUM, None, None, Session("ru", quiet=True), None, scenario="blended")
    assert "не записан" in out.getvalue() and html.read_text(encoding="utf-8") == "mine\n"


def test_a_pipe_gets_the_full_markdown() -> None:
    code, out, _ = run("plan", str(LYCEUM), "-s", "blended", "--today", "2020-08-10", "--lang", "en", "-q")
    assert code == 0 and out.startswith("# Action plan") and len(out.splitlines()) > 100


# -- conventions of known tools ---------------------------------------------------------------
@pytest.mark.parametrize("what, expected", [("scenarios", "blended"), ("roles", "АУП"), ("tasks", "hr.staffing-table"),
                                            ("facts", "staff.teaching"), ("codes", "P007")])
def test_list_in_the_chosen_language(what: str, expected: str) -> None:
    code, out, _ = run("list", what, "--lang", "ru")
    assert code == 0 and expected in out
    if what in ("scenarios", "codes"):
        assert "дистанционный" in out or "предупреждение" in out


def test_shell_completion_of_scenarios_roles_and_tasks() -> None:
    env = {"_READINESS_COMPLETE": "bash_complete", "COMP_WORDS": "readiness plan x.yaml -s bl", "COMP_CWORD": "4"}
    result = CliRunner().invoke(main, [], env=env, prog_name="readiness")
    assert "blended" in result.output
    env.update(COMP_WORDS="readiness explain x.yaml hr.staff", COMP_CWORD="3")
    assert "hr.staffing-table" in CliRunner().invoke(main, [], env=env, prog_name="readiness").output
    env.update(COMP_WORDS="readiness checklist x.yaml -s 2 -r ok", COMP_CWORD="6")
    assert "okk" in CliRunner().invoke(main, [], env=env, prog_name="readiness").output


def test_gitlab_code_quality(tmp_path: Path) -> None:
    broken = tmp_path / "mini"
    shutil.copytree(MINI, broken)
    tasks = broken / "tasks.yaml"
    tasks.write_text(tasks.read_text(encoding="utf-8").replace("depends_on: [proc.workload]", "depends_on: [proc.wrkload]", 1),
                     encoding="utf-8")
    code, out, _ = run("validate", str(broken), "--format", "gitlab", "--lang", "en")
    issues = json.loads(out)
    assert code == 1 and issues and all({"description", "check_name", "fingerprint", "severity", "location"} <= set(i) for i in issues)
    assert len({i["fingerprint"] for i in issues}) == len(issues)
    assert all(i["severity"] in ("info", "minor", "major", "critical", "blocker") and i["location"]["lines"]["begin"] >= 1
               for i in issues)
