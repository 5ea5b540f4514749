"""Reading input files: where they are, how findings name them, their text.

Every input is read the one way :func:`read_bytes` reads: open without blocking, ``fstat`` the
open file, require a regular file, read at most the limit and one byte more. A FIFO cannot
hang the program, a link to ``/dev/zero`` cannot fill its memory, an unreadable file is a
finding, never a traceback.
"""
from __future__ import annotations

import codecs
import errno
import os
import stat
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Iterator

from ..errors import Diagnostic, ReadinessError, UsageError
from ..findings import Msg

MAX_BYTES = 20 * 1024 * 1024


def display_name(path: Path | str) -> str:
    """How findings name a file (a Path, or a name as :func:`discover` writes it): relative to the
    current folder where it lies below it.

    Worked on the text: a batch names every profile, and a Path made per profile keeps its
    name in the interpreter's table of interned strings, which never shrinks (issue 11: memory
    flat in the number of profiles)."""
    text = os.fspath(path)
    if not os.path.isabs(text):
        return text
    cwd = _cwd(os.getcwd())
    if os.path.normcase(text) == os.path.normcase(cwd):
        return "."
    below = cwd if cwd.endswith(os.sep) else cwd + os.sep
    return text[len(below):] if os.path.normcase(text).startswith(os.path.normcase(below)) else text


@lru_cache(maxsize=8)
def _cwd(current: str) -> str:
    return str(Path(current).resolve())


def yaml_files(folder: Path) -> list[Path]:
    """The .yaml then .yml entries directly in ``folder`` that are not folders, each group in
    name order: a FIFO or a device named so is read, and refused, rather than skipped unseen."""
    return sorted(p for p in folder.glob("*.yaml") if not p.is_dir()) + sorted(p for p in folder.glob("*.yml") if not p.is_dir())


def discover(paths: Iterable[Path]) -> FileList:
    """Profile files: files as given, folders searched for *.yaml recursively; sorted, unique.

    Whatever is named *.yaml and is not a folder is listed (a FIFO, a device, an unreadable
    file: reading it gives the finding), and so is every sub-folder that cannot be listed:
    reading it says so, where a silent skip would leave its profiles out unseen."""
    found: set[str] = set()
    given = list(paths)
    for path in given:
        if not os.path.lexists(path):
            raise UsageError([Diagnostic.of(display_name(path), 0, 0, "Y001", Msg("Y001.path_not_found"),
                                            Msg("hint.give_profiles"))])
        if path.is_dir():
            found.update(_walk(path))
        else:
            found.add(str(path))
    if not found:
        raise UsageError([Diagnostic.of(", ".join(display_name(p) for p in given) or ".", 0, 0, "Y001",
                                        Msg("Y001.no_profiles"), Msg("hint.give_profiles"))])
    return FileList(sorted(found))


def _walk(folder: Path) -> list[str]:
    found: list[str] = []

    def unreadable(exc: OSError) -> None:
        found.append(str(Path(exc.filename)))  # reading it gives the finding: Y007

    for top, dirs, files in os.walk(folder, onerror=unreadable):
        dirs.sort()
        base = str(Path(top))  # as Path(top, f) would write it ("./a" is "a"), without a Path a file
        found.extend(f if base == "." else os.path.join(base, f) for f in files if f.endswith(".yaml"))
    return found


class FileList:
    """Paths, in the order given, held as their common beginning and one string of the rest of each, with a
    NUL between them (no path holds one).

    A batch keeps its list of profiles from start to end: as Path objects a path costs some 300
    bytes, here a byte or two per character past the folder they share (issue 11: memory flat in
    the number of profiles). Iterating gives each path as a string, made when it is reached: a
    Path would keep its name interned for the rest of the run (see :func:`display_name`)."""

    def __init__(self, paths: list[str]) -> None:
        self._prefix = os.path.commonprefix([min(paths), max(paths)]) if paths else ""  # what the two share, all share
        self._rest = "\0".join(paths).replace("\0" + self._prefix, "\0")[len(self._prefix):]  # one string, not one a path
        self._count = len(paths)

    def __len__(self) -> int:
        return self._count

    def __iter__(self) -> Iterator[str]:
        return self.names()

    def names(self) -> Iterator[str]:
        """The paths as strings: no Path object made."""
        prefix, rest, start = self._prefix, self._rest, 0
        for _ in range(self._count):
            end = rest.find("\0", start)
            end = len(rest) if end < 0 else end
            yield prefix + rest[start:end]
            start = end + 1


