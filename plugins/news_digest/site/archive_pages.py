"""Tag, source and author pages written as Pelican writes them, in time linear in the archive.

Pelican's generators find each tag's articles in date order by testing every article of the site
against the tag's list (`[a for a in dates if a in articles]`): about five comparisons per article
per article, minutes at 20,000 articles and the reason its time per article grows with the archive.
Here each article's place in the date order is looked up once, then each list is sorted by it.
"""

from __future__ import annotations

import logging
import types

from pelican.writers import FileOverwriteFailedError

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


def install(generator) -> None:
    """On Pelican's articles generator: its own methods replaced by the linear ones above."""
    for method in (generate_tags, generate_categories, generate_authors):
        setattr(generator, method.__name__, types.MethodType(method, generator))
