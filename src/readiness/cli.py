"""The command line: a thin layer over the library (the only module that imports click).

Exit codes: 0 success, 1 findings (invalid playbook or profile), 2 usage error
(missing file, unknown scenario or role, bad option), 130 interrupted (Ctrl-C), 143 terminated
(SIGTERM).

Every text a person reads here (help, click's own messages, progress labels) comes from the
catalogue (templates/i18n/cli.yaml) in the chosen language; see :func:`early_lang` for how the
language is known before click builds the help.
"""
from __future__ import annotations

import gc

# The collector is paused while the command line's modules load (click's and this package's: many
# objects, no garbage worth a collection), and resumed at the end of this module (see there).
_GC_WAS_ON = gc.isenabled()
gc.disable()

import functools
import os
import signal
import sys
from datetime import date
from pathlib import Path
from typing import Any, Callable

import click

from . import config as settings
from . import findings
from .errors import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, ReadinessError
from .findings import text
from .render.formats import format_of, formats_for
from .resources import SCHEMA_NAMES
from .runtime import gc_paused

# The language of what this module prints itself: set from the raw arguments before parsing
# (early_lang), then from the command's own choice once it knows its profile (_session).
_LANG = {"value": settings.DEFAULT_LANG}


def lang() -> str:
    return _LANG["value"]


def early_lang(args: list[str]) -> str:
    """The language, from the raw arguments, before click parses them.

    click builds `--help` and its usage errors while parsing, before any command runs, so the
    language cannot wait for the parsed options: it is read here from the argument list, in the
    commands' order (readiness.config): ``--lang X``/``--lang=X``; the ``lang:`` of the first
    argument that is a YAML file saying one (the profile); .readiness.yaml; LANG/LC_ALL; Kyrgyz.
    A settings file with a mistake is passed over here: the command reports it."""
    option = None
    for i, arg in enumerate(args):
        if arg == "--lang" and i + 1 < len(args):
            option = args[i + 1]
        elif arg.startswith("--lang="):
            option = arg.split("=", 1)[1]
    if option not in settings.LANGUAGES:
        option = None
    profiles = [a for a in args if a.endswith((".yaml", ".yml")) and os.path.isfile(a)]
    try:
        cfg = settings.load_config()
    except ReadinessError:
        cfg = None
    return settings.choose_lang(option, profiles, cfg)


# -- click's own messages, in the chosen language ----------------------------------------------
# click marks its texts for gettext (`from gettext import gettext as _` in each module); its
# modules' `_` and `ngettext` are pointed at the catalogue, whose `en` texts are click's ids.
CLICK_TEXTS = {
    "Usage:": "cli.click_usage", "Options": "cli.click_options", "Commands": "cli.click_commands",
    "Show this message and exit.": "cli.click_help", "Show the version and exit.": "cli.click_version_help",
    "%(prog)s, version %(version)s": "cli.click_version", "Error: {message}": "cli.click_error",
    "Try '{command} {option}' for help.": "cli.click_try_help",
    "Invalid value for {param_hint}: {message}": "cli.click_invalid_value", "Invalid value: {message}": "cli.click_invalid",
    "Missing argument": "cli.click_missing_argument", "Missing option": "cli.click_missing_option",
    "Missing parameter": "cli.click_missing_parameter", "Missing command.": "cli.click_missing_command",
    "Missing {param_type}": "cli.click_missing_type", "No such command {name!r}.": "cli.click_no_command",
    "No such option {name!r}.": "cli.click_no_option", "Option {name!r} does not take a value.": "cli.click_no_value",
    "Option {name!r} requires an argument.": "cli.click_needs_argument",
    "Option {name!r} requires {nargs} arguments.": "cli.click_needs_arguments",
    "Got unexpected extra argument ({args})": "cli.click_extra_argument",
    "Got unexpected extra arguments ({args})": "cli.click_extra_arguments",
    "Did you mean {possibility}?": "cli.click_did_you_mean",
    "(Did you mean one of: {possibilities}?)": "cli.click_did_you_mean_one_of",
    "{value!r} is not {choice}.": "cli.click_not_choice", "{value!r} is not one of {choices}.": "cli.click_not_one_of",
    "{value!r} is not a valid {number_type}.": "cli.click_not_number",
    "{value} is not in the range {range}.": "cli.click_not_in_range", "default: {default}": "cli.click_default",
    "Aborted!": "cli.click_aborted", "required": "cli.click_required",
}


_DEFERRED = {"value": False}  # True while click makes a text that is replaced before anyone reads it


