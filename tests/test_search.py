"""Search: the Pagefind index `make publish` builds (tools/search_index.py) and the search page.

Queries run through Pagefind's own pagefind.js from the built bundle, in Node
(tests/pagefind_search.mjs), split into words by the theme's own query.js, as the page runs them.
The site is built for a project site under a sub-path (conftest.PUBLISHED_SITEURL).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from conftest import PUBLISHED_SITEURL, ROOT
from lxml import html as lxml_html
from news_digest import progress

from tools import build, search_index
from tools.search_index import UNUSED_BUNDLE_FILES, IndexFailed, build_index

pytestmark = pytest.mark.build

SEARCH_SCRIPT = ROOT / "tests" / "pagefind_search.mjs"
SITE_PATH = urlsplit(PUBLISHED_SITEURL).path + "/"
CSP_PATTERN = re.compile(r"script-src ([^;]*)")


def read_page(path: Path):
    return lxml_html.fromstring(path.read_bytes())


def article_pages(site: Path) -> dict[str, Path]:
    """Every article page, by the URL path the site serves it at."""
    report = json.loads((site / "report.json").read_text(encoding="utf-8"))
    pages = {}
    for item in report["files"]:
        if item["status"] == "published" and item.get("url"):
            pages[SITE_PATH + item["url"]] = site / item["url"] / "index.html"
    return pages


def search(site: Path, *requests: dict) -> list[list[dict]]:
    if shutil.which("node") is None:
        pytest.fail("node is needed to run Pagefind's search (make test installs node_modules with it)")
    result = subprocess.run(
        ["node", str(SEARCH_SCRIPT), str(site), SITE_PATH],
        input=json.dumps(list(requests)),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def urls_of(results: list[dict]) -> list[str]:
    return [result["url"] for result in results]


def test_the_build_writes_the_search_bundle_without_unused_parts(published_site):
    bundle = published_site / "pagefind"
    assert (bundle / "pagefind.js").is_file()
    assert (bundle / "pagefind-entry.json").is_file()
    assert list(bundle.glob("wasm.*.pagefind"))
    assert not [name for name in UNUSED_BUNDLE_FILES if (bundle / name).exists()]


def test_the_index_holds_every_article_page_and_nothing_else(published_site):
    pages = article_pages(published_site)
    assert len(pages) >= 17  # the sample articles and the hostile-title one
    for path in pages.values():
        assert b"data-pagefind-body" in path.read_bytes(), path
    marked = [path for path in published_site.rglob("*.html") if b"data-pagefind-body" in path.read_bytes()]
    assert sorted(marked) == sorted(pages.values())
    shards = json.loads((published_site / "pagefind" / "shards.json").read_text(encoding="utf-8"))["shards"]
    assert [shard["path"] for shard in shards].count("") == 1  # the newest shard is the bundle itself
    count = 0
    for shard in shards:
        entry = json.loads((published_site / "pagefind" / shard["path"] / "pagefind-entry.json").read_text("utf-8"))
        assert list(entry["languages"]) == ["zh"]  # one index that one box searches, every language in it
        count += entry["languages"]["zh"]["page_count"]
    assert count == len(pages)
    (everything,) = search(published_site, {"query": None, "filters": {}})
    assert sorted(urls_of(everything)) == sorted(pages)


def test_a_chinese_query_finds_the_chinese_article(published_site):
    starship, typhoon = search(published_site, {"query": "星舰试飞"}, {"query": "颱風"})
    assert len(starship) == 1
    assert starship[0]["meta"]["lang"] == "zh-Hans"
    assert "星舰" in starship[0]["meta"]["title"]
    assert [result["meta"]["lang"] for result in typhoon] == ["zh-Hant-HK"]


def test_a_vietnamese_query_finds_the_vietnamese_articles(published_site):
    (trains,) = search(published_site, {"query": "tàu điện"})
    assert trains
    assert {result["meta"]["lang"] for result in trains} == {"vi"}
    assert any("Metro" in result["meta"]["title"] for result in trains)


def test_queries_in_other_languages_and_scripts(published_site):
    japanese, arabic, english = search(
        published_site, {"query": "熊本県の工場"}, {"query": "السعودي"}, {"query": "transshipment"}
    )
    assert [result["meta"]["lang"] for result in japanese] == ["ja"]
    assert [result["meta"]["lang"] for result in arabic] == ["ar"]
    assert "en" in {result["meta"]["lang"] for result in english}


def test_a_query_nothing_matches_finds_nothing(published_site):
    (nothing,) = search(published_site, {"query": "zqxjvkw"})
    assert nothing == []


def test_results_carry_what_the_page_shows(published_site):
    (results,) = search(published_site, {"query": "Parler"})
    assert len(results) == 2
    for result in results:
        assert set(result["meta"]) >= {"title", "lang", "dir", "source", "language", "date"}
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", result["meta"]["date"])
        assert result["url"].startswith(SITE_PATH)


def test_filters_by_language_source_and_tag(published_site):
    vietnamese, harbour, trump, trump_in_chinese = search(
        published_site,
        {"query": None, "filters": {"language": "Tiếng Việt"}},
        {"query": None, "filters": {"source": "Harbour Wire"}},
        {"query": "Parler", "filters": {"tag": "Donald Trump"}},
        {"query": "Parler", "filters": {"tag": "Donald Trump", "language": "中文（简体）"}},
    )
    vietnamese_pages = [
        url for url, path in article_pages(published_site).items() if read_page(path).xpath("//h1/@lang") == ["vi"]
    ]
    assert sorted(urls_of(vietnamese)) == sorted(vietnamese_pages)
    assert harbour and all(result["meta"]["source"] == "Harbour Wire" for result in harbour)
    assert len(trump) == 2
    assert [result["meta"]["lang"] for result in trump_in_chinese] == ["zh-Hans"]


def test_result_urls_lead_to_the_articles_under_the_sub_path(published_site):
    (results,) = search(published_site, {"query": "Kumamoto"})
    assert results
    pages = article_pages(published_site)
    for result in results:
        assert result["url"] in pages
        assert pages[result["url"]].is_file()


def test_the_search_page_fetches_nothing_of_pagefind_until_asked(published_site):
    page = read_page(published_site / "search" / "index.html")
    fetched = page.xpath("//script/@src | //link/@href | //img/@src")
    assert not [url for url in fetched if "pagefind" in url]
    scripts = page.xpath("//script[@src]")
    assert [script.get("type") for script in scripts if "search.js" in script.get("src")] == ["module"]
    (form,) = page.xpath("//form[@id='search-form']")
    bundle = urljoin(PUBLISHED_SITEURL + "/search/", form.get("data-pagefind"))
    assert bundle == PUBLISHED_SITEURL + "/pagefind/pagefind.js"
    assert (published_site / "pagefind" / "pagefind.js").is_file()


def test_search_js_has_no_root_relative_bundle_path():
    for name in ("search.js", "query.js"):
        source = (ROOT / "theme" / "static" / "js" / name).read_text(encoding="utf-8")
        assert "/pagefind/" not in source, name


def test_only_the_search_page_may_compile_webassembly(published_site):
    for path in published_site.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        (policy,) = CSP_PATTERN.findall(text)
        assert "unsafe-inline" not in text, path
        if path == published_site / "search" / "index.html":
            assert policy.split() == ["'self'", "'wasm-unsafe-eval'"]
        else:
            assert policy.split() == ["'self'"], path


def test_without_javascript_the_search_page_points_to_the_indexes(published_site):
    page = read_page(published_site / "search" / "index.html")
    (noscript,) = page.xpath("//main//noscript")
    # lxml keeps <noscript> content as markup; read it as such.
    links = lxml_html.fragment_fromstring(lxml_html.tostring(noscript)).xpath(".//a/@href")
    assert PUBLISHED_SITEURL + "/tags/" in links
    assert PUBLISHED_SITEURL + "/sources/" in links
    assert page.xpath("//form[@id='search-form']/@hidden") == ["hidden"] or page.xpath(
        "//form[@id='search-form'][@hidden]"
    )


def test_the_indexing_step_fails_when_the_index_misses_marked_pages(tmp_path, monkeypatch):
    page = '<!DOCTYPE html><html lang="en"><head><title>t</title></head><body>{}</body></html>'
    (tmp_path / "a.html").write_text(page.format("<article data-pagefind-body><p>One</p></article>"))
    (tmp_path / "b.html").write_text(page.format("<article data-pagefind-body><p>Two</p></article>"))
    (tmp_path / "c.html").write_text(page.format("<p>Not an article: data-pagefind-body as text</p>"))

    def index_one_page(site: Path, language: str, output: Path, service=None, glob=None) -> None:
        output.mkdir(parents=True, exist_ok=True)
        entry = {"version": "test", "languages": {language: {"hash": "x", "wasm": None, "page_count": 1}}}
        (output / "pagefind-entry.json").write_text(json.dumps(entry))

    monkeypatch.setattr(search_index, "run_pagefind", index_one_page)
    with pytest.raises(IndexFailed, match="holds 1 pages, but 2 pages"):
        build_index(tmp_path)


def test_the_indexing_step_indexes_marked_pages_only(tmp_path):
    page = '<!DOCTYPE html><html lang="en"><head><title>t</title></head><body>{}</body></html>'
    (tmp_path / "a.html").write_text(page.format("<article data-pagefind-body><p>Harbour cranes</p></article>"))
    (tmp_path / "b.html").write_text(page.format("<p>Harbour cranes on a list page</p>"))
    assert build_index(tmp_path) == 1


@pytest.mark.parametrize(
    ("body", "marked"),
    [
        ("<article data-pagefind-body><p>One</p></article>", True),
        ('<article class="article" data-pagefind-body data-pagefind-meta="date:2025-01-02">x</article>', True),
        ("<div id=a data-pagefind-body=''>x</div>", True),
        ("<p>data-pagefind-body as text</p>", False),
        ("<p>&lt;article data-pagefind-body&gt; as escaped markup</p>", False),
        ('<meta name="description" content="a data-pagefind-body b">', False),
        ("<a title='x data-pagefind-body' href=\"/\">x</a>", False),
        ("<article data-pagefind-body-not>x</article>", False),
    ],
)
def test_a_page_is_marked_only_by_the_attribute_in_a_start_tag(body, marked):
    page = f'<!DOCTYPE html><html lang="en"><head><title>t</title></head><body>{body}</body></html>'
    assert search_index.is_marked(page.encode()) is marked


def test_pages_kept_from_the_previous_build_are_planned_without_being_read(tmp_path, monkeypatch):
    site, cache = tmp_path / "site", tmp_path / "cache"
    page = (
        '<!DOCTYPE html><html><body><article data-pagefind-body data-pagefind-meta="date:{}">{}</article></body></html>'
    )
    for day in range(1, 13):
        path = site / "2025" / "03" / f"{day:02d}" / "index.html"
        path.parent.mkdir(parents=True)
        path.write_text(page.format(f"2025-03-{day:02d}", f"Article {day}"))
    (site / "index.html").write_text("<p>A list page</p>")
    reads = []

    def counted(path, *args, **kwargs):
        reads.append(Path(path).relative_to(site).as_posix())
        return open(path, *args, **kwargs)

    monkeypatch.setattr(search_index, "open", counted, raising=False)
    first = search_index.PageRecords(cache / search_index.RECORDS_FILE)
    planned = search_index.plan_shards(site, "zh", first)
    first.save()
    assert len(reads) == 13
    assert [(shard.key, len(shard.pages)) for shard in planned] == [
        ("2025-03-1", 5),
        ("2025-03-2", 5),
        ("2025-03-3-11", 1),  # the newest five days: a shard a day
        ("2025-03-3-12", 1),
    ]

    # The next build: the same files, but for one page written again and one list page changed.
    reads.clear()
    (site / "2025" / "03" / "09" / "index.html").unlink()
    (site / "2025" / "03" / "09" / "index.html").write_text(page.format("2025-03-09", "Article 9, edited"))
    (site / "index.html").write_text("<p>A list page, longer now</p>")
    second = search_index.PageRecords(cache / search_index.RECORDS_FILE)
    again = search_index.plan_shards(site, "zh", second)
    assert sorted(reads) == ["2025/03/09/index.html", "index.html"]
    assert [shard.digest == before.digest for shard, before in zip(again, planned, strict=True)] == [
        True,
        False,
        True,
        True,
    ]
    # What it planned is what planning from nothing gives.
    fresh = search_index.plan_shards(site, "zh")
    assert [(s.key, s.pages, s.digest) for s in again] == [(s.key, s.pages, s.digest) for s in fresh]


def test_the_pages_listed_are_those_os_walk_lists(tmp_path):
    site, elsewhere = tmp_path / "site", tmp_path / "elsewhere"
    for relative in ("index.html", "a/index.html", "a/b/c/page.html", "a/notes.txt", "pagefind/x.html",
                     "deeper/pagefind/kept.html", "feeds/all.atom.xml"):  # fmt: skip
        (site / relative).parent.mkdir(parents=True, exist_ok=True)
        (site / relative).write_text("<p>x</p>")
    (elsewhere / "far.html").parent.mkdir(parents=True)
    (elsewhere / "far.html").write_text("<p>x</p>")
    (site / "linked-folder").symlink_to(elsewhere)  # listed by os.walk, never entered
    (site / "linked.html").symlink_to(elsewhere / "far.html")
    walked = []
    for folder, folders, names in os.walk(site):
        relative = os.path.relpath(folder, site)
        if relative == ".":
            folders[:] = [name for name in folders if name != search_index.BUNDLE]
            relative = ""
        walked.extend(os.path.join(relative, name) for name in names if name.endswith(".html"))
    listed = search_index.html_pages(site)
    assert listed == sorted(walked, key=lambda path: path.split(os.sep))
    assert listed == ["a/b/c/page.html", "a/index.html", "deeper/pagefind/kept.html", "index.html", "linked.html"]


ARTICLE_PAGE = (
    '<!DOCTYPE html><html lang="en"><head><title>t</title></head><body>'
    '<article data-pagefind-body data-pagefind-meta="date:{day}"><p>{text}</p></article></body></html>'
)


def write_article(site: Path, day: str, name: str, text: str | None = None) -> None:
    path = site / day.replace("-", "/") / name / "index.html"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(ARTICLE_PAGE.format(day=day, text=text or f"Harbour report {name}"))


def linked_copy(site: Path, destination: Path) -> Path:
    """The next build's site as tools/build.py leaves it: the previous one's files, linked."""
    shutil.copytree(site, destination, copy_function=os.link, ignore=shutil.ignore_patterns(search_index.BUNDLE))
    return destination


def indexed_and_kept(caplog) -> tuple[int, int]:
    found = re.search(r"\((\d+) indexed, (\d+) kept from the previous build\)", caplog.text)
    caplog.clear()
    return int(found.group(1)), int(found.group(2))


def shard_list(site: Path) -> list[tuple[str, str]]:
    document = json.loads((site / search_index.BUNDLE / search_index.SHARDS_FILE).read_text(encoding="utf-8"))
    return [(shard["key"], shard["digest"]) for shard in document["shards"]]


def primary_page_count(site: Path) -> int:
    primary = json.loads((site / search_index.BUNDLE / "pagefind-entry.json").read_text(encoding="utf-8"))
    return sum(language["page_count"] for language in primary["languages"].values())


def test_new_articles_reindex_their_day_and_the_rest_is_kept_until_their_five_days_close(tmp_path, caplog):
    caplog.set_level("INFO", logger="tools.search_index")
    first = tmp_path / "first"
    for number in range(1, 17):
        write_article(first, f"2025-03-{number:02d}", f"report-{number}")
    assert build_index(first) == 16
    assert [key for key, _ in shard_list(first)] == ["2025-03-1", "2025-03-2", "2025-03-3", "2025-03-4-16"]
    assert indexed_and_kept(caplog) == (4, 0)

    # A late article of the newest day: that day's shard alone is indexed again.
    second = linked_copy(first, tmp_path / "second")
    write_article(second, "2025-03-16", "late-report")
    assert build_index(second, previous=first) == 17
    assert indexed_and_kept(caplog) == (1, 3)
    assert shard_list(second)[:3] == shard_list(first)[:3]
    assert primary_page_count(second) == 2  # the newest shard is the bundle itself

    # The next day: a shard of its own; the day before is kept.
    third = linked_copy(second, tmp_path / "third")
    write_article(third, "2025-03-17", "next-day")
    assert build_index(third, previous=second) == 18
    assert indexed_and_kept(caplog) == (1, 4)
    assert [key for key, _ in shard_list(third)][3:] == ["2025-03-4-16", "2025-03-4-17"]
    assert shard_list(third)[:4] == shard_list(second)

    # A day of the next five: the closed five days become one shard, and the new day is one.
    fourth = linked_copy(third, tmp_path / "fourth")
    write_article(fourth, "2025-03-21", "new-five")
    assert build_index(fourth, previous=third) == 19
    assert indexed_and_kept(caplog) == (2, 3)
    assert [key for key, _ in shard_list(fourth)] == [
        "2025-03-1",
        "2025-03-2",
        "2025-03-3",
        "2025-03-4",
        "2025-03-5-21",
    ]
    assert primary_page_count(fourth) == 1

    # What each build kept and indexed is what indexing the same site from nothing gives.
    for site in (second, third, fourth):
        fresh = linked_copy(site, tmp_path / f"fresh-{site.name}")
        build_index(fresh)
        assert shard_list(fresh) == shard_list(site)
        assert primary_page_count(fresh) == primary_page_count(site)


def sixteen_days_indexed(tmp_path: Path, caplog, write) -> Path:
    """A first build's site: an article a day for sixteen days (four shards), written by write and
    indexed, its log cleared."""
    caplog.set_level("INFO", logger="tools.search_index")
    first = tmp_path / "first"
    for number in range(1, 17):
        write(first, f"2025-03-{number:02d}", f"report-{number}")
    build_index(first)
    caplog.clear()
    return first


def test_an_unchanged_shard_whose_previous_bundle_is_damaged_is_indexed_again(tmp_path, caplog):
    """Unchanged shards are linked from the previous build while the changed ones are indexed; one
    whose bundle is not all there (its entry file gone) is indexed after them."""
    first = sixteen_days_indexed(tmp_path, caplog, write_article)
    damaged = next(entry for entry in json.loads((first / "pagefind" / "shards.json").read_text())["shards"])
    (first / "pagefind" / damaged["path"] / "pagefind-entry.json").unlink()
    second = linked_copy(first, tmp_path / "second")
    write_article(second, "2025-03-16", "late-report")
    assert build_index(second, previous=first) == 17
    assert indexed_and_kept(caplog) == (2, 2)
    fresh = linked_copy(second, tmp_path / "fresh")
    build_index(fresh)
    assert shard_list(fresh) == shard_list(second)


STORY_PAGE = (
    '<!DOCTYPE html><html lang="en"><head><title>{title}</title></head><body><main>'
    '<article data-pagefind-body data-pagefind-meta="date:{day}"><h1>{title}</h1><p>{text}</p>'
    '<aside data-pagefind-ignore><a href="../other/">{story}</a></aside></article>'
    '<nav><a href="../next/" rel="next">{following}</a></nav></main></body></html>'
)


def rewrite_story_page(site: Path, day: str, name: str, **fields: str) -> None:
    """A page written anew (the linked file of the previous build left as it was)."""
    path = site / day.replace("-", "/") / name / "index.html"
    path.unlink(missing_ok=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    values = {"title": f"Harbour report {name}", "text": "Cranes stopped on the quay", "story": "", "following": ""}
    path.write_text(STORY_PAGE.format(day=day, **{**values, **fields}))


def test_a_shard_whose_pages_changed_only_where_pagefind_does_not_read_is_kept(tmp_path, caplog):
    """A day's new article joins an older story and follows the newest article: the older pages' story
    lists and neighbours' links change, which Pagefind does not read, so their shard is kept, and it
    is what indexing it from nothing gives; a change to what it reads is indexed again."""
    first = sixteen_days_indexed(tmp_path, caplog, rewrite_story_page)

    second = linked_copy(first, tmp_path / "second")
    rewrite_story_page(second, "2025-03-03", "report-3", story="Same story: a later report")
    rewrite_story_page(second, "2025-03-16", "report-16", following="A later report")
    rewrite_story_page(second, "2025-03-16", "report-later")
    assert build_index(second, previous=first) == 17
    assert indexed_and_kept(caplog) == (1, 3)
    kept = second / "pagefind" / "shards" / "2025-03-1"
    assert all(
        os.path.samestat(path.stat(), (first / "pagefind" / "shards" / "2025-03-1" / path.relative_to(kept)).stat())
        for path in kept.rglob("*")
        if path.is_file()
    )
    fresh = linked_copy(second, tmp_path / "fresh")
    build_index(fresh)
    caplog.clear()
    assert shard_list(fresh) == shard_list(second)
    assert bundle_digests(kept) == bundle_digests(fresh / "pagefind" / "shards" / "2025-03-1")

    third = linked_copy(second, tmp_path / "third")
    rewrite_story_page(third, "2025-03-03", "report-3", text="Cranes restarted on the quay")
    assert build_index(third, previous=second) == 17
    assert indexed_and_kept(caplog) == (1, 3)
    restarted, stopped = search(third, {"query": "restarted"}, {"query": "stopped"})
    assert [urlsplit(url).path.rstrip("/").rsplit("/", 1)[-1] for url in urls_of(restarted)] == ["report-3"]
    assert len(urls_of(stopped)) == 16


def test_a_shard_tree_left_by_a_killed_run_is_a_leftover_the_next_build_removes(tmp_path, monkeypatch):
    output = tmp_path / "output"
    staging = build.make_staging(output)
    write_article(staging, "2025-03-02", "cranes")
    trees = []

    def killed(site, language, bundle, service=None, glob=None):
        trees.append(bundle.parent)
        raise KeyboardInterrupt  # as far as this run goes; a real kill also skips the clean-up below

    monkeypatch.setattr(search_index, "run_pagefind", killed)
    monkeypatch.setattr(search_index.tempfile, "TemporaryDirectory", KeptTemporaryDirectory)
    with pytest.raises(KeyboardInterrupt):
        build_index(staging)
    (left,) = trees
    assert left.parent == output.parent and left.is_dir()
    build.remove_leftovers(output)
    assert not left.exists() and not staging.exists()


class KeptTemporaryDirectory:
    """tempfile.TemporaryDirectory as a killed process leaves it: made, never removed."""

    def __init__(self, **options):
        self.name = tempfile.mkdtemp(**options)

    def __enter__(self):
        return self.name

    def __exit__(self, *exception):
        return False


def test_a_month_is_six_shards_of_five_days_the_last_to_its_end_and_the_newest_a_shard_a_day():
    days = {
        day: search_index.page_day(f'<article data-pagefind-body data-pagefind-meta="date:2024-02-{day:02d}">'.encode())
        for day in (1, 5, 6, 10, 11, 15, 16, 20, 21, 25, 26, 29)
    }
    assert days[5] == "2024-02-05"
    windows = {day: search_index.window_key(value) for day, value in days.items()}
    assert windows == {1: "2024-02-1", 5: "2024-02-1", 6: "2024-02-2", 10: "2024-02-2", 11: "2024-02-3", 15: "2024-02-3",
                       16: "2024-02-4", 20: "2024-02-4", 21: "2024-02-5", 25: "2024-02-5", 26: "2024-02-6", 29: "2024-02-6"}  # fmt: skip
    undated = search_index.page_day(b"<article data-pagefind-body>")
    assert undated == search_index.UNDATED_SHARD
    keys = search_index.shard_keys(["2024-01-31", "2024-02-06", "2024-02-03", "2024-02-01", undated])
    assert keys == {"2024-01-31": "2024-01-6", "2024-02-01": "2024-02-1", "2024-02-03": "2024-02-1",
                    "2024-02-06": "2024-02-2-06", undated: undated}  # fmt: skip
    # Only the newest five days are split, each of their days a shard: here 2024-02's days 6 to 10.
    assert search_index.shard_keys(["2024-02-09", "2024-02-06", "2024-02-03"]) == {
        "2024-02-03": "2024-02-1",
        "2024-02-06": "2024-02-2-06",
        "2024-02-09": "2024-02-2-09",
    }


def test_the_shards_answer_a_query_as_one_index_would(tmp_path):
    """Each shard is an index of its own, and Pagefind leaves out a word its index lacks: without
    query.js's searchPages, a shard lacking "strike" would answer "harbour strike" with its harbour pages."""
    site = tmp_path / "site"
    articles = {
        "2025-03-02/cranes": "Harbour cranes stand idle as the dockers strike for a second day.",
        "2025-03-03/ferry": "The harbour ferry keeps its winter timetable until April.",
        "2025-03-20/fog": "Fog closes the harbour channel to pilots overnight.",
        "2025-03-27/tide": "A spring tide floods the harbour road; the ferry strike ends.",
    }
    for key, text in articles.items():
        write_article(site, *key.split("/"), text)
    build_index(site)
    assert len(shard_list(site)) == 3

    def found(*queries: str) -> list[list[str]]:
        answers = search(site, *({"query": query} for query in queries))
        return [
            sorted(urlsplit(url).path.rstrip("/").rsplit("/", 1)[-1] for url in urls_of(answer)) for answer in answers
        ]

    assert found("harbour strike", "ferry strike", "harbour", "strike") == [
        ["cranes", "tide"], ["tide"], ["cranes", "ferry", "fog", "tide"], ["cranes", "tide"]
    ]  # fmt: skip
    # A word no shard holds is left out, as one index for the whole site leaves it out.
    assert found("harbour zqxjvkw", "zqxjvkw") == [["cranes", "ferry", "fog", "tide"], []]


