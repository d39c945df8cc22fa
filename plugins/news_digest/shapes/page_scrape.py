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
MAX_NAME_WORDS = 5
NAME_PARTICLES = frozenset(
    {"de", "da", "di", "del", "van", "von", "der", "den", "le", "la", "bin", "al", "el", "y", "e"}
)
UNSPACED_NAME_PATTERN = re.compile(r"[\u3040-\u30ff\u3400-\u9fff·・]{2,6}")
NAME_LIST_SEPARATOR = re.compile(r"\s*(?:,|、|，|;|\band\b|&|\bet\b|\by\b|\bund\b|\bva\b)\s*")
# The trailer is looked for among this many last non-blank lines.
TRAILER_SEARCH_LINES = 12
SENTENCE_END_PATTERN = re.compile(r"[.!?。！？؟][\"'”’»）)]*$")
MAX_AUTHOR_LINE_CHARS = 60
MAX_AUTHOR_LINE_WORDS = 6
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
        if match and not match.group("author"):
            pair = split_name_and_date(match.group("date"))
            if pair:
                return position, pair[0], pair[1]
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


def has_trailer(lines: list[str], indices: list[int], trailer: Trailer) -> bool:
    """A page's closing boilerplate (related heading, comment counter, "POWERED BY …") at the end."""
    tail = [lines[i] for i in indices[-TRAILER_SEARCH_LINES:]]
    return any(trailer.is_start(line) or trailer.is_trailer_line(line) for line in tail)


def is_sentence(line: str) -> bool:
    return bool(SENTENCE_END_PATTERN.search(line.strip()))


def title_position_by_layout(lines: list[str], indices: list[int]) -> int:
    """Without a byline or a repeated title: the line before an author line is the title; else a
    lead (a sentence) may come before the title (not one)."""
    if len(indices) < 2:
        return 0
    first, second = lines[indices[0]].strip(), lines[indices[1]].strip()
    if is_author_line(second):
        return 0
    if len(indices) > 2 and is_author_line(lines[indices[2]]):
        return 1
    return 1 if is_sentence(first) and not is_sentence(second) and len(second) <= MAX_TITLE_CHARS else 0


def is_name(part: str) -> bool:
    """A person's or desk's name: capitalised words, or a few characters of an unspaced script."""
    part = part.strip()
    words = part.split()
    if not words or len(words) > MAX_NAME_WORDS or any(map(str.isdigit, part)):
        return False
    if UNSPACED_NAME_PATTERN.fullmatch(part):
        return True
    return all(w[:1].isupper() or w.lower() in NAME_PARTICLES or not w[:1].isalpha() for w in words)


def is_author_line(line: str) -> bool:
    """A bare author line: one or more names, no date, no sentence."""
    line = line.strip()
    if not line or len(line) > MAX_AUTHOR_LINE_CHARS or is_sentence(line):
        return False
    return all(is_name(part) for part in NAME_LIST_SEPARATOR.split(line) if part.strip())


def split_name_and_date(line: str) -> tuple[str, str] | None:
    """'GILLIAN MOHNEY March 11, 2015 3:46 PM': a byline whose author and date nothing separates."""
    words = line.strip().split()
    for cut in range(1, min(len(words), MAX_NAME_WORDS + 1)):
        name, date = " ".join(words[:cut]), " ".join(words[cut:])
        if is_author_line(name) and looks_like_date(date, strict=True):
            return name, date
    return None


def matches(text: str, trailer: Trailer | None = None) -> bool:
    lines = text.split("\n")
    indices = non_blank(lines)
    if not indices:
        return False
    if len(lines[indices[0]]) > 4 * MAX_TITLE_CHARS:
        # Too long for a title or a lead unless a byline says it is one (the title is then cut).
        return find_byline(lines, indices) is not None
    return (
        find_byline(lines, indices) is not None
        or find_title_repeat(lines, indices) is not None
        or (trailer is not None and len(indices) >= 3 and has_trailer(lines, indices, trailer))
    )


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
        if title_position is None:
            title_position = title_position_by_layout(lines, indices)
        body_start = indices[title_position] + 1
        following = [i for i in indices if i >= body_start]
        if following and len(following) > 1 and is_author_line(lines[following[0]]):
            author = lines[following[0]].strip()
            body_start = following[0] + 1
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
