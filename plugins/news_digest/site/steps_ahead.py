"""The site steps worked out in a forked child while Pelican reads the archive.

Duplicates, stories and automatic tags (steps.run_site_steps) need only what the parse gives each
article: its features, title, language, source and times. So once every raw file is parsed (or taken
from the parse cache), before Pelican makes its first Article, a forked child runs the steps on
entries made from the parses, listed in the order Pelican will list the articles, while this
process goes on reading. When Pelican has its article list (article_generator_pretaxonomy), the
entries are made again from its articles: where they are the child's, field for field and in the
same order, the child's result is taken; otherwise (an article Pelican dropped or held back as a
draft, a date it changed, an ARTICLE_ORDER_BY other than by date, a child that failed) the steps run
in this process as before. Either way the result is that of the entries Pelican ends up with.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from operator import itemgetter

from .. import heap
from . import render_pool
from .steps import Entry, SiteResult, run_site_steps, story_item
from .stories import Resume, Story

logger = logging.getLogger(__name__)
# Fewer articles than this are stepped through after reading: a fork costs more than it overlaps.
MIN_ARTICLES = 2000
# Pelican's ARTICLE_ORDER_BY values whose order the entries can be listed in ahead -> whether reversed.
ORDERS = {"date": False, "reversed-date": True}


@dataclass
class Ahead:
    """A child working out the steps' result for `entries`."""

    entries: list[Entry]
    pid: int
    read_end: int


def pelican_order(dated: list[tuple], order_by) -> list[Entry] | None:
    """The entries of (Pelican's date, entry) pairs, listed in the order Pelican will list their
    articles (read in this order, then sorted by its date, stably); None for an order it cannot tell."""
    if not isinstance(order_by, str) or order_by not in ORDERS:
        return None
    try:
        return [entry for _, entry in sorted(dated, key=itemgetter(0), reverse=ORDERS[order_by])]
    except TypeError:  # dates that do not compare (Pelican's own sort fails on them too)
        return None


def worth_starting(articles: int, workers: int) -> bool:
    return workers >= 2 and articles >= MIN_ARTICLES and render_pool.can_fork()


def start(entries: list[Entry], rules, taken_tag_ids: set[str], resume: Resume | None) -> Ahead:
    """A forked child running the steps on entries."""

    def work() -> tuple[SiteResult, int]:
        result = run_site_steps(entries, rules, taken_tag_ids, resume)
        return without_story_items(result), resume.resumed_at if resume is not None else 0

    with heap.frozen_for_fork():
        pid, read_end = render_pool.fork_pickling(work)
    return Ahead(entries, pid, read_end)


def without_story_items(result: SiteResult) -> SiteResult:
    """The result as the child sends it: each story's members by key, not as the records they were
    clustered from. This process has those records' entries (take checks that they are the child's),
    and the records would be most of what is pickled: 0.14 s to pickle and 0.12 s to read back for
    20,000 articles in stories, against under 0.01 s for their keys."""
    return replace(
        result, stories=tuple(Story(story.id, tuple(m.key for m in story.members)) for story in result.stories)
    )


def with_story_items(result: SiteResult, entries: list[Entry]) -> SiteResult:
    """The result as run_site_steps gives it, from the child's (without_story_items)."""
    by_key = {entry.key: entry for entry in entries}
    stories = tuple(
        Story(story.id, tuple(story_item(by_key[key]) for key in story.members)) for story in result.stories
    )
    return replace(result, stories=stories)


def same_entries(ahead: list[Entry], entries: list[Entry]) -> bool:
    """Equal field for field, and each date at the same offset (equal datetimes in two zones are
    one instant, but not one day or month)."""
    return ahead == entries and all(
        mine.date.utcoffset() == theirs.date.utcoffset() for mine, theirs in zip(ahead, entries, strict=True)
    )


def take(ahead: Ahead | None, entries: list[Entry]) -> tuple[SiteResult, int] | None:
    """The child's result and the position its stories resumed from, where it stepped through these
    very entries; None otherwise. The child is reaped either way."""
    if ahead is None:
        return None
    found = render_pool.read_pickled(ahead.pid, ahead.read_end, "the site steps")
    if found is None:
        return None
    if not same_entries(ahead.entries, entries):
        logger.debug("news_digest: the articles Pelican listed are not those parsed; site steps run again")
        return None
    result, resumed_at = found
    return with_story_items(result, entries), resumed_at
