""""Did you mean …?": the closest known name to a mistyped one."""
from __future__ import annotations

import difflib
from typing import Iterable


class Suggest:
    """"Did you mean" over many names, fast enough for 100,000 of them.

    difflib compares a word with every name it is given; over a large set only the names
    of about the same length that start with the same letter are compared, at most a few
    hundred, so each suggestion costs about the same whatever the size of the set. A set with
    thousands of mistakes gets suggestions for its first ones, within :attr:`BUDGET` names
    compared in all: the rest are still reported, only without "did you mean".
    """

    SMALL = 500
    BUDGET = 20_000  # names compared, over all the suggestions: about a second of difflib at most

    def __init__(self, names: Iterable[object]):
        self.names = [str(n) for n in names]
        self.left = self.BUDGET
        self.index: dict[tuple[str, int], list[str]] = {}
        if len(self.names) > self.SMALL:
            for name in self.names:
                self.index.setdefault((name[:1], len(name)), []).append(name)

    def __call__(self, word: str, cutoff: float = 0.6) -> str | None:
        pool = self.names
        if self.index:
            pool = []
            for length in range(max(len(word) - 3, 0), len(word) + 4):
                pool.extend(self.index.get((word[:1], length), ())[: self.SMALL])
        pool = pool[: self.SMALL * 4]
        if len(pool) > self.left:
            return None
        self.left -= len(pool)
        close = difflib.get_close_matches(word, pool, n=1, cutoff=cutoff)
        return close[0] if close else None


def closest(word: str, names: Iterable[object], cutoff: float = 0.6) -> str | None:
    """The closest of a few names (for many, build a :class:`Suggest` once)."""
    close = difflib.get_close_matches(word, [str(n) for n in names], n=1, cutoff=cutoff)
    return close[0] if close else None