# How long the scheduling test lets a shard that must not start have to start anyway: a bound on
# noticing a mistake, not a measurement (a wrongly started shard starts at once).
NOT_STARTED_WAIT_SECONDS = 0.3


class ShardRecorder:
    """index() for index_shards: each job records how many ran at once and whether Pelican had
    ended, then waits until the test lets it finish."""

    def __init__(self, pelican: search_index.PelicanRunning):
        self.pelican = pelican
        self.lock = threading.Lock()
        self.running = 0
        self.started: list[tuple[str, int, bool]] = []
        self.any_started = threading.Event()
        self.finish = threading.Event()

    def __call__(self, job: str) -> None:
        with self.lock:
            self.running += 1
            self.started.append((job, self.running, self.pelican.ended.is_set()))
            self.any_started.set()
        assert self.finish.wait(60)
        with self.lock:
            self.running -= 1


def run_shards(jobs: list[str]) -> tuple[ShardRecorder, threading.Thread, int]:
    read_end, write_end = os.pipe()
    recorder = ShardRecorder(search_index.PelicanRunning(read_end))
    thread = threading.Thread(target=search_index.index_shards, args=(jobs, recorder, recorder.pelican))
    thread.start()
    return recorder, thread, write_end


def test_while_pelican_runs_one_or_two_shards_are_indexed_one_at_a_time_and_more_wait_for_its_end():
    recorder, thread, pelican_pipe = run_shards(["2026-05-1", "2026-05-2"])
    assert recorder.any_started.wait(60)
    time.sleep(NOT_STARTED_WAIT_SECONDS)
    assert recorder.started == [("2026-05-1", 1, False)]  # the second waits for a slot
    os.close(pelican_pipe)  # Pelican ends: the second shard starts beside the first
    deadline = time.monotonic() + 60
    while len(recorder.started) < 2 and time.monotonic() < deadline:
        time.sleep(0.01)
    assert recorder.started[1] == ("2026-05-2", 2, True)
    recorder.finish.set()
    thread.join(60)
    os.close(recorder.pelican.descriptor)

    recorder, thread, pelican_pipe = run_shards(["2026-04-1", "2026-04-2", "2026-04-3"])
    assert not recorder.any_started.wait(NOT_STARTED_WAIT_SECONDS)  # a cold build's shards wait
    os.close(pelican_pipe)
    recorder.finish.set()
    thread.join(60)
    assert sorted(job for job, _, _ in recorder.started) == ["2026-04-1", "2026-04-2", "2026-04-3"]
    assert all(ended for _, _, ended in recorder.started)
    os.close(recorder.pelican.descriptor)


