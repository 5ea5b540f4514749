"""Where the bundled playbooks, schemas and templates are, installed or in a checkout."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Protocol

Loader = Callable[[Path], Any]


class Kept(Protocol):
    """Bytes kept between runs under a name, for this program only (load.cache: signed, and named
    after the program's digest and ``salt``)."""

    def get(self, name: str, salt: bytes) -> bytes | None: ...

    def put(self, name: str, salt: bytes, body: bytes) -> None: ...


# Set by load.cache when it is loaded (:func:`keep_with`): the user's signed cache, which this
# base layer cannot import. While unset, nothing is kept and each data file is parsed when read.
_data_cache: Callable[[Path, Loader], Any] | None = None
_kept: Callable[[], Kept | None] | None = None


def keep_with(data_cache: Callable[[Path, Loader], Any], kept_store: Callable[[], Kept | None]) -> None:
    """Where the program's parsed data files and other kept bytes go between runs."""
    global _data_cache, _kept
    _data_cache, _kept = data_cache, kept_store


def kept() -> Kept | None:
    """The store of kept bytes, or None: nothing is kept."""
    return _kept() if _kept is not None else None


def package_data(path: Path, load: Loader) -> Any:
    """``load(path)`` of one of the program's own files, through the data cache when there is one."""
    return load(path) if _data_cache is None else _data_cache(path, load)


SCHEMA_NAMES = ("playbook", "profile", "config", "test", "plan", "gaps", "checklist", "aggregate", "impact")


@lru_cache(maxsize=None)
def data_dir() -> Path:
    """The folder holding playbooks/, schemas/ and templates/.

    In a wheel they are package data under ``readiness/_data``; in a checkout (or an
    editable install) they are the top-level folders of the repository.
    """
    here = Path(__file__).resolve().parent
    packaged = here / "_data"
    if (packaged / "schemas").is_dir():
        return packaged
    checkout = here.parent.parent
    if (checkout / "schemas").is_dir():
        return checkout
    raise RuntimeError(f"readiness data files not found next to {here}")  # a broken install, not user input


def schema_path(name: str) -> Path:
    return data_dir() / "schemas" / f"{name}.schema.json"


def templates_dir() -> Path:
    return data_dir() / "templates"


def playbooks_dir() -> Path:
    return data_dir() / "playbooks"


@lru_cache(maxsize=None)
def default_playbook() -> Path:
    """The bundled set: the (first, in name order) folder of playbooks/ with a manifest.yaml."""
    sets = sorted(p for p in playbooks_dir().iterdir() if (p / "manifest.yaml").is_file())
    if not sets:
        raise RuntimeError(f"no playbook set in {playbooks_dir()}")  # a broken install, not user input
    return sets[0]
