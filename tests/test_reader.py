"""The reader as Pelican uses it: through its own Readers, settings and generator."""

from __future__ import annotations

from datetime import datetime

import pytest
from conftest import ROOT
from news_digest.reader import NewsReader
from pelican import Pelican
from pelican.contents import Article, SkipStub
from pelican.readers import Readers
from pelican.settings import read_settings

FEED_DUMP = """<!--1700000000000-->
[Harbour cranes return to work after the storm](https://harbour.example/news/cranes)
------

<div>14/11/2023 - 21:05</div><p><strong>Cranes at the container port resumed work on Tuesday evening.</strong></p><p>Operators said the backlog of ships would clear within two days, as crews checked every berth for damage.</p><br><hr><div>获取更多RSS：<br><a href="https://feedx.net">https://feedx.net</a></div>
"""

SOURCES = """harbour:
  name: Harbour Daily
  domains: [harbour.example]
  timezone: Europe/Paris
"""

TAGS = """typhoon:
  labels: {en: Storms}
  aliases: [storm]
"""


def settings_for(content, **override):
    values = {
        "PATH": str(content),
        "NEWS_DIGEST_SOURCES": str(content / "sources.yaml"),
        "NEWS_DIGEST_TAGS": str(content / "tags.yaml"),
        "CACHE_CONTENT": False,
        "LOAD_CONTENT_CACHE": False,
        "CACHE_PATH": str(content.parent / "cache"),
    }
    values.update(override)
    return read_settings(str(ROOT / "pelicanconf.py"), override=values)


@pytest.fixture
def content(tmp_path):
    folder = tmp_path / "content"
    (folder / "harbour").mkdir(parents=True)
    (folder / "sources.yaml").write_text(SOURCES, encoding="utf-8")
    (folder / "tags.yaml").write_text(TAGS, encoding="utf-8")
    (folder / "harbour" / "cranes.txt").write_text(FEED_DUMP, encoding="utf-8")
    (folder / "harbour" / "empty.txt").write_bytes(b"")
    return folder


def read(content, name):
    settings = settings_for(content)
    readers = Readers(settings)
    assert isinstance(readers.readers["txt"], NewsReader)
    return readers.read_file(base_path=str(content), path=name, content_class=Article, context={})


def test_readers_read_a_raw_file_into_an_article(content):
    article = read(content, "harbour/cranes.txt")
    assert article.title == "Harbour cranes return to work after the storm"
    assert article.original_url == "https://harbour.example/news/cranes"
    assert isinstance(article.date, datetime) and article.date.tzinfo is not None
    assert article.published.isoformat() == "2023-11-14T21:05:00+01:00"
    assert article.fetched.isoformat() == "2023-11-14T22:13:20+00:00"
    assert article.lang == "en"
    assert article.category.slug == "harbour" and article.category.name == "Harbour Daily"
    assert [tag.slug for tag in article.tags] == ["typhoon"]
    assert [tag.name for tag in article.tags] == ["Storms"]
    assert article.summary_text == "Cranes at the container port resumed work on Tuesday evening."
    assert "feedx" not in article.content and "14/11/2023" not in article.content
    assert article.url.startswith("2023/11/14/harbour-cranes-return-to-work")


def test_a_rejected_file_becomes_a_skip_stub_with_its_reason_recorded(content, caplog):
    settings = settings_for(content)
    readers = Readers(settings)
    result = readers.read_file(base_path=str(content), path="harbour/empty.txt", content_class=Article, context={})
    assert isinstance(result, SkipStub)
    outcome = readers.readers["txt"].outcomes[str(content / "harbour" / "empty.txt")]
    assert (outcome.status, outcome.reason) == ("rejected", "empty file")
    assert "rejected harbour/empty.txt: empty file" in caplog.text