def test_shards_wait_for_pelican_when_held_or_more_than_a_day_s_worth():
    assert not search_index.waits_for_pelican([], hold=True)
    assert not search_index.waits_for_pelican(["a", "b"], hold=False)
    assert search_index.waits_for_pelican(["a", "b", "c"], hold=False)
    assert search_index.waits_for_pelican(["a"], hold=True)


def test_without_pelican_alongside_shards_are_indexed_two_at_a_time():
    recorder = ShardRecorder(search_index.PelicanRunning(None))
    thread = threading.Thread(target=search_index.index_shards, args=(["a", "b", "c"], recorder, recorder.pelican))
    thread.start()
    deadline = time.monotonic() + 60
    while len(recorder.started) < 2 and time.monotonic() < deadline:
        time.sleep(0.01)
    assert [running for _, running, _ in recorder.started[:2]] == [1, 2]
    recorder.finish.set()
    thread.join(60)
    assert len(recorder.started) == 3


def bundle_digests(bundle: Path) -> dict[str, str]:
    """What a search reads of a bundle, file by file: the word index and the pages' fragments (Pagefind
    names its filter and meta files after a hash that differs from run to run of the same pages)."""
    return {
        path.relative_to(bundle).as_posix(): path.read_bytes().hex()
        for path in sorted(bundle.rglob("*"))
        if path.is_file() and path.parent.name in {"fragment", "index"}
    }


