"""A saved web page: the whole HTML document, as a browser's "Save page as" or a crawler keeps it.

trafilatura finds the main text (and the page's metadata); the page's own machine-readable
metadata (Open Graph, JSON-LD, microdata) is read directly first, because trafilatura keeps only
the day of publication, drops one-word desk bylines and keeps the site's name in some titles.
The publication time is taken only from that metadata: htmldate's fallback reads dates out of the
visible text without knowing the page's day/month order, and a wrong date is worse than none.
trafilatura is imported only when a page is parsed: it is slow to import and most files are not
pages. It only ever sees a parsed tree, never a string, so it cannot take one for a URL to fetch.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urljoin, urlsplit

from lxml import etree
from lxml import html as lxml_html

from ..model import RawFields

# What a saved page opens with, once a BOM, blank space, comments and an XML declaration are skipped.
PAGE_START_PATTERN = re.compile(
    r"\A\ufeff?(?:\s+|<!--.*?-->|<\?xml\b[^>]*\?>)*<(?:!doctype\s+html\b|html\b|head\b)", re.IGNORECASE | re.DOTALL
)
HEAD_PATTERN = re.compile(r"<head\b[^>]*>", re.IGNORECASE)
BODY_PATTERN = re.compile(r"<body\b", re.IGNORECASE)
# A page's opening (or its <head>, after a short preamble) lies within this many characters.
PAGE_START_WINDOW = 4096
WHITESPACE_PATTERN = re.compile(r"\s+")
# Between a headline and what a page appends to it: the site's name, a section, a photo credit.
TITLE_SEPARATORS = (" - ", " | ", " – ", " — ", " · ", " :: ", " » ", " / ", " : ", "｜", "：", "|")
TITLE_TAIL_OPENERS = (*TITLE_SEPARATORS, "（", " (", "【", " [")
# What wraps a JSON-LD script's data in some pages: HTML comments, CDATA sections.
JSON_WRAPPER_PATTERN = re.compile(r"\A(?:\s|//|<!--|<!\[CDATA\[)+|(?:\s|//|-->|\]\]>)+\Z")
ARTICLE_TYPE_PATTERN = re.compile(r"(?:Article|BlogPosting|Report)$")
# JSON-LD is walked this deep at most: articles sit at the top, in a list or in an @graph.
MAX_JSON_DEPTH = 6
# meta keys (name, property or itemprop, lower-cased) in the order they are trusted.
TITLE_META_KEYS = ("og:title", "twitter:title")
URL_META_KEYS = ("og:url",)
IMAGE_META_KEYS = ("og:image", "og:image:url", "og:image:secure_url", "twitter:image", "twitter:image:src")
SITE_NAME_META_KEYS = ("og:site_name", "application-name", "apple-mobile-web-app-title")
AUTHOR_META_KEYS = ("author", "article:author", "og:article:author", "dc.creator", "dcterms.creator", "byl")
PUBLISHED_META_KEYS = (
    "article:published_time",
    "og:article:published_time",
    "datepublished",
    "dc.date.issued",
    "dcterms.issued",
    "dc.date",
    "dcterms.date",
    "pubdate",
    "publishdate",
    "publish-date",
    "parsely-pub-date",
    "sailthru.date",
)
BYLINE_PREFIX_PATTERN = re.compile(r"^(?:by|par|von|por|di|door)\s+", re.IGNORECASE)
# A byline longer than this is a sentence or a block of the page, not a name.
MAX_AUTHOR_CHARS = 120
# trafilatura's "head" rend values, mapped to the two heading levels an article body keeps.
HEADING_TAGS = {"h1": "h2", "h2": "h2"}
# A line this long is a sentence even without a full stop; a shorter one needs one to be the lead.
MIN_UNPUNCTUATED_LEAD = 80
SENTENCE_END_PATTERN = re.compile(r"[.!?。！？…؟।]['\"”’»」』)]*$")
# The headline printed again is looked for among this many blocks at the top of the text.
TITLE_REPEAT_BLOCKS = 3
# A calendar date, extended or basic, alone or before a time: not a week date or an ordinal date.
ISO_DATE_START_PATTERN = re.compile(r"^\d{4}(-?)\d{2}\1\d{2}(?:[T ]|$)")
ISO_DATE_ONLY_PATTERN = re.compile(r"^\d{4}-?\d{2}-?\d{2}$")
SAFE_SCHEMES = ("http", "https")


@dataclass(frozen=True)
class PageMetadata:
    """What the page's markup states about the article, before trafilatura looks at it."""

    titles: tuple[str, ...]
    headlines: tuple[str, ...]
    site_names: tuple[str, ...]
    url: str | None
    published: str | None
    author: str | None
    image: str | None


