"""Atom feeds written with each entry's text made once: byte for byte what feedgenerator writes."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta

import feedgenerator
import pytest
from news_digest.site import feed_text


@pytest.fixture(autouse=True)
def no_entries_kept():
    feed_text.ENTRIES.clear()
    yield
    feed_text.ENTRIES.clear()


def harbour_feed(language: str | None = "en", **fields) -> feedgenerator.Atom1Feed:
    return feedgenerator.Atom1Feed(
        title="Harbour Digest & <friends>",
        link="https://digest.example/",
        description="Quays, ferries and tides",
        language=language,
        feed_url="https://digest.example/feeds/all.atom.xml",
        **fields,
    )


def add_report(feed, number: int, **fields) -> dict:
    values = {
        "title": f"Quay {number} reopens <after> repairs & tests",
        "link": f"https://digest.example/2025/02/0{number}/quay-{number}/",
        "description": f"<p>Berth {number} is open again.</p>",
        "content": f"<p>Berth {number} reopened; the ferry «Tern» docked there at 6:40.</p>" * 40,
        "pubdate": datetime(2025, 2, 1, 9, tzinfo=UTC) + timedelta(hours=number),
        "unique_id": f"tag:digest.example,2025-02-01:/quay-{number}/",
        "categories": ["ports", "ferries & tides"],
        "author_name": "Harbour desk",
        **fields,
    }
    feed.add_item(**values)
    return feed.items[-1]


def written(feed) -> str:
    out = io.StringIO()
    feed.write(out, "utf-8")
    return out.getvalue()


@pytest.mark.parametrize("language", ["en", None])
def test_a_feed_reads_as_feedgenerator_writes_it(language):
    feed = harbour_feed(language, subtitle="Every berth", feed_copyright="CC BY")
    for number in range(3):
        add_report(feed, number)
    add_report(feed, 7, updateddate=datetime(2025, 3, 1, tzinfo=UTC), description=None, categories=[])
    assert feed_text.atom_text(feed) == written(feed)


def test_an_entry_listed_by_two_feeds_is_made_once(monkeypatch):
    site, tag = harbour_feed(), harbour_feed()
    shared = add_report(site, 1)
    tag.items.append(shared)  # as the writer shares one article's item between its feeds
    add_report(tag, 2)
    made: list[str] = []
    make = feedgenerator.Atom1Feed.add_item_elements

    def counted(self, handler, item):
        made.append(item["title"])
        make(self, handler, item)

    monkeypatch.setattr(feedgenerator.Atom1Feed, "add_item_elements", counted)
    site_text, tag_text = feed_text.atom_text(site), feed_text.atom_text(tag)
    assert made == [shared["title"], tag.items[1]["title"]]
    monkeypatch.setattr(feedgenerator.Atom1Feed, "add_item_elements", make)
    assert (site_text, tag_text) == (written(site), written(tag))


def test_an_undated_entry_is_made_each_time():
    """feedgenerator dates an undated item with the time of writing: its text is not kept."""
    feed = harbour_feed()
    add_report(feed, 1, pubdate=None)
    feed_text.atom_text(feed)
    assert feed_text.ENTRIES == {}


def test_another_kind_of_feed_is_left_to_feedgenerator():
    class OwnAtom(feedgenerator.Atom1Feed):
        pass

    assert feed_text.can_share_entries(harbour_feed())
    assert not feed_text.can_share_entries(OwnAtom(title="t", link="https://digest.example/", description=""))
    assert not feed_text.can_share_entries(
        feedgenerator.Rss201rev2Feed(title="t", link="https://digest.example/", description="")
    )