def click_gettext(message: str) -> str:
    if _DEFERRED["value"]:
        return message
    return _click_text(message, lang())


def _click_text(message: str, language: str) -> str:
    key = CLICK_TEXTS.get(message)
    if key is None or language == "en":
        return message
    template = findings.catalogue()["messages"][key][language]
    return str(template)  # click fills in its own {fields}


def click_ngettext(singular: str, plural: str, n: int) -> str:
    return click_gettext(singular if n == 1 else plural)


def _install_click_texts() -> None:
    for module in (click.core, click.exceptions, click.parser, click.types, click.decorators, click.formatting,
                   click.termui):
        if hasattr(module, "_"):
            module._ = click_gettext  # type: ignore[attr-defined]
        if hasattr(module, "ngettext"):
            module.ngettext = click_ngettext  # type: ignore[attr-defined]


# click translates a few texts while its decorators run (the --version line and its help): they
# are left untranslated until the commands are declared (the end of this module), since reading
# the catalogue for them cost every run, a warm `plan` included, a fifth of its time. The
# --version line is given its own way (_VersionMessage), its help is a catalogue key.
_install_click_texts()
_DEFERRED["value"] = True


# -- help texts from the catalogue -------------------------------------------------------------
class Option(click.Option):
    """An option whose help is a catalogue key (with fields), rendered in the chosen language."""

    def __init__(self, *decls: Any, help_args: dict[str, str] | None = None, **attrs: Any) -> None:
        super().__init__(*decls, **attrs)
        self.help_key = attrs.get("help") or ""
        self.help_args = help_args or {}

    def get_help_record(self, ctx: click.Context) -> tuple[str, str] | None:
        if self.help_key.startswith("cli."):
            self.help = text(self.help_key, lang(), **self.help_args)
        return super().get_help_record(ctx)


