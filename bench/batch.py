"""National scale: `readiness aggregate` over synthetic profiles, and a 10,000-task playbook.

Generates deterministic (seeded) profiles that vary every part of the profile schema: every
fact (each left out at random, so questions arise), room lists of 0–40 items, progress with
every status, waivers, twelve regions, the three types, and about 2 % invalid files (a wrong
enum, an unknown key, a YAML syntax error, a date that does not exist). Reports:

- aggregate over N profiles × 3 scenarios, wall time, against a single-process
  ``yaml.load(..., Loader=yaml.CSafeLoader)`` of the same files (target <= 1.0x);
- peak memory (ru_maxrss of this process and of the largest child);
- the growth from N/10 to N profiles (target near 10x);
- validate and plan on a synthetic playbook of 10,000 tasks (target < 2 s each).

Run: python bench/batch.py [--profiles 10000] [--tasks 10000] [--jobs N]
"""
from __future__ import annotations

import argparse
import json
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
BUNDLED = ROOT / "playbooks" / "kg-mes-2020"
REGIONS = ["Bishkek", "Osh city", "Chui", "Osh", "Jalal-Abad", "Batken", "Naryn", "Talas", "Issyk-Kul",
           "Kemin", "Tokmok", "Karakol"]


def fact_schema() -> dict:
    return json.loads((ROOT / "schemas" / "profile.schema.json").read_text(encoding="utf-8"))["properties"]["facts"]


def value(rng: random.Random, spec: dict) -> object:
    if "enum" in spec:
        return rng.choice(spec["enum"])
    kind = spec.get("type")
    if isinstance(kind, list):
        kind = next(k for k in kind if k != "null")
    if kind == "boolean":
        return rng.random() < 0.5
    if kind == "integer":
        return rng.randint(spec.get("minimum", 0), min(spec.get("maximum", 400), 400))
    if kind == "number":
        top = spec.get("maximum", 200)
        return round(rng.uniform(spec.get("minimum", 0), top), 2)
    return f"x{rng.randint(0, 999)}"


def facts(rng: random.Random, schema: dict) -> dict:
    out: dict = {}
    for group, spec in schema["properties"].items():
        if spec.get("type") == "array":
            items = spec["items"]["properties"]
            rooms = []
            for i in range(rng.randint(0, 40)):
                room = {k: value(rng, s) for k, s in items.items() if k != "id" and rng.random() < 0.8}
                room["id"] = str(i + 1)
                rooms.append(room)
            if rooms or rng.random() < 0.5:
                out[group] = rooms
            continue
        values = {k: value(rng, s) for k, s in spec.get("properties", {}).items() if rng.random() < 0.85}
        if values:
            out[group] = values
    return out


def profile(rng: random.Random, i: int, schema: dict, task_ids: list[str]) -> str:
    data = {
        "profile_version": 1,
        "institution": {"id": f"inst-{i:06d}", "name": f"Institution {i}", "type": rng.choice(["primary", "secondary", "higher"]),
                        "ownership": rng.choice(["state", "municipal", "private"]), "region": rng.choice(REGIONS),
                        "settlement": rng.choice(["urban", "rural"]), "profile": rng.choice(["general", "technical", "medical", "agrarian"])},
        "updated": f"2020-{rng.randint(3, 8):02d}-{rng.randint(1, 28):02d}",
        "term_start": "2020-09-01",
        "scenarios": rng.sample(["distance", "blended", "traditional"], rng.randint(1, 3)),
        "facts": facts(rng, schema),
        "progress": {t: {"status": rng.choice(["done", "in_progress", "not_started"])} for t in rng.sample(task_ids, rng.randint(0, 30))},
        "waivers": [{"task": t, "reason": "not relevant here", "approved_by": "Director"} for t in rng.sample(task_ids, rng.randint(0, 3))],
    }
    if rng.random() < 0.1:
        del data["updated"]
    if rng.random() < 0.01:
        data["institution"]["id"] = f"inst-{max(i - 1, 0):06d}"  # a duplicate id
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    if rng.random() < 0.02:  # an invalid profile, of one of four kinds
        text = rng.choice([text.replace("type: ", "type: tertiary_", 1), text + "colour: blue\n",
                           text.replace("scenarios:", "scenarios: [", 1), text.replace("term_start: 2020-09-01", "term_start: 2020-02-30")])
    return text


