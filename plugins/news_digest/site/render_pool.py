"""Pages rendered on every core: batches of render jobs run by forked children while the build goes on.

Rendering a page is pure Python (Jinja), so threads would take turns. Instead each batch of jobs is
handed to forked children, which inherit the whole build as it stands (context, templates, articles)
and write their files themselves; meanwhile this process goes on preparing the next batch (working
out which pages changed), and waits for the batch only when the next one is ready (the writer starts
the next one first, so that the cores are kept busy while it records the batch's files), or when
the caller needs every file written. Nothing but a traceback comes back: the caller knows which files
the jobs write. Job i of a batch goes to child i mod n, so neighbouring jobs (pages of one list,
say) are spread evenly. Objects that exist at the fork are frozen out of the garbage collector
first (heap.py), so that a child's collections do not touch, and so copy, the memory it shares with
this process.
"""

from __future__ import annotations

import atexit
import contextlib
import functools
import logging
import os
import pickle
import signal
import traceback
from collections.abc import Callable, Sequence

from .. import heap
from ..cache import UNREADABLE
from ..progress import plain_log_in_child

logger = logging.getLogger(__name__)
# Fewer jobs than this are rendered here: a fork costs more than it saves.
MIN_PARALLEL_JOBS = 32

Job = Callable[[], None]


class RenderFailed(RuntimeError):
    """A job failed in a child process; the message holds the child's traceback."""


def can_fork() -> bool:
    return hasattr(os, "fork")


class Batch:
    """Jobs under way in forked children (or already run here, when too few to fork for)."""

    def __init__(self, children: list[tuple[int, int]]):
        self.children = children
        if children:
            UNDER_WAY.append(self)

    def wait(self) -> None:
        """Once every child has exited: raise as a job did."""
        children, self.children = self.children, []
        messages = [collect(pid, read_end) for pid, read_end in children]
        with contextlib.suppress(ValueError):
            UNDER_WAY.remove(self)
        for message in messages:
            if message:
                raise RenderFailed(message)

    def stop(self) -> None:
        """End the children now (the build is failing) and reap them."""
        children, self.children = self.children, []
        for pid, read_end in children:
            kill_quietly(pid)
            collect(pid, read_end)
        with contextlib.suppress(ValueError):
            UNDER_WAY.remove(self)


# Batches whose children have not been reaped (and kept_files' helper, which stops the same way): a
# build that fails while one renders stops them on exit.
UNDER_WAY: list[Batch] = []


@atexit.register
def stop_batches() -> None:
    while UNDER_WAY:
        UNDER_WAY[-1].stop()


def stopping_batches(run):
    """run (Pelican.run), stopping any batch still rendering when it raises: the output folder may
    be removed right after, and no child must write into it then."""

    @functools.wraps(run)
    def run_and_stop(*args, **kwargs):
        try:
            return run(*args, **kwargs)
        finally:
            stop_batches()

    return run_and_stop


def start(jobs: Sequence[Job], processes: int) -> Batch:
    """Start the jobs across `processes` children; with one process, or few jobs, run them here."""
    if processes < 2 or len(jobs) < MIN_PARALLEL_JOBS or not can_fork():
        for job in jobs:
            job()
        return Batch([])
    children: list[tuple[int, int]] = []
    with heap.frozen_for_fork():
        try:
            for share in range(min(processes, len(jobs))):
                children.append(fork_child(jobs[share::processes]))
        except BaseException:
            Batch(children).stop()
            raise
    return Batch(children)


def run_jobs(jobs: Sequence[Job], processes: int) -> None:
    """Every job run once, across `processes` children, before this returns."""
    batch = start(jobs, processes)
    try:
        batch.wait()
    except BaseException:
        batch.stop()
        raise


def fork_reporting(work: Callable[[], bytes]) -> tuple[int, int]:
    """A forked child that runs work() and writes what it returns to a pipe, or, when it raises, its
    traceback (and exits with status 1): (the child's pid, the pipe's read end)."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid:
        os.close(write_end)
        return pid, read_end
    # The child: leave without running the parent's exit handlers or flushing its buffers.
    os.close(read_end)
    status = 0
    try:
        plain_log_in_child()
        report = work()
    except BaseException:
        status = 1
        report = traceback.format_exc().encode("utf-8", "replace") or b"failed"
    try:
        view = memoryview(report)
        while view:
            view = view[os.write(write_end, view) :]
    finally:
        os._exit(status)


def read_report(pid: int, read_end: int) -> tuple[bytes, int]:
    """What a child of fork_reporting wrote, and its exit code, once it has exited."""
    chunks = []
    with os.fdopen(read_end, "rb") as pipe:
        while chunk := pipe.read(1 << 20):
            chunks.append(chunk)
    _, status = os.waitpid(pid, 0)
    return b"".join(chunks), os.waitstatus_to_exitcode(status)


def fork_pickling(compute: Callable[[], object]) -> tuple[int, int]:
    """fork_reporting for a child whose report is what compute() returns, pickled."""
    return fork_reporting(lambda: pickle.dumps(compute(), protocol=5))


def read_pickled(pid: int, read_end: int, what: str):
    """What a child of fork_pickling computed, once it has exited; None when it failed (its traceback
    logged at debug level, naming `what`) or its report does not unpickle."""
    report, code = read_report(pid, read_end)
    if code != 0:
        logger.debug("news_digest: %s failed in a child: %s", what, report.decode("utf-8", "replace"))
        return None
    try:
        return pickle.loads(report)
    except UNREADABLE:
        return None


def fork_child(jobs: Sequence[Job]) -> tuple[int, int]:
    """A child that runs its share of jobs: it reports nothing, or a traceback."""

    def run_share() -> bytes:
        for job in jobs:
            job()
        return b""

    return fork_reporting(run_share)


def collect(pid: int, read_end: int) -> str:
    """The child's report (empty when it succeeded), once it has exited."""
    report, code = read_report(pid, read_end)
    text = report.decode("utf-8", "replace")
    if code != 0 and not text:
        text = f"a rendering process ended with status {code}"
    return text


def kill_quietly(pid: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGTERM)
