"""What one build writes, recorded as Pelican writes it: the pages for sitemap.xml, the feeds for
feeds.opml, and each feed's language and page set as it is generated."""

from __future__ import annotations

import fnmatch
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from ..files import relative_path
from .sitemap import SitemapEntry, page_url

# The order feeds.opml lists feeds in, by kind.
FEED_KINDS = ("site", "tag", "source", "language", "story")
# Where the build keeps its record in Pelican's context, which every written page and feed carries.
CONTEXT_KEY = "NEWS_DIGEST_OUTPUTS"


@dataclass(frozen=True)
class FeedPage:
    """A feed the site writes, by kind, with the page it follows."""

    kind: str
    page_url: str  # absolute


@dataclass(frozen=True)
class WrittenFeed:
    kind: str
    title: str
    xml_url: str
    html_url: str
    lang: str | None


def shared_language(languages: Iterable[str | None]) -> str | None:
    """The language every entry is in; None when they differ, one is unknown, or there are none."""
    found = set(languages)
    if len(found) != 1:
        return None
    return next(iter(found))


def relative_to(url: str, base: str) -> str | None:
    """`url` as a path under `base` (query left out: FEED_APPEND_REF adds one), or None when it lies
    elsewhere."""
    prefix = base.rstrip("/") + "/"
    return url[len(prefix) :].split("?", 1)[0] if url.startswith(prefix) else None


def newest_date(items: Iterable) -> datetime | None:
    dates = [item.date for item in items if getattr(item, "date", None)]
    return max(dates, default=None)


@dataclass
class SiteOutputs:
    site_url: str  # absolute, no trailing slash
    feed_domain: str
    output_path: str
    lang_of_url: dict[str, str]  # article URL (relative) -> its language
    feed_pages: dict[str, FeedPage]  # feed path (relative) -> its kind and page
    sitemap_exclude: tuple[str, ...] = ()
    pages: list[SitemapEntry] = field(default_factory=list)
    feeds: list[WrittenFeed] = field(default_factory=list)

    def __post_init__(self):
        # id(list) -> (list, its newest date): every page of a paginated list shares the list. Not a
        # field: what the build records, not what any page shows.
        self.newest: dict[int, tuple] = {}

    def relative_path(self, path: str) -> str:
        return relative_path(path, self.output_path).replace(os.sep, "/")

    def page_written(self, path: str, context: dict) -> None:
        name = self.relative_path(path)
        if not name.endswith(".html") or any(fnmatch.fnmatch(name, pattern) for pattern in self.sitemap_exclude):
            return
        content = context.get("article") or context.get("page")
        if content is not None and getattr(content, "status", "published") != "published":
            return
        self.pages.append(SitemapEntry(page_url(self.site_url, name), self.last_modified(context)))

    def last_modified(self, context: dict) -> datetime | None:
        """An article's page: the article's time; another page: its newest article; a page of the
        site's own (about): its own date, if it has one."""
        for key in ("article", "page"):
            content = context.get(key)
            if content is not None:
                return getattr(content, "modified", None) or getattr(content, "date", None)
        items = context.get("articles") or context.get("dates") or ()
        known = self.newest.get(id(items))
        if known is None or known[0] is not items:
            known = self.newest[id(items)] = (items, newest_date(items))
        return known[1]

    def feed_generated(self, feed) -> None:
        """xml:lang when every entry shares one language; the feed's page as its link, and its own
        address as its id (Pelican gives every feed the home page for both)."""
        languages = [self.lang_of_url.get(relative_to(item["link"], self.site_url) or "") for item in feed.items]
        feed.feed["language"] = shared_language(languages)
        feed_path = relative_to(feed.feed.get("feed_url") or "", self.feed_domain)
        page = self.feed_pages.get(feed_path or "")
        if page is not None:
            feed.feed["link"] = page.page_url
        if feed.feed.get("feed_url"):
            feed.feed["id"] = feed.feed["feed_url"]

    def feed_written(self, path: str, feed) -> None:
        page = self.feed_pages.get(relative_to(feed.feed.get("feed_url") or "", self.feed_domain) or "")
        self.feeds.append(
            WrittenFeed(
                kind=page.kind if page else "site",
                title=feed.feed["title"],
                xml_url=feed.feed["feed_url"],
                html_url=feed.feed["link"],
                lang=feed.feed.get("language"),
            )
        )

    def feed_groups(self) -> list[tuple[str, list[WrittenFeed]]]:
        """Written feeds by kind (site, tag, source, language, story), each kind by title."""
        groups = []
        for kind in FEED_KINDS:
            feeds = sorted(
                {feed.xml_url: feed for feed in self.feeds if feed.kind == kind}.values(),
                key=lambda feed: (feed.title.casefold(), feed.xml_url),
            )
            if feeds:
                groups.append((kind, feeds))
        return groups
