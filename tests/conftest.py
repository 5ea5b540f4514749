from __future__ import annotations

import os
import shutil
from functools import lru_cache
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
MINI = FIXTURES / "mini"
BUNDLED = ROOT / "playbooks" / "kg-mes-2020"


@pytest.fixture(autouse=True, scope="session")
def _private_cache(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Compiled sets go to a temporary cache, never into the user's ~/.cache/readiness
    (subprocesses and CliRunner inherit the environment)."""
    os.environ["READINESS_CACHE_DIR"] = str(tmp_path_factory.mktemp("cache"))


@pytest.fixture(autouse=True, scope="session")
def _english_developer() -> None:
    """The tests run as an English-speaking developer without a settings file would, whatever
    the machine's locale and folders: LANG=en_US.UTF-8, no LC_ALL or LC_MESSAGES, no
    .readiness.yaml. Tests of the other languages and of the choice of language say so."""
    for variable in ("LC_ALL", "LC_MESSAGES"):
        os.environ.pop(variable, None)
    os.environ["LANG"] = "en_US.UTF-8"
    os.environ["READINESS_CONFIG"] = ""


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-goldens", action="store_true", help="rewrite golden files instead of comparing")


@pytest.fixture
def update_goldens(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-goldens"))


@pytest.fixture
def mini_copy(tmp_path: Path) -> Path:
    """A writable copy of the mini playbook set, for tests that break it."""
    target = tmp_path / "mini"
    shutil.copytree(MINI, target)
    return target


@pytest.fixture(scope="session")
def mini_playbook():
    from readiness.load.playbook import load_playbook

    return load_playbook(MINI)


@pytest.fixture(scope="session")
def bundled_playbook():
    from readiness.load.playbook import load_playbook

    return load_playbook(BUNDLED)


def golden(path: Path, actual: str, update: bool) -> None:
    """Compare ``actual`` with the golden file, or rewrite it with --update-goldens."""
    if update or not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8")
        if not update:
            pytest.fail(f"golden file {path} was missing and has been written; review and commit it")
    assert actual == path.read_text(encoding="utf-8"), f"output differs from {path}; run pytest --update-goldens and review the diff"


@lru_cache(maxsize=None)
def bundled_type_env():
    """The facts rules may read in the bundled set, and their types (a fresh dict each time is the caller's)."""
    from readiness.load.facts import type_env
    from readiness.load.playbook import load_playbook

    return type_env(load_playbook(BUNDLED).profile_schema)
