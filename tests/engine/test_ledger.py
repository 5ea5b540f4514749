"""The batch's ledger on disk: exact answers, values back as they went in, and no file left."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from readiness.engine.aggregate import Aggregator
from readiness.engine.ledger import Ledger

ODD_NAME = os.fsdecode(b"profiles/\xd8\xea\xee\xeb\xe0.yaml")  # cp1251 bytes: a name that is not UTF-8


def test_first_says_whether_a_key_came_before_and_with_what() -> None:
    ledger = Ledger()
    assert ledger.first("chui-1", "a1.yaml") == (True, "a1.yaml")
    assert ledger.first("chui-2", ODD_NAME) == (True, ODD_NAME)
    assert ledger.first("chui-1", "a6.yaml") == (False, "a1.yaml")
    assert ledger.first("chui-1", "a1.yaml") == (False, "a1.yaml")  # the same file twice is a repeat too
    assert ledger.first("chui-2", "x.yaml") == (False, ODD_NAME)
    assert ledger.first("chui-10", "b.yaml") == (True, "b.yaml")  # keys match whole, not by a prefix


def test_lists_come_back_in_order_and_as_they_went_in() -> None:
    ledger = Ledger()
    rows = [(ODD_NAME, "chui-3", "2020-05-01", 106), ("b.yaml", "osh-2", None, None),
            ("c.yaml", "é", "2020-01-01", 0.5), ("d.yaml", "\U0001F600", "", -1)]
    errors = [{"file": "x.yaml", "findings": [{"line": 2, "col": 45, "code": "S001", "message": "«x» ≠ 1", "pointer": ""}]}]
    for i, row in enumerate(rows):
        ledger.append("stale", row)
        if i == 1:
            ledger.append("errors", errors[0])
    assert [tuple(r) for r in ledger.items("stale")] == rows
    assert list(ledger.items("errors")) == errors
    assert json.dumps(list(ledger.items("errors"))) == json.dumps(errors)  # keys in their order
    assert list(ledger.items("nothing")) == []


SPILL = """
import json, os, sys
from readiness.engine.ledger import Ledger

def ours():
    links = []
    for fd in os.listdir("/proc/self/fd"):
        try:
            links.append(os.readlink(f"/proc/self/fd/{fd}"))
        except OSError:
            pass
    return [link for link in links if link.startswith(sys.argv[1])]

ledger = Ledger()
for i in range(20_000):
    ledger.first(f"institution-{i}", f"profiles/{i // 1000:02d}/p{i:06d}.yaml")
    ledger.append("stale", [f"profiles/{i:06d}.yaml", i, None])
print(json.dumps([ours(), os.listdir(sys.argv[1])]))
assert ledger.first("institution-17", "again.yaml") == (False, "profiles/00/p000017.yaml")
assert sum(1 for _ in ledger.items("stale")) == 20_000
ledger.close()
print(json.dumps(ours()))
"""


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="lists the open files in /proc")
def test_the_ledger_spills_to_a_file_that_has_no_name(tmp_path: Path) -> None:
    """Beyond its small cache the ledger goes to disk (memory stays flat), in a file SQLite
    unlinked on creation: no other user can open it, and nothing is left, even after a kill."""
    env = {**os.environ, "SQLITE_TMPDIR": str(tmp_path)}  # read once per process: a child of its own
    done = subprocess.run([sys.executable, "-c", SPILL, str(tmp_path)], capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    while_open, after = done.stdout.splitlines()
    links, listed = json.loads(while_open)
    assert links and all(link.endswith(" (deleted)") for link in links) and listed == []
    assert json.loads(after) == [] and list(tmp_path.iterdir()) == []


def test_the_aggregator_closes_its_ledger_also_on_an_error(mini_playbook) -> None:
    with pytest.raises(KeyboardInterrupt):
        with Aggregator(mini_playbook, date(2020, 8, 15), 60) as acc:
            acc.add({"file": "x.yaml", "errors": []})
            raise KeyboardInterrupt
    with pytest.raises(Exception, match="closed"):
        list(acc.errors)
