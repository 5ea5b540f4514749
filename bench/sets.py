"""Large playbook sets: `readiness validate` and `readiness plan` on sets of real-sized tasks.

Inputs: sets made by bench/generate.py of copies of the bundled tasks, risks and requirements
(three languages, steps, rules, sources, dependencies rewired within each copy), split into
files of a few hundred tasks, one area per file. Figures, each paired run for run with its floor:
- validate of the smaller set (no cache): goal < 2 s; floor: the libyaml event stream over the set;
- validate of the set ten times larger: time per task against the smaller set's (linear: <= 1.1x);
- cold plan on the smaller set (empty cache: it validates the set and fills the cache);
- warm plan (cache filled) on both sets; time per task of the larger against the smaller.
The plan is the rural lyceum's (a bundled example), blended scenario, as JSON.

Run: python bench/sets.py [--quick] [--tasks N] [--runs R]
"""
from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from batch import Result
from common import (EXAMPLE, TODAY, Caches, Row, events_floor, header, imports_floor, median, paired, readiness, repeat,
                    seconds, table)
from generate import TaskSet, write_task_set

LINEAR = 1.1  # per-task time of the larger set over the smaller's, at most


def validate_cmd(folder: Path) -> list[str]:
    return [readiness(), "validate", str(folder)]


def plan_cmd(folder: Path) -> list[str]:
    return [readiness(), "plan", str(EXAMPLE), "--playbooks", str(folder), "-s", "blended", "--today", TODAY, "--format", "json"]


def growth_row(what: str, sets: dict[str, TaskSet], wall: dict[str, float], startup: float) -> Row:
    """Time per task beyond start-up (the import floor) of the larger set over the smaller's."""
    per = {k: (wall[k] - startup) / s.tasks for k, s in sets.items()}
    return Row(f"{what} per task beyond start-up, {sets['large'].tasks:,} vs {sets['small'].tasks:,}",
               f"{per['large'] * 1e6:.0f} vs {per['small'] * 1e6:.0f} µs", f"{seconds(startup)} import of 5 libraries",
               per["large"] / per["small"], f"linear (≤ {LINEAR}×)", LINEAR)


def measure(quick: bool, n: int | None = None, runs: int | None = None) -> Result:
    n = n or (2_000 if quick else 10_000)
    runs = runs or (1 if quick else 3)
    res = Result()
    with tempfile.TemporaryDirectory(prefix="readiness-sets-") as tmp:
        root = Path(tmp)
        caches = Caches(root / "cache")
        sets = {"small": write_task_set(root / "small", n), "large": write_task_set(root / "large", 10 * n)}
        res.inputs += [f"{k} set: {s.summary()}" for k, s in sets.items()]
        startup = median(repeat(imports_floor(), 5), "wall")
        floors = {k: events_floor(sorted(s.folder.glob("*.yaml")), 1) for k, s in sets.items()}
        val = {k: paired(validate_cmd(s.folder), floors[k], runs, warmup=int(k == "small"), env=caches.off()) for k, s in sets.items()}
        for k, s in sets.items():
            t = val[k].median("command", "wall")
            res.rows.append(Row(f"validate {s.tasks:,}-task set, no cache, wall", seconds(t),
                                f"{seconds(val[k].median('floor', 'wall'))} event stream, 1 core", val[k].ratio("wall"),
                                *(("< 2 s", 2.0) if k == "small" else ("", None)), check=t))
        res.rows.append(growth_row("validate", sets, {k: v.median("command", "wall") for k, v in val.items()}, startup))
        cold = paired(lambda: (plan_cmd(sets["small"].folder), caches.cold()), floors["small"], runs)
        res.rows.append(Row(f"cold plan on {sets['small'].tasks:,} tasks (empty cache), wall", seconds(cold.median("command", "wall")),
                            f"{seconds(cold.median('floor', 'wall'))} event stream, 1 core", cold.ratio("wall")))
        warm = {k: paired(plan_cmd(s.folder), imports_floor(), runs, env=caches.warm()) for k, s in sets.items()}
        for k, s in sets.items():
            res.rows.append(Row(f"warm plan on {s.tasks:,} tasks, wall", seconds(warm[k].median("command", "wall")),
                                f"{seconds(warm[k].median('floor', 'wall'))} import of 5 libraries", warm[k].ratio("wall")))
        res.rows.append(growth_row("warm plan", sets, {k: v.median("command", "wall") for k, v in warm.items()}, startup))
    return res


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="2,000 and 20,000 tasks, one run")
    parser.add_argument("--tasks", type=int, help="size of the smaller set (the larger is ten times it)")
    parser.add_argument("--runs", type=int)
    args = parser.parse_args()
    header("large playbook sets", args.quick)
    res = measure(args.quick, args.tasks, args.runs)
    print("\n".join(res.inputs))
    print(table(res.rows))


if __name__ == "__main__":
    main()
