"""What Pagefind reads of a page: its bytes less the parts Pagefind never looks at.

A page marked data-pagefind-body gives Pagefind the marked element's text (less what is marked
data-pagefind-ignore or is one of the elements Pagefind skips), the filters, metadata, sort keys and
weights set anywhere on the page (data-pagefind-* attributes), and a default title and image (an h1,
an img). Everything else — the neighbours' links outside the article, a story's list of its other
articles inside it (an aside the theme marks data-pagefind-ignore) — can change without changing the
index. tools/search_index.py keeps a shard whose pages changed only there: when a day's new articles
join older stories, the older articles' pages list them, and their shards are not indexed again.

indexed_view(page) keeps more than Pagefind reads, never less: a subtree is left out only when it
holds no data-pagefind-* attribute and no h1, img, title or meta element. Outside the marked
elements, such subtrees and the text between kept elements are left out (Pagefind indexes only the
marked elements' text when a page has one); inside them, only such subtrees marked
data-pagefind-ignore are. Each cut leaves CUT in its place, so text cut at different places does not
read the same. Inside the marked elements, the text's runs of white space read as one space, as
Pagefind reads them, and a cut beside white space as that space: the story aside that appears between
two blocks when an article gains its first report of the same story leaves the view as it was.
A page whose tags do not nest as written (a missing end tag, a stray one) is kept
whole, and so is one holding a NUL byte (CUT).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# A comment, or a start or end tag with its attributes (values quoted or not).
TAG_PATTERN = re.compile(
    rb"<!--.*?-->"
    rb"|<(/?)([A-Za-z][A-Za-z0-9:-]*)"
    rb"""((?:\s+[^\s"'>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*)\s*(/?)>""",
    re.DOTALL,
)
PAGE_MARKER = b"data-pagefind-body"
# The marker as an attribute of a start tag: the tag's name, any attributes before it (each name,
# then a quoted or bare value, if any), then the marker as a whole attribute name.
PAGE_MARKER_PATTERN = re.compile(
    rb"<[A-Za-z][^\s/>]*"
    rb"""(?:\s+[^\s"'>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*"""
    rb"\s+data-pagefind-body(?=[\s/>=])"
)
IGNORE_ATTRIBUTE_PATTERN = re.compile(
    rb"""\sdata-pagefind-ignore(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?""", re.IGNORECASE
)
VOID_ELEMENTS = frozenset(b"area base br col embed hr img input link meta source track wbr".split())
# Elements whose content is text up to their end tag, never tags.
RAW_TEXT_ELEMENTS = frozenset(b"script style textarea title".split())
# What marks a subtree Pagefind may read something of (in the lowercased page).
READ_MARKS = (b"data-pagefind", b"<h1", b"<img", b"<title", b"<meta")
# What a cut leaves in the view: a byte no HTML page holds. Cuts side by side read as one: what lay
# between them, if anything, was text Pagefind does not read.
CUT = b"\0"
CUTS_PATTERN = re.compile(rb"\0+")
# HTML's white space. Pagefind reads a run of it in an element's text as one space (in <pre> too), so
# a run of it between words reads the same whatever its length, and a cut beside it joins no words.
SPACE_RUN_PATTERN = re.compile(rb"\0*[ \t\n\r\f][ \t\n\r\f\0]*")  # with the cuts beside it
# A comment or a tag (TAG_PATTERN), else a run of text up to the next "<" (or a "<" that starts no tag).
TEXT_OR_TAG_PATTERN = re.compile(rb"(?:" + TAG_PATTERN.pattern + rb")|(?P<text>[^<]+|<)", re.DOTALL)


@dataclass
class Element:
    name: bytes
    start: int  # of its start tag
    content: int  # just after its start tag
    end: int  # just after its end tag
    children: list[Element] = field(default_factory=list)


def element_tree(page: bytes, lowered: bytes) -> Element | None:
    """The page's elements as they nest; None when an end tag does not close the element open."""
    root = Element(b"", 0, 0, len(page))
    stack = [root]
    position = 0
    while (found := TAG_PATTERN.search(page, position)) is not None:
        position = found.end()
        closing, name, self_closing = found.group(1), found.group(2), found.group(4)
        if name is None:  # a comment
            continue
        name = name.lower()
        if closing:
            if len(stack) == 1 or stack[-1].name != name:
                return None
            stack.pop().end = position
            continue
        element = Element(name, found.start(), position, position)
        stack[-1].children.append(element)
        if name in RAW_TEXT_ELEMENTS:
            close = lowered.find(b"</" + name, position)
            finish = page.find(b">", close)
            if close < 0 or finish < 0:
                return None
            element.end = position = finish + 1
        elif name not in VOID_ELEMENTS and not self_closing:
            stack.append(element)
    return root if len(stack) == 1 else None


def is_read(lowered: bytes, start: int, end: int) -> bool:
    """Whether Pagefind may read anything of this stretch of the page."""
    return any(lowered.find(mark, start, end) >= 0 for mark in READ_MARKS)


def is_ignorable(lowered: bytes, element: Element) -> bool:
    """An element marked data-pagefind-ignore that holds nothing Pagefind reads anyway."""
    start_tag = lowered[element.start : element.content]
    if IGNORE_ATTRIBUTE_PATTERN.search(start_tag) is None:
        return False
    rest = IGNORE_ATTRIBUTE_PATTERN.sub(b"", start_tag)
    return not is_read(rest, 0, len(rest)) and not is_read(lowered, element.content, element.end)


def marked_view(page: bytes, lowered: bytes, element: Element, parts: list[bytes]) -> None:
    """A marked element's bytes, its ignorable subtrees cut, its text's white space as Pagefind reads it."""
    position = element.start
    pieces = []
    pending = list(reversed(element.children))
    while pending:
        child = pending.pop()
        if is_ignorable(lowered, child):
            pieces.extend((page[position : child.start], CUT))
            position = child.end
        else:
            pending.extend(reversed(child.children))
    pieces.append(page[position : element.end])
    parts.append(TEXT_OR_TAG_PATTERN.sub(text_as_read, b"".join(pieces)))


def text_as_read(found: re.Match) -> bytes:
    """A tag as it is; a run of text with each run of white space as one space, and a cut beside white
    space as that space (it cannot join two words)."""
    if found.group("text") is None:
        return found.group(0)
    return SPACE_RUN_PATTERN.sub(b" ", found.group("text"))


def outside_view(page: bytes, lowered: bytes, element: Element, parts: list[bytes]) -> None:
    """Outside the marked elements: the start tags on the way to what Pagefind may read, and that."""
    for child in element.children:
        if PAGE_MARKER_PATTERN.match(lowered, child.start, child.content):  # attribute names: any case
            marked_view(page, lowered, child, parts)
        elif not is_read(lowered, child.start, child.end):
            parts.append(CUT)
        elif is_read(lowered, child.start, child.content):
            parts.append(page[child.start : child.end])  # its values may be its text
        else:
            parts.extend((page[child.start : child.content], CUT))  # its start tag
            outside_view(page, lowered, child, parts)
            parts.append(CUT)


def indexed_view(page: bytes) -> bytes:
    """The page as far as Pagefind may read it: two pages with the same view and address give Pagefind
    the same record (see the module's docstring); the page itself when its tags do not nest."""
    lowered = page.lower()
    root = element_tree(page, lowered)
    if root is None or CUT in page:
        return page
    parts: list[bytes] = []
    outside_view(page, lowered, root, parts)
    return CUTS_PATTERN.sub(CUT, b"".join(parts))
