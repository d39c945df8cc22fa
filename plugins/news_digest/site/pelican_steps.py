"""The site-wide steps applied to Pelican's articles, before its tag, source and date lists are built."""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field, replace
from datetime import date, datetime

from pelican.contents import Tag

from ..cache import code_digest
from ..knowledge import Knowledge
from ..metadata import display_date
from ..parsing import Parsed, worker_count
from ..settings import DigestSettings
from . import steps_ahead
from .health import KnownSource, Published, Rejected, source_health
from .neighbours import NEIGHBOUR_ATTRIBUTES, neighbours
from .page_digest import ShowingMore
from .steps import Entry, SiteResult, run_site_steps
from .stories import Resume


@dataclass
class Copy:
    """A merged copy, as its canonical article lists it ("Also published by …")."""

    source_name: str
    url: str | None
    published: datetime | None
    date: datetime
    lang: str
    path: str


@dataclass
class StoryPage:
    """A story's page and feed, and what its articles show of it."""

    id: str
    url: str
    save_as: str
    feed: str | None
    articles: list = field(default_factory=list)  # time order

    @property
    def lead(self):
        return self.articles[-1]

    @property
    def title(self):
        return self.lead.title

    @property
    def first_date(self):
        return self.articles[0].date

    @property
    def last_date(self):
        return self.articles[-1].date

    def by_language(self) -> list[tuple[str, list]]:
        groups: dict[str, list] = {}
        for article in self.articles:
            groups.setdefault(article.lang, []).append(article)
        return sorted(groups.items(), key=lambda pair: (pair[1][0].date, pair[0]))

    def others(self, article) -> list:
        return [other for other in self.articles if other is not article]


logger = logging.getLogger(__name__)
LOG_PREFIX = "news_digest:"
# Reports of the same story an article's page links to: the ones nearest it in time. The story's page
# lists them all; a page that listed every one would change with every new report of a long story.
STORY_LINKS_SHOWN = 8
# The stories' checkpoint for the next build (stories.Resume), in CACHE_PATH/news_digest.
STORIES_CHECKPOINT = "stories-checkpoint.pickle"


@dataclass(frozen=True)
class ArticleLink:
    """Another article as an article's page links to it (its story's reports, its neighbours): only
    this, so that the page changes when what it shows of that article does, and not with the rest."""

    url: str
    title: str
    lang: str
    source_name: str
    date: datetime

    @classmethod
    def of(cls, article) -> ArticleLink:
        source = getattr(article, "source_name", None) or getattr(getattr(article, "category", None), "name", "")
        return cls(article.url, article.title, article.lang, source, article.date)


@dataclass(frozen=True)
class StoryView:
    """What one article shows of its story: the story's address, its size, the reports nearest in time."""

    id: str
    url: str
    count: int  # reports in the story, this one included; on the lead only (the home digest shows it there)
    nearby: tuple = ()  # up to STORY_LINKS_SHOWN other reports, time order
    is_lead: bool = False  # the story's latest report: where lists show the story

    def others(self, article=None) -> list:
        return list(self.nearby)


