"""Pages Pelican does not write by itself: the home page's digest, story pages and feeds, language
pages and feeds, and the files for machines (feeds.opml, sitemap.xml, robots.txt)."""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field
from functools import partial

from pelican.generators import Generator

from ..reader import LOG_PREFIX
from .outputs import CONTEXT_KEY, FeedPage, SiteOutputs
from .pelican_steps import digest_articles
from .sitemap import robots_txt, sitemap_xml

logger = logging.getLogger(__name__)
OPML_TEMPLATE = "feeds.opml"


@dataclass
class LanguagePage:
    """A language's page (/lang/zh-Hans/) and feed: its articles, newest first."""

    tag: str
    url: str
    save_as: str
    feed: str | None
    articles: list = field(default_factory=list)

    @property
    def heading(self) -> LanguageHeading:
        return LanguageHeading(self.tag, self.url, self.feed)


@dataclass(frozen=True)
class LanguageHeading:
    """What each of a language's pages shows of the language: not its articles (a page has its own
    in `articles_page`), so that a page's key does not change with every article the language gains."""

    tag: str
    url: str
    feed: str | None


def language_pages(articles: list, settings: dict) -> list[LanguagePage]:
    """One page per language the articles are in, the most articles first, then by tag."""
    grouped: dict[str, list] = {}
    for article in articles:
        grouped.setdefault(article.lang, []).append(article)
    feed_pattern = settings.get("NEWS_DIGEST_LANG_FEED_ATOM") or ""
    pages = [
        LanguagePage(
            tag=tag,
            url=settings["NEWS_DIGEST_LANG_URL"].format(slug=tag),
            save_as=settings["NEWS_DIGEST_LANG_SAVE_AS"].format(slug=tag),
            feed=feed_pattern.format(slug=tag) or None,
            articles=items,
        )
        for tag, items in grouped.items()
    ]
    return sorted(pages, key=lambda page: (-len(page.articles), page.tag))


def feed_pages(context: dict, settings: dict, site_url: str, languages: list[LanguagePage]) -> dict[str, FeedPage]:
    """Every feed the build can write, by its path under FEED_DOMAIN, with its kind and page."""

    def absolute(url: str) -> str:
        return f"{site_url}/{url}"

    def feed_url(setting: str, slug: str | None = None) -> str | None:
        pattern = settings.get(f"{setting}_URL") or settings.get(setting)
        if not pattern:
            return None
        return str(pattern).format(slug=slug) if slug is not None else str(pattern)

    pages: dict[str, FeedPage] = {}
    for setting in ("FEED_ALL_ATOM", "FEED_ALL_RSS", "FEED_ATOM", "FEED_RSS"):
        if url := feed_url(setting):
            pages[url] = FeedPage("site", absolute(""))
    for setting, kind, entries in (
        ("TAG_FEED_ATOM", "tag", context.get("tags", [])),
        ("TAG_FEED_RSS", "tag", context.get("tags", [])),
        ("CATEGORY_FEED_ATOM", "source", context.get("categories", [])),
        ("CATEGORY_FEED_RSS", "source", context.get("categories", [])),
    ):
        for item, _ in entries:
            if url := feed_url(setting, item.slug):
                pages[url] = FeedPage(kind, absolute(item.url))
    for story in context.get("stories", []):
        if story.feed:
            pages[story.feed] = FeedPage("story", absolute(story.url))
    for language in languages:
        if language.feed:
            pages[language.feed] = FeedPage("language", absolute(language.url))
    return pages


def flush_writer(writer, wait: bool = True) -> None:
    """Every page and feed asked of the writer rendered and signalled (IncrementalWriter queues them);
    without wait, those queued only started rendering."""
    flush = getattr(writer, "flush", None)
    if flush is not None:
        flush(wait=wait)


