"""Start-up: `readiness plan` on a bundled example against importing its five libraries.

Floor: python -c "import yaml, jinja2, jsonschema, networkx, click", run in turn with the plan.
Figures (wall time, median of the pairs' ratios):
- cold plan (a new empty cache each run: the bundled set is validated and cached): goal <= 1.0x;
- warm plan (cache filled), as JSON: goal <= 0.5x;
- the same plan as HTML against as JSON, both warm: goal <= 1.2x (Markdown shown too).

Run: python bench/startup.py [--quick] [--runs N]
"""
from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from batch import Result
from common import EXAMPLE, TODAY, Caches, Row, header, imports_floor, paired, readiness, seconds, table


def plan_cmd(fmt: str) -> list[str]:
    return [readiness(), "plan", str(EXAMPLE), "-s", "blended", "--today", TODAY, "--format", fmt]


def measure(quick: bool, runs: int | None = None) -> Result:
    runs = runs or (5 if quick else 15)
    res = Result(inputs=[f"startup: plan of {EXAMPLE.relative_to(EXAMPLE.parents[3])}, blended, on the bundled set; {runs} pairs each"])
    with tempfile.TemporaryDirectory(prefix="readiness-startup-") as tmp:
        caches = Caches(Path(tmp))
        floor = imports_floor()
        cold = paired(lambda: (plan_cmd("json"), caches.cold()), floor, runs)
        res.rows.append(Row("cold plan (empty cache), JSON, wall", seconds(cold.median("command", "wall")),
                            f"{seconds(cold.median('floor', 'wall'))} import of 5 libraries", cold.ratio("wall"), "≤ 1.0×", 1.0))
        warm = {fmt: paired(plan_cmd(fmt), floor, runs, env=caches.warm()) for fmt in ("json", "md", "html")}
        for fmt, goal in (("json", 0.5), ("md", None), ("html", None)):
            res.rows.append(Row(f"warm plan, {fmt.upper() if fmt != 'md' else 'Markdown'}, wall", seconds(warm[fmt].median("command", "wall")),
                                f"{seconds(warm[fmt].median('floor', 'wall'))} import of 5 libraries", warm[fmt].ratio("wall"),
                                f"≤ {goal}×" if goal else "", goal))
        html = paired(plan_cmd("html"), plan_cmd("json"), runs, env=caches.warm(), floor_env=caches.warm())
        res.rows.append(Row("warm plan, HTML against JSON of the same plan", seconds(html.median("command", "wall")),
                            f"{seconds(html.median('floor', 'wall'))} JSON", html.ratio("wall"), "≤ 1.2×", 1.2))
    return res


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="5 pairs instead of 15")
    parser.add_argument("--runs", type=int)
    args = parser.parse_args()
    header("start-up", args.quick)
    res = measure(args.quick, args.runs)
    print("\n".join(res.inputs))
    print(table(res.rows))


if __name__ == "__main__":
    main()
