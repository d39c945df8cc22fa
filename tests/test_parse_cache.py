"""The parse cache and parallel parsing: a rebuild parses only the raw files that changed, or everything
when what parsing depends on changed; results that depend on when the build runs are never kept; a
broken cache costs time, never the build; worker processes give what one process gives.

Whole builds run through tools/build.py with tests/plugins/parse_log.py, which records each file the
pipeline parses (in the build's process or a worker) and the cache's hits.
"""

from __future__ import annotations

import contextlib
import json
import multiprocessing
import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import ROOT
from news_digest import cache as cache_module
from news_digest import parsing
from news_digest.article_cache import CACHE_FILE as ARTICLE_CACHE_FILE
from news_digest.cache import CACHE_FILE, ParseCache, fingerprint
from news_digest.files import Confinement, is_inside, skip_unused_file_stamps
from news_digest.knowledge import load_knowledge
from news_digest.parsing import Parsed, Rejection, parse_file, parse_files, worker_count
from news_digest.pipeline import IngestOptions, ingest_file
from pelican.cache import FileStampDataCacher
from test_incremental import Build, assert_same_tree, build, environment, tree

from tools import bench_corpus

TEST_PLUGINS = Path(__file__).parent / "plugins"
# Above parsing.MIN_FILES_FOR_WORKERS: a cold build parses in worker processes.
ARCHIVE_SIZE = 70
EDITED_INDEX = 12
WORKER_ARCHIVE_SIZE = 80
CACHE_WARNING = "the parse cache"
# A feed dump fetched in 2024 whose date element and URL say 2099: the date is ignored while it lies
# in the future, so what the file gives depends on the day it is read.
FUTURE_ARTICLE = """<!--1732000000000-->
[Harbour volumes hold steady](https://harbourwire.example/business/2099/01/01/volumes)
------

<div>01/01/2099 - 10:00</div><p><strong>Container volumes at the harbour were steady through the \
week.</strong></p><p>Operators said transshipment cargo made up most of the boxes handled at the terminals, \
with feeder services running to schedule.</p>
"""
DATED_ARTICLE = FUTURE_ARTICLE.replace("2099", "2024").replace("01/01/2024", "18/11/2024")
# No publication or fetch time: the file's modification time dates it.
UNDATED_ARTICLE = """# url = https://harbourwire.example/business/undated-volumes
# title = Harbour volumes hold steady

Harbour volumes hold steady

Port operators said on Tuesday that container volumes rose through the week, with feeder services \
running to schedule.
"""


@dataclass(frozen=True)
class Trace:
    parsed: list[str]  # relative to the content folder, sorted
    hits: int | None  # None: the build had no parse cache
    kept: int | None
    remade: int | None = None  # articles made again from the article cache (article_cache.py)


def traced_build(content: Path, base: Path, *settings: str) -> tuple[Build, Trace]:
    """A build through tools/build.py with the parse log plugin: the build, and what it parsed."""
    log = base.parent / f"{base.name}.parse-log"
    plugins = [
        'PLUGINS=["news_digest", "parse_log"]',
        f"PLUGIN_PATHS={json.dumps([str(ROOT / 'plugins'), str(TEST_PLUGINS)])}",
    ]
    result = build(content, base, *plugins, *settings, env=environment(PARSE_LOG=str(log)))
    records = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]
    log.unlink()
    parsed = sorted(os.path.relpath(r["parsed"], content) for r in records if "parsed" in r)
    (cache,) = [r["cache"] for r in records if "cache" in r]
    return result, Trace(parsed, cache and cache["hits"], cache and cache["kept"], cache and cache["remade"])


def raw_files(content: Path) -> list[str]:
    return sorted(path.relative_to(content).as_posix() for path in content.rglob("*.txt"))


def entries(folder: Path) -> int:
    """Entries in the parse cache under folder (a CACHE_PATH)."""
    connection = sqlite3.connect(folder / CACHE_FILE)
    try:
        return connection.execute("SELECT count(*) FROM parsed").fetchone()[0]
    finally:
        connection.close()


@pytest.fixture
def content(tmp_path) -> Path:
    folder = tmp_path / "content"
    bench_corpus.write_archive(folder, ARCHIVE_SIZE)
    return folder


@pytest.fixture
def first(content, tmp_path) -> Trace:
    """The archive's first build: every file parsed (each once), and kept in the cache."""
    _, trace = traced_build(content, tmp_path / "site")
    files = raw_files(content)
    assert trace == Trace(files, 0, len(files), 0)
    assert entries(tmp_path / "site" / "cache") == len(files)
    return trace


