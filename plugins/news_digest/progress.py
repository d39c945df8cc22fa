"""Progress of long jobs: a bar on a terminal, a plain line every few seconds elsewhere (CI logs).

    tracker = progress.start("reading", total=len(paths))  # total None: count and rate, no percentage
    for path in paths:
        ...
        tracker.advance()  # from any thread; a counter increment and a clock read
    tracker.finish()  # or `with progress.start(...) as tracker:`, or `for path in progress.track(paths, "reading"):`

Work spread over worker processes is counted in the parent as each result comes back (pass
tracker.advance as parsing.parse_files' `advance`). One phase shows at a time: start() ends the
phase under way. A finished tracker's advance() and
finish() do nothing, and so do the module's advance() and finish() when no phase is under way.
When the log is quieter than INFO (`pelican -q`), start() returns a tracker that does nothing.

The bar is drawn on Pelican's console, so that log lines print above it (use_console() names
another: `inspect` draws on standard error), and it is gone when its phase ends. Off a terminal a
phase logs a line at most every LINE_INTERVAL_SECONDS through this module's logger, and a closing
line if it took that long: a short phase says nothing.

`build` times a Pelican build at its signals (plugin.py connects them) and ends it with a summary.
"""

from __future__ import annotations

import functools
import itertools
import logging
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sized
from typing import TypeVar

