"""Plain text that is neither shape: a title line, a date within the next few lines, then text."""

from __future__ import annotations

import re

from ..dates import looks_like_date
from ..model import RawFields
from .common import MAX_TITLE_CHARS, lines_to_html, non_blank

# "Date: …", "Published: …", "日期：…" before the date itself.
DATE_LABEL_PATTERN = re.compile(r"^\s*[^\W\d_]{1,12}\s*[:：]\s*")
DATE_SEARCH_LINES = 3


def _date_line(lines: list[str], indices: list[int]) -> tuple[int, str] | None:
    for position in range(1, min(len(indices), DATE_SEARCH_LINES + 1)):
        line = lines[indices[position]].strip()
        for candidate in (line, DATE_LABEL_PATTERN.sub("", line)):
            if looks_like_date(candidate):
                return position, candidate
    return None


def matches(text: str) -> bool:
    """A short first line with a date below it; a longer one only with the date right under it."""
    lines = text.split("\n")
    indices = non_blank(lines)
    if len(indices) < 2:
        return False
    date_line = _date_line(lines, indices)
    return date_line is not None and (len(lines[indices[0]].strip()) <= MAX_TITLE_CHARS or date_line[0] == 1)


def parse(text: str, trailer=None) -> RawFields:
    lines = text.split("\n")
    indices = non_blank(lines)
    position, date_text = _date_line(lines, indices)
    return RawFields(
        shape="plain",
        title=lines[indices[0]].strip(),
        body_html=lines_to_html(lines[indices[0] + 1 : indices[position]] + lines[indices[position] + 1 :]),
        date_text=date_text,
    )
