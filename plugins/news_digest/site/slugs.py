"""Make every article slug unique across the site, deterministically."""

from __future__ import annotations

from ..slugs import disambiguate


def unique_slugs(articles) -> int:
    """Suffix colliding slugs in source-path order; returns how many were changed."""
    ordered = sorted(articles, key=lambda article: article.source_path or "")
    new = disambiguate([article.slug for article in ordered])
    changed = 0
    for article, slug in zip(ordered, new, strict=True):
        if article.slug != slug:
            article.slug = slug
            changed += 1
    return changed
