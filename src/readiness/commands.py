"""Command bodies: load inputs, call the library, write the output; return an exit code.

Kept apart from cli.py so that the CLI module only parses options.
"""
from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import Any

from .errors import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, ERROR
from .output import write_atomic
from .resources import default_playbook, playbooks_dir


def run_validate(paths: list[Path], playbook_dir: Path | None, fmt: str, strict: bool,
                 progress: Any = None) -> int:
    """``progress(total)`` gives a context manager with an ``update(n)`` method, or is None."""
    from .reporters import REPORTERS
    from .validate import jobs, validate_jobs

    todo = jobs(paths or [playbooks_dir()])
    if progress is not None:
        with progress(len(todo)) as bar:
            result = validate_jobs(todo, playbook_dir, lambda _path: bar.update(1))
    else:
        result = validate_jobs(todo, playbook_dir)
    failing = [d for d in result.diagnostics if d.severity == ERROR or strict]
    sys.stdout.write(REPORTERS[fmt](result))
    if fmt == "text":
        sys.stderr.write(f"{result.files} files checked: {result.errors} errors, {result.warnings} warnings\n")
    if result.usage_error:
        return EXIT_USAGE
    return EXIT_FINDINGS if failing else EXIT_OK


def run_report(kind: str, profile_path: Path, playbook_dir: Path | None, fmt: str, lang: str | None,
               output: Path | None, **options: Any) -> int:
    from .render import render

    _refuse_binary_on_terminal(fmt, output)
    set_dir, playbook, profile, lang = _load(profile_path, playbook_dir, lang)
    data = build_report(kind, playbook, profile, lang, **options)
    _emit(render(kind, data, fmt), output, _inputs(profile_path, set_dir))
    return EXIT_OK


def _load(profile_path: Path, playbook_dir: Path | None, lang: str | None) -> tuple[Path, Any, Any, str]:
    """The set folder, the compiled set, the checked profile and the output language."""
    from .cache import load_cached_playbook
    from .profile import load_profile

    set_dir = playbook_dir or default_playbook()
    playbook = load_cached_playbook(set_dir)
    profile = load_profile(profile_path, playbook)
    return set_dir, playbook, profile, lang or playbook.languages[0]


def _refuse_binary_on_terminal(fmt: str, output: Path | None) -> None:
    from .errors import usage_error
    from .render import BINARY

    if output is None and fmt in BINARY and sys.stdout.isatty():
        raise usage_error("--format", "O003", f"{fmt} is a binary format and standard output is a terminal",
                          f"write it to a file with -o, e.g. -o report.{fmt}")


def build_report(kind: str, playbook: Any, profile: Any, lang: str, scenario: str | None = None,
                 scenarios: list[str] | None = None, role: str | None = None, today: date | None = None) -> dict[str, Any]:
    """The report ``kind`` as a JSON-ready dict (the library entry point behind the commands)."""
    from . import report

    if kind == "plan":
        from .plan import make_plan

        return report.plan_dict(make_plan(playbook, profile, scenario or "", today or date.today()), lang)
    if kind == "gaps":
        from .gaps import make_gaps

        return report.gaps_dict(make_gaps(playbook, profile, scenarios), lang)
    from .checklist import make_checklist

    return report.checklist_dict(make_checklist(playbook, profile, scenario or "", role or "", today or date.today()), lang)


OUTPUT_SUFFIXES = {".html": "html", ".htm": "html", ".json": "json", ".xlsx": "xlsx", ".csv": "csv", ".md": "md"}


def _emit(content: str | bytes, output: Path | None, inputs: list[Path]) -> None:
    if output is None:
        if isinstance(content, bytes):
            sys.stdout.flush()
            sys.stdout.buffer.write(content)
        else:
            sys.stdout.write(content)
    else:
        write_atomic(output, content, inputs)


def _report_errors(entries: list[dict[str, Any]], processed: int) -> int:
    """Findings of the profiles that failed, on standard error; exit 1 when there are any."""
    from .aggregate import error_lines

    for line in error_lines({"errors": entries}):
        sys.stderr.write(line + "\n")
    if entries:
        sys.stderr.write(f"{len(entries)} of {processed} profiles have errors and were left out; the others were processed\n")
    return EXIT_FINDINGS if entries else EXIT_OK


def run_aggregate(paths: list[Path], playbook_dir: Path | None, fmt: str, outputs: list[Path], lang: str | None,
                  options: Any, progressbar: Any = None) -> int:
    """`readiness aggregate`: every output from one pass; exit 1 when some profiles failed."""
    from .aggregate import aggregate, discover, render
    from .cache import load_cached_playbook

    set_dir = playbook_dir or default_playbook()
    playbook = load_cached_playbook(set_dir)
    files = discover(paths)
    options.lang = lang or playbook.languages[0]
    bar = progressbar(len(files), "profiles") if progressbar else None
    if bar is None:
        report = aggregate(files, playbook, options)
    else:
        with bar:
            report = aggregate(files, playbook, options, bar.update)
    inputs = [*files, *set_dir.glob("*.yaml")]
    for output in outputs:
        _emit(render(report, OUTPUT_SUFFIXES[output.suffix.lower()]), output, inputs)
    if not outputs:
        _emit(render(report, fmt), None, inputs)
    return _report_errors(report["errors"], report["totals"]["files"])


