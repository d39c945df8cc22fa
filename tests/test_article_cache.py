"""The article cache: an unchanged file's article is made again from the last build's, equal to one
made afresh, with this build's settings, context and Tag and Category objects; an edited file's, and
every article when the settings change, is made afresh; a damaged cache file costs time, never the
build; records of files edited or gone are dropped once they are a quarter of the file. Each build
runs Pelican in this process, on an archive of our own making (tools/bench_corpus.py)."""

from __future__ import annotations

import json
import logging
import os

import pytest
from news_digest import article_cache, plugin
from news_digest.article_cache import CACHE_FILE, FORMAT, HEADER_BYTES, KEY_BYTES, LENGTH, NOT_KEPT, ArticleCache
from news_digest.site import steps_ahead
from pelican import Pelican, signals
from test_reader import settings_for

from tools import bench_corpus

ARCHIVE_SIZE = 60
EDITED_INDEX = 7


@pytest.fixture
def content(tmp_path):
    folder = tmp_path / "content"
    bench_corpus.write_archive(folder, ARCHIVE_SIZE)
    return folder


@pytest.fixture
def seen(monkeypatch):
    """What each build had when its reading ended, before the site steps: every article's state by
    path, the articles, and how many were made again from the article cache."""
    builds = []
    apply_site_steps = plugin.apply_site_steps

    def watched(generator, *arguments):
        reader = plugin.news_reader(generator)
        articles = generator.articles + generator.drafts + generator.hidden_articles
        states = {article.source_path: state(article) for article in articles}
        builds.append({"states": states, "articles": articles, "remade": reader.remade})
        return apply_site_steps(generator, *arguments)

    monkeypatch.setattr(plugin, "apply_site_steps", watched)
    return builds


def state(article) -> dict:
    """All of an article but this build's settings and context (and URLs memoized on it)."""
    return {name: value for name, value in vars(article).items() if name not in NOT_KEPT}


def build(content, output, **override) -> dict:
    Pelican(settings_for(content, OUTPUT_PATH=str(output), **override)).run()
    return json.loads((output / "report.json").read_text(encoding="utf-8"))


def records(path) -> list[bytes]:
    """The keys of the records in an article cache file, replaced ones too."""
    data = path.read_bytes()
    assert data.startswith(FORMAT)
    offset, keys = len(FORMAT) + HEADER_BYTES, []
    while offset < len(data):
        keys.append(data[offset : offset + KEY_BYTES])
        (length,) = LENGTH.unpack_from(data, offset + KEY_BYTES)
        offset += KEY_BYTES + LENGTH.size + length
    assert offset == len(data)
    return keys


def assert_same_articles(remade: dict, fresh: dict) -> None:
    assert remade.keys() == fresh.keys()
    for path, expected in fresh.items():
        assert list(remade[path]) == list(expected), path  # the same attributes, in the same order
        assert list(remade[path]["metadata"]) == list(expected["metadata"]), path
        for name, value in expected.items():
            assert remade[path][name] == value, (path, name)


def test_unchanged_articles_are_made_again_equal_to_those_made_afresh(content, tmp_path, seen):
    first = build(content, tmp_path / "first")
    second = build(content, tmp_path / "second")
    cold, again = seen
    published = first["totals"]["published"] + first["totals"]["merged"]
    assert cold["remade"] == 0 and again["remade"] == published == len(again["articles"])
    assert_same_articles(again["states"], cold["states"])
    assert second == first  # every file reported, its warnings too
    for article in again["articles"]:
        assert article.settings is again["articles"][0].settings
        assert article._context is again["articles"][0]._context
    wrappers = {}
    for article in again["articles"]:
        for wrapper in [*article.tags, article.category]:
            assert wrappers.setdefault((type(wrapper), wrapper.slug), wrapper) is wrapper  # one per tag or source


