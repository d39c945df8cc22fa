"""The 404 page: at the site's root, where GitHub Pages finds it, with links that work at any depth."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from conftest import PUBLISHED_SITEURL
from lxml import html as lxml_html

pytestmark = pytest.mark.build

FETCHED = "//a/@href | //link/@href | //script/@src | //img/@src"


def site_links(page) -> list[str]:
    """What the page links to or loads from the site: not its own fragments, not data: URLs."""
    return [link for link in page.xpath(FETCHED) if not link.startswith(("#", "data:"))]


def served_file(site: Path, site_path: str, url: str) -> Path:
    path = urlsplit(url).path
    assert path.startswith(site_path + "/"), f"{url} leaves the site"
    relative = path.removeprefix(site_path).lstrip("/")
    target = site / relative
    return target / "index.html" if relative == "" or relative.endswith("/") else target


def assert_links_work_from(site: Path, siteurl: str, missing_page_url: str) -> None:
    page = lxml_html.fromstring((site / "404.html").read_bytes())
    site_path = urlsplit(siteurl).path
    links = site_links(page)
    assert len(links) > 10
    for link in links:
        assert served_file(site, site_path, urljoin(missing_page_url, link)).is_file(), link


@pytest.mark.parametrize("depth", ["missing", "a/missing/", "2024/11/19/no-such-article/", "x/y/z/w/v/u"])
def test_the_published_404_page_links_work_at_any_depth(published_site, depth):
    assert (published_site / "404.html").is_file()
    assert_links_work_from(published_site, PUBLISHED_SITEURL, f"{PUBLISHED_SITEURL}/{depth}")


def test_the_published_404_page_links_are_absolute(published_site):
    page = lxml_html.fromstring((published_site / "404.html").read_bytes())
    links = site_links(page)
    assert all(link.startswith(PUBLISHED_SITEURL + "/") for link in links), links
    main_links = page.xpath("//main//a/@href")
    assert PUBLISHED_SITEURL + "/" in main_links and PUBLISHED_SITEURL + "/search/" in main_links
    assert page.xpath("//meta[@name='robots']/@content") == ["noindex"]


def test_the_development_404_page_links_start_from_the_site_root(built_site):
    output, _ = built_site
    page = lxml_html.fromstring((output / "404.html").read_bytes())
    links = site_links(page)
    assert all(link.startswith("/") and not link.startswith("//") for link in links), links


@pytest.mark.parametrize("depth", ["missing", "deep/er/missing/"])
def test_the_development_404_page_links_work_at_any_depth(built_site, depth):
    output, _ = built_site
    # `make html` builds with relative links everywhere else; its 404 page links from the root.
    assert_links_work_from(output, "http://localhost:8000", f"http://localhost:8000/{depth}")