def matches(text: str) -> bool:
    start = text[:PAGE_START_WINDOW]
    if PAGE_START_PATTERN.match(start):
        return True
    head = HEAD_PATTERN.search(start)
    return head is not None and BODY_PATTERN.search(text, head.end()) is not None


def normalize_space(text: str | None) -> str:
    return WHITESPACE_PATTERN.sub(" ", text or "").strip()


def load_page(text: str):
    """The page as an lxml tree, or None when it holds no document at all."""
    parser = lxml_html.HTMLParser(encoding="utf-8", remove_comments=True)
    try:
        return lxml_html.document_fromstring(text.encode("utf-8", "replace"), parser=parser)
    except (etree.ParserError, ValueError):
        return None


def meta_values(tree) -> dict[str, str]:
    """The first non-empty content of each <meta>, keyed by its name, property or itemprop."""
    values: dict[str, str] = {}
    for meta in tree.iter("meta"):
        content = normalize_space(meta.get("content"))
        for attribute in ("property", "name", "itemprop"):
            key = (meta.get(attribute) or "").strip().lower()
            if key and content:
                values.setdefault(key, content)
    return values


def first_meta(values: dict[str, str], keys: tuple[str, ...]) -> str | None:
    return next((values[key] for key in keys if values.get(key)), None)


def json_ld_objects(tree) -> list[dict]:
    """Every JSON-LD object of the page, articles first."""
    found: list[dict] = []

    def walk(node, depth: int) -> None:
        if depth > MAX_JSON_DEPTH:
            return
        if isinstance(node, list):
            for item in node:
                walk(item, depth + 1)
        elif isinstance(node, dict):
            found.append(node)
            for key in ("@graph", "mainEntity", "mainEntityOfPage"):
                walk(node.get(key), depth + 1)

    for script in tree.xpath("//script[contains(translate(@type, 'LDJSON', 'ldjson'), 'ld+json')]"):
        source = JSON_WRAPPER_PATTERN.sub("", script.text or "")
        try:
            walk(json.loads(source, strict=False), 0)
        except (ValueError, RecursionError):
            continue
    return sorted(found, key=lambda node: not is_article(node))


def is_article(node: dict) -> bool:
    types = node.get("@type")
    types = types if isinstance(types, list) else [types]
    return any(isinstance(name, str) and ARTICLE_TYPE_PATTERN.search(name) for name in types)


def json_ld_value(objects: list[dict], key: str) -> str | None:
    """A text field of the page's article object."""
    for node in objects:
        value = node.get(key) if is_article(node) else None
        if isinstance(value, str) and value.strip():
            return normalize_space(value)
    return None