class Localised:
    """A command or group whose help is the catalogue text ``help`` names."""

    help: str | None

    def _localise(self) -> None:
        key = self.__dict__.setdefault("help_key", self.help or "")
        if key.startswith("cli."):
            self.help = text(key, lang())

    def format_help(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        self._localise()
        super().format_help(ctx, formatter)  # type: ignore[misc]

    def get_short_help_str(self, limit: int = 45) -> str:
        self._localise()
        return super().get_short_help_str(limit)  # type: ignore[misc, no-any-return]

    def make_parser(self, ctx: click.Context) -> Any:
        """click's parser, less one needless read of the catalogue: it tries a short option (``-s``)
        as a long one first, and the "No such option" message it builds for that, in the chosen
        language, it throws away. That one is built untranslated (see _short_first)."""
        parser = super().make_parser(ctx)  # type: ignore[misc]
        if ctx.token_normalize_func is None and hasattr(parser, "_match_long_opt") and hasattr(parser, "_long_opt"):
            parser._match_long_opt = _short_first(parser, parser._match_long_opt)
        return parser

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        """click makes --help once per command (at every parse, for every run) and keeps it: its
        text is read from the catalogue only when it is shown (_HelpOption), so a run that shows
        no help never reads the catalogue."""
        was, _DEFERRED["value"] = _DEFERRED["value"], True  # click's own text for it is never shown
        try:
            option = super().get_help_option(ctx)  # type: ignore[misc]
        finally:
            _DEFERRED["value"] = was
        if option is not None and type(option) is click.Option:
            option.__class__ = _HelpOption
        return option  # type: ignore[no-any-return]


def _short_first(parser: Any, match_long: Callable[..., Any]) -> Callable[..., Any]:
    """click's parser matches ``-s`` as a long option first and, on its NoSuchOption, as short
    options, unless the argument starts with a prefix (``--x``: the error is shown). The error of
    the first try is built untranslated when it is to be thrown away: not a prefix, not an option."""
    def match(opt: str, explicit_value: Any, state: Any) -> Any:
        if opt in parser._long_opt or opt[:2] in parser._opt_prefixes:
            return match_long(opt, explicit_value, state)
        was, _DEFERRED["value"] = _DEFERRED["value"], True
        try:
            return match_long(opt, explicit_value, state)
        finally:
            _DEFERRED["value"] = was
    return match


class _HelpOption(click.Option):
    """click's --help option, its text in the chosen language whenever it is read."""

    @property  # type: ignore[override]
    def help(self) -> str:
        return click_gettext("Show this message and exit.")

    @help.setter
    def help(self, _value: str | None) -> None:
        pass


class Command(Localised, click.Command):
    pass


class Main(Localised, click.Group):
    command_class = Command

    def main(self, *args: Any, **kwargs: Any) -> Any:
        if (args[0] if args else kwargs.get("args")) is None:
            _WHOLE_PROCESS["value"] = True
        return super().main(*args, **kwargs)

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        _LANG["value"] = early_lang(args)
        return super().parse_args(ctx, args)


def option(*decls: str, **attrs: Any) -> Callable[[Any], Any]:
    return click.option(*decls, cls=Option, **attrs)


# -- running a command -------------------------------------------------------------------------
def _fail(exc: ReadinessError) -> None:
    from .commands.common import print_findings

    print_findings(exc.diagnostics, lang())
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
        sys.stderr.write("\n" + text("cli.interrupted", lang()) + "\n")
        sys.exit(EXIT_INTERRUPTED)
    except Terminated:
        sys.exit(EXIT_TERMINATED)
    finally:
        signal.signal(signal.SIGTERM, old)
    sys.exit(code or EXIT_OK)


def one_report(command: Callable[..., None]) -> Callable[..., None]:
    """A command that makes one report and ends: the collector stays paused for all of it.

    Its objects (the modules it loads, the compiled set, the report) live until it ends and
    hold no cycles worth collecting, while a running collector walks them again and again: the
    compiled set of a large playbook set many times over. Batches (aggregate, impact) and the
    web server keep it running."""
    @functools.wraps(command)
    def run(*args: Any, **kwargs: Any) -> None:
        with gc_paused():
            try:
                command(*args, **kwargs)
            finally:
                if _WHOLE_PROCESS["value"]:
                    # all it made lives until the process ends: neither the collector nor the
                    # collection at exit walk it (a second for a set of 100,000 tasks)
                    gc.freeze()
    return run


# True when main() runs with the process's own arguments (the program itself, not a caller
# within a longer process such as a test): the command is then the whole run.
_WHOLE_PROCESS = {"value": False}


def _session(option_lang: str | None, profiles: list[Path] | tuple[Path, ...] = (), quiet: bool = False,
             force: bool = False) -> Any:
    from .commands.common import session

    s = session(option_lang, profiles, quiet, force)
    _LANG["value"] = s.lang
    return s


def progress(total: int, label: str) -> Any:
    """A click progress bar on a terminal; None when stderr is piped (CI logs stay clean) or the
    terminal cannot redraw a line (TERM=dumb)."""
    if not sys.stderr.isatty() or os.environ.get("TERM") == "dumb":
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
        raise click.BadParameter(text("cli.not_a_date", lang(), value=value)) from None
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise click.BadParameter(text("cli.date_out_of_range", lang(), value=value, first=FIRST_YEAR, last=LAST_YEAR))
    return day


def _complete(what: str) -> Callable[[click.Context, click.Parameter, str], list[Any]]:
    """Shell completion of scenario, role and task names from the set (--playbooks or the bundled one)."""
    def complete(ctx: click.Context, _param: click.Parameter, incomplete: str) -> list[Any]:
        from click.shell_completion import CompletionItem

        from .commands.listing import names

        try:
            found = names(what, ctx.params.get("playbooks"))
        except ReadinessError:
            return []
        return [CompletionItem(name, help=help_text or None) for name, help_text in found if name.startswith(incomplete)]

    return complete


def _formats(kind: str) -> dict[str, str]:
    return {"formats": ", ".join(formats_for(kind)), "default": formats_for(kind)[0]}


# readable=False on every path: the library reads each file its one way and says why it cannot
playbooks_option = option("--playbooks", "playbooks", type=click.Path(path_type=Path, readable=False), default=None,
                          help="cli.opt_playbooks")
lang_option = option("--lang", type=click.Choice(list(settings.LANGUAGES)), default=None, help="cli.opt_lang")
output_option = option("-o", "--output", type=click.Path(path_type=Path, readable=False), default=None, help="cli.opt_output")
force_option = option("--force", is_flag=True, help="cli.opt_force")
quiet_option = option("-q", "--quiet", is_flag=True, help="cli.opt_quiet")
today_option = option("--today", callback=_parse_today, default=None, metavar="YYYY-MM-DD", help="cli.opt_today")
strict_option = option("--strict", is_flag=True, help="cli.opt_strict")
scenario_option = option("-s", "--scenario", required=True, help="cli.opt_scenario", shell_complete=_complete("scenarios"))


def format_option(kind: str) -> Callable[[Any], Any]:
    return option("--format", "fmt", type=click.Choice(formats_for(kind)), default=None, help="cli.opt_format",
                  help_args=_formats(kind))


class _VersionMessage:
    """click's `--version` line, read from the catalogue only when it is printed, in the language
    the program starts in (settings.DEFAULT_LANG: what click's decorator used to read at import)."""

    def __mod__(self, values: dict[str, Any]) -> str:
        return _click_text("%(prog)s, version %(version)s", settings.DEFAULT_LANG) % values


@click.group(cls=Main, context_settings={"help_option_names": ["-h", "--help"]}, help="cli.help_main")
@click.version_option(package_name="readiness", cls=Option, help="cli.click_version_help", message=_VersionMessage())  # type: ignore[arg-type]
def main() -> None:
    pass


@main.command(help="cli.help_validate")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path, readable=False))
@playbooks_option
@option("--format", "fmt", type=click.Choice(formats_for("findings")), default="text", help="cli.opt_validate_format",
        help_args=_formats("findings"))
