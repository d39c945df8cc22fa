"""Build the site without ever leaving a half-written output folder.

    .venv/bin/python -m tools.build [--alongside COMMAND]... [--alongside-early COMMAND]...
                                    [--alongside-writes NAME]... [--then COMMAND]... [PELICAN OPTIONS]

PELICAN OPTIONS are pelican's own (`content -o output -s publishconf.py -e KEY=VALUE …`); `make html`,
`make publish` and `make github` run this. Pelican writes into a fresh folder beside the output folder
(`.output.build-XXXX`, same file system); each `--then` command then runs on that folder, `{output}`
in it replaced by the folder's path (a search indexer, say); then the finished tree is measured into
report.json; and only when all of that succeeded does the folder replace the output folder (old one
renamed away, new one renamed in, old one removed). A failed, interrupted or killed build leaves the
previous site as it was; the next build removes what it left behind. The new site starts empty, so
nothing survives from an earlier build (as with DELETE_OUTPUT_DIRECTORY, without OUTPUT_RETENTION).
The log says how long Pelican, each `--then` command and the whole build took; the plugin's closing
summary splits Pelican's time by phase.

An `--alongside` command reads only the article pages (the search indexer): it starts as soon as the
plugin says they are all written (a line on the pipe named in NEWS_DIGEST_ARTICLES_WRITTEN_FD, see
plugins/news_digest/site/articles_written.py) and runs while Pelican writes the list pages, feeds and
machine files, on the other core. It learns that Pelican has ended, successfully or not, when the
pipe named in its NEWS_DIGEST_PELICAN_RUNNING_FD reaches its end, and can hold back work that needs
Pelican's memory or cores until then. Pelican failing stops it; it failing fails the build. Where the
plugin never says so (no articles generator), it runs after Pelican, like a `--then` command.
An `--alongside-early` command is the same, but started with Pelican, so that it can make ready what
does not need the pages (the search indexer warms its Pagefind process): the pipe named in its
NEWS_DIGEST_BUILD_NOTICES_FD reaches its end once the article pages are written, or Pelican has
ended without saying so. Before that, the build passes on to it the plugin's other notices, a line
each: that this build made most articles again from the last build's (the time to prepare for an
incremental build), or that it makes most of the site anew (the time to give back what such a step
holds for one); see build_notices.py.
`--alongside-writes NAME` says that the --alongside commands write only into the site's folder NAME
(the search index: pagefind): then, unless --then commands follow them, the rest of the site, final
once Pelican has ended, is walked for the report's figures and the next build's check, and the report
read, while they finish, and only their folder after them.

Settings read here: OUTPUT_PATH, NEWS_DIGEST_REPORT (where report.json is) and
OUTPUT_SIZE_WARNING_BYTES (default 900 MB; GitHub Pages publishes at most 1 GB).

Watching and serving (`-r`, `-l`) stay with plain `pelican`: `make regenerate`, `serve`, `devserver`.
"""

from __future__ import annotations

import argparse
import contextlib
import fcntl
import json
import logging
import os
import select
import shlex
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

# Pelican's console wraps log lines at 80 columns off a terminal: in a CI log a rejected file's
# one line would break in pieces. It reads the width once, when pelican is imported.
if not sys.stdout.isatty():
    os.environ.setdefault("COLUMNS", "1000")

import pelican
from pelican.log import init as init_logging
from pelican.settings import read_settings

from tools import up_to_date

# The plugin's modules (its report's layout), where Pelican finds them (PLUGIN_PATHS).
PLUGINS = str(Path(__file__).resolve().parent.parent / "plugins")
if PLUGINS not in sys.path:
    sys.path.insert(0, PLUGINS)
from news_digest.site import build_notices  # noqa: E402 (once the plugins folder is on the path)
from news_digest.site import report as report_layout  # noqa: E402

LOG_PREFIX = "build:"
# GitHub Pages publishes sites of at most 1 GB; warn a little before that.
DEFAULT_SIZE_WARNING_BYTES = 900 * 1000**2
PAGES_LIMIT_TEXT = "1 GB"
PAGES_LIMIT_BYTES = 1000**3
DEFAULT_REPORT = "report.json"
OUTPUT_PLACEHOLDER = "{output}"
# Where the output figures go in the report while the rest of it is rendered (record_output).
OUTPUT_SLOT = "\x00output figures\x00"
CACHE_VARIABLE = "NEWS_DIGEST_CACHE_PATH"
# Settings that say where the build runs, not what it writes (the output folder has a state of its own).
VOLATILE_SETTINGS = ("OUTPUT_PATH", "CACHE_PATH")
INTERRUPTING_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
# The pipes between Pelican, the build and the steps that run alongside Pelican (see the docstring).
ARTICLES_WRITTEN_VARIABLE = build_notices.VARIABLE
PELICAN_RUNNING_VARIABLE = "NEWS_DIGEST_PELICAN_RUNNING_FD"
NOTICES_VARIABLE = "NEWS_DIGEST_BUILD_NOTICES_FD"
# How often the build, waiting for the articles to be written, looks whether Pelican has ended instead.
NOTICE_POLL_SECONDS = 0.2

