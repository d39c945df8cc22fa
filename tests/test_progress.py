"""Progress of long jobs and the summary a build ends with.

Trackers run on a fake clock and on rich consoles writing to memory: one that is not a terminal
(plain log lines, as in CI) and one forced to be (the bar). The summary's text is a pure function of
its figures. A real build of the sample content, with a copy and an empty file added, logs the
summary with its counts; `inspect` draws its bar on a terminal's standard error and keeps its
standard output to JSON lines.
"""

from __future__ import annotations

import io
import json
import logging
import os
import pty
import shutil
import subprocess
import sys
import threading

import pytest
from conftest import ROOT, build_content
from news_digest import progress
from news_digest.cli import read_files
from news_digest.site.summary import BuildFigures, Phase, duration_text, summary_lines
from rich.console import Console

PROGRESS_LOGGER = progress.__name__


class FakeClock:
    def __init__(self):
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture(autouse=True)
def progress_shown(caplog):
    """Progress at INFO, as in a build; no phase left over from one test to the next."""
    caplog.set_level(logging.INFO, logger=PROGRESS_LOGGER)
    yield
    progress.finish()
    progress.use_console(None)


def plain_console() -> Console:
    return Console(file=io.StringIO(), force_terminal=False, width=120)


def terminal_console() -> Console:
    return Console(file=io.StringIO(), force_terminal=True, force_interactive=True, width=120, color_system=None)


def progress_lines(caplog) -> list[str]:
    return [record.getMessage() for record in caplog.records if record.name == PROGRESS_LOGGER]


def test_off_a_terminal_a_line_every_interval_with_count_rate_and_time_left(caplog):
    clock, console = FakeClock(), plain_console()
    tracker = progress.start("reading", 100, console=console, interval=5, clock=clock)
    assert isinstance(tracker, progress.LineTracker)
    for now in (1, 2, 3, 4):
        clock.now = now
        tracker.advance(5)
    assert progress_lines(caplog) == []
    clock.now = 5
    tracker.advance(5)
    clock.now = 8
    tracker.advance(10)  # 3 s after the last line: none
    clock.now = 10
    tracker.advance(10)
    clock.now = 20
    tracker.finish()
    assert progress_lines(caplog) == [
        "news_digest: reading: 25/100 files (25%), 5.0 files/s, 5.00 s elapsed, about 15.0 s left",
        "news_digest: reading: 45/100 files (45%), 4.5 files/s, 10.0 s elapsed, about 12.2 s left",
        "news_digest: reading: done: 45 files in 20.0 s, 2.2 files/s",
    ]
    assert console.file.getvalue() == ""


def test_an_unknown_total_gives_count_and_rate_without_percentage(caplog):
    clock = FakeClock()
    tracker = progress.start("writing", console=plain_console(), interval=5, clock=clock)
    clock.now = 6
    tracker.advance(1200)
    tracker.finish()
    assert progress_lines(caplog) == [
        "news_digest: writing: 1,200 files, 200 files/s, 6.00 s elapsed",
        "news_digest: writing: done: 1,200 files in 6.00 s, 200 files/s",
    ]


def test_a_phase_shorter_than_the_interval_says_nothing(caplog):
    clock = FakeClock()
    tracker = progress.start("reading", 3, console=plain_console(), interval=5, clock=clock)
    for now in (1, 2, 3):
        clock.now = now
        tracker.advance()
    tracker.finish()
    assert progress_lines(caplog) == []


def test_a_phase_that_counts_nothing_says_how_long_it_took(caplog):
    clock = FakeClock()
    tracker = progress.start("site steps", unit=None, console=plain_console(), interval=5, clock=clock)
    clock.now = 7
    tracker.finish()
    assert progress_lines(caplog) == ["news_digest: site steps: done in 7.00 s"]


def test_on_a_terminal_a_bar_with_count_percentage_and_rate_gone_when_finished():
    console = terminal_console()
    tracker = progress.start("reading", 10, console=console)
    assert isinstance(tracker, progress.BarTracker)
    tracker.advance(3)
    tracker.finish()
    drawn = console.file.getvalue()
    assert "reading" in drawn
    assert "3/10 files" in drawn
    assert "30%" in drawn
    assert "━" in drawn
    assert drawn.endswith("\x1b[?25h") or "\x1b[?25h" in drawn  # the cursor is shown again
    assert progress.active() is progress.NULL


def test_on_a_terminal_an_unknown_total_shows_the_count_without_percentage():
    console = terminal_console()
    with progress.start("writing", console=console) as tracker:
        tracker.advance(42)
    drawn = console.file.getvalue()
    assert "writing" in drawn and "42 files" in drawn
    assert "%" not in drawn


