"""The ministry's view: readiness of many institutions at once, by region and by type.

Each profile is checked and assessed on its own (in worker processes) and reduced to a small
summary; the parent folds the summaries, in file order, into counters whose size does not
grow with the number of profiles (readiness is an integer percent, so a distribution is 101
counts). A bad profile never stops the batch: it is listed with its findings.

Small groups are suppressed (see :func:`suppressed_groups`): a region or institution type with
fewer than ``min_group`` institutions shows no figure, and neither does the smallest other
group when the national total minus the shown groups would reveal a suppressed one.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Callable

from ..io.files import display_name
from ..model import Playbook
from ..rows import Rows
from .batch import Paths, checked_profile, run_batch
from .evaluate import assess_all
from .gaps import area_gaps, total_of
from .ledger import Ledger
from .plan import timings
from .verdict import judge

BREAKDOWNS = ("region", "type")
TYPES = ("primary", "secondary", "higher")
NO_REGION = ""
BINS = 10

# -- one profile → a small summary (runs in the workers) ---------------------------------------


def summarize(path: Path | str, context: tuple[Playbook, date, str]) -> dict[str, Any]:
    """What the aggregate needs of one profile: who it is, and per scenario its verdict as of
    the day given, readiness per area, open tasks, triggered risks and unknown facts; or, for a
    profile that cannot be used, its findings in the run's language."""
    playbook, today, lang = context
    profile, findings = checked_profile(path, playbook)
    name = display_name(path)
    if profile is None:
        return {"file": name, "errors": [d.as_dict(lang) for d in findings]}
    inst = profile.institution
    scenarios = {}
    for sid, assessment in assess_all(playbook, profile, list(playbook.scenarios), today).items():
        areas = area_gaps(assessment)  # the gap report's figures and the plan's verdict, without the plan's details
        total = total_of(areas)
        scenarios[sid] = (
            judge(assessment, timings(assessment, today)).status,
            tuple(a.readiness for a in areas),
            total.readiness,
            tuple(sorted(total.open)),
            tuple(sorted(total.risks)),
            tuple(sorted(f for f in assessment.questions if not f.startswith(("derived.", "params.")))),
        )
    return {"file": name, "id": inst["id"], "region": inst.get("region") or NO_REGION, "type": inst["type"],
            "updated": profile.data.get("updated"), "planned": tuple(profile.scenarios), "scenarios": scenarios}


# -- folding summaries --------------------------------------------------------------------------


@dataclass
class ScenarioAcc:
    areas: int
    planned: int = 0
    status: Counter[str] = field(default_factory=Counter)
    values: list[list[int]] = field(default_factory=list)  # per area, then the total: counts of 0..100
    tasks: Counter[str] = field(default_factory=Counter)
    risks: Counter[str] = field(default_factory=Counter)
    facts: Counter[str] = field(default_factory=Counter)

    def __post_init__(self) -> None:
        self.values = [[0] * 101 for _ in range(self.areas + 1)]

    def add(self, planned: bool, item: tuple[Any, ...]) -> None:
        status, areas, total, open_tasks, risks, facts = item
        self.planned += planned
        self.status[status] += 1
        for i, value in enumerate((*areas, total)):
            if value is not None:
                self.values[i][value] += 1
        self.tasks.update(open_tasks)
        self.risks.update(risks)
        self.facts.update(facts)

    def merge(self, other: "ScenarioAcc") -> None:
        self.planned += other.planned
        self.status.update(other.status)
        for mine, theirs in zip(self.values, other.values):
            for i, count in enumerate(theirs):
                if count:
                    mine[i] += count
        self.tasks.update(other.tasks)
        self.risks.update(other.risks)
        self.facts.update(other.facts)


@dataclass
class GroupAcc:
    scenarios: dict[str, ScenarioAcc]
    institutions: int = 0


