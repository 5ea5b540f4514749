"""Loading the playbook for reports."""
from __future__ import annotations

from pathlib import Path

from .model import Playbook
from .playbook import load_playbook


def load_cached_playbook(path: Path) -> Playbook:
    return load_playbook(path)
