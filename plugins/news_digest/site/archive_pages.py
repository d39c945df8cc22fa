"""Tag, source, author and period pages written as Pelican writes them, in time linear in the archive.

Pelican's generators find each tag's articles in date order by testing every article of the site
against the tag's list (`[a for a in dates if a in articles]`): about five comparisons per article
per article, minutes at 20,000 articles and the reason its time per article grows with the archive.
Here each article's place in the date order is looked up once, then each list is sorted by it. Its
period archives likewise test every article against each day's list; here each article is filed
under its year, month and day once.
"""

from __future__ import annotations

import calendar
import logging
import types
from collections import defaultdict
from itertools import groupby
from operator import attrgetter
from zoneinfo import ZoneInfo

from pelican.generators import PelicanTemplateNotFound
from pelican.writers import FileOverwriteFailedError

from ..settings import resolve
from .charts import month_by_language
from .pagination import FIRST_PAGE_ONLY

logger = logging.getLogger(__name__)


def in_date_order(articles: list, position: dict[int, int]) -> list:
    return sorted((a for a in articles if id(a) in position), key=lambda a: position[id(a)])


def write_groups(generator, write, groups, template_name: str, wrapper_key: str) -> None:
    template = generator.get_template(template_name)
    position = {id(article): index for index, article in enumerate(generator.dates)}
    for wrapper, articles in groups:
        try:
            write(
                wrapper.save_as,
                template,
                generator.context,
                url=wrapper.url,
                articles=articles,
                dates=in_date_order(articles, position),
                template_name=template_name,
                blog=True,
                page_name=wrapper.page_name,
                all_articles=generator.articles,
                **{wrapper_key: wrapper},
            )
        except FileOverwriteFailedError:
            if wrapper.slug:
                raise
            logger.info('%s "%s" has an invalid slug; its page is not written', template_name, wrapper)


def generate_tags(generator, write) -> None:
    write_groups(generator, write, generator.tags.items(), "tag", "tag")


def generate_categories(generator, write) -> None:
    write_groups(generator, write, generator.categories, "category", "category")


def generate_authors(generator, write) -> None:
    write_groups(generator, write, generator.authors, "author", "author")


def build_period_archives(generator, sorted_articles, articles, settings):
    """Pelican 4.12's per-year, per-month and per-day groupings, each period's articles found by
    grouping rather than by testing every article against the period's list."""
    granularities = {
        "year": (settings["YEAR_ARCHIVE_SAVE_AS"], settings["YEAR_ARCHIVE_URL"], attrgetter("date.year")),
        "month": (
            settings["MONTH_ARCHIVE_SAVE_AS"],
            settings["MONTH_ARCHIVE_URL"],
            attrgetter("date.year", "date.month"),
        ),
        "day": (
            settings["DAY_ARCHIVE_SAVE_AS"],
            settings["DAY_ARCHIVE_URL"],
            attrgetter("date.year", "date.month", "date.day"),
        ),
    }
    period_archives = defaultdict(list)
    for granularity, (save_as_format, url_format, key) in granularities.items():
        if not save_as_format:
            continue
        groups = [(period, list(group)) for period, group in groupby(sorted_articles, key=key)]
        # Each group's articles in the order of `articles`, as Pelican lists them: filed once each.
        group_of = {id(article): index for index, (_, dates) in enumerate(groups) for article in dates}
        members = [[] for _ in groups]
        for article in articles:
            if id(article) in group_of:
                members[group_of[id(article)]].append(article)
        for (period, dates), in_group in zip(groups, members, strict=True):
            first = dates[0].date
            archive = {
                "dates": dates,
                "articles": in_group,
                "save_as": save_as_format.format(date=first),
                "url": url_format.format(date=first),
            }
            if granularity == "year":
                archive["period"] = archive["period_num"] = (period,)
            else:
                month_name = calendar.month_name[period[1]]
                archive["period"] = (period[0], month_name, *period[2:])
                archive["period_num"] = tuple(period)
            period_archives[granularity].append(archive)
    return period_archives


def generate_period_archives(generator, write) -> None:
    """Pelican 4.12's period pages, and a month's first page is also given the month's chart,
    `month_chart` (articles per day by language): the numbers, not the month's whole list, so that
    the page is not rendered again when an article it does not list changes (an edit, a story's new
    report) but the month's numbers do not. No page of a period reads the period's whole list, and
    only the first reads the chart: a month's older pages are not rendered again when it gains an
    article."""
    try:
        template = generator.get_template("period_archives")
    except PelicanTemplateNotFound:
        template = generator.get_template("archives")
    zone = ZoneInfo(resolve(generator.settings).display_timezone)
    for granularity, periods in generator.period_archives.items():
        for period in periods:
            context = generator.context.copy()
            context["period"] = period["period"]
            context["period_num"] = period["period_num"]
            extra = {}
            if granularity == "month":
                extra["month_chart"] = month_by_language(period["dates"], *period["period_num"][:2], zone)
                extra[FIRST_PAGE_ONLY] = ("month_chart",)
            write(
                period["save_as"],
                template,
                context,
                articles=period["articles"],
                dates=period["dates"],
                template_name="period_archives",
                blog=True,
                url=period["url"],
                all_articles=generator.articles,
                **extra,
            )


def install(generator) -> None:
    """On Pelican's articles generator: its own methods replaced by the linear ones above."""
    for method in (generate_tags, generate_categories, generate_authors, generate_period_archives):
        setattr(generator, method.__name__, types.MethodType(method, generator))
    generator._build_period_archives = types.MethodType(build_period_archives, generator)
