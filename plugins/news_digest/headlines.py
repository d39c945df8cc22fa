"""Headlines as matching needs them: without the site name some pages append."""

from __future__ import annotations

import re

SITE_SUFFIX_PATTERN = re.compile(r"\s+[–—\-|｜]\s+[^–—\-|｜]{1,40}$")
# The headline left must keep at least this many characters, or nothing is cut.
MIN_HEADLINE_CHARS = 8


def without_site_suffix(title: str) -> str:
    """'Headline – Site Name - RFI' without what follows the headline's dashes or bars."""
    while True:
        match = SITE_SUFFIX_PATTERN.search(title)
        if not match or match.start() < MIN_HEADLINE_CHARS:
            return title
        title = title[: match.start()]
