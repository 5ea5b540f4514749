"""Where the bundled playbooks, schemas and templates are, installed or in a checkout."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any, Callable

Loader = Callable[[Path], Any]
# What keeps the program's own data files (catalogues) parsed between runs: set by load.cache
# (the user's signed cache) when it is loaded; while unset, each is parsed when first read.
DATA_CACHE: dict[str, Callable[[Path, Loader], Any] | None] = {"value": None}


class Kept:
    """Bytes kept between runs under a name, for this program only (load.cache: signed, and named
    after the program's digest and ``salt``)."""

    def get(self, name: str, salt: bytes) -> bytes | None:  # pragma: no cover - an interface
        raise NotImplementedError

    def put(self, name: str, salt: bytes, body: bytes) -> None:  # pragma: no cover - an interface
        raise NotImplementedError


# The user's store of such bytes: set by load.cache when it is loaded; None: nothing is kept
KEPT: dict[str, Callable[[], Kept | None] | None] = {"value": None}


def kept() -> Kept | None:
    make = KEPT["value"]
    return make() if make is not None else None


def package_data(path: Path, load: Loader) -> Any:
    """``load(path)`` of one of the program's own files, through the data cache when there is one."""
    keep = DATA_CACHE["value"]
    return load(path) if keep is None else keep(path, load)

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
