"""Kept pages put in place by a helper process while the writer goes on working out keys.

A page or feed whose key and file match the previous build's is not rendered: the previous output's
file is linked into the new output folder (incremental.py). That is two system calls a page (a stat,
to check that the file is the one the previous build wrote, and the link), and at 20,000 articles
some 27,000 pages are kept on a rebuild: 0.8 to 3.7 s of the build's main process in edit rebuilds
timed here, depending on how busy the disk was. Meanwhile the other core is idle: an edit renders
next to nothing.

So, with more than one process allowed, the writer hands the kept files to a helper process
(link_helper.py), in batches of LINK_BATCH, and goes on to the next page. The helper checks and
links each file as the main process would (link_helper.place), and answers each batch with the files
it could not link: copied (another file system), or not placed at all (the previous file changed or
is gone). A page not placed is rendered instead, from the context its key was worked out from, so
the output is the same either way. The writer reads a batch's answer once MAX_UNANSWERED later
batches are sent (so that few pages' contexts wait for it), and every answer before it renders a
batch, records a file or sends a signal (KeptFiles.settle): a page kept, then written again (an
override), is linked before it is rendered over. Fewer kept pages than a batch between two of those
points are placed by the main process itself, so a small site starts no helper. When the helper
fails, every page it has not answered for is rendered, and the main process places the rest.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import subprocess
import sys
from collections import deque
from collections.abc import Callable

from . import link_helper, render_pool
from .link_helper import LINKED, place, read_frame, write_frame

# Kept files sent to the helper at once, and batches sent before the writer waits for the oldest
# one's answer: enough to keep the helper busy, few enough that the pages' contexts held for a
# fallback take little memory (some 20 KB each).
LINK_BATCH = 256
MAX_UNANSWERED = 2


def start_helper() -> subprocess.Popen:
    """The helper (link_helper.py run as a script): a process of its own, not a fork of the build."""
    return subprocess.Popen(
        [sys.executable, "-I", "-S", link_helper.__file__],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        close_fds=True,
    )


class Kept:
    """A kept page on its way: where its file comes from and goes, what the previous build recorded
    of it, and what to do with the outcome."""

    __slots__ = ("done", "identity", "source", "target")

    def __init__(self, source: str, target: str, identity: list, done: Callable[[object], None]):
        self.source, self.target, self.identity, self.done = source, target, identity, done


class KeptFiles:
    """Kept files placed by a helper process (or, for a few, by this one); see the module's text."""

    def __init__(self, helper_allowed: bool):
        self.helper_allowed = helper_allowed
        self.helper: subprocess.Popen | None = None
        self.waiting: list[Kept] = []  # not yet sent
        self.unanswered: deque[list[Kept]] = deque()  # sent, in order

    def add(self, kept: Kept) -> None:
        if not self.helper_allowed:
            self.place_here([kept])
            return
        self.waiting.append(kept)
        if len(self.waiting) >= LINK_BATCH:
            self.send()

    def send(self) -> None:
        batch, self.waiting = self.waiting, []
        try:
            if self.helper is None:
                self.helper = start_helper()
                render_pool.UNDER_WAY.append(self)  # stopped with the render batches if the build fails
            write_frame(self.helper.stdin.fileno(), pickle.dumps([(k.source, k.target, k.identity) for k in batch]))
        except (OSError, subprocess.SubprocessError):
            self.give_up()
            self.place_here(batch)
            return
        self.unanswered.append(batch)
        while len(self.unanswered) > MAX_UNANSWERED:
            self.answer()

    def answer(self) -> None:
        """The oldest batch sent: its answer read, every page in it told its outcome."""
        batch = self.unanswered.popleft()
        try:
            outcomes = dict(pickle.loads(read_frame(self.helper.stdout.fileno())))
        except (OSError, EOFError, pickle.UnpicklingError, TypeError, ValueError):
            self.unanswered.appendleft(batch)
            self.give_up()
            return
        for position, kept in enumerate(batch):
            kept.done(outcomes.get(position, LINKED))

    def settle(self) -> None:
        """Every page added so far placed (or known not to be), and told so."""
        while self.unanswered:
            self.answer()
        if self.waiting:
            self.place_here(self.waiting)
            self.waiting = []

    @staticmethod
    def place_here(batch: list[Kept]) -> None:
        for kept in batch:
            kept.done(place(kept.source, kept.target, kept.identity))

    def give_up(self) -> None:
        """The helper failed: the pages it did not answer for are not placed (they are rendered,
        over no link it may have made: a page is written into a new file, never into the previous
        build's), and from now on this process places kept files itself."""
        self.helper_allowed = False
        self.stop()
        while self.unanswered:
            for kept in self.unanswered.popleft():
                with contextlib.suppress(OSError):
                    os.unlink(kept.target)
                kept.done(None)

    def stop(self, *, ended: bool = False) -> None:
        """The helper ended (`ended`: it was asked to, having answered everything) or stopped now, and
        reaped: a failing build may remove the output folder right after, and no child must write
        into it then."""
        helper, self.helper = self.helper, None
        with contextlib.suppress(ValueError):
            render_pool.UNDER_WAY.remove(self)
        if helper is None:
            return
        if ended:
            with contextlib.suppress(OSError):
                write_frame(helper.stdin.fileno(), b"")
        else:
            helper.kill()
        for pipe in (helper.stdin, helper.stdout):
            with contextlib.suppress(OSError):
                pipe.close()
        helper.wait()

    def finish(self) -> None:
        self.settle()
        self.stop(ended=self.helper is not None)