# ------------------------------------------------------------------------------------------ builds


@pytest.mark.build
def test_second_build_parses_nothing(content, first, tmp_path):
    _, trace = traced_build(content, tmp_path / "site")
    assert trace == Trace([], 0, len(first.parsed), len(first.parsed))  # every article made again


@pytest.mark.build
def test_without_the_article_cache_the_parses_are_read_back(content, first, tmp_path):
    (tmp_path / "site" / "cache" / ARTICLE_CACHE_FILE).unlink()
    _, trace = traced_build(content, tmp_path / "site")
    assert trace == Trace([], len(first.parsed), len(first.parsed), 0)


@pytest.mark.build
def test_only_an_edited_file_is_parsed_again(content, first, tmp_path):
    (edited,) = bench_corpus.write_archive(content, ARCHIVE_SIZE, edit=EDITED_INDEX)
    _, trace = traced_build(content, tmp_path / "site")
    assert trace == Trace([edited], 0, len(first.parsed), len(first.parsed) - 1)
    assert entries(tmp_path / "site" / "cache") == len(first.parsed)  # the edited file's old entry is dropped


@pytest.mark.build
def test_changed_sources_file_parses_everything_again(content, first, tmp_path):
    with (content / "sources.yaml").open("a", encoding="utf-8") as handle:
        handle.write("harbour-wire:\n  name: Harbour Wire\n  domains: [harbourwire.example]\n")
    _, trace = traced_build(content, tmp_path / "site")
    assert trace == Trace(first.parsed, 0, len(first.parsed), 0)
    assert entries(tmp_path / "site" / "cache") == len(first.parsed)


@pytest.mark.build
def test_corrupt_cache_file_is_survived_with_a_warning_and_replaced(content, first, tmp_path):
    before = tree(tmp_path / "site" / "output")
    (tmp_path / "site" / "cache" / CACHE_FILE).write_bytes(b"\x00 not a database \xff" * 200)
    (tmp_path / "site" / "cache" / ARTICLE_CACHE_FILE).unlink()  # else the articles would not be parsed
    result, trace = traced_build(content, tmp_path / "site")
    warnings = [line for line in result.log.splitlines() if CACHE_WARNING in line]
    assert len(warnings) == 1 and "starts afresh" in warnings[0], result.log[-3000:]
    assert trace.parsed == first.parsed
    assert_same_tree(tree(result.output), before)
    again, trace = traced_build(content, tmp_path / "site")  # the new cache serves the next build
    assert not [line for line in again.log.splitlines() if CACHE_WARNING in line]
    assert trace.parsed == []
    assert_same_tree(tree(again.output), before)


@pytest.mark.build
def test_cache_off_writes_no_cache(content, tmp_path):
    for _ in range(2):
        result, trace = traced_build(content, tmp_path / "site", "NEWS_DIGEST_CACHE=false")
        assert trace == Trace(raw_files(content), None, None)
        assert result.kept == 0
        assert not (tmp_path / "site" / "cache" / "news_digest").exists()


# ------------------------------------------------------------------------------------------ in process


@pytest.fixture(scope="module")
def knowledge():
    return load_knowledge(str(ROOT / "content" / "sources.yaml"), str(ROOT / "content" / "tags.yaml"))


def make_cache(folder: Path, stamp: str = "") -> ParseCache:
    return ParseCache(str(folder), fingerprint(None, None, ("test", stamp)))


@pytest.fixture
def parse_count(monkeypatch) -> list[str]:
    """Each path the pipeline parses in this process, in order."""
    parsed: list[str] = []

    def counted(path, *args):
        parsed.append(os.path.basename(path))
        return unwrapped(path, *args)

    unwrapped = parsing.parse_uncached
    monkeypatch.setattr(parsing, "parse_uncached", counted)
    return parsed


