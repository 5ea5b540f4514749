"""Texts a terminal shows or a template comments: one line each, escapes shown, never obeyed
(an outside review found the plan's terminal summary, `migrate`'s report, `list` and `init`
printing a set's or a profile's texts raw: a forged finding line, a cleared screen, keys planted
in every new profile)."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import yaml

from hostile import RAW_CONTROLS, TERMINAL, cli, hostile_profile, hostile_set
from readiness.commands.migrate import report as migrate_report
from readiness.load.migrate import Migration
from readiness.load.playbook import load_playbook
from readiness.load.profile import load_profile
from readiness.render.profile_template import profile_template
from readiness.render.summary import plan_summary
from readiness.reports.build import build_report

TODAY = date(2020, 8, 10)
FORGED = "\r\nfake.yaml:1:1: E001 forged"


def assert_inert(text: str, lines: int) -> None:
    assert not any(c in text for c in RAW_CONTROLS + ("\r",)), text
    assert text.count("\n") == lines, text


def test_the_terminal_summary_shows_every_text_as_one_line(tmp_path: Path) -> None:
    playbook = load_playbook(hostile_set(tmp_path))
    data = build_report("plan", playbook, load_profile(hostile_profile(tmp_path), playbook), "en", scenario="blended", today=TODAY)
    clean_set = load_playbook(hostile_set(tmp_path, harmless=True))
    clean = build_report("plan", clean_set, load_profile(hostile_profile(tmp_path, "clean.yaml", harmless=True), clean_set), "en",
                         scenario="blended", today=TODAY)
    expected = plan_summary(clean, "Full report: clean.plan-blended.html").count("\n")
    summary = plan_summary(data, "Full report: x" + TERMINAL[1] + ".plan-blended.html")
    assert_inert(summary, expected)
    assert "\\x1b[31mred" in summary  # shown, not dropped


def test_migrate_reports_a_profiles_ids_and_keys_as_text() -> None:
    result = Migration("", unknown=["facts." + TERMINAL[0] + FORGED], written_for={"id": TERMINAL[1] + FORGED, "version": "1"})
    text = migrate_report(result, "p" + TERMINAL[3] + ".yaml", "mini", "1", "en")
    assert_inert(text, 3)  # nothing to change, one fact not mapped, the set: three lines
    assert all(line.startswith("pbell\\x07.yaml: ") for line in text.splitlines())


def test_list_shows_a_sets_titles_one_line_each(tmp_path: Path) -> None:
    done = cli(["list", "tasks", "--playbooks", hostile_set(tmp_path), "--lang", "en"])
    assert done.returncode == 0, done.stderr
    tasks = yaml.safe_load((tmp_path / "set" / "tasks.yaml").read_text(encoding="utf-8"))["tasks"]
    assert_inert(done.stdout, len(tasks))
    assert [line.split()[0] for line in done.stdout.splitlines()] == sorted(t["id"] for t in tasks)


@pytest.mark.parametrize("planted", ["Number of staff.\n  admin: 0\nterm_start: 2020-01-01\n#", "staff\r\nterm_start: 1", "\x1b]0;t\x07"])
def test_a_facts_help_stays_inside_its_comment_in_the_profile_template(tmp_path: Path, planted: str) -> None:
    clean = load_playbook(hostile_set(tmp_path, harmless=True))
    set_dir = hostile_set(tmp_path)
    facts = set_dir / "facts.yaml"
    data = yaml.safe_load(facts.read_text(encoding="utf-8"))
    for fact in data["facts"]:
        if fact["path"] == "staff.admin":
            fact["help"] = {lang: planted for lang in fact["help"]}
    facts.write_text(yaml.safe_dump(data, allow_unicode=True, width=10**6), encoding="utf-8")
    template = profile_template(load_playbook(set_dir), "en", date(2020, 9, 1), TODAY)
    expected = profile_template(clean, "en", date(2020, 9, 1), TODAY)
    assert not any(c in template for c in RAW_CONTROLS + ("\r",))
    got, want = yaml.safe_load(template), yaml.safe_load(expected)
    assert got.pop("playbook")["id"] == want.pop("playbook")["id"]  # (the hostile set's version is hostile too)
    assert got == want  # the same keys and values: nothing planted
    assert template.count("\n") == expected.count("\n")
