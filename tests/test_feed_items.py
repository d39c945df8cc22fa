"""Feed items made once per article: the feeds that list an article share the item Pelican made for
it, and write exactly what Pelican's own writer writes."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from news_digest.site.incremental import ACTIVE_WRITERS, IncrementalWriter
from pelican import signals
from pelican.contents import Article, Tag
from pelican.settings import DEFAULT_CONFIG
from pelican.writers import Writer

FEEDS = (("feeds/all.atom.xml", None, "atom"), ("feeds/tag/ports.atom.xml", "Ports", "atom"))


@pytest.fixture
def settings(tmp_path):
    return {
        **DEFAULT_CONFIG,
        "SITEURL": "https://digest.example",
        "FEED_DOMAIN": "https://digest.example",
        "SITENAME": "Harbour Digest",
        "CACHE_PATH": str(tmp_path / "cache"),
        "NEWS_DIGEST_WORKERS": 1,
    }


def quay_report(number: int, settings, tag: Tag, repaired: str = "fenders") -> Article:
    metadata = {
        "title": f"Quay report {number}",
        "date": datetime(2025, 2, 1, 9) + timedelta(hours=number),
        "summary": f"Berth {number} reopened.",
        "tags": [tag],
    }
    text = f"<p>Berth {number} reopened after repairs to its {repaired}.</p>"
    return Article(text, metadata=metadata, settings=settings, source_path=f"/content/quay-{number}.txt")


@pytest.fixture
def articles(settings):
    tag = Tag("Ports", settings)
    return [quay_report(number, settings, tag) for number in range(4)]


def write(writer, articles, settings, rss: bool = False) -> list:
    feeds = []
    for number, (path, title, kind) in enumerate(FEEDS):
        listed = articles[number:]  # the tag's feed lists fewer articles than the site's
        feeds.append(
            writer.write_feed(listed, dict(settings), path, feed_type="rss" if rss else kind, feed_title=title)
        )
    if isinstance(writer, IncrementalWriter):
        finish(writer)
    return feeds


def finish(writer: IncrementalWriter) -> None:
    writer.finish()
    if writer in ACTIVE_WRITERS:  # the build's finalized signal would take it off
        ACTIVE_WRITERS.remove(writer)


def test_feeds_listing_one_article_share_its_item(tmp_path, settings, articles):
    site, tag = write(IncrementalWriter(str(tmp_path / "ours"), settings=settings), articles, settings)
    assert len(site.items) == 4 and len(tag.items) == 3
    for shared, own in zip(tag.items, site.items[1:], strict=True):
        assert shared is own


def test_an_rss_feed_gets_its_own_items(tmp_path, settings, articles):
    writer = IncrementalWriter(str(tmp_path / "ours"), settings=settings)
    atom = writer.write_feed(articles, dict(settings), "feeds/all.atom.xml")
    rss = writer.write_feed(articles, dict(settings), "feeds/all.rss.xml", feed_type="rss")
    finish(writer)
    assert all(mine is not theirs for mine, theirs in zip(atom.items, rss.items, strict=True))
    assert atom.items[0]["content"] and rss.items[0]["content"] is None


@pytest.mark.parametrize("rss", [False, True])
def test_shared_items_write_what_pelicans_writer_writes(tmp_path, settings, articles, rss):
    write(IncrementalWriter(str(tmp_path / "ours"), settings=settings), articles, settings, rss)
    write(Writer(str(tmp_path / "pelican"), settings=settings), articles, settings, rss)
    for path, _, _ in FEEDS:
        ours = (tmp_path / "ours" / path).read_bytes()
        assert ours == (tmp_path / "pelican" / path).read_bytes()
        assert ours.count(b"Quay report") == (4 if path == FEEDS[0][0] else 3)


def rebuild(tmp_path, settings, articles) -> IncrementalWriter:
    """The feeds written again into the same folder by a new writer: kept where their keys match."""
    writer = IncrementalWriter(str(tmp_path / "ours"), settings=settings)
    write(writer, articles, settings)
    return writer


def test_a_feed_is_kept_until_what_its_items_are_made_from_changes(tmp_path, settings, articles):
    # No receiver of feed_generated but the plugin's own: the feeds are keyed by their articles.
    assert rebuild(tmp_path, settings, articles).reused == 0
    assert rebuild(tmp_path, settings, articles).reused == len(FEEDS)
    articles[0] = quay_report(0, settings, articles[0].tags[0], repaired="bollards")
    again = rebuild(tmp_path, settings, articles)
    assert again.reused == len(FEEDS) - 1  # the tag's feed does not list the first article
    assert b"bollards" in (tmp_path / "ours" / FEEDS[0][0]).read_bytes()
    # The tag's name changed, not its address (nor, so, any article's own values).
    renamed = Tag("Harbours", settings)
    renamed.slug = articles[0].tags[0].slug
    for article in articles:
        article.tags = [renamed]
    assert rebuild(tmp_path, settings, articles).reused == 0
    assert b'term="Harbours"' in (tmp_path / "ours" / FEEDS[1][0]).read_bytes()


def test_with_another_receiver_of_feed_generated_a_feed_is_keyed_by_its_items(tmp_path, settings, articles):
    # A receiver may change the items Pelican made: then only the items built tell what is written.
    marks = iter(range(1_000))

    def mark_titles(context, feed=None):
        mark = next(marks) // len(FEEDS)  # one mark per build
        for item in feed.items:
            item["title"] = f"{item['title'].split(' #')[0]} #{mark}"

    signals.feed_generated.connect(mark_titles)
    try:
        rebuild(tmp_path, settings, articles)
        again = rebuild(tmp_path, settings, articles)
    finally:
        signals.feed_generated.disconnect(mark_titles)
    assert again.reused == 0
    assert b"Quay report 1 #1" in (tmp_path / "ours" / FEEDS[0][0]).read_bytes()
