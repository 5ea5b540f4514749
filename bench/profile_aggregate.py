"""Where `readiness aggregate --jobs 1` spends its time per profile, by stage.

Samples the command with py-spy when it is installed (pip install py-spy: a sampler, which
does not slow small functions more than large ones), else runs it under cProfile (which
does, so rule evaluation looks dearer than it is). Stages are found by function name, the
innermost that matches: a name this version no longer has shows as 0 %.

Run: python bench/profile_aggregate.py [--profiles N] [--cprofile]
"""
from __future__ import annotations

import argparse
import contextlib
import cProfile
import os
import pstats
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

from common import TODAY, Caches, readiness, run
from generate import write_profiles

# (stage, function name): the innermost frame that matches decides the stage
STAGES = [
    ("loading: YAML to data", "load_plain"), ("loading: YAML to data", "_plain_events"), ("loading: YAML to data", "load_file"),
    ("schema pre-check", "is_valid"), ("other profile checks", "check_profile"),
    ("assess: derived values", "_derived"), ("assess: tasks, risks, requirements", "assess_all"),
    ("gap figures", "area_gaps"), ("verdict: finishing days", "timings"), ("verdict: blockers", "judge"),
    ("summary of one profile", "summarize"),
    ("fold, outputs", "aggregate"),
]
OTHER = "start-up, imports, playbook cache"


def sampled(cmd: list[str], out: Path) -> Counter[str]:
    subprocess.run(["py-spy", "record", "-r", "200", "-f", "raw", "-o", str(out), "--", sys.executable, *cmd],
                   check=True, capture_output=True)
    stages: Counter[str] = Counter()
    for line in out.read_text().splitlines():
        stack, count = line.rsplit(" ", 1)
        names = [frame.split(" (")[0] for frame in stack.split(";")]
        stages[next((s for name in reversed(names) for s, fn in STAGES if fn == name), OTHER)] += int(count)
    return stages


def profiled(cmd: list[str], out: Path) -> Counter[str]:
    """cProfile's cumulative times, nested stages subtracted from their parents."""
    import readiness.cli

    sys.argv = ["readiness", *cmd[1:]]
    profiler = cProfile.Profile()
    with open(os.devnull, "w") as quiet, contextlib.redirect_stderr(quiet):  # the invalid profiles' findings
        try:
            profiler.runcall(readiness.cli.main)
        except SystemExit:
            pass
    stats = pstats.Stats(profiler).stats  # type: ignore[attr-defined]
    cum: Counter[str] = Counter()
    for (_, _, name), (_, _, _, ct, _) in stats.items():
        cum[name] += ct
    total = max(ct for (_, _, _, ct, _) in stats.values())
    loading, schema, checks = cum["load_plain"] + cum["load_file"], cum["is_valid"], cum["check_profile"]
    assess, derived, gaps, summary = cum["assess_all"], cum["_derived"], cum["scenario_gap"], cum["summarize"]
    return Counter({
        "loading: YAML to data": loading, "schema pre-check": schema, "other profile checks": checks - loading - schema,
        "assess: derived values": derived, "assess: tasks, risks, requirements": assess - derived, "gap report": gaps,
        "summary of one profile": summary - checks - assess - gaps, "start-up, fold, outputs": total - summary,
    })


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--profiles", type=int, default=2_000)
    parser.add_argument("--cprofile", action="store_true", help="use cProfile even when py-spy is installed")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="readiness-profile-") as tmp:
        root = Path(tmp)
        profiles = write_profiles(root / "profiles", args.profiles)
        env = Caches(root / "cache").warm()
        os.environ.update(env)  # for the in-process cProfile run
        run([readiness(), "plan", str(profiles.paths[0]), "-s", "blended", "--today", TODAY], env=env, expect=(0, 1, 2))
        cmd = [readiness(), "aggregate", str(root / "profiles"), "--today", TODAY, "--jobs", "1", "-o", str(root / "a.json")]
        use_spy = shutil.which("py-spy") and not args.cprofile
        stages = sampled(cmd, root / "spy.raw") if use_spy else profiled(cmd, root / "a.prof")
    total = sum(stages.values())
    print(f"aggregate --jobs 1 of {profiles.summary()}; {'py-spy samples' if use_spy else 'cProfile'}:")
    for stage, value in stages.most_common():
        print(f"{100 * value / total:5.1f} %  {stage}")


if __name__ == "__main__":
    main()
