"""What every benchmark shares: running a command and reading the kernel's accounting of it,
pairing a command with its floor run for run, and the table of results.

Each figure is a ratio against a floor measured in the same run. The command and its floor
run in turn (floor, command, floor, command, ...), each pair gives a ratio, and the median
ratio is quoted: on a shared machine whose speed drifts, a pair sees the same drift.
"""
from __future__ import annotations

import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Sequence

ROOT = Path(__file__).resolve().parent.parent
BUNDLED = ROOT / "playbooks" / "kg-mes-2020"
EXAMPLE = BUNDLED / "examples" / "rural-lyceum-naryn.yaml"
FLOORS = Path(__file__).resolve().parent / "floors.py"
MEASURE = Path(__file__).resolve().parent / "measure.py"
TODAY = "2020-08-15"
CPUS = os.cpu_count() or 1


@dataclass
class Sample:
    wall: float  # seconds
    cpu: float  # user + system seconds of the process and the children it waited for
    rss_kib: int  # peak resident set of the largest of them
    rc: int

    def get(self, metric: str) -> float:
        return float(getattr(self, metric))


Command = Sequence[str]
CommandFactory = Callable[[], tuple[Command, dict[str, str] | None]]


def readiness() -> str:
    return shutil.which("readiness") or str(Path(sys.executable).parent / "readiness")


def run(cmd: Command, env: dict[str, str] | None = None, expect: Sequence[int] = (0,)) -> Sample:
    """Run ``cmd`` to its end, output thrown away, through the small launcher ``measure.py``
    (see there why): the kernel's accounting of it and of the children it waited for."""
    proc = subprocess.run([sys.executable, str(MEASURE), *cmd], capture_output=True, env=env)
    if proc.returncode:
        raise RuntimeError(f"could not run {' '.join(map(str, cmd))}: {proc.stderr.decode(errors='replace')[-2000:]}")
    got = json.loads(proc.stdout)
    if got["rc"] not in expect:
        raise RuntimeError(f"{' '.join(map(str, cmd))} exited {got['rc']}: {proc.stderr.decode(errors='replace')[-2000:]}")
    return Sample(got["wall"], got["cpu"], got["rss_kib"], got["rc"])


def env_with(**values: str) -> dict[str, str]:
    return {**os.environ, **values}


class Caches:
    """Cache folders for the compiled-playbook cache: one kept warm, or a new empty one per run."""

    def __init__(self, root: Path):
        self.root = root
        self.warm_dir = root / "warm"
        self.warm_dir.mkdir(parents=True, exist_ok=True)

    def warm(self) -> dict[str, str]:
        return env_with(READINESS_CACHE_DIR=str(self.warm_dir))

    def cold(self) -> dict[str, str]:
        return env_with(READINESS_CACHE_DIR=tempfile.mkdtemp(dir=self.root, prefix="cold-"))

    @staticmethod
    def off() -> dict[str, str]:
        return env_with(READINESS_CACHE_DIR="")


@dataclass
class Pair:
    floor: list[Sample] = field(default_factory=list)
    command: list[Sample] = field(default_factory=list)

    def median(self, side: str, metric: str) -> float:
        return statistics.median(s.get(metric) for s in getattr(self, side))

    def ratio(self, metric: str, floor_metric: str | None = None) -> float:
        """Median over the pairs of command / floor."""
        fm = floor_metric or metric
        return statistics.median(c.get(metric) / f.get(fm) for c, f in zip(self.command, self.floor))


Runnable = Command | CommandFactory


def _resolve(item: Runnable, env: dict[str, str] | None) -> tuple[Command, dict[str, str] | None]:
    return item() if callable(item) else (item, env)


