"""The plugin's settings: one NEWS_DIGEST_ family, defaults here, checked once at start-up."""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import timedelta

from .dates import zone_named


@dataclass(frozen=True)
class SiteRules:
    """What the steps over the whole archive need: duplicates, stories, automatic tags."""

    duplicate_similarity: float = 0.8
    duplicate_window: timedelta = timedelta(days=14)
    story_window: timedelta = timedelta(hours=72)
    story_min_similarity: float = 0.25
    auto_tag_min_articles: int = 3
    auto_tag_max: int = 100


def number(values: dict, key: str, low: float, high: float) -> float:
    value = values[key]
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not low <= value <= high:
        raise SettingsError(f"{key} must be a number from {low} to {high}, not {value!r}")
    return value


DEFAULTS = {
    # content/sources.yaml and content/tags.yaml unless set: paths relative to the project root.
    "NEWS_DIGEST_SOURCES": None,
    "NEWS_DIGEST_TAGS": None,
    # Larger raw files are rejected before they are read.
    "NEWS_DIGEST_MAX_FILE_BYTES": 5 * 1024 * 1024,
    # The zone days are grouped and times shown in; TIMEZONE unless set.
    "NEWS_DIGEST_DISPLAY_TIMEZONE": None,
    # Show publishers' images from their hosts (no-referrer, lazy) instead of a link to them.
    "NEWS_DIGEST_HOTLINK_IMAGES": False,
    # Where the build report goes, inside the output folder.
    "NEWS_DIGEST_REPORT": "report.json",
    # Fail the build (exit status 1) when any raw file was rejected.
    "NEWS_DIGEST_STRICT": False,
    # Query parameters that only track readers, removed from canonical URLs, besides the built-in
    # list (plugins/news_digest/data/tracking.yaml: utm_*, fbclid, spm, from, …).
    "NEWS_DIGEST_TRACKING_PARAMETERS": [],
    # Near duplicates: shared text (estimated Jaccard similarity of 5-character shingles) and the
    # longest time between two copies.
    "NEWS_DIGEST_DUPLICATE_SIMILARITY": 0.8,
    "NEWS_DIGEST_DUPLICATE_WINDOW_HOURS": 14 * 24,
    # Stories: how close in time their articles follow one another, and how alike (cosine) an
    # article must be to a story to join it.
    "NEWS_DIGEST_STORY_WINDOW_HOURS": 72,
    "NEWS_DIGEST_STORY_MIN_SIMILARITY": 0.25,
    # Automatic tags: names the taxonomy lacks that this many articles mention, at most so many.
    "NEWS_DIGEST_AUTO_TAG_MIN_ARTICLES": 3,
    "NEWS_DIGEST_AUTO_TAG_MAX": 100,
    # Where story pages and their feeds go ({slug} is the story's id).
    "NEWS_DIGEST_STORY_URL": "story/{slug}/",
    "NEWS_DIGEST_STORY_SAVE_AS": "story/{slug}/index.html",
    "NEWS_DIGEST_STORY_FEED_ATOM": "feeds/story/{slug}.atom.xml",
    # Where language pages and their feeds go ({slug} is the BCP 47 tag: lang/zh-Hans/), and the
    # index of languages.
    "NEWS_DIGEST_LANG_URL": "lang/{slug}/",
    "NEWS_DIGEST_LANG_SAVE_AS": "lang/{slug}/index.html",
    "NEWS_DIGEST_LANG_FEED_ATOM": "feeds/lang/{slug}.atom.xml",
    "NEWS_DIGEST_LANGUAGES_URL": "languages/",
    "NEWS_DIGEST_LANGUAGES_SAVE_AS": "languages/index.html",
    # Files for machines, in the output folder ("" writes none): every feed (OPML), every page
    # (sitemap), and what crawlers may read (robots.txt, which names the sitemap).
    "NEWS_DIGEST_OPML_SAVE_AS": "feeds.opml",
    "NEWS_DIGEST_SITEMAP_SAVE_AS": "sitemap.xml",
    "NEWS_DIGEST_ROBOTS_SAVE_AS": "robots.txt",
    # Output files the sitemap leaves out (shell patterns): the page for missing addresses.
    "NEWS_DIGEST_SITEMAP_EXCLUDE": ["404.html"],
    # Days the sources page charts per source, ending at the archive's latest article (not the build's
    # date, so that two builds draw the same chart).
    "NEWS_DIGEST_CHART_DAYS": 90,
    # Languages whose articles get typogrify (curled quotes, dashes, no widows): its rules are
    # English ones, so Pelican's site-wide TYPOGRIFY stays off. Regional tags match (en covers en-GB).
    "NEWS_DIGEST_TYPOGRIFY_LANGUAGES": ["en"],
    # Keep parsed raw files in CACHE_PATH (news_digest/parsed.sqlite) and parse only new or changed
    # ones on the next build.
    "NEWS_DIGEST_CACHE": True,
    # Processes that parse raw files at once; None uses every core, 1 parses in the build's process.
    "NEWS_DIGEST_WORKERS": None,
}


