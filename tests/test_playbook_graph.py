"""The bundled task graph read as a planner reads it: no task is due before a task it waits for,
nothing is in the set twice, and what the source leaves open is marked as such.

Offsets are days from the term start; the planner's latest finish of a task is the earlier of
its own ``due`` and the latest start (``due - duration``) of everything that waits for it. When
every dependency is due by the latest start of its dependent, the ``due`` written in the YAML is
the date the plan shows, in every scenario and for every profile.
"""
from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
import yaml

from readiness.load.playbook import load_playbook

BUNDLED = Path(__file__).resolve().parent.parent / "playbooks" / "kg-mes-2020"
SCENARIOS = ("distance", "blended", "traditional")
TERM_START = date(2020, 9, 1)


@pytest.fixture(scope="module")
def playbook() -> Any:
    return load_playbook(BUNDLED)


@pytest.fixture(scope="module")
def raw() -> dict[str, dict[str, dict[str, Any]]]:
    """kind -> id -> the element as written (keys the compiled model does not keep)."""
    out: dict[str, dict[str, dict[str, Any]]] = {"tasks": {}, "risks": {}, "requirements": {}, "params": {}}
    for path in sorted(BUNDLED.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for kind, elements in out.items():
            for element in data.get(kind, []):
                elements[element["id"]] = element
    return out


def effective_dependencies(playbook: Any, scenario: str) -> dict[str, set[str]]:
    """Dependencies within a scenario; a task outside it (or not the institution's) passes its own on."""
    external = {aid for aid, actor in playbook.actors.items() if actor.get("kind") != "institution"}
    inside = {tid for tid, t in playbook.tasks.items() if scenario in t.scenarios and t.actor not in external}
    out: dict[str, set[str]] = {}
    for tid in inside:
        found: set[str] = set()
        stack, seen = list(playbook.tasks[tid].depends_on), set()
        while stack:
            dep = stack.pop()
            if dep in seen:
                continue
            seen.add(dep)
            if dep in inside:
                found.add(dep)
            else:
                stack.extend(playbook.tasks[dep].depends_on)
        out[tid] = found
    return out


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_no_task_is_due_before_a_task_it_depends_on(playbook: Any, scenario: str) -> None:
    late = []
    for tid, deps in sorted(effective_dependencies(playbook, scenario).items()):
        task = playbook.tasks[tid]
        start = task.due - task.duration
        for dep in sorted(deps):
            if playbook.tasks[dep].due > start:
                late.append(f"{dep} (due {playbook.tasks[dep].due}) > {tid} (due {task.due} - {task.duration} = {start})")
    assert late == [], "a dependency is due after its dependent must start:\n" + "\n".join(late)


def test_every_declared_dependency_is_due_in_time(playbook: Any) -> None:
    """The same on the written edges, whatever the scenario: a reviewer reads these in the YAML."""
    late = [f"{dep} -> {t.id}" for t in playbook.tasks.values() for dep in t.depends_on
            if playbook.tasks[dep].due > t.due - t.duration]
    assert late == []


def test_a_blocking_task_never_waits_for_a_non_blocking_one(playbook: Any) -> None:
    """Otherwise the non-blocking task would hold up the verdict after all."""
    wrong = [f"{dep} -> {t.id}" for t in playbook.tasks.values() if t.blocking
             for dep in t.depends_on if not playbook.tasks[dep].blocking]
    assert wrong == []


def test_tasks_due_after_the_term_start_do_not_block(playbook: Any) -> None:
    """A verdict given on the eve of term cannot wait for the first weeks' work."""
    assert [t.id for t in playbook.tasks.values() if t.due > 0 and t.blocking] == []


def test_calendar_dates_agree_with_due_and_duration(playbook: Any, raw: dict) -> None:
    dated = {tid: t["calendar"] for tid, t in raw["tasks"].items() if "calendar" in t}
    assert "hr.qualification-courses" in dated  # HR-C4: courses from 20-28 August
    for tid, calendar in dated.items():
        task = playbook.tasks[tid]
        due = TERM_START + timedelta(days=task.due)
        if "due" in calendar:
            assert calendar["due"] == due.strftime("%m-%d"), tid
        if "start" in calendar:
            assert calendar["start"] == (due - timedelta(days=task.duration)).strftime("%m-%d"), tid


def normalised(rule: str) -> str:
    return re.sub(r"\s+", " ", rule.strip())


def test_no_two_tasks_duplicate_each_other(playbook: Any) -> None:
    seen: dict[tuple, str] = {}
    titles: dict[str, str] = {}
    duplicates = []
    for tid, task in sorted(playbook.tasks.items()):
        key = (frozenset(task.source), normalised(task.done_when.text) if task.done_when else None)
        if key in seen:
            duplicates.append(f"{seen[key]} = {tid} (same sources and done_when)")
        seen.setdefault(key, tid)
        for lang, title in task.title.items():
            if (lang, title) in titles:
                duplicates.append(f"{titles[(lang, title)]} = {tid} (same {lang} title)")
            titles.setdefault((lang, title), tid)  # type: ignore[index]
    assert duplicates == []


def test_no_two_risks_count_the_same_fact(playbook: Any) -> None:
    seen: dict[str, list[tuple[str, frozenset]]] = {}
    duplicates = []
    for rid, risk in sorted(playbook.risks.items()):
        rule = normalised(risk.when.text)
        for other, scenarios in seen.get(rule, []):
            if scenarios & risk.scenarios:
                duplicates.append(f"{other} = {rid}: when {rule}")
        seen.setdefault(rule, []).append((rid, risk.scenarios))
    assert duplicates == []


def test_every_requirement_states_a_severity(raw: dict) -> None:
    missing = [rid for rid, r in raw["requirements"].items() if r.get("severity") not in ("blocking", "required", "advised")]
    assert missing == []


def test_advice_is_never_put_in_place_by_a_blocking_task(playbook: Any, raw: dict) -> None:
    advised = {rid for rid, r in raw["requirements"].items() if r["severity"] == "advised"}
    assert [t.id for t in playbook.tasks.values() if t.blocking and advised & set(t.requirements)] == []


def test_steps_the_source_does_not_give_are_marked_inferred(raw: dict) -> None:
    unmarked = [f"{tid} step {i + 1}" for tid, t in raw["tasks"].items() for i, step in enumerate(t.get("steps", []))
                if "source" not in step and not step.get("inferred")]
    assert unmarked == []


def test_inferred_elements_say_why(raw: dict) -> None:
    silent = [f"{kind}:{eid}" for kind, elements in raw.items() for eid, e in elements.items()
              if e.get("inferred") and not (e.get("note") or e.get("reference"))]
    assert silent == []


# a number in a rule's text other than 0 and 1 (not part of a name, such as params.x2)
_FIGURE = re.compile(r"(?<![\w.])(?:\d+\.\d+|[2-9]\d*|1\d+)(?![\w.])")


def test_a_figure_written_into_a_rule_is_marked_inferred(raw: dict) -> None:
    """The source's own figures are parameters (params.*, each citing its item); a figure written
    straight into a task's, risk's or requirement's rule is the set's assumption, so the element
    is marked inferred, and the reports show it with *."""
    unmarked = [f"{kind}:{eid}.{key}" for kind in ("tasks", "risks", "requirements") for eid, e in raw[kind].items()
                for key in ("when", "done_when", "measure") if _FIGURE.search(str(e.get(key, ""))) and not e.get("inferred")]
    assert unmarked == []

def test_type_exemptions_say_why(raw: dict) -> None:
    """A task dropped for КБББ/КОББ/КЖББ must say in its note what in the source supports it."""
    for kind in ("tasks", "risks", "requirements"):
        for eid, element in raw[kind].items():
            if "institution.type" in str(element.get("when", "")):
                assert "institution.type" in element.get("note", ""), f"{kind}:{eid}"