@strict_option
@lang_option
def validate(paths: tuple[Path, ...], playbooks: Path | None, fmt: str, strict: bool, lang: str | None) -> None:
    from .commands import validate as validate_command  # each command imports only the layers it uses

    files = [p for p in paths if p.is_file()]
    _run(lambda: validate_command.run(list(paths), playbooks, fmt, strict, progress, _session(lang, files)))


@main.command(help="cli.help_plan")
@click.argument("profile", type=click.Path(path_type=Path, readable=False))
@scenario_option
@format_option("plan")
@playbooks_option
@lang_option
@today_option
@output_option
@force_option
@quiet_option
@option("--full", is_flag=True, help="cli.opt_full")
@one_report
def plan(profile: Path, scenario: str, fmt: str | None, playbooks: Path | None, lang: str | None,
         today: date | None, output: Path | None, force: bool, quiet: bool, full: bool) -> None:
    from .commands import report as report_command  # each command imports only the layers it uses

    _run(lambda: report_command.run("plan", profile, playbooks, fmt, _session(lang, [profile], quiet, force), output,
                                    scenario=scenario, today=today, full=full))


@main.command(help="cli.help_gaps")
@click.argument("profile", type=click.Path(path_type=Path, readable=False))
@option("-s", "--scenario", "scenarios", multiple=True, help="cli.opt_scenarios", shell_complete=_complete("scenarios"))
@format_option("gaps")
@playbooks_option
@lang_option
@today_option
@output_option
@force_option
@quiet_option
@one_report
def gaps(profile: Path, scenarios: tuple[str, ...], fmt: str | None, playbooks: Path | None, lang: str | None,
         today: date | None, output: Path | None, force: bool, quiet: bool) -> None:
    from .commands import report as report_command  # each command imports only the layers it uses

    _run(lambda: report_command.run("gaps", profile, playbooks, fmt, _session(lang, [profile], quiet, force), output,
                                    scenarios=list(scenarios), today=today))


@main.command(help="cli.help_checklist")
@click.argument("profile", type=click.Path(path_type=Path, readable=False))
@scenario_option
@option("-r", "--role", required=True, help="cli.opt_role", shell_complete=_complete("roles"))
@format_option("checklist")
@playbooks_option
@lang_option
@today_option
@output_option
@force_option
@quiet_option
@one_report
def checklist(profile: Path, scenario: str, role: str, fmt: str | None, playbooks: Path | None, lang: str | None,
              today: date | None, output: Path | None, force: bool, quiet: bool) -> None:
    from .commands import report as report_command  # each command imports only the layers it uses

    _run(lambda: report_command.run("checklist", profile, playbooks, fmt, _session(lang, [profile], quiet, force), output,
                                    scenario=scenario, role=role, today=today))


@main.command(help="cli.help_explain")
@click.argument("profile", type=click.Path(path_type=Path, readable=False))
@click.argument("task", shell_complete=_complete("tasks"))
@scenario_option
@format_option("explain")
@playbooks_option
@lang_option
@today_option
@output_option
@force_option
@quiet_option
@one_report
def explain(profile: Path, task: str, scenario: str, fmt: str | None, playbooks: Path | None, lang: str | None,
            today: date | None, output: Path | None, force: bool, quiet: bool) -> None:
    from .commands import explain as explain_command  # each command imports only the layers it uses

    _run(lambda: explain_command.run(profile, task, scenario, playbooks, fmt, _session(lang, [profile], quiet, force),
                                     today, output))


