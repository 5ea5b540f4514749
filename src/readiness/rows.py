"""A list of a report too long to hold in memory: its length known, its items read again each
time it is iterated (from the aggregate's ledger on disk).

A national aggregate lists its stale and unusable profiles; held as lists, then as the text of
each output, they were what still grew with the number of profiles (issue 11). The report
carries them as :class:`Rows`, every output writes them item by item (``render.jsontext``'s
pieces, the HTML template's generator, the CSV's rows), and the text is written as it is made.
"""
from __future__ import annotations

from typing import Any, Callable, Iterable, Iterator


class Rows:
    """``count`` items, made by ``source()`` each time the rows are iterated, in the same order."""

    __slots__ = ("_source", "_count")

    def __init__(self, source: Callable[[], Iterable[Any]], count: int) -> None:
        self._source, self._count = source, count

    def __len__(self) -> int:
        return self._count

    def __iter__(self) -> Iterator[Any]:
        return iter(self._source())

    def map(self, fn: Callable[[Any], Any]) -> Rows:
        """The rows with ``fn`` applied to each item as it is read."""
        source = self._source
        return Rows(lambda: map(fn, source()), self._count)

    def __repr__(self) -> str:
        return f"<Rows of {self._count}>"


def holds_rows(data: Any) -> bool:
    """Whether ``data`` is a report with a :class:`Rows` among its values (the only place a report
    holds them): made safe and written part by part."""
    return isinstance(data, dict) and any(isinstance(v, Rows) for v in data.values())
