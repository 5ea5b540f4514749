"""Large playbook sets: `readiness validate` and `readiness plan` on sets of real-sized tasks.

Inputs: sets made by bench/generate.py of copies of the bundled tasks, risks and requirements
(three languages, steps, rules, sources, dependencies rewired within each copy), split into
files of a few hundred tasks, one area per file. Figures, each paired run for run with its floor:
- validate of the smaller set (no cache): goal < 2 s (CPU); floor: the libyaml event stream over the set;
- validate of the set ten times larger: CPU per task against the smaller set's, each beyond the
  cost on a one-copy set of the bundled tasks (linear: <= 1.1x), from the two sets run in turn;
- cold plan on the smaller set (empty cache: it validates the set and fills the cache);
- warm plan (cache filled) on both sets; CPU per task of the larger against the smaller, likewise.
The plan is the rural lyceum's (a bundled example), blended scenario, as JSON. Each command
is one process, so CPU time is quoted (wall time beside it): on a shared machine it is the
figure other processes disturb least.

Run: python bench/sets.py [--quick] [--tasks N] [--runs R]
"""
from __future__ import annotations

import argparse
import statistics
import tempfile
from pathlib import Path

from batch import Result
from common import (EXAMPLE, TODAY, Caches, Pair, Row, Sample, events_floor, header, imports_floor, median, paired, readiness, repeat,
                    seconds, table)
from generate import TaskSet, write_task_set

LINEAR = 1.1  # per-task time of the larger set over the smaller's, at most
BUNDLED_TASKS = 108  # asked of the generator: one copy of the bundled set (its real size is counted)


def validate_cmd(folder: Path) -> list[str]:
    return [readiness(), "validate", str(folder)]


def plan_cmd(folder: Path) -> list[str]:
    return [readiness(), "plan", str(EXAMPLE), "--playbooks", str(folder), "-s", "blended", "--today", TODAY, "--format", "json"]


def paired_growth_row(what: str, sets: dict[str, TaskSet], both: Pair, base: float, fixed: int) -> Row:
    """CPU per task of the larger set over the smaller's, each beyond the same command's cost on a
    one-copy set (``fixed`` tasks): three points, so a fixed cost cannot pass for scaling. From
    runs of the larger set (``command``) and the smaller (``floor``) taken in turn, so that the
    machine's drift falls on both alike: the median over the pairs."""
    def per(sample: Sample, k: str) -> float:
        return (sample.get("cpu") - base) / (sets[k].tasks - fixed)

    ratio = statistics.median(per(big, "large") / per(small, "small") for big, small in zip(both.command, both.floor))
    per_large = statistics.median(per(b, "large") for b in both.command)
    per_small = statistics.median(per(s, "small") for s in both.floor)
    return Row(f"{what} CPU per task beyond a {fixed}-task set's, {sets['large'].tasks:,} vs {sets['small'].tasks:,} (in turn)",
               f"{per_large * 1e6:.0f} vs {per_small * 1e6:.0f} µs", f"{seconds(base)} CPU on {fixed} tasks",
               ratio, f"linear (≤ {LINEAR}×)", LINEAR)


def cpu_wall(pair: Pair) -> str:
    return f"{seconds(pair.median('command', 'cpu'))} CPU, {seconds(pair.median('command', 'wall'))} wall"


def measure(quick: bool, n: int | None = None, runs: int | None = None) -> Result:
    n = n or (2_000 if quick else 10_000)
    runs = runs or (1 if quick else 3)
    res = Result()
    with tempfile.TemporaryDirectory(prefix="readiness-sets-") as tmp:
        root = Path(tmp)
        caches = Caches(root / "cache")
        sets = {"small": write_task_set(root / "small", n), "large": write_task_set(root / "large", 10 * n)}
        res.inputs += [f"{k} set: {s.summary()}" for k, s in sets.items()]
        floors = {k: events_floor(sorted(s.folder.glob("*.yaml")), 1) for k, s in sets.items()}
        val = {k: paired(validate_cmd(s.folder), floors[k], runs, warmup=int(k == "small"), env=caches.off()) for k, s in sets.items()}
        for k, s in sets.items():
            t = val[k].median("command", "cpu")
            res.rows.append(Row(f"validate {s.tasks:,}-task set, no cache", cpu_wall(val[k]),
                                f"{seconds(val[k].median('floor', 'cpu'))} CPU event stream", val[k].ratio("cpu"),
                                *(("< 2 s", 2.0) if k == "small" else ("", None)), check=t))
        one_set = write_task_set(root / "one", BUNDLED_TASKS)  # one copy: the fixed cost
        one, fixed = one_set.folder, one_set.tasks
        base = median(repeat(validate_cmd(one), 5, env=caches.off()), "cpu")
        # the growth from the two sets in turn (see the warm plan's below)
        both = paired(validate_cmd(sets["large"].folder), validate_cmd(sets["small"].folder), runs, env=caches.off(),
                      floor_env=caches.off())
        res.rows.append(paired_growth_row("validate", sets, both, base, fixed))
        cold = paired(lambda: (plan_cmd(sets["small"].folder), caches.cold()), floors["small"], runs)
        res.rows.append(Row(f"cold plan on {sets['small'].tasks:,} tasks (empty cache)", cpu_wall(cold),
                            f"{seconds(cold.median('floor', 'cpu'))} CPU event stream", cold.ratio("cpu")))
        # the two sets in turn, so that the machine's drift falls on both alike: the growth is the
        # median over the pairs of one's CPU per task over the other's
        both = paired(plan_cmd(sets["large"].folder), plan_cmd(sets["small"].folder), runs + 2, env=caches.warm(),
                      floor_env=caches.warm())
        floor = repeat(imports_floor(), runs + 2)
        for k, side in (("small", both.floor), ("large", both.command)):
            res.rows.append(Row(f"warm plan on {sets[k].tasks:,} tasks",
                                f"{seconds(median(side, 'cpu'))} CPU, {seconds(median(side, 'wall'))} wall",
                                f"{seconds(median(floor, 'cpu'))} CPU import of 5 libraries", median(side, "cpu") / median(floor, "cpu")))
        base = median(repeat(plan_cmd(one), 5, env=caches.warm()), "cpu")
        res.rows.append(paired_growth_row("warm plan", sets, both, base, fixed))
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
