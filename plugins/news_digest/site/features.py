"""What the site-wide steps need of each article, computed once when the file is read.

Keeping this per article (and small) is what lets duplicates and stories compare fingerprints and
tag sets instead of texts, and lets a cache or a worker process compute it.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..bylines import without_datelines
from ..canonical import canonical_url
from ..headlines import without_site_suffix
from ..knowledge import Knowledge
from ..model import Article
from .entities import candidate_entities
from .fingerprint import minhash, normalized, opening_digest, text_digest


@dataclass(frozen=True)
class Features:
    canonical_url: str | None
    digest: str | None  # exact-copy digest of the normalized body
    opening: str | None  # digest of the body's opening letters: wire copies share it
    fingerprint: bytes  # MinHash signature of the body
    shingles: int  # how many distinct shingles the signature summarises
    key_tags: tuple[str, ...]  # canonical tags the title or lead names
    entities: tuple[str, ...]  # name candidates for automatic tags
    key_entities: tuple[str, ...]  # the name candidates the title or lead holds, for story matching


def article_features(article: Article, knowledge: Knowledge) -> Features:
    letters = normalized(article.body_text)  # what all three fingerprints are taken of
    fingerprint, shingles = minhash(letters)
    headline = without_site_suffix(article.title)
    lead = without_datelines(article.summary, knowledge.datelines)
    return Features(
        canonical_url=canonical_url(article.url, knowledge.url_rules),
        digest=text_digest(letters),
        opening=opening_digest(letters),
        fingerprint=fingerprint,
        shingles=shingles,
        key_tags=tuple(sorted(knowledge.tags.count(f"{headline}\n{lead}"))),
        entities=untagged(candidate_entities(article.title, article.body_text), knowledge),
        key_entities=untagged(candidate_entities(headline, lead), knowledge),
    )


def untagged(names: tuple[str, ...], knowledge: Knowledge) -> tuple[str, ...]:
    """Name candidates that are not themselves a canonical tag's label or alias."""
    return tuple(name for name in names if not knowledge.tags.is_alias(name))
