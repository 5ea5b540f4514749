"""Facts a set has renamed or retired, found in a profile and moved to where they are now.

A set declares a fact's earlier paths (``renamed_from``) and the paths it retired
(``retired``). :func:`old_facts` finds them in a profile's data; :func:`apply` moves the
values (or removes retired ones) in place. The data may be plain dicts and lists, or
ruamel.yaml's commented ones (``readiness migrate``): a key keeps its place in its mapping and
the comment beside it.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, MutableMapping

from ..model import Playbook

RENAMED, RETIRED, SUPERSEDED, UNMAPPED = "renamed", "retired", "superseded", "unmapped"
Where = tuple[str | int, ...]


@dataclass(frozen=True)
class Change:
    """One old fact in a profile: where it is (from the profile's root), where it goes (None:
    nowhere), and why: renamed, retired, superseded (the new path is given too, so the old value
    is dropped) or unmapped (it cannot be moved: a field of a list moved out of its list)."""

    kind: str
    old: Where
    new: Where | None = None
    version: str = ""

    @property
    def old_path(self) -> str:
        return _dotted(self.old)

    @property
    def new_path(self) -> str:
        return _dotted(self.new) if self.new else ""


def old_facts(data: Any, playbook: Playbook) -> list[Change]:
    """Every renamed or retired fact in ``data`` (a profile), shallower paths first."""
    facts = data.get("facts") if isinstance(data, dict) else None
    if not isinstance(facts, dict) or not (playbook.renames or playbook.retired):
        return []
    moves: dict[str, str | None] = {**dict.fromkeys(playbook.retired), **playbook.renames}
    out: list[Change] = []
    for old in sorted(moves, key=lambda p: (p.count("."), p)):
        new = moves[old]
        now = _through(old, moves)  # a field of a renamed group is found under the group's new name
        for where in _locate(facts, now.split("."), ()):
            out.append(_change(where, old, new, facts, playbook))
    return out


def _through(path: str, moves: dict[str, str | None]) -> str:
    """Where ``path`` is once the renames of its groups are applied."""
    parts = path.split(".")
    for i in range(len(parts) - 1, 0, -1):
        prefix = ".".join(parts[:i])
        if moves.get(prefix):
            return _through(str(moves[prefix]), moves) + "." + ".".join(parts[i:])
    return path


def _locate(node: Any, parts: list[str], where: Where) -> list[Where]:
    """The places of a dotted path in the data, one per item where the path crosses a list."""
    if isinstance(node, list):
        return [w for i, item in enumerate(node) for w in _locate(item, parts, where + (i,))]
    if not parts:
        return [where]
    if not isinstance(node, dict) or parts[0] not in node:
        return []
    return _locate(node[parts[0]], parts[1:], where + (parts[0],)) if len(parts) > 1 else [where + (parts[0],)]


def _change(where: Where, old: str, new: str | None, facts: dict[str, Any], playbook: Playbook) -> Change:
    full = ("facts",) + where
    if new is None:
        return Change(RETIRED, full, None, playbook.retired.get(old, ""))
    indices = [i for i, p in enumerate(where) if isinstance(p, int)]
    parts = new.split(".")
    if indices:  # inside a list: the new path must stay in the same list, item by item
        base = where[:indices[-1] + 1]
        keys = sum(1 for p in base if isinstance(p, str))
        if [p for p in base if isinstance(p, str)] != parts[:keys]:
            return Change(UNMAPPED, full, None)
        target: Where = base + tuple(parts[keys:])
    else:
        target = tuple(parts)
    kind = SUPERSEDED if _get(facts, target) is not _MISSING else RENAMED
    return Change(kind, full, ("facts",) + target)


def apply(data: Any, changes: list[Change]) -> None:
    """Move (or remove) every change's value in place; unmapped ones stay where they are."""
    for change in changes:
        if change.kind == UNMAPPED:
            continue
        parent, key = _get(data, change.old[:-1]), change.old[-1]
        if not isinstance(parent, dict) or key not in parent:
            continue
        if change.kind == RENAMED and change.new is not None and change.new[:-1] == change.old[:-1]:
            _rename_key(parent, str(key), str(change.new[-1]))
            continue
        value = parent[key]
        _drop(parent, str(key))
        if change.kind == RENAMED and change.new is not None:
            _holder(data, change.new[:-1], parent)[change.new[-1]] = value


def relocate(locations: dict[Where, Any], changes: list[Change]) -> None:
    """Findings about a moved value keep pointing at the line it was written on."""
    for change in changes:
        if change.new is None or change.kind != RENAMED:
            continue
        n = len(change.old)
        for where, place in list(locations.items()):
            if where[:n] == change.old:
                locations.setdefault(change.new + where[n:], place)


_MISSING = object()


def _get(node: Any, where: Where) -> Any:
    for p in where:
        if isinstance(p, int):
            if not isinstance(node, list) or p >= len(node):
                return _MISSING
        elif not isinstance(node, dict) or p not in node:
            return _MISSING
        node = node[p]
    return node


def _holder(data: Any, where: Where, like: MutableMapping[str, Any]) -> MutableMapping[str, Any]:
    """The mapping at ``where``, made (of the kind of ``like``) where it is missing or ~."""
    node = data
    for p in where:
        if isinstance(node, dict) and not isinstance(node.get(p), dict):  # type: ignore[arg-type]
            node[p] = type(like)()
        node = node[p]
    return node  # type: ignore[no-any-return]


def _rename_key(mapping: MutableMapping[str, Any], old: str, new: str) -> None:
    """Rename a key where it stands (and move ruamel.yaml's comment beside it)."""
    items = list(mapping.items())
    position = [k for k, _ in items].index(old)
    comment = _comments(mapping).pop(old, None)
    if hasattr(mapping, "insert"):  # ruamel.yaml's CommentedMap
        value = mapping.pop(old)
        mapping.insert(position, new, value)
    else:
        mapping.clear()
        mapping.update((new if k == old else k, v) for k, v in items)
    if comment is not None:
        _comments(mapping)[new] = comment


def _drop(mapping: MutableMapping[str, Any], key: str) -> None:
    _comments(mapping).pop(key, None)
    del mapping[key]


def _comments(mapping: Any) -> dict[str, Any]:
    ca = getattr(mapping, "ca", None)
    return ca.items if ca is not None else {}  # type: ignore[no-any-return]


def _dotted(where: Where) -> str:
    out = ""
    for p in where:
        out += f"[{p}]" if isinstance(p, int) else (("." if out else "") + p)
    return out
