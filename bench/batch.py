"""National scale: `readiness aggregate` over realistic profiles, against the libyaml event stream.

Inputs: profiles from bench/generate.py (facts, rooms and progress drawn from the bundled
examples; ~1.5 % invalid, ~1 % duplicate ids). Floor: the libyaml event stream over the same
files (bench/floors.py), which builds no Python object. Figures, each paired run for run with
its floor:
- CPU time of `aggregate --jobs 1` (one process) against the floor on one core (goal <= 2.0x);
- CPU time of the first stage alone, the profiles read into data by readiness's reader and
  nothing else, against the same floor: how much of the goal's margin reading takes;
- wall time of `aggregate` on all cores against the floor on a process pool of all cores;
- peak memory (RSS) at a tenth of the profiles and at all of them: flat is the goal, the growth
  is given in KiB per profile.

Run: python bench/batch.py [--quick] [--profiles N] [--runs R]
"""
from __future__ import annotations

import argparse
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from common import (CPUS, TODAY, Caches, Row, events_floor, header, median, paired, read_stage, readiness, repeat, run, seconds,
                    table)
from generate import write_profiles

GROWTH_FLAT_KIB = 0.1  # KiB per profile: below this, memory counts as flat


@dataclass
class Result:
    inputs: list[str] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)


def aggregate_cmd(paths: list[Path], out: Path, jobs: int | None) -> list[str]:
    cmd = [readiness(), "aggregate", *map(str, paths), "--today", TODAY, "-o", str(out)]
    return cmd + (["--jobs", str(jobs)] if jobs else [])


def measure(quick: bool, n: int | None = None, runs: int | None = None) -> Result:
    n = n or (1_000 if quick else 10_000)
    runs = runs or (1 if quick else 3)
    res = Result()
    with tempfile.TemporaryDirectory(prefix="readiness-batch-") as tmp:
        root = Path(tmp)
        caches = Caches(root / "cache")
        profiles = write_profiles(root / "profiles", n)
        res.inputs.append(f"aggregate: {profiles.summary()}; 3 scenarios each")
        small = sorted({p.parent for p in profiles.paths})[:1] if n >= 2_000 else profiles.paths[: n // 10]
        n_small = 1_000 if n >= 2_000 else n // 10
        everything = [root / "profiles"]
        env = caches.warm()
        run([readiness(), "plan", str(profiles.paths[0]), "-s", "blended", "--today", TODAY], env=env, expect=(0, 1, 2))
        one = paired(aggregate_cmd(everything, root / "a1.json", 1), events_floor(everything, 1), runs, warmup=0,
                     env=env, expect=(0, 1))
        cpu = one.median("command", "cpu")
        res.rows.append(Row(f"aggregate {n:,} profiles × 3 scenarios, CPU, 1 core",
                            f"{seconds(cpu)} ({cpu / n * 1000:.2f} ms/profile)",
                            f"{seconds(one.median('floor', 'cpu'))} event stream, 1 core", one.ratio("cpu"), "≤ 2.0×", 2.0))
        read = paired(read_stage(everything), events_floor(everything, 1), runs, warmup=0)
        res.rows.append(Row(f"of which: the {n:,} profiles read into data alone, CPU, 1 core",
                            f"{seconds(read.median('command', 'cpu'))} ({read.median('command', 'cpu') / cpu:.0%} of the aggregate)",
                            f"{seconds(read.median('floor', 'cpu'))} event stream, 1 core", read.ratio("cpu")))
        alls = paired(aggregate_cmd(everything, root / "a.json", None), events_floor(everything, CPUS), runs, warmup=0,
                      env=env, expect=(0, 1))
        res.rows.append(Row(f"aggregate {n:,} profiles, wall, all {CPUS} cores",
                            f"{seconds(alls.median('command', 'wall'))} ({seconds(alls.median('command', 'cpu'))} CPU in all processes)",
                            f"{seconds(alls.median('floor', 'wall'))} event stream, {CPUS} processes", alls.ratio("wall")))
        small_runs = repeat(aggregate_cmd(small, root / "s.json", 1), runs, warmup=0, env=env, expect=(0, 1))
        rss_small, rss_large = median(small_runs, "rss_kib"), one.median("command", "rss_kib")
        growth = (rss_large - rss_small) / (n - n_small)
        res.rows.append(Row(f"peak RSS, 1 core, {n_small:,} → {n:,} profiles",
                            f"{rss_small / 1024:.0f} → {rss_large / 1024:.0f} MiB: {growth:+.2f} KiB/profile",
                            f"{one.median('floor', 'rss_kib') / 1024:.0f} MiB event stream", rss_large / one.median("floor", "rss_kib"),
                            f"flat (≤ {GROWTH_FLAT_KIB} KiB/profile)", GROWTH_FLAT_KIB, check=growth))
        res.rows.append(Row(f"peak RSS, all cores, {n:,} profiles (largest process)",
                            f"{alls.median('command', 'rss_kib') / 1024:.0f} MiB",
                            f"{alls.median('floor', 'rss_kib') / 1024:.0f} MiB event stream", alls.ratio("rss_kib")))
        per_small = median(small_runs, "cpu") / n_small
        res.rows.append(Row(f"CPU per profile, start-up included, {n:,} vs {n_small:,} profiles", f"{cpu / n * 1000:.2f} vs {per_small * 1000:.2f} ms",
                            "", (cpu / n) / per_small))
    return res


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="1,000 profiles, one run")
    parser.add_argument("--profiles", type=int)
    parser.add_argument("--runs", type=int)
    args = parser.parse_args()
    header("aggregate", args.quick)
    res = measure(args.quick, args.profiles, args.runs)
    print("\n".join(res.inputs))
    print(table(res.rows))


if __name__ == "__main__":
    main()
