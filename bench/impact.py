"""`readiness impact` of a playbook change on N profiles, against `aggregate` of the same N.

Inputs: realistic profiles from bench/generate.py; the change is bench/generate.py's
``write_changed_set`` (a threshold lowered, a deadline moved) from it to the bundled set.
Impact plans every profile twice (base and head) and compares; aggregate assesses each
profile once per scenario. Goal: impact <= 1.5x aggregate, CPU on one core; wall on all
cores shown too. The event-stream floor of the same files is shown for scale.

Run: python bench/impact.py [--quick] [--profiles N] [--runs R]
"""
from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from batch import Result, aggregate_cmd
from common import BUNDLED, CPUS, TODAY, Caches, Row, events_floor, header, median, paired, readiness, repeat, run, seconds, table
from generate import write_changed_set, write_profiles


def impact_cmd(base: Path, paths: list[Path], out: Path, jobs: int | None) -> list[str]:
    cmd = [readiness(), "impact", "--base", str(base), "--head", str(BUNDLED), *map(str, paths), "--today", TODAY,
           "--format", "json", "-o", str(out)]
    return cmd + (["--jobs", str(jobs)] if jobs else [])


def measure(quick: bool, n: int | None = None, runs: int | None = None) -> Result:
    n = n or (500 if quick else 2_000)
    runs = runs or (1 if quick else 3)
    res = Result()
    with tempfile.TemporaryDirectory(prefix="readiness-impact-") as tmp:
        root = Path(tmp)
        env = Caches(root / "cache").warm()
        profiles = write_profiles(root / "profiles", n)
        base = write_changed_set(root / "base")
        res.inputs.append(f"impact: {profiles.summary()}; base = the bundled set with one threshold and one deadline changed")
        folder = [root / "profiles"]
        for set_dir in (base, BUNDLED):  # fill the cache of both sets
            run([readiness(), "plan", str(profiles.paths[0]), "--playbooks", str(set_dir), "-s", "blended", "--today", TODAY],
                env=env, expect=(0, 1, 2))
        floor = median(repeat(events_floor(folder, 1), 3, env=env), "cpu")
        for jobs, metric, label in ((1, "cpu", "CPU, 1 core"), (None, "wall", f"wall, all {CPUS} cores")):
            pair = paired(impact_cmd(base, folder, root / "i.json", jobs), aggregate_cmd(folder, root / "a.json", jobs), runs,
                          warmup=0, env=env, floor_env=env, expect=(0, 1))
            value = pair.median("command", metric)
            note = f"; {value / floor:.1f}× the event stream ({seconds(floor)} CPU)" if jobs == 1 else ""
            res.rows.append(Row(f"impact {n:,} profiles, {label}", seconds(value) + note,
                                f"{seconds(pair.median('floor', metric))} aggregate of the same", pair.ratio(metric),
                                "≤ 1.5×" if jobs == 1 else "", 1.5 if jobs == 1 else None))
    return res


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="500 profiles, one run")
    parser.add_argument("--profiles", type=int)
    parser.add_argument("--runs", type=int)
    args = parser.parse_args()
    header("impact", args.quick)
    res = measure(args.quick, args.profiles, args.runs)
    print("\n".join(res.inputs))
    print(table(res.rows))


if __name__ == "__main__":
    main()
