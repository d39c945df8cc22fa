"""Slugs that are never empty and never collide, whatever the title's script."""

from __future__ import annotations

import hashlib
import re

from unidecode import unidecode

NON_SLUG_PATTERN = re.compile(r"[^a-z0-9]+")
# Words of the transliterated title kept in the slug; the rest only make URLs long.
MAX_SLUG_WORDS = 10
MAX_SLUG_CHARS = 80
HASH_CHARS = 8


def short_hash(identity: str) -> str:
    return hashlib.blake2b(identity.encode("utf-8"), digest_size=8).hexdigest()[:HASH_CHARS]


def make_slug(title: str, identity: str) -> str:
    """A readable part from the title (transliterated) plus a hash of what identifies the article."""
    words = NON_SLUG_PATTERN.sub(" ", unidecode(title or "").lower()).split()
    readable = "-".join(words[:MAX_SLUG_WORDS])[:MAX_SLUG_CHARS].strip("-")
    digest = short_hash(identity)
    return f"{readable}-{digest}" if readable else digest


def disambiguate(slugs: list[str]) -> list[str]:
    """Give later duplicates a -2, -3 … suffix, in the order given."""
    seen: dict[str, int] = {}
    taken = set(slugs)
    result = []
    for slug in slugs:
        if slug not in seen:
            seen[slug] = 1
            result.append(slug)
            continue
        number = seen[slug]
        while True:
            number += 1
            candidate = f"{slug}-{number}"
            if candidate not in taken:
                break
        seen[slug] = number
        taken.add(candidate)
        result.append(candidate)
    return result
