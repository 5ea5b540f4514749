"""`readiness aggregate`: figures checked against values worked out by hand on tests/fixtures/aggregate.

The fixture (mini set, --today 2020-08-15): nine valid profiles (one repeats the id chui-1),
two broken ones. Counted institutions: Chui 5 (chui-1…5), Osh 2, Naryn 1; secondary 4
(chui-1, -2, -5, osh-1), higher 3 (chui-3, osh-2, naryn-1), primary 1 (chui-4).
"""
from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner

from conftest import FIXTURES, MINI, ROOT
from readiness.engine.aggregate import Options, distribution, suppressed_groups
from readiness.render.registry import render
from readiness.reports.aggregate import aggregate
from readiness.cli import main
from readiness.schema import load_schema

AGG = FIXTURES / "aggregate"
TODAY = date(2020, 8, 15)


def run(mini_playbook, min_group: int = 5, jobs: int = 1, paths: list[Path] | None = None) -> dict:
    options = Options(today=TODAY, stale_after=60, min_group=min_group, top=15, lang="en", jobs=jobs)
    return aggregate(paths or [AGG], mini_playbook, options)


def scenario(group: dict, sid: str) -> dict:
    return next(s for s in group["scenarios"] if s["scenario"] == sid)


def test_totals_ready_counts_and_distribution_by_hand(mini_playbook) -> None:
    r = run(mini_playbook)
    assert r["totals"] == {"files": 11, "valid": 9, "invalid": 2, "counted": 8, "duplicates_left_out": 1, "stale": 2}
    ready = {s["scenario"]: (s["ready"], s["on_track"], s["at_risk"] + s["cannot"] + s["ready_pending"], s["planned"])
             for s in r["national"]["scenarios"]}
    # distance: chui-1, osh-1, naryn-1 ready; traditional adds chui-5 (proc.inform waived, rest done);
    # every other institution has open blocking tasks that the forward schedule from 15 August
    # finishes before the 1 September term start: on track
    assert ready == {"distance": (3, 5, 0, 4), "blended": (3, 5, 0, 5), "traditional": (4, 4, 0, 5)}
    trad = scenario(r["national"], "traditional")
    # overall readiness in traditional: 75 0 50 0 100 75 0 100 → sorted 0 0 0 50 75 75 100 100
    assert trad["total"] == {"n": 8, "min": 0, "q1": 0.0, "median": 62.5, "q3": 81.2, "max": 100, "mean": 50.0,
                             "histogram": [3, 0, 0, 0, 0, 1, 0, 2, 0, 2]}
    san = next(a for a in trad["areas"] if a["area"] == "san")
    assert (san["n"], san["median"], san["histogram"][0], san["histogram"][9]) == (8, 50.0, 4, 4)  # spacing done by chui-1, -5, osh-1, naryn-1
    assert trad["top_tasks"] == [{"id": "proc.inform", "count": 6}, {"id": "san.spacing", "count": 4},
                                 {"id": "hr.staffing", "count": 3}, {"id": "proc.workload", "count": 3}]
    assert trad["top_risks"] == [{"id": "hr.low-skills", "count": 3}]  # chui-2 0.5, osh-1 0.4, naryn-1 0.3
    facts = {f["id"]: f["count"] for f in trad["top_facts"]}
    assert facts["sanitary.desk_spacing_m"] == 1 and facts["documents.staffing_table"] == 1  # only chui-4 gives no facts
    assert "digital.avn" not in facts  # the AVN task is not in the traditional scenario


def test_distribution_quartiles_interpolate() -> None:
    counts = [0] * 101
    for v in (10, 20, 30, 40):
        counts[v] += 1
    d = distribution(counts)
    assert (d["min"], d["q1"], d["median"], d["q3"], d["max"], d["mean"]) == (10, 17.5, 25.0, 32.5, 40, 25.0)
    assert distribution([0] * 101)["median"] is None


def test_top_list_is_cut_at_top(mini_playbook) -> None:
    options = Options(today=TODAY, stale_after=60, min_group=1, top=2, lang="en")
    r = aggregate([AGG], mini_playbook, options)
    assert [t["id"] for t in scenario(r["national"], "distance")["top_tasks"]] == ["proc.inform", "proc.timetable"]


