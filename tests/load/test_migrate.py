"""Evolving the vocabulary: a set renames and retires facts; old profiles still load (with a
warning) and `readiness migrate` rewrites them, keeping comments and order."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import MINI
from readiness.cli import main
from readiness.load.migrate import migrate
from readiness.load.playbook import load_playbook
from readiness.load.profile import check_profile

OLD = """\
# A profile written for version 1 of the set.
profile_version: 1
institution: {id: test-college, name: Тест колледжи, type: secondary, region: Chui}
term_start: 2020-09-01   # day 0
scenarios: [distance, blended]
facts:
  staff:
    teaching: 40            # counted in June
    low_ict_skills_share: 0.5
    low_motivation: true    # retired in version 2
  digital: {avn: false}
  rooms:
    - {id: "1", area_m2: 45, seats: 30}
    - id: "2"
      area_m2: 30
      seats: 12
  documents:
    staffing_table: false
    wifi_plan: true         # not a fact of the set: left for a person to move
"""

NEW = """\
# A profile written for version 1 of the set.
profile_version: 1
playbook: {id: mini, version: '2'}
institution: {id: test-college, name: Тест колледжи, type: secondary, region: Chui}
term_start: 2020-09-01   # day 0
scenarios: [distance, blended]
facts:
  staff:
    teaching: 40            # counted in June
    low_ict_skills_share: 0.5
  digital: {avn_system: false}
  rooms:
    - {id: "1", area_m2: 45, normal_seats: 30}
    - id: "2"
      area_m2: 30
      normal_seats: 12
  documents:
    staffing_table: false
    wifi_plan: true         # not a fact of the set: left for a person to move
"""


@pytest.fixture
def version2(tmp_path: Path) -> Path:
    """The mini set's version 2: digital.avn renamed, rooms.seats renamed, staff.low_motivation retired."""
    target = tmp_path / "mini"
    shutil.copytree(MINI, target)
    facts = (target / "facts.yaml").read_text(encoding="utf-8")
    facts = facts.replace("  - path: digital.avn\n", "  - path: digital.avn_system\n    renamed_from: [digital.avn]\n", 1)
    facts = facts.replace("  - path: rooms.seats\n", "  - path: rooms.normal_seats\n    renamed_from: [rooms.seats]\n", 1)
    facts = facts.replace("  - path: staff.low_motivation\n", "  - path: staff.low_motivation\n    retired: \"2\"\n", 1)
    (target / "facts.yaml").write_text(facts, encoding="utf-8")
    tasks = (target / "tasks.yaml").read_text(encoding="utf-8")
    (target / "tasks.yaml").write_text(tasks.replace("digital.avn", "digital.avn_system"), encoding="utf-8")
    manifest = (target / "manifest.yaml").read_text(encoding="utf-8")
    (target / "manifest.yaml").write_text(manifest.replace('version: "1"', 'version: "2"'), encoding="utf-8")
    return target