def test_articles_in_two_languages_sharing_a_slug_stay_separate(content, tmp_path):
    # Same title, same source, same date: both articles would have had the same slug.
    for name, body in (
        ("a.txt", "Cranes at the port resumed work on Tuesday evening after the storm passed over the bay."),
        ("b.txt", "Les grues du port ont repris le travail mardi soir après le passage de la tempête sur la baie."),
    ):
        (content / "harbour" / name).write_text(
            f"Parler\n\nNewsroom | 14/11/2023, 21:05\n\n{body}\n\nPOWERED BY CMS\nParler\n", encoding="utf-8"
        )
    settings = settings_for(content, OUTPUT_PATH=str(tmp_path / "output"))
    assert settings["ARTICLE_TRANSLATION_ID"] is None
    site = Pelican(settings)
    site.run()
    pages = sorted((tmp_path / "output" / "2023" / "11" / "14").glob("parler-*/index.html"))
    assert len(pages) == 2
    texts = [page.read_text(encoding="utf-8") for page in pages]
    assert any('lang="fr"' in text for text in texts) and any('lang="en"' in text for text in texts)
    assert all("translation" not in text.lower() for text in texts)
    report = (tmp_path / "output" / "report.json").read_text(encoding="utf-8")
    assert '"rejected": 1' in report and '"published": 3' in report


def test_a_plugin_failure_on_one_file_is_a_recorded_rejection(content, monkeypatch, caplog):
    import news_digest.parsing as parsing_module

    def broken(*args, **kwargs):
        raise ValueError("a bug in a stage")

    monkeypatch.setattr(parsing_module, "ingest_file", broken)
    settings = settings_for(content)
    readers = Readers(settings)
    result = readers.read_file(base_path=str(content), path="harbour/cranes.txt", content_class=Article, context={})
    assert isinstance(result, SkipStub)
    outcome = readers.readers["txt"].outcomes[str(content / "harbour" / "cranes.txt")]
    assert outcome.status == "rejected"
    assert outcome.reason == "the plugin failed on this file (ValueError: a bug in a stage)"
    assert "rejected harbour/cranes.txt: the plugin failed on this file" in caplog.text


def test_a_folder_link_back_to_a_parent_does_not_loop_the_build(content, tmp_path):

    (content / "harbour" / "again").symlink_to("..")
    (content / "harbour" / "once-more").symlink_to("..")
    settings = settings_for(content, OUTPUT_PATH=str(tmp_path / "output"))
    Pelican(settings).run()  # would walk 2^40 paths without the loop-safe file walk
    report = (tmp_path / "output" / "report.json").read_text(encoding="utf-8")
    assert '"path": "harbour/cranes.txt"' in report
    assert "again/" not in report and "once-more/" not in report


def test_a_build_lists_its_articles_once_and_asks_for_the_folders_once(content, tmp_path, monkeypatch):
    import news_digest.plugin as plugin_module

    (content / "harbour" / "quay.txt").write_text(FEED_DUMP.replace("/news/cranes", "/news/quay"), encoding="utf-8")
    walks, folder_requests = [], []
    walk, start_folders = plugin_module.content_files, plugin_module.folders_ahead.start

    def counted_walk(generator, paths, exclude=None, extensions=None):
        walks.append((type(generator).__name__, repr(paths), extensions))
        return walk(generator, paths, exclude=exclude, extensions=extensions)

    def counted_folders(*args):
        folder_requests.append(args)
        return start_folders(*args)

    monkeypatch.setattr(plugin_module, "content_files", counted_walk)
    monkeypatch.setattr(plugin_module.folders_ahead, "start", counted_folders)
    monkeypatch.setattr(plugin_module.progress, "is_enabled", lambda: True)  # the progress count lists them too
    settings = settings_for(content, OUTPUT_PATH=str(tmp_path / "output"))
    Pelican(settings).run()
    # One listing of the articles for parse_ahead, the progress count and Pelican's reading loop (Pelican
    # lists every file again afterwards, extensions=False, to name those no reader takes).
    articles = ("ArticlesGenerator", repr(settings["ARTICLE_PATHS"]), None)
    assert walks.count(articles) == 1, walks
    assert len(folder_requests) == 1  # Pelican asked before each of the three files it read
    report = (tmp_path / "output" / "report.json").read_text(encoding="utf-8")
    assert '"read": 3' in report and '"rejected": 1' in report
