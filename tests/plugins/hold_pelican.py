"""A Pelican plugin for tests: when Pelican has written everything, it waits for a file to appear.

The file is HOLD_PELICAN_UNTIL (an environment variable): a step started alongside Pelican makes
it, so the step is known to have started while Pelican still ran. With HOLD_PELICAN_FAIL set, the
build then fails.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from pelican import signals

# A bound on a hang, not a measurement.
HOLD_DEADLINE_SECONDS = 300


class HeldBuildFailed(RuntimeError):
    pass


def hold(_pelican) -> None:
    until = Path(os.environ["HOLD_PELICAN_UNTIL"])
    deadline = time.monotonic() + HOLD_DEADLINE_SECONDS
    while not until.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    if os.environ.get("HOLD_PELICAN_FAIL"):
        raise HeldBuildFailed("failing on purpose, after the articles were written")


def register():
    signals.finalized.connect(hold)
