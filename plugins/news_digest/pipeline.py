"""One raw file to one Article: the stages composed, in the order data flows."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

from .bylines import dateline_author
from .clean import bound_markup, clean_body, normalize_space
from .dates import ParsedDate, date_from_url, epoch_to_datetime, parse_date
from .decode import decode_file
from .errors import RejectedFile
from .files import Confinement, check_inside
from .knowledge import Knowledge
from .language import detect_language
from .model import Article, RawFields, Source
from .shapes import parse_raw
from .slugs import make_slug

SAFE_URL_SCHEMES = frozenset({"http", "https"})
# Longer links are not ones a publisher prints (browsers and servers stop near 2,000 characters).
MAX_URL_CHARS = 2048
# Longest title kept whole; a longer "title" line is cut there with a warning.
MAX_TITLE_CHARS = 500
# A published time this far past the build is taken for a wrong date, not the future.
FUTURE_TOLERANCE = timedelta(days=1)
# A feed item's own dates may run a little ahead of the fetcher's clock.
FETCH_CLOCK_SKEW = timedelta(hours=1)
EXPLICIT_ZONE_PATTERN = re.compile(r"(?:\bZ\b|GMT|UTC|[+-]\d{2}:?\d{2}$)")
# More lines, tags or character references than one article holds: a data dump, a log or a
# generated page. Each line and tag becomes an element every cleaning pass walks, and html5ever
# slows down on long runs of references, so such a file would take minutes; the largest articles
# and saved pages hold a few thousand of each. Tags and references are counted as "<" and "&".
MAX_LINES = 20_000
MAX_TAGS = 50_000
MAX_REFERENCES = 50_000


@dataclass(frozen=True)
class IngestOptions:
    max_bytes: int = 5 * 1024 * 1024
    content_root: str | None = None
    # Which files lie under content_root, each folder resolved once for as long as these options live
    # (a build, or one `inspect`): resolving the root and the file's folder again for every file was
    # a thirtieth of parsing it.
    confinement: Confinement | None = field(default=None, init=False, compare=False, repr=False)

    def __post_init__(self):
        if self.content_root:
            object.__setattr__(self, "confinement", Confinement(self.content_root))


def source_folder(path: str, content_root: str | None) -> str | None:
    """The folder a file sits in, unless it sits directly in the content root."""
    parent = os.path.dirname(os.path.abspath(path))
    if content_root and os.path.abspath(content_root) == parent:
        return None
    return os.path.basename(parent) or None


def safe_url(url: str | None) -> tuple[str | None, tuple[str, ...]]:
    """The publisher's link when it is one a reader can follow: http or https, with a host."""
    if not url:
        return None, ()
    url = url.strip()
    if len(url) > MAX_URL_CHARS:
        return None, (f"the link is longer than {MAX_URL_CHARS} characters and was dropped",)
    try:
        parts = urlsplit(url)
        host = parts.hostname
    except ValueError:
        return None, (f"the link {url[:80]!r} is not a URL and was dropped",)
    scheme = parts.scheme.lower()
    if scheme not in SAFE_URL_SCHEMES:
        return None, (f"the link's scheme {scheme or '(none)'}: is not http or https; it was dropped",)
    if not host:
        return None, (f"the link {url[:80]!r} names no host and was dropped",)
    return url, ()


def clean_title(raw: RawFields, path: str) -> tuple[str, tuple[str, ...]]:
    title = normalize_space(raw.title)
    if not title:
        raise RejectedFile(path, "no title")
    if len(title) > MAX_TITLE_CHARS:
        return title[:MAX_TITLE_CHARS].rstrip() + "…", (f"title longer than {MAX_TITLE_CHARS} characters was cut",)
    return title, ()


def local_zone(raw: RawFields, source: Source, lang: str, knowledge: Knowledge) -> tuple[str | None, tuple[str, ...]]:
    """The zone local dates are in: the source's, else (warned) the language's usual one."""
    if source.timezone:
        return source.timezone, ()
    shows_zone = raw.date_is_iso or (raw.date_text and EXPLICIT_ZONE_PATTERN.search(raw.date_text))
    zone = knowledge.language(lang).zone
    if raw.date_text and not shows_zone:
        return zone, (f"time zone guessed as {zone or 'UTC'} from the language ({lang}); the source gives none",)
    return zone, ()


def choose_published(candidates: list[ParsedDate], fetched: datetime | None) -> ParsedDate | None:
    """The latest machine-readable date not after the fetch (an item shows older related dates too)."""
    if not candidates:
        return None
    if fetched is None:
        return candidates[0]
    usable = [c for c in candidates if c.value <= fetched + FETCH_CLOCK_SKEW]
    return max(usable, key=lambda c: c.value) if usable else candidates[0]


