"""Automatic tags: names the taxonomy lacks that several articles of one month mention.

Each month has its own: only a name seen in at least `min_articles` of the month's articles becomes
a tag, and only the month's `limit` most mentioned ones, so tag pages stay meaningful and the tag
index does not explode. An article carries the automatic tags of its own month. So a day's new
articles change the automatic tags of their month only, never those of articles published months
before (as a ranking over the whole archive would, every day, at its edge). A name's label and id
are settled by the first month it is a tag in, and stay the same as later months come.
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
    entities: dict[str, tuple[str, ...]],
    min_articles: int,
    limit: int,
    taken: set[str],
    months: dict[str, str] | None = None,
) -> dict[str, tuple[AutoTag, ...]]:
    """For each article key, the automatic tags among its name candidates; `months` gives each
    key's month (any sortable label; without it, all articles are of one month)."""
    month_of = months.get if months else {}.get
    # folded name -> month -> the keys of that month's articles that mention it
    mentions: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    spellings: dict[tuple[str, str], Counter] = defaultdict(Counter)
    for key, names in entities.items():
        month = month_of(key, "")
        for name in names:
            folded = name.casefold()
            mentions[folded][month].add(key)
            spellings[folded, month][name] += 1
    # month -> the names mentioned often enough in it; then, the `limit` most mentioned of them
    frequent: dict[str, list[str]] = defaultdict(list)
    for folded, per_month in mentions.items():
        for month, keys in per_month.items():
            if len(keys) >= min_articles:
                frequent[month].append(folded)
    chosen = {
        month: set(sorted(names, key=lambda folded, month=month: (-len(mentions[folded][month]), folded))[:limit])
        for month, names in frequent.items()
    }
    # Each name's first month as a tag settles its label (its most common spelling that month) and,
    # in order of first months, its id: a later name that slugs alike takes the next free id.
    first_month = {}
    for month in sorted(chosen):
        for folded in chosen[month]:
            first_month.setdefault(folded, month)
    taken = set(taken)
    tags = {}
    for folded in sorted(first_month, key=lambda name: (first_month[name], name)):
        counts = spellings[folded, first_month[folded]]
        label = min(counts.items(), key=lambda item: (-item[1], item[0]))[0]
        tags[folded] = AutoTag(tag_id(label, taken), label)
        taken.add(tags[folded].id)
    result: dict[str, tuple[AutoTag, ...]] = {}
    for key, names in entities.items():
        month_tags = chosen.get(month_of(key, ""), ())
        found = {tags[n.casefold()] for n in names if n.casefold() in month_tags}
        if found:
            result[key] = tuple(sorted(found, key=lambda tag: tag.id))
    return result
