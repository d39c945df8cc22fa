"""Pages of a list that keep their place as the list grows.

Pelican numbers a list's pages from its newest end, so one new article moves an article across
every page boundary of each list it joins: a tag of 1,500 articles has 50 pages, all of them
different the next day, to be rendered, uploaded and committed again. Here the first page (the
list's own address) shows the newest articles, a page's worth, and the pages after it are cut from
the oldest end: page 2 (`…/page/2/`) holds the oldest articles, page 3 the next ones, and the
highest-numbered page, the one the first page links to as older, holds what is left between them
(one to a page's worth). A new article changes the first page and the highest-numbered one; every
other page keeps its articles, its links and its bytes for good. A list ordered oldest first (a
period archive with NEWEST_FIRST_ARCHIVES off) already grows at its end: it is cut from its start,
as Pelican cuts it.

Each page names its neighbours by address only (newest, newer, older, oldest), never by the pages
themselves: what a page shows of the others is a link, and its digest (page_digest.py) covers no
more than that.
"""

from __future__ import annotations

from pelican.paginator import Page

# The writer's keyword (incremental.IncrementalWriter.write_file) naming values only a list's first
# page is given, such as a month's chart: the pages after it do not change with them.
FIRST_PAGE_ONLY = "first_page_only"


class ListPage(Page):
    """One page of a list: its articles, its number in the addresses, and its neighbours' addresses."""

    def __init__(self, name: str, url: str, object_list: list, number: int, settings: dict, *, older: bool):
        super().__init__(name, url, object_list, number, None, settings)
        self.has_older = older  # what Pelican's "last page" rule (min_page -1) asks of has_next()
        self.newest_url: str | None = None
        self.newer_url: str | None = None
        self.older_url: str | None = None
        self.oldest_url: str | None = None

    def __repr__(self) -> str:
        return f"<ListPage {self.number} of {self.full_name}>"

    def has_next(self) -> bool:
        return self.has_older

    def has_previous(self) -> bool:
        return self.newer_url is not None


def newest_first(items: list) -> bool:
    """Whether a list runs from its newest item (True when its ends have no dates to tell)."""
    first, last = getattr(items[0], "date", None), getattr(items[-1], "date", None)
    if first is None or last is None:
        return True
    try:
        return first >= last
    except TypeError:  # naive and aware times
        return True


def cuts(count: int, per_page: int, from_newest: bool) -> list[tuple[int, int]]:
    """(start, stop) of each page in the list, in reading order (the first page first)."""
    if count <= per_page:
        return [(0, count)]
    if not from_newest:
        return [(start, min(start + per_page, count)) for start in range(0, count, per_page)]
    pages = [(0, per_page)]
    rest = count - per_page
    full, left = divmod(rest, per_page)
    if left:
        pages.append((per_page, per_page + left))
    # The older pages, newest to oldest: each a page's worth counted from the list's end.
    for index in range(full, 0, -1):
        start = count - index * per_page
        pages.append((start, start + per_page))
    return pages


def list_pages(name: str, url: str, lists: dict[str, list], settings: dict, per_page: int | None) -> list[dict]:
    """The pages of a template's paginated lists (Pelican's `articles` and `dates`, of one length), in
    reading order: for each, every list's page under its name. The first list decides where the
    cuts fall, so that the lists' pages share their numbers and addresses."""
    first = next(iter(lists.values()))
    per_page = per_page or len(first) or 1
    from_newest = not first or newest_first(first)
    spans = cuts(len(first), per_page, from_newest)
    total = len(spans)
    # The first page is number 1; the others are numbered from the end that does not grow.
    numbers = [1, *range(total, 1, -1)] if from_newest else list(range(1, total + 1))
    pages = []
    for key, items in lists.items():
        each = [
            ListPage(name, url, items[start:stop], number, settings, older=position + 1 < total)
            for position, ((start, stop), number) in enumerate(zip(spans, numbers, strict=True))
        ]
        urls = [page.url for page in each]
        for position, page in enumerate(each):
            page.newest_url = urls[0]
            page.oldest_url = urls[-1]
            page.newer_url = urls[position - 1] if position else None
            page.older_url = urls[position + 1] if position + 1 < total else None
        pages.append((key, each))
    return [{key: each[position] for key, each in pages} for position in range(total)]
