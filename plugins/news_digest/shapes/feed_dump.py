"""Shape A, a feed dump: `<!--EPOCH_MS-->`, `[Title](URL)`, `------`, then the item's HTML."""

from __future__ import annotations

import html
import re

from ..model import RawFields

EPOCH_LINE_PATTERN = re.compile(r"^\s*<!--\s*(?P<epoch>-?\d{1,20})\s*-->\s*$")
LINK_LINE_PATTERN = re.compile(r"^\s*\[(?P<title>.*)\]\((?P<url>[^\s)]*(?:\([^\s)]*\)[^\s)]*)*)\)\s*$")
RULE_LINE_PATTERN = re.compile(r"^\s*-{3,}\s*$")
TIME_ELEMENT_PATTERN = re.compile(r"<time\b[^>]*\bdatetime\s*=\s*[\"']([^\"']{8,40})[\"']", re.I)
# The item's first element, when it holds nothing but a short text: where feeds put the date.
LEADING_ELEMENT_PATTERN = re.compile(r"^\s*<(div|p|span|small)\b[^>]*>\s*([^<>]{6,60}?)\s*</\1>", re.I)


def _head(text: str) -> list[str]:
    return text.split("\n", 4)


def matches(text: str) -> bool:
    lines = _head(text)
    return len(lines) >= 2 and bool(EPOCH_LINE_PATTERN.match(lines[0])) and bool(LINK_LINE_PATTERN.match(lines[1]))


def find_date_text(body: str) -> tuple[str | None, bool]:
    """The publication date a feed item shows: a <time datetime>, else a leading short element."""
    from ..dates import looks_like_date  # noqa: PLC0415

    found = TIME_ELEMENT_PATTERN.search(body[:5000])
    if found:
        return html.unescape(found.group(1)), True
    found = LEADING_ELEMENT_PATTERN.match(body)
    if found and looks_like_date(html.unescape(found.group(2))):
        return html.unescape(found.group(2)).strip(), False
    return None, False


def parse(text: str, trailer=None) -> RawFields:
    lines = _head(text)
    epoch = EPOCH_LINE_PATTERN.match(lines[0]).group("epoch")
    link = LINK_LINE_PATTERN.match(lines[1])
    rest = lines[2:]
    warnings: tuple[str, ...] = ()
    if rest and RULE_LINE_PATTERN.match(rest[0]):
        rest = rest[1:]
    else:
        warnings += ("the `------` line after the title is missing",)
    body = "\n".join(rest).strip()
    date_text, date_is_iso = find_date_text(body)
    return RawFields(
        shape="A",
        title=html.unescape(link.group("title")),
        url=link.group("url") or None,
        fetched_epoch=epoch,
        body_html=body,
        date_text=date_text,
        date_is_iso=date_is_iso,
        warnings=warnings,
    )
