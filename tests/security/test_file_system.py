"""One way to read and one way to write a file (issue 15): special files, links to devices,
unreadable files and folders, read-only folders, full disks, files of the set."""
from __future__ import annotations

import json
import os
import resource
import signal
import stat
from pathlib import Path

import pytest

from hostile import MINI, child_env, cli, second_user, shared_tmp  # noqa: F401 - a fixture

PROFILE = MINI / "examples" / "college.yaml"
PLAN = ["plan", PROFILE, "-s", "blended", "--playbooks", MINI, "--today", "2020-08-10"]


def test_output_onto_a_device_leaves_the_device(tmp_path: Path) -> None:
    """`-o /dev/stdout` with stdout sent to /dev/null once replaced /dev/null with a file."""
    with open(os.devnull, "w") as null:
        import subprocess
        import sys

        done = subprocess.run([sys.executable, "-m", "readiness.cli", *map(str, PLAN), "-o", "/dev/stdout"],
                              stdout=null, stderr=subprocess.PIPE, text=True, env=child_env(), timeout=60)
    assert done.returncode == 2 and "O004" in done.stderr and "a device" in done.stderr
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


def test_a_full_disk_is_a_finding_and_the_old_output_stays(tmp_path: Path) -> None:
    out = tmp_path / "plan.md"
    out.write_text("the old plan\n")

    def small_files() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (64, 64))

    done = cli([*PLAN, "-o", out, "--force"], preexec_fn=small_files)
    assert done.returncode == 2 and "O004" in done.stderr and "Traceback" not in done.stderr, done.stderr
    assert out.read_text() == "the old plan\n"
    assert [p.name for p in tmp_path.iterdir()] == ["plan.md"]


def test_dev_full_is_refused_before_any_write() -> None:
    done = cli([*PLAN, "-o", "/dev/full"])
    assert done.returncode == 2 and "O004" in done.stderr


def test_a_fifo_profile_does_not_hang(tmp_path: Path) -> None:
    fifo = tmp_path / "profile.yaml"
    os.mkfifo(fifo)
    done = cli(["plan", fifo, "-s", "blended", "--playbooks", MINI], timeout=20)
    assert done.returncode == 2 and "Y007" in done.stderr and "FIFO" in done.stderr


def test_a_link_to_dev_zero_is_not_read_until_memory_runs_out(tmp_path: Path) -> None:
    link = tmp_path / "profile.yaml"
    link.symlink_to("/dev/zero")
    done = cli(["validate", link, "--playbooks", MINI], timeout=20)
    assert done.returncode == 2 and "Y007" in done.stdout and "a device" in done.stdout


def test_a_proc_file_whose_size_says_zero_is_refused() -> None:
    from readiness.errors import ReadinessError
    from readiness.io.files import read_bytes

    assert os.stat("/proc/self/status").st_size == 0
    assert read_bytes(Path("/proc/self/status"), limit=100_000)  # read, and bounded: not a special file
    with pytest.raises(ReadinessError) as exc:
        read_bytes(Path("/proc/self/status"), limit=10)
    assert exc.value.diagnostics[0].code == "Y006"


def test_aggregate_lists_every_file_it_cannot_read(tmp_path: Path) -> None:
    folder = tmp_path / "profiles"
    (folder / "sub").mkdir(parents=True)
    (folder / "college.yaml").write_bytes(PROFILE.read_bytes())
    os.mkfifo(folder / "sub" / "pipe.yaml")
    (folder / "zero.yaml").symlink_to("/dev/zero")
    done = cli(["aggregate", folder, "--playbooks", MINI, "--format", "json", "-j", "2", "--today", "2020-09-01"], timeout=60)
    assert done.returncode == 1, done.stderr
    errors = {e["file"].rsplit("/", 1)[-1]: [f["code"] for f in e["findings"]] for e in json.loads(done.stdout)["errors"]}
    assert errors == {"pipe.yaml": ["Y007"], "zero.yaml": ["Y007"]}


