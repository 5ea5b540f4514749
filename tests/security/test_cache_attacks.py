"""The compiled-set cache cannot be turned against its user (issue 15): nothing another user
wrote is unpickled, nothing is written through a planted link, a bad folder or entry is a
warning and a run without the cache, never a traceback."""
from __future__ import annotations

import os
import pickle
import shutil
import stat
from pathlib import Path

import pytest

from hostile import MINI, child_env, cli, for_user, second_user, shared_tmp  # noqa: F401 - a fixture
from readiness.load import cache

PROFILE = MINI / "examples" / "college.yaml"
PLAN = ["plan", PROFILE, "-s", "blended", "--playbooks", MINI, "--today", "2020-08-10", "--format", "json"]


class Boom:
    """A pickle that runs a command when loaded: what an attacker plants."""

    def __init__(self, marker: Path):
        self.marker = marker

    def __reduce__(self) -> tuple[object, ...]:
        return (os.system, (f"touch {self.marker}",))


def entry_of(folder: Path) -> Path:
    key = cache.cache_key(MINI)
    assert key
    return folder / f"{key}.pickle"


def run_plan(folder: Path, **kw: object) -> tuple[int, str]:
    done = cli(PLAN, env=child_env(READINESS_CACHE_DIR=str(folder)), **kw)  # type: ignore[arg-type]
    assert "Traceback" not in done.stderr, done.stderr
    return done.returncode, done.stderr


def test_folder_is_made_0700_whatever_the_umask(tmp_path: Path) -> None:
    folder = tmp_path / "deep" / "cache"
    old = os.umask(0)
    try:
        done = cli(PLAN, env=child_env(READINESS_CACHE_DIR=str(folder)), preexec_fn=lambda: os.umask(0))
    finally:
        os.umask(old)
    assert done.returncode == 0, done.stderr
    for made in (folder, folder.parent):
        assert stat.S_IMODE(os.stat(made).st_mode) == 0o700, oct(os.stat(made).st_mode)
    entry, key = entry_of(folder), folder / "key"
    assert stat.S_IMODE(os.stat(entry).st_mode) == 0o600 and stat.S_IMODE(os.stat(key).st_mode) == 0o600
    assert [p.name for p in folder.iterdir() if p.name.endswith(".tmp")] == []


@pytest.mark.parametrize("mode", [0o777, 0o770, 0o722, 0o1777])
def test_a_folder_others_may_write_is_refused(tmp_path: Path, mode: int) -> None:
    folder = tmp_path / "shared"
    folder.mkdir()
    os.chmod(folder, mode)
    code, err = run_plan(folder)
    assert code == 0 and "C001" in err and "others may write to it" in err
    assert list(folder.iterdir()) == []  # not used at all: no key, no entry