logger = logging.getLogger("tools.build")


class BuildFailed(Exception):
    def __init__(self, message: str, exitcode: int = 1):
        super().__init__(message)
        self.exitcode = exitcode


class Interrupted(BaseException):
    """Raised by a signal handler; a BaseException so that Pelican's `except Exception` lets it through."""

    def __init__(self, signum: int):
        super().__init__(signal.Signals(signum).name)
        self.signum = signum


@dataclass(frozen=True)
class Site:
    output: Path  # the real (symlink-resolved) output folder that gets replaced
    report_name: str
    size_warning_bytes: int
    cache: Path | None = None  # Pelican's CACHE_PATH, absolute; None when the plugin's caches are off
    settings: dict | None = None
    settings_file: str | None = None


@dataclass(frozen=True)
class Measure:
    bytes: int
    files: int


def parse_options(argv: list[str]) -> tuple[argparse.Namespace, list[str]]:
    """Our own options, and everything else for pelican, in its order."""
    parser = argparse.ArgumentParser(
        prog="python -m tools.build",
        description="Build the site into a fresh folder that replaces the output folder only on success. "
        "Every other option is pelican's.",
        allow_abbrev=False,
    )
    parser.add_argument(
        "--then",
        action="append",
        default=[],
        metavar="COMMAND",
        help=f"a shell command run on the finished site before it replaces the output; {OUTPUT_PLACEHOLDER} "
        "is replaced by the site's folder; repeatable; a non-zero exit fails the build",
    )
    parser.add_argument(
        "--alongside",
        action="append",
        default=[],
        metavar="COMMAND",
        help="a shell command that reads only the article pages, started once Pelican has written them "
        f"and run while it writes the rest; {OUTPUT_PLACEHOLDER} as for --then; repeatable; a non-zero "
        "exit fails the build",
    )
    parser.add_argument(
        "--alongside-early",
        action="append",
        default=[],
        metavar="COMMAND",
        help="as --alongside, but started with Pelican and told when the article pages are written (the "
        f"pipe named in {NOTICES_VARIABLE} reaches its end); repeatable",
    )
    parser.add_argument(
        "--alongside-writes",
        action="append",
        default=[],
        metavar="NAME",
        help="a folder at the top of the site that the --alongside commands write into, and the only "
        "place they write; repeatable. Without --then commands, the rest of the site, final once "
        "Pelican has ended, is walked (for its size and digest) while they still run",
    )
    parser.add_argument(
        "--rebuild",
        action="store_true",
        help="build even when nothing changed since the last build (the output would be the same)",
    )
    options, pelican_argv = parser.parse_known_args(argv)
    return options, pelican_argv


def read_site(pelican_argv: list[str]) -> Site:
    args = pelican.parse_arguments(pelican_argv)
    if args.autoreload or args.listen:
        raise BuildFailed("-r/--autoreload and -l/--listen are not builds: run pelican itself for those", 2)
    if "OUTPUT_PATH" in args.overrides:
        raise BuildFailed("give the output folder with -o, not -e OUTPUT_PATH", 2)
    settings_file = args.settings
    if settings_file is None and os.path.isfile(pelican.DEFAULT_CONFIG_NAME):
        settings_file = pelican.DEFAULT_CONFIG_NAME
    # Pelican reads (and warns about) the same settings again when it builds; say it once.
    settings_logger = logging.getLogger("pelican.settings")
    settings_logger.disabled = True
    try:
        settings = read_settings(settings_file, override=pelican.get_config(args))
    finally:
        settings_logger.disabled = False
    return Site(
        output=Path(os.path.realpath(settings["OUTPUT_PATH"])),
        report_name=settings.get("NEWS_DIGEST_REPORT") or DEFAULT_REPORT,
        size_warning_bytes=int(settings.get("OUTPUT_SIZE_WARNING_BYTES", DEFAULT_SIZE_WARNING_BYTES)),
        cache=Path(os.path.abspath(settings["CACHE_PATH"])) if settings.get("NEWS_DIGEST_CACHE", True) else None,
        settings=settings,
        settings_file=settings_file,
    )


