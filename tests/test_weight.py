"""Weight: the CSS and JavaScript an article page makes a browser fetch are at most 20 KB together,
gzip-compressed, counted from the built files the page links (and the modules those import)."""

from __future__ import annotations

import gzip
import os
import re
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from conftest import PUBLISHED_SITEURL
from lxml import html as lxml_html

BUDGET_BYTES = 20 * 1024
# What servers commonly use; level 9 would report a little less.
GZIP_LEVEL = 6
MODULE_IMPORT = re.compile(r"""^\s*import\s[^'"]*['"]([^'"]+)['"]""", re.MULTILINE)


def gzip_size(path: Path) -> int:
    return len(gzip.compress(path.read_bytes(), compresslevel=GZIP_LEVEL, mtime=0))


def local_file(site: Path, siteurl: str, url: str) -> Path:
    assert url.startswith(siteurl + "/"), f"{url} is not on the site"
    return site / urlsplit(url).path.removeprefix(urlsplit(siteurl).path).lstrip("/")


def page_assets(site: Path, siteurl: str, page_path: Path) -> list[Path]:
    """Style sheets and scripts `page_path` makes a browser fetch, with the modules they import."""
    page_url = f"{siteurl}/{page_path.relative_to(site).as_posix()}"
    page = lxml_html.fromstring(page_path.read_bytes())
    links = page.xpath("//link[contains(concat(' ', normalize-space(@rel), ' '), ' stylesheet ')]/@href")
    scripts = page.xpath("//script[@src]")
    urls = [urljoin(page_url, href) for href in links]
    pending = [urljoin(page_url, script.get("src")) for script in scripts]
    modules = {urljoin(page_url, script.get("src")) for script in scripts if script.get("type") == "module"}
    while pending:
        url = pending.pop()
        urls.append(url)
        if url in modules:
            source = local_file(site, siteurl, url).read_text(encoding="utf-8")
            for imported in MODULE_IMPORT.findall(source):
                modules.add(urljoin(url, imported))
                pending.append(urljoin(url, imported))
    return sorted({local_file(site, siteurl, url) for url in urls})


def weight(site: Path, siteurl: str, page_path: Path) -> int:
    return sum(gzip_size(path) for path in page_assets(site, siteurl, page_path))


@pytest.mark.build
def test_article_pages_fetch_at_most_20_kb_of_css_and_javascript(published_site):
    articles = sorted(published_site.glob("20*/*/*/*/index.html"))
    assert articles
    for article in articles:
        assets = page_assets(published_site, PUBLISHED_SITEURL, article)
        assert any(path.suffix == ".css" for path in assets) and any(path.suffix == ".js" for path in assets)
        total = weight(published_site, PUBLISHED_SITEURL, article)
        assert total <= BUDGET_BYTES, f"{article}: {total} bytes of CSS and JavaScript, gzip-compressed"
    sizes = ", ".join(f"{path.name} {gzip_size(path)}" for path in assets)
    print(f"article page: {total} of {BUDGET_BYTES} bytes gzip-compressed ({sizes})")


@pytest.mark.build
def test_the_search_page_counts_the_modules_it_imports(published_site):
    assets = page_assets(published_site, PUBLISHED_SITEURL, published_site / "search" / "index.html")
    names = {path.name for path in assets}
    assert {"search.js", "query.js", "search.css", "keys.js"} <= names
    assert not any("pagefind" in path.parts for path in assets)


def test_the_measure_sees_an_overweight_page(tmp_path):
    """A page linking 30 KB of incompressible CSS is over the budget: the measure can fail."""
    siteurl = "https://example.org/repo"
    (tmp_path / "css").mkdir()
    (tmp_path / "css" / "big.css").write_bytes(os.urandom(30 * 1024))
    (tmp_path / "js").mkdir()
    (tmp_path / "js" / "main.js").write_text('import { a } from "./part.js";\n')
    (tmp_path / "js" / "part.js").write_text("export const a = 1;\n")
    page = tmp_path / "post" / "index.html"
    page.parent.mkdir()
    page.write_text(
        '<!DOCTYPE html><html><head><link rel="stylesheet" href="../css/big.css">'
        '<script type="module" src="../js/main.js"></script></head><body></body></html>'
    )
    assert [path.name for path in page_assets(tmp_path, siteurl, page)] == ["big.css", "main.js", "part.js"]
    assert weight(tmp_path, siteurl, page) > BUDGET_BYTES
