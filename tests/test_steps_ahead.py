"""The site steps worked out in a forked child while Pelican reads: taken only where the child stepped
through exactly the entries Pelican's articles give, and then equal to the steps run on those; run
again otherwise, or when the child fails. Each build runs Pelican in this process, on an archive of our
own making with duplicates and stories, so that the child's work can be watched."""

from __future__ import annotations

import json
import pickle
from datetime import UTC, datetime, timedelta, timezone

import pytest
from news_digest.site import pelican_steps, steps_ahead
from news_digest.site.steps import run_site_steps
from pelican import Pelican
from test_reader import settings_for

from tools import bench_corpus

ARCHIVE_SIZE = 80


@pytest.fixture
def content(tmp_path):
    folder = tmp_path / "content"
    bench_corpus.write_archive(folder, ARCHIVE_SIZE)
    return folder


@pytest.fixture
def watched(monkeypatch):
    """Every start and take of the steps ahead, as (arguments, what it gave)."""
    monkeypatch.setattr(steps_ahead, "MIN_ARTICLES", 2)
    calls = {"start": [], "take": []}
    start, take = steps_ahead.start, steps_ahead.take

    def watched_start(*arguments):
        ahead = start(*arguments)
        calls["start"].append((arguments, ahead))
        return ahead

    def watched_take(*arguments):
        found = take(*arguments)
        calls["take"].append((arguments, found))
        return found

    monkeypatch.setattr(steps_ahead, "start", watched_start)
    monkeypatch.setattr(steps_ahead, "take", watched_take)
    return calls


def build(content, output, workers: int) -> dict:
    Pelican(settings_for(content, OUTPUT_PATH=str(output), NEWS_DIGEST_WORKERS=workers)).run()
    report = json.loads((output / "report.json").read_text(encoding="utf-8"))
    stories = sorted(path.name for path in (output / "story").iterdir())
    return {"totals": report["totals"], "files": report["files"], "stories": stories}


def test_the_childs_steps_are_those_of_pelicans_articles(content, tmp_path, watched):
    site = build(content, tmp_path / "output", workers=2)
    [((entries, rules, taken, _resume), ahead)] = watched["start"]
    [((taken_ahead, pelicans_entries), found)] = watched["take"]
    assert taken_ahead is ahead and found is not None
    assert entries == pelicans_entries and len(entries) == ARCHIVE_SIZE
    result, resumed_at = found
    assert resumed_at == 0
    assert result == run_site_steps(pelicans_entries, rules, taken)
    assert result.duplicate_of and result.stories  # the archive has both, so the comparison means something
    # The child sends its stories' members by key; this process makes their records again.
    sent = steps_ahead.without_story_items(result)
    assert all(isinstance(member, str) for story in sent.stories for member in story.members)
    assert len(pickle.dumps(sent.stories)) < len(pickle.dumps(result.stories)) / 2
    assert steps_ahead.with_story_items(sent, pelicans_entries) == result
    assert site == build(content, tmp_path / "serial", workers=1)  # one process: no child
    assert len(watched["start"]) == 1


def test_steps_run_again_where_pelican_lists_other_articles(content, tmp_path, watched, monkeypatch):
    entries_ahead = pelican_steps.entries_ahead

    def one_article_short(*arguments):
        return entries_ahead(*arguments)[:-1]

    monkeypatch.setattr(pelican_steps, "entries_ahead", one_article_short)
    site = build(content, tmp_path / "output", workers=2)
    [((ahead, pelicans_entries), found)] = watched["take"]
    assert ahead is not None and len(ahead.entries) == len(pelicans_entries) - 1
    assert found is None
    monkeypatch.undo()
    assert site == build(content, tmp_path / "serial", workers=1)


def test_a_child_that_fails_leaves_the_steps_to_this_process(content, tmp_path, watched, monkeypatch):
    def failing(*arguments):
        raise RuntimeError("a bug in a step")

    monkeypatch.setattr(steps_ahead, "run_site_steps", failing)  # what the child runs, not this process
    site = build(content, tmp_path / "output", workers=2)
    [((ahead, _), found)] = watched["take"]
    assert ahead is not None and found is None
    assert site["totals"]["merged"] > 0 and site["stories"]
    monkeypatch.undo()
    assert site == build(content, tmp_path / "serial", workers=1)


def test_no_child_for_an_order_pelican_alone_knows(content, tmp_path, watched):
    Pelican(settings_for(content, OUTPUT_PATH=str(tmp_path / "output"), ARTICLE_ORDER_BY="title")).run()
    assert watched["start"] == []
    [((ahead, _), found)] = watched["take"]
    assert ahead is None and found is None


def entry(key: str, date: datetime):
    return steps_ahead.Entry(key, date, key, "en", "harbour", None)


def test_entries_are_listed_as_pelican_sorts_its_articles():
    day = datetime(2025, 3, 1, tzinfo=UTC)
    dated = [(day, entry("a", day)), (day + timedelta(hours=1), entry("b", day)), (day, entry("c", day))]
    assert [e.key for e in steps_ahead.pelican_order(dated, "reversed-date")] == ["b", "a", "c"]
    assert [e.key for e in steps_ahead.pelican_order(dated, "date")] == ["a", "c", "b"]
    assert steps_ahead.pelican_order(dated, "title") is None
    assert steps_ahead.pelican_order(dated, lambda article: article.title) is None


def test_one_instant_at_another_offset_is_not_the_same_entry():
    utc = datetime(2025, 3, 1, 23, 30, tzinfo=UTC)
    paris = utc.astimezone(timezone(timedelta(hours=1)))  # already 2 March there
    assert utc == paris
    assert steps_ahead.same_entries([entry("a", utc)], [entry("a", utc)])
    assert not steps_ahead.same_entries([entry("a", utc)], [entry("a", paris)])
    assert not steps_ahead.same_entries([entry("a", utc)], [entry("b", utc)])
    assert not steps_ahead.same_entries([entry("a", utc)], [])
