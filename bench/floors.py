"""The batch floor as a command of its own, so that it is timed the way the tool is.

    python bench/floors.py events [--jobs N] PATH...
    python bench/floors.py read PATH...

``events`` reads every file (folders are searched for *.yaml, as `readiness aggregate` does),
decodes it and runs libyaml's event stream over it: ``for _ in yaml.parse(text,
Loader=yaml.CSafeLoader)``. No Python object is built from the events; that is the least any
YAML reader of these files pays. With --jobs N the files are split among N worker processes. A
file that does not parse (the generator makes a few on purpose) stops where the parser stops, as
it would in the tool.

``read`` is not a floor but the first stage of the tool's own work, timed the same way: each
file read into data by readiness's own fast reader (``readiness.io.yaml.load_plain``: the
events made into dicts and lists), nothing checked or assessed. What it costs above ``events``
is what any reader that builds Python data pays; the rest of a goal's margin is all there is
for everything else.
"""
from __future__ import annotations

import argparse
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import yaml


def files(paths: list[str]) -> list[Path]:
    out: list[Path] = []
    for p in map(Path, paths):
        out += sorted(p.rglob("*.yaml")) if p.is_dir() else [p]
    return out


def events(chunk: list[Path]) -> int:
    count = 0
    for path in chunk:
        try:
            for _ in yaml.parse(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader):
                count += 1
        except yaml.YAMLError:
            pass
    return count


def read(chunk: list[Path]) -> int:
    from readiness.io.yaml import load_plain

    return sum(load_plain(path) is not None for path in chunk)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("kind", choices=["events", "read"])
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("paths", nargs="+")
    args = parser.parse_args()
    todo = files(args.paths)
    if args.kind == "read":
        print(f"{len(todo)} files, {read(todo)} read", file=sys.stderr)
        return
    if args.jobs <= 1:
        total = events(todo)
    else:
        size = max(1, len(todo) // (args.jobs * 8))
        chunks = [todo[i:i + size] for i in range(0, len(todo), size)]
        with ProcessPoolExecutor(max_workers=args.jobs) as pool:
            total = sum(pool.map(events, chunks))
    print(f"{len(todo)} files, {total} events", file=sys.stderr)


if __name__ == "__main__":
    main()
