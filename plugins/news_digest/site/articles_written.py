"""Telling the build that every article page is on disk, while Pelican still writes the rest.

tools/build.py starts the steps that read article pages only (the search index) as soon as those
pages are written, alongside Pelican's list pages, feeds and machine files. It passes the write end
of a pipe in NEWS_DIGEST_ARTICLES_WRITTEN_FD; this module writes one line to it, once, when
Pelican's articles generator has written every page its article template makes (articles, hidden
articles, their translations, drafts) and the writer holds none of them back (IncrementalWriter
queues pages). Pelican writes drafts after its list pages: with drafts, the line waits for them;
without, the list pages queued by then start rendering there, and Pelican goes on (the report, the
story and language pages) without waiting for them.
Pelican writes the articles generator's feeds before any page; when the build listens, they are
written right after the article pages instead (the order of the files written changes nothing in
them), so that they do not hold the line back.
Without the variable (plain `pelican`, `make regenerate`) nothing is wrapped.
"""

from __future__ import annotations

import os

from .build_notices import ARTICLES_WRITTEN as MESSAGE
from .build_notices import VARIABLE
from .build_notices import tell_written as tell
from .generator import flush_writer

__all__ = ["MESSAGE", "VARIABLE", "install", "tell", "written"]


def writer_of(write):
    """The writer behind `write`, Pelican's partial of its write_file."""
    return getattr(getattr(write, "func", None), "__self__", None)


def written(write) -> None:
    """The pages asked of the writer behind `write` are on disk: say so."""
    flush_writer(writer_of(write))
    tell()


def install(generator) -> None:
    """On Pelican's articles generator, when the build listens: its article and draft writing
    wrapped, and its feeds, which Pelican writes before any page, written right after the article
    pages instead, so that the line comes that much sooner (some 1,400 feeds at 20,000 articles,
    about a second)."""
    if not os.environ.get(VARIABLE):
        return
    write_feeds, write_articles, write_drafts = (
        generator.generate_feeds,
        generator.generate_articles,
        generator.generate_drafts,
    )
    feed_writers = []

    def generate_feeds(writer) -> None:
        feed_writers.append(writer)

    def generate_articles(write) -> None:
        write_articles(write)
        if not (generator.drafts or generator.drafts_translations):
            written(write)
        while feed_writers:
            write_feeds(feed_writers.pop(0))

    def generate_drafts(write) -> None:
        write_drafts(write)
        if generator.drafts or generator.drafts_translations:
            written(write)
        else:  # the line is told: the list pages render while the build goes on
            flush_writer(writer_of(write), wait=False)

    generator.generate_feeds = generate_feeds
    generator.generate_articles = generate_articles
    generator.generate_drafts = generate_drafts
