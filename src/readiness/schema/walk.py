"""The one walker over a schema's properties, for everything that lists facts by path."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterator


@dataclass(frozen=True)
class Field:
    """One property of a schema: its dotted path, its schema node, how deep, and whether it
    lies inside a list of objects (``items.size`` is one value per item)."""

    path: str
    node: dict[str, Any]
    depth: int
    in_list: bool

    @property
    def name(self) -> str:
        return self.path.rsplit(".", 1)[-1]

    @property
    def kinds(self) -> tuple[str, ...]:
        """The JSON types the node allows, ``null`` (not known) left out."""
        kind = self.node.get("type")
        kinds = kind if isinstance(kind, list) else [kind]
        return tuple(k for k in kinds if k not in (None, "null"))

    @property
    def kind(self) -> str | None:
        return self.kinds[0] if self.kinds else None

    @property
    def items(self) -> dict[str, Any] | None:
        """The item schema of a list of objects, else None."""
        items = self.node.get("items")
        if self.kind == "array" and isinstance(items, dict) and json_kind(items) == "object":
            return items
        return None


def json_kind(node: dict[str, Any]) -> Any:
    """The JSON type of a schema node; a nullable ``[T, "null"]`` counts as T (null = unknown)."""
    kind = node.get("type")
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), None)
    return kind


def walk(node: dict[str, Any], prefix: str = "", depth: int = 0, in_list: bool = False) -> Iterator[Field]:
    """Every property under ``node``, depth first in schema order: objects nest, lists of
    objects continue through their items (paths do not show the list: ``items.size``)."""
    for name, sub in node.get("properties", {}).items():
        field = Field(prefix + name, sub, depth, in_list)
        yield field
        if field.kind == "object":
            yield from walk(sub, field.path + ".", depth + 1, in_list)
        elif field.items is not None:
            yield from walk(field.items, field.path + ".", depth + 1, True)
