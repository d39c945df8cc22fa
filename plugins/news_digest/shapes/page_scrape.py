"""Shape B, a page scrape in plain text.

lead                      (optional)
title
Author | dd/mm/yyyy, HH:MM   (author optional; the byline itself may be missing)
lead again
body, with bare image file names followed by caption lines
trailing boilerplate: related links, comment counter, navigation, POWERED BY …, title again
"""

from __future__ import annotations

import re

from ..dates import looks_like_date
from ..model import RawFields
from .common import MAX_TITLE_CHARS, Trailer, fold, lines_to_html, non_blank

BYLINE_PATTERN = re.compile(r"^(?:(?P<author>[^|｜]{1,120}?)\s*[|｜]\s*)?(?P<date>[^|｜]{4,80})$")
# "Date: …" and the like: plain text's date line, not a scrape's byline.
LABELLED_DATE_PATTERN = re.compile(r"^\s*[^\W\d_]{1,12}\s*[:：]\s*\d")
# The byline is one of the first few non-blank lines: after the title, which may follow a lead.
BYLINE_SEARCH_LINES = 4


def find_byline(lines: list[str], indices: list[int]) -> tuple[int, str | None, str] | None:
    """(position among non-blank lines, author, date text) of the byline, if there is one."""
    for position, index in enumerate(indices[:BYLINE_SEARCH_LINES]):
        if position == 0:
            continue
        match = BYLINE_PATTERN.match(lines[index].strip())
        if match and not match.group("author") and LABELLED_DATE_PATTERN.match(match.group("date")):
            continue
        if match and looks_like_date(match.group("date"), strict=not match.group("author")):
            author = (match.group("author") or "").strip() or None
            return position, author, match.group("date").strip()
    return None


def find_title_repeat(lines: list[str], indices: list[int]) -> int | None:
    """Position (0 or 1) of the title when the scrape repeats it as its last line."""
    if len(indices) < 3:
        return None
    last = fold(lines[indices[-1]])
    for position in (0, 1):
        if fold(lines[indices[position]]) == last:
            return position
    return None


def matches(text: str) -> bool:
    lines = text.split("\n")
    indices = non_blank(lines)
    if not indices or len(lines[indices[0]]) > 4 * MAX_TITLE_CHARS:
        return False
    return find_byline(lines, indices) is not None or find_title_repeat(lines, indices) is not None


def cut_trailer(lines: list[str], title: str, trailer: Trailer) -> list[str]:
    """Drop the scrape's trailing boilerplate; the body keeps everything before it."""
    lines = list(lines)
    while lines and not lines[-1].strip():
        lines.pop()
    if lines and fold(lines[-1]) == fold(title):
        lines.pop()
    # The first line that opens a related-articles block ends the article.
    for index, line in enumerate(lines):
        if index > 0 and trailer.is_start(line):
            return lines[:index]
    # Otherwise the tail made only of trailer lines and navigation words goes.
    end = len(lines)
    saw_trailer_line = False
    while end > 0:
        line = lines[end - 1]
        if not line.strip():
            end -= 1
        elif trailer.is_trailer_line(line):
            saw_trailer_line = True
            end -= 1
        elif trailer.is_navigation(line):
            end -= 1
        else:
            break
    return lines[:end] if saw_trailer_line else lines


def parse(text: str, trailer: Trailer) -> RawFields:
    lines = text.split("\n")
    indices = non_blank(lines)
    byline = find_byline(lines, indices)
    author = date_text = None
    if byline:
        position, author, date_text = byline
        title_position = position - 1
        body_start = indices[position] + 1
    else:
        title_position = find_title_repeat(lines, indices)
        body_start = indices[title_position] + 1
    title = lines[indices[title_position]].strip()
    lead = lines[indices[0]].strip() if title_position >= 1 else None
    body_lines = cut_trailer(lines[body_start:], title, trailer)
    first = non_blank(body_lines)
    if lead and not (first and fold(body_lines[first[0]]) == fold(lead)):
        body_lines = [lead, "", *body_lines]  # the lead belongs to the body, once
    warnings = () if byline else ("no byline with a date",)
    return RawFields(
        shape="B",
        title=title,
        body_html=lines_to_html(body_lines),
        date_text=date_text,
        author=author,
        lead=lead,
        warnings=warnings,
    )