def write(tmp_path: Path, text: str, name: str = "old.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_migrate_moves_renamed_facts_removes_retired_ones_and_keeps_comments_and_order(version2: Path, tmp_path: Path) -> None:
    result = migrate(write(tmp_path, OLD), load_playbook(version2))
    assert result.text == NEW
    assert sorted((c.kind, c.old_path, c.new_path) for c in result.changes) == [
        ("renamed", "facts.digital.avn", "facts.digital.avn_system"),
        ("renamed", "facts.rooms[0].seats", "facts.rooms[0].normal_seats"),
        ("renamed", "facts.rooms[1].seats", "facts.rooms[1].normal_seats"),
        ("retired", "facts.staff.low_motivation", ""),
    ]
    assert result.unmapped == ["facts.documents.wifi_plan"]


def test_an_old_profile_loads_with_warnings_and_plans_as_its_migrated_form(version2: Path, tmp_path: Path) -> None:
    playbook = load_playbook(version2)
    old = write(tmp_path, OLD.replace("    wifi_plan: true         # not a fact of the set: left for a person to move\n", ""))
    profile, findings = check_profile(old, playbook)
    assert profile is not None
    assert sorted((d.code, d.line) for d in findings) == [("P009", 11), ("P009", 13), ("P009", 16), ("P010", 10)]
    assert profile.data["facts"]["digital"] == {"avn_system": False} and "low_motivation" not in profile.data["facts"]["staff"]
    new = write(tmp_path, migrate(old, playbook).text, "new.yaml")
    assert check_profile(new, playbook)[1] == []
    plans = [invoke("plan", str(p), "-s", "blended", "--playbooks", str(version2), "--format", "json", "--today", "2020-08-10")
             for p in (old, new)]
    assert plans[0][0] == plans[1][0] == 0
    strip = lambda out: {k: v for k, v in json.loads(out).items() if k not in ("institution", "generator", "profile")}  # noqa: E731
    assert strip(plans[0][1]) == strip(plans[1][1])


def test_migrate_command_prints_writes_in_place_and_never_overwrites_unasked(version2: Path, tmp_path: Path) -> None:
    old = write(tmp_path, OLD)
    code, out, err = invoke("migrate", str(old), "--playbooks", str(version2), "--lang", "en")
    assert code == 1 and out == NEW  # exit 1: wifi_plan could not be mapped
    assert "Renamed: facts.digital.avn → facts.digital.avn_system" in err
    assert "Removed: facts.staff.low_motivation (retired in version 2)" in err
    assert "Not mapped (fix by hand): facts.documents.wifi_plan" in err and "Playbook set: — → mini 2" in err
    target = write(tmp_path, "keep me\n", "target.yaml")
    code, _, err = invoke("migrate", str(old), "--playbooks", str(version2), "-o", str(target))
    assert code == 2 and "O007" in err and target.read_text(encoding="utf-8") == "keep me\n"
    code, _, _ = invoke("migrate", str(old), "--playbooks", str(version2), "-o", str(target), "--force")
    assert code == 1 and target.read_text(encoding="utf-8") == NEW
    code, _, err = invoke("migrate", str(old), "--playbooks", str(version2), "-i", "-o", str(target))
    assert code == 2 and "O007" in err
    code, out, _ = invoke("migrate", str(old), "--playbooks", str(version2), "-i", "--lang", "ru")
    assert code == 1 and out == "" and old.read_text(encoding="utf-8") == NEW
    code, _, err = invoke("migrate", str(old), "--playbooks", str(version2), "--lang", "ky")
    assert "Өзгөртө турган маалымат жок" in err  # nothing left to change


def test_a_profile_of_the_current_version_comes_back_byte_for_byte(tmp_path: Path) -> None:
    """Migrating needs no change: the file is written back as it was, with only its set stamped."""
    from conftest import BUNDLED

    playbook = load_playbook(BUNDLED)
    for example in sorted((BUNDLED / "examples").glob("*.yaml")):
        text = example.read_text(encoding="utf-8")
        result = migrate(example, playbook)
        assert result.changes == [] and result.unmapped == []
        stamp = f"playbook: {{id: {playbook.id}, version: '{playbook.version}'}}\n"
        assert result.text == text.replace("profile_version: 1\n", "profile_version: 1\n" + stamp, 1), example.name


def test_migrate_never_writes_over_its_input_or_a_file_of_the_set(version2: Path, tmp_path: Path) -> None:
    """Found by an outside review: -o naming the profile (or a link to it) and -i on a file of the
    set both went through; a set's manifest was even taken for a profile."""
    old = write(tmp_path, OLD)
    before = old.read_text(encoding="utf-8")
    link = tmp_path / "link.yaml"
    link.symlink_to(old)
    for target in (old, link):
        code, _, err = invoke("migrate", str(old), "--playbooks", str(version2), "-o", str(target), "--force", "--lang", "en")
        assert (code, "O001" in err) == (2, True), err
    kept = version2 / "examples" / "kept.yaml"
    kept.parent.mkdir(exist_ok=True)
    kept.write_text(OLD, encoding="utf-8")
    code, _, err = invoke("migrate", str(kept), "-i", "--playbooks", str(version2), "--lang", "en")
    assert (code, "O001" in err, kept.read_text(encoding="utf-8")) == (2, True, OLD), err
    manifest = version2 / "manifest.yaml"
    text = manifest.read_text(encoding="utf-8")
    code, _, err = invoke("migrate", str(manifest), "-o", str(tmp_path / "m.yaml"), "--playbooks", str(version2), "--lang", "en")
    assert (code, "O007" in err, "not a profile" in err, (tmp_path / "m.yaml").exists()) == (2, True, True, False), err
    assert manifest.read_text(encoding="utf-8") == text and old.read_text(encoding="utf-8") == before