def paired(command: Runnable, floor: Runnable, runs: int, warmup: int = 1, env: dict[str, str] | None = None,
           floor_env: dict[str, str] | None = None, expect: Sequence[int] = (0,)) -> Pair:
    """Floor and command in turn, ``runs`` times each after ``warmup`` uncounted pairs; ``expect``: their exit codes.

    A factory (a callable returning the command and its environment) is called for each run,
    e.g. to give each cold run a new empty cache.
    """
    out = Pair()
    for i in range(warmup + runs):
        f = run(*_resolve(floor, floor_env), expect=expect)
        c = run(*_resolve(command, env), expect=expect)
        if i >= warmup:
            out.floor.append(f)
            out.command.append(c)
    return out


def repeat(command: Runnable, runs: int, warmup: int = 1, env: dict[str, str] | None = None,
           expect: Sequence[int] = (0,)) -> list[Sample]:
    samples = [run(*_resolve(command, env), expect=expect) for _ in range(warmup + runs)]
    return samples[warmup:]


def median(samples: list[Sample], metric: str) -> float:
    return statistics.median(s.get(metric) for s in samples)


def events_floor(paths: Sequence[Path], jobs: int) -> list[str]:
    """The batch floor: the libyaml event stream over the same files, no Python objects built."""
    return [sys.executable, str(FLOORS), "events", "--jobs", str(jobs), *map(str, paths)]


def read_stage(paths: Sequence[Path]) -> list[str]:
    """The first stage of a batch on its own: every file read into data by readiness's reader."""
    return [sys.executable, str(FLOORS), "read", *map(str, paths)]


def imports_floor() -> list[str]:
    """The start-up floor: importing the five runtime libraries."""
    return [sys.executable, "-c", "import yaml, jinja2, jsonschema, networkx, click"]


# -- results ------------------------------------------------------------------------------------

@dataclass
class Row:
    measure: str
    value: str
    floor: str
    ratio: float | None
    goal: str = ""  # "<= 2.0", ">= 50", "< 2 s", ...
    limit: float | None = None  # compared with ratio (or with what ``check`` gives)
    higher_is_better: bool = False
    check: float | None = None  # the number compared with limit when it is not the ratio

    @property
    def met(self) -> str:
        if self.limit is None:
            return ""
        x = self.ratio if self.check is None else self.check
        if x is None:
            return "?"
        return "yes" if (x >= self.limit if self.higher_is_better else x <= self.limit) else "no"

    def cells(self) -> list[str]:
        return [self.measure, self.value, self.floor, "" if self.ratio is None else f"{self.ratio:.2f}×", self.goal, self.met]


HEADERS = ["measure", "value", "floor", "ratio", "goal", "met?"]


def table(rows: list[Row]) -> str:
    lines = [[*HEADERS], *[r.cells() for r in rows]]
    widths = [max(len(line[i]) for line in lines) for i in range(len(HEADERS))]
    return "\n".join("  ".join(cell.ljust(w) for cell, w in zip(line, widths)).rstrip() for line in lines)


def markdown(rows: list[Row]) -> str:
    out = ["| " + " | ".join(HEADERS) + " |", "|" + "---|" * len(HEADERS)]
    out += ["| " + " | ".join(c.replace("|", "\\|") for c in r.cells()) + " |" for r in rows]
    return "\n".join(out)


def seconds(x: float) -> str:
    return f"{x * 1000:.0f} ms" if x < 1 else f"{x:.2f} s"


def machine() -> str:
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{model or platform.processor() or platform.machine()}, {CPUS} cores, Python {platform.python_version()}, {platform.system()}"


def bytecode_compiled() -> None:
    """Write the package's bytecode first, as installing a wheel does. Where PYTHONDONTWRITEBYTECODE
    is set (as on some shared machines), a checkout's modules changed since their bytecode was
    written would otherwise be compiled again by every measured run, and start-up would include it."""
    import compileall
    import importlib.util

    spec = importlib.util.find_spec("readiness")
    for folder in (spec.submodule_search_locations or []) if spec else []:
        compileall.compile_dir(folder, quiet=2)


def header(title: str, quick: bool) -> None:
    bytecode_compiled()
    print(f"## {title}{' (quick)' if quick else ''}")
    print(f"machine: {machine()}")