def test_an_edited_file_is_made_afresh_and_the_others_again(content, tmp_path, seen):
    build(content, tmp_path / "first")
    (edited,) = bench_corpus.write_archive(content, ARCHIVE_SIZE, edit=EDITED_INDEX)
    second = build(content, tmp_path / "second")
    cold = build(content, tmp_path / "cold", CACHE_PATH=str(tmp_path / "other-cache"))
    _, again, fresh = seen
    assert again["remade"] == len(again["articles"]) - 1 and fresh["remade"] == 0
    assert_same_articles(again["states"], fresh["states"])
    assert second == cold
    assert str(content / edited) in again["states"]


def test_other_settings_make_every_article_afresh(content, tmp_path, seen):
    build(content, tmp_path / "first")
    build(content, tmp_path / "second", DEFAULT_DATE_FORMAT="%Y-%m-%d")
    assert seen[1]["remade"] == 0
    assert {state["locale_date"][4] for state in seen[1]["states"].values()} == {"-"}
    build(content, tmp_path / "third", DEFAULT_DATE_FORMAT="%Y-%m-%d", DEBUG=True)  # `pelican -D`: the same articles
    assert seen[2]["remade"] == len(seen[2]["articles"])
    # Fewer processes: the same articles.
    build(content, tmp_path / "fourth", DEFAULT_DATE_FORMAT="%Y-%m-%d", NEWS_DIGEST_WORKERS=1)
    assert seen[3]["remade"] == len(seen[3]["articles"])


def test_another_time_locale_makes_every_article_afresh(content, tmp_path, seen, monkeypatch):
    monkeypatch.setenv("LC_ALL", "C.UTF-8")  # Pelican's LOCALE is the environment's
    build(content, tmp_path / "first")
    monkeypatch.setenv("LC_ALL", "C")
    build(content, tmp_path / "second")
    build(content, tmp_path / "third")
    assert seen[1]["remade"] == 0 and seen[2]["remade"] == len(seen[2]["articles"])


def test_a_damaged_file_costs_time_and_is_written_again(content, tmp_path, seen):
    first = build(content, tmp_path / "first")
    path = tmp_path / "cache" / CACHE_FILE
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])  # the last record cut short
    assert build(content, tmp_path / "second") == first
    damaged = seen[1]
    assert 0 < damaged["remade"] < len(damaged["articles"])
    assert_same_articles(damaged["states"], seen[0]["states"])
    assert len(records(path)) == len(damaged["articles"])  # written anew, whole
    build(content, tmp_path / "third")
    assert seen[2]["remade"] == len(seen[2]["articles"])


def test_records_of_edited_files_are_dropped_once_they_are_a_quarter(content, tmp_path, seen):
    build(content, tmp_path / "first")
    path = tmp_path / "cache" / CACHE_FILE
    articles = len(seen[0]["articles"])
    assert len(records(path)) == articles
    for edits in range(1, articles):
        bench_corpus.write_archive(content, ARCHIVE_SIZE, edit=edits - 1)
        build(content, tmp_path / f"build-{edits}")
        assert seen[-1]["remade"] == articles - 1
        if len(records(path)) == articles:
            break  # written anew
        assert len(records(path)) == articles + edits  # each edit appended
    # Written anew at the first edit that makes the stale records more than STALE_SHARE of the file.
    assert edits == int(article_cache.STALE_SHARE * articles / (1 - article_cache.STALE_SHARE)) + 1


def test_many_articles_are_written_by_a_forked_child(content, tmp_path, seen, monkeypatch):
    monkeypatch.setattr(article_cache, "FORK_FROM", 2)
    writers = tmp_path / "writers"
    write_file = ArticleCache.write_file

    def watched_write(cache):
        with writers.open("a", encoding="utf-8") as handle:
            handle.write(f"{os.getpid()}\n")
        write_file(cache)

    monkeypatch.setattr(ArticleCache, "write_file", watched_write)
    build(content, tmp_path / "first")
    (writer,) = writers.read_text(encoding="utf-8").split()
    assert int(writer) != os.getpid() and not article_cache.WRITERS  # a child's, reaped when the build ended
    build(content, tmp_path / "second")
    assert seen[1]["remade"] == len(seen[1]["articles"])


