"""Clean and sanitize an article body.

nh3 with an explicit allowlist runs first (nothing unsafe reaches the structural pass) and last
(nothing the structural pass builds escapes the allowlist). In between, lxml removes what is not
the article: feed-service promos, the date line, the title repeated, tracking pixels, empty
wrappers and repeated paragraphs.
"""

from __future__ import annotations

import html as html_lib
import re
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import nh3
from lxml import etree
from lxml import html as lxml_html

from .model import CleanBody, Image

# Removed with their content: never article text, and dangerous in a reader's browser.
DROPPED_WITH_CONTENT = frozenset(
    {
        "script",
        "style",
        "template",
        "noscript",
        "iframe",
        "object",
        "embed",
        "applet",
        "svg",
        "math",
        "form",
        "textarea",
        "select",
        "button",
        "title",
        "head",
        "frameset",
        "frame",
        "canvas",
        "audio",
        "video",
        "map",
        "meta",
        "link",
        "base",
    }
)
BODY_TAGS = frozenset(
    {
        "p",
        "br",
        "hr",
        "a",
        "strong",
        "b",
        "em",
        "i",
        "u",
        "s",
        "sub",
        "sup",
        "small",
        "mark",
        "blockquote",
        "q",
        "cite",
        "ul",
        "ol",
        "li",
        "dl",
        "dt",
        "dd",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "figure",
        "figcaption",
        "table",
        "caption",
        "thead",
        "tbody",
        "tfoot",
        "tr",
        "th",
        "td",
        "pre",
        "code",
        "abbr",
        "time",
        "span",
        "div",
        "bdi",
        "bdo",
        "ruby",
        "rt",
        "rp",
        "wbr",
    }
)
# The first pass also keeps what the structural pass reads and then rewrites.
FIRST_PASS_TAGS = BODY_TAGS | {"img", "h1", "section", "article", "header", "footer", "aside", "main"}
COMMON_ATTRIBUTES = {"lang", "dir", "title"}
FIRST_PASS_ATTRIBUTES = {
    "*": COMMON_ATTRIBUTES,
    "a": {"href"},
    "img": {"src", "alt", "width", "height"},
    "time": {"datetime"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
}
BODY_ATTRIBUTES = {
    "*": COMMON_ATTRIBUTES,
    "a": {"href"},
    "img": {"src", "alt", "width", "height", "loading", "referrerpolicy"},
    "time": {"datetime"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
}
ALLOWED_CLASSES = {"figure": {"nd-missing-image", "nd-remote-image"}}
URL_SCHEMES = {"http", "https", "mailto"}
LINK_REL = "noopener noreferrer nofollow"

BLOCK_TAGS = frozenset(
    {
        "p",
        "div",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "li",
        "blockquote",
        "pre",
        "table",
        "tr",
        "ul",
        "ol",
        "dl",
        "dt",
        "dd",
        "section",
        "article",
        "header",
        "footer",
        "aside",
        "main",
        "figure",
        "figcaption",
        "hr",
        "br",
        "caption",
    }
)
# Block tags that can hold text (all but the rules and breaks).
TEXT_BLOCK_TAGS = BLOCK_TAGS - {"br", "hr"}
# Not part of the article's running text (captions are shown, but are not the text).
NON_TEXT_TAGS = frozenset({"figure", "figcaption"})
# Characters lxml refuses (it cannot build a tree holding them): control characters and two
# noncharacters. Decoding drops them from raw files; this keeps any other caller safe too.
XML_INCOMPATIBLE_PATTERN = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
# An image this small (either side, in pixels) is a tracker, not a picture.
TRACKING_PIXEL_MAX = 2


# Share of a block's text inside links above which it is a link, not prose (related-article lists).
LINK_LIST_SHARE = 0.9


# Markup nested deeper than this is flattened before it is sanitized. html5ever (under nh3) spends
# time in proportion to the open elements on every tag, so a file of a million unclosed tags would
# take hours, and libxml2 (under lxml) stops reading at 255 levels; articles nest a few dozen.
# Depth is counted conservatively (see bound_markup).
MAX_MARKUP_DEPTH = 128
# A tag with more attributes than this is dropped: html5ever compares each attribute with the others.
MAX_TAG_ATTRIBUTES = 512
TAG_TOKEN_PATTERN = re.compile(r"<(/?)([A-Za-z][^\s/>]*)([^>]*)>")
ATTRIBUTE_PATTERN = re.compile(r"[^\s=/>]+")
VOID_ELEMENTS = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
    | {"param", "keygen", "basefont", "bgsound", "frame", "image"}
)
# Opening one of these while one of the same name is the innermost open element closes that one.
SIBLING_CLOSED = frozenset({"p", "li", "dt", "dd", "option", "tr", "td", "th", "rt", "rp"})


def bound_markup(fragment: str) -> tuple[str, tuple[str, ...]]:
    """The fragment without the tags that would make sanitizing it slow: tags opened deeper than
    MAX_MARKUP_DEPTH and tags with more than MAX_TAG_ATTRIBUTES attributes. Their text stays.

    The depth is an over-estimate of what an HTML parser keeps open: an end tag closes only the
    innermost element, and only when it names it, so misnested and unclosed tags all count. A tag
    is taken to end at the first ">", even inside quotes: that can only count more tags, never fewer.
    """
    open_elements: list[str] = []
    kept: list[str] = []
    start = deep = crowded = 0
    # Only up to the last ">": past it no tag can close, and each failed match would scan to the end.
    for tag in TAG_TOKEN_PATTERN.finditer(fragment, 0, fragment.rfind(">") + 1):
        is_end, name = tag.group(1), tag.group(2).lower()
        drop = False
        if len(tag.group(3)) > MAX_TAG_ATTRIBUTES and len(ATTRIBUTE_PATTERN.findall(tag.group(3))) > MAX_TAG_ATTRIBUTES:
            drop, crowded = True, crowded + 1
        elif is_end:
            if open_elements and open_elements[-1] == name:
                open_elements.pop()
        elif name in VOID_ELEMENTS or (open_elements and open_elements[-1] == name and name in SIBLING_CLOSED):
            pass
        elif len(open_elements) >= MAX_MARKUP_DEPTH:
            drop, deep = True, deep + 1
        else:
            open_elements.append(name)
        if drop:
            kept.append(fragment[start : tag.start()])
            start = tag.end()
    if not (deep or crowded):
        return fragment, ()
    kept.append(fragment[start:])
    warnings = ()
    if deep:
        warnings += (f"HTML nested deeper than {MAX_MARKUP_DEPTH} levels was flattened ({deep} tags dropped)",)
    if crowded:
        warnings += (f"{crowded} HTML tags with more than {MAX_TAG_ATTRIBUTES} attributes were dropped",)
    return "".join(kept), warnings


@dataclass(frozen=True)
class CleanRules:
    feed_promos: tuple[str, ...]
    tracking_images: tuple[str, ...]
    hotlink_images: bool = False


def sanitize(fragment: str, tags=BODY_TAGS, attributes=BODY_ATTRIBUTES) -> str:
    return nh3.clean(
        fragment,
        tags=set(tags),
        clean_content_tags=set(DROPPED_WITH_CONTENT),
        attributes={key: set(value) for key, value in attributes.items()},
        url_schemes=set(URL_SCHEMES),
        link_rel=LINK_REL,
        strip_comments=True,
        allowed_classes={key: set(value) for key, value in ALLOWED_CLASSES.items()},
    )


def normalize_space(text: str) -> str:
    """Runs of space as one space, none at the ends (str.split and \\s agree on what space is)."""
    return " ".join(text.split())


def text_of(element) -> str:
    return normalize_space(element.text_content())


def has_text(element) -> bool:
    """Whether text_of(element) would not be empty, without building it."""
    return bool(element.text_content().strip())


def remove_keeping_tail(element) -> None:
    parent = element.getparent()
    if parent is None:
        return
    tail = element.tail
    previous = element.getprevious()
    if tail:
        if previous is not None:
            previous.tail = joined_text(previous.tail, tail)
        else:
            parent.text = joined_text(parent.text, tail)
    parent.remove(element)


def joined_text(text: str | None, tail: str) -> str:
    """text + tail, except that blank space is not piled up: removing thousands of siblings one by
    one would otherwise grow one text node by each of their tails, in quadratic time."""
    if not tail.strip() and text and text[-1:].isspace():
        return text
    return (text or "") + tail


# Most promo blocks a fragment can hold; a bound, not an expectation.
MAX_PROMO_BLOCKS = 50


def promo_text(element) -> tuple[str, str]:
    """What a promo is looked for in: the element's text, and its links' addresses."""
    return element.text_content(), " ".join(a.get("href", "") for a in element.iter("a"))


def has_promo(element, promos: tuple[str, ...]) -> bool:
    text, links = promo_text(element)
    text += links
    return any(promo in text for promo in promos)


def may_hold_promo(element, promos: tuple[str, ...]) -> bool:
    """False when neither the element nor any element inside it has a promo (has_promo).

    An inner element's text is a stretch of this one's, and its links a stretch of this one's links,
    so a promo it holds lies in this element's text, in its links, or begins in its text and ends
    in its links.
    """
    text, links = promo_text(element)
    for promo in promos:
        if promo in text or promo in links:
            return True
        for cut in range(1, len(promo) if links else 0):
            if promo[:cut] not in text:
                break  # no longer start of the promo is in the text either
            if promo[cut:] in links:
                return True
    return False


def promo_candidates(root, promos: tuple[str, ...]):
    """root's elements in document order, less those inside which no promo can be."""
    if not may_hold_promo(root, promos):
        return
    stack = [child for child in reversed(root) if isinstance(child.tag, str)]
    while stack:
        element = stack.pop()
        if may_hold_promo(element, promos):
            yield element
            stack.extend(child for child in reversed(element) if isinstance(child.tag, str))


def promo_block(root, promos: tuple[str, ...]):
    """The smallest element holding a promo, widened while its parent holds nothing else."""
    found = None
    for element in promo_candidates(root, promos):
        if has_promo(element, promos):
            found = element  # document order: the last hit is the deepest of its branch
            if not any(has_promo(child, promos) for child in element if isinstance(child.tag, str)):
                break
    if found is None:
        return None
    while True:
        parent = found.getparent()
        if parent is None or parent is root or text_of(parent) != text_of(found):
            return found
        found = parent


def remove_feed_promos(root, promos: tuple[str, ...]) -> None:
    """Remove feed-service promo blocks and the rules and breaks just before them."""
    if not promos:
        return
    for _ in range(MAX_PROMO_BLOCKS):
        element = promo_block(root, promos)
        if element is None:
            break
        previous = element.getprevious()
        while previous is not None and previous.tag in ("hr", "br") and not (previous.tail or "").strip():
            before = previous.getprevious()
            remove_keeping_tail(previous)
            previous = before
        remove_keeping_tail(element)
    # Rules and breaks left dangling at the end of the fragment.
    while len(root) and root[-1].tag in ("hr", "br") and not (root[-1].tail or "").strip():
        root.remove(root[-1])


def squeeze(text: str) -> str:
    return "".join(text.split()).casefold()


def remove_date_and_title(root, title: str, date_text: str | None, header_text: str | None = None) -> None:
    """Drop <time> elements and blocks repeating the title, the date or the date-and-author header."""
    for element in list(root.iter("time")):
        remove_keeping_tail(element)
    wanted = {squeeze(text) for text in (title, date_text, header_text) if text}
    for element in list(root.iterdescendants("div", "p", "span", "small", "h1", "h2", "header")):
        if (
            element.getparent() is not None
            and squeeze(element.text_content()) in wanted  # squeeze drops the space text_of would normalize
        ):
            remove_keeping_tail(element)
    for element in root.iter("h1"):
        element.tag = "h2"


def is_tracking_image(img, patterns: tuple[str, ...]) -> bool:
    src = (img.get("src") or "").lower()
    for side in ("width", "height"):
        value = (img.get(side) or "").strip().removesuffix("px")
        if value.isdigit() and int(value) <= TRACKING_PIXEL_MAX:
            return True
    return not src or any(pattern.lower() in src for pattern in patterns)


def figure_caption(img) -> str | None:
    figure = next((a for a in img.iterancestors() if a.tag == "figure"), None)
    if figure is not None:
        caption = next(iter(figure.iter("figcaption")), None)
        if caption is not None and text_of(caption):
            return text_of(caption)
    alt = normalize_space(img.get("alt") or "")
    return alt or None


def has_text_before(root, element) -> bool:
    for node in root.iter():
        if node is element:
            return False
        if node.tag in NON_TEXT_TAGS:
            continue
        if (node.text or "").strip() and not any(a.tag in NON_TEXT_TAGS for a in node.iterancestors()):
            return True
    return False


def make_figure(caption: str | None, link: str | None):
    figure = etree.Element("figure")
    figure.set("class", "nd-remote-image" if link else "nd-missing-image")
    if caption or link:
        figcaption = etree.SubElement(figure, "figcaption")
        if link:
            anchor = etree.SubElement(figcaption, "a", href=link)
            anchor.text = caption or link.rsplit("/", 1)[-1][:80]
        else:
            figcaption.text = caption
    return figure


def rewrite_images(root, rules: CleanRules) -> Image | None:
    """Drop trackers; take the lead image; never leave a remote <img> unless hot-linking is on."""
    lead = None
    for img in list(root.iter("img")):
        if is_tracking_image(img, rules.tracking_images):
            remove_keeping_tail(img)
            continue
        src, caption = img.get("src"), figure_caption(img)
        figure = next((a for a in img.iterancestors() if a.tag == "figure"), None)
        holder = figure if figure is not None else img
        if holder.getparent() is None or root not in holder.iterancestors():
            continue  # its figure went with an earlier image
        if lead is None:
            lead = Image(src, caption)
            if not has_text_before(root, holder):
                remove_keeping_tail(holder)
                continue
        if rules.hotlink_images:
            img.set("loading", "lazy")
            img.set("referrerpolicy", "no-referrer")
            continue
        replacement = make_figure(caption, src)
        replacement.tail = holder.tail
        holder.getparent().replace(holder, replacement)
    return lead


def leaf_blocks(root) -> list[tuple[etree._Element, str]]:
    """Block elements holding text but no further blocks, in document order, with their text_of.

    One walk up from each block marks the elements holding one, rather than a walk down through
    every element's descendants.
    """
    candidates = list(root.iterdescendants(*TEXT_BLOCK_TAGS, "a"))
    holders = set()
    for element in candidates:
        if element.tag == "a":
            continue
        for ancestor in element.iterancestors():
            if ancestor in holders:
                break  # and so are all its ancestors
            holders.add(ancestor)
    leaves = []
    for element in candidates:
        if element in holders:
            continue
        if element.tag == "a" and any(a.tag in BLOCK_TAGS for a in element.iterancestors() if a is not root):
            continue
        text = text_of(element)
        if text:
            leaves.append((element, text))
    return leaves


def is_link_list(element) -> bool:
    text = text_of(element)
    linked = sum(len(text_of(a)) for a in element.iter("a"))
    return bool(text) and linked >= LINK_LIST_SHARE * len(text)


def remove_from(element, root) -> None:
    """Remove the element and everything after it in document order."""
    node = element
    while node is not None and node is not root:
        parent = node.getparent()
        for sibling in list(node.itersiblings()):
            parent.remove(sibling)
        node = parent
    remove_keeping_tail(element)
    element.tail = None


def cut_trailer(root, trailer) -> None:
    """Cut an HTML body's trailing boilerplate: from a related-articles heading on, then trailing
    credit lines and link-only blocks."""
    if trailer is None:
        return
    leaves = leaf_blocks(root)
    for index, (leaf, text) in enumerate(leaves):
        if index > 0 and trailer.is_start(text):
            remove_from(leaf, root)
            leaves = leaf_blocks(root)  # what was cut may have made a leaf of a block, or moved text
            break
    for leaf, text in reversed(leaves):
        if trailer.is_trailer_line(text) or is_link_list(leaf):
            holder = leaf
            while holder.getparent() is not root and len(text_of(holder.getparent())) == len(text_of(holder)):
                holder = holder.getparent()
            remove_keeping_tail(holder)
        else:
            break


def split_breaks(root) -> None:
    """<p>a<br>b</p> becomes <p>a</p><p>b</p>: feeds break paragraphs and credit lines that way."""
    for paragraph in list(root.iter("p")):
        if paragraph.getparent() is None or not any(child.tag == "br" for child in paragraph):
            continue
        pieces = [etree.Element("p")]
        pieces[0].text = paragraph.text
        for child in list(paragraph):
            if child.tag == "br":
                pieces.append(etree.Element("p"))
                pieces[-1].text = child.tail
                continue
            pieces[-1].append(child)  # moves the child, tail and all
        parent, index = paragraph.getparent(), paragraph.getparent().index(paragraph)
        pieces[-1].tail = paragraph.tail
        parent.remove(paragraph)
        for offset, piece in enumerate(pieces):
            parent.insert(index + offset, piece)


def resolve_links(root, base_url: str | None) -> None:
    """A link relative to the publisher's page points there, not into our site: resolved against the
    article's URL, or, without one, unwrapped to its text. Links within the page (#…) go too."""
    for anchor in list(root.iter("a")):
        href = (anchor.get("href") or "").strip()
        if urlsplit(href).scheme:
            continue
        target = urljoin(base_url, href) if base_url and href and not href.startswith("#") else None
        if target and urlsplit(target).scheme in ("http", "https"):
            anchor.set("href", target)
        else:
            anchor.drop_tag()


def remove_empty(root) -> None:
    for element in reversed(list(root.iterdescendants())):
        if element.tag in ("br", "hr", "img", "wbr") or element.getparent() is None:
            continue
        if not has_text(element) and next(element.iter("img", "figure"), None) is None:
            remove_keeping_tail(element)


def block_texts(root) -> list[str]:
    """The running text as paragraphs: block elements and <br> end a paragraph; captions skipped."""
    paragraphs: list[str] = []
    current: list[str] = []

    def flush():
        text = normalize_space("".join(current))
        if text:
            paragraphs.append(text)
        current.clear()

    def walk(element):
        if not isinstance(element.tag, str):
            return
        if element.tag in NON_TEXT_TAGS:
            flush()
            return
        is_block = element.tag in BLOCK_TAGS
        if is_block:
            flush()
        current.append(element.text or "")
        for child in element:
            walk(child)
            current.append(child.tail or "")
        if is_block:
            flush()

    walk(root)
    flush()
    return paragraphs


def remove_repeated_blocks(root) -> None:
    """A paragraph identical to the one before it (a lead printed twice) is kept once."""
    previous_text = None
    for element in list(root.iter("p", "div", "blockquote", "h2", "h3")):
        if element.getparent() is None or any(child.tag in BLOCK_TAGS for child in element):
            continue
        text = text_of(element)
        if text and text == previous_text:
            remove_keeping_tail(element)
            continue
        if text:
            previous_text = text


def find_lead(root) -> str | None:
    """A first paragraph set wholly in bold is the item's lead."""
    for element in root.iter("p"):
        text = text_of(element)
        if not text:
            continue
        bold = "".join(text_of(b) for b in element if b.tag in ("strong", "b"))
        return text if normalize_space(bold) == text else None
    return None


def serialize(root) -> str:
    parts = [html_lib.escape(root.text or "")] if (root.text or "").strip() else []
    parts.extend(lxml_html.tostring(child, encoding="unicode") for child in root)
    return "".join(parts)


def clean_body(
    raw_html: str,
    title: str,
    date_text: str | None,
    lead: str | None,
    rules: CleanRules,
    *,
    header_text: str | None = None,
    trailer=None,
    base_url: str | None = None,
) -> CleanBody:
    safe = XML_INCOMPATIBLE_PATTERN.sub("", sanitize(raw_html, FIRST_PASS_TAGS, FIRST_PASS_ATTRIBUTES))
    root = lxml_html.fragment_fromstring(safe or "<p></p>", create_parent="div")
    remove_feed_promos(root, rules.feed_promos)
    split_breaks(root)
    cut_trailer(root, trailer)
    remove_date_and_title(root, title, date_text, header_text)
    resolve_links(root, base_url)
    image = rewrite_images(root, rules)
    remove_repeated_blocks(root)
    remove_empty(root)
    paragraphs = block_texts(root)
    summary = lead or find_lead(root) or (paragraphs[0] if paragraphs else "")
    body_html = sanitize(serialize(root), BODY_TAGS | {"img"} if rules.hotlink_images else BODY_TAGS)
    return CleanBody(html=body_html, text="\n\n".join(paragraphs), summary=summary, image=image)
