"""Text fingerprints for near-duplicate detection: MinHash over character shingles.

Character shingles work in every script alike (no word segmentation for Chinese or Thai). Hashes
come from fixed seeds, so fingerprints are the same in every process and every build.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

import numpy as np

SHINGLE_CHARS = 5
PERMUTATIONS = 64
# Only the start of a text is fingerprinted: copies share their opening, and this bounds the cost.
FINGERPRINT_CHARS = 6000
NON_LETTER_PATTERN = re.compile(r"[\W_]+")
_RNG = np.random.default_rng(20210111)
MULTIPLIERS = _RNG.integers(1, 2**63 - 1, size=PERMUTATIONS, dtype=np.uint64) | np.uint64(1)
OFFSETS = _RNG.integers(0, 2**63 - 1, size=PERMUTATIONS, dtype=np.uint64)
ROLLING_BASE = np.uint64(1_000_003)


def normalized(text: str) -> str:
    """Letters and digits only, case folded: formatting differences between copies vanish."""
    return NON_LETTER_PATTERN.sub("", unicodedata.normalize("NFKC", text[:FINGERPRINT_CHARS]).casefold())


def shingle_hashes(letters: str) -> np.ndarray:
    """The distinct hashes of the letters' shingles, sorted."""
    codes = np.frombuffer(letters.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    if codes.size == 0:
        return codes
    if codes.size < SHINGLE_CHARS:
        codes = np.concatenate([codes, np.zeros(SHINGLE_CHARS - codes.size, dtype=np.uint64)])
    count = codes.size - SHINGLE_CHARS + 1
    hashes = np.zeros(count, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for offset in range(SHINGLE_CHARS):
            hashes = hashes * ROLLING_BASE + codes[offset : offset + count]
    return distinct(hashes)


def distinct(values: np.ndarray) -> np.ndarray:
    """np.unique's answer, sorted in place: several times faster than np.unique on a few thousand values."""
    values.sort()
    first = np.ones(values.size, dtype=bool)
    first[1:] = values[1:] != values[:-1]
    return values[first]


def minhash(letters: str) -> tuple[bytes, int]:
    """The MinHash signature (PERMUTATIONS 32-bit values, as bytes) of normalized letters, and the
    number of shingles."""
    hashes = shingle_hashes(letters)
    if hashes.size == 0:
        return b"", 0
    with np.errstate(over="ignore"):
        mixed = np.multiply.outer(hashes, MULTIPLIERS)
        mixed += OFFSETS  # in place: no second matrix of shingles by permutations
    return (mixed.min(axis=0) >> np.uint64(32)).astype(np.uint32).tobytes(), int(hashes.size)


def containment(jaccard: float, size_a: int, size_b: int) -> float:
    """Share of the smaller shingle set found in the larger, from their Jaccard similarity."""
    if not size_a or not size_b:
        return 0.0
    common = jaccard / (1 + jaccard) * (size_a + size_b)
    return min(1.0, common / min(size_a, size_b))


def similarity(a: bytes, b: bytes) -> float:
    """Estimated Jaccard similarity of two texts' shingle sets."""
    if not a or not b:
        return 0.0
    return float(np.mean(np.frombuffer(a, dtype=np.uint32) == np.frombuffer(b, dtype=np.uint32)))


# Letters of a text's opening that, identical in two texts, make them copies of one wire story.
OPENING_CHARS = 300


def opening_digest(letters: str) -> str | None:
    """A digest of the opening of a text's normalized letters; None for a text shorter than that opening."""
    if len(letters) < OPENING_CHARS:
        return None
    return hashlib.blake2b(letters[:OPENING_CHARS].encode("utf-8"), digest_size=12).hexdigest()


def text_digest(letters: str) -> str | None:
    """An exact-copy digest of a text's normalized letters; None for texts too short to tell copies apart."""
    return hashlib.blake2b(letters.encode("utf-8"), digest_size=12).hexdigest() if len(letters) >= 80 else None
