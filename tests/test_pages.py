"""Language pages, feeds and their languages, feeds.opml, sitemap.xml, robots.txt, previous/next
links, the sources page and month charts: one build of the sample content, checked file by file.

The build runs under a sub-path (SITEURL ends in /news) with two articles a page, so that every
list has several pages and every absolute address carries the prefix. Two raw files that must be
rejected are added: one in a source's folder, one in a folder no source claims.
"""

from __future__ import annotations

import posixpath
import re
import shutil
from collections import Counter, defaultdict
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit

import feedparser
import pytest
from conftest import ROOT, build_content
from lxml import etree
from lxml import html as lxml_html
from news_digest.knowledge import load_languages

pytestmark = pytest.mark.build

SITEURL = "https://example.org/news"
PER_PAGE = 2
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
ARTICLE_PATH = re.compile(r"^(\d{4})/(\d{2})/(\d{2})/[^/]+/index\.html$")
LANGUAGES = load_languages()


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    base = tmp_path_factory.mktemp("pages")
    content = base / "content"
    shutil.copytree(ROOT / "content", content)
    (content / "harbourwire" / "empty-capture.txt").write_bytes(b"")
    (content / "unclaimed-folder").mkdir()
    (content / "unclaimed-folder" / "note.txt").write_text("just a line\n", encoding="utf-8")
    output = base / "output"
    build_content(
        content,
        output,
        f'SITEURL="{SITEURL}"',
        f'FEED_DOMAIN="{SITEURL}"',
        f"DEFAULT_PAGINATION={PER_PAGE}",
    )
    return output


def parse(path: Path):
    return lxml_html.parse(str(path)).getroot()


def name_of(tag: str) -> str:
    for key in (tag, "-".join(tag.split("-")[:2]), tag.split("-", maxsplit=1)[0]):
        if key in LANGUAGES:
            return LANGUAGES[key].name
    raise AssertionError(f"no name for {tag}")


def target(output: Path, page: Path, href: str) -> Path:
    """The file a relative link on `page` leads to."""
    assert not urlsplit(href).scheme, f"{page}: {href} is not relative"
    folder = page.parent.relative_to(output).as_posix()
    path = posixpath.normpath(posixpath.join(folder, urlsplit(href).path))
    resolved = output / path
    return resolved / "index.html" if href.endswith("/") or resolved.is_dir() else resolved


def site_path(output: Path, url: str) -> Path:
    """The file an absolute address of the site is served from."""
    assert url.startswith(SITEURL + "/"), url
    path = url[len(SITEURL) + 1 :]
    return output / path / "index.html" if path.endswith("/") or not path else output / path


def article_pages(output: Path) -> list[Path]:
    return sorted(p for p in output.rglob("index.html") if ARTICLE_PATH.match(p.relative_to(output).as_posix()))


def article_facts(output: Path) -> dict[Path, dict]:
    """Each article page's language, source link and day, read from the page itself."""
    facts = {}
    for page in article_pages(output):
        root = parse(page)
        source = root.xpath("//dl[@class='article-meta']//a[contains(@href, 'source/')]/@href")[0]
        year, month, day = ARTICLE_PATH.match(page.relative_to(output).as_posix()).groups()
        facts[page] = {
            "lang": root.find(".//h1").get("lang"),
            "source": target(output, page, source),
            "day": f"{year}-{month}-{day}",
        }
    return facts


def article_times(output: Path) -> dict[Path, datetime]:
    """Each article's time, as the site sorts by it (the entries of the feed of everything)."""
    feed = feedparser.parse((output / "feeds" / "all.atom.xml").read_bytes())
    return {site_path(output, e.link): datetime.fromisoformat(e.published) for e in feed.entries}


def list_pages(output: Path, first: Path) -> list[Path]:
    """A paginated list's pages, found by following its rel="next" links from the first."""
    pages, page = [], first
    while page is not None:
        assert page.exists(), page
        assert page not in pages
        pages.append(page)
        following = parse(page).xpath("//nav[@class='pagination']//a[@rel='next']/@href")
        page = target(output, page, following[0]) if following else None
    return pages


def listed_articles(output: Path, first: Path) -> list[Path]:
    linked = []
    for page in list_pages(output, first):
        for href in parse(page).xpath("//li[@class='item']//h3/a/@href"):
            linked.append(target(output, page, href))
    return linked


