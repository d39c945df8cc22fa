"""The output's folders made ahead of the writer, on another core.

tools/build.py writes each build into a fresh folder, where a page kept from the previous build is
one link (incremental.py), but only once its folder is there. Every article has a folder of its
own: at 20,000 articles a rebuild makes some 27,000 folders, about 3 s of the file system's time,
more than all the links. Which folders it needs is known before a file is read: those of the
previous build's pages and feeds, in its page manifest. So when the build starts reading
(Pelican's article_generator_preread), a forked child makes them in the new output folder while
this process reads and groups the articles. A folder that ends up empty (a page gone since the last
build) is removed when the writer finishes, so the output is the tree a build from nothing writes.
Where tools/build.py starts the build from the folders of the site it last replaced (make_staging),
most are there already, and the child only finds them made.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import posixpath
from collections.abc import Iterable

from . import render_pool

logger = logging.getLogger(__name__)


class Ahead:
    """A child making, under output, the folders of the files the page manifest lists."""

    def __init__(self, output: str, manifest_path: str):
        self.output = output
        self.manifest_path = manifest_path
        self.batch: render_pool.Batch | None = None

    def start(self) -> None:
        self.batch = render_pool.Batch([render_pool.fork_child([self.make])])

    def make(self) -> None:
        make_folders(self.output, folders_of(manifest_names(self.manifest_path)))

    def wait(self) -> None:
        """Once the child has exited; a child that failed only leaves folders for the writer to make."""
        if self.batch is None:
            return
        batch, self.batch = self.batch, None
        try:
            batch.wait()
        except render_pool.RenderFailed as failure:
            logger.debug("news_digest: making the output's folders ahead failed: %s", failure)


# The child under way for each output folder whose build has not finished writing.
UNDER_WAY: dict[str, Ahead] = {}


def manifest_names(path: str) -> list[str]:
    """The files a page manifest lists (incremental.PageStore's), relative to the output."""
    try:
        with open(path, encoding="utf-8") as handle:
            files = json.load(handle).get("files", {})
    except (OSError, ValueError, AttributeError):
        return []
    return list(files) if isinstance(files, dict) else []


def folders_of(names: Iterable[str]) -> set[str]:
    """Every folder holding one of names, with the folders above it (relative, "/"-separated; the
    output itself left out)."""
    found: set[str] = set()
    for name in names:
        folder = posixpath.dirname(name.replace(os.sep, "/"))
        while folder and folder not in found:
            found.add(folder)
            folder = posixpath.dirname(folder)
    return found


def holds_files(folder: str) -> bool:
    return any(names for _, _, names in os.walk(folder))


def make_folders(output: str, folders: Iterable[str]) -> None:
    """Each folder under output, parents first (a parent sorts before the folders in it), one system
    call each; one that cannot be made is left to the writer."""
    for folder in sorted(folders):
        with contextlib.suppress(OSError):
            os.mkdir(os.path.join(output, folder))


def start(output: str, manifest_path: str | None, previous_output: str) -> None:
    """Make the folders of the previous build's pages in output, in a forked child, when the build
    writes into a folder of its own (not over the previous output) and the last build left a manifest.
    Once per build: Pelican sends the signal that calls this before each file it reads."""
    if output in UNDER_WAY:
        return
    if not manifest_path or not os.path.isfile(manifest_path) or not render_pool.can_fork():
        return
    if os.path.realpath(output) == os.path.realpath(previous_output):
        return  # written in place: the folders are there
    ahead = Ahead(output, manifest_path)
    ahead.start()
    UNDER_WAY[output] = ahead


def finish(output: str, previous: Iterable[str] = (), current: Iterable[str] = ()) -> None:
    """Once the writer is done: the child reaped, and the folders made for previous's files that hold
    nothing now removed, deepest first (a folder something else wrote into is not empty, and stays)."""
    ahead = UNDER_WAY.pop(output, None)
    if ahead is None:
        return
    ahead.wait()
    unused = folders_of(previous) - folders_of(current)
    for folder in sorted(unused, key=lambda name: name.count("/"), reverse=True):
        with contextlib.suppress(OSError):
            os.rmdir(os.path.join(output, folder))


def finish_all(_pelican=None) -> None:
    """Pelican's finalized: a child still under way (a build whose writer was not ours) reaped, and
    the folders it made that hold nothing removed."""
    for output, ahead in list(UNDER_WAY.items()):
        finish(output, manifest_names(ahead.manifest_path))
