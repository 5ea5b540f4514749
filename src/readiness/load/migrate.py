"""`readiness migrate`: an old profile rewritten to the facts a set has now.

Facts the set renamed move to their new paths, retired ones are removed, and the profile's
``playbook: {id, version}`` is set to the set's. The file is read and written with
ruamel.yaml's round trip (io/roundtrip.py), so comments, key order, flow style and quotes stay as they were
(an unknown value is written as the file wrote its others: ``~`` or nothing). Facts the set does not know are left where they are and
listed: the methodologist's mapping does not cover them.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..io import roundtrip
from ..io.files import display_name, read_text
from ..io.yaml import load_text
from ..model import Playbook
from .renames import UNMAPPED, Change, apply, old_facts


@dataclass
class Migration:
    """The rewritten profile, what changed, and what could not be mapped."""

    text: str
    changes: list[Change] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)       # facts the set does not have (left as they are)
    written_for: dict[str, Any] = field(default_factory=dict)  # the profile's playbook: {id, version} before
    profile: bool = True  # the file is a profile (a mapping with institution:), not a set's file or anything else

    @property
    def unmapped(self) -> list[str]:
        """Every fact left as it was that the set does not take: unknown, or renamed but not movable."""
        return sorted({c.old_path for c in self.changes if c.kind == UNMAPPED} | set(self.unknown))


def migrate(path: Path, playbook: Playbook) -> Migration:
    """``path`` rewritten to ``playbook``'s facts (raises ReadinessError when it is not YAML at all)."""
    text = read_text(path, display_name(path))
    load_text(text, display_name(path))  # the project's own reader says what is wrong with a broken file, with lines
    data, style = roundtrip.parse(text)
    if not isinstance(data, dict) or "institution" not in data:
        return Migration(text, profile=False)
    changes = old_facts(data, playbook)
    apply(data, changes)
    before = dict(data.get("playbook") or {})
    _stamp(data, playbook)
    return Migration(roundtrip.dump(data, style), changes, _unknown(data.get("facts"), playbook), before)


def _stamp(data: Any, playbook: Playbook) -> None:
    """``playbook: {id, version}`` of the set, where it was (or after ``profile_version``)."""
    stamp = roundtrip.mapping(flow=True)
    stamp.update([("id", playbook.id), ("version", playbook.version)])
    if "playbook" in data:
        data["playbook"] = stamp
        return
    keys = list(data)
    position = keys.index("profile_version") + 1 if "profile_version" in keys else 0
    data.insert(position, "playbook", stamp)


def _unknown(facts: Any, playbook: Playbook, prefix: str = "") -> list[str]:
    """Paths under ``facts`` that the set does not declare (a list's items counted once per field)."""
    if not isinstance(facts, dict):
        return []
    out: list[str] = []
    for key, value in facts.items():
        path = f"{prefix}{key}"
        fact = playbook.facts.get(path)
        if fact is None:
            out.append(f"facts.{path}")
        elif fact.type == "group":
            out += _unknown(value, playbook, path + ".")
        elif fact.type == "list" and isinstance(value, list):
            for item in value:
                out += _unknown(item, playbook, path + ".")
    return sorted(set(out))