def test_results_that_depend_on_the_build_time_are_not_cached(tmp_path, knowledge, parse_count):
    folder = tmp_path / "content" / "harbourwire"
    folder.mkdir(parents=True)
    texts = {"dated.txt": DATED_ARTICLE, "future.txt": FUTURE_ARTICLE, "undated.txt": UNDATED_ARTICLE}
    for name, text in texts.items():
        (folder / name).write_text(text, encoding="utf-8")
    options = IngestOptions(content_root=str(tmp_path / "content"))
    cache = make_cache(tmp_path)
    first = {name: parse_file(str(folder / name), knowledge, options, cache) for name in texts}
    cache.close()
    assert all(isinstance(result, Parsed) for result in first.values())
    assert not first["dated.txt"].article.warnings
    assert any("lies in the future" in w for w in first["future.txt"].article.warnings)
    assert any("modification time was used" in w for w in first["undated.txt"].article.warnings)
    assert entries(tmp_path) == 1

    cache = make_cache(tmp_path)
    again = {name: parse_file(str(folder / name), knowledge, options, cache) for name in texts}
    cache.close()
    assert again == first
    assert cache.hits == 1
    assert parse_count == [*texts, "future.txt", "undated.txt"]


def test_rejections_keep_their_reasons_through_the_cache(tmp_path, knowledge, monkeypatch, parse_count):
    folder = tmp_path / "content" / "harbourwire"
    folder.mkdir(parents=True)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(b"\x00\x01\x02binary\xff\xfe")
    (folder / "undated-plain.txt").write_text("A line with no date\n\nAnother paragraph.\n", encoding="utf-8")
    (folder / "fails.txt").write_text(DATED_ARTICLE, encoding="utf-8")
    unwrapped = parsing.ingest_file

    def failing(path, *args, **kwargs):
        if path.endswith("fails.txt"):
            raise RuntimeError("a bug in a stage")
        return unwrapped(path, *args, **kwargs)

    monkeypatch.setattr(parsing, "ingest_file", failing)
    paths = sorted(str(path) for path in folder.iterdir())
    options = IngestOptions(content_root=str(tmp_path / "content"))
    cache = make_cache(tmp_path)
    first = parse_files(paths, knowledge, options, cache=cache, workers=1)
    cache.close()
    reasons = {os.path.basename(path): result.reason for path, result in first.items()}
    assert reasons == {
        "binary.txt": "binary data, not text",
        "empty.txt": "empty file",
        "fails.txt": "the plugin failed on this file (RuntimeError: a bug in a stage)",
        "undated-plain.txt": "neither a feed dump nor a page scrape, and no title line followed by a date",
    }
    cache = make_cache(tmp_path)
    assert parse_files(paths, knowledge, options, cache=cache, workers=1) == first
    cache.close()
    assert cache.hits == 3  # a failure of the plugin's own is not kept: the next version may read the file
    assert first[str(folder / "fails.txt")] == Rejection(reasons["fails.txt"], failed=True)
    assert parse_count.count("fails.txt") == 2 and len(parse_count) == 5