def test_small_groups_are_suppressed_with_their_complement(mini_playbook) -> None:
    r = run(mini_playbook, min_group=5)
    # Osh (2) and Naryn (1) are small; together only 3, so Chui (5) is suppressed too: else national − Chui = them
    assert [(g["key"], g["suppressed"]) for g in r["breakdowns"]["region"]] == [("Chui", True), ("Naryn", True), ("Osh", True)]
    assert all(g["institutions"] is None and g["scenarios"] is None for g in r["breakdowns"]["region"])
    assert all(g["suppressed"] for g in r["breakdowns"]["type"])
    r = run(mini_playbook, min_group=2)
    # Naryn (1) alone would be national − Chui − Osh: Osh, the smallest shown, goes with it
    assert [(g["key"], g["suppressed"]) for g in r["breakdowns"]["region"]] == [("Chui", False), ("Naryn", True), ("Osh", True)]
    chui = r["breakdowns"]["region"][0]
    assert chui["institutions"] == 5 and scenario(chui, "traditional")["ready"] == 2  # chui-1, chui-5
    assert [(g["key"], g["suppressed"]) for g in r["breakdowns"]["type"]] == [("primary", True), ("secondary", False), ("higher", True)]
    r = run(mini_playbook, min_group=3)
    # Osh and Naryn are two groups with 3 institutions together: no second suppression needed
    assert [(g["key"], g["suppressed"]) for g in r["breakdowns"]["region"]] == [("Chui", False), ("Naryn", True), ("Osh", True)]


def test_suppressed_groups_rules() -> None:
    assert suppressed_groups({"a": 10, "b": 9}, 5) == set()
    assert suppressed_groups({"a": 10, "b": 9, "c": 2}, 5) == {"b", "c"}
    assert suppressed_groups({"a": 10, "b": 3, "c": 3}, 5) == {"b", "c"}
    assert suppressed_groups({"a": 10, "b": 1, "c": 1, "d": 6}, 5) == {"b", "c", "d"}
    assert suppressed_groups({"a": 3}, 5) == {"a"}


def test_suppressed_cells_show_no_figures_in_any_output(mini_playbook) -> None:
    r = run(mini_playbook, min_group=2)
    csv_rows = [line.split(",") for line in render("aggregate", "csv", r).splitlines()]
    osh = [row for row in csv_rows if row[1:3] == ["region", "Osh"]]
    assert osh == [["status", "region", "Osh", "", "", "", "", "", "", "", "", "True"]]  # no figure in any of the counts
    html = render("aggregate", "html", r)
    assert "Osh" in html and html.count("suppressed (small group)") >= 4


def test_stale_and_duplicates(mini_playbook) -> None:
    r = run(mini_playbook)
    assert r["stale"] == [
        {"file": "tests/fixtures/aggregate/a3.yaml", "institution": "chui-3", "updated": "2020-05-01", "age_days": 106},
        {"file": "tests/fixtures/aggregate/b2-osh.yaml", "institution": "osh-2", "updated": None, "age_days": None},
    ]
    assert r["duplicates"] == [{"institution": "chui-1", "counted": "tests/fixtures/aggregate/a1.yaml",
                                "files": ["tests/fixtures/aggregate/a1.yaml", "tests/fixtures/aggregate/a6-duplicate.yaml"]}]
    # the duplicate (share 0.9) is left out: only three institutions trigger the risk
    assert scenario(r["national"], "distance")["top_risks"] == [{"id": "hr.low-skills", "count": 3}]


def test_broken_profiles_are_listed_and_the_others_processed(mini_playbook) -> None:
    r = run(mini_playbook)
    assert [(e["file"], [(f["line"], f["col"], f["code"]) for f in e["findings"]]) for e in r["errors"]] == [
        ("tests/fixtures/aggregate/broken/x1-type.yaml", [(2, 45, "S001")]),
        ("tests/fixtures/aggregate/broken/x2-syntax.yaml", [(2, 14, "Y003")]),
    ]
    html = render("aggregate", "html", r)
    assert "tests/fixtures/aggregate/broken/x1-type.yaml:2:45" in html
    assert "x2-syntax.yaml,2,14,Y003" in render("aggregate", "csv", r)


