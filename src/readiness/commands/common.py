"""What the commands share: loading a set and a profile, choosing the language, writing outputs."""
from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Callable, ContextManager, Iterable, Protocol

from .. import config as settings
from ..errors import ERROR, EXIT_FINDINGS, EXIT_OK, Diagnostic, ReadinessError, format_line, usage_error
from ..findings import Msg, text
from ..io.write import refuse_inputs, write_atomic
from ..load.cache import load_cached_playbook
from ..load.profile import check_profile
from ..model import Playbook, Profile
from ..render.formats import Output, format_of, formats_for, is_binary
from ..resources import default_playbook
from ..rows import Rows


class Bar(Protocol):
    def update(self, n: int) -> None: ...


# progress(total, label) → a context manager giving a Bar, or None where no bar is drawn
Progress = Callable[[int, str], ContextManager[Bar] | None]


@dataclass
class Session:
    """How a command speaks and writes: its language, the settings file, and the user's choices."""

    lang: str
    config: settings.Config = field(default_factory=settings.Config)
    quiet: bool = False
    force: bool = False


def session(lang: str | None, profiles: Iterable[Path | str] = (), quiet: bool = False, force: bool = False) -> Session:
    """The session of a command: ``lang`` is --lang (None when not given); the rest is chosen
    as :mod:`readiness.config` says (the profile's ``lang:``, .readiness.yaml, the locale, Kyrgyz)."""
    cfg = settings.load_config()
    return Session(settings.choose_lang(lang, profiles, cfg), cfg, quiet, force)


@dataclass
class Inputs:
    """A command's inputs, loaded: the set's folder, the compiled set, the checked profile, the language."""

    set_dir: Path
    playbook: Playbook
    profile: Profile
    lang: str
    profile_path: Path

    @property
    def files(self) -> list[Path]:
        """Every input file: an output is never written over one of them."""
        return [self.profile_path, *set_files(self.set_dir)]

    @property
    def protected(self) -> list[Path]:
        """The set's folder: no file of it is ever written over, whatever its name."""
        return [self.set_dir]


def set_files(set_dir: Path) -> list[Path]:
    return list(set_dir.glob("*.yaml")) + list(set_dir.glob("*.yml"))


def load_set(playbook_dir: Path | None) -> tuple[Path, Playbook]:
    set_dir = playbook_dir or default_playbook()
    return set_dir, load_cached_playbook(set_dir, warn_on_stderr)


def warn_on_stderr(finding: Diagnostic) -> None:
    """A warning that does not stop the command (a cache refused): said once, on standard error."""
    sys.stderr.write(finding.format() + "\n")


def load_inputs(profile_path: Path, playbook_dir: Path | None, s: Session) -> Inputs:
    """The set and the profile; the profile's warnings go to standard error unless ``s.quiet``
    (nothing silent: a mistyped task id in `progress` is said, not ignored)."""
    set_dir, playbook = load_set(playbook_dir)
    profile, found = check_profile(profile_path, playbook)
    found = s.config.keep(found)
    failing = [d for d in found if d.severity == ERROR or s.config.strict]
    if profile is None or failing:
        raise ReadinessError(failing or found)
    if not s.quiet:
        print_findings(found, s.lang)
    return Inputs(set_dir, playbook, profile, s.lang, profile_path)


def choose_format(kind: str, fmt: str | None, output: Path | None) -> str:
    """--format, else the format the -o file's suffix names, else the kind's default. A --format
    that the suffix contradicts, or a suffix that names none of the kind's formats, is a usage
    error (exit 2); a file name without a suffix takes --format or the default."""
    suffix = output.suffix.lower() if output is not None else ""
    named = format_of(kind, output) if output is not None and suffix else None
    hint = Msg("hint.formats_of", formats=", ".join(formats_for(kind)))
    if suffix and named is None:
        raise usage_error(str(output), "O005", Msg("O005.unknown_suffix"), hint)
    if fmt is not None and named is not None and named != fmt:
        raise usage_error(str(output), "O005", Msg("O005.mismatch", format=fmt, suffix=suffix), hint)
    return fmt or named or formats_for(kind)[0]


def refuse_binary_on_terminal(fmt: str, output: Path | None) -> None:
    if output is None and is_binary(fmt) and sys.stdout.isatty():
        raise usage_error("--format", "O003", Msg("O003.binary_on_terminal", format=fmt), Msg("hint.output_to_file", format=fmt))


