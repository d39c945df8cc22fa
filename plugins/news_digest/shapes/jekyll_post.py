"""A Jekyll post holding a feed item: YAML front matter (`title`, `date`), then the item's body.

The body is a feed dump's HTML or plain paragraphs. A date element in the body is the publication
time; without one the front matter's `date` is.
"""

from __future__ import annotations

import re
from datetime import date

import yaml

from .. import yaml_data
from ..model import RawFields
from .common import lines_to_html
from .feed_dump import find_header

FRONT_MATTER_PATTERN = re.compile(r"\A---[ \t]*\n(?P<yaml>.*?)\n---[ \t]*\n(?P<body>.*)\Z", re.S)
URL_KEYS = ("url", "link", "original_url", "source_url", "canonical_url", "permalink")
AUTHOR_KEYS = ("author", "authors", "byline")
# What a title, a date, a link or a name can be. A mapping or a nested list is none of them, and
# turning one into text could take hours (a "billion laughs" of YAML aliases).
SCALAR_TYPES = (str, int, float, date)
# A list longer than this is not a list of authors.
MAX_LIST_ITEMS = 20


def scalar_text(value, allow_list: bool = False) -> str | None:
    """A front-matter value as text when it is a scalar (or, if allowed, a short list of them)."""
    if isinstance(value, list) and allow_list and 0 < len(value) <= MAX_LIST_ITEMS:
        items = [scalar_text(item) for item in value]
        return ", ".join(items) if all(items) else None
    if isinstance(value, bool) or not isinstance(value, SCALAR_TYPES):
        return None
    return str(value).strip() or None


def front_matter(text: str) -> tuple[dict, str] | None:
    match = FRONT_MATTER_PATTERN.match(text)
    if not match:
        return None
    try:
        data = yaml_data.safe_load(match.group("yaml"))
    except (yaml.YAMLError, RecursionError):  # nesting deeper than Python's stack
        return None
    if not isinstance(data, dict):
        return None
    return data, match.group("body")


def matches(text: str) -> bool:
    return front_matter(text) is not None


def first_value(data: dict, keys: tuple[str, ...]) -> str | None:
    for key in keys:
        value = scalar_text(data.get(key), allow_list=True)
        if value:
            return value
    return None


def parse(text: str, trailer=None) -> RawFields:
    data, body = front_matter(text)
    body = body.strip()
    is_html = body.startswith("<")
    header = find_header(body) if is_html else None
    date_text, date_is_iso = (header.date_text, header.date_is_iso) if header else (None, False)
    if date_text is None and scalar_text(data.get("date")):
        date_text, date_is_iso = scalar_text(data["date"]), True
    url = first_value(data, URL_KEYS)
    return RawFields(
        shape="jekyll",
        title=scalar_text(data.get("title")) or "",  # none that is text: rejected as untitled
        body_html=body if is_html else lines_to_html(body.split("\n")),
        url=url if url and url.startswith(("http://", "https://")) else None,
        date_text=date_text,
        date_is_iso=date_is_iso,
        author=first_value(data, AUTHOR_KEYS) or (header.author if header else None),
        header_text=header.text if header else None,
    )
