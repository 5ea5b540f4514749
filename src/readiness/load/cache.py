"""A cache of compiled playbook sets, so reports start fast.

Checking a set (YAML parsing, JSON Schema, reference and cycle checks) costs far more
than planning. A set that checked clean is pickled under a key made of the bytes of its
files, the schemas, every source file of the package and the Python version; any edit
makes a new key. Rules compiled to generated code keep it (marshal, hence per Python
version); the others are compiled again from their text. Set READINESS_CACHE_DIR to move
the cache, or to an empty string to turn it off.
"""
from __future__ import annotations

import hashlib
import os
import pickle
import sys
from functools import lru_cache
from pathlib import Path

from .. import __version__
from ..model import Playbook
from ..resources import schema_path


def cache_dir() -> Path | None:
    configured = os.environ.get("READINESS_CACHE_DIR")
    if configured is not None:
        return Path(configured) if configured else None
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "readiness"


PACKAGE = Path(__file__).resolve().parent.parent


@lru_cache(maxsize=None)
def program_digest() -> bytes:
    """The digest of this program, once per process (see :func:`package_digest`)."""
    return package_digest(PACKAGE)


def package_digest(package: Path) -> bytes:
    """A hash of the program: every source file of the package, its version and the Python's.

    The compiled set is made by the loader and the rule compiler and holds objects of the
    model and the rules; any change to any of them (even of the order things are compiled
    in) must give a new key, so the whole package counts.
    """
    digest = hashlib.sha256(f"{__version__} {sys.version}".encode())  # rule code is marshalled: per Python
    for path in sorted(package.rglob("*.py")):
        digest.update(str(path.relative_to(package)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.digest()


def cache_key(root: Path) -> str | None:
    digest = hashlib.sha256(program_digest())
    try:
        files = sorted(p for p in root.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())
        for path in [schema_path("playbook"), schema_path("profile"), *files]:
            digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    except OSError:
        return None  # unreadable: let the real loader say why
    return digest.hexdigest()


def load_cached_playbook(root: Path) -> Playbook:
    folder, key = cache_dir(), cache_key(root) if root.is_dir() else None
    entry = folder / f"{key}.pickle" if folder and key else None
    if entry is not None and entry.is_file():
        try:
            with open(entry, "rb") as fh:
                playbook: Playbook = pickle.load(fh)
            return playbook
        except Exception:  # a damaged cache entry is rebuilt, never trusted
            entry.unlink(missing_ok=True)
    from .playbook import load_playbook  # lazy: a warm start never loads the set compiler (about 20 modules)

    playbook = load_playbook(root)
    if entry is not None:
        _store(entry, playbook)
    return playbook


def _store(entry: Path, playbook: Playbook) -> None:
    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        tmp = entry.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_bytes(pickle.dumps(playbook, protocol=pickle.HIGHEST_PROTOCOL))
        os.replace(tmp, entry)
    except OSError:
        pass  # a read-only home only costs speed