@pytest.mark.parametrize("warmed", [False, True])
def test_a_shard_indexed_by_the_service_is_the_shard_a_run_of_its_own_writes(tmp_path, warmed):
    """Warmed (WarmService) or not: the page a service is warmed with is in an index it drops, and the
    shard indexed next holds its own pages only."""
    site = tmp_path / "site"
    for number, text in enumerate(("Harbour cranes", "港口起重机停工", "Cảng biển đóng cửa", "港のクレーン"), start=1):
        write_article(site, f"2025-03-0{number}", f"report-{number}", text)
    own_run, by_service = tmp_path / "own-run", tmp_path / "service"
    search_index.run_pagefind(site, search_index.INDEX_LANGUAGE, own_run)
    if warmed:
        service = search_index.WarmService(search_index.INDEX_LANGUAGE).take()
        assert service is not None
    else:
        service = search_index.PagefindService()
    try:
        search_index.run_pagefind(site, search_index.INDEX_LANGUAGE, by_service, service)
    finally:
        service.close()
    assert search_index.indexed_page_count(by_service) == search_index.indexed_page_count(own_run) == 4
    assert bundle_digests(by_service) == bundle_digests(own_run)
    assert len(bundle_digests(own_run)) > 4  # the fragments and the index are there to compare


def test_shards_indexed_one_after_another_share_one_service(tmp_path, monkeypatch):
    started = []
    real = search_index.PagefindService

    class Counted(real):
        def __init__(self):
            super().__init__()
            started.append(self)

    monkeypatch.setattr(search_index, "PagefindService", Counted)
    for number in range(1, 17):
        write_article(tmp_path, f"2025-03-{number:02d}", f"report-{number}")
    monkeypatch.setattr(search_index, "PARALLEL_SHARDS", 1)
    assert build_index(tmp_path) == 16
    assert len(started) == 1  # four shards, one process
    assert started[0].process.poll() == 0  # ended once the indexing was done


