"""sitemap.xml and robots.txt: every HTML page by its absolute address, in a stable order."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import quote
from xml.sax.saxutils import escape

SITEMAP_NAMESPACE = "http://www.sitemaps.org/schemas/sitemap/0.9"
INDEX_FILE = "index.html"


@dataclass(frozen=True)
class SitemapEntry:
    url: str
    lastmod: datetime | None  # the newest article the page shows, never the build's time


def page_url(site_url: str, save_as: str) -> str:
    """The public address of an output file: `tag/x/index.html` → `<site>/tag/x/`."""
    path = save_as.replace("\\", "/").lstrip("/")
    if path == INDEX_FILE:
        path = ""
    elif path.endswith("/" + INDEX_FILE):
        path = path[: -len(INDEX_FILE)]
    return f"{site_url.rstrip('/')}/{quote(path)}"


def sitemap_xml(entries: Iterable[SitemapEntry]) -> str:
    """One <url> per address, sorted; a page written twice keeps its newest lastmod."""
    newest: dict[str, datetime | None] = {}
    for entry in entries:
        known = newest.get(entry.url)
        if entry.url not in newest or (entry.lastmod and (known is None or entry.lastmod > known)):
            newest[entry.url] = entry.lastmod
    lines = ['<?xml version="1.0" encoding="utf-8"?>', f'<urlset xmlns="{SITEMAP_NAMESPACE}">']
    for url in sorted(newest):
        lastmod = newest[url]
        when = f"<lastmod>{lastmod.isoformat()}</lastmod>" if lastmod else ""
        lines.append(f"<url><loc>{escape(url)}</loc>{when}</url>")
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"


def robots_txt(sitemap_url: str | None) -> str:
    """Every crawler may read everything; the sitemap says where the pages are."""
    lines = ["User-agent: *", "Allow: /"]
    if sitemap_url:
        lines += ["", f"Sitemap: {sitemap_url}"]
    return "\n".join(lines) + "\n"
