"""The garbage collector around bulk work: paused while many acyclic objects are built,
and a long-lived heap (a compiled playbook) moved out of its sight for a batch."""
from __future__ import annotations

import gc
from contextlib import contextmanager
from typing import Iterator


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while building many objects that form no cycles.

    Millions of new containers trigger collection after collection, each scanning all of
    them: loading 100,000 tasks took seven times longer with the collector running.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@contextmanager
def heap_frozen() -> Iterator[None]:
    """Move what exists now (the compiled playbook) out of the collector's sight for the block.

    Each profile of a batch makes thousands of short-lived objects, and every collection
    would walk the whole playbook again. The heap is unfrozen afterwards, so a library
    caller's objects are collected as usual once the batch is over.
    """
    gc.collect()
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()
