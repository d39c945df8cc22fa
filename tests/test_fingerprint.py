"""Text fingerprints: the same letters give the same fingerprints, whatever the formatting around them."""

from __future__ import annotations

import numpy as np
import pytest
from news_digest.site.fingerprint import (
    OPENING_CHARS,
    distinct,
    minhash,
    normalized,
    opening_digest,
    shingle_hashes,
    similarity,
    text_digest,
)

TEXT = "The Mekong River Commission met in Vientiane on Monday. " * 8


@pytest.mark.parametrize(
    "values",
    [
        pytest.param([5, 3, 5, 1, 3, 3], id="repeats"),
        pytest.param([7], id="one"),
        pytest.param([], id="none"),
        pytest.param([2**64 - 1, 0, 2**63, 0], id="extremes"),
    ],
)
def test_distinct_gives_what_np_unique_gives(values):
    array = np.array(values, dtype=np.uint64)

    assert np.array_equal(distinct(array.copy()), np.unique(array))


def test_shingle_hashes_are_sorted_and_distinct():
    hashes = shingle_hashes(normalized("abcdeabcdeabcde"))

    assert list(hashes) == sorted(set(hashes.tolist()))
    assert hashes.size == 5  # abcde, bcdea, cdeab, deabc, eabcd


def test_formatting_and_case_do_not_change_fingerprints():
    plain, formatted = normalized(TEXT), normalized(TEXT.upper().replace(" ", "\n  "))

    assert minhash(plain) == minhash(formatted)
    assert text_digest(plain) == text_digest(formatted)
    assert opening_digest(plain) == opening_digest(formatted)


def test_different_texts_have_different_fingerprints():
    other = normalized("Flooding closed the port of Da Nang for a second day, officials said. " * 8)
    letters = normalized(TEXT)

    assert similarity(minhash(letters)[0], minhash(other)[0]) < 0.5
    assert text_digest(letters) != text_digest(other)


def test_short_texts_have_no_digests():
    letters = normalized("Too short.")

    assert text_digest(letters) is None
    assert opening_digest(letters) is None
    assert len(normalized(TEXT)) >= OPENING_CHARS


def test_an_empty_text_has_an_empty_signature():
    assert minhash("") == (b"", 0)