def refuse_input(output: Path, inputs: list[Path], protected: list[Path] | None = None) -> None:
    """-o naming one of the inputs, or a file of a playbook set, is refused first, whatever its
    suffix (write_atomic checks it again)."""
    refuse_inputs(output, inputs, protected or [])


def prepare_output(kind: str, fmt: str | None, output: Path | None, inputs: list[Path], force: bool,
                   protected: list[Path] | None = None) -> str:
    """The format to write, after every refusal a run can make before its work: an output over an
    input, a format the suffix contradicts, binary on a terminal, a file readiness did not write."""
    if output is not None:
        refuse_input(output, inputs, protected)
    chosen = choose_format(kind, fmt, output)
    refuse_binary_on_terminal(chosen, output)
    if output is not None:
        refuse_overwrite(output, kind, chosen, force)
    return chosen


def refuse_overwrite(output: Path, kind: str, fmt: str, force: bool) -> None:
    """An existing file is replaced only when it is an earlier report of the same kind that
    readiness wrote (render/marks.py says how that is known), or with --force. Only a regular
    file counts here: a folder, a pipe or a device is refused by io.write with its own message."""
    from ..render.marks import written_by_readiness  # lazy: only a run with -o reads an earlier file (zip, html)

    if not force and output.is_file() and not written_by_readiness(output, kind, fmt):
        raise usage_error(str(output), "O006", Msg("O006.exists", kind=kind), Msg("hint.force"))


def emit(content: Output, output: Path | None, inputs: Iterable[Path | str], kind: str = "", fmt: str = "",
         force: bool = False, protected: list[Path] | None = None) -> None:
    """Print ``content`` (text, bytes, or text in pieces, written as they come), or write it
    atomically to ``output`` (never over one of ``inputs``, nor over any file in the
    ``protected`` folders (playbook sets), nor over a file readiness did not write unless ``force``)."""
    if output is None:
        if isinstance(content, bytes):
            sys.stdout.flush()
            sys.stdout.buffer.write(content)
        elif isinstance(content, str):
            sys.stdout.write(content)
        else:
            for piece in content:
                sys.stdout.write(piece)
    else:
        if kind:
            refuse_overwrite(output, kind, fmt, force)
        write_atomic(output, content, inputs, protected or [])


# -- what a person reads on the terminal ----------------------------------------------------
RED, YELLOW, BOLD, RESET = "\033[31m", "\033[33m", "\033[1m", "\033[0m"


def colour_on(stream: IO[str]) -> bool:
    """Colour only on a terminal, and never under NO_COLOR (https://no-color.org) or TERM=dumb."""
    if os.environ.get("NO_COLOR") or os.environ.get("TERM") == "dumb":
        return False
    return bool(getattr(stream, "isatty", lambda: False)())


def paint(line: str, severity: str, colour: bool) -> str:
    """A finding's line with its code (and the word "warning") coloured: red errors, yellow warnings."""
    if not colour:
        return line
    tint = RED if severity == ERROR else YELLOW
    head, sep, rest = line.partition(": ")
    code, sep2, tail = rest.partition(" ")
    return f"{BOLD}{head}{RESET}{sep}{tint}{code}{RESET}{sep2}{tail}"


def print_findings(found: list[Diagnostic], lang: str, stream: IO[str] | None = None) -> None:
    out = stream or sys.stderr
    colour = colour_on(out)
    for d in found:
        out.write(paint(d.format(lang), d.severity, colour) + "\n")


def with_progress(progress: Progress | None, total: int, label: str, work: Callable[[Callable[[int], None] | None], Any]) -> Any:
    """``work(on_progress)`` with a progress bar where ``progress`` draws one."""
    bar = progress(total, label) if progress else None
    if bar is None:
        return work(None)
    with bar as shown:
        return work(shown.update)


def report_errors(entries: list[dict[str, Any]] | Rows, processed: int, lang: str = "en") -> int:
    """Findings of the profiles that failed (already in ``lang``: the workers wrote them so), on
    standard error; exit 1 when there are any."""
    colour = colour_on(sys.stderr)
    for entry in entries:
        for f in entry["findings"]:
            line = format_line(f["file"], f["line"], f["col"], f["code"], f["message"], f["hint"], f["severity"], lang)
            sys.stderr.write(paint(line, f["severity"], colour) + "\n")
    if entries:
        sys.stderr.write(text("cli.profiles_left_out", lang, count=len(entries), total=processed) + "\n")
    return EXIT_FINDINGS if entries else EXIT_OK
