"""A Pelican plugin for tests: on content_written, it adds a comment to the end of each page marked for
the search index, as a plugin that rewrites pages once written would; slowly, so that a step that
reads the pages before the signals are sent would find them unmarked."""

from __future__ import annotations

import time
from pathlib import Path

from pelican import signals

MARK = b"<!-- marked when written -->\n"
# How long the first mark waits.
FIRST_MARK_DELAY_SECONDS = 1.0
marked = []


def mark(path, context=None) -> None:
    page = Path(path)
    if page.suffix == ".html" and b"data-pagefind-body" in page.read_bytes():
        if not marked:
            time.sleep(FIRST_MARK_DELAY_SECONDS)
        marked.append(page)
        with page.open("ab") as handle:
            handle.write(MARK)


def register():
    signals.content_written.connect(mark)
