"""The sample site built as `make html` and `make publish` build it, checked by real clients.

Headless Chromium opens every page type, axe-core checks its accessibility, the Nu HTML checker its
markup, feedparser its feeds, a crawler its links (also under a sub-path), Lighthouse its scores.
The checkers come from npm (package.json) and Debian (chromium, Java); each one is shown to fail on
a deliberately broken page. What they measured (Lighthouse scores, pages crawled, feeds read, axe
findings) ends every run, in the "site checks" section (tests/plugins/site_summary.py); screenshots
and Lighthouse reports go to test-artifacts/.
"""

from __future__ import annotations

import json
import os
import shlex
import shutil
import struct
import subprocess
import zlib
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, unquote, urljoin, urlsplit

import feedparser
import pytest
from browser import Chromium, browser_missing, serve_folder
from lxml import etree
from lxml import html as lxml_html
from pelican.settings import read_settings
from site_checks import (
    ARTIFACTS,
    LIGHTHOUSE_CATEGORIES,
    axe_violations,
    crawl_site,
    describe_violation,
    describe_vnu_error,
    failed_requests,
    open_tab,
    page_urls,
    plain_session,
    run_lighthouse,
    serious_violations,
    vnu_errors,
)

pytest_plugins = ["tests.plugins.site_summary"]
pytestmark = pytest.mark.build

ROOT = Path(__file__).resolve().parent.parent
BUILD_TIMEOUT_SECONDS = 600
# Where `make html` sites say they live (pelicanconf.py): links to it in a site built for another
# address are wrong.
DEVELOPMENT_SITEURL = read_settings(str(ROOT / "pelicanconf.py"))["SITEURL"]
SUBPATH = "repo"
LIGHTHOUSE_FLOORS = {"performance": 0.90, "accessibility": 0.95, "best-practices": 0.95, "seo": 0.90}
ARTICLE_LANGUAGES = ("zh-Hans", "zh-Hant", "vi", "en", "ar")


@dataclass(frozen=True)
class Site:
    output: Path  # the built folder
    url: str  # where it is served, ending in /
    siteurl: str  # the SITEURL it was built with
    name: str  # how the build is named in the summary