def test_a_request_the_service_refuses_fails_the_step_with_its_answer(tmp_path):
    service = search_index.PagefindService()
    try:
        with pytest.raises(IndexFailed, match="WriteFiles"):
            service.request({"type": "WriteFiles", "index_id": 999, "output_path": str(tmp_path / "bundle")})
    finally:
        service.close()
    assert service.process.poll() is not None


def test_beside_pelican_a_shard_gets_a_run_of_its_own(tmp_path, monkeypatch):
    started = []
    monkeypatch.setattr(search_index, "PagefindService", lambda: started.append(1))
    write_article(tmp_path, "2025-03-02", "cranes")
    read_end, write_end = os.pipe()
    try:
        assert build_index(tmp_path, pelican=search_index.PelicanRunning(read_end)) == 1
    finally:
        os.close(write_end)
        os.close(read_end)
    assert started == []  # no service: its memory would outlive the shard while Pelican still runs


def wait_until(condition, what: str) -> None:
    deadline = time.monotonic() + 60  # a bound on a hang, not a measurement
    while not condition():
        assert time.monotonic() < deadline, f"never {what}"
        time.sleep(0.01)


@pytest.mark.parametrize("site_made_anew", [False, True])
def test_started_with_pelican_the_step_warms_pagefind_for_the_day_s_shard_and_gives_it_back_when_told(
    tmp_path, monkeypatch, site_made_anew
):
    """As an --alongside-early step of a day's build: once the plugin says it made most articles again,
    a Pagefind process is warmed before the article pages are written, and indexes the day's shard
    beside Pelican. When the build then says it makes the site anew, the process ends at once; the
    shard is then indexed as before (here beside Pelican in a run of its own: the pages planned are
    the files the last build recorded, so Pelican did not write them all anew)."""
    first, cache = tmp_path / "first", tmp_path / "cache"
    for number in range(1, 9):
        write_article(first, f"2025-03-{number:02d}", f"report-{number}")
    assert build_index(first, cache=cache) == 8
    second = linked_copy(first, tmp_path / "second")
    write_article(second, "2025-03-08", "late-report")
    started, indexed = [], []
    real_service, real_index_shard = search_index.PagefindService, search_index.index_shard

    class Counted(real_service):
        def __init__(self):
            super().__init__()
            started.append(self)

    def noting(*args, **kwargs):
        indexed.append((pelican.ended.is_set(), kwargs.get("service") in started[:1]))
        return real_index_shard(*args, **kwargs)

    monkeypatch.setattr(search_index, "PagefindService", Counted)
    monkeypatch.setattr(search_index, "index_shard", noting)
    (notices_read, notices), (running_read, running) = os.pipe(), os.pipe()
    pelican = search_index.PelicanRunning(running_read)
    step = threading.Thread(
        target=build_index,
        args=(second,),
        kwargs={
            "previous": first,
            "cache": cache,
            "pelican": pelican,
            "notices": search_index.BuildNotices(notices_read),
        },
    )
    step.start()
    try:
        assert not started  # nothing before the plugin says it made the articles again
        os.write(notices, search_index.build_notices.SITE_KEPT)
        wait_until(lambda: started, "warmed")
        if site_made_anew:
            os.write(notices, search_index.build_notices.SITE_REWRITTEN)
            wait_until(lambda: started[0].process.poll() is not None, "given back")
        os.close(notices)  # the article pages are written
        step.join(60)
        assert not step.is_alive()  # beside Pelican
    finally:
        os.close(running)  # Pelican ends
        step.join(60)
        os.close(running_read)
    assert indexed == [(False, not site_made_anew)]
    assert len(started) == 1
    assert search_index.indexed_page_count(second / search_index.BUNDLE) == 2  # the day's shard, the bundle itself


