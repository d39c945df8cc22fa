"""Tag, source, author and period pages: the linear replacements give what Pelican's own methods give."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta, timezone
from types import SimpleNamespace

from news_digest.site.archive_pages import build_period_archives, write_groups
from pelican.generators import ArticlesGenerator

SETTINGS = {
    "YEAR_ARCHIVE_SAVE_AS": "{date:%Y}/index.html",
    "YEAR_ARCHIVE_URL": "{date:%Y}/",
    "MONTH_ARCHIVE_SAVE_AS": "{date:%Y}/{date:%m}/index.html",
    "MONTH_ARCHIVE_URL": "{date:%Y}/{date:%m}/",
    "DAY_ARCHIVE_SAVE_AS": "{date:%Y}/{date:%m}/{date:%d}/index.html",
    "DAY_ARCHIVE_URL": "{date:%Y}/{date:%m}/{date:%d}/",
}


def sample_articles(count: int, seed: int) -> tuple[list, list]:
    """Articles over two years in three time zones, so that one day's articles can interleave with
    another's in time order; returned as written and in Pelican's newest-first date order."""
    rng = random.Random(seed)
    zones = [UTC, timezone(timedelta(hours=8)), timezone(timedelta(hours=-5))]
    start = datetime(2025, 12, 20, tzinfo=UTC)
    articles = [
        SimpleNamespace(
            name=f"a{index}",
            date=(start + timedelta(minutes=rng.randrange(0, 60 * 24 * 30))).astimezone(rng.choice(zones)),
        )
        for index in range(count)
    ]
    return articles, sorted(articles, key=lambda article: article.date, reverse=True)


def names(archives: dict) -> dict:
    return {
        granularity: [
            {**archive, "dates": [a.name for a in archive["dates"]], "articles": [a.name for a in archive["articles"]]}
            for archive in listed
        ]
        for granularity, listed in archives.items()
    }


def test_period_archives_are_pelicans_own_groupings():
    articles, dates = sample_articles(400, seed=7)
    ours = build_period_archives(None, dates, articles, SETTINGS)
    pelicans = ArticlesGenerator._build_period_archives(None, dates, articles, SETTINGS)
    assert names(ours) == names(pelicans)
    # The sample does interleave: some day is split into several groups, each with its own articles.
    days = [archive["period_num"] for archive in ours["day"]]
    assert len(days) > len(set(days))


def test_a_granularity_without_save_as_has_no_archives():
    articles, dates = sample_articles(30, seed=1)
    settings = {**SETTINGS, "DAY_ARCHIVE_SAVE_AS": "", "MONTH_ARCHIVE_SAVE_AS": ""}
    ours = build_period_archives(None, dates, articles, settings)
    assert set(ours) == {"year"}
    assert names(ours) == names(ArticlesGenerator._build_period_archives(None, dates, articles, settings))


def test_group_pages_list_their_articles_in_the_sites_date_order():
    articles, dates = sample_articles(60, seed=3)
    tagged = articles[::3]
    written = []
    generator = SimpleNamespace(
        dates=dates, articles=articles, context={}, get_template=lambda name: f"template:{name}"
    )
    wrapper = SimpleNamespace(save_as="tag/x.html", url="tag/x.html", page_name="tag/x", slug="x")
    write_groups(generator, lambda *args, **kwargs: written.append(kwargs), [(wrapper, tagged)], "tag", "tag")
    [page] = written
    assert page["articles"] is tagged
    # What Pelican computes: [a for a in dates if a in articles].
    assert [a.name for a in page["dates"]] == [a.name for a in dates if a in tagged]