def make_site(target: str, content: Path, output: Path, **environment: str) -> None:
    """`make html` or `make publish` from a copy of content/ into output, every build step included."""
    options = [
        "-e",
        f'NEWS_DIGEST_SOURCES="{content / "sources.yaml"}"',
        "-e",
        f'NEWS_DIGEST_TAGS="{content / "tags.yaml"}"',
    ]
    command = [
        "make",
        "--no-print-directory",
        "-C",
        str(ROOT),
        target,
        f"INPUTDIR={content}",
        f"OUTPUTDIR={output}",
        f"PELICANOPTS={shlex.join(options)}",
    ]
    # Not the variables of the `make test` this runs under.
    env = {key: value for key, value in os.environ.items() if key not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL")}
    env.update(environment)
    result = subprocess.run(
        command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=BUILD_TIMEOUT_SECONDS, check=False
    )
    assert result.returncode == 0, result.stdout[-5000:] + result.stderr[-5000:]
    assert (output / "index.html").is_file()


def copy_content(base: Path) -> Path:
    content = base / "content"
    shutil.copytree(ROOT / "content", content)
    return content


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """`make html` of the sample content (relative links), served at the root of 127.0.0.1:PORT."""
    base = tmp_path_factory.mktemp("browser-site")
    output = base / "output"
    make_site("html", copy_content(base), output)
    with serve_folder(output) as server:
        yield Site(output=output, url=server.url(), siteurl=DEVELOPMENT_SITEURL, name="make html")


@pytest.fixture(scope="module")
def subpath_site(tmp_path_factory):
    """`make publish` (absolute links) for http://127.0.0.1:PORT/repo, served there, as a project site is."""
    base = tmp_path_factory.mktemp("browser-subpath-site")
    served = base / "served"
    served.mkdir()
    with serve_folder(served) as server:
        siteurl = server.url(SUBPATH)
        make_site("publish", copy_content(base), served / SUBPATH, SITEURL=siteurl, CNAME="")
        yield Site(output=served / SUBPATH, url=f"{siteurl}/", siteurl=siteurl, name=f"make publish under /{SUBPATH}/")


@pytest.fixture
def built(request):
    """The build a test is parametrized with (BOTH_BUILDS)."""
    return request.getfixturevalue(request.param)


BOTH_BUILDS = pytest.mark.parametrize("built", ["site", "subpath_site"], indirect=True)


# --- the page types --------------------------------------------------------------------------------


def first_article(output: Path, language: str) -> str | None:
    """The first article (by path) written in `language`, as a path relative to the site, or None."""
    for page in sorted(output.glob("[0-9][0-9][0-9][0-9]/[01][0-9]/[0-3][0-9]/*/index.html")):
        body = lxml_html.parse(str(page)).getroot().find(".//div[@class='article-body']")
        if body is not None and body.get("lang") == language:
            return page.parent.relative_to(output).as_posix() + "/"
    for page in sorted(output.glob("[0-9][0-9][0-9][0-9]/[01][0-9]/[0-3][0-9]/*/index.html")):
        body = lxml_html.parse(str(page)).getroot().find(".//div[@class='article-body']")
        if body is not None and (body.get("lang") or "").startswith(language + "-"):
            return page.parent.relative_to(output).as_posix() + "/"
    return None


def existing(output: Path, path: str) -> str | None:
    """path (relative to the site, "" for home, "x/" for x/index.html) when the build has it, else None."""
    file = output / path / "index.html" if path == "" or path.endswith("/") else output / path
    return path if file.is_file() else None


def first_folder(output: Path, pattern: str) -> str | None:
    """The first (by path) folder whose index.html matches pattern, as a site path ending in /."""
    pages = sorted(output.glob(pattern))
    return pages[0].parent.relative_to(output).as_posix() + "/" if pages else None


PAGE_TYPES = {
    "home": lambda output: existing(output, ""),
    **{
        f"article {language}": (lambda output, language=language: first_article(output, language))
        for language in ARTICLE_LANGUAGES
    },
    "tag page": lambda output: existing(output, "tag/trump/") or first_folder(output, "tag/*/index.html"),
    "tag index": lambda output: existing(output, "tags/"),
    "source page": lambda output: first_folder(output, "source/*/index.html"),
    "sources page": lambda output: existing(output, "sources/"),
    "story page": lambda output: first_folder(output, "story/*/index.html"),
    "day archive": lambda output: first_folder(output, "[0-9][0-9][0-9][0-9]/[01][0-9]/[0-3][0-9]/index.html"),
    "month archive": lambda output: first_folder(output, "[0-9][0-9][0-9][0-9]/[01][0-9]/index.html"),
    "year archive": lambda output: first_folder(output, "[0-9][0-9][0-9][0-9]/index.html"),
    "archives": lambda output: existing(output, "archives/"),
    "language page": lambda output: existing(output, "lang/zh-Hans/") or first_folder(output, "lang/*/index.html"),
    "language index": lambda output: existing(output, "languages/"),
    "search page": lambda output: existing(output, "search/"),
    "404 page": lambda output: existing(output, "404.html"),
    "about": lambda output: existing(output, "about/"),
}
SCREENSHOT_PAGES = ("home", "article zh-Hans", "tag page")


def page_url(built: Site, page_type: str) -> str:
    path = PAGE_TYPES[page_type](built.output)
    assert path is not None, f"the build has no {page_type}"
    return built.url + path


def slug(name: str) -> str:
    return name.replace(" ", "-")


# --- links ----------------------------------------------------------------------------------------------


def assert_no_link_problems(crawl, where: str, site_summary: list[str]) -> None:
    site_summary.append(
        f"links ({where}): {crawl.pages} pages crawled, {crawl.fetched} URLs fetched, {len(crawl.problems)} problems"
    )
    assert crawl.pages > 20
    assert not crawl.problems, "\n".join(map(str, crawl.problems))


def test_no_broken_internal_link(site, site_summary):
    crawl = crawl_site(site.url, [site.url, *page_urls(site.output, site.url)], aliases=[site.siteurl])
    assert_no_link_problems(crawl, site.name, site_summary)


def test_no_broken_link_and_none_leaves_the_subpath(subpath_site, site_summary):
    start = [subpath_site.url, *page_urls(subpath_site.output, subpath_site.url)]
    crawl = crawl_site(subpath_site.url, start, wrong_addresses=[DEVELOPMENT_SITEURL])
    assert_no_link_problems(crawl, subpath_site.name, site_summary)


def icon_problems(built: Site) -> list[str]:
    """Browsers fetch every page's icon: the one its <link rel="icon"> names, else /favicon.ico at the root of
    the host (a request headless Chromium driven over DevTools skips, but Lighthouse sees failing)."""
    problems = []
    for url, page in zip(page_urls(built.output, built.url), sorted(built.output.rglob("*.html")), strict=True):
        icons = lxml_html.parse(str(page)).getroot().xpath("//head/link[contains(concat(' ', @rel, ' '), ' icon ')]")
        icon = urljoin(url, icons[0].get("href")) if icons else urljoin(url, "/favicon.ico")
        named = "its <link rel=icon>" if icons else "no <link rel=icon>, so browsers ask for"
        if icon.startswith("data:"):
            continue  # in the page itself: no request
        if not icon.startswith(built.url):
            problems.append(f"{url}: {named} {icon}, outside the site")
        elif not (built.output / unquote(icon.removeprefix(built.url))).is_file():
            problems.append(f"{url}: {named} {icon}, which is missing (404)")
    return problems


@BOTH_BUILDS
def test_every_page_has_an_icon_on_the_site(built):
    problems = icon_problems(built)
    assert not problems, f"{len(problems)} pages:\n" + "\n".join(problems[:5])


# --- feeds ----------------------------------------------------------------------------------------------


def feed_files(output: Path) -> list[Path]:
    return sorted((output / "feeds").rglob("*.xml"))


def opml_files(output: Path) -> list[Path]:
    return sorted(output.rglob("*.opml"))


def is_absolute(url: str) -> bool:
    parts = urlsplit(url or "")
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def feed_problems(path: Path, siteurl: str) -> list[str]:
    feed = feedparser.parse(path.read_bytes())
    problems = []
    if feed.bozo:
        problems.append(f"{path}: {feed.bozo_exception}")
    if not feed.entries:
        problems.append(f"{path}: no entries")
    for entry in feed.entries:
        link = entry.get("link", "")
        if not is_absolute(link):
            problems.append(f"{path}: entry {entry.get('title')!r} links to {link!r}, not an absolute URL")
        elif not link.startswith(siteurl + "/"):
            problems.append(f"{path}: entry {entry.get('title')!r} links to {link!r}, outside {siteurl}/")
    return problems


def opml_problems(path: Path, site: Site) -> list[str]:
    document = feedparser.parse(path.read_bytes())
    problems = [f"{path}: {document.bozo_exception}"] if document.bozo else []
    outlines = etree.parse(str(path)).getroot().iter("outline")
    feeds = [outline.get("xmlUrl") for outline in outlines if outline.get("xmlUrl")]
    if not feeds:
        problems.append(f"{path}: lists no feed")
    for url in feeds:
        if not url.startswith(site.siteurl + "/"):
            problems.append(f"{path}: {url} is not an absolute URL under {site.siteurl}/")
        elif not (site.output / url.removeprefix(site.siteurl + "/")).is_file():
            problems.append(f"{path}: {url} is not in the build")
    return problems


@BOTH_BUILDS
def test_every_feed_reads_back_with_absolute_links(built, site_summary):
    feeds = feed_files(built.output)
    assert len(feeds) > 10
    problems = [problem for path in feeds for problem in feed_problems(path, built.siteurl)]
    opml = opml_files(built.output)
    problems += [problem for path in opml for problem in opml_problems(path, built)]
    site_summary.append(
        f"feeds ({built.name}): {len(feeds)} feeds and {len(opml)} OPML files read, {len(problems)} problems"
    )
    assert not problems, "\n".join(problems)


# --- the Nu HTML checker --------------------------------------------------------------------------------


def test_every_page_is_valid_html(site, site_summary):
    pages = sorted(site.output.rglob("*.html"))
    errors = vnu_errors(pages)
    site_summary.append(f"Nu HTML checker: {len(pages)} pages, {len(errors)} errors")
    assert not errors, "\n".join(describe_vnu_error(error, site.output) for error in errors)


# --- every page type in Chromium ----------------------------------------------------------------------

needs_chromium = pytest.mark.skipif(browser_missing() is not None, reason=str(browser_missing()))
WIDTHS = (320, 390, 1280, 1920)
PHONE_WIDTH_LIMIT = 800  # narrower windows are phones (touch, viewport meta), wider ones desktops
SCREENSHOT_WIDTHS = (390, 1280)
WINDOW_HEIGHT = 900
# A word of one sample article each (the Chinese one in Simplified characters only).
SEARCHES = {"zh-Hans": "报价利率", "vi": "bão"}
SEARCH_WAIT_SECONDS = 20


@pytest.fixture(scope="module")
def chromium():
    with Chromium() as browser:
        yield browser


@pytest.fixture(scope="module")
def tally(site_summary):
    """Counts of what the Chromium tests saw, added to the run's summary once they are done."""
    counts = Counter()
    yield counts
    if counts["visits"]:
        site_summary.append(
            f"Chromium: {counts['visits']} page visits, {counts['visits with problems']} with a console error, "
            "exception, dialog, failed or foreign request"
        )
    if counts["axe runs"]:
        site_summary.append(
            f"axe-core: {counts['axe runs']} runs (page types × light and dark), {counts['axe violations']} "
            f"violations, {counts['axe serious']} serious or critical"
        )
    if counts["widths"]:
        site_summary.append(f"widths: {counts['widths']} page layouts measured, {counts['too wide']} too wide")


@pytest.fixture(scope="module")
def request_statuses():
    """The status of every URL a page asked for, asked again once (tests share them)."""
    return {}


def visit_problems(visit, request_statuses) -> list[str]:
    problems = [] if visit.loaded and visit.status == 200 else [f"loaded {visit.loaded}, status {visit.status}"]
    problems += [f"console {message.level} ({message.source}): {message.text}" for message in visit.errors]
    problems += [f"uncaught exception: {exception}" for exception in visit.exceptions]
    problems += [f"{dialog.kind} dialog: {dialog.message}" for dialog in visit.dialogs]
    problems += [
        f"request to another host: {request.resource_type} {request.url}"
        for request in visit.foreign_requests()
        if not request.url.startswith(("data:", "blob:"))
    ]
    problems += [f"failed request: {failed}" for failed in failed_requests(visit, plain_session(), request_statuses)]
    return problems


@needs_chromium
@pytest.mark.parametrize("page_type", list(PAGE_TYPES))
@BOTH_BUILDS
def test_page_loads_cleanly(built, page_type, chromium, request_statuses, tally):
    """No console error, uncaught exception, dialog, failed request or request to another host."""
    url = page_url(built, page_type)
    visit = chromium.visit(url)
    problems = visit_problems(visit, request_statuses)
    tally.update({"visits": 1, "visits with problems": int(bool(problems))})
    assert not problems, f"{url}:\n" + "\n".join(problems)


@needs_chromium
@pytest.mark.parametrize("page_type", list(PAGE_TYPES))
def test_page_has_no_serious_accessibility_violation(page_type, site, chromium, site_summary, tally):
    """axe-core on the page, in the light and the dark colour scheme."""
    url = page_url(site, page_type)
    found = []
    with open_tab(chromium, url) as tab:
        for scheme in ("light", "dark"):
            tab.prefer_colour_scheme(scheme)
            found += [(scheme, violation) for violation in axe_violations(tab)]
            tally["axe runs"] += 1
    for scheme, violation in found:
        site_summary.append(f"axe ({scheme}): {describe_violation(url, violation)}")
    serious = [
        f"{scheme}: {describe_violation(url, violation)}"
        for scheme, violation in found
        if serious_violations([violation])
    ]
    tally.update({"axe violations": len(found), "axe serious": len(serious)})
    assert not serious, "\n".join(serious)


@needs_chromium
@pytest.mark.parametrize("page_type", list(PAGE_TYPES))
def test_page_never_scrolls_sideways(page_type, site, chromium, tally):
    """At every width, the document is no wider than the window; on a phone, laid out for the phone's width."""
    url = page_url(site, page_type)
    overflowing = []
    with open_tab(chromium, url) as tab:
        for width in WIDTHS:
            phone = width < PHONE_WIDTH_LIMIT
            tab.resize(width, WINDOW_HEIGHT, mobile=phone)
            tab.go(url)
            measured = tab.horizontal_overflow()
            tally["widths"] += 1
            tally["too wide"] += measured["scrollWidth"] > measured["clientWidth"]
            if phone and measured["clientWidth"] != width:
                overflowing.append(f"{width} px phone: laid out {measured['clientWidth']} px wide (viewport meta?)")
            if measured["scrollWidth"] > measured["clientWidth"]:
                overflowing.append(
                    f"{width} px: scrollWidth {measured['scrollWidth']} > {measured['clientWidth']}; "
                    f"wide: {', '.join(measured['wide'])}"
                )
    assert not overflowing, f"{url}:\n" + "\n".join(overflowing)


@needs_chromium
@pytest.mark.parametrize("width", SCREENSHOT_WIDTHS)
@pytest.mark.parametrize("page_type", SCREENSHOT_PAGES)
def test_screenshot(page_type, width, site, chromium):
    """Written to test-artifacts/screenshots/ for people to look at (CI keeps them)."""
    path = ARTIFACTS / "screenshots" / f"{slug(page_type)}-{width}.png"
    path.unlink(missing_ok=True)
    with open_tab(chromium, page_url(site, page_type), width, WINDOW_HEIGHT, mobile=width < PHONE_WIDTH_LIMIT) as tab:
        tab.screenshot(path)
    assert path.read_bytes().startswith(b"\x89PNG")
    assert path.stat().st_size > 5000


def search_results(chromium, url: str) -> list[dict]:
    """The results a link to a search (search/?q=…) shows, with their language and link."""
    with open_tab(chromium, url) as tab:
        try:
            tab.wait_for(
                "document.querySelectorAll('#search-results .item').length > 0 && "
                "document.getElementById('search-results').getAttribute('aria-busy') !== 'true'",
                timeout=SEARCH_WAIT_SECONDS,
            )
        except AssertionError:
            status = tab.evaluate("document.getElementById('search-status')?.textContent")
            raise AssertionError(f"{url}: no result; the page says {status!r}") from None
        return tab.evaluate(
            "[...document.querySelectorAll('#search-results .item')].map((item) => ({"
            "lang: item.querySelector('.item-title').lang, href: item.querySelector('a').href,"
            "title: item.querySelector('a').textContent}))"
        )


@needs_chromium
@pytest.mark.parametrize("language", list(SEARCHES))
@BOTH_BUILDS
def test_search_finds_articles_in_the_language_of_the_query(built, language, chromium, request_statuses):
    url = f"{page_url(built, 'search page')}?q={quote(SEARCHES[language])}"
    results = search_results(chromium, url)
    assert {result["lang"] for result in results} == {language}, results
    for result in results:
        assert result["href"].startswith(built.url), result
        assert existing(built.output, result["href"].removeprefix(built.url)), result
    # Loading and running the search fetches nothing from elsewhere, and nothing fails.
    problems = visit_problems(chromium.visit(url, settle=1.0), request_statuses)
    assert not problems, f"{url}:\n" + "\n".join(problems)


# --- Lighthouse -----------------------------------------------------------------------------------------


LIGHTHOUSE_PAGES = ("home", "article zh-Hans", "tag page")


@pytest.fixture(scope="module")
def lighthouse_results(site, tmp_path_factory, site_summary):
    """Lighthouse's default run (a phone: mobile emulation, simulated slow 4G and CPU) once per page, one
    after another; reports in test-artifacts/lighthouse/, scores in test-artifacts/lighthouse.json."""
    reports = ARTIFACTS / "lighthouse"
    reports.mkdir(parents=True, exist_ok=True)
    results = {}
    for name in LIGHTHOUSE_PAGES:
        profile = tmp_path_factory.mktemp("lighthouse-profile")
        results[name] = run_lighthouse(page_url(site, name), profile, reports / f"{slug(name)}.report.json")
    summary = {name: {"url": result.url, "scores": result.scores} for name, result in results.items()}
    (ARTIFACTS / "lighthouse.json").write_text(json.dumps(summary, indent=1) + "\n", encoding="utf-8")
    for name, result in results.items():
        scores = ", ".join(f"{category} {result.scores.get(category)}" for category in LIGHTHOUSE_CATEGORIES)
        site_summary.append(f"Lighthouse (mobile) {name}: {scores}")
    return results


@needs_chromium
@pytest.mark.parametrize("page", LIGHTHOUSE_PAGES)
def test_lighthouse_scores(page, lighthouse_results):
    result = lighthouse_results[page]
    assert result.runtime_error is None, result.runtime_error
    low = {
        category: result.scores.get(category)
        for category, floor in LIGHTHOUSE_FLOORS.items()
        if (result.scores.get(category) or 0) < floor
    }
    details = "\n".join(result.shortfalls)
    assert not low, f"{result.url}: {low} below {LIGHTHOUSE_FLOORS}; audits that cost points:\n{details}"


# --- positive controls: each checker finds a deliberately broken page ------------------------------------

BROKEN_PAGE = """<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>Broken on purpose</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="missing.css"></head>
<body>
<main>
<h1>Broken on purpose</h1>
<p><img src="pixel.png"> <img src="http://news.example/pixel.png" alt="from another host"></p>
<div><span>an element left open</div>
<p><a href="missing/">a missing page</a> <a href="#nowhere">a missing anchor</a>
<a href="/elsewhere/">a page outside the site</a></p>
<div style="width: 1500px">wider than a phone</div>
</main>
<script src="console-error.js"></script>
</body>
</html>
"""


def one_pixel_png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)  # 1×1, 8-bit greyscale
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0\0")) + chunk(b"IEND", b"")


