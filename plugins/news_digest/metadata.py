"""An Article as Pelican metadata, and its plain JSON form for `inspect` and the report."""

from __future__ import annotations

import html
import re
from datetime import datetime
from zoneinfo import ZoneInfo

from pelican.contents import Author, Category, Tag

from .knowledge import Knowledge
from .model import Article

# Characters of unspaced scripts read per minute, and words per minute elsewhere.
CJK_CHARS_PER_MINUTE = 400
WORDS_PER_MINUTE = 220
UNSPACED_SCRIPTS = "\u0e00-\u0e7f\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af"
UNSPACED_RUN_PATTERN = re.compile(f"[{UNSPACED_SCRIPTS}]+")
# A word: a run of characters that are neither space nor unspaced script, holding a letter or a
# digit (a lone "，", "。" or "—" left between CJK characters is not one): counted in one pass of the
# regex engine, not by splitting the text and searching each piece (some 1.6 times as long).
WORD_PATTERN = re.compile(f"[^\\s\\w{UNSPACED_SCRIPTS}]*[^\\W{UNSPACED_SCRIPTS}][^\\s{UNSPACED_SCRIPTS}]*")


def reading_minutes(text: str) -> int:
    unspaced = len(text) - len(UNSPACED_RUN_PATTERN.sub("", text))
    words = len(WORD_PATTERN.findall(text))
    return max(1, round(unspaced / CJK_CHARS_PER_MINUTE + words / WORDS_PER_MINUTE))


def named(cls, name: str, slug: str, settings, shared: dict | None = None):
    """Pelican's Tag, Category or Author for name, with our slug. With `shared` (one dict per
    build), one object per tag or source for every article: its URL is worked out once, and a
    page key digests it once."""
    key = (cls, name, slug)
    if shared is not None and key in shared:
        return shared[key]
    wrapper = cls(name, settings)
    wrapper.slug = slug
    if shared is not None:
        shared[key] = wrapper
    return wrapper


def display_date(article: Article, display_zone: str) -> datetime:
    """The article's date as Pelican gets it: in the zone the site shows times in."""
    return article.date.astimezone(ZoneInfo(display_zone))


def to_pelican_metadata(
    article: Article, knowledge: Knowledge, settings: dict, display_zone: str, *, presentation=None, shared=None
) -> dict:
    """Pelican's metadata of an article; `presentation` (parsing.Presentation) gives its typeset
    title and summary and its reading time, else they are the article's own; `shared`: see named()."""
    site_lang = settings.get("DEFAULT_LANG", "en")
    local_date = display_date(article, display_zone)
    title = presentation.title if presentation else article.title
    summary = presentation.summary_text if presentation else article.summary
    metadata = {
        "title": title,
        "date": local_date,
        "slug": article.slug,
        "lang": article.lang,
        "category": named(Category, article.source.name, article.source.id, settings, shared),
        "tags": [named(Tag, knowledge.tags.label(t, site_lang), t, settings, shared) for t in article.tags],
        "summary": html.escape(summary),
        "summary_text": summary,
        "original_url": article.url,
        "published": article.published,
        "fetched": article.fetched,
        "source_id": article.source.id,
        "source_name": article.source.name,
        "source_domain": article.source.domain,
        "author_name": article.author,
        "image": {"url": article.image.url, "caption": article.image.caption} if article.image else None,
        "display_day": local_date.date().isoformat(),
        "reading_minutes": presentation.reading_minutes if presentation else reading_minutes(article.body_text),
        "raw_shape": article.shape,
    }
    if article.author:
        metadata["author"] = named(Author, article.author, article.slug, settings)
        metadata["authors"] = [metadata["author"]]
    return metadata


def iso(value) -> str | None:
    return value.isoformat() if value is not None else None


def to_json(article: Article, path: str) -> dict:
    return {
        "path": path,
        "status": "published",
        "reason": None,
        "shape": article.shape,
        "title": article.title,
        "url": article.url,
        "published": iso(article.published),
        "published_precision": article.published_precision,
        "fetched": iso(article.fetched),
        "date": iso(article.date),
        "lang": article.lang,
        "source_id": article.source.id,
        "source_name": article.source.name,
        "source_domain": article.source.domain,
        "author": article.author,
        "summary": article.summary,
        "image": {"url": article.image.url, "caption": article.image.caption} if article.image else None,
        "tags": list(article.tags),
        "slug": article.slug,
        "body_text": article.body_text,
        "body_html": article.body_html,
        "warnings": list(article.warnings),
    }


REJECTED_FIELDS = (
    "shape",
    "title",
    "url",
    "published",
    "published_precision",
    "fetched",
    "date",
    "lang",
    "source_id",
    "source_name",
    "source_domain",
    "author",
    "summary",
    "image",
    "slug",
    "body_text",
    "body_html",
)


def rejected_json(path: str, reason: str) -> dict:
    record = {"path": path, "status": "rejected", "reason": reason}
    record.update(dict.fromkeys(REJECTED_FIELDS))
    record["tags"] = []
    record["warnings"] = []
    record.update(canonical_url=None, duplicate_of=None, story=None, auto_tags=[])
    return record
