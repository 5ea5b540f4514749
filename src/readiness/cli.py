"""The command line: a thin layer over the library (the only module that imports click).

Exit codes: 0 success, 1 findings (invalid playbook or profile), 2 usage error
(missing file, unknown scenario or role, bad option), 130 interrupted (Ctrl-C), 143 terminated
(SIGTERM).
"""
from __future__ import annotations

import signal
import sys
from datetime import date
from pathlib import Path
from typing import Any, Callable

import click

from .errors import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, ReadinessError
from .findings import text
from .render.formats import FORMATS, format_of, formats_for
from .resources import SCHEMA_NAMES


def _fail(exc: ReadinessError) -> None:
    for d in exc.diagnostics:
        click.echo(d.format(), err=True)
    sys.exit(exc.exit_code)


EXIT_INTERRUPTED = 130  # 128 + SIGINT, as shells report Ctrl-C
EXIT_TERMINATED = 143  # 128 + SIGTERM


class Terminated(BaseException):
    """SIGTERM, raised where the program is, so that every ``finally`` runs: a temporary file
    is removed, a worker pool is ended."""


def _terminate(_signum: int, _frame: Any) -> None:
    raise Terminated


def _run(fn: Callable[[], int | None]) -> None:
    """Run a command body; user errors become messages and exit codes, never tracebacks."""
    old = signal.signal(signal.SIGTERM, _terminate)
    try:
        code = fn()
    except ReadinessError as exc:
        _fail(exc)
        return
    except KeyboardInterrupt:
        sys.stderr.write("\n" + text("cli.interrupted", "en") + "\n")
        sys.exit(EXIT_INTERRUPTED)
    except Terminated:
        sys.exit(EXIT_TERMINATED)
    finally:
        signal.signal(signal.SIGTERM, old)
    sys.exit(code or EXIT_OK)


def progress(total: int, label: str) -> Any:
    """A click progress bar on a terminal; None when stderr is piped (CI logs stay clean)."""
    if not sys.stderr.isatty():
        return None
    return click.progressbar(length=total, label=label, file=sys.stderr)


# the dates a profile may give (load.profile.FIRST_DAY, LAST_DAY; not imported: the CLI starts light)
FIRST_YEAR, LAST_YEAR = 1990, 2100


def _parse_today(_ctx: Any, _param: Any, value: str | None) -> date | None:
    if value is None:
        return None
    try:
        day = date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(text("cli.not_a_date", "en", value=value)) from None
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise click.BadParameter(text("cli.date_out_of_range", "en", value=value, first=FIRST_YEAR, last=LAST_YEAR))
    return day


# readable=False on every path: the library reads each file its one way and says why it cannot
playbooks_option = click.option(
    "--playbooks", "playbooks", type=click.Path(path_type=Path, readable=False), default=None,
    help="Playbook set folder to use (default: the bundled kg-mes-2020 set).")
lang_option = click.option("--lang", type=click.Choice(["ky", "ru", "en"]), default=None,
                           help="Language of the output (default: the set's first language, Kyrgyz).")