@pytest.fixture(scope="module")
def broken_site(tmp_path_factory):
    """A one-page site with an image without alt, an unclosed element, broken links, a missing style sheet,
    an image from another host, an element wider than a phone and a console error."""
    served = tmp_path_factory.mktemp("broken-site")
    site_folder = served / SUBPATH
    site_folder.mkdir()
    (site_folder / "index.html").write_text(BROKEN_PAGE, encoding="utf-8")
    (site_folder / "pixel.png").write_bytes(one_pixel_png())
    (site_folder / "console-error.js").write_text('console.error("broken on purpose");\n', encoding="utf-8")
    with serve_folder(served) as server:
        yield Site(output=site_folder, url=server.url(f"{SUBPATH}/"), siteurl=server.url(SUBPATH), name="broken")


def test_control_crawler_finds_missing_pages_anchors_and_escapes(broken_site):
    crawl = crawl_site(broken_site.url, [broken_site.url])
    found = {(problem.element, problem.problem) for problem in crawl.problems}
    assert found == {
        ('<link href="missing.css">', "missing (404)"),
        ('<a href="missing/">', "missing (404)"),
        ('<a href="#nowhere">', "no element with id 'nowhere'"),
        ('<a href="/elsewhere/">', f"escapes /{SUBPATH}/"),
    }


