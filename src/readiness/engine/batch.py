"""Running one function over many files, in worker processes, results in input order."""
from __future__ import annotations

import gc
import os
import pickle
from collections import deque
from itertools import islice
from pathlib import Path
from typing import Any, Callable, Iterator

from ..errors import ERROR, Diagnostic, ReadinessError
from ..load.profile import check_profile
from ..model import Playbook
from ..runtime import heap_frozen

_STATE: dict[str, Any] = {}


def _init_worker(payload: bytes) -> None:
    """Unpickle the compiled playbook(s) once per worker and keep them out of the garbage
    collector's sight for the worker's life (see :func:`readiness.runtime.heap_frozen`)."""
    _STATE["context"] = pickle.loads(payload)
    gc.collect()
    gc.freeze()


def _work_chunk(job: tuple[Callable[[Path, Any], dict[str, Any]], list[Path]]) -> list[dict[str, Any]]:
    fn, paths = job
    return [fn(p, _STATE["context"]) for p in paths]


def run_batch(paths: list[Path], fn: Callable[[Path, Any], dict[str, Any]], context: Any, jobs: int,
              on_progress: Callable[[int], None] | None = None) -> Iterator[dict[str, Any]]:
    """``fn(path, context)`` for every path, yielded in the order of ``paths`` (so outputs do not
    depend on ``jobs``). At most a few chunks are in flight: memory stays bounded."""
    if jobs <= 1 or len(paths) < 2:
        with heap_frozen():
            for path in paths:
                yield fn(path, context)
                if on_progress:
                    on_progress(1)
        return
    from concurrent.futures import ProcessPoolExecutor  # lazy: about 60 ms, and one process needs no pool

    size = max(1, min(64, len(paths) // (jobs * 8) or 1))
    chunks = (paths[i:i + size] for i in range(0, len(paths), size))
    with ProcessPoolExecutor(max_workers=jobs, initializer=_init_worker,
                             initargs=(pickle.dumps(context, protocol=pickle.HIGHEST_PROTOCOL),)) as pool:
        pending = deque(pool.submit(_work_chunk, (fn, c)) for c in islice(chunks, jobs * 4))
        while pending:
            done = pending.popleft().result()
            nxt = next(chunks, None)
            if nxt is not None:
                pending.append(pool.submit(_work_chunk, (fn, nxt)))
            yield from done
            if on_progress:
                on_progress(len(done))


def default_jobs() -> int:
    return os.cpu_count() or 1


def checked_profile(path: Path, playbook: Playbook) -> tuple[Any, list[Diagnostic]]:
    """A profile and its errors, also for a file that cannot be read at all: in a batch every
    failure is a finding of its file, never a stop."""
    try:
        profile, findings = check_profile(path, playbook)
    except ReadinessError as exc:
        return None, list(exc.diagnostics)
    return profile, [d for d in findings if d.severity == ERROR]