output_option = click.option("-o", "--output", type=click.Path(path_type=Path, readable=False), default=None,
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
                2 usage error (missing file, unknown scenario or role);
                130 interrupted (Ctrl-C); 143 terminated (SIGTERM).
    """


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path, readable=False))
@playbooks_option
@click.option("--format", "fmt", type=click.Choice(formats_for("findings")), default="text",
              help="; ".join(f"{f} ({FORMATS[f].description})" for f in formats_for("findings")) + ".")
@strict_option
def validate(paths: tuple[Path, ...], playbooks: Path | None, fmt: str, strict: bool) -> None:
    """Check playbook sets and institution profiles.

    A PATH may be a playbook set (a folder with manifest.yaml), a folder of sets such as
    playbooks/ (each set's examples/ profiles are checked too), or profile files, which are
    checked against --playbooks or the bundled set. Without PATH, the bundled playbooks are checked.
    Every finding is printed as file:line:col: CODE message (hint).
    """
    from .commands import validate as validate_command  # each command imports only the layers it uses

    _run(lambda: validate_command.run(list(paths), playbooks, fmt, strict, progress))


@main.command()
@click.argument("profile", type=click.Path(path_type=Path, readable=False))
@click.option("-s", "--scenario", required=True, help="distance, blended or traditional (or 1, 2, 3).")
@click.option("--format", "fmt", type=click.Choice(formats_for("plan")), default="md", help="Output format.")
@playbooks_option
@lang_option
@today_option
@output_option
def plan(profile: Path, scenario: str, fmt: str, playbooks: Path | None, lang: str | None,
         today: date | None, output: Path | None) -> None:
    """The action plan for PROFILE: open tasks in dependency order, in waves, with dates."""
    from .commands import report as report_command  # each command imports only the layers it uses

    _run(lambda: report_command.run("plan", profile, playbooks, fmt, lang, output, scenario=scenario, today=today))


@main.command()
@click.argument("profile", type=click.Path(path_type=Path, readable=False))
@click.option("-s", "--scenario", "scenarios", multiple=True, help="Limit to these scenarios (default: all three side by side).")
@click.option("--format", "fmt", type=click.Choice(formats_for("gaps")), default="md", help="Output format.")
@playbooks_option
@lang_option
@today_option
@output_option
def gaps(profile: Path, scenarios: tuple[str, ...], fmt: str, playbooks: Path | None, lang: str | None,
         today: date | None, output: Path | None) -> None:
    """The gap report for PROFILE: readiness per area and scenario, unmet requirements, risks, unknowns."""
    from .commands import report as report_command  # each command imports only the layers it uses

    _run(lambda: report_command.run("gaps", profile, playbooks, fmt, lang, output, scenarios=list(scenarios), today=today))


@main.command()
@click.argument("profile", type=click.Path(path_type=Path, readable=False))
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
    from .commands import report as report_command  # each command imports only the layers it uses

    _run(lambda: report_command.run("checklist", profile, playbooks, fmt, lang, output, scenario=scenario, role=role, today=today))


@main.command()
@click.argument("profile", type=click.Path(path_type=Path, readable=False))
@click.argument("task")
@click.option("-s", "--scenario", required=True, help="distance, blended or traditional (or 1, 2, 3).")
@click.option("--format", "fmt", type=click.Choice(formats_for("explain")), default="md", help="Output format.")
@playbooks_option
@lang_option
@today_option
@output_option
def explain(profile: Path, task: str, scenario: str, fmt: str, playbooks: Path | None, lang: str | None,
            today: date | None, output: Path | None) -> None:
    """Why TASK is in PROFILE's plan (or not): the rules and facts, risks, what it waits for and what waits for it."""
    from .commands import explain as explain_command  # each command imports only the layers it uses

    _run(lambda: explain_command.run(profile, task, scenario, playbooks, fmt, lang, today, output))


@main.command()
@click.argument("profile", type=click.Path(path_type=Path, readable=False))
@click.option("--format", "fmt", type=click.Choice(formats_for("compare")), default="md", help="Output format.")
@playbooks_option
@lang_option
@today_option
@output_option
def compare(profile: Path, fmt: str, playbooks: Path | None, lang: str | None, today: date | None,
            output: Path | None) -> None:
    """The three scenarios side by side for PROFILE: what each needs, and what it needs beyond the others."""
    from .commands import compare as compare_command  # each command imports only the layers it uses

    _run(lambda: compare_command.run(profile, playbooks, fmt, lang, today, output))


@main.command()
@click.argument("profile", required=False, type=click.Path(path_type=Path, readable=False))
@click.option("-s", "--scenario", default=None, help="Scenario (required with PROFILE; filters the playbook graph without).")
@click.option("--format", "fmt", type=click.Choice(formats_for("graph")), default="mermaid", help="Mermaid (for Markdown) or Graphviz DOT.")
@playbooks_option
@lang_option
@today_option
@output_option
def graph(profile: Path | None, scenario: str | None, fmt: str, playbooks: Path | None, lang: str | None,
          today: date | None, output: Path | None) -> None:
    """The task graph: of PROFILE's plan in waves, or of the whole playbook by area (without PROFILE)."""
    from .commands import graph as graph_command  # each command imports only the layers it uses

    _run(lambda: graph_command.run(profile, scenario, playbooks, fmt, lang, today, output))


@main.command()
@click.option("--lang", type=click.Choice(["ky", "ru", "en"]), default="ky", help="Language of the comments (default Kyrgyz).")
@click.option("--term-start", "term_start", callback=_parse_today, default="2020-09-01", metavar="YYYY-MM-DD",
              help="First day of the academic year to write into the template.")
@today_option
@output_option
def init(lang: str, term_start: date, today: date | None, output: Path | None) -> None:
    """Write a profile template: every fact with its meaning as a comment, values ~ (not known yet)."""
    from .commands import init as init_command  # each command imports only the layers it uses

    _run(lambda: init_command.run(lang, term_start, today, output))


@main.command("schema")
@click.argument("name", type=click.Choice(SCHEMA_NAMES))
def schema_cmd(name: str) -> None:
    """Print the JSON Schema NAME (for editors and other tools)."""
    from .commands import schema as schema_command  # each command imports only the layers it uses

    _run(lambda: schema_command.run(name))

def _output_suffix(_ctx: Any, _param: Any, values: tuple[Path, ...]) -> tuple[Path, ...]:
    for value in values:
        if format_of("aggregate", value) is None:
            raise click.BadParameter(text("cli.format_from_suffix", "en", value=value))
    return values


jobs_option = click.option("--jobs", "-j", type=click.IntRange(min=1), default=None,
                           help="Worker processes (default: the number of CPUs; 1 runs in this process).")


@main.command()
@click.argument("profiles", nargs=-1, required=True, type=click.Path(path_type=Path, readable=False))
@playbooks_option
@click.option("--format", "fmt", type=click.Choice(formats_for("aggregate")), default="html",
              help="Format on standard output when no -o is given.")
@click.option("-o", "--output", "outputs", multiple=True, type=click.Path(path_type=Path, readable=False), callback=_output_suffix,
              help="Write here (repeatable; the format comes from the suffix: .html, .json, .xlsx, .csv).")
@lang_option
@today_option
@click.option("--stale-after", type=click.IntRange(min=0), default=90, show_default=True, metavar="DAYS",
              help="List profiles whose `updated` date is more than DAYS before --today.")
@click.option("--min-group", type=click.IntRange(min=1), default=5, show_default=True,
              help="Suppress regions and types with fewer institutions than this.")
@click.option("--top", type=click.IntRange(min=1), default=15, show_default=True, help="How many open tasks, risks and missing facts to list.")
@jobs_option
def aggregate(profiles: tuple[Path, ...], playbooks: Path | None, fmt: str, outputs: tuple[Path, ...], lang: str | None,
              today: date | None, stale_after: int, min_group: int, top: int, jobs: int | None) -> None:
    """Readiness across many institutions: PROFILES are files or folders (searched for *.yaml).

    Per scenario: how many institutions can run it now, readiness per area as a distribution,
    the most frequent open tasks, triggered risks and missing facts, by region and by type;
    stale profiles and duplicate ids are listed. Invalid profiles are listed with their findings
    and left out; the exit code is then 1.
    """
    from .commands import aggregate as aggregate_command  # each command imports only the layers it uses
    from .engine.aggregate import Options
    from .engine.batch import default_jobs

    options = Options(today=today or date.today(), stale_after=stale_after, min_group=min_group, top=top, jobs=jobs or default_jobs())
    _run(lambda: aggregate_command.run(list(profiles), playbooks, fmt, list(outputs), lang, options, progress))


@main.command()
@click.option("--base", required=True, type=click.Path(path_type=Path, readable=False), help="The playbook set before the change.")
@click.option("--head", required=True, type=click.Path(path_type=Path, readable=False), help="The playbook set after the change.")
@click.argument("profiles", nargs=-1, required=True, type=click.Path(path_type=Path, readable=False))
@click.option("-s", "--scenario", "scenarios", multiple=True, help="Limit to these scenarios (default: each profile's own).")
@click.option("--format", "fmt", type=click.Choice(formats_for("impact")), default="md", help="md (a pull-request comment) or json.")
@click.option("--limit", type=click.IntRange(min=0), default=50, show_default=True, help="Institutions shown in detail in md.")
@lang_option
@click.option("--today", callback=_parse_today, default=None, metavar="YYYY-MM-DD",
              help="Date the plans are made as of (default: each profile's `updated`, else its term_start).")
@output_option
@jobs_option
def impact(base: Path, head: Path, profiles: tuple[Path, ...], scenarios: tuple[str, ...], fmt: str, limit: int,
           lang: str | None, today: date | None, output: Path | None, jobs: int | None) -> None:
    """Which institutions' plans a playbook change alters, and how: tasks added and removed,
    due dates moved, risks triggered or cleared, per scenario, with a summary table first."""
    from .commands import impact as impact_command  # each command imports only the layers it uses
    from .engine.batch import default_jobs

    _run(lambda: impact_command.run(base, head, list(profiles), fmt, output, lang, today, list(scenarios), jobs or default_jobs(), limit, progress))


@main.command()
@playbooks_option
@click.option("--profiles", type=click.Path(path_type=Path), default=None,
              help="Folder of profile files to open and to save into (made if missing). Only files in it are read or written.")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on. 0.0.0.0 lets colleagues on the local network in: read docs/serve.md first.")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True, help="Port to listen on (0: any free one).")
@click.option("--open", "open_browser", is_flag=True, help="Open the page in the default browser.")
def serve(playbooks: Path | None, profiles: Path | None, host: str, port: int, open_browser: bool) -> None:
    """Fill in a profile in a browser and see its plans, in Kyrgyz, Russian or English.

    A local web app (needs the extra: pip install 'readiness[serve]'): the profile form,
    the three scenarios side by side, plans, the gap report, checklists, downloads.
    """
    from . import serve as web  # the package's __init__ imports nothing heavy

    if web.missing():
        click.echo(f"readiness serve needs {', '.join(web.missing())}, which the 'serve' extra installs:\n  {web.INSTALL}", err=True)
        sys.exit(EXIT_USAGE)
    from .serve import server  # flask, waitress and ruamel.yaml: only this command pays for them

    _run(lambda: server.run(playbooks, profiles, host, port, open_browser))


if __name__ == "__main__":  # pragma: no cover
    main()

__all__ = ["main", "EXIT_FINDINGS", "EXIT_USAGE"]
