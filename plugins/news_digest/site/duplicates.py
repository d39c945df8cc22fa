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
from .fingerprint import containment, similarity
from .unionfind import UnionFind

# Rows per LSH band: with 64 values, 16 bands of 4 catch pairs above ~0.5 similarity almost surely.
BAND_ROWS = 4
# Buckets larger than this hold boilerplate-like texts, not copies; comparing them all is quadratic.
MAX_BUCKET = 200
# Candidate pairs compared at once (a matrix of this many signatures, twice).
PAIRS_AT_ONCE = 50_000
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


def is_near_copy(a: Copy, b: Copy, threshold: float, jaccard: float | None = None) -> bool:
    """Whether b is a copy of a; jaccard, where given, is their estimated similarity."""
    if jaccard is None:
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


def signature_matrix(fingerprints: list[bytes]) -> tuple[np.ndarray, np.ndarray]:
    """Every text's MinHash values, one row each, and which rows are a text's own: a text without a
    fingerprint (or, were there one, with one of another width) has a row of zeros, and is never
    compared."""
    width = max((len(fingerprint) for fingerprint in fingerprints), default=0)
    own = np.array([bool(fingerprint) and len(fingerprint) == width for fingerprint in fingerprints], dtype=bool)
    rows = [fingerprint if len(fingerprint) == width else bytes(width) for fingerprint in fingerprints]
    matrix = np.frombuffer(b"".join(rows), dtype=np.uint32).reshape(len(fingerprints), width // 4)
    return matrix, own


def band_buckets(signatures: np.ndarray, rows: np.ndarray) -> list[np.ndarray]:
    """The buckets of locality-sensitive hashing: for each band (BAND_ROWS values of the signature),
    the rows sharing it, as matrices of buckets of one size (a bucket's rows in increasing order);
    buckets of one row, or of more than MAX_BUCKET (boilerplate-like texts), left out."""
    found = []
    for start in range(0, signatures.shape[1], BAND_ROWS):
        keys = signatures[rows, start : start + BAND_ROWS]
        order = np.lexsort(keys.T[::-1])  # stable: equal bands keep their rows in increasing order
        ordered = keys[order]
        starts = np.concatenate(([0], np.flatnonzero(np.any(ordered[1:] != ordered[:-1], axis=1)) + 1))
        sizes = np.diff(np.append(starts, len(order)))
        members = rows[order]
        for size in sorted(set(sizes[(sizes >= 2) & (sizes <= MAX_BUCKET)].tolist())):
            firsts = starts[sizes == size]
            found.append(members[firsts[:, None] + np.arange(size)])
    return found


def candidate_pairs(signatures: np.ndarray, own: np.ndarray, least: float) -> list[tuple[int, int, int]]:
    """The pairs (a, b, agreeing values), a < b, that share a band's bucket and whose signatures agree
    on enough values for an estimated similarity of at least `least`, each once, in order."""
    width = signatures.shape[1]
    buckets = band_buckets(signatures, np.flatnonzero(own))
    if not buckets or not width:
        return []
    keys = []
    for bucket in buckets:
        firsts, seconds = np.triu_indices(bucket.shape[1], k=1)
        keys.append((bucket[:, firsts] * len(signatures) + bucket[:, seconds]).ravel())
    pairs = np.sort(np.concatenate(keys))
    pairs = pairs[np.concatenate(([True], pairs[1:] != pairs[:-1]))]  # each pair once
    needed = math.ceil(least * width - 1e-9) if least > 0 else 0
    found = []
    for chunk in range(0, len(pairs), PAIRS_AT_ONCE):
        firsts, seconds = np.divmod(pairs[chunk : chunk + PAIRS_AT_ONCE], len(signatures))
        agreeing = (signatures[firsts] == signatures[seconds]).sum(axis=1)
        close = agreeing >= needed
        found.extend(zip(firsts[close].tolist(), seconds[close].tolist(), agreeing[close].tolist(), strict=True))
    return found


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
    # Near copies: the pairs locality-sensitive hashing finds, each looked at once (in any order: the
    # groups are the same), unless already in one group.
    signatures, own = signature_matrix([copy.features.fingerprint for copy in copies])
    for a, b, agreeing in candidate_pairs(signatures, own, lowest_copy_similarity(threshold)):
        if links.find(a) == links.find(b):
            continue
        first, second = copies[a], copies[b]
        if abs(first.date - second.date) > window:
            continue
        if is_near_copy(first, second, threshold, agreeing / signatures.shape[1]):
            links.union(a, b)
    return [sorted((copies[i] for i in group), key=earliest) for group in links.groups()]


def earliest(copy: Copy) -> tuple:
    """Earliest published first; on a tie, the earliest fetched (a later fetch is the re-fetch)."""
    return (copy.date, copy.fetched or copy.date, copy.key)
