"""The archive's health per source: what it published, when, what was rejected and why, and its
articles per day over the archive's last days. Plain records in, plain records out."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from .charts import DailySeries, trailing_series


@dataclass(frozen=True)
class Published:
    source_id: str
    source_name: str
    source_domain: str | None
    day: date  # in the display time zone, as the site's day pages


@dataclass(frozen=True)
class Rejected:
    source_id: str
    path: str
    reason: str


@dataclass(frozen=True)
class KnownSource:
    id: str
    name: str
    domain: str | None


@dataclass(frozen=True)
class SourceHealth:
    id: str
    name: str
    domain: str | None
    articles: int
    merged: int
    first_seen: date | None
    last_seen: date | None
    rejected: tuple[Rejected, ...]  # by path
    series: DailySeries  # articles per day, ending at the archive's latest day

    @property
    def has_files(self) -> bool:
        """Whether any raw file came from it: published, merged or rejected."""
        return bool(self.articles or self.merged or self.rejected)


def source_health(
    published: Iterable[Published],
    rejected: Iterable[Rejected],
    known: Iterable[KnownSource],
    merged: Mapping[str, int],
    days: int,
) -> list[SourceHealth]:
    """Every known source, and every source an article or a rejected file names, by name.

    The chart ends at the latest day of any article in the archive, so two builds of the same files
    draw the same chart whenever they run.
    """
    names: dict[str, tuple[str, str | None]] = {source.id: (source.name, source.domain) for source in known}
    days_of: dict[str, list[date]] = {}
    for item in published:
        names.setdefault(item.source_id, (item.source_name, item.source_domain))
        days_of.setdefault(item.source_id, []).append(item.day)
    rejected_of: dict[str, list[Rejected]] = {}
    for item in rejected:
        names.setdefault(item.source_id, (item.source_id, None))
        rejected_of.setdefault(item.source_id, []).append(item)
    latest = max((day for source_days in days_of.values() for day in source_days), default=None)
    health = []
    for source_id, (name, domain) in names.items():
        source_days = days_of.get(source_id, [])
        series = trailing_series(source_days, latest, days) if latest else DailySeries(date.min, ())
        health.append(
            SourceHealth(
                id=source_id,
                name=name,
                domain=domain,
                articles=len(source_days),
                merged=merged.get(source_id, 0),
                first_seen=min(source_days, default=None),
                last_seen=max(source_days, default=None),
                rejected=tuple(sorted(rejected_of.get(source_id, []), key=lambda item: item.path)),
                series=series,
            )
        )
    return sorted(health, key=lambda item: (item.name.casefold(), item.id))
