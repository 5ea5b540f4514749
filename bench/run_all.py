"""Every benchmark in one run, then one Markdown table for the README, with the machine named.

Run: python bench/run_all.py [--quick] [--only startup,rules,batch,impact,sets] [--markdown FILE]

--quick runs smaller inputs and fewer repetitions (a few minutes on two cores); the full run
takes 20 to 25 minutes. Each figure is a ratio against a floor measured in the same
run; see each script's docstring for what is measured and against what.
"""
from __future__ import annotations

import argparse
import time
import traceback
from pathlib import Path

import batch
import impact
import rules_vs_jinja
import sets
import startup
from common import Row, machine, markdown, table

BENCHMARKS = {"startup": startup.measure, "rules": rules_vs_jinja.measure, "batch": batch.measure,
              "impact": impact.measure, "sets": sets.measure}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--only", default=",".join(BENCHMARKS), help="comma-separated: " + ", ".join(BENCHMARKS))
    parser.add_argument("--markdown", type=Path, help="also write the Markdown table to this file")
    args = parser.parse_args()
    rows: list[Row] = []
    inputs: list[str] = []
    problems: list[str] = []
    started = time.perf_counter()
    for name in args.only.split(","):
        t0 = time.perf_counter()
        print(f"## {name}{' (quick)' if args.quick else ''}", flush=True)
        try:
            res = BENCHMARKS[name](args.quick)
        except Exception:  # one broken benchmark must not hide the others' figures
            problems.append(f"{name}: {traceback.format_exc().strip().splitlines()[-1]}")
            traceback.print_exc()
            continue
        print("\n".join(res.inputs))
        if res.rows:
            print(table(res.rows))
        print(f"({time.perf_counter() - t0:.0f} s)\n", flush=True)
        rows += res.rows
        inputs += res.inputs
    text = "\n".join([
        f"Machine: {machine()}; {'quick run' if args.quick else 'full run'} of `python bench/run_all.py"
        f"{' --quick' if args.quick else ''}` ({time.perf_counter() - started:.0f} s).", "",
        markdown(rows), "", "Inputs:", "", *[f"- {line}" for line in inputs],
        *(["", "Not measured:", "", *[f"- {p}" for p in problems]] if problems else []),
    ])
    print(text)
    if args.markdown:
        args.markdown.write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