def start_logging(pelican_argv: list[str]) -> None:
    """The same logging Pelican sets up, so that our lines look like its own."""
    args = pelican.parse_arguments(pelican_argv)
    init_logging(
        level=args.verbosity,
        fatal=args.fatal,
        name="pelican",
        handler=pelican.LOG_HANDLERS[args.log_handler],
        logs_dedup_min_level=getattr(logging, args.logs_dedup_min_level),
    )
    logger.setLevel(args.verbosity or logging.INFO)


def staging_prefix(output: Path) -> str:
    return f".{output.name}.build-"


def previous_prefix(output: Path) -> str:
    return f".{output.name}.old-"


def spare_folders(output: Path) -> Path:
    """Where the replaced site's folders, emptied of their files, wait for the next build."""
    return output.with_name(f".{output.name}.spare")


def siblings(output: Path, prefix: str) -> list[Path]:
    return sorted(path for path in output.parent.iterdir() if path.name.startswith(prefix))


@contextlib.contextmanager
def exclusive_build(output: Path) -> Iterator[int]:
    """One build at a time per folder holding the output; yields the lock's descriptor. The lock dies
    with its process (and with its forked children, which inherit it, unless they close it)."""
    output.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(output.parent, os.O_RDONLY)
    try:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            logger.info("%s waiting for another build into %s", LOG_PREFIX, output.parent)
            fcntl.flock(descriptor, fcntl.LOCK_EX)
        yield descriptor
    finally:
        os.close(descriptor)


def being_removed(folder: Path) -> bool:
    """Whether a process removes this replaced site now (it holds the folder's own lock), or it is gone."""
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return True
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    finally:
        os.close(descriptor)
    return False


def remove_leftovers(output: Path) -> None:
    """Clear what killed builds left; put the previous site back if one died mid-swap. A replaced site
    that a process is removing now is left to it."""
    previous = [folder for folder in siblings(output, previous_prefix(output)) if not being_removed(folder)]
    if previous and not os.path.lexists(output):
        newest = max(previous, key=lambda path: path.stat().st_mtime)
        os.rename(newest, output)
        previous.remove(newest)
        logger.warning("%s restored %s, which an interrupted build had moved to %s", LOG_PREFIX, output, newest.name)
    for leftover in siblings(output, staging_prefix(output)) + previous:
        shutil.rmtree(leftover)
        logger.info("%s removed %s, left by an interrupted build", LOG_PREFIX, leftover)


def make_staging(output: Path, spare: Path | None = None) -> Path:
    """A fresh folder for the build; holding the folders (and no file) that wait at spare, where
    given (spare_folders: the site the last build replaced). A rebuild writes the folders of the site
    it replaces, one for each article, some 27,000 at 20,000 articles, which cost 1.2 s of the file
    system's time to make and slowed the build's reading, on whose core they were made, by 0.8 s. A
    folder that this build writes nothing into is removed at its end (prune_empty)."""
    staging = Path(tempfile.mkdtemp(prefix=staging_prefix(output), dir=output.parent))
    if spare is not None:
        with contextlib.suppress(OSError):
            os.rename(spare, staging)  # onto the empty folder, in one step
    # mkdtemp makes the folder private (0700); the site is public, and GitHub Pages refuses unreadable folders.
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(staging, 0o777 & ~umask)
    return staging


@dataclass
class Step:
    """A build step's command, and its process."""

    command: str
    process: subprocess.Popen
    started: float
    # An --alongside-early step's pipe: the write end the plugin's notices are passed on through.
    notices: int | None = None


