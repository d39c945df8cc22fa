"""Articles digested ahead across forked children: the digests are those one process works out, and
a child that fails leaves its share to be worked out later, with the same result."""

from __future__ import annotations

import os
from datetime import datetime, timedelta

import pytest
from news_digest.site import digest_ahead
from news_digest.site.page_digest import Digester
from pelican.contents import Article
from pelican.settings import DEFAULT_CONFIG

SETTINGS = {**DEFAULT_CONFIG, "SITEURL": ""}


def make_item(number: int) -> Article:
    """An article with its own values; the articles it points to are set by the fixture."""
    metadata = {"title": f"Harbour report {number}", "date": datetime(2025, 1, 1) + timedelta(hours=number)}
    return Article(f"<p>Body of report {number}.</p>", metadata=metadata, settings=SETTINGS)


@pytest.fixture
def items() -> list[Article]:
    found = [make_item(number) for number in range(60)]
    for number, item in enumerate(found):
        item.previous = found[number - 1] if number else None
        item.story = found[max(0, number - 3) : number + 3]
    return found


def expected(items) -> list[tuple[bytes, ...]]:
    digester = Digester()
    return [tuple(digester.memoized(item, depth, digester.content) for depth in digest_ahead.DEPTHS) for item in items]


def digests_held(digester: Digester, items) -> list[tuple[bytes, ...]]:
    def computing_is_an_error(value, depth):
        raise AssertionError(f"{value.url} at depth {depth} was not digested ahead")

    return [
        tuple(digester.memoized(item, depth, computing_is_an_error) for depth in digest_ahead.DEPTHS) for item in items
    ]


@pytest.mark.parametrize("processes", [1, 2, 3])
def test_digests_worked_out_ahead_are_those_of_one_process(items, processes, monkeypatch):
    monkeypatch.setattr(digest_ahead, "MIN_ARTICLES", 2)
    forks = []
    fork = os.fork
    monkeypatch.setattr(os, "fork", lambda: forks.append(1) or fork())
    digester = digest_ahead.digest_articles_ahead(items, processes)
    assert len(forks) == processes - 1
    assert digests_held(digester, items) == expected(items)


def test_a_share_whose_child_fails_is_digested_later_the_same(items, monkeypatch):
    monkeypatch.setattr(digest_ahead, "MIN_ARTICLES", 2)
    parent = os.getpid()
    unwrapped = digest_ahead.digest_share

    def failing_in_children(digester, share):
        if os.getpid() != parent:
            raise RuntimeError("a child fails")
        return unwrapped(digester, share)

    monkeypatch.setattr(digest_ahead, "digest_share", failing_in_children)
    digester = digest_ahead.digest_articles_ahead(items, 2)
    half = len(items) // 2
    assert digests_held(digester, items[:half]) == expected(items)[:half]
    with pytest.raises(AssertionError, match="was not digested ahead"):
        digests_held(digester, items[half:])
    later = [tuple(digester.memoized(i, d, digester.content) for d in digest_ahead.DEPTHS) for i in items[half:]]
    assert later == expected(items)[half:]


def test_shares_are_contiguous_and_even():
    assert digest_ahead.shares(list(range(7)), 3) == [[0, 1, 2], [3, 4], [5, 6]]
    assert digest_ahead.shares(list(range(2)), 3) == [[0], [1], []]


def test_children_are_reaped_when_this_process_fails_its_share(items, monkeypatch):
    monkeypatch.setattr(digest_ahead, "MIN_ARTICLES", 2)
    parent = os.getpid()
    unwrapped = digest_ahead.digest_share
    reaped = []
    collect = digest_ahead.collect_share

    def failing_here(digester, share):
        if os.getpid() == parent:
            raise RuntimeError("this share fails")
        return unwrapped(digester, share)

    monkeypatch.setattr(digest_ahead, "digest_share", failing_here)
    monkeypatch.setattr(digest_ahead, "collect_share", lambda pid, end: reaped.append(pid) or collect(pid, end))
    with pytest.raises(RuntimeError, match="this share fails"):
        digest_ahead.digest_articles_ahead(items, 3)
    assert len(reaped) == 2
    for pid in reaped:
        with pytest.raises(ChildProcessError):
            os.waitpid(pid, os.WNOHANG)
