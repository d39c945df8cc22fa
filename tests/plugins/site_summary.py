"""A pytest plugin: what the site checks measured (Lighthouse scores, pages crawled, …), printed at the end.

A test module loads it with `pytest_plugins = ["tests.plugins.site_summary"]` and adds lines through the
`site_summary` fixture; they appear in a "site checks" section of every run's summary, `-s` or not.
"""

from __future__ import annotations

import pytest

SUMMARY = pytest.StashKey[list[str]]()


@pytest.fixture(scope="session")
def site_summary(request) -> list[str]:
    return request.config.stash.setdefault(SUMMARY, [])


def pytest_terminal_summary(terminalreporter, config):
    lines = config.stash.get(SUMMARY, [])
    if lines:
        terminalreporter.write_sep("-", "site checks")
        for line in lines:
            terminalreporter.write_line(line)