def test_a_planted_pickle_is_never_loaded(tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    assert run_plan(folder)[0] == 0
    marker = tmp_path / "pwned"
    entry = entry_of(folder)
    entry.write_bytes(pickle.dumps(Boom(marker)))  # no signature
    code, err = run_plan(folder)
    assert code == 0 and not marker.exists()
    body = pickle.dumps(Boom(marker))
    entry.write_bytes(cache.MAGIC + b"\0" * 32 + body)  # a signature made without the key
    code, err = run_plan(folder)
    assert code == 0 and not marker.exists()
    assert entry.read_bytes().startswith(cache.MAGIC) and b"pwned" not in entry.read_bytes()  # rebuilt


def test_a_signed_pickle_of_the_wrong_type_is_rebuilt(tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    assert run_plan(folder)[0] == 0
    secret = (folder / "key").read_bytes()
    body = pickle.dumps({"not": "a playbook"})
    entry_of(folder).write_bytes(cache.MAGIC + cache._sign(secret, body) + body)
    code, err = run_plan(folder)
    assert code == 0 and err == ""


def test_links_are_never_followed(tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    assert run_plan(folder)[0] == 0
    victim = tmp_path / "victim"
    victim.write_text("root's own file\n")
    os.chmod(victim, 0o600)
    entry = entry_of(folder)
    entry.unlink()
    entry.symlink_to(victim)  # a link where the entry goes: read it? write through it?
    for pid in range(os.getpid() - 50, os.getpid() + 500):  # the old predictable temporary names
        (folder / f"{entry.stem}.{pid}.tmp").symlink_to(victim)
    code, err = run_plan(folder)
    assert code == 0 and "C001" in err and "link" in err
    assert victim.read_text() == "root's own file\n"
    (folder / "key").unlink()
    (folder / "key").symlink_to(victim)
    code, err = run_plan(folder)
    assert code == 0 and "C001" in err and victim.read_text() == "root's own file\n"


def test_a_key_others_may_read_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    assert run_plan(folder)[0] == 0
    os.chmod(folder / "key", 0o644)
    code, err = run_plan(folder)
    assert code == 0 and "C001" in err and "0600" in err


def test_a_folder_that_is_a_file_or_a_link(tmp_path: Path) -> None:
    afile = tmp_path / "file"
    afile.write_text("x")
    assert run_plan(afile)[1].count("C001") == 1
    real = tmp_path / "real"
    real.mkdir(mode=0o700)
    link = tmp_path / "link"
    link.symlink_to(real)
    code, err = run_plan(link)
    assert code == 0 and "C001" in err and "not a folder" in err and list(real.iterdir()) == []


def test_a_full_disk_leaves_no_temporary_file(tmp_path: Path) -> None:
    """The entry's write fails (a file-size limit stands in for a full disk): no *.tmp stays."""
    import resource
    import signal

    folder = tmp_path / "cache"
    folder.mkdir(mode=0o700)

    def small_files() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))

    done = cli(PLAN, env=child_env(READINESS_CACHE_DIR=str(folder)), preexec_fn=small_files)
    assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr
    assert sorted(p.name for p in folder.iterdir()) == ["key"]


# -- as a second user -------------------------------------------------------------------------------
def test_a_folder_another_user_owns_is_refused(tmp_path: Path) -> None:
    """The attack of the issue: another user made the cache folder and planted an entry in it."""
    user = second_user()
    folder = tmp_path / "theirs"
    folder.mkdir(mode=0o700)
    marker = tmp_path / "pwned"
    (folder / "key").write_bytes(b"k" * 32)
    body = pickle.dumps(Boom(marker))
    entry_of(folder).write_bytes(cache.MAGIC + cache._sign(b"k" * 32, body) + body)  # signed with *their* key
    for path in [folder, *folder.iterdir()]:
        os.chown(path, *user)
    code, err = run_plan(folder)
    assert code == 0 and "C001" in err and f"owned by another user (uid {user[0]})" in err
    assert not marker.exists()


def test_an_entry_another_user_owns_is_refused(tmp_path: Path) -> None:
    user = second_user()
    folder = tmp_path / "cache"
    assert run_plan(folder)[0] == 0
    os.chown(entry_of(folder), *user)
    code, err = run_plan(folder)
    assert code == 0 and "C001" in err and "owned by another user" in err


def test_an_unreadable_folder_is_a_warning_for_the_second_user(shared_tmp: Path) -> None:
    user = second_user()
    home = shared_tmp / "home"
    home.mkdir()
    for_user(home, user)
    folder = home / "cache"
    folder.mkdir(mode=0o700)
    os.chown(folder, *user)
    os.chmod(folder, 0o000)  # theirs, but they took every right away
    done = cli(PLAN, env=child_env(READINESS_CACHE_DIR=str(folder)), user=user)
    assert done.returncode == 0 and "Traceback" not in done.stderr and "C001" in done.stderr, done.stderr
    os.chmod(folder, 0o700)
    done = cli(PLAN, env=child_env(READINESS_CACHE_DIR=str(folder)), user=user)
    assert done.returncode == 0 and done.stderr == "", done.stderr
    assert os.stat(folder / "key").st_uid == user[0]


def test_the_second_user_cannot_use_roots_cache(shared_tmp: Path) -> None:
    user = second_user()
    folder = shared_tmp / "cache"
    assert run_plan(folder)[0] == 0
    os.chmod(folder, 0o755)  # even where root left it open to reading
    done = cli(PLAN, env=child_env(READINESS_CACHE_DIR=str(folder)), user=user)
    assert done.returncode == 0 and "C001" in done.stderr and "Traceback" not in done.stderr, done.stderr
    shutil.rmtree(folder)


def test_planted_template_bytecode_is_never_run(tmp_path: Path) -> None:
    """Compiled templates are code too: kept signed in the same folder, and a planted one is
    ignored (the template is compiled again from its source)."""
    import marshal

    folder = tmp_path / "cache"
    html = [*PLAN[:-1], "html"]
    first = cli(html, env=child_env(READINESS_CACHE_DIR=str(folder)))
    assert first.returncode == 0
    planted = sorted(folder.glob("jinja-*.bytecode"))
    assert planted and all(p.read_bytes().startswith(cache.MAGIC) for p in planted)  # signed, like the sets
    marker = tmp_path / "pwned"
    code = compile(f"import os; os.system('touch {marker}')", "<planted>", "exec")
    for path in planted:
        path.write_bytes(cache.MAGIC + b"\0" * 32 + marshal.dumps(code))  # signed without the key
    again = cli(html, env=child_env(READINESS_CACHE_DIR=str(folder)))
    assert again.returncode == 0 and again.stdout == first.stdout and not marker.exists()
