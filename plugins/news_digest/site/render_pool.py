"""Pages rendered on every core: a batch of render jobs shared between this process and forked children.

Rendering a page is pure Python (Jinja), so threads would take turns; forked processes each render a
share of the batch with the whole build (context, templates, articles) inherited as it stands, and
write their files themselves. Nothing but a traceback comes back: the caller knows which files the
jobs write. Job i goes to process i mod n, so neighbouring jobs (pages of one list, say) are spread
evenly. Objects that exist at the fork are frozen out of the garbage collector first, so that a
child's collections do not touch, and so copy, the memory it shares with this process.
"""

from __future__ import annotations

import contextlib
import gc
import os
import signal
import traceback
from collections.abc import Callable, Sequence

# Fewer jobs than this are rendered here: a fork costs more than it saves.
MIN_PARALLEL_JOBS = 32


class RenderFailed(RuntimeError):
    """A job failed in a child process; the message holds the child's traceback."""


def can_fork() -> bool:
    return hasattr(os, "fork")


def run_jobs(jobs: Sequence[Callable[[], None]], processes: int) -> None:
    """Run every job once, across `processes` processes (this one included); raise as a job did."""
    if processes < 2 or len(jobs) < MIN_PARALLEL_JOBS or not can_fork():
        for job in jobs:
            job()
        return
    gc.freeze()
    children: list[tuple[int, int]] = []
    try:
        for share in range(1, min(processes, len(jobs))):
            children.append(fork_child(jobs[share::processes]))
    finally:
        gc.unfreeze()
    failure: BaseException | None = None
    try:
        for job in jobs[0::processes]:
            job()
    except BaseException as error:  # stop the children too, then raise it
        failure = error
        for pid, _ in children:
            kill_quietly(pid)
    messages = [collect(pid, read_end) for pid, read_end in children]
    if failure is not None:
        raise failure
    for message in messages:
        if message:
            raise RenderFailed(message)


def fork_child(jobs: Sequence[Callable[[], None]]) -> tuple[int, int]:
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid:
        os.close(write_end)
        return pid, read_end
    # The child: run its share, report a traceback if one was raised, and leave without running
    # the parent's exit handlers or flushing its buffers.
    os.close(read_end)
    status = 0
    report = b""
    try:
        for job in jobs:
            job()
    except BaseException:
        status = 1
        report = traceback.format_exc().encode("utf-8", "replace") or b"failed"
    try:
        view = memoryview(report)
        while view:
            view = view[os.write(write_end, view) :]
    finally:
        os._exit(status)


def collect(pid: int, read_end: int) -> str:
    """The child's report (empty when it succeeded), once it has exited."""
    chunks = []
    with os.fdopen(read_end, "rb") as pipe:
        while chunk := pipe.read(65536):
            chunks.append(chunk)
    _, status = os.waitpid(pid, 0)
    report = b"".join(chunks).decode("utf-8", "replace")
    if os.waitstatus_to_exitcode(status) != 0 and not report:
        report = f"a rendering process ended with status {os.waitstatus_to_exitcode(status)}"
    return report


def kill_quietly(pid: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGTERM)