class SettingsError(ValueError):
    pass


@dataclass(frozen=True)
class DigestSettings:
    sources_path: str
    tags_path: str
    max_file_bytes: int
    display_timezone: str
    hotlink_images: bool
    report_path: str
    strict: bool
    content_root: str
    tracking_parameters: tuple[str, ...]
    site: SiteRules
    chart_days: int = 90
    typography_languages: tuple[str, ...] = ("en",)
    cache: bool = True
    workers: int | None = None


def resolve(settings: dict) -> DigestSettings:
    """Defaults filled in and every value checked; one clear error per bad key."""
    values = {key: settings.get(key, default) for key, default in DEFAULTS.items()}
    content_root = settings.get("PATH") or "content"
    max_bytes = values["NEWS_DIGEST_MAX_FILE_BYTES"]
    if not isinstance(max_bytes, int) or max_bytes <= 0:
        raise SettingsError("NEWS_DIGEST_MAX_FILE_BYTES must be a positive integer")
    zone = values["NEWS_DIGEST_DISPLAY_TIMEZONE"] or settings.get("TIMEZONE") or "UTC"
    if zone_named(zone) is None:
        raise SettingsError(f"NEWS_DIGEST_DISPLAY_TIMEZONE: unknown time zone {zone!r}")
    report = values["NEWS_DIGEST_REPORT"]
    if not report or os.path.isabs(report):
        raise SettingsError("NEWS_DIGEST_REPORT must be a path relative to the output folder")
    parameters = values["NEWS_DIGEST_TRACKING_PARAMETERS"]
    if not isinstance(parameters, (list, tuple)) or not all(isinstance(p, str) and p for p in parameters):
        raise SettingsError("NEWS_DIGEST_TRACKING_PARAMETERS must be a list of parameter names")
    typography_languages = values["NEWS_DIGEST_TYPOGRIFY_LANGUAGES"]
    if not isinstance(typography_languages, (list, tuple)) or not all(
        isinstance(tag, str) and tag for tag in typography_languages
    ):
        raise SettingsError("NEWS_DIGEST_TYPOGRIFY_LANGUAGES must be a list of language tags")
    excluded = values["NEWS_DIGEST_SITEMAP_EXCLUDE"]
    if not isinstance(excluded, (list, tuple)) or not all(isinstance(p, str) and p for p in excluded):
        raise SettingsError("NEWS_DIGEST_SITEMAP_EXCLUDE must be a list of file patterns")
    workers = values["NEWS_DIGEST_WORKERS"]
    if workers is not None:
        workers = int(number(values, "NEWS_DIGEST_WORKERS", 1, 1024))
    for key in ("NEWS_DIGEST_LANG_URL", "NEWS_DIGEST_LANG_SAVE_AS"):
        if "{slug}" not in str(values[key]):
            raise SettingsError(f"{key} must contain {{slug}}, the language's tag")
    site = SiteRules(
        duplicate_similarity=number(values, "NEWS_DIGEST_DUPLICATE_SIMILARITY", 0.1, 1.0),
        duplicate_window=timedelta(hours=number(values, "NEWS_DIGEST_DUPLICATE_WINDOW_HOURS", 0, 24 * 3650)),
        story_window=timedelta(hours=number(values, "NEWS_DIGEST_STORY_WINDOW_HOURS", 0, 24 * 365)),
        story_min_similarity=number(values, "NEWS_DIGEST_STORY_MIN_SIMILARITY", 0.01, 1.0),
        auto_tag_min_articles=int(number(values, "NEWS_DIGEST_AUTO_TAG_MIN_ARTICLES", 2, 10**6)),
        auto_tag_max=int(number(values, "NEWS_DIGEST_AUTO_TAG_MAX", 0, 10**6)),
    )
    return DigestSettings(
        sources_path=values["NEWS_DIGEST_SOURCES"] or os.path.join(content_root, "sources.yaml"),
        tags_path=values["NEWS_DIGEST_TAGS"] or os.path.join(content_root, "tags.yaml"),
        max_file_bytes=max_bytes,
        display_timezone=zone,
        hotlink_images=bool(values["NEWS_DIGEST_HOTLINK_IMAGES"]),
        report_path=report,
        strict=bool(values["NEWS_DIGEST_STRICT"]),
        content_root=content_root,
        tracking_parameters=tuple(parameters),
        site=site,
        chart_days=int(number(values, "NEWS_DIGEST_CHART_DAYS", 7, 3660)),
        typography_languages=tuple(typography_languages),
        cache=bool(values["NEWS_DIGEST_CACHE"]),
        workers=workers,
    )
