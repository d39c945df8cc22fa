"""Pieces shared by the plain-text shapes."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

# A bare image file name on a line of its own, as page scrapes leave them.
IMAGE_FILE_PATTERN = re.compile(r"^[^\s/\\<>\"']{1,200}\.(?:jpe?g|png|gif|webp|avif|bmp|svg)(?:\?\S*)?$", re.I)
# Longest line accepted as a title.
MAX_TITLE_CHARS = 500


@dataclass(frozen=True)
class Trailer:
    """How to recognise trailing boilerplate: opening lines and whole-line patterns."""

    starts: frozenset[str]
    lines: tuple[re.Pattern, ...]
    max_navigation_line: int

    def is_start(self, line: str) -> bool:
        return fold(line).rstrip(":：") in self.starts

    def is_trailer_line(self, line: str) -> bool:
        return any(pattern.match(line.strip()) for pattern in self.lines)

    def is_navigation(self, line: str) -> bool:
        line = line.strip()
        return (
            len(line) <= self.max_navigation_line
            and not re.search(r"[.!?。！？،؟]$", line)
            and not any(map(str.isdigit, line))
        )


def fold(line: str) -> str:
    return " ".join(line.split()).casefold()


def non_blank(lines: list[str]) -> list[int]:
    return [i for i, line in enumerate(lines) if line.strip()]


def is_image_file(line: str) -> bool:
    return bool(IMAGE_FILE_PATTERN.match(line.strip()))


def lines_to_html(lines: list[str]) -> str:
    """Paragraph lines to HTML; a bare image file name turns the lines after it into a caption."""
    parts: list[str] = []
    caption: list[str] | None = None

    def flush_caption():
        if caption:
            text = " ".join(caption)
            parts.append(f'<figure class="nd-missing-image"><figcaption>{html.escape(text)}</figcaption></figure>')

    for line in lines:
        stripped = line.strip()
        if not stripped:
            flush_caption()
            caption = None
        elif is_image_file(stripped):
            flush_caption()
            caption = []
        elif caption is not None:
            caption.append(stripped)
        else:
            parts.append(f"<p>{html.escape(stripped)}</p>")
    flush_caption()
    return "\n".join(parts)
