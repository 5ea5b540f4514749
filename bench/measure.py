"""Run a command, its output thrown away, and print what the kernel counted of it as JSON.

    python bench/measure.py COMMAND [ARG ...]   ->   {"wall": s, "cpu": s, "rss_kib": n, "rc": n}

Why a separate small process: Linux counts in a child's peak memory (ru_maxrss) the memory of
the process it was forked or spawned from, up to its exec. Spawned straight from a benchmark
that holds thousands of generated profiles, every command would report at least that
benchmark's size. Spawned from this small launcher, it reports its own. CPU is user + system
time of the command and of the children it waited for; wall time excludes this launcher's start.
"""
from __future__ import annotations

import json
import os
import sys
import time


def main() -> None:
    cmd = sys.argv[1:]
    devnull = os.open(os.devnull, os.O_WRONLY)
    start = time.perf_counter()
    pid = os.posix_spawnp(cmd[0], cmd, dict(os.environ), file_actions=[(os.POSIX_SPAWN_DUP2, devnull, 1)])
    _, status, usage = os.wait4(pid, 0)
    wall = time.perf_counter() - start
    print(json.dumps({"wall": wall, "cpu": usage.ru_utime + usage.ru_stime, "rss_kib": usage.ru_maxrss,
                      "rc": os.waitstatus_to_exitcode(status)}))


if __name__ == "__main__":
    main()
