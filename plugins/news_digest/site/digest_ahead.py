"""Article digests worked out on every core before the first page is written.

Every page's key (incremental.py) digests the articles it shows, and an article's digest, worked
out once per build, is most of the keys' cost: at 20,000 articles, some 7 s of the build's main
process. It depends on the article and what it points to (its neighbours, story, copies), all
settled once the generators have built their context. So, when they have (Pelican's
all_generators_finalized), the archive's articles are cut into contiguous shares, one per core:
forked children digest theirs while this process digests the first, then the children's digests
join this process's memo (page_digest.Digester, keyed by object: a forked child's objects are this
process's). The writer the build makes next takes that Digester. A digest is a digest of content,
so where it was worked out changes nothing; a child that fails leaves its share to be digested as
before, page by page.
"""

from __future__ import annotations

from collections.abc import Sequence

from pelican.generators import ArticlesGenerator

from .. import heap
from ..parsing import worker_count
from . import render_pool
from .page_digest import CONTENT_DEPTH, Digester

# Fewer articles than this are digested page by page: a fork costs more than it saves.
MIN_ARTICLES = 2000
# Depths at which the pages digest an article: its own page's, and a list's.
DEPTHS = (CONTENT_DEPTH, 1)
# The Digester made ahead for the writer this build makes next.
PREPARED: list[Digester] = []


def articles_of(generators) -> list:
    found = []
    for generator in generators:
        if isinstance(generator, ArticlesGenerator):
            found.extend(generator.articles)
            found.extend(generator.translations)
    return found


def digest_share(digester: Digester, articles: Sequence) -> list[tuple[bytes, ...]]:
    """Each article's digests as the digester keeps them, at each depth the pages ask for."""
    return [tuple(digester.memoized(article, depth, digester.content) for depth in DEPTHS) for article in articles]


def shares(items: Sequence, count: int) -> list[Sequence]:
    """count contiguous runs of items, as even as can be (neighbours in one run share their digests)."""
    size, extra = divmod(len(items), count)
    runs, start = [], 0
    for number in range(count):
        end = start + size + (1 if number < extra else 0)
        runs.append(items[start:end])
        start = end
    return runs


def fork_share(articles: Sequence) -> tuple[int, int]:
    return render_pool.fork_pickling(lambda: digest_share(Digester(), articles))


def collect_share(pid: int, read_end: int) -> list[tuple[bytes, ...]] | None:
    return render_pool.read_pickled(pid, read_end, "digesting articles ahead")


def seed(digester: Digester, articles: Sequence, digests: list[tuple[bytes, ...]]) -> None:
    for article, found in zip(articles, digests, strict=True):
        for depth, digest in zip(DEPTHS, found, strict=True):
            digester.remember(article, depth, digest)


def digest_articles_ahead(articles: Sequence, processes: int) -> Digester:
    """A Digester holding every article's digests, worked out across `processes` processes."""
    digester = Digester()
    if processes < 2 or len(articles) < MIN_ARTICLES or not render_pool.can_fork():
        digest_share(digester, articles)
        return digester
    first, *others = shares(articles, processes)
    children = []
    with heap.frozen_for_fork():
        for share in others:
            children.append((share, *fork_share(share)))
    try:
        digest_share(digester, first)
    finally:  # every child is reaped, even when this share fails
        for share, pid, read_end in children:
            digests = collect_share(pid, read_end)
            if digests is not None:
                seed(digester, share, digests)
    return digester


def prepare(generators) -> None:
    """all_generators_finalized: the articles digested ahead, for the writer made next."""
    PREPARED.clear()
    articles = articles_of(generators)
    if not articles:
        return
    settings = next(iter(generators)).settings
    PREPARED.append(digest_articles_ahead(articles, worker_count(settings.get("NEWS_DIGEST_WORKERS"))))


def take_prepared() -> Digester | None:
    return PREPARED.pop() if PREPARED else None


def discard_prepared(_pelican=None) -> None:
    PREPARED.clear()