@main.command(help="cli.help_compare")
@click.argument("profile", type=click.Path(path_type=Path, readable=False))
@format_option("compare")
@playbooks_option
@lang_option
@today_option
@output_option
@force_option
@quiet_option
@one_report
def compare(profile: Path, fmt: str | None, playbooks: Path | None, lang: str | None, today: date | None,
            output: Path | None, force: bool, quiet: bool) -> None:
    from .commands import compare as compare_command  # each command imports only the layers it uses

    _run(lambda: compare_command.run(profile, playbooks, fmt, _session(lang, [profile], quiet, force), today, output))


@main.command(help="cli.help_graph")
@click.argument("profile", required=False, type=click.Path(path_type=Path, readable=False))
@option("-s", "--scenario", default=None, help="cli.opt_graph_scenario", shell_complete=_complete("scenarios"))
@format_option("graph")
@playbooks_option
@lang_option
@today_option
@output_option
@force_option
@quiet_option
@one_report
def graph(profile: Path | None, scenario: str | None, fmt: str | None, playbooks: Path | None, lang: str | None,
          today: date | None, output: Path | None, force: bool, quiet: bool) -> None:
    from .commands import graph as graph_command  # each command imports only the layers it uses

    profiles = [profile] if profile else []
    _run(lambda: graph_command.run(profile, scenario, playbooks, fmt, _session(lang, profiles, quiet, force), today, output))


@main.command(help="cli.help_init")
@option("--lang", type=click.Choice(list(settings.LANGUAGES)), default=None, help="cli.opt_init_lang")
@option("--term-start", "term_start", callback=_parse_today, default="2020-09-01", metavar="YYYY-MM-DD",
        help="cli.opt_term_start")
@playbooks_option
@today_option
@output_option
@force_option
def init(lang: str | None, term_start: date, playbooks: Path | None, today: date | None, output: Path | None,
         force: bool) -> None:
    from .commands import init as init_command  # each command imports only the layers it uses

    _run(lambda: init_command.run(_session(lang, [], force=force), term_start, today, output, playbooks))


@main.command("schema", help="cli.help_schema")
@click.argument("name", type=click.Choice(SCHEMA_NAMES))
@playbooks_option
@lang_option
def schema_cmd(name: str, playbooks: Path | None, lang: str | None) -> None:  # --lang: messages only; schemas are English
    from .commands import schema as schema_command  # each command imports only the layers it uses

    _session(lang)
    _run(lambda: schema_command.run(name, playbooks))


@main.command("test", help="cli.help_test")
@click.argument("set_dir", metavar="[DIR]", required=False, type=click.Path(path_type=Path, readable=False))
@option("--format", "fmt", type=click.Choice(formats_for("test")), default="text", help="cli.opt_validate_format",
        help_args=_formats("test"))
@lang_option
def test_cmd(set_dir: Path | None, fmt: str, lang: str | None) -> None:
    from .commands import test as test_command  # each command imports only the layers it uses

    _run(lambda: test_command.run(set_dir, fmt, _session(lang)))


@main.command(help="cli.help_migrate")
@click.argument("profile", type=click.Path(path_type=Path, readable=False))
@playbooks_option
@option("-o", "--output", type=click.Path(path_type=Path, readable=False), default=None, help="cli.opt_migrate_output")
@option("-i", "--in-place", "in_place", is_flag=True, help="cli.opt_in_place")
@force_option
@lang_option
def migrate(profile: Path, playbooks: Path | None, output: Path | None, in_place: bool, force: bool, lang: str | None) -> None:
    from .commands import migrate as migrate_command  # each command imports only the layers it uses

    _run(lambda: migrate_command.run(profile, playbooks, output, in_place, _session(lang, [profile], force=force)))


@main.command("list", help="cli.help_list")
@click.argument("what", type=click.Choice(["scenarios", "roles", "tasks", "facts", "codes"]))
@playbooks_option
@lang_option
def list_cmd(what: str, playbooks: Path | None, lang: str | None) -> None:
    from .commands import listing  # each command imports only the layers it uses

    _run(lambda: listing.run(what, playbooks, _session(lang)))


def _output_suffix(_ctx: Any, _param: Any, values: tuple[Path, ...]) -> tuple[Path, ...]:
    for value in values:
        if format_of("aggregate", value) is None:
            raise click.BadParameter(text("cli.format_from_suffix", lang(), value=value))
    return values


jobs_option = option("--jobs", "-j", type=click.IntRange(min=1), default=None, help="cli.opt_jobs")