def test_quiet_logs_show_nothing_and_cost_nothing(caplog):
    caplog.set_level(logging.WARNING, logger=PROGRESS_LOGGER)
    console = terminal_console()
    tracker = progress.start("reading", 10, console=console)
    assert tracker is progress.NULL
    tracker.advance()
    tracker.finish()
    assert console.file.getvalue() == ""


def test_advance_and_finish_without_a_phase_do_nothing():
    assert progress.active() is progress.NULL
    progress.advance(3)
    progress.finish()
    assert progress.active() is progress.NULL


def test_one_phase_at_a_time():
    console = plain_console()
    first = progress.start("reading", 10, console=console)
    second = progress.start("writing", console=console)
    assert first.finished and not second.finished
    assert progress.active() is second
    first.advance()  # a finished phase counts no more
    assert first.count == 0
    progress.advance(2)
    assert second.count == 2
    progress.finish()
    assert second.finished and progress.active() is progress.NULL


def test_advance_from_many_threads():
    tracker = progress.start("reading", 4000, console=plain_console())

    def work():
        for _ in range(1000):
            tracker.advance()

    threads = [threading.Thread(target=work) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert tracker.count == 4000
    tracker.finish()


def test_track_counts_each_item_once_the_loop_is_done_with_it():
    progress.use_console(plain_console())
    seen = []
    for item in progress.track(["a", "b", "c"], "reading"):
        tracker = progress.active()
        seen.append((item, tracker.count, tracker.total))
    assert seen == [("a", 0, 3), ("b", 1, 3), ("c", 2, 3)]
    assert tracker.finished and tracker.count == 3


def test_a_failed_run_takes_its_bar_away():
    console = terminal_console()
    progress.use_console(console)
    watch = progress.BuildWatch()

    def failing_run():
        watch.files_to_read(5)
        watch.file_read()
        raise RuntimeError("the build failed")

    with pytest.raises(RuntimeError):
        watch.watching(failing_run)()
    assert watch.tracker.finished
    assert progress.active() is progress.NULL
    assert "\x1b[?25h" in console.file.getvalue()


def test_the_build_phases_run_from_one_signal_to_the_next(caplog):
    progress.use_console(plain_console())
    clock = FakeClock()
    watch = progress.BuildWatch(clock)
    watch.run_started()
    clock.now = 0.5
    watch.reading_started()
    watch.files_to_read(2)
    clock.now = 2.0
    watch.file_read()
    clock.now = 4.5
    watch.file_read()  # the last file: reading ends here, not at pretaxonomy
    clock.now = 5.0
    watch.reading_done()
    clock.now = 6.0
    watch.writing_started()
    for _ in range(3):
        watch.page_written()
    watch.feed_written()
    clock.now = 8.0
    figures = watch.run_finished()
    assert figures.phases == (
        Phase("setup", 0.5),
        Phase("reading", 4.0, 2),
        Phase("site steps", 1.5),
        Phase("writing", 2.0, 4),
    )
    assert figures.total_seconds == 8.0
    assert (figures.pages, figures.feeds) == (3, 1)
    assert progress_lines(caplog)[-1] == (
        "news_digest: time: setup 0.50 s, reading 4.00 s (2 files, 0.50/s), site steps 1.50 s, "
        "writing 2.00 s (4 files, 2.0/s), total 8.00 s"
    )


def test_summary_lines():
    figures = BuildFigures(
        read=18_204,
        published=15_000,
        merged=2_203,
        rejected=1_001,
        pages=40_512,
        feeds=1_200,
        phases=(
            Phase("setup", 0.25),
            Phase("reading", 75.4, 18_204),
            Phase("site steps", 12.34),
            Phase("writing", 3_725, 41_712),
        ),
        total_seconds=3_813.0,
    )
    assert summary_lines(figures) == [
        "18,204 raw files read: 15,000 published, 2,203 merged, 1,001 rejected",
        "40,512 pages and 1,200 feeds written",
        "time: setup 0.25 s, reading 1 min 15 s (18,204 files, 241/s), site steps 12.3 s, "
        "writing 1 h 02 min (41,712 files, 11/s), total 1 h 03 min",
    ]


def test_summary_lines_in_the_singular_and_without_time():
    figures = BuildFigures(1, 0, 0, 1, 1, 1, phases=(Phase("reading", 0.0, 1),), total_seconds=0.0)
    assert summary_lines(figures) == [
        "1 raw file read: 0 published, 0 merged, 1 rejected",
        "1 page and 1 feed written",
        "time: reading 0.00 s, total 0.00 s",
    ]


@pytest.mark.parametrize(
    ("seconds", "text"),
    [(0.0, "0.00 s"), (9.994, "9.99 s"), (10, "10.0 s"), (59.94, "59.9 s"), (60, "1 min 00 s"), (3_599, "59 min 59 s")],
)
def test_duration_text(seconds, text):
    assert duration_text(seconds) == text


@pytest.mark.build
def test_a_build_ends_with_the_summary(tmp_path, monkeypatch):
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    samples = sorted(path for path in content.rglob("*.txt") if "pages" not in path.parts)
    copy = samples[0].with_name("refetched-" + samples[0].name)
    copy.write_bytes(samples[0].read_bytes())  # the same article again: merged
    (content / "empty.txt").write_text("", encoding="utf-8")  # rejected
    output = tmp_path / "output"
    monkeypatch.setenv("COLUMNS", "1000")  # one log line per message
    result = build_content(content, output)
    log = result.stdout + result.stderr
    read = len(samples) + 2
    assert f"news_digest: {read} raw files read: {len(samples)} published, 1 merged, 1 rejected" in log
    report = json.loads((output / "report.json").read_text(encoding="utf-8"))["totals"]
    assert (report["read"], report["published"], report["merged"], report["rejected"]) == (read, len(samples), 1, 1)
    pages = len(list(output.rglob("*.html"))) + len(list(output.rglob("*.opml")))
    feeds = len(list(output.rglob("*.atom.xml")))
    assert f"news_digest: {pages} pages and {feeds} feeds written" in log
    (time_line,) = [line for line in log.splitlines() if "news_digest: time: " in line]
    for phase in ("setup", "reading", "site steps", "writing", "total"):
        assert f" {phase} " in time_line
    assert f"({read} files, " in time_line


def test_inspect_reads_with_progress_on_the_terminal_and_json_lines_on_standard_output(tmp_path):
    folder = tmp_path / "raw"
    shutil.copytree(ROOT / "content" / "harbourwire", folder / "harbourwire")
    files = sorted(folder.rglob("*.txt"))
    command = [sys.executable, "-m", "news_digest", "inspect", "--content-root", str(folder), str(folder)]
    env = {**os.environ, "PYTHONPATH": str(ROOT / "plugins"), "TERM": "xterm", "COLUMNS": "120"}
    for name in ("NO_COLOR", "FORCE_COLOR", "TTY_COMPATIBLE", "TTY_INTERACTIVE"):
        env.pop(name, None)
    leader, follower = pty.openpty()
    drawn = bytearray()

    def drain():
        while True:
            try:
                chunk = os.read(leader, 4096)
            except OSError:  # the child has gone and closed the terminal
                return
            if not chunk:
                return
            drawn.extend(chunk)

    reader = threading.Thread(target=drain, daemon=True)
    reader.start()
    try:
        result = subprocess.run(
            command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=follower, timeout=600, check=False
        )
    finally:
        os.close(follower)
        reader.join(timeout=10)
        os.close(leader)
    assert result.returncode == 0, drawn.decode("utf-8", "replace")
    records = [json.loads(line) for line in result.stdout.decode("utf-8").splitlines()]
    assert [record["path"] for record in records] == [str(path) for path in files]
    terminal = drawn.decode("utf-8", "replace")
    assert "reading" in terminal
    assert f"/{len(files)} files" in terminal


def test_inspect_logs_reading_progress_off_a_terminal(caplog, monkeypatch):
    monkeypatch.setattr(progress, "LINE_INTERVAL_SECONDS", 0)
    progress.use_console(plain_console())
    folder = ROOT / "content" / "harbourwire"
    count = len(list(folder.rglob("*.txt")))
    records, *_ = read_files([str(folder)], str(ROOT / "content" / "sources.yaml"), None)
    assert len(records) == count
    lines = progress_lines(caplog)
    assert lines[0].startswith(f"news_digest: reading: 1/{count} files (")
    assert lines[-1].startswith(f"news_digest: reading: done: {count} files in ")
    assert all("files/s" in line for line in lines)


def test_a_module_of_the_plugin_imports_without_the_whole_plugin():
    """tools/search_index.py shows its progress with this module: importing it leaves the plugin (its
    parsers and language models) unimported until Pelican asks the package for `register`."""
    script = (
        "import sys, news_digest.progress; print('news_digest.plugin' in sys.modules);"
        "import news_digest; news_digest.register; print('news_digest.plugin' in sys.modules)"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT / "plugins")}
    found = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, check=True)
    assert found.stdout.split() == ["False", "True"]
