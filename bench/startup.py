"""Wall time of `readiness plan` against importing the five runtime dependencies.

Baseline: python -c "import yaml, jinja2, jsonschema, networkx, click". The plan runs on
a bundled example with a warm cache (one untimed run first). Median of --runs runs each.
Run: python bench/startup.py [--runs N]
"""
from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "playbooks" / "kg-mes-2020" / "examples" / "rural-lyceum-naryn.yaml"


def wall(cmd: list[str], runs: int) -> float:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    exe = shutil.which("readiness") or str(Path(sys.executable).parent / "readiness")
    baseline = [sys.executable, "-c", "import yaml, jinja2, jsonschema, networkx, click"]
    results = {}
    for fmt in ("md", "json"):
        plan = [exe, "plan", str(EXAMPLE), "-s", "blended", "--today", "2020-08-10", "--format", fmt]
        subprocess.run(plan, check=True, stdout=subprocess.DEVNULL)  # warm the playbook cache
        results[fmt] = wall(plan, args.runs)
    base = wall(baseline, args.runs)
    print(f"baseline import of yaml, jinja2, jsonschema, networkx, click: {base * 1000:.0f} ms")
    for fmt, t in results.items():
        print(f"readiness plan --format {fmt}: {t * 1000:.0f} ms = {t / base:.2f}x baseline (target <= 1.0x)")


if __name__ == "__main__":
    main()