def run_pelican(
    pelican_argv: list[str],
    staging: Path,
    previous: Path,
    alongside: list[str] = (),
    cache: Path | None = None,
    *,
    early: list[str] = (),
) -> list[Step]:
    """Pelican into staging, in a child; the --alongside-early commands started with it, the
    --alongside commands once it has written the article pages (none when it never said so, nor any
    where there is no fork), all still running when this returns."""
    # The plugin renders only the pages whose inputs changed; it takes the others from the site it replaces.
    os.environ["NEWS_DIGEST_PREVIOUS_OUTPUT"] = str(previous)
    started = time.perf_counter()
    argv = [*pelican_argv, "-o", str(staging)]
    steps: list[Step] = []
    # The pipe the steps read Pelican's end from: its read end, passed to each step, and its write end.
    running: list[int] = []

    def start(command: str, why: str, extra: dict[str, str], descriptors: tuple[int, ...]) -> subprocess.Popen:
        if not running:
            running.extend(os.pipe())
        line = command.replace(OUTPUT_PLACEHOLDER, shlex.quote(str(staging)))
        logger.info("%s running %s alongside Pelican (%s)", LOG_PREFIX, line, why)
        environment = step_environment(cache, {PELICAN_RUNNING_VARIABLE: str(running[0]), **extra})
        return start_step(line, environment, (running[0], *descriptors))

    def start_early() -> None:
        for command in early:
            read_end, write_end = os.pipe()
            try:
                process = start(command, "from its start", {NOTICES_VARIABLE: str(read_end)}, (read_end,))
            except BaseException:
                os.close(write_end)
                raise
            finally:
                os.close(read_end)
            steps.append(Step(command, process, time.perf_counter(), write_end))

    def on_notice(message: bytes) -> None:
        if message in build_notices.PASSED_ON:
            for step in steps:
                if step.notices is not None:
                    with contextlib.suppress(OSError):  # a step that ended or closed its end
                        os.write(step.notices, message)
            return
        # The article pages are written: the early steps' notices end.
        for step in steps:  # the early steps are timed from here, as the others are
            step.started = time.perf_counter()
            close_notices(step)
        for command in alongside:
            steps.append(Step(command, start(command, "the article pages are written", {}, ()), time.perf_counter()))

    try:
        if (alongside or early) and hasattr(os, "fork"):
            notices = os.pipe()
            code = in_child(
                lambda: pelican_telling(argv, notices[1]), notices=notices, on_notice=on_notice, on_start=start_early
            )
        else:
            code = in_child(lambda: pelican_exit_code(argv))
    except BaseException:
        stop_steps(steps)
        raise
    finally:
        for step in steps:
            close_notices(step)
        for descriptor in running:
            os.close(descriptor)  # the steps see Pelican's end
    if code:
        stop_steps(steps)
        raise BuildFailed("pelican failed", code)
    logger.info("%s pelican took %.2f s", LOG_PREFIX, time.perf_counter() - started)
    return steps


def not_started(commands: list[str], steps: list[Step]) -> list[str]:
    """The commands that no step was started for (see run_pelican), in their order: they run after
    Pelican, as --then commands do."""
    started = Counter(step.command for step in steps)
    left = []
    for command in commands:
        if started[command]:
            started[command] -= 1
        else:
            left.append(command)
    return left


def close_notices(step: Step) -> None:
    """The end of an early step's notices: the article pages are written, or Pelican has ended."""
    if step.notices is not None:
        with contextlib.suppress(OSError):
            os.close(step.notices)
        step.notices = None


def pelican_telling(argv: list[str], descriptor: int) -> int:
    """Pelican, its plugin told to write to descriptor once the article pages are written."""
    os.environ[ARTICLES_WRITTEN_VARIABLE] = str(descriptor)
    return pelican_exit_code(argv)


def pelican_exit_code(argv: list[str]) -> int:
    try:
        pelican.main(argv)
    except SystemExit as exit_:
        return exit_.code if isinstance(exit_.code, int) else 1
    return 0


def in_child(work, notices: tuple[int, int] | None = None, on_notice=None, on_start=None) -> int:
    """work() in a forked child, and its exit code: every byte Pelican's build held (articles,
    pages, caches) goes back to the system when it ends, before the --then steps run (a search
    indexer needs memory of its own). Where there is no fork, in this process. With notices (a
    pipe whose write end work() hands on), on_notice(line) runs here for each line the child writes
    to it (wait_for); on_start() runs here once the child is started."""
    if not hasattr(os, "fork"):
        return work()
    pid = os.fork()
    if pid == 0:
        code = 1
        try:
            if notices is not None:
                os.close(notices[0])
            code = work()
        except Interrupted as interruption:
            code = 128 + interruption.signum
        except BaseException:
            logger.exception("%s pelican failed", LOG_PREFIX)
        finally:
            with contextlib.suppress(Exception):
                sys.stdout.flush()
                sys.stderr.flush()
            os._exit(code)
    try:
        if notices is not None:
            os.close(notices[1])
        if on_start is not None:
            on_start()
        status = wait_for(pid, notices[0] if notices else None, on_notice)
    except BaseException:  # interrupted: the child is stopped too before the build gives up
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGTERM)
        os.waitpid(pid, 0)
        raise
    finally:
        if notices is not None:
            os.close(notices[0])
    code = os.waitstatus_to_exitcode(status)
    if code < 0:  # ended by a signal
        return 128 - code
    return code


