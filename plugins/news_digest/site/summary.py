"""The few lines a build ends with: what was read and written, and where the time went."""

from __future__ import annotations

from dataclasses import dataclass

SECONDS_PER_MINUTE = 60
SECONDS_PER_HOUR = 3600
# Below this many seconds a duration keeps two decimals, below a minute one.
PRECISE_SECONDS = 10


@dataclass(frozen=True)
class Phase:
    name: str
    seconds: float
    files: int | None = None  # the files it handled, for its rate


@dataclass(frozen=True)
class BuildFigures:
    read: int  # raw files, whatever became of them
    published: int
    merged: int
    rejected: int
    pages: int  # written through Pelican's writer (content_written)
    feeds: int  # feed_written
    phases: tuple[Phase, ...]
    total_seconds: float


def plural(count: int, singular: str, several: str | None = None) -> str:
    return f"{count:,} {singular if count == 1 else several or singular + 's'}"


def duration_text(seconds: float) -> str:
    """0.42 s, 12.3 s, 4 min 05 s, 1 h 02 min."""
    if seconds < PRECISE_SECONDS:
        return f"{seconds:.2f} s"
    if seconds < SECONDS_PER_MINUTE:
        return f"{seconds:.1f} s"
    whole = round(seconds)
    if whole < SECONDS_PER_HOUR:
        return f"{whole // SECONDS_PER_MINUTE} min {whole % SECONDS_PER_MINUTE:02d} s"
    return f"{whole // SECONDS_PER_HOUR} h {whole % SECONDS_PER_HOUR // SECONDS_PER_MINUTE:02d} min"


def rate_text(count: int, seconds: float, unit: str | None = None) -> str | None:
    """'240 files/s' (or '240/s' without a unit); None when no time has passed."""
    return speed_text(count / seconds, unit) if seconds > 0 else None


def speed_text(per_second: float, unit: str | None = None) -> str:
    if per_second >= PRECISE_SECONDS:
        number = f"{per_second:,.0f}"
    else:
        number = f"{per_second:.1f}" if per_second >= 1 else f"{per_second:.2f}"
    return f"{number} {unit}/s" if unit else f"{number}/s"


def phase_text(phase: Phase) -> str:
    text = f"{phase.name} {duration_text(phase.seconds)}"
    rate = rate_text(phase.files, phase.seconds) if phase.files else None
    return f"{text} ({plural(phase.files, 'file')}, {rate})" if rate else text


def summary_lines(figures: BuildFigures) -> list[str]:
    """One screen, in the order a reader asks: what came in, what went out, how long it took."""
    times = [phase_text(phase) for phase in figures.phases]
    times.append(f"total {duration_text(figures.total_seconds)}")
    return [
        f"{plural(figures.read, 'raw file')} read: {figures.published:,} published, {figures.merged:,} merged, "
        f"{figures.rejected:,} rejected",
        f"{plural(figures.pages, 'page')} and {plural(figures.feeds, 'feed')} written",
        "time: " + ", ".join(times),
    ]