def names_of(value) -> list[str]:
    """Person or organisation names from a JSON-LD author value: a string, an object or a list."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return names_of(value.get("name"))
    if isinstance(value, list):
        return [name for item in value for name in names_of(item)]
    return []


def clean_author(value: str | None) -> str | None:
    value = BYLINE_PREFIX_PATTERN.sub("", normalize_space(value))
    if not value or len(value) > MAX_AUTHOR_CHARS or "://" in value or value.startswith("@"):
        return None
    return value


def find_author(tree, values: dict[str, str], objects: list[dict]) -> str | None:
    """A byline the page states as data: JSON-LD, then <meta>, then microdata."""
    for node in objects:
        if is_article(node):
            names = [name for name in map(clean_author, names_of(node.get("author"))) if name]
            if names:
                return ", ".join(dict.fromkeys(names))
    for key in AUTHOR_META_KEYS:
        author = clean_author(values.get(key))
        if author:
            return author
    for element in tree.xpath("//*[contains(concat(' ', normalize-space(@itemprop), ' '), ' author ')]"):
        named = element.xpath(".//*[@itemprop='name']")
        value = (named[0].get("content") or named[0].text_content()) if named else element.text_content()
        author = clean_author(value)
        if author:
            return author
    return None


def iso_date(value: str | None) -> str | None:
    """An ISO 8601 date or time (extended or basic form) rewritten in the extended form, else None."""
    value = (value or "").strip()
    if not ISO_DATE_START_PATTERN.match(value):
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return None
    return parsed.date().isoformat() if ISO_DATE_ONLY_PATTERN.match(value) else parsed.isoformat()


def find_published(tree, values: dict[str, str], objects: list[dict]) -> str | None:
    """The publication time the page states as data, with its time of day and zone when given."""
    candidates = [values.get(key) for key in PUBLISHED_META_KEYS]
    candidates.append(json_ld_value(objects, "datePublished"))
    candidates.extend(
        element.get("datetime") or element.get("content")
        for element in tree.xpath(
            "//*[contains(concat(' ', normalize-space(@itemprop), ' '), ' datePublished ')] | //time[@pubdate]"
        )
    )
    candidates.extend(tree.xpath("(//article)[1]//time/@datetime")[:1])
    return next((found for found in map(iso_date, candidates) if found), None)


def web_url(value: str | None, base: str | None = None) -> str | None:
    value = (value or "").strip()
    if not value:
        return None
    if base:
        value = urljoin(base, value)
    try:
        parts = urlsplit(value)
    except ValueError:
        return None
    return value if parts.scheme.lower() in SAFE_SCHEMES and parts.hostname else None


def find_url(tree, values: dict[str, str]) -> str | None:
    shared = web_url(first_meta(values, URL_META_KEYS))
    for href in tree.xpath("//link[contains(concat(' ', normalize-space(@rel), ' '), ' canonical ')]/@href"):
        canonical = web_url(href, shared)
        if canonical:
            return canonical
    return shared


def heading_lines(tree) -> tuple[str, ...]:
    """The first line of each <h1>: a <br> sets a byline or a kicker apart from the headline."""
    lines = []
    for heading in tree.iter("h1"):
        parts = [heading.text or ""]
        for element in heading.iterdescendants():
            if element.tag == "br":
                break
            parts.append(element.text or "")
            if element.tail and element.getparent() is heading:
                parts.append(element.tail)
        line = normalize_space("".join(parts))
        if line:
            lines.append(line)
    return tuple(lines)


def read_page_metadata(tree) -> PageMetadata:
    values = meta_values(tree)
    objects = json_ld_objects(tree)
    url = find_url(tree, values)
    titles = [first_meta(values, (key,)) for key in TITLE_META_KEYS]
    titles.append(json_ld_value(objects, "headline"))
    site_names = [first_meta(values, (key,)) for key in SITE_NAME_META_KEYS]
    publisher = next((node.get("publisher") for node in objects if is_article(node)), None)
    site_names.extend(names_of(publisher)[:1])
    return PageMetadata(
        titles=tuple(title for title in titles if title),
        headlines=heading_lines(tree),
        site_names=tuple(normalize_space(name) for name in site_names if name),
        url=url,
        published=find_published(tree, values, objects),
        author=find_author(tree, values, objects),
        image=web_url(first_meta(values, IMAGE_META_KEYS), url),
    )


def site_name_forms(site_names: tuple[str, ...]) -> set[str]:
    """Each site name, and its part before a tagline ("Daily Post - News you trust" gives "Daily Post")."""
    forms = set()
    for name in site_names:
        forms.add(name.casefold())
        for separator in TITLE_SEPARATORS:
            if separator in name:
                forms.add(name.split(separator, 1)[0].strip().casefold())
    return {form for form in forms if form}


def strip_site_name(title: str, site_names: tuple[str, ...]) -> str:
    """The title without a trailing " - Site Name" that names the site."""
    forms = site_name_forms(site_names)
    folded = title.casefold()
    for separator in TITLE_SEPARATORS:
        head, found, tail = folded.rpartition(separator)
        if found and head.strip() and tail.strip() in forms:
            return title[: len(head)].strip()
    return title


def visible_headline(title: str, headlines: tuple[str, ...]) -> str:
    """The page's own <h1> when the metadata title only appends something to it (a site, a credit)."""
    for headline in headlines:
        rest = title[len(headline) :]
        if title.startswith(headline) and rest.startswith(TITLE_TAIL_OPENERS) and len(rest) <= len(headline):
            return headline
    return title


def choose_title(page: PageMetadata, extracted_title: str | None, site_names: tuple[str, ...]) -> str:
    """The first title the page states, not the site's own name, without what is appended to it."""
    site_forms = site_name_forms(page.site_names)
    candidates = [normalize_space(title) for title in (*page.titles, extracted_title)]
    title = next((title for title in candidates if title and title.casefold() not in site_forms), "")
    return visible_headline(strip_site_name(title, site_names), page.headlines)