# A cached value that does not read back: not a pickle, cut short, or naming a class this version lacks.
DAMAGED_VALUES = {
    "not a pickle": lambda value: b"1not a pickle",
    "truncated": lambda value: value[: len(value) // 2],
    "another class": lambda value: value[:1] + b"cnews_digest_gone\nThing\n.",
}


@pytest.mark.parametrize("damage", list(DAMAGED_VALUES))
def test_unreadable_entry_is_parsed_again_and_replaced(tmp_path, knowledge, parse_count, damage):
    folder = tmp_path / "content" / "harbourwire"
    folder.mkdir(parents=True)
    (folder / "dated.txt").write_text(DATED_ARTICLE, encoding="utf-8")
    path, options = str(folder / "dated.txt"), IngestOptions(content_root=str(tmp_path / "content"))
    cache = make_cache(tmp_path)
    first = parse_file(path, knowledge, options, cache)
    cache.close()
    with sqlite3.connect(tmp_path / CACHE_FILE) as connection:
        (value,) = connection.execute("SELECT value FROM parsed").fetchone()
        assert connection.execute("UPDATE parsed SET value = ?", (DAMAGED_VALUES[damage](value),)).rowcount == 1
    for _ in range(2):
        cache = make_cache(tmp_path)
        assert parse_file(path, knowledge, options, cache) == first
        cache.close()
    assert parse_count == ["dated.txt", "dated.txt"]


def test_parse_settings_are_part_of_the_key(tmp_path, knowledge, parse_count):
    folder = tmp_path / "content" / "harbourwire"
    folder.mkdir(parents=True)
    (folder / "dated.txt").write_text(DATED_ARTICLE, encoding="utf-8")
    path, options = str(folder / "dated.txt"), IngestOptions(content_root=str(tmp_path / "content"))
    for stamp in ("one", "two", "one", "two"):
        cache = make_cache(tmp_path, stamp)
        parse_file(path, knowledge, options, cache)
        cache.close()
    assert parse_count == ["dated.txt", "dated.txt"]
    assert entries(tmp_path) == 2


@pytest.fixture(scope="module")
def archive(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("workers") / "content"
    bench_corpus.write_archive(folder, WORKER_ARCHIVE_SIZE)
    return folder


def archive_inputs(archive: Path):
    """What parse_files takes for the generated archive: its knowledge, options and raw files."""
    knowledge = load_knowledge(str(archive / "sources.yaml"), str(archive / "tags.yaml"))
    return knowledge, IngestOptions(content_root=str(archive)), [str(archive / name) for name in raw_files(archive)]


@pytest.mark.skipif(worker_count(2) < 2, reason="one core: parse_files would not start workers")
def test_workers_give_what_one_process_gives(archive, tmp_path, monkeypatch):
    knowledge, options, paths = archive_inputs(archive)
    assert len(paths) >= parsing.MIN_FILES_FOR_WORKERS
    alone = parse_files(paths, knowledge, options, workers=1)
    assert all(isinstance(result, Parsed) for result in alone.values())

    # Which process parsed each file: a worker is a forked child, which inherits the wrapper.
    processes = tmp_path / "processes"
    unwrapped = parsing.parse_uncached

    def recorded(path, *args):
        with processes.open("a", encoding="utf-8") as handle:
            handle.write(f"{os.getpid()}\n")
        return unwrapped(path, *args)

    monkeypatch.setattr(parsing, "parse_uncached", recorded)
    cache = make_cache(tmp_path)
    together = parse_files(paths, knowledge, options, cache=cache, workers=2)
    pids = processes.read_text(encoding="utf-8").split()
    assert len(pids) == len(paths) and str(os.getpid()) not in pids
    assert together == alone
    cache.close(prune=True)

    cache = make_cache(tmp_path)
    assert parse_files(paths, knowledge, options, cache=cache, workers=2) == alone
    assert cache.hits == len(paths)
    assert len(processes.read_text(encoding="utf-8").split()) == len(paths)


@pytest.mark.skipif(worker_count(2) < 2, reason="one core: parse_files would not start workers")
def test_workers_parse_the_new_files_while_the_cached_ones_are_read_back(archive, tmp_path, monkeypatch):
    knowledge, options, paths = archive_inputs(archive)
    alone = parse_files(paths, knowledge, options, workers=1)
    cached, new = paths[: len(paths) // 2], paths[len(paths) // 2 :]
    cache = make_cache(tmp_path)
    parse_files(cached, knowledge, options, cache=cache, workers=1)
    cache.close()

    monkeypatch.setattr(parsing, "MIN_FILES_FOR_WORKERS", len(new))
    workers_at_reads = []
    cache = make_cache(tmp_path)
    reading = cache.get_many

    def get_many(keys):
        workers_at_reads.append(len(multiprocessing.active_children()))
        return reading(keys)

    monkeypatch.setattr(cache, "get_many", get_many)
    parsed = []
    unwrapped = parsing.parse_uncached
    monkeypatch.setattr(parsing, "parse_uncached", lambda path, *args: parsed.append(path) or unwrapped(path, *args))
    together = parse_files(paths, knowledge, options, cache=cache, workers=2)
    assert together == alone and list(together) == paths
    assert workers_at_reads and all(count == 2 for count in workers_at_reads)  # the workers were parsing
    assert parsed == []  # none here: the new files went to the workers, the others came from the cache
    assert cache.hits == len(cached) and cache.misses == len(new)
    cache.close(prune=True)
    cache = make_cache(tmp_path)
    assert parse_files(paths, knowledge, options, cache=cache, workers=2) == alone
    assert cache.hits == len(paths)


def test_a_full_parse_again_leaves_a_file_no_larger(archive, tmp_path):
    """After every entry is replaced (settings changed), the pruned file gives its free pages back."""
    knowledge, options, paths = archive_inputs(archive)
    sizes, free = [], []
    for stamp in ("one", "two", "three"):
        cache = make_cache(tmp_path, stamp)
        parse_files(paths, knowledge, options, cache=cache, workers=1)
        assert cache.hits == 0
        cache.close(prune=True)
        sizes.append((tmp_path / CACHE_FILE).stat().st_size)
        with sqlite3.connect(tmp_path / CACHE_FILE) as connection:
            free.append(connection.execute("PRAGMA freelist_count").fetchone()[0])
    assert entries(tmp_path) == len(paths)
    assert free == [0, 0, 0]
    assert max(sizes) <= sizes[0] * 1.1


def test_a_compaction_that_fails_keeps_the_entries(archive, tmp_path, caplog):
    knowledge, options, paths = archive_inputs(archive)
    paths = paths[:3]
    cache = make_cache(tmp_path)
    parse_files(paths, knowledge, options, cache=cache, workers=1)
    cache.close(prune=True)
    with contextlib.closing(sqlite3.connect(tmp_path / CACHE_FILE)) as connection:
        reading = connection.execute("SELECT key FROM parsed")
        reading.fetchone()  # a statement still running: VACUUM refuses to start
        cache_module.compact(connection, "parsed.sqlite")
    assert "parsed.sqlite could not be compacted" in caplog.text
    cache = make_cache(tmp_path)
    parse_files(paths, knowledge, options, cache=cache, workers=1)
    assert cache.hits == len(paths)
    cache.close()


def test_cached_results_are_read_in_runs_and_a_damaged_one_is_parsed_again(archive, tmp_path, monkeypatch):
    knowledge, options, paths = archive_inputs(archive)
    cache = make_cache(tmp_path)
    first = parse_files(paths, knowledge, options, cache=cache, workers=1)
    cache.close()
    with sqlite3.connect(tmp_path / CACHE_FILE) as connection:
        damaged = "UPDATE parsed SET value = ? WHERE rowid = (SELECT max(rowid) FROM parsed)"
        assert connection.execute(damaged, (b"1not a pickle",)).rowcount == 1
    # Runs of files and queries of keys that do not divide the archive evenly.
    monkeypatch.setattr(parsing, "CACHE_LOOKUP_FILES", 7)
    monkeypatch.setattr(cache_module, "QUERY_KEYS", 3)
    parsed = []
    unwrapped = parsing.parse_uncached
    monkeypatch.setattr(parsing, "parse_uncached", lambda path, *args: parsed.append(path) or unwrapped(path, *args))
    advanced = []
    cache = make_cache(tmp_path)
    assert parse_files(paths, knowledge, options, cache=cache, workers=1, advance=advanced.append) == first
    assert len(parsed) == 1 and sum(advanced) == len(paths)
    assert cache.hits == len(paths) - 1
    cache.close()


def opened_files(monkeypatch) -> list[str]:
    """Each raw file the cache module opens, in order."""
    opened: list[str] = []

    def recording_open(path, *args, **kwargs):
        if str(path).endswith(".txt"):
            opened.append(os.path.basename(path))
        return open(path, *args, **kwargs)

    monkeypatch.setattr(cache_module, "open", recording_open, raising=False)
    return opened


def test_a_settled_unchanged_file_is_not_read_again_to_find_its_key(tmp_path, monkeypatch):
    folder = tmp_path / "content" / "harbourwire"
    folder.mkdir(parents=True)
    for name in ("one.txt", "two.txt"):
        (folder / name).write_text(DATED_ARTICLE, encoding="utf-8")
    options = IngestOptions(content_root=str(tmp_path / "content"))
    monkeypatch.setattr(cache_module, "STAMP_SETTLED_NS", 0)
    opened = opened_files(monkeypatch)
    paths = [str(folder / "one.txt"), str(folder / "two.txt")]

    def keys() -> list[bytes | None]:
        cache = make_cache(tmp_path)
        found = [cache.key_for(path, options) for path in paths]
        cache.close(prune=True)
        return found

    first = keys()
    assert opened == ["one.txt", "two.txt"] and len(set(first)) == 2
    opened.clear()
    assert keys() == first
    assert opened == []

    # Same size, same modification time: the change time and the bytes tell.
    edited = folder / "two.txt"
    before = edited.stat()
    edited.write_text(DATED_ARTICLE.replace("steady", "STEADY"), encoding="utf-8")
    os.utime(edited, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert edited.stat().st_size == before.st_size
    again = keys()
    assert opened == ["two.txt"]
    assert again[0] == first[0] and again[1] != first[1]

    # A file removed from the archive leaves the record with the build that no longer has it.
    opened.clear()
    cache = make_cache(tmp_path)
    cache.key_for(paths[0], options)
    cache.close(prune=True)
    with sqlite3.connect(tmp_path / CACHE_FILE) as connection:
        assert connection.execute("SELECT count(*) FROM files").fetchone()[0] == 1


def test_a_file_written_just_before_it_is_hashed_is_read_again_next_time(tmp_path, monkeypatch):
    """Within the clock's resolution, a file rewritten in place may keep its stamp: its digest is
    not remembered until the file has been left alone a while."""
    folder = tmp_path / "content" / "harbourwire"
    folder.mkdir(parents=True)
    (folder / "fresh.txt").write_text(DATED_ARTICLE, encoding="utf-8")
    options = IngestOptions(content_root=str(tmp_path / "content"))
    monkeypatch.setattr(cache_module, "STAMP_SETTLED_NS", 3600 * 10**9)
    opened = opened_files(monkeypatch)
    for _ in range(2):
        cache = make_cache(tmp_path)
        assert cache.key_for(str(folder / "fresh.txt"), options) is not None
        cache.close(prune=True)
    assert opened == ["fresh.txt", "fresh.txt"]


def test_confinement_says_what_realpath_says(tmp_path):
    content, outside = tmp_path / "content", tmp_path / "outside"
    (content / "news").mkdir(parents=True)
    outside.mkdir()
    (content / "news" / "plain.txt").write_text("x", encoding="utf-8")
    (outside / "secret.txt").write_text("x", encoding="utf-8")
    (content / "news" / "link-out.txt").symlink_to(outside / "secret.txt")
    (content / "news" / "link-in.txt").symlink_to(content / "news" / "plain.txt")
    (content / "folder-out").symlink_to(outside)
    (content / "news" / "chain.txt").symlink_to(content / "news" / "link-out.txt")
    (content / "news" / "up").symlink_to(outside)
    candidates = [
        content / "news" / "plain.txt",
        content / "news" / "link-out.txt",
        content / "news" / "link-in.txt",
        content / "news" / "chain.txt",
        content / "folder-out" / "secret.txt",
        content / "news" / "up" / ".." / "secret.txt",  # ".." after a link: where the link leads
        content / "news" / ".." / "news" / "plain.txt",
        content / "news" / "missing.txt",
    ]
    real_content = os.path.realpath(content)
    confinement = Confinement(str(content))
    for candidate in candidates * 2:  # the second time from what it remembers of each folder
        resolved = os.path.commonpath([os.path.realpath(candidate), real_content]) == real_content
        assert confinement.contains(str(candidate)) == resolved, candidate
        assert is_inside(str(candidate), str(content)) == resolved, candidate
    assert [confinement.contains(str(c)) for c in candidates] == [True, False, True, False, False, False, True, True]


def test_pelican_skips_file_stamps_only_where_its_content_cache_is_off(tmp_path):
    settings = {"CACHE_PATH": str(tmp_path), "GZIP_CACHE": False, "CHECK_MODIFIED_METHOD": "mtime"}
    path = tmp_path / "article.txt"
    path.write_text("x", encoding="utf-8")
    unused = FileStampDataCacher(settings, "unused", False, False)
    skip_unused_file_stamps(unused)
    unused.cache_data(str(path), "data")
    assert unused._get_file_stamp(str(path)) == ""
    assert unused.get_cached_data(str(path), "default") == "default"
    saving = FileStampDataCacher(settings, "saving", True, False)
    skip_unused_file_stamps(saving)
    saving.cache_data(str(path), "data")
    assert saving._get_file_stamp(str(path)) == os.path.getmtime(path)
    assert saving.get_cached_data(str(path), "default") == "data"


def test_what_is_kept_of_a_parse_holds_the_body_once_in_its_presentation(tmp_path, knowledge):
    folder = tmp_path / "content" / "harbourwire"
    folder.mkdir(parents=True)
    (folder / "dated.txt").write_text(DATED_ARTICLE, encoding="utf-8")
    options = IngestOptions(content_root=str(tmp_path / "content"))
    kept = parse_file(str(folder / "dated.txt"), knowledge, options)
    assert (kept.article.body_html, kept.article.body_text) == ("", "")
    assert "transshipment cargo" in kept.presentation.body_html
    assert kept.features.fingerprint and kept.presentation.reading_minutes >= 1
    whole = ingest_file(str(folder / "dated.txt"), knowledge, options)
    assert "transshipment cargo" in whole.body_text  # what `inspect` shows still has it
    assert kept.article == parsing.without_text(whole)