def test_cli_exit_code_outputs_and_schema(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    outs = [tmp_path / f"agg.{ext}" for ext in ("html", "json", "xlsx", "csv")]
    args = ["aggregate", str(AGG), "--playbooks", str(MINI), "--today", "2020-08-15", "--stale-after", "60", "--lang", "ru", "-j", "1"]
    result = CliRunner().invoke(main, [*args, *(x for o in outs for x in ("-o", str(o)))])
    assert result.exit_code == 1, result.output
    assert "broken/x1-type.yaml:2:45: S001" in result.stderr and "Traceback" not in result.stderr
    data = json.loads(outs[1].read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(load_schema("aggregate")).validate(data)
    html = outs[0].read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and "<svg" in html and "http" not in html.replace("http://www.w3.org", "")
    assert "Готовность в масштабе министерства" in html
    assert outs[2].read_bytes()[:2] == b"PK"
    good = CliRunner().invoke(main, ["aggregate", str(AGG / "a1.yaml"), str(AGG / "a2.yaml"), "--playbooks", str(MINI),
                                     "--today", "2020-08-15", "--format", "json", "--min-group", "1", "-j", "1"])
    assert good.exit_code == 0 and json.loads(good.stdout)["totals"]["counted"] == 2
    bad = CliRunner().invoke(main, ["aggregate", "nowhere/", "--playbooks", str(MINI)])
    assert bad.exit_code == 2 and "Y001" in bad.stderr


def test_html_escapes_profile_text(tmp_path: Path, mini_playbook) -> None:
    (tmp_path / "x.yaml").write_text("profile_version: 1\ninstitution: {id: x, name: X, type: primary, region: \"<script>alert(1)</script>\"}\n"
                                     "term_start: 2020-09-01\nscenarios: [distance]\n", encoding="utf-8")
    r = aggregate([tmp_path], mini_playbook, Options(today=TODAY, min_group=1, lang="en"))
    html = render("aggregate", "html", r)
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_same_bytes_with_one_and_two_jobs(mini_playbook) -> None:
    one, two = run(mini_playbook, min_group=2, jobs=1), run(mini_playbook, min_group=2, jobs=2)
    for fmt in ("json", "html", "csv", "xlsx"):
        assert render("aggregate", fmt, one) == render("aggregate", fmt, two), fmt


def test_the_set_and_the_fold_are_freed_before_the_report_is_rendered(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 11: the rendering reuses the memory the compiled set and the fold's counters took,
    rather than adding to it; only the fold's ledger, which the report's lists are read from, is
    left (the collector paused, as the CLI pauses it: only what nothing holds is freed)."""
    import gc
    import weakref

    from readiness.commands import aggregate as command
    from readiness.commands.common import Session

    held: dict[str, weakref.ref] = {}
    alive: list[dict[str, bool]] = []
    real_load_set, real_fold, real_render = command.load_set, command.fold, command.render

    def load_set(folder):
        set_dir, playbook = real_load_set(folder)
        held["set"] = weakref.ref(playbook)
        return set_dir, playbook

    def fold(*args):
        acc = real_fold(*args)
        held["fold"] = weakref.ref(acc)
        return acc

    def render(*args):
        acc = held["fold"]()
        alive.append({"set": held["set"]() is not None, "counters": bool(acc.cells or acc.repeated or acc._groups)})
        return real_render(*args)

    monkeypatch.setattr(command, "load_set", load_set)
    monkeypatch.setattr(command, "fold", fold)
    monkeypatch.setattr(command, "render", render)
    gc.disable()
    try:
        code = command.run([AGG], MINI, "json", [tmp_path / "a.json"], Session("en"), Options(today=TODAY, jobs=1))
    finally:
        gc.enable()
    assert code == 1 and alive == [{"set": False, "counters": False}]
    assert json.loads((tmp_path / "a.json").read_text(encoding="utf-8"))["totals"]["files"] == 11


def test_the_outputs_written_in_pieces_are_the_reports_rendered_whole(mini_playbook, tmp_path: Path) -> None:
    """Issue 11: the command writes the lists of stale and unusable profiles from its ledger, an
    item at a time, each made safe as it is read; every format gives the bytes the whole report
    gives. A stale profile's file name carries a terminal escape and a bidi override."""
    import shutil

    from readiness.commands import aggregate as command
    from readiness.commands.common import Session

    profiles = tmp_path / "profiles"
    shutil.copytree(AGG, profiles)
    text = (AGG / "a1.yaml").read_text(encoding="utf-8")
    (profiles / "z\x1b[31m\u202estale.yaml").write_text(
        text.replace("chui-1,", "chui-9,").replace("updated: 2020-08-01", "updated: 2020-01-01"), encoding="utf-8")
    options = dict(today=TODAY, stale_after=60, min_group=2, top=15, lang="en", jobs=1)
    whole = aggregate([profiles], mini_playbook, Options(**options))
    assert whole["totals"]["stale"] == 3 and whole["totals"]["invalid"] == 2
    for fmt in ("json", "html", "csv", "xlsx"):
        out = tmp_path / f"a.{fmt}"
        code = command.run([profiles], MINI, fmt, [out], Session("en"), Options(**options))
        expected = render("aggregate", fmt, whole)
        assert code == 1 and out.read_bytes() == (expected if isinstance(expected, bytes) else expected.encode("utf-8")), fmt
    written = (tmp_path / "a.json").read_text(encoding="utf-8")
    assert "\x1b" not in written and "\u202e" not in written and "stale.yaml" in written


def test_a_batch_never_starts_more_workers_than_it_can_use(monkeypatch: pytest.MonkeyPatch) -> None:
    """--jobs 100000 on a shared machine: at most four workers a CPU, and one a profile."""
    import concurrent.futures

    from readiness.engine import batch

    asked: list[int] = []

    class Refused(Exception):
        pass

    def pool(max_workers: int, **_: object) -> None:
        asked.append(max_workers)
        raise Refused

    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", pool)
    monkeypatch.setattr(batch, "default_jobs", lambda: 2)
    for paths, expected in ((["a"] * 100, 8), (["a"] * 3, 3)):
        with pytest.raises(Refused):
            list(batch.run_batch(paths, lambda p, c: {}, None, 100_000))
        assert asked.pop() == expected
    assert list(batch.run_batch(["a"], lambda p, c: {"p": p}, None, 100_000)) == [{"p": "a"}]  # one: no pool at all
