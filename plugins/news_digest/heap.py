"""The garbage collector during a build, which holds what it reads until it ends.

CPython's collector goes through every object it tracks each time the heap has grown by a quarter
since the last full collection. A build adds tens of thousands of articles, their metadata, digests
and page contexts, nearly all of which live until the build ends, so those full collections find
little and cost more each time: 4.9 s of a 38 s Pelican run over 20,000 cached articles. While a
build runs, what survives a full collection is frozen (gc.freeze): later collections go through
what was made since, 1.8 s in all on the same run. When the build ends, everything is handed back
to the collector (gc.unfreeze), so that a process running several builds frees each one's objects.
Objects that exist when rendering forks its children are frozen too (frozen_for_fork), so that a
child's collections do not touch, and so copy, the memory it shares with the build.

Freezing has a side: the collector counts as long-lived only what its last full collection kept,
which, once the rest is frozen, is what came since; a full collection comes when a quarter as much
again has, so they come ever more often. An edit's rebuild at 20,000 articles made 20 of them, 0.8 s
of its main process. While a build runs, a full collection is only considered after a thousand
collections of the middle generation instead of ten (FULL_COLLECTION_THRESHOLD). Those come with
allocation, so at a hundred their count grew with the archive, and each went through more: an edit's
rebuild made 2 full collections at 20,000 articles (0.19 s) and 6 at 50,000 (1.23-1.27 s, the longest
0.54 s). At a thousand, the one at 50,000 made 2, 0.03 s in all, and took 27.4-28.2 s against
29.3-30.7 s, its peak memory (PSS) 1,904-1,915 MB against 1,926-2,086 MB; a cold build at 20,000
made one either way, its peak 1,312 MB against 1,316 MB.
"""

from __future__ import annotations

import contextlib
import functools
import gc
from collections.abc import Callable, Iterator

OLDEST_GENERATION = 2
# Collections of the middle generation before a full one is considered, while a build runs (CPython's default: 10).
FULL_COLLECTION_THRESHOLD = 1000
RUNS: list[Callable] = []  # builds under way in this process that keep long-lived objects frozen


def freeze_survivors(phase: str, info: dict) -> None:
    """gc callback: after a full collection, what it kept is taken out of later ones."""
    if phase == "stop" and info.get("generation") == OLDEST_GENERATION:
        gc.freeze()


def keeping() -> bool:
    return bool(RUNS)


def keeping_long_lived(run: Callable) -> Callable:
    """run() with long-lived objects frozen while it runs, handed back to the collector after it."""

    @functools.wraps(run)
    def kept(*args, **kwargs):
        RUNS.append(run)
        thresholds = gc.get_threshold()
        if freeze_survivors not in gc.callbacks:
            gc.callbacks.append(freeze_survivors)
        gc.set_threshold(*thresholds[:2], max(thresholds[2], FULL_COLLECTION_THRESHOLD))
        try:
            return run(*args, **kwargs)
        finally:
            RUNS.remove(run)
            gc.set_threshold(*thresholds)
            if not RUNS:
                with contextlib.suppress(ValueError):
                    gc.callbacks.remove(freeze_survivors)
                gc.unfreeze()

    return kept


@contextlib.contextmanager
def frozen_for_fork() -> Iterator[None]:
    """Every object that exists now frozen while the block forks; afterwards released again, unless
    a build is keeping long-lived objects frozen."""
    gc.freeze()
    try:
        yield
    finally:
        if not keeping():
            gc.unfreeze()
