"""What a batch remembers of every profile until its report is written, kept on disk.

The aggregate must remember, per profile, whether its institution id came before (and from which
file), and the stale and unusable profiles its report lists. Held in memory, that is the one
part of a national batch that grows with the number of profiles (issue 11). Here it goes to a
private temporary SQLite database: SQLite creates its file exclusively, readable by its owner
only, and unlinks it at once, so no other user can open it and nothing is left behind, even when
the process is killed. Its page cache, and so the memory it takes, is capped at
:data:`CACHE_KIB`. Values go in as JSON text: every string comes back as it went in (a file
name with undecodable bytes too), and lists come back in the order they were appended.
"""
from __future__ import annotations

import json
import sqlite3
from collections import Counter
from typing import Any, Iterator

from ..rows import Rows

CACHE_KIB = 64


class Ledger:
    def __init__(self) -> None:
        self._db = sqlite3.connect("")  # "": a temporary database on disk, deleted when closed
        self._db.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
        self._db.execute("CREATE TABLE first (key TEXT PRIMARY KEY, value TEXT) WITHOUT ROWID")
        self._db.execute("CREATE TABLE rows (list TEXT, value TEXT)")  # rowid: the order of arrival
        self._counts: Counter[str] = Counter()

    def first(self, key: str, value: Any) -> tuple[bool, Any]:
        """(True, ``value``) the first time ``key`` is given, ``value`` then kept with it;
        afterwards (False, the value kept)."""
        text = json.dumps(key)
        if self._db.execute("INSERT OR IGNORE INTO first VALUES (?, ?)", (text, json.dumps(value))).rowcount:
            return True, value
        return False, json.loads(self._db.execute("SELECT value FROM first WHERE key = ?", (text,)).fetchone()[0])

    def append(self, name: str, value: Any) -> None:
        self._db.execute("INSERT INTO rows VALUES (?, ?)", (name, json.dumps(value)))
        self._counts[name] += 1

    def rows(self, name: str) -> Rows:
        """The list ``name`` as :class:`~readiness.rows.Rows`: read from disk each time it is iterated
        (while the ledger is open)."""
        return Rows(lambda: self.items(name), self._counts[name])

    def items(self, name: str) -> Iterator[Any]:
        """The values appended to the list ``name``, in order, read as they are reached."""
        for (text,) in self._db.execute("SELECT value FROM rows WHERE list = ? ORDER BY rowid", (name,)):
            yield json.loads(text)

    def close(self) -> None:
        self._db.close()
