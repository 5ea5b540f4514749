"""Writing outputs safely: the one way a file is written.

Only to a regular file or a new path (never a device, a FIFO, a socket or a dangling link,
which a rename would replace: ``-o /dev/stdout`` with stdout sent to /dev/null once replaced
/dev/null); never over an input, nor over any file of a playbook set; atomically (a temporary
file of random name beside the target, renamed into place), so an interrupted or failed write
leaves the old output as it was and no temporary file behind. Every OSError is a finding with
exit code 2, never a traceback.
"""
from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Iterable

from ..errors import UsageError, usage_error
from ..findings import Msg
from .files import file_kind


def write_atomic(target: Path, content: str | bytes | Iterable[str], inputs: Iterable[Path | str] = (),
                 protected: Iterable[Path] = ()) -> None:
    """Write ``content`` (text, bytes, or text in pieces written as they come) to ``target``
    through a temporary file renamed into place.

    ``inputs`` are files that must not be written over; ``protected`` are folders (playbook
    sets) none of whose files may be written over, whatever their names.
    """
    name = str(target)
    resolved = _check_target(target, name)
    _check_not_input(resolved, name, inputs, protected)
    data = content.encode("utf-8") if isinstance(content, str) else content
    try:
        _replace(resolved, data)
    except OSError as exc:
        raise _failed(name, exc) from None


def _check_target(target: Path, name: str) -> Path:
    """The path to write (links to a regular file followed), or a finding why not."""
    try:
        info = os.stat(target)
    except FileNotFoundError:
        if os.path.lexists(target):  # a link to nothing: writing would create its target somewhere
            raise usage_error(name, "O004", Msg("O004.not_regular", kind=Msg("kind.dangling_link")), Msg("hint.output_file")) from None
        info = None
    except OSError as exc:
        raise _failed(name, exc) from None
    if info is not None and stat.S_ISDIR(info.st_mode):
        raise usage_error(name, "O002", Msg("O002.output_is_folder"), Msg("hint.output_file"))
    if info is not None and not stat.S_ISREG(info.st_mode):
        raise usage_error(name, "O004", Msg("O004.not_regular", kind=Msg(file_kind(info.st_mode))), Msg("hint.output_file"))
    resolved = target.resolve()
    if not resolved.parent.is_dir():
        raise usage_error(name, "O002", Msg("O002.no_output_folder"), Msg("hint.create_folder", folder=str(resolved.parent)))
    return resolved


def refuse_inputs(target: Path, inputs: Iterable[Path | str] = (), protected: Iterable[Path] = ()) -> None:
    """A usage error (O001) when ``target`` is one of ``inputs`` or a file of a ``protected``
    folder: what :func:`write_atomic` checks, for a command to check before its work."""
    _check_not_input(target.resolve(), str(target), inputs, protected)


def _check_not_input(resolved: Path, name: str, inputs: Iterable[Path | str], protected: Iterable[Path]) -> None:
    target = _file_id(resolved)
    for source in inputs if target is not None else ():  # a file not yet there is no input
        # one stat an input; a path resolved only for the same file (an aggregate has thousands)
        if _file_id(source) == target and os.path.realpath(source) == str(resolved):
            raise usage_error(name, "O001", Msg("O001.output_is_input"), Msg("hint.other_output"))
    for folder in protected:
        if not folder.is_dir():
            continue
        inside = folder.resolve() in resolved.parents
        # a file of the set, whatever its name; or a new one the set would read as its own
        if inside and (resolved.exists() or (resolved.parent == folder.resolve() and resolved.suffix in (".yaml", ".yml"))):
            raise usage_error(name, "O001", Msg("O001.output_in_set", folder=str(folder)), Msg("hint.other_output"))


def _file_id(path: Path | str) -> tuple[int, int] | None:
    try:
        info = os.stat(path)
    except OSError:
        return None
    return info.st_dev, info.st_ino


def _replace(resolved: Path, data: bytes | Iterable[str]) -> None:
    import tempfile  # lazy: a report printed to standard output writes no file (tempfile: shutil, random)

    tmp = None
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{resolved.name}.", suffix=".tmp", dir=resolved.parent)
        with os.fdopen(fd, "wb") as fh:
            os.fchmod(fh.fileno(), _mode(resolved))
            if isinstance(data, bytes):
                fh.write(data)
            else:
                for piece in data:
                    fh.write(piece.encode("utf-8"))
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, resolved)
        tmp = None
    finally:  # also on KeyboardInterrupt and on SIGTERM (the CLI turns it into an exception)
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)


def _failed(name: str, exc: OSError) -> UsageError:
    reason = exc.strerror or type(exc).__name__
    return usage_error(name, "O004", Msg("O004.os_error", reason=reason), Msg("hint.output_writable"))


def _mode(target: Path) -> int:
    """Keep the mode of a file being replaced; a new file gets the usual 0666 less the umask."""
    if target.exists():
        return target.stat().st_mode & 0o777
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask
