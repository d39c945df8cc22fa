"""Duplicates: the same article fetched twice, syndicated, or saved as a page and as a scrape.

Exact copies share a canonical URL or a normalized-text digest; wire copies share their opening.
Near copies (small edits, another headline, another outlet) share most of their text: an estimated
Jaccard similarity of at least `threshold`, or, under the same headline, somewhat less, or one text
almost wholly inside the other (a saved page and its scrape, a truncated copy). Within one source, a
text under another headline must be practically identical: a publisher's re-headlined piece is a
follow-up, which story grouping gathers, not a copy. Candidates come from locality-sensitive
hashing (signatures cut into bands; only texts sharing a band are compared), so the work grows with
the archive, not its square. The earliest copy is the canonical one.
"""

from __future__ import annotations

import itertools
import math
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta

import numpy as np

from .features import Features
from .fingerprint import bands, containment, similarity
from .unionfind import UnionFind

# Rows per LSH band: with 64 values, 16 bands of 4 catch pairs above ~0.5 similarity almost surely.
BAND_ROWS = 4
# Buckets larger than this hold boilerplate-like texts, not copies; comparing them all is quadratic.
MAX_BUCKET = 200
# Under the same headline, this much shared text makes a copy (a saved page and its scrape keep
# different parts of the page), and so does one text inside the other with MIN_JACCARD_CONTAINED.
SAME_TITLE_MIN_JACCARD = 0.6
MIN_CONTAINMENT = 0.9
MIN_JACCARD_CONTAINED = 0.5
# A source's own text under another headline is a copy only when practically identical.
SAME_SOURCE_RETITLED_MIN_JACCARD = 0.97


@dataclass(frozen=True)
class Copy:
    key: str  # the raw file's path
    date: datetime
    source_id: str
    title: str
    features: Features
    fetched: datetime | None = None


def same_title(a: Copy, b: Copy) -> bool:
    return " ".join(a.title.casefold().split()) == " ".join(b.title.casefold().split())


def is_near_copy(a: Copy, b: Copy, threshold: float) -> bool:
    jaccard = similarity(a.features.fingerprint, b.features.fingerprint)
    if not same_title(a, b):
        # Another headline: the text itself must be a copy (within one source, practically identical).
        return jaccard >= (SAME_SOURCE_RETITLED_MIN_JACCARD if a.source_id == b.source_id else threshold)
    if jaccard >= min(threshold, SAME_TITLE_MIN_JACCARD):
        return True
    # Same headline, one text inside the other: a truncated copy.
    return (
        jaccard >= MIN_JACCARD_CONTAINED
        and containment(jaccard, a.features.shingles, b.features.shingles) >= MIN_CONTAINMENT
    )


def lowest_copy_similarity(threshold: float) -> float:
    """The least estimated similarity at which is_near_copy can say yes, whatever the titles and sources."""
    return min(threshold, SAME_SOURCE_RETITLED_MIN_JACCARD, SAME_TITLE_MIN_JACCARD, MIN_JACCARD_CONTAINED)


def signature_matrix(fingerprints: list[bytes]) -> np.ndarray:
    """Every text's MinHash values, one row each (a row of zeros for a text without a fingerprint:
    such a text shares no band, so is never compared)."""
    width = max((len(fingerprint) for fingerprint in fingerprints), default=0)
    rows = [fingerprint if len(fingerprint) == width else bytes(width) for fingerprint in fingerprints]
    return np.frombuffer(b"".join(rows), dtype=np.uint32).reshape(len(fingerprints), width // 4)


def similar_pairs(signatures: np.ndarray, members: list[int], least: float) -> list[tuple[int, int]]:
    """The pairs (a, b), a before b in members, whose estimated similarity is at least `least`: all
    of a bucket's pairs compared at once, so that only the few that may be copies are looked at
    one by one."""
    rows = signatures[members]
    agreeing = (rows[:, None, :] == rows[None, :, :]).sum(axis=2)
    needed = math.ceil(least * rows.shape[1] - 1e-9) if least > 0 else 0
    firsts, seconds = np.nonzero(np.triu(agreeing >= needed, k=1))
    return [(members[i], members[j]) for i, j in zip(firsts.tolist(), seconds.tolist(), strict=True)]


def duplicate_groups(copies: list[Copy], threshold: float, window: timedelta) -> list[list[Copy]]:
    """Groups of two or more copies of one article, each sorted earliest first."""
    links = UnionFind(len(copies))
    for attribute in ("canonical_url", "digest"):
        first_with: dict[str, int] = {}
        for index, copy in enumerate(copies):
            value = getattr(copy.features, attribute)
            if value:
                links.union(first_with.setdefault(value, index), index)
    # A wire story carried by two outlets, cut or continued differently: the same opening, close in time.
    openings: dict[str, list[int]] = defaultdict(list)
    for index, copy in enumerate(copies):
        if copy.features.opening:
            openings[copy.features.opening].append(index)
    for members in openings.values():
        for a, b in itertools.pairwise(members):
            first, second = copies[a], copies[b]
            if abs(first.date - second.date) > window:
                continue
            # A source's own follow-up may keep its opening paragraphs: its text must be a copy.
            retitled = first.source_id == second.source_id and not same_title(first, second)
            if retitled and not is_near_copy(first, second, 1.0):
                continue
            links.union(a, b)
    buckets: dict[tuple[int, bytes], list[int]] = defaultdict(list)
    for index, copy in enumerate(copies):
        for number, band in enumerate(bands(copy.features.fingerprint, BAND_ROWS)):
            buckets[(number, band)].append(index)
    signatures = signature_matrix([copy.features.fingerprint for copy in copies])
    least = lowest_copy_similarity(threshold)
    compared: set[tuple[int, int]] = set()
    for members in buckets.values():
        if len(members) < 2 or len(members) > MAX_BUCKET:
            continue
        for a, b in similar_pairs(signatures, members, least):
            if (a, b) in compared or links.find(a) == links.find(b):
                continue
            compared.add((a, b))
            first, second = copies[a], copies[b]
            if abs(first.date - second.date) > window:
                continue
            if is_near_copy(first, second, threshold):
                links.union(a, b)
    return [sorted((copies[i] for i in group), key=earliest) for group in links.groups()]


def earliest(copy: Copy) -> tuple:
    """Earliest published first; on a tie, the earliest fetched (a later fetch is the re-fetch)."""
    return (copy.date, copy.fetched or copy.date, copy.key)