def write_profiles(folder: Path, n: int, seed: int) -> list[Path]:
    sys.path.insert(0, str(ROOT / "src"))
    from readiness.playbook import load_playbook

    task_ids = sorted(load_playbook(BUNDLED).tasks)
    rng, schema = random.Random(seed), fact_schema()
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        path = folder / f"{i // 1000:02d}" / f"p{i:06d}.yaml"
        path.parent.mkdir(exist_ok=True)
        path.write_text(profile(rng, i, schema, task_ids), encoding="utf-8")
        paths.append(path)
    return paths


def timed(cmd: list[str], **kw: object) -> tuple[float, subprocess.CompletedProcess]:
    start = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, **kw)  # type: ignore[call-overload]
    return time.perf_counter() - start, proc


def baseline(paths: list[Path]) -> float:
    start = time.perf_counter()
    for p in paths:
        try:
            yaml.load(p.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
        except yaml.YAMLError:
            pass  # the generated syntax errors
    return time.perf_counter() - start


def exe() -> str:
    return shutil.which("readiness") or str(Path(sys.executable).parent / "readiness")


def aggregate(folder: Path, out: Path, jobs: int | None) -> tuple[float, subprocess.CompletedProcess]:
    cmd = [exe(), "aggregate", str(folder), "--today", "2020-08-15", "-o", str(out)]
    if jobs:
        cmd += ["--jobs", str(jobs)]
    return timed(cmd)


# -- a synthetic playbook of many tasks -------------------------------------------------------

RULES = ["staff.low_ict_skills_share >= 0.3", "digital.lms == \"none\"", "not digital.avn", "students.total > 500",
         "count(rooms.area_m2 >= 50) >= 2", "sanitary.entrances > 1 and not sanitary.medical_unit", "known(finance.budget_kgs)"]


def big_playbook(folder: Path, n: int, seed: int) -> None:
    rng = random.Random(seed)
    t3 = lambda s: {"ky": s, "ru": s, "en": s}  # noqa: E731
    areas = [f"a{i}" for i in range(10)]
    head = {
        "manifest": {"id": "big", "version": "1", "title": t3("Big"), "languages": ["ky", "ru", "en"]},
        "scenarios": [{"id": s, "number": i + 1, "title": t3(s), "source": ["S-1"]} for i, s in enumerate(["distance", "blended", "traditional"])],
        "areas": [{"id": a, "number": i + 1, "title": t3(a)} for i, a in enumerate(areas)],
        "actors": [{"id": f"r{i}", "kind": "institution", "title": t3(f"role {i}")} for i in range(8)],
        "sources": [{"id": "S-1", "text": {"en": "synthetic"}}],
    }
    tasks, risks = [], []
    for i in range(n // 20):
        risks.append({"id": f"risk-{i:05d}", "title": t3(f"risk {i}"), "area": rng.choice(areas), "severity": rng.choice(["low", "medium", "high", "critical"]),
                      "when": rng.choice(RULES), "source": ["S-1"]})
    for i in range(n):
        task = {"id": f"t{i:05d}", "title": t3(f"task {i}"), "area": rng.choice(areas), "actor": f"r{rng.randrange(8)}",
                "scenarios": rng.sample(["distance", "blended", "traditional"], rng.randint(1, 3)),
                "duration": rng.randint(1, 10), "due": -rng.randint(0, 60), "source": ["S-1"]}
        if i and rng.random() < 0.9:
            task["depends_on"] = sorted({f"t{rng.randrange(max(0, i - 200), i):05d}" for _ in range(rng.randint(1, 3))})
        if rng.random() < 0.3:
            task["when"] = rng.choice(RULES)
        if rng.random() < 0.2:
            task["done_when"] = "documents.staffing_table"
        if i < len(risks) * 2:
            task["mitigates"] = [risks[i // 2]["id"]]
        tasks.append(task)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "manifest.yaml").write_text(yaml.safe_dump(head, allow_unicode=True, sort_keys=False), encoding="utf-8")
    (folder / "tasks.yaml").write_text(yaml.safe_dump({"tasks": tasks, "risks": risks}, allow_unicode=True, sort_keys=False), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--profiles", type=int, default=10_000)
    parser.add_argument("--tasks", type=int, default=10_000)
    parser.add_argument("--jobs", type=int, default=None)
    parser.add_argument("--seed", type=int, default=2020)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="readiness-bench-") as tmp:
        root = Path(tmp)
        small, large = root / "small", root / "large"
        t0 = time.perf_counter()
        small_paths = write_profiles(small, args.profiles // 10, args.seed)
        large_paths = write_profiles(large, args.profiles, args.seed)
        print(f"generated {len(small_paths)} + {len(large_paths)} profiles in {time.perf_counter() - t0:.1f} s "
              f"({sum(p.stat().st_size for p in large_paths) / len(large_paths) / 1024:.1f} KiB each on average)")
        subprocess.run([exe(), "plan", str(BUNDLED / "examples" / "rural-lyceum-naryn.yaml"), "-s", "blended", "--today", "2020-08-10"],
                       capture_output=True, check=True)  # warm the playbook cache
        base_small, base_large = baseline(small_paths), baseline(large_paths)
        t_small, proc_small = aggregate(small, root / "small.json", args.jobs)
        t_large, proc = aggregate(large, root / "large.json", args.jobs)
        report = json.loads((root / "large.json").read_text(encoding="utf-8"))
        print(f"aggregate exit codes {proc_small.returncode}, {proc.returncode} (1 = some profiles invalid, as generated)")
        print(f"  totals: {report['totals']}")
        print(f"baseline yaml.load CSafeLoader, 1 process: {len(small_paths)}: {base_small:.2f} s; {len(large_paths)}: {base_large:.2f} s")
        print(f"aggregate {len(small_paths)} profiles x 3 scenarios: {t_small:.2f} s = {t_small / base_small:.2f}x baseline")
        print(f"aggregate {len(large_paths)} profiles x 3 scenarios: {t_large:.2f} s = {t_large / base_large:.2f}x baseline (target <= 1.0x)")
        print(f"growth {len(small_paths)} -> {len(large_paths)}: {t_large / t_small:.1f}x (target near 10x)")
        self_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        child_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        print(f"peak memory: this process {self_kib / 1024:.0f} MiB; largest child process {child_kib / 1024:.0f} MiB")
        big = root / "big"
        big_playbook(big, args.tasks, args.seed)
        env_nocache = {**__import__("os").environ, "READINESS_CACHE_DIR": ""}
        t_val, pv = timed([exe(), "validate", str(big)], env=env_nocache)
        print(f"validate {args.tasks}-task playbook (no cache): {t_val:.2f} s, exit {pv.returncode} (target < 2 s)")
        if pv.returncode:
            print(pv.stdout.decode()[:2000], pv.stderr.decode()[:2000])
        plan = [exe(), "plan", str(BUNDLED / "examples" / "rural-lyceum-naryn.yaml"), "--playbooks", str(big), "-s", "blended",
                "--today", "2020-08-10", "--format", "json"]
        t_cold, pc = timed(plan, env=env_nocache)
        t_warm0, _ = timed(plan)  # fills the cache
        t_warm, pw = timed(plan)
        tasks_in_plan = len(json.loads(pw.stdout)["tasks"]) if pw.returncode == 0 else "?"
        print(f"plan on it: {t_cold:.2f} s without cache, {t_warm:.2f} s with a warm cache ({tasks_in_plan} tasks in the plan; exit {pc.returncode})")


if __name__ == "__main__":
    main()
