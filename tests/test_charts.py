"""Articles per day and their inline SVG bar chart (plugins/news_digest/site/charts.py)."""

from __future__ import annotations

import re
from datetime import date

from lxml import etree
from news_digest.site.charts import (
    BAR_GAP,
    BAR_WIDTH,
    CHART_HEIGHT,
    MIN_BAR_HEIGHT,
    DailySeries,
    daily_series,
    month_series,
    series_by_key,
    sparkline,
    trailing_series,
)

SVG = "{http://www.w3.org/2000/svg}"
BAR_PATTERN = re.compile(r"M([\d.]+) (\d+)v-([\d.]+)h([\d.]+)v([\d.]+)z")


def bars(svg: str) -> list[tuple[float, float]]:
    """(x, height) of every bar the chart draws."""
    root = etree.fromstring(svg.encode("utf-8"))
    filled = [path for path in root.iter(f"{SVG}path") if path.get("fill") == "currentColor"]
    if not filled:
        return []
    (path,) = filled
    return [(float(m.group(1)), float(m.group(3))) for m in BAR_PATTERN.finditer(path.get("d"))]


def test_daily_series_counts_each_day_between_its_bounds_both_included():
    days = [date(2024, 11, 1), date(2024, 11, 3), date(2024, 11, 3), date(2024, 11, 5), date(2024, 10, 31)]
    series = daily_series(days, date(2024, 11, 1), date(2024, 11, 5))
    assert series == DailySeries(date(2024, 11, 1), (1, 0, 2, 0, 1))
    assert (series.end, series.days, series.total, series.peak, series.active_days) == (date(2024, 11, 5), 5, 4, 2, 3)
    assert series.peak_day == date(2024, 11, 3)


def test_peak_day_is_the_first_of_the_busiest_days_and_none_without_articles():
    assert daily_series([date(2024, 1, 2), date(2024, 1, 4)], date(2024, 1, 1), date(2024, 1, 5)).peak_day == date(
        2024, 1, 2
    )
    empty = daily_series([], date(2024, 1, 1), date(2024, 1, 3))
    assert empty.counts == (0, 0, 0) and empty.peak == 0 and empty.peak_day is None


def test_trailing_series_ends_at_the_given_day_not_today():
    series = trailing_series([date(2020, 3, 1), date(2020, 1, 1)], date(2020, 3, 1), 90)
    assert series.days == 90 and series.end == date(2020, 3, 1) and series.start == date(2019, 12, 3)
    assert series.counts[-1] == 1 and series.total == 2


def test_month_series_covers_the_whole_month():
    february = month_series([date(2024, 2, 29), date(2024, 3, 1)], 2024, 2)
    assert (february.start, february.end, february.days, february.total) == (date(2024, 2, 1), date(2024, 2, 29), 29, 1)
    assert month_series([], 2023, 2).days == 28


def test_series_by_key_puts_the_busiest_first_and_drops_keys_without_an_article_in_range():
    pairs = [
        ("vi", date(2024, 5, 2)),
        ("en", date(2024, 5, 1)),
        ("zh-Hans", date(2024, 5, 1)),
        ("zh-Hans", date(2024, 5, 3)),
        ("ar", date(2024, 4, 30)),  # before the range
    ]
    result = series_by_key(pairs, date(2024, 5, 1), date(2024, 5, 31))
    assert [key for key, _ in result] == ["zh-Hans", "en", "vi"]
    assert result[0][1].counts[:3] == (1, 0, 1)


def test_sparkline_is_an_svg_image_named_by_its_label():
    label = 'Harbour "Wire" & co: 3 articles <b>'
    svg = sparkline([0, 1, 0, 2], label)
    root = etree.fromstring(svg.encode("utf-8"))
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    assert root.get("aria-label") == label
    assert root.findtext(f"{SVG}title") == label
    assert "<b>" not in svg and "<script" not in sparkline([1], "<script>alert(1)</script>")
    assert root.get("viewBox") == f"0 0 {4 * (BAR_WIDTH + BAR_GAP) - BAR_GAP} {CHART_HEIGHT}"


def test_sparkline_draws_one_bar_per_day_with_articles_scaled_to_the_busiest_day():
    drawn = bars(sparkline([0, 1, 0, 4, 2], "x"))
    step = BAR_WIDTH + BAR_GAP
    assert [x for x, _ in drawn] == [1 * step, 3 * step, 4 * step]
    heights = dict(drawn)
    assert heights[3 * step] == CHART_HEIGHT - 1  # the busiest day fills the chart
    assert heights[4 * step] == (CHART_HEIGHT - 1) / 2
    assert heights[1 * step] >= MIN_BAR_HEIGHT  # one article is still visible


def test_a_lone_article_among_a_busy_quarter_keeps_a_visible_bar():
    drawn = bars(sparkline([100] + [0] * 88 + [1], "x"))
    assert len(drawn) == 2 and min(height for _, height in drawn) == MIN_BAR_HEIGHT


def test_sparkline_without_articles_has_no_bars_and_the_same_input_gives_the_same_bytes():
    assert bars(sparkline([0, 0, 0], "none")) == []
    assert sparkline([3, 1, 2] * 30, "q") == sparkline([3, 1, 2] * 30, "q")
    assert sparkline((3, 1, 2), "q") == sparkline([3, 1, 2], "q")