# -- as a second user ---------------------------------------------------------------------------
def test_unreadable_files_and_folders_are_findings(shared_tmp: Path) -> None:
    user = second_user()
    folder = shared_tmp / "profiles"
    (folder / "locked").mkdir(parents=True)
    (folder / "college.yaml").write_bytes(PROFILE.read_bytes())
    (folder / "locked" / "hidden.yaml").write_bytes(PROFILE.read_bytes())
    (folder / "secret.yaml").write_bytes(PROFILE.read_bytes())
    os.chmod(folder / "secret.yaml", 0o600)
    os.chmod(folder / "locked", 0o700)  # root's: the second user may not list it
    os.chmod(folder, 0o755)
    done = cli(["aggregate", folder, "--playbooks", MINI, "--format", "json", "-j", "1", "--today", "2020-09-01"], user=user)
    assert done.returncode == 1 and "Traceback" not in done.stderr, done.stderr
    errors = {e["file"].rsplit("/", 1)[-1]: [f["code"] for f in e["findings"]] for e in json.loads(done.stdout)["errors"]}
    assert errors == {"locked": ["Y007"], "secret.yaml": ["Y007"]}, "the unreadable sub-folder is listed, not skipped"
    done = cli(["plan", folder / "secret.yaml", "-s", "blended", "--playbooks", MINI], user=user)
    assert done.returncode == 2 and "Y007" in done.stderr and "Permission denied" in done.stderr


def test_an_unreadable_playbook_file_is_a_finding(shared_tmp: Path) -> None:
    import shutil

    user = second_user()
    target = shared_tmp / "set"
    shutil.copytree(MINI, target)
    os.chmod(target / "tasks.yaml", 0o600)
    for path in [target, *target.rglob("*")]:
        os.chmod(path, os.stat(path).st_mode | (0o755 if path.is_dir() else 0))
    done = cli(["validate", target], user=user)
    assert done.returncode in (1, 2) and "Y007" in done.stderr + done.stdout and "Traceback" not in done.stderr


def test_a_read_only_folder_is_a_finding_for_the_second_user(shared_tmp: Path) -> None:
    user = second_user()
    folder = shared_tmp / "readonly"
    folder.mkdir(mode=0o755)  # root's: the second user may not write in it
    done = cli([*PLAN, "-o", folder / "plan.md"], user=user)
    assert done.returncode == 2 and "O004" in done.stderr and "Permission denied" in done.stderr, done.stderr
    done = cli([*PLAN, "-o", "/dev/null"], user=user)
    assert done.returncode == 2 and "O004" in done.stderr and "Traceback" not in done.stderr


def _planted_workbook(path: Path, how: str) -> Path:
    """A file named like last run's workbook that is not one: what may sit in a shared output folder."""
    import zipfile
    import zlib

    if how == "bomb":  # 64 MiB of properties, deflated to some 64 KiB
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as book:
            book.writestr("docProps/core.xml", b"<" + b" " * (64 << 20))
        return path
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as book:
        book.writestr("docProps/core.xml", "<dc:creator>readiness 1</dc:creator>" * 10)
    raw = bytearray(path.read_bytes())
    local = raw.index(b"PK\x03\x04")
    central = raw.index(b"PK\x01\x02")
    if how == "encrypted":  # the general-purpose flag's bit 0, in both headers
        raw[local + 6] |= 1
        raw[central + 8] |= 1
    elif how == "method":  # a compression method zipfile does not have
        raw[local + 8] = raw[central + 10] = 99
    else:  # a broken deflate stream
        start = local + 30 + len("docProps/core.xml")
        raw[start:start + 8] = b"\xff" * 8
    path.write_bytes(bytes(raw))
    return path


@pytest.mark.parametrize("how", ["bomb", "encrypted", "method", "broken"])
def test_a_planted_workbook_is_refused_without_being_inflated(tmp_path: Path, how: str) -> None:
    """Before replacing an .xlsx, readiness reads the old one's author: at most 64 KiB of it, and
    whatever the file raises on the way means "not ours" (exit 2), never a traceback or gigabytes."""
    target = _planted_workbook(tmp_path / "plan.xlsx", how)
    before = target.read_bytes()
    done = cli([*PLAN, "-o", target], env=child_env())
    assert (done.returncode, "O006" in done.stderr, "Traceback" in done.stderr) == (2, True, False), done.stderr
    assert target.read_bytes() == before
    if how == "bomb":
        import tracemalloc

        from readiness.render.marks import written_by_readiness

        tracemalloc.start()
        try:
            assert written_by_readiness(target, "plan", "xlsx") is False
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
        assert peak < 8 << 20  # bytes: the file itself and a bounded read, never the 64 MiB inflated
