"""What the plugin tells tools/build.py while Pelican runs: a line each, on the pipe whose write end
tools/build.py names in NEWS_DIGEST_ARTICLES_WRITTEN_FD (see tools/build.py's docstring).

- ARTICLES_WRITTEN, once, when every article page is on disk (articles_written.py); then the pipe is
  closed. tools/build.py starts its --alongside commands then.
- SITE_KEPT, at most once and before it, once the articles are read and the site steps done, when
  this build made most articles again from the last build's (a day's build, an edit): the time for a
  step that prepares for an incremental build to do so (the search step warms a Pagefind process,
  tools/search_index.py), Pelican going on in one process for a while (describing the archive).
- SITE_REWRITTEN, at most once and before ARTICLES_WRITTEN, when this build makes most of the site
  anew: it parses most raw files anew (a changed plugin or settings, an emptied cache) or renders
  every page (a changed theme, plugin or settings). A step then gives back what it holds for an
  incremental build (the warmed Pagefind process and its memory), Pelican's own memory being at its
  largest.

tools/build.py passes SITE_KEPT and SITE_REWRITTEN on to its --alongside-early commands (PASSED_ON).

Kept free of Pelican's imports: tools/build.py reads the messages from here.
"""

from __future__ import annotations

import contextlib
import os

VARIABLE = "NEWS_DIGEST_ARTICLES_WRITTEN_FD"
ARTICLES_WRITTEN = b"articles written\n"
SITE_REWRITTEN = b"site rewritten\n"
SITE_KEPT = b"site kept\n"
PASSED_ON = frozenset({SITE_KEPT, SITE_REWRITTEN})
# More than this share of the raw files parsed anew: the site is made anew (SITE_REWRITTEN).
REWRITTEN_SHARE = 0.5
# Messages said in this process (each at most once).
SAID: set[bytes] = set()


def say(message: bytes) -> None:
    """Write a line to the pipe, once per message, leaving it open; nothing without the variable."""
    value = os.environ.get(VARIABLE)
    if not value or message in SAID:
        return
    SAID.add(message)
    with contextlib.suppress(ValueError, OSError):
        os.write(int(value), message)


def say_rewritten_when(parsed_anew: int, files: int) -> None:
    """SITE_REWRITTEN when more than REWRITTEN_SHARE of the files are parsed anew."""
    if files and parsed_anew > REWRITTEN_SHARE * files:
        say(SITE_REWRITTEN)


def say_kept() -> None:
    """SITE_KEPT, unless SITE_REWRITTEN was said."""
    if SITE_REWRITTEN not in SAID:
        say(SITE_KEPT)


def tell_written() -> None:
    """ARTICLES_WRITTEN, and the pipe closed; later calls (and a second build in this process) do nothing."""
    value = os.environ.pop(VARIABLE, None)
    if not value:
        return
    with contextlib.suppress(ValueError, OSError):
        descriptor = int(value)
        try:
            os.write(descriptor, ARTICLES_WRITTEN)
        finally:
            os.close(descriptor)
