"""Frozen records passed between the stages, in the order data flows through them.

bytes -> DecodedText -> RawFields (strings only) -> CleanBody -> Article
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True)
class DecodedText:
    text: str
    encoding: str
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class RawFields:
    """What a shape parser finds in a file: strings only, nothing interpreted yet."""

    shape: str
    title: str
    body_html: str
    url: str | None = None
    fetched_epoch: str | None = None  # digits from the <!--EPOCH--> header
    date_text: str | None = None  # the publication date as the file writes it
    date_is_iso: bool = False  # date_text came from a machine-readable attribute
    author: str | None = None
    lead: str | None = None
    header_text: str | None = None  # text of the element above the body that held date/author
    date_candidates: tuple[str, ...] = ()  # further machine-readable dates (<time datetime>) in order
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class Image:
    url: str | None
    caption: str | None


@dataclass(frozen=True)
class CleanBody:
    html: str
    text: str
    summary: str
    image: Image | None


@dataclass(frozen=True)
class Source:
    id: str
    name: str
    domain: str | None
    timezone: str | None = None
    language: str | None = None
    date_order: str | None = None
    boilerplate: tuple[str, ...] = ()
    known: bool = True


@dataclass(frozen=True)
class Article:
    path: str
    shape: str
    title: str
    url: str | None
    published: datetime | None
    published_precision: str | None
    fetched: datetime | None
    date: datetime
    lang: str
    source: Source
    author: str | None
    summary: str
    image: Image | None
    tags: tuple[str, ...]
    slug: str
    body_html: str
    body_text: str
    warnings: tuple[str, ...] = field(default=())