@pytest.mark.parametrize("signal", [signals.content_object_init, signals.article_generator_context])
def test_a_plugin_that_watches_articles_being_made_turns_the_cache_off(content, tmp_path, seen, signal, caplog):
    caplog.set_level(logging.INFO, logger="news_digest")
    made = []

    def count(sender, **_kwargs):
        made.append(sender)

    build(content, tmp_path / "first")
    signal.connect(count)
    try:
        build(content, tmp_path / "second")
    finally:
        signal.disconnect(count)
    assert seen[1]["remade"] == 0 and len(made) >= len(seen[1]["articles"])
    assert f"{count.__qualname__} receives {signal.name}" in caplog.text, caplog.text


@pytest.mark.parametrize("part", ["head", "state"])
def test_an_unreadable_record_is_made_afresh(content, tmp_path, seen, part):
    build(content, tmp_path / "first")
    path = tmp_path / "cache" / CACHE_FILE
    data = bytearray(path.read_bytes())
    head = len(FORMAT) + HEADER_BYTES + KEY_BYTES + 2 * LENGTH.size  # the first record's head
    (head_length,) = LENGTH.unpack_from(data, head - LENGTH.size)
    start = head if part == "head" else head + head_length
    data[start : start + 8] = b"\xff" * 8
    path.write_bytes(bytes(data))
    build(content, tmp_path / "second")
    assert seen[1]["remade"] == len(seen[1]["articles"]) - 1
    assert_same_articles(seen[1]["states"], seen[0]["states"])
    assert len(records(path)) == len(seen[1]["articles"]) + 1  # its record written again


def test_the_site_steps_worked_out_ahead_are_taken_for_articles_made_again(content, tmp_path, seen, monkeypatch):
    monkeypatch.setattr(steps_ahead, "MIN_ARTICLES", 2)
    taken = []
    take = steps_ahead.take

    def watched_take(ahead, entries):
        taken.append((ahead, take(ahead, entries)))
        return taken[-1][1]

    monkeypatch.setattr(steps_ahead, "take", watched_take)
    first = build(content, tmp_path / "first", NEWS_DIGEST_WORKERS=2)
    assert build(content, tmp_path / "second", NEWS_DIGEST_WORKERS=2) == first
    assert seen[1]["remade"] == len(seen[1]["articles"])
    (_, cold), (ahead, again) = taken
    assert ahead is not None and again is not None and again == cold  # the child's, equal to the cold build's


def test_an_article_that_cannot_be_pickled_is_left_out_with_a_warning(content, tmp_path, seen, monkeypatch, caplog):
    state_of = article_cache.state_of
    first_path = []

    def with_a_callback(article):
        state = state_of(article)
        if not first_path or first_path[0] == article.source_path:
            first_path[:] = [article.source_path]
            state["callback"] = lambda: None  # what pickle cannot take
        return state

    monkeypatch.setattr(article_cache, "state_of", with_a_callback)
    first = build(content, tmp_path / "first")
    warnings = [r.getMessage() for r in caplog.records if "cannot be kept" in r.getMessage()]
    assert len(warnings) == 1 and warnings[0].startswith("news_digest: 1 articles cannot be kept")
    assert build(content, tmp_path / "second") == first
    assert seen[1]["remade"] == len(seen[1]["articles"]) - 1
    assert_same_articles(seen[1]["states"], seen[0]["states"])


def test_a_file_replaced_since_it_was_read_is_written_anew_not_appended_to(content, tmp_path, seen, monkeypatch):
    build(content, tmp_path / "first")
    path = tmp_path / "cache" / CACHE_FILE
    read = ArticleCache.read

    def read_then_replaced(cache):
        read(cache)
        path.write_bytes(FORMAT + b"\0" * HEADER_BYTES)  # another build's header, no records

    monkeypatch.setattr(ArticleCache, "read", read_then_replaced)
    bench_corpus.write_archive(content, ARCHIVE_SIZE, edit=EDITED_INDEX)
    build(content, tmp_path / "second")
    monkeypatch.setattr(ArticleCache, "read", read)
    assert seen[1]["remade"] == len(seen[1]["articles"]) - 1
    assert len(records(path)) == len(seen[1]["articles"])  # this build's header, every article
    build(content, tmp_path / "third")
    assert seen[2]["remade"] == len(seen[2]["articles"])
