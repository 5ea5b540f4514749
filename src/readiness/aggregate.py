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

import gc
import os
import pickle
from collections import Counter, deque
from dataclasses import dataclass, field
from datetime import date
from itertools import islice
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from . import __version__
from .errors import ERROR, Diagnostic, ReadinessError, UsageError
from .i18n import message, pick
from .model import Playbook
from .playbook import display_name

FORMAT_VERSION = 1
BREAKDOWNS = ("region", "type")
TYPES = ("primary", "secondary", "higher")
NO_REGION = ""
BINS = 10

# -- finding the profiles ---------------------------------------------------------------------


def discover(paths: Iterable[Path]) -> list[Path]:
    """Profile files: files as given, folders searched for *.yaml recursively; sorted, unique."""
    found: set[Path] = set()
    for path in paths:
        if not path.exists():
            raise UsageError([Diagnostic(display_name(path), code="Y001", message="file or folder not found",
                                         hint="give profile files or folders that hold them")])
        if path.is_dir():
            found.update(p for p in path.rglob("*.yaml") if p.is_file())
        else:
            found.add(path)
    if not found:
        raise UsageError([Diagnostic(", ".join(display_name(p) for p in paths) or ".", code="Y001",
                                     message="no .yaml profiles found", hint="give profile files or folders that hold them")])
    return sorted(found, key=lambda p: str(p))


# -- running a function over many files in worker processes -----------------------------------

_STATE: dict[str, Any] = {}


def _init_worker(payload: bytes) -> None:
    """Unpickle the compiled playbook(s) once per worker; rules recompile on unpickling."""
    _STATE["context"] = pickle.loads(payload)
    _freeze()


def _freeze() -> None:
    """Move what exists now (the compiled playbook) out of the garbage collector's sight:
    each profile makes thousands of short-lived objects, and every collection would walk
    the whole playbook again."""
    gc.collect()
    gc.freeze()


def _work_chunk(job: tuple[Callable[[Path, Any], dict[str, Any]], list[Path]]) -> list[dict[str, Any]]:
    fn, paths = job
    return [fn(p, _STATE["context"]) for p in paths]