def test_a_first_build_started_with_pelican_warms_nothing(tmp_path, monkeypatch):
    """Without a previous index there is nothing incremental to warm for: a cold build's shards wait
    for Pelican's end, and its memory is the build's largest."""
    warmed = []
    monkeypatch.setattr(search_index, "WarmService", warmed.append)
    write_article(tmp_path, "2025-03-02", "cranes")
    notices_read, notices = os.pipe()
    os.write(notices, search_index.build_notices.SITE_KEPT)
    os.close(notices)
    assert build_index(tmp_path, notices=search_index.BuildNotices(notices_read)) == 1
    assert warmed == []


def rewritten_copy(site: Path, destination: Path) -> Path:
    """The next build's site when Pelican wrote every page anew: the same bytes, in new files."""
    shutil.copytree(site, destination, ignore=shutil.ignore_patterns(search_index.BUNDLE))
    return destination


def shard_beside_pelican(site: Path, previous: Path, cache: Path, monkeypatch) -> bool:
    """Whether build_index, run while Pelican still runs, indexed its shard before Pelican ended."""
    seen = []
    real = search_index.index_shard

    def noting(*args, **kwargs):
        seen.append(pelican.ended.is_set())
        return real(*args, **kwargs)

    monkeypatch.setattr(search_index, "index_shard", noting)
    read_end, write_end = os.pipe()
    pelican = search_index.PelicanRunning(read_end)
    thread = threading.Thread(
        target=build_index, args=(site,), kwargs={"previous": previous, "cache": cache, "pelican": pelican}
    )
    thread.start()
    try:
        thread.join(NOT_STARTED_WAIT_SECONDS * 10)
    finally:
        os.close(write_end)  # Pelican ends
        thread.join(60)
        os.close(read_end)
    assert seen, "no shard was indexed"
    return not seen[0]


@pytest.mark.parametrize("pelican_rewrote_the_site", [False, True])
def test_a_shard_waits_for_pelican_when_it_wrote_most_article_pages_anew(
    tmp_path, monkeypatch, pelican_rewrote_the_site
):
    """After an upgrade or a change of theme or settings Pelican renders every page, its render
    processes holding their memory until its end: the day's shard is indexed after it. A day's build,
    which keeps most pages (links to the files the previous build recorded), indexes it beside Pelican."""
    first, cache = tmp_path / "first", tmp_path / "cache"
    for number in range(1, 9):
        write_article(first, f"2025-03-{number:02d}", f"report-{number}")
    assert build_index(first, cache=cache) == 8
    copy = rewritten_copy if pelican_rewrote_the_site else linked_copy
    second = copy(first, tmp_path / "second")
    write_article(second, "2025-03-08", "late-report")
    records = search_index.PageRecords(cache / search_index.RECORDS_FILE)
    marked = sum(len(shard.pages) for shard in search_index.plan_shards(second, search_index.INDEX_LANGUAGE, records))
    assert (marked, records.marked_anew) == ((9, 9) if pelican_rewrote_the_site else (9, 1))
    assert records.site_rewritten(marked) is pelican_rewrote_the_site
    assert shard_beside_pelican(second, first, cache, monkeypatch) is not pelican_rewrote_the_site
    assert search_index.indexed_page_count(second / search_index.BUNDLE) == 2  # the day's shard, the bundle itself