def nearest_others(articles: list, index: int, count: int) -> tuple:
    """Up to `count` of the other articles, those nearest to articles[index] in the list's (time) order."""
    start = max(0, min(index - count // 2, len(articles) - count - 1))
    window = articles[start : start + count + 1]
    return tuple(article for article in window if article is not articles[index])[:count]


def make_entry(key, date, title, lang, source_id, features, fetched, knowledge: Knowledge) -> Entry:  # noqa: PLR0917
    known = knowledge.tags.tags
    kinds = {tag: known[tag].kind for tag in features.key_tags if tag in known}
    return Entry(key, date, title, lang, source_id, features, kinds, fetched)


def entry_for(article, knowledge: Knowledge, path: str | None = None) -> Entry:
    """The entry of a Pelican article, or of an article cache's Head (which has no path: `path`)."""
    return make_entry(
        path or article.source_path,
        article.published or article.date,
        article.title,
        article.lang,
        article.source_id,
        article.nd_features,
        article.fetched,
        knowledge,
    )


def entries_ahead(  # noqa: PLR0917
    parsed: dict, heads: dict, paths: list[str], config: DigestSettings, knowledge: Knowledge, order_by
):
    """The entries Pelican's articles will give, made from the parses of the raw files `paths` (in
    the order Pelican reads them), or from the heads of their articles in the article cache
    (`heads`: article_cache.Head), and listed in the order Pelican will list the articles; None when
    that order is not one steps_ahead can tell. Rejected files give no article."""
    dated = []
    for path in paths:
        head = heads.get(path)
        if head is not None:
            dated.append((head.date, entry_for(head, knowledge, path)))
            continue
        result = parsed.get(path)
        if not isinstance(result, Parsed):
            continue
        article, shown = result.article, display_date(result.article, config.display_timezone)
        entry = make_entry(
            path,
            article.published or shown,
            result.presentation.title,
            article.lang,
            article.source.id,
            result.features,
            article.fetched,
            knowledge,
        )
        dated.append((shown, entry))
    return steps_ahead.pelican_order(dated, order_by)


def stories_resume(settings: dict, config: DigestSettings) -> Resume | None:
    """Where the stories' checkpoint is kept from one build to the next (none without a cache)."""
    if not config.cache:
        return None
    folder = settings.get("CACHE_PATH") or "cache"
    return Resume(os.path.join(folder, "news_digest", STORIES_CHECKPOINT), code_digest())


def start_steps_ahead(generator, reader, paths: list[str]) -> steps_ahead.Ahead | None:
    """Once the raw files `paths` (in the order Pelican reads them) are parsed: the site steps started
    in a child while Pelican reads on; None where they are better run after reading."""
    settings, config = generator.settings, reader.config
    workers = worker_count(config.workers)
    if not steps_ahead.worth_starting(len(paths), workers):
        return None
    entries = entries_ahead(
        reader.parsed, reader.heads, paths, config, reader.knowledge, settings.get("ARTICLE_ORDER_BY")
    )
    if entries is None:
        return None
    return steps_ahead.start(entries, config.site, set(reader.knowledge.tags.tags), stories_resume(settings, config))


def apply_site_steps(
    generator, config: DigestSettings, knowledge: Knowledge, outcomes: dict, ahead: steps_ahead.Ahead | None = None
) -> SiteResult:
    """The steps' result applied to Pelican's articles; `ahead`: the steps started while reading
    (start_steps_ahead), whose result is taken where it is that of these articles."""
    settings = generator.settings
    articles = [a for a in generator.articles if hasattr(a, "nd_features")]
    by_path = {article.source_path: article for article in articles}
    entries = [entry_for(a, knowledge) for a in articles]
    found = steps_ahead.take(ahead, entries)
    if found is not None:
        result, resumed_at = found
    else:
        resume = stories_resume(settings, config)
        result = run_site_steps(entries, config.site, set(knowledge.tags.tags), resume)
        resumed_at = resume.resumed_at if resume is not None else 0
    if resumed_at:
        logger.info(
            "%s stories clustered from the last build's checkpoint, at article %d of %d in time order",
            LOG_PREFIX,
            resumed_at + 1,
            len(entries) - len(result.duplicate_of),
        )

    for canonical_path, copy_paths in result.copies.items():
        canonical = by_path[canonical_path]
        canonical.also_published = [
            Copy(c.source_name, c.original_url, c.published, c.date, c.lang, c.source_path)
            for c in (by_path[path] for path in copy_paths)
        ]
    for copy_path, canonical_path in result.duplicate_of.items():
        outcome = outcomes.get(copy_path)
        if outcome is not None:
            outcome.status = "merged"
            outcome.canonical = outcomes[canonical_path].path if canonical_path in outcomes else canonical_path
    generator.articles = [a for a in generator.articles if a.source_path not in result.duplicate_of]

    stories = []
    for story in result.stories:
        page = StoryPage(
            id=story.id,
            url=settings["NEWS_DIGEST_STORY_URL"].format(slug=story.id),
            save_as=settings["NEWS_DIGEST_STORY_SAVE_AS"].format(slug=story.id),
            feed=(settings.get("NEWS_DIGEST_STORY_FEED_ATOM") or "").format(slug=story.id) or None,
            articles=sorted((by_path[m.key] for m in story.members), key=lambda a: (a.date, a.source_path)),
        )
        for index, article in enumerate(page.articles):
            article.story = StoryView(
                id=page.id,
                url=page.url,
                count=len(page.articles) if index == len(page.articles) - 1 else 0,
                nearby=nearest_others(page.articles, index, STORY_LINKS_SHOWN),
                is_lead=index == len(page.articles) - 1,
            )
        stories.append(page)
    generator.context["stories"] = stories

    automatic: dict[tuple[str, str], Tag] = {}  # one Tag object per automatic tag, as the reader shares its own
    for path, tags in result.auto_tags.items():
        article = by_path[path]
        present = {tag.slug for tag in getattr(article, "tags", [])}
        for auto in tags:
            if auto.id not in present:
                tag = automatic.get((auto.id, auto.label))
                if tag is None:
                    tag = automatic[auto.id, auto.label] = Tag(auto.label, settings)
                    tag.slug = auto.id
                article.tags = [*getattr(article, "tags", []), tag]
    return result


def digest_articles(articles: list) -> ShowingMore:
    """The home page's list: a story once, at its latest article, its coverage collapsed under it
    (so, unlike other lists, the page shows each article's story: page_digest.ShowingMore)."""
    shown = []
    for article in articles:
        story = getattr(article, "story", None)
        if story is None or story.is_lead:
            shown.append(article)
    return ShowingMore(shown, ("story",))


def display_day(article) -> date:
    """The article's day in the display time zone, as its day page files it."""
    day = getattr(article, "display_day", None)
    return date.fromisoformat(day) if day else article.date.date()


def time_order(article):
    return (article.date, article.source_path or "")


def link_neighbours(articles: list) -> None:
    """prev_in_day/next_in_day and prev_in_source/next_in_source: the articles just before and after
    it (in time) on its day and from its source; None at either end."""
    by_day = neighbours(articles, lambda a: display_day(a).isoformat(), time_order)
    by_source = neighbours(articles, lambda a: getattr(a, "source_id", None) or a.category.slug, time_order)
    for article, (before, after), (earlier, later) in zip(articles, by_day, by_source, strict=True):
        article.prev_in_day, article.next_in_day = before, after
        article.prev_in_source, article.next_in_source = earlier, later


def archive_health(articles: list, knowledge: Knowledge, outcomes: dict, chart_days: int) -> list:
    """Per source: its articles, days, rejected files and chart, for the sources page."""
    published = [
        Published(
            getattr(a, "source_id", None) or a.category.slug,
            getattr(a, "source_name", None) or a.category.name,
            getattr(a, "source_domain", None),
            display_day(a),
        )
        for a in articles
    ]
    rejected = [
        Rejected(outcome.source_id or "unknown", outcome.path, outcome.reason or "")
        for outcome in outcomes.values()
        if outcome.status == "rejected"
    ]
    merged: dict[str, int] = {}
    for outcome in outcomes.values():
        if outcome.status == "merged" and outcome.source_id:
            merged[outcome.source_id] = merged.get(outcome.source_id, 0) + 1
    known = [KnownSource(s.id, s.name, s.domain) for s in knowledge.sources.by_id.values()]
    return source_health(published, rejected, known, merged, chart_days)


def describe_archive(generator, config: DigestSettings, knowledge: Knowledge, outcomes: dict) -> None:
    """Once the article list is final: each article's neighbours, the sources' health, and the
    archives page's list (`archive_links`: Pelican's `dates`, each article as the page shows it, so
    that the page is written again when a title, address, language, source or date changes, not
    with every edit of an article's text)."""
    link_neighbours(generator.articles)
    link_of = link_maker()
    for article in generator.articles:
        for name in NEIGHBOUR_ATTRIBUTES:
            linked = getattr(article, name, None)
            setattr(article, name, link_of(linked) if linked is not None else None)
    link_story_reports(generator.articles, link_of)
    generator.context["archive_links"] = [link_of(article) for article in generator.dates]
    generator.context["source_health"] = archive_health(generator.articles, knowledge, outcomes, config.chart_days)


def link_maker():
    """ArticleLink.of, one link per article however many pages link to it (and so one digest of it
    per build when page keys are worked out)."""
    links: dict[int, tuple[object, ArticleLink]] = {}

    def link_of(article) -> ArticleLink:
        known = links.get(id(article))
        if known is None or known[0] is not article:
            known = links[id(article)] = (article, ArticleLink.of(article))
        return known[1]

    return link_of


def link_story_reports(articles: list, link_of=None) -> None:
    """Once slugs are final: each article's nearby reports of its story as the links its page shows."""
    link_of = link_of or link_maker()
    for article in articles:
        view = getattr(article, "story", None)
        if isinstance(view, StoryView):
            article.story = replace(view, nearby=tuple(link_of(other) for other in view.nearby))
