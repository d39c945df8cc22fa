"""Plain text whose first lines are the article's URL, its date and its title, then the body.

(The layout of the livedoor news corpus and of many scraper dumps.)
"""

from __future__ import annotations

import re

from ..dates import looks_like_date
from ..model import RawFields
from .common import lines_to_html

URL_LINE_PATTERN = re.compile(r"^\s*https?://\S+\s*$")


def matches(text: str) -> bool:
    lines = text.split("\n", 3)
    return (
        len(lines) >= 4
        and bool(URL_LINE_PATTERN.match(lines[0]))
        and looks_like_date(lines[1].strip())
        and bool(lines[2].strip())
    )


def parse(text: str, trailer=None) -> RawFields:
    url, date_text, title, body = text.split("\n", 3)
    return RawFields(
        shape="url-date-title",
        title=title.strip(),
        url=url.strip(),
        date_text=date_text.strip(),
        body_html=lines_to_html(body.split("\n")),
    )
