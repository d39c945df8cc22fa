"""Saved web pages: which files are pages, and what trafilatura and the page's metadata make of them.

Whole pages run through the pipeline as fixtures (`fixtures/shapes/html_*.txt`); these tests look
at detection, at the parser's choices one at a time, and at what must never happen: unsafe markup
in the body, a network request, a settings file read from outside trafilatura.
"""

from __future__ import annotations

import configparser
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from news_digest.errors import RejectedFile
from news_digest.knowledge import load_knowledge
from news_digest.pipeline import IngestOptions, ingest_file
from news_digest.shapes import detect_shape, html_page

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "shapes"
PAGE_FIXTURES = sorted(FIXTURES.glob("html_*.txt"))
OTHER_FIXTURES = sorted(path for path in FIXTURES.glob("**/*.txt") if not path.name.startswith(("html_", "rejected_")))
# Enough running text for trafilatura to take the block for the article.
ARTICLE = (
    "<p>The harbour authority reopened the north quay to walkers on Tuesday after three weeks of repairs "
    "to the pontoons and the lighting along the water.</p>"
    "<p>Cyclists must still dismount on the narrowest stretch of the quay, which is marked with new signs, "
    "and the gangway keeps its usual opening hours.</p>"
    "<p>Berths on the pontoons remain reserved for boat owners and their guests, the authority said in a "
    "notice posted at the harbour office.</p>"
)


def page(head: str = "", body: str = ARTICLE) -> str:
    return (
        f"<!DOCTYPE html>\n<html><head><meta charset='utf-8'>{head}</head><body><article>{body}</article></body></html>"
    )


def read_text(path: Path) -> str:
    return path.read_text(encoding="utf-8-sig")


@pytest.mark.parametrize("path", PAGE_FIXTURES, ids=lambda path: path.stem)
def test_a_saved_page_is_an_html_page(path):
    assert html_page.matches(read_text(path))
    assert detect_shape(read_text(path)).name == "html"


@pytest.mark.parametrize("path", OTHER_FIXTURES, ids=lambda path: path.stem)
def test_feed_dumps_scrapes_and_plain_text_are_not_html_pages(path):
    assert not html_page.matches(read_text(path))


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("\ufeff  \n<!doctype HTML>\n<html><head></head><body></body></html>", id="bom-lower-doctype"),
        pytest.param("<!-- saved from url=(0030)https://portnews.example/ -->\n<html>", id="saved-from-comment"),
        pytest.param('<?xml version="1.0" encoding="utf-8"?>\n<html xmlns="http://www.w3.org/1999/xhtml">', id="xhtml"),
        pytest.param("Saved on a train\n<head><title>Quay</title></head>\n<body><p>Quay.</p></body>", id="preamble"),
    ],
)
def test_page_openings(text):
    assert html_page.matches(text)


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("<!--1709625600000-->\n[Quay reopens](https://portnews.example/q)\n------\n<p>x</p>", id="feed"),
        pytest.param("<p>The quay reopens.</p>\n<p>Walkers are back.</p>", id="fragment"),
        pytest.param("How to write a web page\n\nStart with <html> and end with </html>.", id="prose"),
    ],
)
def test_not_page_openings(text):
    assert not html_page.matches(text)


def test_a_feed_dump_holding_a_whole_page_stays_a_feed_dump():
    text = "<!--1709625600000-->\n[Quay reopens](https://portnews.example/q)\n------\n" + page()
    assert detect_shape(text).name == "A"


@pytest.mark.parametrize(
    ("head", "title"),
    [
        pytest.param(
            '<meta property="og:title" content="Quay reopens | Port News"><meta property="og:site_name" content="Port News">',
            "Quay reopens",
            id="site-name-suffix",
        ),
        pytest.param(
            '<meta property="og:title" content="Quay reopens | Phase two"><meta property="og:site_name" content="Port News">',
            "Quay reopens | Phase two",
            id="other-suffix-kept",
        ),
        pytest.param(
            '<meta property="og:title" content="Quay reopens - Port News">'
            '<meta property="og:site_name" content="Port News - All the harbour news">',
            "Quay reopens",
            id="site-name-with-tagline",
        ),
        pytest.param(
            '<meta property="og:title" content="Quay reopens – Port News">',
            "Quay reopens – Port News",
            id="no-site-name",
        ),
    ],
)
def test_title_drops_the_site_name_only(head, title):
    assert html_page.parse(page(head)).title == title


def test_title_is_the_visible_headline_when_the_metadata_appends_to_it():
    head = '<meta property="og:title" content="Quay reopens to walkers after three weeks (photo: harbour office)">'
    body = "<h1><span>Quay reopens to walkers after three weeks</span><br><span>Harbour desk</span></h1>" + ARTICLE
    assert html_page.parse(page(head, body)).title == "Quay reopens to walkers after three weeks"


@pytest.mark.parametrize(
    ("head", "body", "date_text"),
    [
        pytest.param(
            '<script type="application/ld+json">{"@type": "NewsArticle", "datePublished": "20240305T094000+0100"}'
            "</script>",
            ARTICLE,
            "2024-03-05T09:40:00+01:00",
            id="json-ld-basic-format",
        ),
        pytest.param(
            '<script type="application/ld+json"><![CDATA[[{"@type": "Article", "datePublished": "2024-03-05"}]]]>'
            "</script>",
            ARTICLE,
            "2024-03-05",
            id="json-ld-cdata-day",
        ),
        pytest.param(
            '<meta property="article:published_time" content="2024-03-05T09:40:00">',
            ARTICLE,
            "2024-03-05T09:40:00",
            id="meta-without-zone",
        ),
        pytest.param(
            "", '<time datetime="2024-03-05T08:40:00Z">5 March</time>' + ARTICLE, "2024-03-05T08:40:00+00:00", id="time"
        ),
        pytest.param('<meta property="article:published_time" content="last Tuesday">', ARTICLE, None, id="not-a-date"),
    ],
)
def test_published_keeps_time_and_zone(head, body, date_text):
    raw = html_page.parse(page(head, body))
    assert raw.date_text == date_text
    assert raw.date_is_iso is (date_text is not None)