def wait_for(pid: int, notices: int | None, on_notice) -> int:
    """The child's wait status; meanwhile on_notice(line) for each line the child writes to notices
    (build_notices.py), until one that says the article pages are written (any not PASSED_ON),
    the pipe's end or the child's. The child's own children inherit the pipe: its end is not
    awaited, the child's is."""
    pending = b""
    while notices is not None:
        ready, _, _ = select.select([notices], [], [], NOTICE_POLL_SECONDS)
        if ready:
            chunk = os.read(notices, 256)
            if not chunk:
                break
            *lines, pending = (pending + chunk).split(b"\n")
            written = False
            for line in lines:
                on_notice(line + b"\n")
                written |= line + b"\n" not in build_notices.PASSED_ON
            if written:
                break
            continue
        found, status = os.waitpid(pid, os.WNOHANG)
        if found:
            return status
    return os.waitpid(pid, 0)[1]


def step_environment(cache: Path | None, extra: dict[str, str] | None = None) -> dict[str, str]:
    """The steps learn the site the new one replaces and the cache folder from the environment
    (NEWS_DIGEST_PREVIOUS_OUTPUT, NEWS_DIGEST_CACHE_PATH)."""
    environment = {**os.environ, **(extra or {})}
    if cache is not None:
        environment[CACHE_VARIABLE] = str(cache)
    return environment


def run_steps(commands: list[str], staging: Path, cache: Path | None = None) -> None:
    """Each command on the new site, one after the other."""
    for command in commands:
        line = command.replace(OUTPUT_PLACEHOLDER, shlex.quote(str(staging)))
        logger.info("%s running %s", LOG_PREFIX, line)
        started = time.perf_counter()
        finish_step(Step(command, start_step(line, step_environment(cache)), started))


def finish_alongside(steps: list[Step]) -> None:
    """Wait for the steps started alongside Pelican; the first to fail fails the build (and stops the others)."""
    try:
        for step in steps:
            finish_step(step, " (from when the article pages were written)")
    finally:
        stop_steps(steps)


def start_step(line: str, environment: dict[str, str], pass_fds: tuple[int, ...] = ()) -> subprocess.Popen:
    """One command in its own process group, so that stopping the build stops all it started."""
    return subprocess.Popen(line, shell=True, start_new_session=True, env=environment, pass_fds=pass_fds)


def finish_step(step: Step, since: str = "") -> None:
    try:
        returncode = step.process.wait()
    except BaseException:
        stop_steps([step])
        raise
    if returncode:
        raise BuildFailed(f"{step.command!r} exited with {returncode}", returncode)
    logger.info("%s %s took %.2f s%s", LOG_PREFIX, step.command, time.perf_counter() - step.started, since)


def stop_steps(steps: list[Step]) -> None:
    """Stop what is still running of the steps (their whole process groups)."""
    for step in steps:
        if step.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(step.process.pid, signal.SIGKILL)
            step.process.wait()


def measure(items: list) -> Measure:
    """Bytes and files as the Pages artifact holds them (links followed), from up_to_date.walk_tree."""
    total = files = 0
    for item in items:
        if not isinstance(item, up_to_date.TreeFile):
            continue
        info = item.info
        if stat.S_ISLNK(info.st_mode):
            info = os.stat(item.path)
            if stat.S_ISDIR(info.st_mode):
                continue  # a link to a folder, as os.walk lists it: not a file
        total += info.st_size
        files += 1
    return Measure(total, files)


def report_text(document: dict) -> str:
    # The plugin's own layout, so the file stays one style.
    return report_layout.report_text(document)


def with_output(document: dict, figures: dict) -> dict:
    """The document with "output" placed right after "totals" (or first)."""
    if "totals" not in document:
        return {"output": figures, **{k: v for k, v in document.items() if k != "output"}}
    result = {}
    for key, value in document.items():
        if key == "output":
            continue
        result[key] = value
        if key == "totals":
            result["output"] = figures
    return result


def report_around_output(document: dict) -> tuple[str, str] | None:
    """The report's text before and after its "output" figures, so that each try at them (below)
    renders those alone, not the whole report (some 5 MB at 20,000 files); None in the unlikely
    case that the placeholder is not the one place the text holds it."""
    text = report_text(with_output(document, OUTPUT_SLOT))
    placeholder = json.dumps(OUTPUT_SLOT)
    if text.count(placeholder) != 1:
        return None
    before, _, after = text.partition(placeholder)
    return before, after


