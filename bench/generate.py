"""Inputs shaped like the real ones, seeded and deterministic, for the benchmarks.

Profiles: every fact is drawn from the four bundled example profiles
(playbooks/kg-mes-2020/examples/): whether it is given, and its value (counts scaled to the
institution's size, shares jittered, true/false flipped now and then). Every profile has
room entries drawn from the examples' rooms (kind, area, length, width, seats, windows_open,
and count where the example has one), about one progress entry and rarely a waiver. One in
four profiles writes the facts it does not know as ``~`` (as ``readiness init`` leaves them);
the others leave them out. About 1.5 % are deliberately invalid (a wrong enum, an unknown key,
a YAML syntax error, a date that does not exist, a text where a number belongs) and about 1 %
repeat the previous profile's institution id.

Playbook sets: copies of the bundled set's tasks, risks and requirements, with their texts in
three languages, steps, rules and sources, ids made unique per copy (``c0042.hr.functions``)
and every reference (depends_on, mitigates, requirements) rewired within its copy; split into
one file per area and group of copies, a few hundred tasks per file, beside the set's own
manifest, actors, support, glossary, sources, params and derived values.

Run: python bench/generate.py                 # self-test against the schemas, prints sizes
     python bench/generate.py --quick         # the same, smaller
     python bench/generate.py --profiles 1000 DIR | --tasks 10000 DIR
"""
from __future__ import annotations

import argparse
import json
import math
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
BUNDLED = ROOT / "playbooks" / "kg-mes-2020"
EXAMPLES = sorted((BUNDLED / "examples").glob("*.yaml"))
SCHEMAS = ROOT / "schemas"
SEED = 2020
TODAY = "2020-08-15"
INVALID_SHARE = 0.015
DUPLICATE_SHARE = 0.01
TEMPLATE_STYLE_SHARE = 0.25
WAIVER_SHARE = 0.05
REGIONS = ["Bishkek", "Osh city", "Chui", "Osh", "Jalal-Abad", "Batken", "Naryn", "Talas", "Issyk-Kul"]
NAMES = {"primary": "№ {n} кесиптик лицей", "secondary": "№ {n} колледж", "higher": "№ {n} университет"}
_TIMESTAMP = "tag:yaml.org,2002:timestamp"


class TextDates(yaml.CSafeLoader):
    """The C loader, with dates kept as text, as the project reads them."""


TextDates.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != _TIMESTAMP]
    for first, resolvers in yaml.CSafeLoader.yaml_implicit_resolvers.items()
}


def load(path: Path) -> Any:
    return yaml.load(path.read_text(encoding="utf-8"), Loader=TextDates)


def schema(name: str) -> dict[str, Any]:
    if name == "profile":  # the facts are the bundled set's (its facts.yaml): its whole profile schema
        out = subprocess.run([sys.executable, "-m", "readiness.cli", "schema", "profile"], capture_output=True, text=True, check=True)
        return json.loads(out.stdout)  # type: ignore[no-any-return]
    return json.loads((SCHEMAS / f"{name}.schema.json").read_text(encoding="utf-8"))


# -- YAML text in the examples' style ------------------------------------------------------------

_PLAIN = re.compile(r"[A-Za-z_][A-Za-z0-9_.-]*|\d{4}-\d{2}-\d{2}")
_WORDS = {"true", "false", "yes", "no", "on", "off", "null"}


def scalar(value: Any) -> str:
    if value is None:
        return "~"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if _PLAIN.fullmatch(value) and value.lower() not in _WORDS:
        return value
    return json.dumps(value, ensure_ascii=False)


