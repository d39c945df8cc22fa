"""A whole build of the bundled sample content, checked page by page."""

from __future__ import annotations

import json
from urllib.parse import urlsplit

import feedparser
import pytest
from lxml import html as lxml_html

pytestmark = pytest.mark.build

# Elements that make a browser fetch something by themselves.
FETCHING = (
    ("link", "href"),
    ("script", "src"),
    ("img", "src"),
    ("iframe", "src"),
    ("source", "src"),
    ("video", "src"),
    ("audio", "src"),
    ("embed", "src"),
    ("object", "data"),
    ("img", "srcset"),
)


def html_pages(output):
    return sorted(output.rglob("*.html"))


def report(output):
    return json.loads((output / "report.json").read_text(encoding="utf-8"))


def test_every_sample_file_is_published(built_site):
    output, _ = built_site
    document = report(output)
    totals = document["totals"]
    assert totals["read"] == totals["published"] + totals["merged"] + totals["rejected"]
    assert totals["read"] >= 12
    assert totals["rejected"] == 0, [f for f in document["files"] if f["status"] == "rejected"]


def test_home_page_lists_the_sample_articles(built_site):
    output, _ = built_site
    index = lxml_html.parse(str(output / "index.html")).getroot()
    linked = {a.text_content().strip(): a.get("href") for a in index.iter("a")}
    for entry in report(output)["files"]:
        page = output / entry["url"] / "index.html"
        assert page.exists(), entry
        title = lxml_html.parse(str(page)).getroot().findtext(".//h1")
        assert linked.get(title, "").rstrip("/").endswith(entry["url"].rstrip("/")), title


def test_home_page_groups_items_by_day_newest_first(built_site):
    output, _ = built_site
    root = lxml_html.parse(str(output / "index.html")).getroot()
    days = [t.get("datetime") for t in root.iter("time") if t.getparent().tag in ("h2",)]
    assert len(days) >= 2
    assert days == sorted(days, reverse=True)


def test_every_page_declares_its_language(built_site):
    output, _ = built_site
    for page in html_pages(output):
        root = lxml_html.parse(str(page)).getroot()
        assert root.get("lang"), page


def test_items_in_mixed_lists_carry_lang_and_dir(built_site):
    output, _ = built_site
    root = lxml_html.parse(str(output / "index.html")).getroot()
    langs = {el.get("lang") for el in root.iter() if el.get("lang") and el.tag != "html"}
    assert {"zh-Hans", "zh-Hant", "vi", "en", "ar"} <= langs
    assert any(el.get("dir") == "rtl" for el in root.iter())


def test_no_page_fetches_from_another_host(built_site):
    output, _ = built_site
    for page in html_pages(output):
        root = lxml_html.parse(str(page)).getroot()
        for tag, attribute in FETCHING:
            for element in root.iter(tag):
                value = element.get(attribute) or ""
                for url in value.split(","):
                    host = urlsplit(url.strip().split(" ")[0]).netloc
                    assert not host, f"{page}: <{tag} {attribute}={value}>"


def test_article_page_shows_original_link_times_language_source_tags(built_site):
    output, _ = built_site
    entry = next(f for f in report(output)["files"] if f["path"].endswith(".txt"))
    root = lxml_html.parse(str(output / entry["url"] / "index.html")).getroot()
    assert root.find(".//h1") is not None
    assert any(t.get("datetime") for t in root.iter("time"))
    assert root.find(".//div[@class='article-body']") is not None
    assert root.xpath("//a[contains(@href, 'source/')]")


def test_feed_dump_articles_link_to_the_original(built_site):
    output, _ = built_site
    originals = 0
    for entry in report(output)["files"]:
        root = lxml_html.parse(str(output / entry["url"] / "index.html")).getroot()
        originals += bool(root.xpath("//p[@class='original']/a[starts-with(@href, 'https://')]"))
    assert originals >= 6


def test_tag_index_tag_pages_and_tag_feeds(built_site):
    output, _ = built_site
    tags_page = lxml_html.parse(str(output / "tags" / "index.html")).getroot()
    tag_links = {
        a.get("href").rstrip("/").rsplit("/", 1)[-1] for a in tags_page.iter("a") if "tag/" in (a.get("href") or "")
    }
    assert {"parler", "amazon", "trump"} <= tag_links
    for slug in tag_links:
        assert (output / "tag" / slug / "index.html").exists(), slug
        feed = feedparser.parse((output / "feeds" / "tag" / f"{slug}.atom.xml").read_bytes())
        assert not feed.bozo, (slug, feed.bozo_exception)
        assert feed.entries


def test_cross_language_tag_page(built_site):
    output, _ = built_site
    root = lxml_html.parse(str(output / "tag" / "parler" / "index.html")).getroot()
    langs = {el.get("lang") for el in root.iter() if el.get("lang") and el.tag != "html"}
    assert {"zh-Hans", "vi"} <= langs


def test_main_feed_reads_back(built_site):
    output, _ = built_site
    feed = feedparser.parse((output / "feeds" / "all.atom.xml").read_bytes())
    assert not feed.bozo, feed.bozo_exception
    assert len(feed.entries) == report(output)["totals"]["published"]
    for entry in feed.entries:
        assert entry.link.startswith("http")
        assert entry.title


def test_archives_and_source_pages(built_site):
    output, _ = built_site
    assert (output / "archives" / "index.html").exists()
    assert (output / "sources" / "index.html").exists()
    days = [p for p in output.glob("20[0-9][0-9]/[01][0-9]/[0-3][0-9]/index.html")]
    assert len(days) >= 2
    assert list(output.glob("source/*/index.html"))
    assert list(output.glob("feeds/source/*.atom.xml"))


def test_build_log_names_no_rejection(built_site):
    _, result = built_site
    assert "rejected" not in (result.stdout + result.stderr).replace("0 rejected", "")