@needs_chromium
def test_control_visit_finds_console_errors_failed_and_foreign_requests(broken_site, chromium):
    problems = visit_problems(chromium.visit(broken_site.url), {})
    assert any("broken on purpose" in problem for problem in problems), problems
    assert any(problem.startswith("failed request: Stylesheet") and "missing.css" in problem for problem in problems)
    assert "request to another host: Image http://news.example/pixel.png" in problems, problems


@needs_chromium
def test_control_axe_finds_an_image_without_alt(broken_site, chromium):
    with open_tab(chromium, broken_site.url) as tab:
        serious = serious_violations(axe_violations(tab))
    assert "image-alt" in {violation["id"] for violation in serious}, serious


@needs_chromium
def test_control_sideways_scrolling_is_measured(broken_site, chromium):
    with open_tab(chromium, broken_site.url, 390, WINDOW_HEIGHT, mobile=True) as tab:
        measured = tab.horizontal_overflow()
    assert measured["scrollWidth"] > measured["clientWidth"] == 390, measured
    assert any(wide.startswith("div") for wide in measured["wide"]), measured


def test_control_icon_check_finds_a_page_without_an_icon(broken_site):
    assert icon_problems(broken_site) == [
        f"{broken_site.url}: no <link rel=icon>, so browsers ask for {broken_site.url.removesuffix(SUBPATH + '/')}"
        "favicon.ico, outside the site"
    ]