from pelican.log import console as pelican_console
from rich.console import Console
from rich.logging import RichHandler
from rich.progress import (
    BarColumn,
    Progress,
    ProgressColumn,
    SpinnerColumn,
    Task,
    TaskProgressColumn,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.text import Text

from .site.report import totals
from .site.summary import BuildFigures, Phase, duration_text, rate_text, speed_text, summary_lines

logger = logging.getLogger(__name__)
LOG_PREFIX = "news_digest:"
# Off a terminal, a phase logs a line at most this often: a CI log shows a long build is alive.
LINE_INTERVAL_SECONDS = 5.0
# The bar's count is handed to rich at most this often, so that advance() stays cheap.
BAR_UPDATE_SECONDS = 0.1

Clock = Callable[[], float]
T = TypeVar("T")


class Tracker:
    """One phase's count. advance() may be called from any thread."""

    def __init__(self, phase: str, total: int | None, unit: str | None, clock: Clock):
        self.phase = phase
        self.total = total
        self.unit = unit  # what is counted; None: nothing is, the phase only shows its time
        self.count = 0
        self.finished = False
        self._clock = clock
        self.started_at = clock()
        self._lock = threading.Lock()

    @property
    def elapsed(self) -> float:
        return self._clock() - self.started_at

    def advance(self, n: int = 1) -> None:
        with self._lock:
            if self.finished:
                return
            self.count += n
            self._advanced(self._clock())

    def finish(self) -> None:
        with self._lock:
            if self.finished:
                return
            self.finished = True
            self._finished(self._clock())
        _release(self)

    def _advanced(self, now: float) -> None:
        """Show the new count, if it is time to."""

    def _finished(self, now: float) -> None:
        """Take the phase off the screen or close it in the log."""

    def __enter__(self) -> Tracker:
        return self

    def __exit__(self, *exc_info) -> None:
        self.finish()


class NullTracker(Tracker):
    """What start() returns when progress is off, and what is active when nothing is."""

    def __init__(self):
        super().__init__("", None, None, lambda: 0.0)
        self.finished = True

    def advance(self, n: int = 1) -> None:
        pass

    def finish(self) -> None:
        pass


NULL = NullTracker()


def status_text(count: int, total: int | None, unit: str | None, elapsed: float) -> str:
    """'1,200/16,000 files (7%), 240 files/s, 5.00 s elapsed, about 1 min 02 s left'."""
    if unit is None:
        return f"{duration_text(elapsed)} elapsed"
    done = f"{count:,} {unit}" if total is None else f"{count:,}/{total:,} {unit}"
    if total:
        done += f" ({100 * count // total}%)"
    parts = [done]
    if rate := rate_text(count, elapsed, unit):
        parts.append(rate)
    parts.append(f"{duration_text(elapsed)} elapsed")
    if total and 0 < count < total and elapsed > 0:
        parts.append(f"about {duration_text((total - count) * elapsed / count)} left")
    return ", ".join(parts)


def done_text(count: int, unit: str | None, elapsed: float) -> str:
    """'done: 16,000 files in 1 min 06 s, 242 files/s'."""
    if unit is None:
        return f"done in {duration_text(elapsed)}"
    text = f"done: {count:,} {unit} in {duration_text(elapsed)}"
    rate = rate_text(count, elapsed, unit)
    return f"{text}, {rate}" if rate else text


class LineTracker(Tracker):
    """Off a terminal: a log line every `interval` seconds while the count moves."""

    def __init__(self, phase: str, total: int | None, unit: str | None, clock: Clock, interval: float):
        super().__init__(phase, total, unit, clock)
        self.interval = interval
        self.lines = 0
        self._last_line = self.started_at

    def _advanced(self, now: float) -> None:
        if now - self._last_line < self.interval:
            return
        self._last_line = now
        self.lines += 1
        status = status_text(self.count, self.total, self.unit, now - self.started_at)
        logger.info("%s %s: %s", LOG_PREFIX, self.phase, status)

    def _finished(self, now: float) -> None:
        elapsed = now - self.started_at
        if self.lines or elapsed >= self.interval:
            logger.info("%s %s: %s", LOG_PREFIX, self.phase, done_text(self.count, self.unit, elapsed))


class RateColumn(ProgressColumn):
    """Items per second, in the phase's unit."""

    def __init__(self, unit: str):
        super().__init__()
        self.unit = unit

    def render(self, task: Task) -> Text:
        speed = task.finished_speed or task.speed
        return Text(speed_text(speed, self.unit) if speed else "", style="progress.data.speed")


def bar_columns(total: int | None, unit: str | None) -> list:
    if unit is None:
        return [SpinnerColumn(), TextColumn("{task.description}", markup=False), TimeElapsedColumn()]
    if total is None:
        count = TextColumn("{task.completed:,.0f} " + unit, markup=False)
        return [
            SpinnerColumn(),
            TextColumn("{task.description}", markup=False),
            BarColumn(),
            count,
            RateColumn(unit),
            TimeElapsedColumn(),
        ]
    count = TextColumn("{task.completed:,.0f}/{task.total:,.0f} " + unit, markup=False)
    return [
        TextColumn("{task.description}", markup=False),
        BarColumn(),
        count,
        TaskProgressColumn(),
        RateColumn(unit),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
    ]


class BarTracker(Tracker):
    """On a terminal: a rich bar, gone when the phase ends."""

    def __init__(self, phase: str, total: int | None, unit: str | None, clock: Clock, console: Console):
        super().__init__(phase, total, unit, clock)
        self._pushed_at = self.started_at
        # Standard output is left alone: `inspect` writes its JSON there while its bar is on standard error.
        self._bar = Progress(*bar_columns(total, unit), console=console, transient=True, redirect_stdout=False)
        self._task = self._bar.add_task(phase, total=total)
        self._bar.start()

    def _advanced(self, now: float) -> None:
        if now - self._pushed_at >= BAR_UPDATE_SECONDS:
            self._pushed_at = now
            self._bar.update(self._task, completed=self.count)

    def _finished(self, now: float) -> None:
        try:
            self._bar.update(self._task, completed=self.count)
            self._bar.refresh()
        finally:
            self._bar.stop()


class Display:
    """Where bars go, and the one phase shown."""

    def __init__(self):
        self.console: Console | None = None
        self.active: Tracker = NULL
        self.lock = threading.Lock()


_display = Display()


def use_console(console: Console | None) -> None:
    """Draw bars on this console from now on (None: Pelican's)."""
    _display.console = console


def is_enabled() -> bool:
    return logger.isEnabledFor(logging.INFO)


def start(
    phase: str,
    total: int | None = None,
    *,
    unit: str | None = "files",
    console: Console | None = None,
    interval: float | None = None,
    clock: Clock = time.perf_counter,
) -> Tracker:
    """Show a phase's progress until its tracker finishes; the phase under way, if any, ends first.

    total: how many `unit` the phase will count, if known. unit None: nothing is counted (a spinner
    and the time). console: where the bar goes, if a terminal (default: use_console's, or Pelican's).
    interval: off a terminal, the least time between two lines (default LINE_INTERVAL_SECONDS).
    """
    finish()
    if not is_enabled():
        return NULL
    console = console or _display.console or pelican_console
    if console.is_interactive:
        tracker: Tracker = BarTracker(phase, total, unit, clock, console)
    else:
        tracker = LineTracker(phase, total, unit, clock, LINE_INTERVAL_SECONDS if interval is None else interval)
    with _display.lock:
        _display.active = tracker
    return tracker


def _release(tracker: Tracker) -> None:
    with _display.lock:
        if _display.active is tracker:
            _display.active = NULL


def active() -> Tracker:
    """The phase under way, or a tracker that does nothing."""
    return _display.active


def advance(n: int = 1) -> None:
    _display.active.advance(n)


def finish() -> None:
    _display.active.finish()


def track(items: Iterable[T], phase: str, total: int | None = None, *, unit: str | None = "files") -> Iterator[T]:
    """Each item in turn, counted when the loop is done with it; the phase ends with the loop."""
    if total is None and isinstance(items, Sized):
        total = len(items)
    with start(phase, total, unit=unit) as tracker:
        for item in items:
            yield item
            tracker.advance()


class CurrentStderr:
    """Standard error as it is at each write: while a bar shows, rich's proxy, which prints above it.

    A logging handler given sys.stderr keeps the stream it was given, and its lines would cut through
    the bar; given this, they do not."""

    def write(self, text: str) -> int:
        return sys.stderr.write(text)

    def flush(self) -> None:
        sys.stderr.flush()


# The phases of a Pelican build, each from its mark to the next one present.
BUILD_PHASES = ("setup", "reading", "site steps", "writing")
END = "end"


class BuildWatch:
    """A Pelican build's phases, timed at its signals with time.perf_counter, the bar of each, and
    the summary it ends with.

    setup: from run() to the article generator's creation (readers, sources and tags loaded);
    reading: until Pelican has read the last raw file (or, failing that count, its pretaxonomy signal);
    site steps: until get_writer (duplicates, stories, taxonomies, pages, the plugin's own context, the
    articles' digests for the page keys);
    writing: until finalized.
    """

    def __init__(self, clock: Clock = time.perf_counter):
        self.clock = clock
        self.reset()

    def reset(self) -> None:
        self.marks: dict[str, float] = {}
        self.to_read: int | None = None
        self.read = 0
        self.pages = 0
        self.feeds = 0
        self.outcomes: dict = {}  # the reader's, by source path
        self.tracker: Tracker = NULL

    def mark(self, phase: str) -> None:
        self.marks.setdefault(phase, self.clock())

    def watching(self, run: Callable[[], T]) -> Callable[[], T]:
        """Pelican.run, timed from its start, and its bar removed however it ends (no signal says a
        build failed)."""

        @functools.wraps(run)
        def watched_run(*args, **kwargs):
            self.run_started()
            try:
                return run(*args, **kwargs)
            finally:
                finish()

        return watched_run

    def run_started(self) -> None:
        self.reset()
        self.mark("setup")

    def reading_started(self) -> None:
        self.mark("reading")

    def files_to_read(self, total: int) -> None:
        if self.to_read is None:
            self.to_read = total
            self.tracker = start("reading", total)

    def file_read(self) -> None:
        self.read += 1
        self.tracker.advance()
        if self.read == self.to_read:
            self.reading_done()

    def reading_done(self) -> None:
        if "site steps" not in self.marks:
            self.mark("site steps")
            self.tracker = start("site steps", unit=None)

    def writing_started(self) -> None:
        self.mark("writing")
        self.tracker = start("writing")

    def page_written(self) -> None:
        self.pages += 1
        self.tracker.advance()

    def feed_written(self) -> None:
        self.feeds += 1
        self.tracker.advance()

    def phases(self) -> tuple[Phase, ...]:
        present = [name for name in (*BUILD_PHASES, END) if name in self.marks]
        files = {"reading": self.read, "writing": self.pages + self.feeds}
        return tuple(
            Phase(name, self.marks[following] - self.marks[name], files.get(name))
            for name, following in itertools.pairwise(present)
        )

    def figures(self) -> BuildFigures:
        counts = totals(list(self.outcomes.values()))
        started = self.marks.get("setup", self.marks.get(END, 0.0))
        return BuildFigures(
            read=counts["read"],
            published=counts["published"],
            merged=counts["merged"],
            rejected=counts["rejected"],
            pages=self.pages,
            feeds=self.feeds,
            phases=self.phases(),
            total_seconds=self.marks.get(END, started) - started,
        )

    def run_finished(self) -> BuildFigures:
        """The build is written: the last bar goes, and the summary is logged."""
        self.mark(END)
        finish()
        figures = self.figures()
        for line in summary_lines(figures):
            logger.info("%s %s", LOG_PREFIX, line)
        return figures


build = BuildWatch()


def show_by_default() -> None:
    """Progress and the summary show in a build at Pelican's default verbosity, as its own closing
    'Done' line does; `-q` hides them, and `-v` or `-D` need nothing from here."""
    root = logging.getLogger().getEffectiveLevel()
    if logger.level == logging.NOTSET and logging.INFO < root <= logging.WARNING:
        logger.setLevel(logging.INFO)


def plain_log_in_child() -> None:
    """For a forked worker (parsing, rendering): log to standard error directly, never through the
    console the bar is drawn on. The console's locks were copied as they were at the fork, held if
    the bar's refresh thread was drawing, and nothing in the child would release them."""
    root = logging.getLogger()
    for index, handler in enumerate(list(root.handlers)):
        if isinstance(handler, RichHandler):
            plain = logging.StreamHandler(sys.stderr)
            plain.setLevel(handler.level)
            for log_filter in handler.filters:
                plain.addFilter(log_filter)
            plain.setFormatter(logging.Formatter("%(levelname)s %(message)s"))
            root.handlers[index] = plain