def read_text(path: Path | str, display: str | None = None) -> str:
    """Read a UTF-8 file (BOM allowed); anything else is a user error, not a traceback."""
    name = display or str(path)
    return decode(read_bytes(path, name), name)


def peek(path: Path | str, size: int) -> bytes | None:
    """The first ``size`` bytes of the regular file ``path``, or None when it is anything else or
    cannot be read: for a glance (a profile's ``lang:``) that must never block nor fail. The
    real read, with its findings, is :func:`read_bytes`."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError:
        return None
    try:
        return os.read(fd, size) if stat.S_ISREG(os.fstat(fd).st_mode) else None
    except OSError:
        return None
    finally:
        os.close(fd)


def read_bytes(path: Path | str, name: str | None = None, limit: int = MAX_BYTES) -> bytes:
    """The bytes of the regular file ``path``, at most ``limit``; anything else is a finding.

    Opened without blocking (a FIFO with no writer cannot hang the read), checked on the open
    file (no race between a check and the open), read to at most ``limit`` + 1 bytes (a device
    or a /proc file whose size says 0 cannot run on)."""
    name = name or str(path)
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise _open_error(exc, path, name) from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise UsageError([Diagnostic.of(name, 0, 0, "Y001", Msg("Y001.is_folder"), Msg("hint.name_yaml_inside"))])
        if not stat.S_ISREG(info.st_mode):
            raise UsageError([Diagnostic.of(name, 0, 0, "Y007", Msg("Y007.not_regular", kind=Msg(file_kind(info.st_mode))),
                                            Msg("hint.regular_file"))])
        if info.st_size > limit:
            raise _too_large(name, info.st_size, limit)
        chunks, size = [], 0
        while size <= limit:
            chunk = os.read(fd, min(limit + 1 - size, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        if size > limit:
            raise _too_large(name, size, limit)
        return b"".join(chunks)
    except OSError as exc:
        raise _open_error(exc, path, name) from None
    finally:
        os.close(fd)


def _open_error(exc: OSError, path: Path | str, name: str) -> UsageError:
    if exc.errno == errno.ENOENT and not os.path.lexists(path):
        return UsageError([Diagnostic.of(name, 0, 0, "Y001", Msg("Y001.file_not_found"), Msg("hint.check_path"))])
    try:
        mode = os.stat(path).st_mode
    except OSError:
        mode = stat.S_IFREG
    if not stat.S_ISREG(mode) and not stat.S_ISDIR(mode):  # a socket cannot even be opened (ENXIO)
        return UsageError([Diagnostic.of(name, 0, 0, "Y007", Msg("Y007.not_regular", kind=Msg(file_kind(mode))),
                                         Msg("hint.regular_file"))])
    reason = exc.strerror or type(exc).__name__
    return UsageError([Diagnostic.of(name, 0, 0, "Y007", Msg("Y007.unreadable", reason=reason), Msg("hint.readable_file"))])


def _too_large(name: str, size: int, limit: int) -> ReadinessError:
    return ReadinessError([Diagnostic.of(name, 0, 0, "Y006", Msg("Y006.too_large", size=size / 2**20, limit=limit // 2**20),
                                         Msg("hint.split_file"))])


def file_kind(mode: int) -> str:
    """The catalogue's word for what a path is when it is not a regular file or a folder."""
    if stat.S_ISFIFO(mode):
        return "kind.fifo"
    if stat.S_ISSOCK(mode):
        return "kind.socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "kind.device"
    return "kind.special"


def decode(raw: bytes, name: str) -> str:
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        raise ReadinessError([Diagnostic.of(name, 1, 1, "Y002", Msg("Y002.utf16"), Msg("hint.save_utf8_notepad"))])
    if raw.startswith(codecs.BOM_UTF8):
        raw = raw[len(codecs.BOM_UTF8):]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise ReadinessError([Diagnostic.of(name, line, col, "Y002", Msg("Y002.not_utf8"), Msg("hint.save_utf8"))]) from None


