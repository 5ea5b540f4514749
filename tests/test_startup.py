"""What a warm `readiness plan --format json` loads and reads: the start-up goals (issue 11) rest
on it. A child process runs the command twice on one cache, then reports what the second run
imported and read."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from conftest import BUNDLED, ROOT

EXAMPLE = BUNDLED / "examples" / "rural-lyceum-naryn.yaml"
ARGS = ["plan", str(EXAMPLE), "-s", "blended", "--today", "2020-08-10", "--format", "json"]
PROBE = """
import atexit, gc, json, sys
def report():
    import readiness.findings as f
    sys.stderr.write("PROBE " + json.dumps({"modules": sorted(sys.modules), "gc": gc.isenabled(),
                     "catalogue": f.catalogue.cache_info().currsize}) + "\\n")
atexit.register(report)
sys.argv = ["readiness", *sys.argv[1:]]
from readiness.cli import main
main()
"""


def probe(tmp_path: Path, args: list[str]) -> dict[str, object]:
    env = {**os.environ, "READINESS_CACHE_DIR": str(tmp_path / "cache"),
           "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")])}
    for _ in range(2):  # the first fills the cache
        done = subprocess.run([sys.executable, "-c", PROBE, *args], capture_output=True, text=True, env=env, timeout=120)
        assert done.returncode == 0, done.stderr
    line = next(x for x in done.stderr.splitlines() if x.startswith("PROBE "))
    return json.loads(line[len("PROBE "):])  # type: ignore[no-any-return]


def test_a_warm_json_plan_loads_only_what_it_uses(tmp_path: Path) -> None:
    got = probe(tmp_path, ARGS)
    modules = set(got["modules"])  # type: ignore[arg-type]
    for heavy in ("jinja2", "babel", "jsonschema", "networkx", "tempfile", "zipfile", "readiness.load.playbook",
                  "readiness.load.compile", "readiness.render.jinja", "readiness.engine.gaps", "readiness.engine.checklist"):
        assert heavy not in modules, heavy
    assert got["catalogue"] == 0  # click's texts: read only when one is shown
    assert got["gc"] is True  # the collector runs again once the command is over


def test_a_short_option_does_not_read_the_catalogue_but_an_unknown_one_is_translated(tmp_path: Path) -> None:
    env = {**os.environ, "READINESS_CACHE_DIR": str(tmp_path / "cache")}
    for option, shown in (("-x", "'-x'"), ("--nope", "'--nope'")):
        done = subprocess.run([sys.executable, "-m", "readiness.cli", *ARGS[:4], option, "--lang", "ru"],
                              capture_output=True, text=True, env=env, timeout=120)
        assert done.returncode == 2 and shown in done.stderr and "No such option" not in done.stderr, done.stderr


def test_a_warm_html_plan_does_not_load_babel_and_is_the_same(tmp_path: Path) -> None:
    html = [*ARGS[:-1], "html"]
    got = probe(tmp_path, html)
    assert "babel" not in set(got["modules"])  # type: ignore[arg-type]
    env = {**os.environ, "READINESS_CACHE_DIR": str(tmp_path / "cache")}
    warm = subprocess.run([sys.executable, "-m", "readiness.cli", *html], capture_output=True, env=env, timeout=120)
    env["READINESS_CACHE_DIR"] = ""
    cold = subprocess.run([sys.executable, "-m", "readiness.cli", *html], capture_output=True, env=env, timeout=120)
    assert warm.returncode == cold.returncode == 0 and warm.stdout == cold.stdout
