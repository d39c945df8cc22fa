"""Automatic tags: names the taxonomy lacks that several articles mention.

Only a name seen in at least `min_articles` articles becomes a tag, and only the `limit` most
mentioned ones, so tag pages stay meaningful and the tag index does not explode.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass

from unidecode import unidecode

NON_SLUG_PATTERN = re.compile(r"[^a-z0-9]+")


@dataclass(frozen=True)
class AutoTag:
    id: str
    label: str


def tag_id(label: str, taken: set[str]) -> str:
    base = NON_SLUG_PATTERN.sub("-", unidecode(label).lower()).strip("-") or "name"
    candidate, number = base, 1
    while candidate in taken:
        number += 1
        candidate = f"{base}-{number}"
    return candidate


def automatic_tags(
    entities: dict[str, tuple[str, ...]], min_articles: int, limit: int, taken: set[str]
) -> dict[str, tuple[AutoTag, ...]]:
    """For each article key, the automatic tags among its name candidates."""
    articles: dict[str, set[str]] = defaultdict(set)
    spellings: dict[str, Counter] = defaultdict(Counter)
    for key, names in entities.items():
        for name in names:
            folded = name.casefold()
            articles[folded].add(key)
            spellings[folded][name] += 1
    frequent = sorted(
        (folded for folded, keys in articles.items() if len(keys) >= min_articles),
        key=lambda folded: (-len(articles[folded]), folded),
    )[:limit]
    taken = set(taken)
    tags = {}
    for folded in sorted(frequent):
        label = min(spellings[folded].items(), key=lambda item: (-item[1], item[0]))[0]
        tags[folded] = AutoTag(tag_id(label, taken), label)
        taken.add(tags[folded].id)
    result: dict[str, tuple[AutoTag, ...]] = {}
    for key, names in entities.items():
        found = {tags[n.casefold()] for n in names if n.casefold() in tags}
        if found:
            result[key] = tuple(sorted(found, key=lambda tag: tag.id))
    return result
