"""A Pelican plugin for tests: once the articles are written, mark the moment and wait to be killed.

The marker file is PAUSE_BUILD_MARKER (an environment variable); the build then sleeps, half-written.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from pelican import signals

PAUSE_SECONDS = 600


def pause(generator, writer) -> None:
    del writer
    Path(os.environ["PAUSE_BUILD_MARKER"]).write_text(generator.output_path, encoding="utf-8")
    time.sleep(PAUSE_SECONDS)


def register():
    signals.article_writer_finalized.connect(pause)
