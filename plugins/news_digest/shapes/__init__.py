"""Raw-file shapes, recognised by content. Each module offers `matches(text)` and `parse(...)`.

The first shape whose `matches` is true parses the file; the order runs from the most specific
signature to the loosest.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..errors import RejectedFile
from ..model import RawFields
from . import comment_header, feed_dump, html_page, jekyll_post, page_scrape, plain, url_date_title


@dataclass(frozen=True)
class Shape:
    name: str
    matches: Callable[[str], bool]
    parse: Callable[..., RawFields]
    takes_trailer: bool = False  # whether `matches` also looks at the trailing boilerplate


SHAPES = (
    Shape("A", feed_dump.matches, feed_dump.parse),
    Shape("jekyll", jekyll_post.matches, jekyll_post.parse),
    Shape("comment-header", comment_header.matches, comment_header.parse),
    Shape("url-date-title", url_date_title.matches, url_date_title.parse),
    Shape("html", html_page.matches, html_page.parse),
    Shape("B", page_scrape.matches, page_scrape.parse, takes_trailer=True),
    Shape("plain", plain.matches, plain.parse),
)


def detect_shape(text: str, trailer=None) -> Shape | None:
    for shape in SHAPES:
        if shape.matches(text, trailer) if shape.takes_trailer else shape.matches(text):
            return shape
    return None


def parse_raw(path: str, text: str, trailer) -> RawFields:
    """Parse a decoded file with the first shape that recognises it, or reject it."""
    shape = detect_shape(text, trailer)
    if shape is None:
        raise RejectedFile(path, "neither a feed dump nor a page scrape, and no title line followed by a date")
    return shape.parse(text, trailer)
