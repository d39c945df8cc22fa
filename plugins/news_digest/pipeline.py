"""One raw file to one Article: the stages composed, in the order data flows."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

from .clean import clean_body, normalize_space
from .dates import epoch_to_datetime, parse_date
from .decode import decode_file
from .errors import RejectedFile
from .knowledge import Knowledge
from .language import detect_language
from .model import Article, RawFields, Source
from .shapes import parse_raw
from .slugs import make_slug

SAFE_URL_SCHEMES = frozenset({"http", "https"})
# Longest title kept whole; a longer "title" line is cut there with a warning.
MAX_TITLE_CHARS = 500
# A published time this far past the build is taken for a wrong date, not the future.
FUTURE_TOLERANCE = timedelta(days=1)
EXPLICIT_ZONE_PATTERN = re.compile(r"(?:\bZ\b|GMT|UTC|[+-]\d{2}:?\d{2}$)")


@dataclass(frozen=True)
class IngestOptions:
    max_bytes: int = 5 * 1024 * 1024
    content_root: str | None = None


def source_folder(path: str, content_root: str | None) -> str | None:
    """The folder a file sits in, unless it sits directly in the content root."""
    parent = os.path.dirname(os.path.abspath(path))
    if content_root and os.path.abspath(content_root) == parent:
        return None
    return os.path.basename(parent) or None


def safe_url(url: str | None) -> tuple[str | None, tuple[str, ...]]:
    if not url:
        return None, ()
    try:
        scheme = urlsplit(url.strip()).scheme.lower()
    except ValueError:
        return None, (f"the link {url[:80]!r} is not a URL and was dropped",)
    if scheme not in SAFE_URL_SCHEMES:
        return None, (f"the link's scheme {scheme or '(none)'}: is not http or https; it was dropped",)
    return url.strip(), ()


def clean_title(raw: RawFields, path: str) -> tuple[str, tuple[str, ...]]:
    title = normalize_space(raw.title)
    if not title:
        raise RejectedFile(path, "no title")
    if len(title) > MAX_TITLE_CHARS:
        return title[:MAX_TITLE_CHARS].rstrip() + "…", (f"title longer than {MAX_TITLE_CHARS} characters was cut",)
    return title, ()


def published_time(raw: RawFields, source: Source, lang: str, knowledge: Knowledge, now: datetime):
    if not raw.date_text:
        return None, ()
    zone = source.timezone
    warnings: tuple[str, ...] = ()
    if not zone and not raw.date_is_iso and not EXPLICIT_ZONE_PATTERN.search(raw.date_text):
        zone = knowledge.language(lang).zone
        warnings += (f"time zone guessed as {zone or 'UTC'} from the language ({lang}); the source gives none",)
    parsed = parse_date(raw.date_text, zone, source.date_order, lang)
    if parsed is None:
        return None, (f"date {raw.date_text!r} could not be read",)
    if parsed.value > now + FUTURE_TOLERANCE:
        return None, (f"date {raw.date_text!r} lies in the future and was ignored",)
    return parsed.value, warnings


def ingest_file(path: str, knowledge: Knowledge, options: IngestOptions, now: datetime | None = None) -> Article:
    """Decode, parse, clean and enrich one raw file, or raise RejectedFile."""
    now = now or datetime.now(UTC)
    decoded = decode_file(path, options.max_bytes)
    folder = source_folder(path, options.content_root)
    raw = parse_raw(path, decoded.text, knowledge.trailer_for(knowledge.sources.by_id.get(folder)))
    title, title_warnings = clean_title(raw, path)
    body = clean_body(raw.body_html, title, raw.date_text, raw.lead, knowledge.clean_rules)
    if not body.text.strip():
        raise RejectedFile(path, "no article text after the title")
    url, url_warnings = safe_url(raw.url)
    source, source_warnings = knowledge.sources.resolve(url, folder)
    lang, lang_warnings = detect_language(title, body.text, source.language)
    published, date_warnings = published_time(raw, source, lang, knowledge, now)
    fetched, fetched_warning = epoch_to_datetime(raw.fetched_epoch) if raw.fetched_epoch else (None, None)
    warnings = decoded.warnings + raw.warnings + title_warnings + url_warnings + source_warnings
    warnings += lang_warnings + date_warnings + ((fetched_warning,) if fetched_warning else ())
    date = published or fetched
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
        fetched=fetched,
        date=date,
        lang=lang,
        source=source,
        author=normalize_space(raw.author) if raw.author else None,
        summary=normalize_space(body.summary),
        image=body.image,
        tags=knowledge.tags.find(title, body.summary, body.text),
        slug=make_slug(title, identity),
        body_html=body.html,
        body_text=body.text,
        warnings=warnings,
    )