def flow(value: Any) -> str:
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {flow(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(flow(v) for v in value) + "]"
    return scalar(value)


def block(value: dict[str, Any], indent: int = 0) -> list[str]:
    """Block mappings; lists of scalars and list items that are mappings in flow style."""
    pad, lines = " " * indent, []
    for key, item in value.items():
        if isinstance(item, dict) and item:
            lines.append(f"{pad}{key}:")
            lines += block(item, indent + 2)
        elif isinstance(item, list) and item and isinstance(item[0], dict):
            lines.append(f"{pad}{key}:")
            lines += [f"{pad}  - {flow(v)}" for v in item]
        else:
            lines.append(f"{pad}{key}: {flow(item)}")
    return lines


# -- profiles ------------------------------------------------------------------------------------

@dataclass
class Examples:
    """The four bundled profiles, as distributions to draw from."""

    profiles: list[dict[str, Any]]
    facts: dict[str, list[str]]  # group -> fact names, in schema order
    share_facts: set[str]
    rooms: list[list[dict[str, Any]]]
    progress: list[dict[str, Any]]
    waivers: list[dict[str, Any]]
    task_ids: list[str]

    @classmethod
    def read(cls) -> Examples:
        profiles = [load(p) for p in EXAMPLES]
        groups = schema("profile")["properties"]["facts"]["properties"]
        facts = {g: list(spec["properties"]) for g, spec in groups.items() if "properties" in spec}
        shares = {f"{g}.{k}" for g, spec in groups.items() for k, s in spec.get("properties", {}).items() if s.get("maximum") == 1}
        return cls(
            profiles=profiles, facts=facts, share_facts=shares,
            rooms=[p["facts"].get("rooms") or [] for p in profiles],
            progress=[entry for p in profiles for entry in (p.get("progress") or {}).values()],
            waivers=[w for p in profiles for w in p.get("waivers") or []],
            task_ids=sorted(t["id"] for f in sorted(BUNDLED.glob("*.yaml")) for t in (load(f) or {}).get("tasks", [])),
        )


def pick(rng: random.Random, items: list[Any]) -> Any:
    return items[rng.randrange(len(items))]


def fact_value(rng: random.Random, value: Any, scale: float, share: bool) -> Any:
    if isinstance(value, bool):
        return value if rng.random() < 0.8 else not value
    if share:
        return round(min(1.0, max(0.0, value + rng.gauss(0, 0.08))), 2)
    if isinstance(value, int):
        return max(0, round(value * scale))
    if isinstance(value, float):
        return round(value * rng.uniform(0.85, 1.15), 1)
    return value


def draw_facts(rng: random.Random, ex: Examples, base: dict[str, Any], scale: float, nulls: bool) -> dict[str, Any]:
    """Each fact: given or not as in a randomly drawn example; its value from the institution's own."""
    out: dict[str, Any] = {}
    for group, names in ex.facts.items():
        values: dict[str, Any] = {}
        for name in names:
            donor = pick(rng, ex.profiles)["facts"].get(group) or {}
            if name not in donor:
                if nulls:
                    values[name] = None
                continue
            own = (base["facts"].get(group) or {}).get(name, donor[name])
            values[name] = fact_value(rng, own, scale, f"{group}.{name}" in ex.share_facts)
        if values:
            out[group] = values
        if group == "digital":  # rooms come next in the schema's order
            out["rooms"] = draw_rooms(rng, ex, base, scale)
    return out


def draw_rooms(rng: random.Random, ex: Examples, base: dict[str, Any], scale: float) -> list[dict[str, Any]]:
    own = base["facts"].get("rooms") or []
    pool = [r for rooms in ex.rooms for r in rooms]
    n = max(1, len(pick(rng, ex.rooms)) + rng.randint(-2, 2))
    rooms = []
    for i in range(n):
        donor = pick(rng, own) if own and rng.random() < 0.7 else pick(rng, pool)
        room = {"id": f"{donor['id']}-{i + 1}" if rng.random() < 0.5 else str(100 + i + 1)}
        factor = rng.uniform(0.85, 1.15)
        for key, value in donor.items():
            if key == "id":
                continue
            if key in ("area_m2", "length_m", "width_m"):
                value = round(value * factor, 1)
            elif key == "seats":
                value = max(1, round(value * factor))
            elif key == "count":
                value = max(1, round(value * scale))
            elif key == "windows_open":
                value = value if rng.random() < 0.9 else not value
            room[key] = value
        rooms.append(room)
    return rooms


def draw_progress(rng: random.Random, ex: Examples) -> dict[str, Any]:
    counts = [len(p.get("progress") or {}) for p in ex.profiles]
    tasks = rng.sample(ex.task_ids, pick(rng, counts))
    out = {}
    for task in tasks:
        entry = dict(pick(rng, ex.progress))
        if "date" in entry:
            entry["date"] = str(date(2020, 6, 1) + timedelta(days=rng.randint(0, 75)))
        out[task] = entry
    return out


def profile_data(rng: random.Random, i: int, ex: Examples) -> dict[str, Any]:
    base = pick(rng, ex.profiles)
    inst = base["institution"]
    kind = inst["type"]
    scale = math.exp(rng.gauss(0, 0.35))
    nulls = rng.random() < TEMPLATE_STYLE_SHARE
    region = pick(rng, REGIONS)
    institution = {
        "id": f"{region.lower().replace(' ', '-')}-{kind}-{i:06d}", "name": NAMES[kind].format(n=i + 1), "type": kind,
        "ownership": pick(rng, ex.profiles)["institution"]["ownership"], "region": region,
        "settlement": pick(rng, ex.profiles)["institution"]["settlement"], "profile": pick(rng, ex.profiles)["institution"]["profile"],
    }
    contact = pick(rng, ex.profiles)["institution"].get("contact")
    if contact or nulls:
        institution["contact"] = contact
    data: dict[str, Any] = {"profile_version": 1, "institution": institution}
    roll = rng.random()
    if roll < 0.85:  # within six weeks before the benchmarks' --today
        data["updated"] = str(date(2020, 7, 1) + timedelta(days=rng.randint(0, 44)))
    elif roll < 0.98:  # stale: more than 90 days before it
        data["updated"] = str(date(2020, 3, 1) + timedelta(days=rng.randint(0, 60)))
    data["term_start"] = "2020-09-01"
    data["scenarios"] = list(pick(rng, ex.profiles)["scenarios"])
    data["facts"] = draw_facts(rng, ex, base, scale, nulls)
    progress = draw_progress(rng, ex)
    if progress:
        data["progress"] = progress
    if rng.random() < WAIVER_SHARE:
        waiver = dict(pick(rng, ex.waivers))
        waiver["task"] = pick(rng, ex.task_ids)
        data["waivers"] = [waiver]
    return data


def profile_text(data: dict[str, Any]) -> str:
    name = data["institution"]["name"]
    return "\n".join([f"# Profile of {name}, generated for the benchmarks (bench/generate.py).", *block(data)]) + "\n"


CORRUPTIONS = (
    ("wrong enum", lambda t: t.replace("\n  type: ", "\n  type: tertiary_", 1)),
    ("unknown key", lambda t: t + "colour: blue\n"),
    ("YAML syntax", lambda t: t.replace("scenarios: [", "scenarios: [[", 1)),
    ("date that does not exist", lambda t: t.replace("term_start: 2020-09-01", "term_start: 2020-02-30", 1)),
    ("text for a number", lambda t: re.sub(r"\n    total: \d+", "\n    total: many", t, count=1)
     if "\n    total: " in t and "\n    total: ~" not in t else t + "colour: blue\n"),
)


@dataclass
class ProfileSet:
    paths: list[Path] = field(default_factory=list)
    invalid: dict[Path, str] = field(default_factory=dict)  # path -> what is wrong
    duplicates: list[Path] = field(default_factory=list)
    rooms: int = 0
    progress: int = 0
    bytes: int = 0

    def summary(self) -> str:
        n = len(self.paths)
        return (f"{n} profiles, {self.bytes / n / 1024:.2f} KiB each on average ({self.bytes / 1e6:.1f} MB), "
                f"{self.rooms / n:.1f} rooms and {self.progress / n:.2f} progress entries per profile, "
                f"{len(self.invalid)} invalid ({100 * len(self.invalid) / n:.1f} %), {len(self.duplicates)} duplicate ids "
                f"({100 * len(self.duplicates) / n:.1f} %)")


def write_profiles(folder: Path, n: int, seed: int = SEED) -> ProfileSet:
    """``n`` profiles under ``folder``, a thousand per subfolder. The same seed gives the same bytes."""
    rng, ex, out = random.Random(seed), Examples.read(), ProfileSet()
    previous_id = None
    for i in range(n):
        data = profile_data(rng, i, ex)
        path = folder / f"{i // 1000:02d}" / f"p{i:06d}.yaml"
        if previous_id and rng.random() < DUPLICATE_SHARE:
            data["institution"]["id"] = previous_id
            out.duplicates.append(path)
        previous_id = data["institution"]["id"]
        text = profile_text(data)
        if rng.random() < INVALID_SHARE:
            what, corrupt = pick(rng, list(CORRUPTIONS))
            text = corrupt(text)
            out.invalid[path] = what
        path.parent.mkdir(parents=True, exist_ok=True)
        out.bytes += path.write_bytes(text.encode("utf-8"))
        out.paths.append(path)
        out.rooms += len(data["facts"].get("rooms") or [])
        out.progress += len(data.get("progress") or {})
    return out


# -- playbook sets -------------------------------------------------------------------------------

SHARED_FILES = ("manifest.yaml", "actors.yaml", "support.yaml", "glossary.yaml", "sources.yaml", "facts.yaml")
COPIED_KINDS = ("tasks", "risks", "requirements")
REFERENCES = {"depends_on": "tasks", "mitigates": "risks", "requirements": "requirements"}


@dataclass
class TaskSet:
    folder: Path
    tasks: int
    copies: int
    files: int
    bytes: int
    rules: int
    distinct_rules: int

    def summary(self) -> str:
        return (f"{self.tasks} tasks ({self.copies} copies of the bundled {self.tasks // self.copies}), "
                f"{self.files} files, {self.bytes / 1e6:.1f} MB ({self.bytes / self.tasks / 1024:.2f} KiB per task), "
                f"{self.rules} rules of {self.distinct_rules} distinct texts")


def bundled_elements() -> tuple[dict[str, list[dict[str, Any]]], list[dict[str, Any]], list[dict[str, Any]]]:
    """The bundled set's tasks, risks and requirements, its params and its derived values."""
    kinds: dict[str, list[dict[str, Any]]] = {k: [] for k in COPIED_KINDS}
    params: list[dict[str, Any]] = []
    derived: list[dict[str, Any]] = []
    for path in sorted(BUNDLED.glob("*.yaml")):
        data = load(path) or {}
        for kind in COPIED_KINDS:
            kinds[kind] += data.get(kind, [])
        params += data.get("params", [])
        derived += data.get("derived", [])
    return kinds, params, derived


def copy_element(element: dict[str, Any], k: int) -> dict[str, Any]:
    out = dict(element)
    prefix = f"c{k:04d}."
    out["id"] = prefix + element["id"]
    for key in REFERENCES:
        if key in element:
            out[key] = [prefix + ref for ref in element[key]]
    return out


class _NoAliases(yaml.SafeDumper):
    """Written out as a ministry writes them: PyYAML would share repeated titles and source
    lists through anchors and aliases (&id001 / *id001), which no hand-written set has."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def dump(data: dict[str, Any]) -> str:
    return yaml.dump(data, Dumper=_NoAliases, allow_unicode=True, sort_keys=False, width=120)


def write_task_set(folder: Path, n_tasks: int, per_file: int = 250) -> TaskSet:
    """About ``n_tasks`` tasks (whole copies of the bundled set's), one file per area and group of copies."""
    kinds, params, derived = bundled_elements()
    per_copy = len(kinds["tasks"])
    copies = max(1, round(n_tasks / per_copy))
    folder.mkdir(parents=True, exist_ok=True)
    for name in SHARED_FILES:
        shutil.copyfile(BUNDLED / name, folder / name)
    (folder / "params.yaml").write_text(dump({"params": params, "derived": derived}), encoding="utf-8")
    areas = sorted({t["area"] for t in kinds["tasks"]})
    for area in areas:
        own = {kind: [e for e in kinds[kind] if e["area"] == area] for kind in COPIED_KINDS}
        group = max(1, per_file // len(own["tasks"]))
        for first in range(0, copies, group):
            chunk = {kind: [copy_element(e, k) for k in range(first, min(first + group, copies)) for e in own[kind]]
                     for kind in COPIED_KINDS if own[kind]}
            (folder / f"{area}-{first // group:03d}.yaml").write_text(dump(chunk), encoding="utf-8")
    rules = [e[key] for kind in COPIED_KINDS for e in kinds[kind] for key in ("when", "done_when", "measure") if key in e]
    files = sorted(folder.glob("*.yaml"))
    return TaskSet(folder, per_copy * copies, copies, len(files), sum(p.stat().st_size for p in files),
                   len(rules) * copies + len(derived), len(set(rules)) + len(derived))


def write_changed_set(folder: Path) -> Path:
    """The bundled set after a typical change: a threshold lowered, a deadline moved, a task no longer blocking."""
    shutil.copytree(BUNDLED, folder, ignore=shutil.ignore_patterns("examples"))
    hr = folder / "hr.yaml"
    text = hr.read_text(encoding="utf-8")
    changed = text.replace("when: staff.low_ict_skills_share >= 0.3", "when: staff.low_ict_skills_share >= 0.25", 1)
    changed = changed.replace("    duration: 3\n    due: -27\n", "    duration: 3\n    due: -30\n", 1)
    assert changed.count("0.25") > text.count("0.25") and "due: -30" in changed, "the bundled hr.yaml changed: update write_changed_set"
    hr.write_text(changed, encoding="utf-8")
    return folder


# -- self-test ------------------------------------------------------------------------------------

def check_profiles(profiles: ProfileSet) -> list[str]:
    """Each profile against the profile schema: the invalid ones exactly those made so."""
    from jsonschema import Draft202012Validator

    validator = Draft202012Validator(schema("profile"), format_checker=Draft202012Validator.FORMAT_CHECKER)
    problems = []
    for path in profiles.paths:
        try:
            errors = list(validator.iter_errors(load(path)))
        except yaml.YAMLError as exc:
            errors = [exc]
        if bool(errors) != (path in profiles.invalid):
            problems.append(f"{path}: {'expected invalid (' + profiles.invalid[path] + ')' if not errors else errors[0]}")
    return problems


def check_task_set(tasks: TaskSet) -> list[str]:
    """Each file against the playbook schema, then the whole set with `readiness validate` (no cache)."""
    from jsonschema import Draft202012Validator

    validator = Draft202012Validator(schema("playbook"))
    problems = [f"{p.name}: {e.message}" for p in sorted(tasks.folder.glob("*.yaml")) for e in validator.iter_errors(load(p))]
    proc = subprocess.run([readiness(), "validate", str(tasks.folder)], capture_output=True, text=True, env=NO_CACHE)
    if proc.returncode or proc.stdout.strip().count("\n") > 1:
        problems.append(f"readiness validate exit {proc.returncode}: {(proc.stdout + proc.stderr)[:1500]}")
    return problems


NO_CACHE = {**os.environ, "READINESS_CACHE_DIR": ""}  # the self-test leaves no compiled set behind


def readiness() -> str:
    return shutil.which("readiness") or str(Path(sys.executable).parent / "readiness")


def self_test(n_profiles: int, n_tasks: int) -> int:
    failures = 0
    with tempfile.TemporaryDirectory(prefix="readiness-gen-") as tmp:
        root = Path(tmp)
        profiles = write_profiles(root / "profiles", n_profiles)
        again = write_profiles(root / "again", min(n_profiles, 200))
        same = all(a.read_bytes() == b.read_bytes() for a, b in zip(profiles.paths, again.paths))
        problems = check_profiles(profiles) + ([] if same else ["the same seed gave different profiles"])
        print(f"profiles: {profiles.summary()}; schema check: {'ok' if not problems else 'FAILED'}")
        for line in problems[:10]:
            print("  " + line)
        failures += len(problems)
        tasks = write_task_set(root / "set", n_tasks)
        problems = check_task_set(tasks)
        print(f"task set: {tasks.summary()}; schema check and readiness validate: {'ok' if not problems else 'FAILED'}")
        for line in problems[:10]:
            print("  " + line)
        failures += len(problems)
        changed = write_changed_set(root / "changed")
        proc = subprocess.run([readiness(), "validate", str(changed)], capture_output=True, text=True, env=NO_CACHE)
        print(f"changed set for impact: readiness validate exit {proc.returncode}")
        failures += proc.returncode != 0
    return 1 if failures else 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="self-test on 1,000 profiles and a 2,000-task set")
    parser.add_argument("--profiles", type=int, metavar="N", help="write N profiles to DIR")
    parser.add_argument("--tasks", type=int, metavar="N", help="write a set of about N tasks to DIR")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("dir", nargs="?", type=Path)
    args = parser.parse_args()
    if args.profiles or args.tasks:
        if args.dir is None:
            parser.error("give DIR")
        if args.profiles:
            print(write_profiles(args.dir, args.profiles, args.seed).summary())
        else:
            print(write_task_set(args.dir, args.tasks).summary())
        return
    sys.exit(self_test(1000 if args.quick else 10_000, 2000 if args.quick else 10_000))


if __name__ == "__main__":
    main()