def figures_text(figures: dict) -> str:
    """The figures as report_text renders them as the value of a top-level key."""
    return report_layout.value_text(figures)


@dataclass
class ReportRead:
    """The report Pelican wrote, read and rendered around its output figures (report_around_output:
    None in the unlikely case that it cannot be), with its size on disk and the document itself."""

    size: int
    around: tuple[str, str] | None
    document: dict


def read_report(report: Path) -> ReportRead:
    document = json.loads(report.read_text(encoding="utf-8"))
    return ReportRead(report.stat().st_size, report_around_output(document), document)


def record_output(staging: Path, report_name: str, items: list, read: ReportRead | None = None) -> Measure:
    """Measure the finished tree (walked into items) and write the figures into the report, which
    they include; the report's own entry in items follows. read: the report as read_report found it,
    where it was read ahead."""
    others = measure(items)
    report = staging / report_name
    if not report.is_file():
        return others
    read = read or read_report(report)
    others = Measure(others.bytes - read.size, others.files - 1)
    text = ""
    size = 0
    # The report's size depends on the digits it prints; a couple of rounds settle it.
    for _ in range(5):
        figures = {"bytes": others.bytes + size, "files": others.files + 1}
        if read.around is None:
            text = report_text(with_output(read.document, figures))
        else:
            text = read.around[0] + figures_text(figures) + read.around[1]
        if len(text.encode("utf-8")) == size:
            break
        size = len(text.encode("utf-8"))
    report.write_text(text, encoding="utf-8")
    written = os.path.relpath(report, staging).replace(os.sep, "/")
    for item in items:
        if isinstance(item, up_to_date.TreeFile) and item.relative == written:
            item.info = os.stat(item.path, follow_symlinks=False)
    return Measure(others.bytes + size, others.files + 1)


def human_size(size: int) -> str:
    for unit, scale in (("GB", 1000**3), ("MB", 1000**2), ("kB", 1000)):
        if size >= scale:
            return f"{size / scale:.1f} {unit}"
    return f"{size} B"


def log_size(figures: Measure, site: Site) -> None:
    summary = f"{site.output.name}/ holds {figures.files} files, {human_size(figures.bytes)}"
    if figures.bytes < site.size_warning_bytes:
        logger.info("%s %s (GitHub Pages allows %s)", LOG_PREFIX, summary, PAGES_LIMIT_TEXT)
        return
    where = "over" if figures.bytes > PAGES_LIMIT_BYTES else "near"
    message = (
        f"{summary}: {where} GitHub Pages' {PAGES_LIMIT_TEXT} limit "
        f"(OUTPUT_SIZE_WARNING_BYTES is {human_size(site.size_warning_bytes)})"
    )
    if os.environ.get("GITHUB_ACTIONS") == "true":
        print(f"::warning title=Site size::{message}", flush=True)
    logger.warning("%s %s", LOG_PREFIX, message)


def swap_in(staging: Path, output: Path) -> Path | None:
    """Old site renamed away, new one renamed in; no signal can stop it between the two renames.
    Returns where the old site went, for the caller to remove."""
    blocked = signal.pthread_sigmask(signal.SIG_BLOCK, INTERRUPTING_SIGNALS)
    try:
        if os.path.lexists(output) and not output.is_dir():
            raise BuildFailed(f"{output} exists and is not a folder; not replacing it")
        previous = None
        if output.exists():
            previous = output.with_name(previous_prefix(output) + staging.name.removeprefix(staging_prefix(output)))
            os.rename(output, previous)
        os.rename(staging, output)
        # The new site is in place: the build has succeeded, whatever arrives now.
        for signum in INTERRUPTING_SIGNALS:
            signal.signal(signum, signal.SIG_IGN)
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, blocked)
    return previous


def prune_empty(staging: Path, items: list) -> list:
    """The folders of the finished tree that hold no file, at any depth, removed (from the spare
    folders, make_staging), and the walk's items (up_to_date.walk_tree) as they are without them:
    the tree a build from nothing writes, which makes no folder it writes nothing into."""
    empty = up_to_date.empty_folders(items)
    for relative in sorted(empty, key=lambda name: name.count("/"), reverse=True):
        os.rmdir(staging / relative)
    return up_to_date.without_folders(items, empty) if empty else items


