"""What the commands share: loading a set and a profile, choosing the language, writing outputs."""
from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, ContextManager, Protocol

from ..errors import EXIT_FINDINGS, EXIT_OK, Diagnostic, format_line, usage_error
from ..findings import Msg
from ..io.write import write_atomic
from ..load.cache import load_cached_playbook
from ..load.profile import load_profile
from ..model import Playbook, Profile
from ..render.formats import is_binary
from ..resources import default_playbook


class Bar(Protocol):
    def update(self, n: int) -> None: ...


# progress(total, label) → a context manager giving a Bar, or None where no bar is drawn
Progress = Callable[[int, str], ContextManager[Bar] | None]


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


def load_inputs(profile_path: Path, playbook_dir: Path | None, lang: str | None) -> Inputs:
    set_dir, playbook = load_set(playbook_dir)
    profile = load_profile(profile_path, playbook)
    return Inputs(set_dir, playbook, profile, lang or playbook.languages[0], profile_path)


def refuse_binary_on_terminal(fmt: str, output: Path | None) -> None:
    if output is None and is_binary(fmt) and sys.stdout.isatty():
        raise usage_error("--format", "O003", Msg("O003.binary_on_terminal", format=fmt), Msg("hint.output_to_file", format=fmt))


def emit(content: str | bytes, output: Path | None, inputs: list[Path], protected: list[Path] | None = None) -> None:
    """Print ``content``, or write it atomically to ``output`` (never over one of ``inputs``,
    nor over any file in the ``protected`` folders: playbook sets)."""
    if output is None:
        if isinstance(content, bytes):
            sys.stdout.flush()
            sys.stdout.buffer.write(content)
        else:
            sys.stdout.write(content)
    else:
        write_atomic(output, content, inputs, protected or [])


def with_progress(progress: Progress | None, total: int, label: str, work: Callable[[Callable[[int], None] | None], Any]) -> Any:
    """``work(on_progress)`` with a progress bar where ``progress`` draws one."""
    bar = progress(total, label) if progress else None
    if bar is None:
        return work(None)
    with bar as shown:
        return work(shown.update)


def report_errors(entries: list[dict[str, Any]], processed: int) -> int:
    """Findings of the profiles that failed, on standard error; exit 1 when there are any."""
    for entry in entries:
        for f in entry["findings"]:  # each the as_dict() of a finding a worker made
            sys.stderr.write(format_line(f["file"], f["line"], f["col"], f["code"], f["message"], f["hint"], f["severity"]) + "\n")
    if entries:
        sys.stderr.write(f"{len(entries)} of {processed} profiles have errors and were left out; the others were processed\n")
    return EXIT_FINDINGS if entries else EXIT_OK