def extract_document(tree):
    """trafilatura's main text and metadata, with its own settings only."""
    import trafilatura  # noqa: PLC0415 -- slow to import, and most raw files are not web pages
    from trafilatura.settings import set_date_params, use_config  # noqa: PLC0415

    options = {
        "include_comments": False,
        "include_tables": True,
        "include_images": False,
        "with_metadata": True,
        # Its date is not used (see above): the quick search, not the one through every text node.
        "date_extraction_params": set_date_params(extensive=False),
        # use_config() without a file name reads the settings file shipped inside trafilatura only.
        "config": use_config(),
    }
    # Measured on saved news pages: precision drops related links and teasers the default keeps.
    document = trafilatura.bare_extraction(tree, favor_precision=True, **options)
    if document is None or document.body is None or not normalize_space(document.text):
        document = trafilatura.bare_extraction(tree, **options)
    return document


def inline_html(element) -> str:
    """An element's text, escaped, with line breaks kept and block children rendered as blocks."""
    parts = [html.escape(element.text or "", quote=False)]
    for child in element:
        if child.tag == "lb":
            parts.append("<br>")
        elif child.tag in ("list", "quote", "table", "p", "head", "code"):
            parts.append(block_html(child))
        elif child.tag != "graphic":
            parts.append(inline_html(child))
        parts.append(html.escape(child.tail or "", quote=False))
    return "".join(parts)


def wrap(tag: str, content: str) -> str:
    return f"<{tag}>{content}</{tag}>" if normalize_space(content.replace("<br>", " ")) else ""


def table_html(table) -> str:
    rows = []
    for row in table.iter("row"):
        cells = "".join(
            wrap("th" if cell.get("role") == "head" else "td", inline_html(cell)) for cell in row if cell.tag == "cell"
        )
        rows.append(wrap("tr", cells))
    return wrap("table", "".join(rows))


def block_html(element) -> str:
    """One block of trafilatura's XML as article HTML."""
    tag = element.tag
    if tag == "head":
        return wrap(HEADING_TAGS.get((element.get("rend") or "").lower(), "h3"), inline_html(element))
    if tag == "list":
        items = "".join(wrap("li", inline_html(item)) for item in element if item.tag == "item")
        return wrap("ol" if element.get("rend") == "ol" else "ul", items)
    if tag == "quote":
        has_blocks = any(child.tag in ("p", "list", "quote") for child in element)
        return wrap("blockquote", inline_html(element) if has_blocks else wrap("p", inline_html(element)))
    if tag == "table":
        return table_html(element)
    if tag == "code":
        return wrap("pre", html.escape("".join(element.itertext()), quote=False))
    if tag == "graphic":
        return ""
    return wrap("p", inline_html(element))


def text_of(element) -> str:
    return normalize_space("".join(element.itertext()))


def is_sentence(text: str) -> bool:
    return len(text) >= MIN_UNPUNCTUATED_LEAD or bool(SENTENCE_END_PATTERN.search(text))


def first_paragraph(body, title: str) -> str | None:
    """The lead: the first paragraph that is a sentence, not the headline again or a byline."""
    for paragraph in body.iter("p"):
        text = text_of(paragraph)
        if text and text.casefold() != title.casefold() and is_sentence(text):
            return text
    return None


def body_blocks(body, title: str) -> list[str]:
    """The main text as HTML blocks, without the headline printed again at its top."""
    blocks = list(body)
    opening = blocks[:TITLE_REPEAT_BLOCKS]
    repeats = [
        block for block in opening if block.tag in ("head", "p") and text_of(block).casefold() == title.casefold()
    ]
    return [rendered for block in blocks if block not in repeats and (rendered := block_html(block))]


def parse(text: str, trailer=None) -> RawFields:
    tree = load_page(text)
    if tree is None:
        return RawFields(shape="html", title="", body_html="", warnings=("the page holds no HTML document",))
    page = read_page_metadata(tree)
    document = extract_document(tree)
    if document is None or document.body is None:
        return RawFields(shape="html", title=choose_title(page, None, page.site_names), body_html="", url=page.url)
    site_names = (*page.site_names, *((document.sitename,) if document.sitename else ()))
    title = choose_title(page, document.title, site_names)
    image = f'<figure><img src="{html.escape(page.image)}" alt=""></figure>' if page.image else ""
    body = "\n".join(body_blocks(document.body, title))
    return RawFields(
        shape="html",
        title=title,
        body_html=image + body,
        url=page.url or web_url(document.url),
        date_text=page.published,
        date_is_iso=page.published is not None,
        author=page.author,
        lead=first_paragraph(document.body, title),
    )
