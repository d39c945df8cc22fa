"""Previous and next articles within a day and within a source."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

from news_digest.site.neighbours import neighbours
from news_digest.site.pelican_steps import link_neighbours


def test_each_item_gets_the_adjacent_items_of_its_own_group_in_order():
    items = [("b", 3), ("a", 2), ("b", 1), ("a", 1), ("c", 5), ("b", 2)]
    result = neighbours(items, lambda item: item[0], lambda item: item[1])
    by_item = dict(zip(items, result, strict=True))
    assert by_item[("b", 1)] == (None, ("b", 2))
    assert by_item[("b", 2)] == (("b", 1), ("b", 3))
    assert by_item[("b", 3)] == (("b", 2), None)
    assert by_item[("a", 1)] == (None, ("a", 2))
    assert by_item[("a", 2)] == (("a", 1), None)
    assert by_item[("c", 5)] == (None, None)


def test_ties_keep_the_input_order_and_an_empty_list_gives_nothing():
    first, second = {"g": 1, "t": 0}, {"g": 1, "t": 0}
    assert neighbours([first, second], lambda x: x["g"], lambda x: x["t"]) == [(None, second), (first, None)]
    assert neighbours([], str, str) == []


def test_keys_are_computed_a_linear_number_of_times():
    """One sort, then a walk: no scan of the group per item (which would call the keys n² times)."""
    calls = {"group": 0, "order": 0}

    def group_of(item):
        calls["group"] += 1
        return item % 7

    def order_of(item):
        calls["order"] += 1
        return -item

    items = list(range(2000))
    result = neighbours(items, group_of, order_of)
    assert result[14] == (21, 7)  # group 0, in descending order: ... 21, 14, 7 ...
    assert calls["order"] == len(items)
    assert calls["group"] <= 4 * len(items)


def article(day: int, hour: int, source: str, name: str):
    date = datetime(2024, 11, day, hour, tzinfo=UTC)
    return SimpleNamespace(
        date=date, display_day=date.date().isoformat(), source_id=source, source_path=f"{source}/{name}.txt", name=name
    )


def test_articles_link_to_the_articles_before_and_after_them_on_their_day_and_from_their_source():
    # Newest first, as Pelican lists them.
    articles = [
        article(21, 9, "wire", "wire-21-late"),
        article(21, 8, "post", "post-21"),
        article(21, 7, "wire", "wire-21-early"),
        article(20, 23, "wire", "wire-20"),
        article(20, 1, "post", "post-20"),
    ]
    link_neighbours(articles)

    def name(value):
        return value.name if value is not None else None

    day = {a.name: (name(a.prev_in_day), name(a.next_in_day)) for a in articles}
    source = {a.name: (name(a.prev_in_source), name(a.next_in_source)) for a in articles}
    assert day == {
        "wire-21-early": (None, "post-21"),
        "post-21": ("wire-21-early", "wire-21-late"),
        "wire-21-late": ("post-21", None),
        "post-20": (None, "wire-20"),
        "wire-20": ("post-20", None),
    }
    assert source == {
        "wire-20": (None, "wire-21-early"),
        "wire-21-early": ("wire-20", "wire-21-late"),
        "wire-21-late": ("wire-21-early", None),
        "post-20": (None, "post-21"),
        "post-21": ("post-20", None),
    }


def test_the_day_is_the_display_day_not_the_utc_day():
    # 23:30 UTC on the 20th is the 21st in the display zone (UTC+8), so it shares the 21st's day.
    late = article(20, 23, "wire", "late")
    late.display_day = (late.date + timedelta(hours=8)).date().isoformat()
    morning = article(21, 2, "post", "morning")
    morning.display_day = (morning.date + timedelta(hours=8)).date().isoformat()
    link_neighbours([morning, late])
    assert late.next_in_day is morning and morning.prev_in_day is late
