"""Running one function over many files, in worker processes, results in input order."""
from __future__ import annotations

import ctypes
import gc
import os
import pickle
import signal
import sys
from collections import deque
from itertools import islice
from pathlib import Path
from typing import Any, Callable, Iterator, Protocol

from ..errors import ERROR, Diagnostic, ReadinessError
from ..load.profile import check_profile
from ..model import Playbook
from ..runtime import heap_frozen

_STATE: dict[str, Any] = {}


def _init_worker(payload: bytes, parent: int) -> None:
    """Tie the worker's life to its parent's, then unpickle the compiled playbook(s) once per
    worker and keep them out of the garbage collector's sight for the worker's life (see
    :func:`readiness.runtime.heap_frozen`)."""
    _die_with_parent(parent)
    _STATE["context"] = pickle.loads(payload)
    gc.collect()
    gc.freeze()


PR_SET_PDEATHSIG = 1  # linux/prctl.h


def _die_with_parent(parent: int) -> None:
    """A worker never outlives its parent: killed with it (Linux: the kernel sends SIGKILL when
    the parent dies, even by SIGKILL), and leaves SIGINT and SIGTERM to it. Ctrl-C reaches the
    whole process group: the parent handles it and ends the pool."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if sys.platform.startswith("linux"):
        try:
            ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):  # pragma: no cover - no libc prctl: the parent's terminate() is left
            pass
    if os.getppid() != parent:  # the parent died before prctl took hold
        os._exit(1)


class Paths(Protocol):
    """What a batch reads its paths from: a list, or a compact :class:`~readiness.io.files.FileList`."""

    def __len__(self) -> int: ...

    def __iter__(self) -> Iterator[Path | str]: ...


def _work_chunk(job: tuple[Callable[[Path | str, Any], dict[str, Any]], list[Path | str]]) -> list[dict[str, Any]]:
    fn, paths = job
    return [fn(p, _STATE["context"]) for p in paths]


def run_batch(paths: Paths, fn: Callable[[Path | str, Any], dict[str, Any]], context: Any, jobs: int,
              on_progress: Callable[[int], None] | None = None) -> Iterator[dict[str, Any]]:
    """``fn(path, context)`` for every path, yielded in the order of ``paths`` (so outputs do not
    depend on ``jobs``). ``paths`` is read once, in order, as the work goes; at most a few
    chunks are in flight: memory stays bounded. Never more workers than :func:`max_jobs` nor
    than paths: ``--jobs 100000`` on a shared machine is not a fork storm."""
    jobs = min(jobs, max_jobs(), len(paths))
    if jobs <= 1 or len(paths) < 2:
        with heap_frozen():
            for path in paths:
                yield fn(path, context)
                if on_progress:
                    on_progress(1)
        return
    from concurrent.futures import ProcessPoolExecutor  # lazy: about 60 ms, and one process needs no pool

    size = max(1, min(64, len(paths) // (jobs * 8) or 1))
    remaining = iter(paths)
    chunks = iter(lambda: list(islice(remaining, size)), [])
    pool = ProcessPoolExecutor(max_workers=jobs, initializer=_init_worker,
                               initargs=(pickle.dumps(context, protocol=pickle.HIGHEST_PROTOCOL), os.getpid()))
    try:
        pending = deque(pool.submit(_work_chunk, (fn, c)) for c in islice(chunks, jobs * 4))
        while pending:
            done = pending.popleft().result()
            nxt = next(chunks, None)
            if nxt is not None:
                pending.append(pool.submit(_work_chunk, (fn, nxt)))
            yield from done
            if on_progress:
                on_progress(len(done))
    except BaseException:  # Ctrl-C, SIGTERM (the CLI raises it), a failed worker, the consumer gone
        _terminate(pool)
        raise
    pool.shutdown(wait=True)


def _terminate(pool: Any) -> None:
    """End the workers now: a pool waiting for its queued chunks would run on for minutes."""
    processes = list(getattr(pool, "_processes", {}).values())  # the executor has no terminate()
    for process in processes:
        if process.is_alive():
            process.terminate()
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        process.join(timeout=5)


def default_jobs() -> int:
    return os.cpu_count() or 1


def max_jobs() -> int:
    """The most worker processes a batch starts: four per CPU (more only wait for a CPU)."""
    return 4 * default_jobs()


def checked_profile(path: Path | str, playbook: Playbook) -> tuple[Any, list[Diagnostic]]:
    """A profile and its errors, also for a file that cannot be read at all: in a batch every
    failure is a finding of its file, never a stop."""
    try:
        profile, findings = check_profile(path, playbook)
    except ReadinessError as exc:
        return None, list(exc.diagnostics)
    return profile, [d for d in findings if d.severity == ERROR]