@main.command(help="cli.help_aggregate")
@click.argument("profiles", nargs=-1, required=True, type=click.Path(path_type=Path, readable=False))
@playbooks_option
@option("--format", "fmt", type=click.Choice(formats_for("aggregate")), default="html", help="cli.opt_aggregate_format",
        help_args=_formats("aggregate"))
@option("-o", "--output", "outputs", multiple=True, type=click.Path(path_type=Path, readable=False), callback=_output_suffix,
        help="cli.opt_aggregate_output")
@lang_option
@today_option
@option("--stale-after", type=click.IntRange(min=0), default=90, show_default=True, metavar="DAYS", help="cli.opt_stale_after")
@option("--min-group", type=click.IntRange(min=1), default=5, show_default=True, help="cli.opt_min_group")
@option("--top", type=click.IntRange(min=1), default=15, show_default=True, help="cli.opt_top")
@jobs_option
@force_option
def aggregate(profiles: tuple[Path, ...], playbooks: Path | None, fmt: str, outputs: tuple[Path, ...], lang: str | None,
              today: date | None, stale_after: int, min_group: int, top: int, jobs: int | None, force: bool) -> None:
    from .commands import aggregate as aggregate_command  # each command imports only the layers it uses
    from .engine.aggregate import Options
    from .engine.batch import default_jobs

    options = Options(today=today or date.today(), stale_after=stale_after, min_group=min_group, top=top, jobs=jobs or default_jobs())
    _run(lambda: aggregate_command.run(list(profiles), playbooks, fmt, list(outputs), _session(lang, force=force), options,
                                       progress))


@main.command(help="cli.help_impact")
@option("--base", required=True, type=click.Path(path_type=Path, readable=False), help="cli.opt_base")
@option("--head", required=True, type=click.Path(path_type=Path, readable=False), help="cli.opt_head")
@click.argument("profiles", nargs=-1, required=True, type=click.Path(path_type=Path, readable=False))
@option("-s", "--scenario", "scenarios", multiple=True, help="cli.opt_impact_scenarios", shell_complete=_complete("scenarios"))
@option("--format", "fmt", type=click.Choice(formats_for("impact")), default=None, help="cli.opt_impact_format")
@option("--limit", type=click.IntRange(min=0), default=50, show_default=True, help="cli.opt_limit")
@lang_option
@option("--today", callback=_parse_today, default=None, metavar="YYYY-MM-DD", help="cli.opt_impact_today")
@output_option
@jobs_option
@force_option
def impact(base: Path, head: Path, profiles: tuple[Path, ...], scenarios: tuple[str, ...], fmt: str | None, limit: int,
           lang: str | None, today: date | None, output: Path | None, jobs: int | None, force: bool) -> None:
    from .commands import impact as impact_command  # each command imports only the layers it uses
    from .engine.batch import default_jobs

    _run(lambda: impact_command.run(base, head, list(profiles), fmt, output, _session(lang, force=force), today,
                                    list(scenarios), jobs or default_jobs(), limit, progress))


@main.command(help="cli.help_serve")
@playbooks_option
@option("--profiles", type=click.Path(path_type=Path), default=None, help="cli.opt_profiles")
@option("--host", default="127.0.0.1", show_default=True, help="cli.opt_host")
@option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True, help="cli.opt_port")
@option("--open", "open_browser", is_flag=True, help="cli.opt_open")
@lang_option
def serve(playbooks: Path | None, profiles: Path | None, host: str, port: int, open_browser: bool, lang: str | None) -> None:
    from . import serve as web  # the package's __init__ imports nothing heavy

    s = _session(lang)
    if web.missing():
        click.echo(text("cli.serve_needs", s.lang, missing=", ".join(web.missing()), install=web.INSTALL), err=True)
        sys.exit(EXIT_USAGE)
    from .serve import server  # flask and waitress: only this command pays for them

    _run(lambda: server.run(playbooks, profiles, host, port, open_browser, lang=s.lang))


_DEFERRED["value"] = False  # the commands are declared: click's texts are translated from now on
if _GC_WAS_ON:
    # paused since the top of this module. What exists now (this package's and click's modules,
    # the commands) lives until the program ends: out of the collector's sight, else its first
    # collection walks all of it (about 4 ms, a thirtieth of a warm plan)
    gc.freeze()
    gc.enable()


if __name__ == "__main__":  # pragma: no cover
    main()

__all__ = ["main", "EXIT_FINDINGS", "EXIT_USAGE"]