def test_without_records_of_a_previous_build_no_site_is_taken_for_rewritten(tmp_path):
    for number in range(1, 4):
        write_article(tmp_path, f"2025-03-{number:02d}", f"report-{number}")
    records = search_index.PageRecords(None)
    marked = sum(len(shard.pages) for shard in search_index.plan_shards(tmp_path, search_index.INDEX_LANGUAGE, records))
    assert (marked, records.marked_anew) == (3, 3)
    assert not records.site_rewritten(marked)  # a first build: its shards' count decides, as before


def test_a_shards_glob_names_its_pages_below_their_folder_in_common():
    assert search_index.shard_glob(["2025/03/01/a/index.html", "2025/03/04/b,c/index.html"]) == (
        "2025/03/{01/a/index.html,04/b\\,c/index.html}"
    )
    assert search_index.shard_glob(["2025/03/01/a/index.html"]) == "2025/03/01/a/{index.html}"
    assert search_index.shard_glob(["one.html", "2025/two.html"]) == "{one.html,2025/two.html}"
    assert search_index.shard_glob(["a[1]/{x}.html"]) == "a\\[1\\]/{\\{x\\}.html}"


def fragment_urls(bundle: Path) -> set[str]:
    return {json.loads(search_index.read_bundle_file(path))["url"] for path in (bundle / "fragment").iterdir()}


ODD_NAMES = ("a b", "a!b", "a#b", "a$b", "a(b)", "a*b", "a,b", "a:b", "a<b>", "a?b", "a[b]", "a{b}", "aé中b")


def shard_of(site: Path, names: list[str]) -> search_index.Shard:
    return search_index.Shard("2025-03-1", [site / name for name in names], names, ["00"] * len(names))


@pytest.fixture
def links(monkeypatch) -> list:
    """The arguments of every link_or_copy the search step makes (each link still made)."""
    made = []
    real = search_index.link_or_copy
    monkeypatch.setattr(search_index, "link_or_copy", lambda *args: made.append(args) or real(*args))
    return made


@pytest.mark.parametrize("by_service", [False, True])
def test_a_shard_is_indexed_where_its_pages_are(tmp_path, links, by_service):
    """Without a tree of links: Pagefind reads the shard's pages in the site, named by a glob that
    matches them whatever their names hold, and no other page of the site."""
    site = tmp_path / "site"
    for name in ODD_NAMES:
        write_article(site, "2025-03-02", name)
    write_article(site, "2025-03-04", "cranes")
    write_article(site, "2025-03-09", "next-shard")
    names = sorted(f"2025/03/0{day}/{name}/index.html" for day, name in [*((2, n) for n in ODD_NAMES), (4, "cranes")])
    service = search_index.PagefindService() if by_service else None
    try:
        search_index.index_shard(
            site, shard_of(site, names), search_index.INDEX_LANGUAGE, tmp_path / "dest", service=service
        )
    finally:
        if service:
            service.close()
    assert links == []
    assert fragment_urls(tmp_path / "dest") == {search_index.page_url(name) for name in names}


@pytest.mark.parametrize("limit", [None, 10])
def test_a_shard_no_glob_can_name_is_indexed_from_a_tree_of_links(tmp_path, monkeypatch, links, limit):
    """A page whose path holds a backslash, which Pagefind's globs cannot match; or, for a run of its
    own, a glob longer than its command line takes (the limit lowered here)."""
    site = tmp_path / "site"
    if limit:
        monkeypatch.setattr(search_index, "GLOB_ARGUMENT_LIMIT", limit)
    odd = "plain" if limit else "back\\slash"
    for name in ("cranes", odd):
        write_article(site, "2025-03-02", name)
    names = [f"2025/03/02/{name}/index.html" for name in ("cranes", odd)]
    search_index.index_shard(site, shard_of(site, names), search_index.INDEX_LANGUAGE, tmp_path / "dest")
    assert len(links) == 2  # the tree's
    assert fragment_urls(tmp_path / "dest") == {search_index.page_url(name) for name in names}


def test_a_shard_whose_glob_is_too_long_for_a_run_links_its_seeds_once(tmp_path, monkeypatch, links):
    """No run with the glob is made, so nothing is to be removed from the seeded bundle before the
    tree's run: each seed is linked into it once."""
    site = tmp_path / "site"
    for name in ("cranes", "quay"):
        write_article(site, "2025-03-02", name)
    names = [f"2025/03/02/{name}/index.html" for name in ("cranes", "quay")]
    search_index.index_shard(site, shard_of(site, names), search_index.INDEX_LANGUAGE, tmp_path / "before")
    seeds = [(path, path.relative_to(tmp_path / "before").as_posix()) for path in (tmp_path / "before").rglob("*.pf_*")]
    assert seeds
    monkeypatch.setattr(search_index, "GLOB_ARGUMENT_LIMIT", 10)
    links.clear()
    search_index.index_shard(site, shard_of(site, names), search_index.INDEX_LANGUAGE, tmp_path / "dest", seeds=seeds)
    linked = Counter(Path(source) for source, _target, _made in links)
    assert {source: linked[source] for source, _ in seeds} == {source: 1 for source, _ in seeds}
    assert len(links) == len(seeds) + 2  # the seeds and the tree's two pages
    assert fragment_urls(tmp_path / "dest") == {search_index.page_url(name) for name in names}


def replace_article(site: Path, day: str, name: str, text: str) -> None:
    """A page written anew, the previous build's file (linked) left as it was."""
    (site / day.replace("-", "/") / name / "index.html").unlink()
    write_article(site, day, name, text)


def same_files(bundle: Path, other: Path) -> set[str]:
    """The files of bundle that are other's files at the same place (links to them)."""
    return {
        path.relative_to(bundle).as_posix()
        for path in bundle.rglob("*")
        if path.is_file()
        and (other / path.relative_to(bundle)).is_file()
        and os.path.samestat(path.stat(), (other / path.relative_to(bundle)).stat())
    }