# Language pages


def test_a_page_per_language_with_its_name_in_its_own_script_and_all_its_articles(site):
    facts = article_facts(site)
    by_lang = defaultdict(set)
    for page, fact in facts.items():
        by_lang[fact["lang"]].add(page)
    assert {"zh-Hans", "zh-Hant", "vi", "en", "ar", "ja"} <= set(by_lang)
    assert sorted((site / "lang").iterdir()) == sorted(site / "lang" / tag for tag in by_lang)
    for tag, pages in by_lang.items():
        first = site / "lang" / tag / "index.html"
        heading = parse(first).find(".//h1")
        assert heading.text_content() == name_of(tag) and heading.get("lang") == tag
        listed = listed_articles(site, first)
        assert sorted(listed) == sorted(pages), tag  # every article once, over all the pages
        assert len(list_pages(site, first)) == -(-len(pages) // PER_PAGE)
        items = [h for p in list_pages(site, first) for h in parse(p).xpath("//li[@class='item']//h3")]
        assert {(h.get("lang"), h.get("dir")) for h in items} == {(tag, LANGUAGES.get(tag, LANGUAGES["en"]).direction)}
    assert (
        name_of("zh-Hans") == "中文（简体）"
        and parse(site / "lang" / "ar" / "index.html").find(".//h1").get("dir") == "rtl"
    )


def test_the_languages_index_links_every_language_with_its_count(site):
    counts = Counter(fact["lang"] for fact in article_facts(site).values())
    page = site / "languages" / "index.html"
    entries = parse(page).xpath("//main//ul/li")
    found = {}
    for entry in entries:
        link = entry.xpath(".//a[starts-with(@href, '../lang/')]")[0]
        tag = link.get("hreflang")
        assert target(site, page, link.get("href")) == site / "lang" / tag / "index.html"
        assert link.text_content() == name_of(tag)
        assert link.xpath(".//bdi")[0].get("lang") == tag
        found[tag] = int(re.search(r"\d+", entry.xpath(".//span[@class='count']")[0].text_content()).group())
    assert found == dict(counts)
    assert list(found.values()) == sorted(found.values(), reverse=True)


def test_language_pages_link_their_feed_in_the_head(site):
    for folder in (site / "lang").iterdir():
        page = folder / "index.html"
        alternates = parse(page).xpath("//head/link[@rel='alternate'][@hreflang]/@href")
        assert [target(site, page, href) for href in alternates] == [
            site / "feeds" / "lang" / f"{folder.name}.atom.xml"
        ]


# Feeds


def feed_files(output: Path) -> list[Path]:
    return sorted([*output.rglob("*.atom.xml"), *output.rglob("*.rss.xml")])


def test_every_feed_reads_back_with_absolute_links_and_xml_lang_only_when_it_has_one_language(site):
    lang_of = {page: fact["lang"] for page, fact in article_facts(site).items()}
    feeds = feed_files(site)
    kinds = {path.parent.name for path in feeds}
    assert {"feeds", "tag", "source", "story", "lang"} <= kinds
    single = mixed = 0
    for path in feeds:
        feed = feedparser.parse(path.read_bytes())
        assert not feed.bozo, (path, feed.bozo_exception)
        assert feed.entries, path
        root = etree.parse(str(path)).getroot()
        hrefs = [link.get("href") for link in root.iter(f"{ATOM}link")]
        for content in root.iter(f"{ATOM}content", f"{ATOM}summary"):
            fragment = lxml_html.fragment_fromstring(content.text or "<p></p>", create_parent="div")
            hrefs += fragment.xpath("//@href | //@src")
        hrefs += [element.text for element in root.iter(f"{ATOM}id")]
        for href in hrefs:
            assert urlsplit(href).scheme in ("https", "http", "mailto", "tag"), (path, href)
        for entry in feed.entries:
            assert entry.link.startswith(SITEURL + "/"), (path, entry.link)
        assert root.find(f"{ATOM}link[@rel='self']").get("href") == f"{SITEURL}/{path.relative_to(site).as_posix()}"
        languages = {lang_of[site_path(site, entry.link)] for entry in feed.entries}
        expected = languages.pop() if len(languages) == 1 else None
        assert root.get(XML_LANG) == expected, path
        single += expected is not None
        mixed += expected is None
    assert single and mixed  # both cases occur in the sample


def test_a_language_feed_is_in_its_language_and_holds_its_articles(site):
    facts = article_facts(site)
    for path in (site / "feeds" / "lang").glob("*.atom.xml"):
        tag = path.name.removesuffix(".atom.xml")
        root = etree.parse(str(path)).getroot()
        assert root.get(XML_LANG) == tag
        links = {site_path(site, e.link) for e in feedparser.parse(path.read_bytes()).entries}
        assert links == {page for page, fact in facts.items() if fact["lang"] == tag}
        alternate = root.find(f"{ATOM}link[@rel='alternate']").get("href")
        assert alternate == f"{SITEURL}/lang/{tag}/"


def test_feeds_opml_lists_every_feed_file_and_nothing_else(site):
    root = etree.parse(str(site / "feeds.opml")).getroot()
    assert root.tag == "opml" and root.get("version") == "2.0"
    outlines = root.xpath("//outline[@xmlUrl]")
    xml_urls = [outline.get("xmlUrl") for outline in outlines]
    assert len(xml_urls) == len(set(xml_urls))
    assert sorted(xml_urls) == sorted(f"{SITEURL}/{p.relative_to(site).as_posix()}" for p in feed_files(site))
    for outline in outlines:
        assert outline.get("text") and outline.get("title") == outline.get("text")
        assert site_path(site, outline.get("htmlUrl")).exists(), outline.get("htmlUrl")
    groups = [group.get("text") for group in root.xpath("/opml/body/outline[not(@xmlUrl)]")]
    assert groups == ["Tags", "Sources", "Languages", "Stories"]
    zh = root.xpath(f"//outline[@xmlUrl='{SITEURL}/feeds/lang/zh-Hans.atom.xml']")[0]
    assert zh.get("language") == "zh-Hans" and zh.get("htmlUrl") == f"{SITEURL}/lang/zh-Hans/"


# sitemap.xml and robots.txt


def test_sitemap_lists_every_html_page_but_the_404_by_absolute_address(site):
    root = etree.parse(str(site / "sitemap.xml")).getroot()
    urls = [loc.text for loc in root.iter(f"{SITEMAP}loc")]
    assert urls == sorted(urls) and len(urls) == len(set(urls))
    pages = {p for p in site.rglob("*.html") if p.relative_to(site).as_posix() != "404.html"}
    assert {site_path(site, url) for url in urls} == pages
    assert (site / "404.html").exists()
    assert f"{SITEURL}/lang/zh-Hans/page/2/" in urls or f"{SITEURL}/lang/vi/page/2/" in urls


def test_sitemap_lastmod_is_the_newest_article_a_page_shows(site):
    times = article_times(site)
    root = etree.parse(str(site / "sitemap.xml")).getroot()
    lastmod = {
        site_path(site, entry.findtext(f"{SITEMAP}loc")): entry.findtext(f"{SITEMAP}lastmod")
        for entry in root.iter(f"{SITEMAP}url")
    }
    for page, when in times.items():
        assert datetime.fromisoformat(lastmod[page]) == when, page
    assert datetime.fromisoformat(lastmod[site / "index.html"]) == max(times.values())
    assert lastmod[site / "about" / "index.html"] is None  # the about page has no date


def test_robots_txt_allows_everything_and_names_the_sitemap(site):
    lines = (site / "robots.txt").read_text(encoding="utf-8").splitlines()
    assert lines[:2] == ["User-agent: *", "Allow: /"]
    assert f"Sitemap: {SITEURL}/sitemap.xml" in lines


# Previous and next


@pytest.mark.parametrize("kind", ["day", "source"])
def test_previous_and_next_stay_within_the_day_or_source_in_time_order(site, kind):
    facts, times = article_facts(site), article_times(site)
    links = {}
    for page in facts:
        navs = parse(page).xpath(f"//nav[contains(@class, 'neighbours-{kind}')]")
        assert len(navs) <= 1
        found = {"prev": None, "next": None}
        if navs:
            assert navs[0].get("aria-label")
            for anchor in navs[0].xpath(".//a[@rel]"):
                found[anchor.get("rel")] = target(site, page, anchor.get("href"))
        links[page] = found
    groups = defaultdict(list)
    for page, fact in facts.items():
        groups[fact[kind]].append(page)
    for members in groups.values():
        (first,) = [page for page in members if links[page]["prev"] is None]
        chain, page = [], first
        while page is not None:
            chain.append(page)
            following = links[page]["next"]
            if following is not None:
                assert links[following]["prev"] == page
            page = following
        assert sorted(chain) == sorted(members)  # the whole group, each once, all in it
        assert [times[p] for p in chain] == sorted(times[p] for p in chain)
    assert any(len(members) > 1 for members in groups.values())


# The sources page and month charts


def svg_of(element):
    svgs = element.xpath(".//*[local-name()='svg']")
    assert len(svgs) == 1
    return svgs[0]


def test_the_sources_page_shows_each_source_with_its_counts_days_rejections_and_chart(site):
    facts, times = article_facts(site), article_times(site)
    by_source = defaultdict(list)
    for page, fact in facts.items():
        by_source[fact["source"]].append(page)
    page = site / "sources" / "index.html"
    cards = parse(page).xpath("//ul[@class='source-health']/li")
    seen = set()
    for card in cards:
        links = card.xpath("./h2/a/@href")
        source_page = target(site, page, links[0]) if links else None
        articles = by_source.get(source_page, [])
        count = int(card.xpath(".//dd[@class='articles']")[0].text_content())
        assert count == len(articles), card.get("id")
        if articles:
            seen.add(source_page)
            days = sorted(facts[a]["day"] for a in articles)
            assert card.xpath(".//dd[@class='first-seen']/time/@datetime") == [days[0]]
            assert card.xpath(".//dd[@class='last-seen']/time/@datetime") == [days[-1]]
        svg = svg_of(card)
        assert svg.get("role") == "img"
        label = svg.get("aria-label")
        assert (f"{count} article" in label) if count else ("no articles" in label), label
        latest = max(times.values()).date().isoformat()
        assert label.count(latest) == 1  # the chart ends at the archive's latest day
    assert seen == set(by_source)

    wire = parse(page).xpath("//li[@id='source-harbourwire']")[0]
    assert wire.xpath(".//dd[@class='rejected']")[0].text_content() == "1"
    assert "harbourwire/empty-capture.txt: empty file" in wire.xpath(".//details")[0].text_content()
    unclaimed = parse(page).xpath("//li[@id='source-unclaimed-folder']")[0]
    assert "unclaimed-folder/note.txt" in unclaimed.text_content()
    assert unclaimed.xpath(".//dd[@class='articles']")[0].text_content() == "0"


def test_a_month_page_charts_each_language_by_day(site):
    facts = article_facts(site)
    months = {fact["day"][:7] for fact in facts.values()}
    # A year's and a day's pages list their articles without a chart.
    for period in {fact["day"][:4] for fact in facts.values()} | {fact["day"] for fact in facts.values()}:
        page = site / period.replace("-", "/") / "index.html"
        assert parse(page).xpath("//li[@class='item']") and not parse(page).xpath("//section[@class='month-charts']")
    for month in months:
        page = site / month.replace("-", "/") / "index.html"
        entries = parse(page).xpath("//section[@class='month-charts']//li")
        expected = Counter(fact["lang"] for fact in facts.values() if fact["day"].startswith(month))
        charted = {}
        for entry in entries:
            tag = entry.xpath("./span[@lang]")[0].get("lang")
            svg = svg_of(entry)
            assert svg.get("role") == "img"
            count = expected[tag]
            assert f": {count} article" in svg.get("aria-label")
            (bars,) = svg.xpath(".//*[local-name()='path'][@fill='currentColor']")
            days = {f["day"] for f in facts.values() if f["lang"] == tag and f["day"].startswith(month)}
            assert bars.get("d").count("M") == len(days)  # one bar per day with an article
            charted[tag] = count
        assert charted == dict(expected)
        assert list(charted.values()) == sorted(charted.values(), reverse=True)


# Pagination


def test_every_pagination_link_leads_to_a_page_that_exists(site):
    paginated = 0
    for page in site.rglob("*.html"):
        for href in parse(page).xpath("//nav[@class='pagination']//a/@href"):
            assert target(site, page, href).exists(), (page, href)
            paginated += 1
    assert paginated
    for listing in ("lang/vi", "source/harbourwire", "2024/11", ""):
        assert (site / listing / "page" / "2" / "index.html").exists(), listing
