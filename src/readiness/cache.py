"""A cache of compiled playbook sets, so reports start fast.

Checking a set (YAML parsing, JSON Schema, reference and cycle checks) costs far more
than planning. A set that checked clean is pickled under a key made of the bytes of its
files, the schemas, the program version and the modules whose objects it holds; any edit
makes a new key. Rules are stored as text and recompiled on load. Set READINESS_CACHE_DIR
to move the cache, or to an empty string to turn it off.
"""
from __future__ import annotations

import hashlib
import os
import pickle
import sys
from pathlib import Path

from . import __version__
from .model import Playbook
from .resources import schema_path


def cache_dir() -> Path | None:
    configured = os.environ.get("READINESS_CACHE_DIR")
    if configured is not None:
        return Path(configured) if configured else None
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "readiness"


def cache_key(root: Path) -> str | None:
    digest = hashlib.sha256(f"{__version__} {sys.version}".encode())  # rule code is marshalled: per Python
    try:
        files = sorted(p for p in root.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())
        code = [Path(__file__).with_name(name) for name in ("model.py", "rules.py")]  # what the pickle holds
        for path in [*code, schema_path("playbook"), schema_path("profile"), *files]:
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
    from .playbook import load_playbook

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
