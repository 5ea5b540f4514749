"""An element under the wrong key: one finding that says where it belongs, not its schema errors.

A task appended at the end of a file that ends with ``risks:`` lands under ``risks:``; the schema
then says that ``actor`` and ``depends_on`` are unknown keys of ``risks[3]``. When every key of
the item belongs to another kind of element, and some belong to that kind only, the item is
said to look like one, and its schema findings are replaced by that.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Any

from ..errors import Diagnostic
from ..findings import Msg
from ..io.yaml import Document
from ..schema import load_schema
from .elements import KINDS, NOUNS

MAX_KEYS = 4  # the distinctive keys a finding names


@lru_cache(maxsize=None)
def _keys() -> dict[str, tuple[frozenset[str], frozenset[str]]]:
    """Per kind of element: the keys its items may have, and those they must have."""
    schema = load_schema("playbook")
    out = {}
    for kind in KINDS:
        ref = schema["properties"][kind]["items"]["$ref"]
        node = schema["$defs"][ref.rsplit("/", 1)[-1]]
        out[kind] = (frozenset(node.get("properties", {})), frozenset(node.get("required", ())))
    return out


def misplaced(doc: Document, findings: list[Diagnostic]) -> list[Diagnostic]:
    """``findings`` with those of each misplaced item replaced by one finding that says so."""
    items: dict[tuple[str, int], list[Diagnostic]] = {}
    for d in findings:
        parts = d.pointer.split("/")
        if len(parts) >= 3 and parts[1] in KINDS and parts[2].isdigit():
            items.setdefault((parts[1], int(parts[2])), []).append(d)
    out = list(findings)
    for (kind, index), found in sorted(items.items()):
        item = _item(doc.data, kind, index)
        better = _belongs(item, kind) if item is not None else None
        if better is None:
            continue
        other, distinctive = better
        out = [d for d in out if d not in found]
        keys = ", ".join(f"`{k}`" for k in distinctive[:MAX_KEYS])
        out.append(doc.diag((kind, index), "S002", Msg("S002.misplaced", noun=Msg(NOUNS[other]), keys=keys, kind=other),
                            Msg("hint.move_under", kind=other, here=kind)))
    return out


def _item(data: Any, kind: str, index: int) -> dict[str, Any] | None:
    items = data.get(kind) if isinstance(data, dict) else None
    if isinstance(items, list) and index < len(items) and isinstance(items[index], dict):
        return items[index]
    return None


def _belongs(item: dict[str, Any], kind: str) -> tuple[str, list[str]] | None:
    """The kind an item belongs to instead of ``kind`` and the keys that say so, or None."""
    keys = _keys()
    allowed, _ = keys[kind]
    if set(item) <= allowed:
        return None  # its own kind's keys: its findings are its own
    best: tuple[int, int, str, list[str]] | None = None
    for other in KINDS:
        other_allowed, required = keys[other]
        if other == kind or not set(item) <= other_allowed:
            continue
        distinctive = [k for k in item if k not in allowed]
        rank = (int(required <= set(item)), len(distinctive))
        if distinctive and (best is None or rank > best[:2]):
            best = (*rank, other, distinctive)
    return (best[2], best[3]) if best else None
