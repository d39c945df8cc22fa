"""Pages of a list that keep their place as it grows (plugins/news_digest/site/pagination.py)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

import pytest
from news_digest.site.pagination import cuts, list_pages
from pelican.paginator import PaginationRule
from pelican.settings import DEFAULT_CONFIG

# The project's patterns, as Pelican's read_settings turns them into rules.
SETTINGS = {
    **DEFAULT_CONFIG,
    "PAGINATION_PATTERNS": [
        PaginationRule(1, "{url}", "{save_as}"),
        PaginationRule(2, "{base_name}/page/{number}/", "{base_name}/page/{number}/index.html"),
    ],
}
START = datetime(2026, 3, 1, tzinfo=UTC)


def archive(count: int) -> list[SimpleNamespace]:
    """count items, newest first, as every list of the site runs."""
    items = [SimpleNamespace(date=START + timedelta(hours=index), name=f"item-{index}") for index in range(count)]
    return list(reversed(items))


def pages_of(items: list, per_page: int = 3) -> dict[str, tuple[list[str], dict]]:
    """save_as -> (the names on the page, its neighbours' addresses)."""
    found = {}
    for pages in list_pages("tag/x/index.html", "tag/x/", {"articles": items}, SETTINGS, per_page):
        page = pages["articles"]
        links = {
            "newest": page.newest_url,
            "newer": page.newer_url,
            "older": page.older_url,
            "oldest": page.oldest_url,
        }
        found[page.save_as] = ([item.name for item in page.object_list], links)
    return found


def test_the_first_page_shows_the_newest_and_the_others_are_cut_from_the_oldest_end():
    pages = pages_of(archive(10))
    assert list(pages) == [
        "tag/x/index.html",
        "tag/x/page/4/index.html",
        "tag/x/page/3/index.html",
        "tag/x/page/2/index.html",
    ]
    assert pages["tag/x/index.html"][0] == ["item-9", "item-8", "item-7"]
    assert pages["tag/x/page/4/index.html"][0] == ["item-6"]  # what is left between
    assert pages["tag/x/page/3/index.html"][0] == ["item-5", "item-4", "item-3"]
    assert pages["tag/x/page/2/index.html"][0] == ["item-2", "item-1", "item-0"]
    first, last = pages["tag/x/index.html"][1], pages["tag/x/page/2/index.html"][1]
    assert first == {"newest": "tag/x/", "newer": None, "older": "tag/x/page/4/", "oldest": "tag/x/page/2/"}
    assert last == {"newest": "tag/x/", "newer": "tag/x/page/3/", "older": None, "oldest": "tag/x/page/2/"}


@pytest.mark.parametrize("count", [4, 9, 10, 12, 30])
def test_new_items_change_only_the_first_page_and_the_one_it_links_to_as_older(count):
    before = pages_of(archive(count))
    after = pages_of(archive(count + 1))
    changed = {name for name in after if before.get(name) != after[name]}
    first_older = before["tag/x/index.html"][1]["older"]
    allowed = {"tag/x/index.html", "tag/x/page/2/index.html" if first_older is None else f"{first_older}index.html"}
    # A new page appears when the one between is full; the page that was newest then links to it.
    allowed |= set(after) - set(before)
    allowed |= {name for name in before if before[name][1]["newer"] == "tag/x/" and set(after) - set(before)}
    assert changed <= allowed, changed - allowed
    assert len(changed) <= 3
    shown = [name for names, _ in after.values() for name in names]
    assert sorted(shown) == sorted(f"item-{index}" for index in range(count + 1))


def test_every_item_is_on_one_page_and_no_page_is_empty_or_over_full():
    for count in range(0, 40):
        for per_page in (1, 3, 7):
            spans = cuts(count, per_page, from_newest=True)
            covered = [index for start, stop in spans for index in range(start, stop)]
            assert sorted(covered) == list(range(count)), (count, per_page)
            assert all(0 < stop - start <= per_page for start, stop in spans) or count == 0


def test_a_list_that_grows_at_its_end_is_cut_from_its_start():
    items = list(reversed(archive(7)))  # oldest first
    pages = pages_of(items)
    assert list(pages) == ["tag/x/index.html", "tag/x/page/2/index.html", "tag/x/page/3/index.html"]
    assert pages["tag/x/index.html"][0] == ["item-0", "item-1", "item-2"]
    assert pages["tag/x/page/3/index.html"][0] == ["item-6"]


def test_a_short_list_is_one_page_without_neighbours():
    pages = pages_of(archive(3))
    assert pages == {
        "tag/x/index.html": (
            ["item-2", "item-1", "item-0"],
            {"newest": "tag/x/", "newer": None, "older": None, "oldest": "tag/x/"},
        )
    }


def test_lists_paginated_together_share_their_pages_addresses():
    items = archive(8)
    together = list_pages("x.html", "x/", {"articles": items, "dates": list(items)}, SETTINGS, 3)
    for pages in together:
        assert pages["articles"].save_as == pages["dates"].save_as
        assert pages["articles"].object_list == pages["dates"].object_list
