"""`readiness migrate`: an old profile rewritten to the facts a set has now.

Facts the set renamed move to their new paths, retired ones are removed, and the profile's
``playbook: {id, version}`` is set to the set's. The file is read and written with
ruamel.yaml's round trip, so comments, key order, flow style and quotes stay as they were
(``~`` is written for every null). Facts the set does not know are left where they are and
listed: the methodologist's mapping does not cover them.
"""
from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap
from ruamel.yaml.util import load_yaml_guess_indent

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

    @property
    def unmapped(self) -> list[str]:
        """Every fact left as it was that the set does not take: unknown, or renamed but not movable."""
        return sorted({c.old_path for c in self.changes if c.kind == UNMAPPED} | set(self.unknown))


def migrate(path: Path, playbook: Playbook) -> Migration:
    """``path`` rewritten to ``playbook``'s facts (raises ReadinessError when it is not YAML at all)."""
    text = read_text(path, display_name(path))
    load_text(text, display_name(path))  # the project's own reader says what is wrong with a broken file, with lines
    data, mapping_indent, offset = _load(text)
    if not isinstance(data, dict):
        return Migration(text)
    changes = old_facts(data, playbook)
    apply(data, changes)
    before = dict(data.get("playbook") or {})
    _stamp(data, playbook)
    return Migration(_dump(data, mapping_indent, offset), changes, _unknown(data.get("facts"), playbook), before)


def _yaml(mapping_indent: int = 2, offset: int = 0) -> YAML:
    yaml = YAML()  # round trip
    yaml.preserve_quotes = True
    yaml.width = 100_000  # never fold a long line that was not folded
    yaml.brace_single_entry_mapping_in_flow_sequence = True  # [{id: x}] stays so, not [id: x]
    yaml.indent(mapping=mapping_indent, sequence=mapping_indent + offset if offset else mapping_indent, offset=offset)
    yaml.representer.add_representer(type(None), lambda rep, _: rep.represent_scalar("tag:yaml.org,2002:null", "~"))
    return yaml


def _load(text: str) -> tuple[Any, int, int]:
    """The document, its mapping indent and the offset of its block lists' dashes."""
    _, _, offset = load_yaml_guess_indent(text)
    mapping_indent = next((len(line) - len(line.lstrip(" ")) for line in text.splitlines()
                           if line.startswith(" ") and not line.lstrip().startswith(("-", "#"))), 2)
    return _yaml().load(text), mapping_indent, offset or 0


def _dump(data: Any, mapping_indent: int, offset: int) -> str:
    out = io.StringIO()
    _yaml(mapping_indent, offset).dump(data, out)
    return out.getvalue()


def _stamp(data: CommentedMap, playbook: Playbook) -> None:
    """``playbook: {id, version}`` of the set, where it was (or after ``profile_version``)."""
    stamp = CommentedMap([("id", playbook.id), ("version", playbook.version)])
    stamp.fa.set_flow_style()
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