def test_control_vnu_finds_an_unclosed_element(broken_site):
    errors = vnu_errors([broken_site.output / "index.html"])
    assert any("span" in error["message"] for error in errors), errors


def test_control_feed_check_finds_a_malformed_feed_and_a_relative_link(tmp_path):
    malformed = tmp_path / "malformed.atom.xml"
    malformed.write_text('<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><entry>', encoding="utf-8")
    relative = tmp_path / "relative.atom.xml"
    relative.write_text(
        '<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title>'
        "<id>urn:x</id><updated>2024-11-20T00:00:00Z</updated><entry><title>e</title>"
        '<link href="2024/11/20/e/" rel="alternate"/><id>urn:e</id><updated>2024-11-20T00:00:00Z</updated>'
        "</entry></feed>",
        encoding="utf-8",
    )
    assert any("malformed.atom.xml" in problem for problem in feed_problems(malformed, "https://example.org"))
    assert [problem for problem in feed_problems(relative, "https://example.org") if "not an absolute URL" in problem]


@needs_chromium
def test_control_lighthouse_marks_down_an_inaccessible_page(broken_site, tmp_path):
    result = run_lighthouse(
        broken_site.url, tmp_path / "profile", tmp_path / "report.json", categories=("accessibility",)
    )
    assert result.scores["accessibility"] < LIGHTHOUSE_FLOORS["accessibility"], result
    assert any("image-alt" in shortfall for shortfall in result.shortfalls), result.shortfalls