class DigestGenerator(Generator):
    """Writes index.html (stories collapsed), story and language pages with their Atom feeds, the
    languages index, and last, once every page and feed is written, feeds.opml, sitemap.xml and
    robots.txt."""

    def generate_context(self):
        # The articles generator has filled self.context; the site-wide steps ran at its signals.
        site_url = (self.settings.get("SITEURL") or "").rstrip("/")
        articles = self.context.get("articles", [])
        self.languages = language_pages(articles, self.settings)
        self.context["language_pages"] = self.languages
        self.outputs = SiteOutputs(
            site_url=site_url,
            feed_domain=(self.settings.get("FEED_DOMAIN") or site_url).rstrip("/"),
            output_path=self.output_path,
            lang_of_url={article.url: article.lang for article in articles},
            feed_pages=feed_pages(self.context, self.settings, site_url, self.languages),
            sitemap_exclude=tuple(self.settings.get("NEWS_DIGEST_SITEMAP_EXCLUDE") or ()),
        )
        self.context[CONTEXT_KEY] = self.outputs

    def generate_output(self, writer):
        write = partial(writer.write_file, relative_urls=self.settings["RELATIVE_URLS"])
        self.write_index(write)
        self.write_stories(write, writer)
        self.write_languages(write, writer)
        self.write_machine_files(writer)

    def write_index(self, write):
        digest = digest_articles(self.context.get("articles", []))
        write(
            self.settings.get("INDEX_SAVE_AS", "index.html"),
            self.get_template("index"),
            self.context,
            articles=digest,
            dates=digest,
            blog=True,
            template_name="index",
            page_name="index",
            url=self.settings.get("INDEX_URL", ""),
        )

    def write_stories(self, write, writer):
        template = self.get_template("story")
        for story in self.context.get("stories", []):
            write(
                story.save_as,
                template,
                self.context,
                story=story,
                articles=story.articles,
                template_name="story",
                url=story.url,
                page_name=story.url.rstrip("/"),
            )
            if story.feed:
                writer.write_feed(list(reversed(story.articles)), self.context, story.feed, feed_title=story.title)

    def write_languages(self, write, writer):
        """Each language's page, paginated as PAGINATED_TEMPLATES["lang"] says, and its feed; then
        the index of languages with their counts."""
        template = self.get_template("lang")
        name_of = self.env.filters["lang_name"]
        for language in self.languages:
            write(
                language.save_as,
                template,
                self.context,
                language=language.heading,
                articles=language.articles,
                dates=language.articles,
                template_name="lang",
                blog=True,
                url=language.url,
                page_name=language.url.rstrip("/"),
            )
            if language.feed:
                writer.write_feed(language.articles, self.context, language.feed, feed_title=name_of(language.tag))
        save_as = self.settings.get("NEWS_DIGEST_LANGUAGES_SAVE_AS")
        if save_as:
            url = self.settings.get("NEWS_DIGEST_LANGUAGES_URL") or ""
            write(
                save_as,
                self.get_template("languages"),
                self.context,
                template_name="languages",
                url=url,
                page_name=url.rstrip("/"),
            )

    def write_machine_files(self, writer):
        """Written last, from what the build wrote: every feed (OPML) and every page (sitemap)."""
        flush_writer(writer)
        opml_as = self.settings.get("NEWS_DIGEST_OPML_SAVE_AS")
        if opml_as:
            writer.write_file(
                opml_as,
                self.env.get_template(OPML_TEMPLATE),
                self.context,
                relative_urls=False,
                feed_groups=self.outputs.feed_groups(),
            )
        flush_writer(writer)
        site_url = self.outputs.site_url
        sitemap_as = self.settings.get("NEWS_DIGEST_SITEMAP_SAVE_AS")
        sitemap_url = None
        if sitemap_as and site_url:
            self.write_text(sitemap_as, sitemap_xml(self.outputs.pages))
            sitemap_url = f"{site_url}/{sitemap_as}"
        elif sitemap_as:
            logger.warning("%s no sitemap.xml: its addresses must be absolute and SITEURL is empty", LOG_PREFIX)
        robots_as = self.settings.get("NEWS_DIGEST_ROBOTS_SAVE_AS")
        if robots_as:
            self.write_text(robots_as, robots_txt(sitemap_url))

    def write_text(self, name: str, text: str) -> None:
        path = os.path.join(self.output_path, name)
        os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
        with open(path, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        logger.info('%s writing "%s"', LOG_PREFIX, path)
