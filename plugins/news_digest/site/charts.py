"""Articles per day as numbers, and as a small inline SVG bar chart drawn at build time.

No script and no external file: the chart is markup in the page, coloured by the text colour
(`currentColor`, so dark mode and print follow), and it carries its accessible name, which the
template writes (translated) from the numbers.
"""

from __future__ import annotations

import calendar
import html
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta, tzinfo

# Drawing units of one day's bar, the gap between two bars, and the chart's height.
BAR_WIDTH = 3
BAR_GAP = 1
CHART_HEIGHT = 24
# A day with one article still shows a visible bar, however busy the busiest day was.
MIN_BAR_HEIGHT = 3


@dataclass(frozen=True)
class DailySeries:
    """Articles per day over consecutive days from `start`."""

    start: date
    counts: tuple[int, ...]

    @property
    def end(self) -> date:
        return self.start + timedelta(days=max(len(self.counts) - 1, 0))

    @property
    def days(self) -> int:
        return len(self.counts)

    @property
    def total(self) -> int:
        return sum(self.counts)

    @property
    def peak(self) -> int:
        return max(self.counts, default=0)

    @property
    def peak_day(self) -> date | None:
        """The first of the busiest days, or None when no day had an article."""
        if not self.peak:
            return None
        return self.start + timedelta(days=self.counts.index(self.peak))

    @property
    def active_days(self) -> int:
        return sum(1 for count in self.counts if count)


def daily_series(days: Iterable[date], start: date, end: date) -> DailySeries:
    """How many of `days` fall on each day from start to end, both included; others are left out."""
    length = (end - start).days + 1
    if length <= 0:
        return DailySeries(start, ())
    counts = Counter(day for day in days if start <= day <= end)
    return DailySeries(start, tuple(counts.get(start + timedelta(days=offset), 0) for offset in range(length)))


def trailing_series(days: Iterable[date], end: date, length: int) -> DailySeries:
    """The `length` days ending at `end` (the archive's latest day, not the build's: reproducible)."""
    return daily_series(days, end - timedelta(days=length - 1), end)


def month_series(days: Iterable[date], year: int, month: int) -> DailySeries:
    last = calendar.monthrange(year, month)[1]
    return daily_series(days, date(year, month, 1), date(year, month, last))


def series_by_key(pairs: Iterable[tuple[str, date]], start: date, end: date) -> list[tuple[str, DailySeries]]:
    """One series per key (a language, a source), the busiest first, then by key."""
    grouped: dict[str, list[date]] = {}
    for key, day in pairs:
        grouped.setdefault(key, []).append(day)
    series = [(key, daily_series(days, start, end)) for key, days in grouped.items()]
    return sorted((pair for pair in series if pair[1].total), key=lambda pair: (-pair[1].total, pair[0]))


def number(value: float) -> str:
    """Coordinates without float noise, so two builds write the same bytes."""
    return f"{round(value, 2):g}"


def bar_path(counts: Sequence[int]) -> str:
    """One path of upright bars, one per day with an article, scaled to the busiest day."""
    peak = max(counts, default=0)
    if not peak:
        return ""
    usable = CHART_HEIGHT - 1
    parts = []
    for index, count in enumerate(counts):
        if not count:
            continue
        height = max(MIN_BAR_HEIGHT, usable * count / peak)
        x = index * (BAR_WIDTH + BAR_GAP)
        parts.append(f"M{number(x)} {CHART_HEIGHT}v-{number(height)}h{BAR_WIDTH}v{number(height)}z")
    return "".join(parts)


def sparkline(counts: Sequence[int], label: str, css_class: str = "sparkline") -> str:
    """An inline SVG bar chart of `counts` whose accessible name (and tooltip) is `label`."""
    width = max(len(counts) * (BAR_WIDTH + BAR_GAP) - BAR_GAP, 1)
    name = html.escape(str(label), quote=True)
    bars = bar_path(counts)
    return (
        f'<svg class="{html.escape(css_class, quote=True)}" xmlns="http://www.w3.org/2000/svg"'
        f' viewBox="0 0 {width} {CHART_HEIGHT}" width="{width}" height="{CHART_HEIGHT}"'
        f' preserveAspectRatio="none" role="img" aria-label="{name}">'
        f"<title>{name}</title>"
        f'<path d="M0 {CHART_HEIGHT - 0.5}H{width}" stroke="currentColor" stroke-width="1" opacity="0.35"/>'
        + (f'<path d="{bars}" fill="currentColor"/>' if bars else "")
        + "</svg>"
    )


def article_day(article, zone: tzinfo) -> date:
    """The article's day as its day page files it (display_day), else its date's day in `zone`."""
    day = getattr(article, "display_day", None)
    return date.fromisoformat(day) if day else article.date.astimezone(zone).date()


def month_by_language(articles: Iterable, year: int, month: int, zone: tzinfo) -> list[tuple[str, DailySeries]]:
    """Articles per day of one month, one series per language, the most articles first."""
    whole = month_series((), year, month)
    pairs = ((article.lang, article_day(article, zone)) for article in articles)
    return series_by_key(pairs, whole.start, whole.end)