def run_batch(paths: list[Path], fn: Callable[[Path, Any], dict[str, Any]], context: Any, jobs: int,
              on_progress: Callable[[int], None] | None = None) -> Iterator[dict[str, Any]]:
    """``fn(path, context)`` for every path, yielded in the order of ``paths`` (so outputs do not
    depend on ``jobs``). At most a few chunks are in flight: memory stays bounded."""
    if jobs <= 1 or len(paths) < 2:
        _freeze()
        for path in paths:
            yield fn(path, context)
            if on_progress:
                on_progress(1)
        return
    from concurrent.futures import ProcessPoolExecutor

    size = max(1, min(64, len(paths) // (jobs * 8) or 1))
    chunks = (paths[i:i + size] for i in range(0, len(paths), size))
    with ProcessPoolExecutor(max_workers=jobs, initializer=_init_worker,
                             initargs=(pickle.dumps(context, protocol=pickle.HIGHEST_PROTOCOL),)) as pool:
        pending = deque(pool.submit(_work_chunk, (fn, c)) for c in islice(chunks, jobs * 4))
        while pending:
            done = pending.popleft().result()
            nxt = next(chunks, None)
            if nxt is not None:
                pending.append(pool.submit(_work_chunk, (fn, nxt)))
            yield from done
            if on_progress:
                on_progress(len(done))


def default_jobs() -> int:
    return os.cpu_count() or 1


# -- one profile → a small summary (runs in the workers) ---------------------------------------


def checked_profile(path: Path, playbook: Playbook) -> tuple[Any, list[Diagnostic]]:
    """A profile and its errors, also for a file that cannot be read at all: in a batch every
    failure is a finding of its file, never a stop."""
    from .profile import check_profile

    try:
        profile, findings = check_profile(path, playbook)
    except ReadinessError as exc:
        return None, list(exc.diagnostics)
    return profile, [d for d in findings if d.severity == ERROR]


def summarize(path: Path, playbook: Playbook) -> dict[str, Any]:
    """What the aggregate needs of one profile: who it is, and per scenario its gap status,
    readiness per area, open tasks, triggered risks and unknown facts."""
    from .evaluate import assess_all
    from .gaps import scenario_gap

    profile, findings = checked_profile(path, playbook)
    name = display_name(path)
    if profile is None:
        return {"file": name, "errors": [d.as_dict() for d in findings]}
    inst = profile.institution
    scenarios = {}
    for sid, assessment in assess_all(playbook, profile, list(playbook.scenarios)).items():
        gap = scenario_gap(assessment)
        total = gap.total()
        scenarios[sid] = (
            gap.status,
            tuple(a.readiness for a in gap.areas),
            total.readiness,
            tuple(sorted(total.open)),
            tuple(sorted(total.risks)),
            tuple(sorted(f for f in gap.assessment.questions if not f.startswith(("derived.", "params.")))),
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
    """Folds per-profile summaries into per-group counters; memory independent of the count."""

    def __init__(self, playbook: Playbook, today: date, stale_after: int):
        self.playbook, self.today, self.stale_after = playbook, today, stale_after
        self.cells: dict[tuple[str, str], GroupAcc] = {}  # (region, type): each profile is folded once
        self._groups: dict[tuple[str, str], GroupAcc] | None = None
        self.files = 0
        self.errors: list[dict[str, Any]] = []
        self.stale: list[dict[str, Any]] = []
        self.seen: dict[str, list[str]] = {}

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
            self.errors.append({"file": summary["file"], "findings": summary["errors"]})
            return
        self._check_stale(summary)
        files = self.seen.setdefault(summary["id"], [])
        files.append(summary["file"])
        if len(files) > 1:
            return  # a duplicate id: the first file (in path order) counts, the others are listed
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
            self.stale.append({"file": summary["file"], "institution": summary["id"], "updated": updated, "age_days": age})


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


# -- the report --------------------------------------------------------------------------------


@dataclass
class Options:
    today: date
    stale_after: int = 90
    min_group: int = 5
    top: int = 15
    lang: str = ""
    jobs: int = 1


def aggregate(paths: list[Path], playbook: Playbook, options: Options,
              on_progress: Callable[[int], None] | None = None) -> dict[str, Any]:
    """The aggregate report as a JSON-ready dict (the library entry point behind the command)."""
    files = discover(paths)
    acc = Aggregator(playbook, options.today, options.stale_after)
    for summary in run_batch(files, summarize, playbook, options.jobs, on_progress):
        acc.add(summary)
    return build_report(acc, options)


def _scenario_stats(sid: str, sa: ScenarioAcc, areas: list[str], n: int) -> dict[str, Any]:
    return {
        "scenario": sid,
        "planned": sa.planned,
        "ready": sa.status["ready"],
        "not_ready": sa.status["not_ready"],
        "unknown": sa.status["unknown"],
        "total": distribution(sa.values[-1]),
        "areas": [{"area": aid, **distribution(sa.values[i])} for i, aid in enumerate(areas)],
        "top_tasks": top(sa.tasks, n),
        "top_risks": top(sa.risks, n),
        "top_facts": top(sa.facts, n),
    }


def _group_dict(acc: GroupAcc | None, key: str, label: str, hidden: bool, areas: list[str], n: int) -> dict[str, Any]:
    out: dict[str, Any] = {"key": key, "label": label, "suppressed": hidden, "institutions": None, "scenarios": None}
    if not hidden and acc is not None:
        out["institutions"] = acc.institutions
        out["scenarios"] = [_scenario_stats(sid, sa, areas, n) for sid, sa in acc.scenarios.items()]
    return out


def build_report(acc: Aggregator, options: Options) -> dict[str, Any]:
    pb = acc.playbook
    lang = options.lang or pb.languages[0]
    areas = list(pb.areas)
    national = acc.groups.get(("national", ""))
    counted = national.institutions if national else 0
    out: dict[str, Any] = {
        "kind": "aggregate", "format_version": FORMAT_VERSION, "generator": f"readiness {__version__}", "lang": lang,
        "playbook": {"id": pb.id, "version": pb.manifest["version"], "title": pick(pb.manifest["title"], lang)},
        "today": options.today.isoformat(), "stale_after_days": options.stale_after,
        "min_group": options.min_group, "top": options.top,
        "totals": {"files": acc.files, "valid": acc.files - len(acc.errors), "invalid": len(acc.errors), "counted": counted,
                   "duplicates_left_out": acc.files - len(acc.errors) - counted, "stale": len(acc.stale)},
        "national": _group_dict(national, "", message("agg.national", lang), counted < options.min_group, areas, options.top),
        "breakdowns": {},
        "stale": acc.stale,
        "duplicates": [{"institution": k, "counted": v[0], "files": v} for k, v in sorted(acc.seen.items()) if len(v) > 1],
        "errors": acc.errors,
    }
    for name in BREAKDOWNS:
        sizes = {k: g.institutions for (b, k), g in acc.groups.items() if b == name}
        hidden = suppressed_groups(sizes, options.min_group)
        keys = [t for t in TYPES if t in sizes] if name == "type" else sorted(sizes)
        out["breakdowns"][name] = [
            _group_dict(acc.groups[(name, k)], k, _group_label(name, k, lang), k in hidden, areas, options.top) for k in keys]
    out["labels"] = _labels(pb, out, lang)
    return out


def _group_label(breakdown: str, key: str, lang: str) -> str:
    if breakdown == "type":
        return message("type." + key, lang)
    return key or message("agg.no_region", lang)


def _labels(pb: Playbook, report: dict[str, Any], lang: str) -> dict[str, Any]:
    """Titles of every area, scenario, task, risk and fact the report names, in ``lang``."""
    ids: dict[str, set[str]] = {"top_tasks": set(), "top_risks": set(), "top_facts": set()}
    for group in [report["national"], *report["breakdowns"]["region"], *report["breakdowns"]["type"]]:
        for sc in group["scenarios"] or []:
            for key in ids:
                ids[key].update(item["id"] for item in sc[key])
    facts = fact_titles()
    return {
        "areas": {aid: pick(a["title"], lang) for aid, a in pb.areas.items()},
        "scenarios": {sid: pick(s["title"], lang) for sid, s in pb.scenarios.items()},
        "tasks": {tid: pick(pb.tasks[tid].title, lang) for tid in sorted(ids["top_tasks"])},
        "risks": {rid: pick(pb.risks[rid].title, lang) for rid in sorted(ids["top_risks"])},
        "facts": {f: facts.get(f, f) for f in sorted(ids["top_facts"])},
    }


def fact_titles() -> dict[str, str]:
    """Fact path → its title in the profile schema (English: the schema has one language)."""
    from .schema import load_schema

    props = load_schema("profile")["properties"]
    out: dict[str, str] = {}

    def walk(node: dict[str, Any], prefix: str) -> None:
        for name, sub in node.get("properties", {}).items():
            out[prefix + name] = sub.get("title", name)
            walk(sub.get("items", sub) if sub.get("type") == "array" else sub, prefix + name + ".")

    walk(props["facts"], "")
    walk(props["institution"], "institution.")
    return out


def error_lines(report: dict[str, Any]) -> list[str]:
    """Every finding of the failed profiles, as ``file:line:col: CODE message (hint: …)``."""
    out = []
    for entry in report["errors"]:
        for f in entry["findings"]:
            d = Diagnostic(f["file"], f["line"], f["col"], f["code"], f["message"], f["severity"], f["hint"], f["pointer"])
            out.append(d.format())
    return out


# -- outputs -----------------------------------------------------------------------------------

FORMATS = ("html", "json", "xlsx", "csv")


def heat_color(value: float) -> str:
    """Red (0 %) through yellow to green (100 %), as an HSL colour light enough for black text."""
    return f"hsl({round(1.2 * max(0.0, min(100.0, value)))}, 65%, 62%)"


def render(report: dict[str, Any], fmt: str) -> str | bytes:
    if fmt == "json":
        from .render import to_json

        return to_json(report)
    if fmt == "html":
        from .render import environment

        return environment().get_template("aggregate.html.j2").render(d=report, lang=report["lang"], color=heat_color)  # type: ignore[no-any-return]
    if fmt == "csv":
        return to_csv(report)
    return to_xlsx(report)


def rows(report: dict[str, Any]) -> dict[str, list[list[Any]]]:
    """The report as flat tables (header row first), for CSV and XLSX. Suppressed groups have one
    row saying so and no figures."""
    L = report["labels"]
    status: list[list[Any]] = [["breakdown", "group", "institutions", "scenario", "planned", "ready", "not_ready", "unknown", "suppressed"]]
    areas: list[list[Any]] = [["breakdown", "group", "scenario", "area", "n", "min", "q1", "median", "q3", "max", "mean",
              *(f"bin_{10 * i}" for i in range(BINS))]]
    items: list[list[Any]] = [["breakdown", "group", "scenario", "kind", "rank", "id", "title", "count"]]
    for breakdown, group in _all_groups(report):
        if group["suppressed"]:
            status.append([breakdown, group["label"], None, None, None, None, None, None, True])
            continue
        for s in group["scenarios"]:
            status.append([breakdown, group["label"], group["institutions"], s["scenario"], s["planned"], s["ready"],
                           s["not_ready"], s["unknown"], False])
            for a in [*s["areas"], {"area": "total", **s["total"]}]:
                areas.append([breakdown, group["label"], s["scenario"], a["area"], a["n"], a["min"], a["q1"], a["median"],
                              a["q3"], a["max"], a["mean"], *a["histogram"]])
            for kind, key, labels in (("task", "top_tasks", L["tasks"]), ("risk", "top_risks", L["risks"]), ("fact", "top_facts", L["facts"])):
                for rank, it in enumerate(s[key], 1):
                    items.append([breakdown, group["label"], s["scenario"], kind, rank, it["id"], labels.get(it["id"], it["id"]), it["count"]])
    stale = [["file", "institution", "updated", "age_days"]] + [[s["file"], s["institution"], s["updated"], s["age_days"]] for s in report["stale"]]
    dups = [["institution", "counted", "file"]] + [[d["institution"], d["counted"], f] for d in report["duplicates"] for f in d["files"]]
    errors = [["profile", "file", "line", "col", "code", "message", "hint"]] + [
        [e["file"], f["file"], f["line"], f["col"], f["code"], f["message"], f["hint"]] for e in report["errors"] for f in e["findings"]]
    return {"status": status, "areas": areas, "top": items, "stale": stale, "duplicates": dups, "errors": errors}


def _all_groups(report: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    yield "national", report["national"]
    for name in BREAKDOWNS:
        for group in report["breakdowns"][name]:
            yield name, group


def to_csv(report: dict[str, Any]) -> str:
    """One CSV of every table, in long form: a first column ``table`` names the table the row
    belongs to (status, areas, top, stale, duplicates, errors); each table starts with its header."""
    import csv
    import io

    from .tabular import BOM

    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")  # as the other CSV reports: Excel-friendly
    for name, table in rows(report).items():
        for row in table:
            writer.writerow([name if row is not table[0] else "table", *("" if v is None else v for v in row)])
    return BOM + buf.getvalue()


def to_xlsx(report: dict[str, Any]) -> bytes:
    """A workbook with one sheet per table. Fixed document dates keep the bytes reproducible."""
    import io
    from datetime import datetime

    import xlsxwriter

    buf = io.BytesIO()
    book = xlsxwriter.Workbook(buf, {"in_memory": True})
    stamp = datetime.fromisoformat(report["today"])
    book.set_properties({"title": message("agg.title", report["lang"]), "created": stamp, "author": report["generator"]})
    bold = book.add_format({"bold": True})
    for name, table in rows(report).items():
        sheet = book.add_worksheet(name)
        for r, row in enumerate(table):
            sheet.write_row(r, 0, ["" if v is None else v for v in row], bold if r == 0 else None)
        sheet.freeze_panes(1, 0)
        sheet.autofilter(0, 0, max(len(table) - 1, 0), len(table[0]) - 1)
    book.close()
    return buf.getvalue()
