"""Reading input files: where they are, how findings name them, their text."""
from __future__ import annotations

import codecs
import os
from functools import lru_cache
from pathlib import Path
from typing import Iterable

from ..errors import Diagnostic, ReadinessError, UsageError
from ..findings import Msg

MAX_BYTES = 20 * 1024 * 1024


def display_name(path: Path) -> str:
    """How findings name a file: relative to the current folder where it lies below it."""
    if not path.is_absolute():
        return str(path)
    try:
        return str(path.relative_to(_cwd(os.getcwd())))
    except ValueError:
        return str(path)


@lru_cache(maxsize=8)
def _cwd(current: str) -> Path:
    return Path(current).resolve()


def yaml_files(folder: Path) -> list[Path]:
    """The .yaml then .yml files directly in ``folder``, each group in name order."""
    return sorted(p for p in folder.glob("*.yaml") if p.is_file()) + sorted(p for p in folder.glob("*.yml") if p.is_file())


def discover(paths: Iterable[Path]) -> list[Path]:
    """Profile files: files as given, folders searched for *.yaml recursively; sorted, unique."""
    found: set[Path] = set()
    given = list(paths)
    for path in given:
        if not path.exists():
            raise UsageError([Diagnostic.of(display_name(path), 0, 0, "Y001", Msg("Y001.path_not_found"),
                                            Msg("hint.give_profiles"))])
        if path.is_dir():
            found.update(p for p in path.rglob("*.yaml") if p.is_file())
        else:
            found.add(path)
    if not found:
        raise UsageError([Diagnostic.of(", ".join(display_name(p) for p in given) or ".", 0, 0, "Y001",
                                        Msg("Y001.no_profiles"), Msg("hint.give_profiles"))])
    return sorted(found, key=lambda p: str(p))


def read_text(path: Path, display: str | None = None) -> str:
    """Read a UTF-8 file (BOM allowed); anything else is a user error, not a traceback."""
    name = display or str(path)
    if not path.exists():
        raise UsageError([Diagnostic.of(name, 0, 0, "Y001", Msg("Y001.file_not_found"), Msg("hint.check_path"))])
    if path.is_dir():
        raise UsageError([Diagnostic.of(name, 0, 0, "Y001", Msg("Y001.is_folder"), Msg("hint.name_yaml_inside"))])
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise ReadinessError([Diagnostic.of(name, 0, 0, "Y006", Msg("Y006.too_large", size=size / 2**20, limit=MAX_BYTES // 2**20),
                                            Msg("hint.split_file"))])
    raw = path.read_bytes()
    return decode(raw, name)


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


