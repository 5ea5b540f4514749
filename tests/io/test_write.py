"""Outputs are written atomically, keep the previous file on interruption, and never overwrite an input."""
from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from readiness.errors import UsageError
from readiness.io.write import write_atomic


def test_interrupted_write_keeps_the_previous_output(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "plan.md"
    target.write_text("previous plan\n", encoding="utf-8")

    def interrupted(*_args: object) -> None:
        raise KeyboardInterrupt  # Ctrl-C between writing the temporary file and renaming it

    monkeypatch.setattr(os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_atomic(target, "new plan\n")
    assert target.read_text(encoding="utf-8") == "previous plan\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.md"]  # no temporary file left behind


def test_a_failed_write_leaves_nothing_half_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "plan.xlsx"

    def disk_full(_fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    with pytest.raises(UsageError) as exc:  # a finding (exit 2), not a traceback
        write_atomic(target, b"PK\x03\x04")
    assert exc.value.diagnostics[0].code == "O004" and "No space left" in exc.value.diagnostics[0].message
    assert list(tmp_path.iterdir()) == []


def test_refuses_to_overwrite_an_input(tmp_path: Path) -> None:
    profile = tmp_path / "profile.yaml"
    profile.write_text("institution: x\n", encoding="utf-8")
    with pytest.raises(UsageError) as exc:
        write_atomic(tmp_path / "." / "profile.yaml", "plan", [profile])
    assert exc.value.diagnostics[0].code == "O001"
    assert profile.read_text(encoding="utf-8") == "institution: x\n"


def test_an_input_by_another_name_is_refused_and_a_hard_link_is_not(tmp_path: Path) -> None:
    """The rule is the resolved path: an input that is a link to the output is refused (inputs given
    as Path or as text, among thousands), while a hard link of an input is a name of its own,
    which the rename replaces without touching the input."""
    out = tmp_path / "report.json"
    out.write_text("{}", encoding="utf-8")
    (tmp_path / "profiles").mkdir()
    link = tmp_path / "profiles" / "linked.yaml"
    link.symlink_to(out)
    others = [str(tmp_path / "profiles" / f"p{i}.yaml") for i in range(2000)]
    for other in others:
        Path(other).write_text("x: 1\n", encoding="utf-8")
    for inputs in ([*others, str(link)], [Path(o) for o in others] + [link]):
        with pytest.raises(UsageError) as exc:
            write_atomic(out, "new", iter(inputs))
        assert exc.value.diagnostics[0].code == "O001" and out.read_text(encoding="utf-8") == "{}"
    hard = tmp_path / "hard.json"
    os.link(out, hard)
    write_atomic(hard, "new", [out, *others])
    assert hard.read_text(encoding="utf-8") == "new" and out.read_text(encoding="utf-8") == "{}"
    write_atomic(tmp_path / "fresh.json", "new", [str(link), *others])


def test_new_files_get_ordinary_permissions_and_replaced_ones_keep_theirs(tmp_path: Path) -> None:
    new = tmp_path / "new.html"
    write_atomic(new, "<p>x</p>")
    mask = os.umask(0)
    os.umask(mask)
    assert stat.S_IMODE(new.stat().st_mode) == 0o666 & ~mask
    kept = tmp_path / "kept.html"
    kept.write_text("old", encoding="utf-8")
    kept.chmod(0o640)
    write_atomic(kept, "new")
    assert stat.S_IMODE(kept.stat().st_mode) == 0o640 and kept.read_text(encoding="utf-8") == "new"
