"""Shape A, a feed dump: `<!--EPOCH_MS-->`, `[Title](URL)`, `------`, then the item's HTML."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from ..model import RawFields

# The fetch-time comment; anything else in it is kept for the date stage to warn about.
EPOCH_LINE_PATTERN = re.compile(r"^\s*<!--\s*(?P<epoch>[^\n]{0,40}?)\s*-->\s*$")
LINK_LINE_PATTERN = re.compile(r"^\s*\[(?P<title>.*)\]\((?P<url>[^\s)]*(?:\([^\s)]*\)[^\s)]*)*)\)\s*$")
RULE_LINE_PATTERN = re.compile(r"^\s*-{3,}\s*$")
TIME_ELEMENT_PATTERN = re.compile(r"<time\b[^>]*\bdatetime\s*=\s*[\"']([^\"']{8,40})[\"']", re.I)
# The item's first element, when short: where feeds put the date, sometimes after the author.
LEADING_ELEMENT_PATTERN = re.compile(r"^\s*<(div|p|span|small)\b[^>]*>(?P<inner>.{1,300}?)</\1>", re.I | re.S)
TAG_PATTERN = re.compile(r"<[^>]*>")
BREAK_PATTERN = re.compile(r"<br\s*/?>", re.I)
# Longest author line accepted before the date in that element.
MAX_HEADER_AUTHOR_CHARS = 80


def _head(text: str) -> list[str]:
    return text.split("\n", 4)


def matches(text: str) -> bool:
    """The fetch-time comment over the link line, or (the comment lost) the link line over the rule."""
    lines = _head(text)
    if len(lines) < 2:
        return False
    if EPOCH_LINE_PATTERN.match(lines[0]):
        return bool(LINK_LINE_PATTERN.match(lines[1]))
    return bool(LINK_LINE_PATTERN.match(lines[0]) and RULE_LINE_PATTERN.match(lines[1]))


@dataclass(frozen=True)
class ItemHeader:
    """What a feed item's HTML shows above its text: the date, maybe the author."""

    date_text: str | None = None
    date_is_iso: bool = False
    author: str | None = None
    text: str | None = None  # the header element's whole text, for the cleaner to remove
    candidates: tuple[str, ...] = ()  # every <time datetime> of the item, in order


def leading_lines(body: str) -> tuple[list[str], str] | None:
    found = LEADING_ELEMENT_PATTERN.match(body)
    if not found or "<p" in found.group("inner").lower() or "<div" in found.group("inner").lower():
        return None
    text = html.unescape(TAG_PATTERN.sub("", BREAK_PATTERN.sub("\n", found.group("inner"))))
    lines = [" ".join(line.split()) for line in text.split("\n")]
    return [line for line in lines if line], " ".join(text.split())


def find_header(body: str) -> ItemHeader:
    """A <time datetime> near the top, or a leading short element whose last line is a date."""
    from ..dates import looks_like_date  # noqa: PLC0415

    times = tuple(html.unescape(value) for value in TIME_ELEMENT_PATTERN.findall(body[:20000]))
    time_element = times[0] if times else None
    leading = leading_lines(body)
    if leading and leading[0] and looks_like_date(leading[0][-1]):
        lines, text = leading
        author = " ".join(lines[:-1]) or None
        if author and (len(author) > MAX_HEADER_AUTHOR_CHARS or looks_like_date(author)):
            author = None
        if time_element:
            return ItemHeader(time_element, True, author, text, times)
        return ItemHeader(lines[-1], False, author, text)
    if time_element:
        return ItemHeader(time_element, True, candidates=times)
    return ItemHeader()


def find_date_text(body: str) -> tuple[str | None, bool]:
    header = find_header(body)
    return header.date_text, header.date_is_iso


def parse(text: str, trailer=None) -> RawFields:
    lines = _head(text)
    comment = EPOCH_LINE_PATTERN.match(lines[0])
    warnings: tuple[str, ...] = () if comment else ("the `<!--EPOCH_MS-->` fetch time line is missing",)
    epoch = comment.group("epoch") if comment else None
    if comment:
        lines = lines[1:]
    link = LINK_LINE_PATTERN.match(lines[0])
    rest = lines[1:]
    if rest and RULE_LINE_PATTERN.match(rest[0]):
        rest = rest[1:]
    else:
        warnings += ("the `------` line after the title is missing",)
    body = "\n".join(rest).strip()
    header = find_header(body)
    return RawFields(
        shape="A",
        title=html.unescape(link.group("title")),
        url=link.group("url") or None,
        fetched_epoch=epoch,
        body_html=body,
        date_text=header.date_text,
        date_is_iso=header.date_is_iso,
        author=header.author,
        header_text=header.text,
        date_candidates=header.candidates,
        warnings=warnings,
    )
