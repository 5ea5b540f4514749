"""The command line: a thin layer over the library (the only module that imports click).

Exit codes: 0 success, 1 findings (invalid playbook or profile), 2 usage error
(missing file, unknown scenario or role, bad option).
"""
from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import Any, Callable

import click

from .errors import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, ReadinessError

from .render import formats_for


def _fail(exc: ReadinessError) -> None:
    for d in exc.diagnostics:
        click.echo(d.format(), err=True)
    sys.exit(exc.exit_code)


def _run(fn: Callable[[], int | None]) -> None:
    """Run a command body; user errors become messages and exit codes, never tracebacks."""
    try:
        code = fn()
    except ReadinessError as exc:
        _fail(exc)
        return
    sys.exit(code or EXIT_OK)


def _parse_today(_ctx: Any, _param: Any, value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"'{value}' is not a date; write YYYY-MM-DD, e.g. 2020-08-10") from None


playbooks_option = click.option(
    "--playbooks", "playbooks", type=click.Path(path_type=Path), default=None,
    help="Playbook set folder to use (default: the bundled kg-mes-2020 set).")
lang_option = click.option("--lang", type=click.Choice(["ky", "ru", "en"]), default=None,
                           help="Language of the output (default: the set's first language, Kyrgyz).")
output_option = click.option("-o", "--output", type=click.Path(path_type=Path), default=None,
                             help="Write to this file (atomically) instead of standard output.")
today_option = click.option("--today", callback=_parse_today, default=None, metavar="YYYY-MM-DD",
                            help="Date to measure lateness against (default: the real today). Fix it for reproducible outputs.")
strict_option = click.option("--strict", is_flag=True, help="Treat warnings as errors.")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="readiness")
def main() -> None:
    """Readiness planning for vocational education institutions, from YAML playbooks.

    \b
    Exit codes: 0 success; 1 findings (an invalid playbook or profile);
                2 usage error (missing file, unknown scenario or role).
    """


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@playbooks_option
@click.option("--format", "fmt", type=click.Choice(["text", "json", "github", "sarif", "junit"]), default="text",
              help="text; json; github (workflow annotations); sarif (SARIF 2.1.0 for code scanning); junit (JUnit XML).")
@strict_option
def validate(paths: tuple[Path, ...], playbooks: Path | None, fmt: str, strict: bool) -> None:
    """Check playbook sets and institution profiles.

    A PATH may be a playbook set (a folder with manifest.yaml), a folder of sets such as
    playbooks/ (each set's examples/ profiles are checked too), or profile files, which are
    checked against --playbooks or the bundled set. Without PATH, the bundled playbooks are checked.
    Every finding is printed as file:line:col: CODE message (hint).
    """
    from .commands import run_validate

    _run(lambda: run_validate(list(paths), playbooks, fmt, strict))


@main.command()
@click.argument("profile", type=click.Path(path_type=Path))
@click.option("-s", "--scenario", required=True, help="distance, blended or traditional (or 1, 2, 3).")
@click.option("--format", "fmt", type=click.Choice(formats_for("plan")), default="md", help="Output format.")
@playbooks_option
@lang_option
@today_option
@output_option
def plan(profile: Path, scenario: str, fmt: str, playbooks: Path | None, lang: str | None,
         today: date | None, output: Path | None) -> None:
    """The action plan for PROFILE: open tasks in dependency order, in waves, with dates."""
    from .commands import run_report

    _run(lambda: run_report("plan", profile, playbooks, fmt, lang, output, scenario=scenario, today=today))


@main.command()
@click.argument("profile", type=click.Path(path_type=Path))
@click.option("-s", "--scenario", "scenarios", multiple=True, help="Limit to these scenarios (default: all three side by side).")
@click.option("--format", "fmt", type=click.Choice(formats_for("gaps")), default="md", help="Output format.")
@playbooks_option
@lang_option
@output_option
def gaps(profile: Path, scenarios: tuple[str, ...], fmt: str, playbooks: Path | None, lang: str | None,
         output: Path | None) -> None:
    """The gap report for PROFILE: readiness per area and scenario, unmet requirements, risks, unknowns."""
    from .commands import run_report

    _run(lambda: run_report("gaps", profile, playbooks, fmt, lang, output, scenarios=list(scenarios)))


@main.command()
@click.argument("profile", type=click.Path(path_type=Path))
@click.option("-s", "--scenario", required=True, help="distance, blended or traditional (or 1, 2, 3).")
@click.option("-r", "--role", required=True, help="Actor id or abbreviation: abp, pok, okk, it, dean, … (or АБП, ПОК, …).")
@click.option("--format", "fmt", type=click.Choice(formats_for("checklist")), default="md", help="Output format.")
@playbooks_option
@lang_option
@today_option
@output_option
def checklist(profile: Path, scenario: str, role: str, fmt: str, playbooks: Path | None, lang: str | None,
              today: date | None, output: Path | None) -> None:
    """The checklist of one role for PROFILE: its tasks and steps, in plan order."""
    from .commands import run_report

    _run(lambda: run_report("checklist", profile, playbooks, fmt, lang, output, scenario=scenario, role=role, today=today))


@main.command("schema")
@click.argument("name", type=click.Choice(["playbook", "profile", "plan", "gaps", "checklist"]))
def schema_cmd(name: str) -> None:
    """Print the JSON Schema NAME (for editors and other tools)."""
    from .resources import schema_path

    click.echo(schema_path(name).read_text(encoding="utf-8"), nl=False)


if __name__ == "__main__":  # pragma: no cover
    main()

__all__ = ["main", "EXIT_FINDINGS", "EXIT_USAGE"]
