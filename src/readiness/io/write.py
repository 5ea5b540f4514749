"""Writing outputs safely: atomically, and never over one of the inputs."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Iterable

from ..errors import usage_error
from ..findings import Msg


def write_atomic(target: Path, content: str | bytes, inputs: Iterable[Path] = ()) -> None:
    """Write to a temporary file beside ``target``, then rename it into place.

    An interrupted run leaves the previous file as it was; a target that is one of the
    inputs is refused.
    """
    resolved = target.resolve()
    for source in inputs:
        if source.exists() and resolved == source.resolve():
            raise usage_error(str(target), "O001", Msg("O001.output_is_input"), Msg("hint.other_output"))
    if target.is_dir():
        raise usage_error(str(target), "O002", Msg("O002.output_is_folder"), Msg("hint.output_file"))
    parent = resolved.parent
    if not parent.is_dir():
        raise usage_error(str(target), "O002", Msg("O002.no_output_folder"), Msg("hint.create_folder", folder=str(parent)))
    data = content.encode("utf-8") if isinstance(content, str) else content
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=parent)
    try:
        os.chmod(tmp, _mode(resolved))
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, resolved)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _mode(target: Path) -> int:
    """Keep the mode of a file being replaced; a new file gets the usual 0666 less the umask."""
    if target.exists():
        return target.stat().st_mode & 0o777
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask
