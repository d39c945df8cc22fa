"""An Atom feed's text, each entry's XML made once per process however many feeds list it.

An article's item is one dict shared by every feed that lists it (the site's, its tags', its
source's, its language's, its story's: incremental.IncrementalWriter._add_item_to_the_feed), and
feedgenerator writes an entry from the item alone: so the entry's text is the same in each of them.
Writing the entries is most of a feed's rendering (some 2.7 ms for fifty, measured here; 0.07 ms
with their texts known), so an entry's text is kept, per item, in the process that renders (a
render batch's child keeps the entries of the feeds it renders). The feed around the entries is
written by feedgenerator's own methods, so the text is byte for byte what Atom1Feed.write gives.
Only items dated by the article are kept: feedgenerator dates an undated item with the time of
writing.

Used only where every receiver of feed_generated is known to leave the items alone (the writer
says so), and only for feedgenerator's own Atom1Feed, not a subclass that may write otherwise.
"""

from __future__ import annotations

import io

from feedgenerator import Atom1Feed
from feedgenerator.django.utils.xmlutils import SimplerXMLGenerator

# id(item) -> (item, its entry's text); the item is held so that its id is not reused.
ENTRIES: dict[int, tuple[dict, str]] = {}


def can_share_entries(feed) -> bool:
    return type(feed) is Atom1Feed


def entry_text(feed: Atom1Feed, item: dict) -> str:
    known = ENTRIES.get(id(item))
    if known is not None and known[0] is item:
        return known[1]
    out = io.StringIO()
    handler = SimplerXMLGenerator(out, "utf-8", short_empty_elements=True)
    handler.startElement("entry", feed.item_attributes(item))
    feed.add_item_elements(handler, item)
    handler.endElement("entry")
    text = out.getvalue()
    if item.get("pubdate") is not None or item.get("updateddate") is not None:
        ENTRIES[id(item)] = (item, text)
    return text


def atom_text(feed: Atom1Feed) -> str:
    """What feed.write(handle, "utf-8") writes, as text."""
    out = io.StringIO()
    handler = SimplerXMLGenerator(out, "utf-8", short_empty_elements=True)
    handler.startDocument()
    handler.startElement("feed", feed.root_attributes())
    feed.add_root_elements(handler)
    handler._finish_pending_start_element()  # the feed's start tag closed, were nothing in it yet
    for item in feed.items:
        out.write(entry_text(feed, item))
    handler.endElement("feed")
    return out.getvalue()