def empty_and_keep_folders(folder: Path, spare: Path) -> None:
    """The replaced site's files (and links, also to folders) removed, and its folders kept as the next
    build's (spare), unless folders already wait there: then removed too."""
    for root, folders, names in os.walk(folder):
        for name in [*names, *(name for name in folders if os.path.islink(os.path.join(root, name)))]:
            os.unlink(os.path.join(root, name))
    if os.path.lexists(spare):
        shutil.rmtree(folder)
        return
    os.rename(folder, spare)


def remove_in_background(folder: Path | None, build_lock: int | None = None, spare: Path | None = None) -> None:
    """Remove the replaced site after this build has returned: a forked child, detached from the
    terminal and its output, takes the folder's own lock, then lets go of the build lock it inherited
    (build_lock), and removes the folder's files; its folders are kept at spare, where given, for the
    next build (make_staging), else removed. A build started meanwhile need not wait: it leaves a
    folder so locked alone, and clears one whose remover was killed. Removing a site is waiting on the
    disk: 4 s for a site of 48,000 files whose pages were mostly kept, 12 s for one written anew.
    Where there is no fork, it is removed here."""
    if folder is None:
        return
    if not hasattr(os, "fork"):
        shutil.rmtree(folder)
        return
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):
            stream.flush()
    if os.fork():
        return
    try:
        os.setsid()
        quiet = os.open(os.devnull, os.O_RDWR)
        for descriptor in (0, 1, 2):
            os.dup2(quiet, descriptor)
        for signum in INTERRUPTING_SIGNALS:
            signal.signal(signum, signal.SIG_DFL)
        # Nothing waits for the removal: a build started meanwhile goes first for the cores.
        with contextlib.suppress(OSError):
            os.nice(19)
        with contextlib.suppress(OSError):
            # Held until this process ends; taken before the build lock is let go of, so that no
            # build sees the folder unlocked while it is removed.
            fcntl.flock(os.open(folder, os.O_RDONLY), fcntl.LOCK_EX)
        if build_lock is not None:
            os.close(build_lock)
        if spare is not None:
            with contextlib.suppress(OSError):
                empty_and_keep_folders(folder, spare)
        # All of it without a spare; what is left where keeping the folders failed (nothing after it).
        shutil.rmtree(folder, ignore_errors=True)
    finally:
        os._exit(0)


def build(
    commands: list[str],
    pelican_argv: list[str],
    site: Site,
    *,
    rebuild: bool = False,
    alongside: list[str] = (),
    alongside_writes: list[str] = (),
    alongside_early: list[str] = (),
) -> None:
    with exclusive_build(site.output) as build_lock:
        started = time.perf_counter()
        remove_leftovers(site.output)
        steps_named = [*(f"--alongside {c}" for c in alongside), *(f"--alongside-early {c}" for c in alongside_early)]
        state, inputs = last_build([*steps_named, *commands], pelican_argv, site)
        if state is not None and not rebuild and state.is_current(inputs):
            report_unchanged(site, time.perf_counter() - started)
            return
        if site.cache is not None:
            (site.cache / up_to_date.BUILD_TIME_FILE).unlink(missing_ok=True)
        # Where Pelican empties the output folder first (DELETE_OUTPUT_DIRECTORY), it would remove them.
        spare = None if (site.settings or {}).get("DELETE_OUTPUT_DIRECTORY") else spare_folders(site.output)
        staging = make_staging(site.output, spare)
        try:
            steps = run_pelican(pelican_argv, staging, site.output, alongside, site.cache, early=alongside_early)
            # What Pelican wrote is final: walked while the steps alongside it finish, where they say
            # where they write and nothing runs after them.
            ahead = None
            if steps and alongside_writes and not commands:
                ahead = WalkAhead(staging, alongside_writes, site.report_name)
            finish_alongside(steps)
            # Pelican never said the article pages were written, or there is no fork: what would have
            # run alongside runs now.
            run_steps([*not_started([*alongside, *alongside_early], steps), *commands], staging, site.cache)
            # One walk of the finished tree: its size for the report, and its digest for the next
            # build (the renaming into place changes neither).
            items = prune_empty(staging, up_to_date.walk_tree(staging, ahead.result() if ahead else None))
            log_size(record_output(staging, site.report_name, items, ahead.report if ahead else None), site)
            previous = swap_in(staging, site.output)
            if state is not None:
                state.record(inputs, up_to_date.listing_digest(items))
            logger.info("%s built in %.2f s", LOG_PREFIX, time.perf_counter() - started)
            # Kept whatever this build's settings: the next one may be a `make html` that starts from them.
            remove_in_background(previous, build_lock, spare_folders(site.output))
        finally:
            if staging.exists():
                shutil.rmtree(staging, ignore_errors=True)