@pytest.mark.parametrize(
    ("head", "body", "author"),
    [
        pytest.param('<meta name="author" content="By Harbour desk">', ARTICLE, "Harbour desk", id="meta-by"),
        pytest.param(
            '<meta property="article:author" content="https://portnews.example/desk">',
            ARTICLE,
            None,
            id="url-not-a-name",
        ),
        pytest.param(
            "",
            '<span itemprop="author" itemscope><span itemprop="name">Newsroom</span></span>' + ARTICLE,
            "Newsroom",
            id="microdata",
        ),
        pytest.param(
            '<script type="application/ld+json">{"@type": "NewsArticle", "author": [{"name": "Newsroom"}, '
            '{"name": "Harbour desk"}]}</script>',
            ARTICLE,
            "Newsroom, Harbour desk",
            id="json-ld-list",
        ),
    ],
)
def test_author_comes_from_the_page_metadata(head, body, author):
    assert html_page.parse(page(head, body)).author == author


@pytest.mark.parametrize(
    ("head", "url"),
    [
        pytest.param(
            '<meta property="og:url" content="https://portnews.example/q?utm=x"><link rel="canonical" href="/quay">',
            "https://portnews.example/quay",
            id="relative-canonical",
        ),
        pytest.param('<link rel="canonical" href="javascript:alert(1)">', None, id="javascript"),
        pytest.param('<meta property="og:url" content="ftp://portnews.example/quay">', None, id="ftp"),
    ],
)
def test_url_is_canonical_and_web_only(head, url):
    assert html_page.parse(page(head)).url == url


def test_the_description_is_not_the_lead():
    head = '<meta name="description" content="All about the quay."><meta property="og:description" content="Quay!">'
    body = "<p>Port News, harbour desk</p>" + ARTICLE
    raw = html_page.parse(page(head, body))
    assert raw.lead.startswith("The harbour authority reopened the north quay")


def test_script_and_event_handlers_never_reach_the_body(tmp_path):
    body = (
        '<h1 onclick="alert(5)">Quay reopens</h1>'
        '<p onmouseover="alert(3)">The harbour authority reopened the north quay to walkers on Tuesday after three '
        'weeks of repairs.<img src="x.jpg" onerror="alert(2)"><script>alert(1)</script></p>'
        "<script>alert(1)</script>"
        '<p>Cyclists must still dismount on the narrowest stretch, <a href="javascript:alert(4)">see the map</a>.</p>'
        + ARTICLE
        + '<svg onload="alert(6)"><script>alert(7)</script></svg><img src="y.jpg" onerror="alert(8)">'
    )
    text = page('<script>alert("head")</script><meta property="og:title" content="Quay reopens">', body)
    raw = html_page.parse(text)
    path = tmp_path / "page.txt"
    path.write_text(text, encoding="utf-8")
    article = ingest_file(str(path), load_knowledge(None, None), IngestOptions())
    for body_html in (raw.body_html, article.body_html):
        for needle in ("<script", "alert", "onerror", "onclick", "onmouseover", "onload", "javascript:", "<svg"):
            assert needle not in body_html
    assert "Cyclists must still dismount" in article.body_text


def test_a_page_without_text_is_rejected(tmp_path):
    text = page('<meta property="og:title" content="Quay reopens">', "")
    raw = html_page.parse(text)
    assert (raw.title, raw.body_html) == ("Quay reopens", "")
    path = tmp_path / "page.txt"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(RejectedFile):
        ingest_file(str(path), load_knowledge(None, None), IngestOptions())


def test_trafilatura_fetches_nothing(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("network access")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    # A document that is nothing but a URL is what trafilatura and htmldate would download.
    for text in (read_text(FIXTURES / "html_news_en.txt"), "<html>https://portnews.example/quay</html>"):
        html_page.parse(text)


def test_trafilatura_reads_only_its_own_settings(monkeypatch, tmp_path):
    import trafilatura

    package = Path(trafilatura.__file__).resolve().parent
    read_files: list[str] = []
    original_read = configparser.ConfigParser.read

    def recording_read(self, filenames, encoding=None):
        read_files.extend([filenames] if isinstance(filenames, str) else list(filenames))
        return original_read(self, filenames, encoding)

    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setattr(configparser.ConfigParser, "read", recording_read)
    html_page.parse(read_text(FIXTURES / "html_news_en.txt"))
    assert read_files
    assert all(Path(name).resolve().parent == package for name in read_files)


def test_trafilatura_is_imported_only_to_parse_a_page():
    script = (
        "import sys\n"
        "from news_digest.shapes import detect_shape\n"
        "detect_shape(open(sys.argv[1], encoding='utf-8').read())\n"
        "print('trafilatura' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script, str(FIXTURES / "html_news_en.txt")],
        cwd=ROOT,
        env={"PYTHONPATH": str(ROOT / "plugins"), "PATH": ""},
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert result.stdout.strip() == "False"