def published_time(
    raw: RawFields,
    *,
    url: str | None,
    source: Source,
    lang: str,
    knowledge: Knowledge,
    fetched: datetime | None,
    now: datetime,
) -> tuple[ParsedDate | None, tuple[str, ...]]:
    """The publication time the file shows: its date element or byline, refined by the URL's date."""
    zone, warnings = local_zone(raw, source, lang, knowledge)
    parsed = None
    if raw.date_text:
        texts = raw.date_candidates or (raw.date_text,)
        candidates = [p for p in (parse_date(t, zone, source.date_order, lang) for t in texts) if p]
        parsed = choose_published(candidates, fetched)
        if parsed is None:
            warnings += (f"date {raw.date_text!r} could not be read",)
    from_url = date_from_url(url, zone)
    if from_url and (
        parsed is None
        or (parsed.precision == "day" and from_url.precision != "day" and from_url.value.date() == parsed.value.date())
    ):
        parsed = from_url
    if parsed and parsed.value > now + FUTURE_TOLERANCE:
        return None, (*warnings, f"date {parsed.value.isoformat()} lies in the future and was ignored")
    return parsed, warnings


def check_dimensions(text: str, path: str) -> None:
    """Reject a text with more lines or tags than one article holds, before any stage walks it."""
    lines = text.count("\n") + 1
    if lines > MAX_LINES:
        raise RejectedFile(path, f"{lines} lines: more than one article holds (the limit is {MAX_LINES})")
    tags = text.count("<")
    if tags > MAX_TAGS:
        raise RejectedFile(path, f"{tags} tags: more than one article holds (the limit is {MAX_TAGS})")
    references = text.count("&")
    if references > MAX_REFERENCES:
        raise RejectedFile(
            path, f"{references} character references: more than one article holds (the limit is {MAX_REFERENCES})"
        )


def ingest_file(path: str, knowledge: Knowledge, options: IngestOptions, now: datetime | None = None) -> Article:
    """Decode, parse, clean and enrich one raw file, or raise RejectedFile."""
    now = now or datetime.now(UTC)
    check_inside(path, options.confinement)
    decoded = decode_file(path, options.max_bytes)
    check_dimensions(decoded.text, path)
    folder = source_folder(path, options.content_root)
    trailer = knowledge.trailer_for(knowledge.sources.by_id.get(folder))
    raw = parse_raw(path, decoded.text, trailer)
    title, title_warnings = clean_title(raw, path)
    body_html, markup_warnings = bound_markup(raw.body_html)
    url, url_warnings = safe_url(raw.url)
    body = clean_body(
        body_html,
        title,
        raw.date_text,
        raw.lead,
        knowledge.clean_rules,
        header_text=raw.header_text,
        trailer=trailer,
        base_url=url,
    )
    if not body.text.strip():
        raise RejectedFile(path, "no article text after the title")
    source, source_warnings = knowledge.sources.resolve(url, folder)
    lang, lang_warnings = detect_language(title, body.text, source.language)
    fetched, fetched_warning = epoch_to_datetime(raw.fetched_epoch) if raw.fetched_epoch is not None else (None, None)
    parsed, date_warnings = published_time(
        raw, url=url, source=source, lang=lang, knowledge=knowledge, fetched=fetched, now=now
    )
    published = parsed.value if parsed else None
    warnings = decoded.warnings + raw.warnings + title_warnings + markup_warnings + url_warnings + source_warnings
    warnings += lang_warnings + date_warnings + ((fetched_warning,) if fetched_warning else ())
    # A day-only publication date sorts by the fetch time when that falls on or after it.
    date = fetched if parsed and parsed.precision == "day" and fetched and fetched >= published else published
    date = date or fetched
    if date is None:
        date = datetime.fromtimestamp(os.path.getmtime(path), tz=UTC)
        warnings += ("no publication or fetch time: the file's modification time was used",)
    identity = url or f"{source.id}|{title}|{published.isoformat() if published else ''}"
    return Article(
        path=path,
        shape=raw.shape,
        title=title,
        url=url,
        published=published,
        published_precision=parsed.precision if parsed else None,
        fetched=fetched,
        date=date,
        lang=lang,
        source=source,
        author=normalize_space(raw.author) if raw.author else dateline_author(body.text, knowledge.datelines),
        summary=normalize_space(body.summary),
        image=body.image,
        tags=knowledge.tags.find(title, body.summary, body.text),
        slug=make_slug(title, identity),
        body_html=body.html,
        body_text=body.text,
        warnings=warnings,
    )