def run_impact(base: Path, head: Path, paths: list[Path], fmt: str, output: Path | None, lang: str | None,
               today: date | None, scenarios: list[str], jobs: int, limit: int, progressbar: Any = None) -> int:
    """`readiness impact`: how a playbook change alters each institution's plans; exit 1 when some profiles failed."""
    from .aggregate import discover
    from .impact import Sets, impact, render
    from .plan import resolve_scenario
    from .playbook import load_playbook

    old, new = load_playbook(base), load_playbook(head)
    chosen = tuple(resolve_scenario(new, s) for s in scenarios)
    files = discover(paths)
    sets = Sets(old, new, today, chosen)
    lang = lang or new.languages[0]
    bar = progressbar(len(files), "profiles") if progressbar else None
    if bar is None:
        report = impact(files, sets, lang, jobs, str(base), str(head))
    else:
        with bar:
            report = impact(files, sets, lang, jobs, str(base), str(head), bar.update)
    _emit(render(report, fmt, limit), output, [*files, *base.glob("*.yaml"), *head.glob("*.yaml")])
    return _report_errors(report["errors"], report["profiles"])


def _inputs(profile_path: Path, set_dir: Path) -> list[Path]:
    return [profile_path, *set_dir.glob("*.yaml")]


def run_explain(profile_path: Path, task_id: str, scenario: str, playbook_dir: Path | None, fmt: str,
                lang: str | None, today: date | None, output: Path | None) -> int:
    from .explain import explain_task
    from .plan import make_plan
    from .render import render

    set_dir, playbook, profile, lang = _load(profile_path, playbook_dir, lang)
    plan = make_plan(playbook, profile, scenario, today or date.today())
    _emit(render("explain", explain_task(plan, task_id, lang), fmt), output, _inputs(profile_path, set_dir))
    return EXIT_OK


def run_compare(profile_path: Path, playbook_dir: Path | None, fmt: str, lang: str | None,
                today: date | None, output: Path | None) -> int:
    from .evaluate import assess_all
    from .explain import compare_scenarios
    from .render import render

    set_dir, playbook, profile, lang = _load(profile_path, playbook_dir, lang)
    assessments = list(assess_all(playbook, profile, list(playbook.scenarios)).values())
    data = compare_scenarios(playbook, assessments, today or date.today(), lang)
    _emit(render("compare", data, fmt), output, _inputs(profile_path, set_dir))
    return EXIT_OK


def run_graph(profile_path: Path | None, scenario: str | None, playbook_dir: Path | None, fmt: str,
              lang: str | None, today: date | None, output: Path | None) -> int:
    """The task graph of a plan (with a profile) or of the whole playbook (without one)."""
    from .cache import load_cached_playbook
    from .errors import usage_error
    from .graph import to_dot, to_mermaid
    from .i18n import message, pick

    set_dir = playbook_dir or default_playbook()
    playbook = load_cached_playbook(set_dir)
    lang = lang or playbook.languages[0]
    if profile_path is not None:
        from .plan import make_plan
        from .profile import load_profile

        if scenario is None:
            raise usage_error("--scenario", "P001", "a plan's graph needs --scenario", "add --scenario distance|blended|traditional")
        plan = make_plan(playbook, load_profile(profile_path, playbook), scenario, today or date.today())
        nodes = [(t.id, pick(t.state.task.title, lang), str(t.wave)) for t in plan.tasks]
        edges = [(d, t.id) for t in plan.tasks for d in t.depends_on]
        group = message("label.wave", lang)
    else:
        from .plan import resolve_scenario

        chosen = resolve_scenario(playbook, scenario) if scenario else None
        tasks = [t for t in playbook.tasks.values() if chosen is None or chosen in t.scenarios]
        ids = {t.id for t in tasks}
        areas = {aid: pick(a["title"], lang) for aid, a in playbook.areas.items()}
        order = {aid: i for i, aid in enumerate(playbook.areas)}
        tasks.sort(key=lambda t: (order[t.area], t.id))
        nodes = [(t.id, pick(t.title, lang), areas[t.area]) for t in tasks]
        edges = sorted((d, t.id) for t in tasks for d in t.depends_on if d in ids)
        group = ""
    text = (to_dot if fmt == "dot" else to_mermaid)(nodes, edges, group)
    _emit(text, output, [*(p for p in [profile_path] if p), *set_dir.glob("*.yaml")])
    return EXIT_OK


def run_init(lang: str, term_start: date, today: date | None, output: Path | None) -> int:
    from .template import profile_template

    _emit(profile_template(lang, term_start, today or date.today()), output, [])
    return EXIT_OK
