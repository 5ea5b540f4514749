"""Real readers of the outputs, shared by the tests: HTML, CSV, XLSX, iCalendar."""
from __future__ import annotations

from html.parser import HTMLParser
from typing import Any


class Tree(HTMLParser):
    """Elements with their classes and attributes, and the visible text outside <style>/<script>."""

    def __init__(self) -> None:
        super().__init__()
        self.elements: list[tuple[str, dict[str, str]]] = []
        self.text: list[str] = []
        self.stack: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, {k: v or "" for k, v in attrs}))
        if tag not in ("input", "br", "meta", "col", "path", "rect", "line", "img"):
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, {k: v or "" for k, v in attrs}))

    def handle_endtag(self, tag: str) -> None:
        if tag in self.stack:
            while self.stack.pop() != tag:
                pass

    def handle_data(self, data: str) -> None:
        if not ({"style", "script"} & set(self.stack)):
            self.text.append(data)

    def find(self, tag: str, cls: str | None = None) -> list[dict[str, str]]:
        return [a for t, a in self.elements if t == tag and (cls is None or cls in a.get("class", "").split())]


def parse(html: str) -> Tree:
    tree = Tree()
    tree.feed(html)
    return tree


