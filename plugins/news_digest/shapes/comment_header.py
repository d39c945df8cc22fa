"""Plain text under `# key = value` comment headers (`# url = …`, `# date = …`), then the title
line and the body, often one sentence per line."""

from __future__ import annotations

import re

from ..model import RawFields
from .common import lines_to_html, non_blank

HEADER_LINE_PATTERN = re.compile(r"^#\s*(?P<key>[A-Za-z_][\w-]*)\s*[=:]\s*(?P<value>.*?)\s*$")
URL_KEYS = ("url", "link", "source", "source_url")
DATE_KEYS = ("date", "published", "pubdate", "time", "datetime")
TITLE_KEYS = ("title", "headline")
AUTHOR_KEYS = ("author", "byline")


def headers(lines: list[str]) -> tuple[dict, int]:
    found: dict[str, str] = {}
    index = 0
    for index, line in enumerate(lines):  # noqa: B007
        match = HEADER_LINE_PATTERN.match(line)
        if not match:
            break
        found[match.group("key").lower()] = match.group("value")
    else:
        index = len(lines)
    return found, index


def matches(text: str) -> bool:
    found, _ = headers(text.split("\n", 20))
    return len(found) >= 2 and any(key in found for key in URL_KEYS + DATE_KEYS)


def first(found: dict, keys: tuple[str, ...]) -> str | None:
    return next((found[key] for key in keys if found.get(key)), None)


def parse(text: str, trailer=None) -> RawFields:
    lines = text.split("\n")
    found, start = headers(lines)
    rest = lines[start:]
    title = first(found, TITLE_KEYS)
    if title is None:
        indices = non_blank(rest)
        title = rest[indices[0]].strip() if indices else ""
        rest = rest[indices[0] + 1 :] if indices else []
    return RawFields(
        shape="comment-header",
        title=title,
        url=first(found, URL_KEYS),
        date_text=first(found, DATE_KEYS),
        author=first(found, AUTHOR_KEYS),
        body_html=lines_to_html(rest),
    )