class WalkAhead:
    """The folders at the top of the site but `excluded`, walked (up_to_date.walk_folder) in a thread:
    about 0.4 s at 20,000 articles that an edit's build no longer spends after its search index. Then
    the report Pelican wrote, read and rendered around its figures (read_report: 0.25 s at 20,000
    files), where it is outside the excluded folders."""

    def __init__(self, site: Path, excluded: list[str], report_name: str | None = None):
        self.walked: dict[str, list] = {}
        self.failed = False
        self.report: ReportRead | None = None
        try:
            with os.scandir(site) as listing:
                self.names = sorted(
                    entry.name
                    for entry in listing
                    if entry.is_dir(follow_symlinks=False) and entry.name not in excluded
                )
        except OSError:
            self.names = []
        report_top = Path(report_name).parts[0] if report_name else None
        self.report_path = site / report_name if report_name and report_top not in excluded else None
        self.thread = threading.Thread(target=self.walk, args=(site,), name="walk ahead", daemon=True)
        self.thread.start()

    def walk(self, site: Path) -> None:
        try:
            for name in self.names:
                self.walked[name] = up_to_date.walk_folder(site, name)
        except OSError:
            self.failed = True  # walked again with the rest
        if self.report_path is not None:
            with contextlib.suppress(OSError, ValueError):  # read again after the steps
                self.report = read_report(self.report_path)

    def result(self) -> dict[str, list]:
        self.thread.join()
        return {} if self.failed else self.walked


def last_build(commands: list[str], pelican_argv: list[str], site: Site):
    """What the last build into this output recorded, and this build's inputs digest (None when
    they cannot be told apart from another build's); no state at all when the cache is off."""
    if site.cache is None or site.settings is None:
        return None, None
    state = up_to_date.BuildState(site.cache, site.output)
    digests = up_to_date.FileDigests(site.cache / up_to_date.DIGESTS_FILE)
    try:
        inputs = up_to_date.inputs_digest(
            site.settings, site.settings_file, pelican_argv, commands, VOLATILE_SETTINGS, digests=digests
        )
        digests.save()
    except up_to_date.Unknowable as reason:
        logger.info("%s every build runs: %s", LOG_PREFIX, reason)
        inputs = None
    return state, inputs


def report_unchanged(site: Site, seconds: float) -> None:
    """Nothing changed since the last build: say so, and what its report says, rejections first."""
    logger.info(
        "%s nothing changed since the last build (content, settings, theme, plugins, tools, libraries): "
        "%s/ is kept as it is",
        LOG_PREFIX,
        site.output.name,
    )
    try:
        report = json.loads((site.output / site.report_name).read_text(encoding="utf-8"))
        files, counts = report.get("files", []), report["totals"]
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        files, counts = [], None
    for item in files:
        if isinstance(item, dict) and item.get("status") == "rejected":
            logger.warning("%s rejected %s: %s", LOG_PREFIX, item.get("path"), item.get("reason"))
    if counts:
        logger.info(
            "%s %s raw files: %s published, %s merged, %s rejected (report: %s)",
            LOG_PREFIX,
            counts.get("read"),
            counts.get("published"),
            counts.get("merged"),
            counts.get("rejected"),
            site.output / site.report_name,
        )
    logger.info("%s up to date in %.2f s", LOG_PREFIX, seconds)


def raise_interrupted(signum, _frame):
    raise Interrupted(signum)


def main(argv: list[str] | None = None) -> int:
    options, pelican_argv = parse_options(sys.argv[1:] if argv is None else argv)
    start_logging(pelican_argv)
    for signum in INTERRUPTING_SIGNALS:
        signal.signal(signum, raise_interrupted)
    site = None
    try:
        site = read_site(pelican_argv)
        build(
            options.then,
            pelican_argv,
            site,
            rebuild=options.rebuild,
            alongside=options.alongside,
            alongside_writes=options.alongside_writes,
            alongside_early=options.alongside_early,
        )
    except BuildFailed as error:
        where = f"; {site.output} is unchanged" if site else ""
        logger.critical("%s %s%s", LOG_PREFIX, error, where)
        return error.exitcode
    except Interrupted as interruption:
        where = f"; {site.output} is unchanged" if site else ""
        logger.critical("%s interrupted by %s%s", LOG_PREFIX, interruption, where)
        return 128 + interruption.signum
    return 0


if __name__ == "__main__":
    sys.exit(main())