def test_a_shard_indexed_again_keeps_the_previous_files_pagefind_would_write_as_they_are(tmp_path, caplog):
    """An edited article's five days are indexed again from their previous bundle's files: the other
    pages' fragments and the word index's chunks that Pagefind writes as they were are those files
    (it does not write a file that is there), the rest is new, and the bundle is the one indexing the
    site from nothing gives, with no file of the previous one it no longer names."""
    first = sixteen_days_indexed(tmp_path, caplog, write_article)
    second = linked_copy(first, tmp_path / "second")
    replace_article(second, "2025-03-03", "report-3", "Cranes restarted on the quay")
    assert build_index(second, previous=first) == 16
    assert indexed_and_kept(caplog) == (1, 3)
    shard, before = second / "pagefind" / "shards" / "2025-03-1", first / "pagefind" / "shards" / "2025-03-1"
    kept = same_files(shard, before)
    fragments = {name for name in kept if name.startswith("fragment/")}
    assert len(fragments) == 4  # the four pages not edited
    assert len(list((shard / "fragment").iterdir())) == 5
    fresh = linked_copy(second, tmp_path / "fresh")
    build_index(fresh)
    assert bundle_digests(shard) == bundle_digests(fresh / "pagefind" / "shards" / "2025-03-1")
    assert bundle_digests(shard) != bundle_digests(before)  # the edit's words are in the index
    (restarted,) = search(second, {"query": "restarted"})
    assert [urlsplit(url).path.rstrip("/").rsplit("/", 1)[-1] for url in urls_of(restarted)] == ["report-3"]


def test_five_days_closed_are_indexed_from_their_day_shards_files(tmp_path, caplog):
    first = sixteen_days_indexed(tmp_path, caplog, write_article)
    second = linked_copy(first, tmp_path / "second")
    write_article(second, "2025-03-17", "next-day")
    build_index(second, previous=first)
    third = linked_copy(second, tmp_path / "third")
    write_article(third, "2025-03-21", "new-five")
    build_index(third, previous=second)
    closed = third / "pagefind" / "shards" / "2025-03-4"
    days = [second / "pagefind" / "shards" / "2025-03-4-16", second / "pagefind"]  # day 17 was the newest
    fragments = sorted((closed / "fragment").iterdir())
    assert len(fragments) == 2
    assert all(
        any(os.path.samestat(path.stat(), other.stat()) for day in days for other in day.rglob("*.pf_fragment"))
        for path in fragments
    )
    fresh = linked_copy(third, tmp_path / "fresh")
    build_index(fresh)
    assert bundle_digests(closed) == bundle_digests(fresh / "pagefind" / "shards" / "2025-03-4")


def test_a_bundle_of_another_pagefind_version_seeds_nothing(tmp_path, caplog):
    first = sixteen_days_indexed(tmp_path, caplog, write_article)
    entry = first / "pagefind" / "shards" / "2025-03-1" / "pagefind-entry.json"
    document = json.loads(entry.read_text(encoding="utf-8"))
    entry.write_text(json.dumps({**document, "version": "0.0.1"}), encoding="utf-8")
    second = linked_copy(first, tmp_path / "second")
    replace_article(second, "2025-03-03", "report-3", "Cranes restarted on the quay")
    shard = next(shard for shard in search_index.plan_shards(second, "zh") if shard.key == "2025-03-1")
    earlier = search_index.previous_shards(first)
    assert search_index.seed_files(first, earlier, shard) == []
    entry.write_text(json.dumps(document), encoding="utf-8")
    assert (
        len([relative for _, relative in search_index.seed_files(first, earlier, shard) if "fragment/" in relative])
        == 4
    )


@pytest.mark.parametrize(
    ("name", "url"),
    [("2025/03/02/cranes/index.html", "/2025/03/02/cranes/"), ("index.html", "/"), ("a/page.html", "/a/page.html")],
)
def test_a_page_has_the_address_pagefind_gives_it(name, url):
    assert search_index.page_url(name) == url


def test_a_file_name_is_looked_for_as_the_cbor_text_pagefind_writes():
    assert search_index.cbor_text("zh_878e811") == b"jzh_878e811"
    assert search_index.cbor_text("x" * 30) == b"\x78\x1e" + b"x" * 30


def test_an_indexing_of_many_shards_shows_its_progress_and_a_day_of_new_articles_does_not(
    tmp_path, caplog, monkeypatch
):
    """A first build's shards (more than ALONGSIDE_SHARDS) are counted on the build's progress display
    (a line each time here, where the display's interval is none); a later build's one shard is not."""
    monkeypatch.setattr(progress, "LINE_INTERVAL_SECONDS", 0)
    caplog.set_level("INFO", logger=progress.__name__)
    first = tmp_path / "first"
    for number in range(1, 17):
        write_article(first, f"2025-03-{number:02d}", f"report-{number}")
    build_index(first)
    lines = [record.getMessage() for record in caplog.records if record.name == progress.__name__]
    assert [line.split(", ")[0] for line in lines[:4]] == [
        f"news_digest: search index: {count}/4 shards ({25 * count}%)" for count in range(1, 5)
    ]
    assert lines[-1].startswith("news_digest: search index: done: 4 shards in ")
    caplog.clear()
    second = linked_copy(first, tmp_path / "second")
    write_article(second, "2025-03-17", "next-day")
    build_index(second, previous=first)
    assert not [record for record in caplog.records if record.name == progress.__name__]


def test_a_kept_shard_is_linked_file_by_file_without_the_other_shards(tmp_path):
    """The primary bundle holds the other shards and their list: linking it keeps only its own files."""
    bundle = tmp_path / "previous" / "pagefind"
    for name in ("pagefind-entry.json", "pagefind.js", "index/zh_1.pf_index", "fragment/zh_2.pf_fragment"):
        (bundle / name).parent.mkdir(parents=True, exist_ok=True)
        (bundle / name).write_text(name, encoding="utf-8")
    (bundle / "shards" / "2025-01-1").mkdir(parents=True)
    (bundle / "shards" / "2025-01-1" / "pagefind-entry.json").write_text("{}", encoding="utf-8")
    (bundle / search_index.SHARDS_FILE).write_text("{}", encoding="utf-8")
    (bundle / "empty").mkdir()
    destination = tmp_path / "site" / "pagefind" / "shards" / "2025-02-6"
    assert search_index.reuse_shard(tmp_path / "previous", {"path": ""}, destination)
    linked = sorted(path.relative_to(destination).as_posix() for path in destination.rglob("*") if path.is_file())
    assert linked == ["fragment/zh_2.pf_fragment", "index/zh_1.pf_index", "pagefind-entry.json", "pagefind.js"]
    assert (destination / "pagefind.js").stat().st_ino == (bundle / "pagefind.js").stat().st_ino
    assert not search_index.reuse_shard(tmp_path / "previous", {"path": "shards/gone"}, destination)