class Aggregator:
    """Folds per-profile summaries into per-group counters. What must be remembered of each
    profile (its institution id, and whether the report lists it as stale or unusable) goes to
    a :class:`~.ledger.Ledger` on disk: memory independent of the count. Close it when done
    (or use it in a ``with``)."""

    def __init__(self, playbook: Playbook, today: date, stale_after: int):
        self.playbook, self.today, self.stale_after = playbook, today, stale_after
        self.cells: dict[tuple[str, str], GroupAcc] = {}  # (region, type): each profile is folded once
        self._groups: dict[tuple[str, str], GroupAcc] | None = None
        self.files = 0
        self._ledger = Ledger()  # the first file of each institution id; the lists "stale" and "errors"
        self.repeated: dict[str, list[str]] = {}     # institution id -> every file of an id given more than once

    def __enter__(self) -> Aggregator:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._ledger.close()

    def keep_only_lists(self) -> None:
        """Free the counters, the set and the duplicates once the report is made: what remains is
        the ledger, read by :attr:`stale` and :attr:`errors` while the outputs are written."""
        self.cells, self._groups, self.repeated = {}, None, {}
        self.playbook = None  # type: ignore[assignment]

    def _new(self) -> GroupAcc:
        n = len(self.playbook.areas)
        return GroupAcc({sid: ScenarioAcc(n) for sid in self.playbook.scenarios})

    @property
    def groups(self) -> dict[tuple[str, str], GroupAcc]:
        """National, per-region and per-type groups, merged from the (region, type) cells."""
        if self._groups is None:
            groups: dict[tuple[str, str], GroupAcc] = {}
            for (region, kind), cell in sorted(self.cells.items()):
                for key in (("national", ""), ("region", region), ("type", kind)):
                    group = groups.setdefault(key, self._new())
                    group.institutions += cell.institutions
                    for sid, acc in cell.scenarios.items():
                        group.scenarios[sid].merge(acc)
            self._groups = groups
        return self._groups

    def add(self, summary: dict[str, Any]) -> None:
        self.files += 1
        if "errors" in summary:
            self._ledger.append("errors", {"file": summary["file"], "findings": summary["errors"]})
            return
        self._check_stale(summary)
        iid = summary["id"]
        new, first = self._ledger.first(iid, summary["file"])
        if not new:  # a duplicate id: the first file (in path order) counts, the others are listed
            self.repeated.setdefault(iid, [first]).append(summary["file"])
            return
        self._groups = None
        cell = self.cells.get((summary["region"], summary["type"]))
        if cell is None:
            cell = self.cells[(summary["region"], summary["type"])] = self._new()
        cell.institutions += 1
        for sid, item in summary["scenarios"].items():
            cell.scenarios[sid].add(sid in summary["planned"], item)

    def _check_stale(self, summary: dict[str, Any]) -> None:
        updated = summary["updated"]
        age = (self.today - date.fromisoformat(updated)).days if updated else None
        if age is None or age > self.stale_after:
            self._ledger.append("stale", (summary["file"], summary["id"], updated, age))

    @property
    def stale(self) -> Rows:
        """Profiles not updated within ``stale_after`` days (or never), in file order: read from
        the ledger each time they are iterated, while the aggregator is open."""
        return self._ledger.rows("stale").map(_stale_entry)

    @property
    def errors(self) -> Rows:
        """Profiles that cannot be used, each with its findings, in file order (as :attr:`stale`)."""
        return self._ledger.rows("errors")

    @property
    def duplicates(self) -> list[tuple[str, list[str]]]:
        """Institution ids given by more than one file, each with its files (the first counts)."""
        return sorted(self.repeated.items())


def _stale_entry(row: list[Any]) -> dict[str, Any]:
    file, institution, updated, age = row
    return {"file": file, "institution": institution, "updated": updated, "age_days": age}


# -- statistics --------------------------------------------------------------------------------


def distribution(counts: list[int]) -> dict[str, Any]:
    """Min, quartiles, median, max, mean and a 10-point histogram of integer percents given as
    counts per value. Quartiles interpolate linearly between order statistics (numpy's default)."""
    n = sum(counts)
    histogram = [0] * BINS
    for value, c in enumerate(counts):
        histogram[min(value // 10, BINS - 1)] += c
    if not n:
        return {"n": 0, "min": None, "q1": None, "median": None, "q3": None, "max": None, "mean": None, "histogram": histogram}
    values = [v for v, c in enumerate(counts) if c]
    cumulative = []
    running = 0
    for v in values:
        running += counts[v]
        cumulative.append((running, v))

    def nth(k: int) -> int:  # the k-th smallest value, 0-based
        return next(v for upto, v in cumulative if k < upto)

    def quantile(p: float) -> float:
        h = (n - 1) * p
        lo = int(h)
        low = nth(lo)
        return round(low + (nth(min(lo + 1, n - 1)) - low) * (h - lo), 1)

    mean = sum(v * c for v, c in enumerate(counts)) / n
    return {"n": n, "min": values[0], "q1": quantile(0.25), "median": quantile(0.5), "q3": quantile(0.75),
            "max": values[-1], "mean": round(mean, 1), "histogram": histogram}


def top(counter: Counter[str], n: int) -> list[dict[str, Any]]:
    return [{"id": k, "count": c} for k, c in sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))[:n]]


def suppressed_groups(sizes: dict[str, int], min_group: int) -> set[str]:
    """Groups to suppress in one breakdown. Primary: fewer than ``min_group`` institutions.
    Secondary: while the suppressed groups together are a single group or fewer than
    ``min_group`` institutions, the smallest shown group is suppressed too, so that the national
    figure minus the shown groups reveals no group and no fewer than ``min_group`` institutions."""
    hidden = {k for k, n in sizes.items() if n < min_group}
    if not hidden:
        return hidden
    shown = sorted((n, k) for k, n in sizes.items() if k not in hidden)
    while shown and (len(hidden) < 2 or sum(sizes[k] for k in hidden) < min_group):
        hidden.add(shown.pop(0)[1])
    return hidden


# -- the run ------------------------------------------------------------------------------------


@dataclass
class Options:
    today: date
    stale_after: int = 90
    min_group: int = 5
    top: int = 15
    lang: str = ""
    jobs: int = 1


def fold(files: Paths, playbook: Playbook, options: Options,
         on_progress: Callable[[int], None] | None = None) -> Aggregator:
    """Every profile summarised (in worker processes) and folded, in file order."""
    acc = Aggregator(playbook, options.today, options.stale_after)
    for summary in run_batch(files, summarize, (playbook, options.today, options.lang or "en"), options.jobs, on_progress):
        acc.add(summary)
    return acc
