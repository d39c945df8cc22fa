"""OpenGraph and JSON-LD NewsArticle on article pages, and the jsonld filter that keeps the JSON inside
its <script> element whatever a title holds."""

from __future__ import annotations

import json
import re

import pytest
from conftest import HOSTILE_TITLE, PUBLISHED_SITEURL
from lxml import html as lxml_html
from news_digest.templating import jsonld, og_locale

SCRIPT_ELEMENT = re.compile(r"<script\b[^>]*>(.*?)</script>", re.DOTALL | re.IGNORECASE)


def test_jsonld_escapes_what_could_end_the_script_element():
    text = str(jsonld({"headline": HOSTILE_TITLE, "line": "a\u2028b\u2029c"}))
    assert "<" not in text and ">" not in text and "&" not in text
    assert "\u2028" not in text and "\u2029" not in text
    assert json.loads(text) == {"headline": HOSTILE_TITLE, "line": "a\u2028b\u2029c"}


def test_jsonld_keeps_other_text_as_it_is_and_drops_empty_properties():
    text = str(
        jsonld({"headline": "晨潮 · Tin Sông Hàn · العربية", "author": None, "keywords": [], "about": {"name": ""}})
    )
    assert text == '{"headline":"晨潮 · Tin Sông Hàn · العربية"}'


@pytest.mark.parametrize(
    ("tag", "locale"),
    [
        ("en", "en_US"),
        ("zh-Hans", "zh_CN"),
        ("zh-Hant", "zh_TW"),
        ("zh-Hant-HK", "zh_HK"),
        ("vi", "vi_VN"),
        ("und", ""),
    ],
)
def test_og_locale(tag, locale):
    assert og_locale(tag) == locale


def article_page(site, title_part: str):
    for path in sorted(site.glob("20*/*/*/*/index.html")):
        page = lxml_html.fromstring(path.read_bytes())
        if title_part in "".join(page.xpath("//h1//text()")):
            return path, page
    raise AssertionError(f"no article titled with {title_part!r}")


def meta(page, name: str) -> list[str]:
    return page.xpath(f"//head/meta[@property='{name}']/@content")


@pytest.mark.build
def test_a_hostile_title_stays_inside_the_jsonld_string(published_site):
    path, page = article_page(published_site, "Harbour test")
    injected = "</script><script>alert(1)</script>"
    (title,) = page.xpath("//h1/text()")
    assert injected in title
    # In the raw markup the data block ends where it should, and no script element holds the injection.
    text = path.read_text(encoding="utf-8")
    blocks = SCRIPT_ELEMENT.findall(text)
    assert not [body for body in blocks if body.strip() == "alert(1)"]
    (data_block,) = page.xpath("//script[@type='application/ld+json']")
    assert json.loads(data_block.text)["headline"] == title
    assert "</script" not in data_block.text.lower()
    assert "\\u003c/script\\u003e\\u003cscript\\u003ealert(1)" in data_block.text
    executable = [script for script in page.xpath("//script") if script.get("type") != "application/ld+json"]
    assert executable
    assert all(script.get("src") and not (script.text or "").strip() for script in executable)
    assert meta(page, "og:title") == [title]


@pytest.mark.build
def test_article_pages_carry_opengraph_and_a_news_article(published_site):
    path, page = article_page(published_site, "LPR")
    url = PUBLISHED_SITEURL + "/" + path.parent.relative_to(published_site).as_posix() + "/"
    assert meta(page, "og:type") == ["article"]
    assert meta(page, "og:title") == page.xpath("//h1/text()")
    assert meta(page, "og:url") == [url]
    assert meta(page, "og:locale") == ["zh_CN"]
    assert meta(page, "og:site_name") == ["News Digest"]
    (description,) = meta(page, "og:description")
    assert description.startswith("中国人民银行")
    (published,) = meta(page, "article:published_time")
    assert published.startswith("2024-11-20T")
    (block,) = page.xpath("//script[@type='application/ld+json']/text()")
    article = json.loads(block)
    assert article["@context"] == "https://schema.org"
    assert article["@type"] == "NewsArticle"
    assert article["headline"] == meta(page, "og:title")[0]
    assert article["datePublished"] == published
    assert article["inLanguage"] == "zh-Hans"
    assert article["publisher"] == {"@type": "Organization", "name": "晨潮新闻"}
    assert article["url"] == url
    assert article["mainEntityOfPage"] == {"@type": "WebPage", "@id": url}
    assert article["isBasedOn"] == page.xpath("//p[@class='original']/a/@href")[0]
    assert article["isBasedOn"].startswith("https://chenchao.example/")


@pytest.mark.build
def test_every_article_page_has_one_news_article_and_other_pages_none(published_site):
    for path in published_site.rglob("*.html"):
        page = lxml_html.fromstring(path.read_bytes())
        blocks = page.xpath("//script[@type='application/ld+json']/text()")
        if page.xpath("//article[@data-pagefind-body]"):
            assert len(blocks) == 1, path
            article = json.loads(blocks[0])
            assert article["@type"] == "NewsArticle"
            assert None not in article.values() and "" not in article.values(), path
            assert meta(page, "og:url")[0].startswith(PUBLISHED_SITEURL + "/")
        else:
            assert blocks == [], path
