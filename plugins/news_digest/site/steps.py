"""The steps over the whole archive, on plain records: duplicates, then stories, then automatic
tags. The build and `inspect` both run them, so what `inspect` shows is what the site shows."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime

from ..settings import SiteRules
from .autotags import AutoTag, automatic_tags
from .duplicates import Copy, duplicate_groups
from .features import Features
from .stories import Resume, Story, StoryItem, find_stories


@dataclass(frozen=True)
class Entry:
    key: str  # the raw file's path
    date: datetime  # publication time, else the date the site sorts by
    title: str
    lang: str
    source_id: str
    features: Features
    tag_kinds: dict = field(default_factory=dict)  # canonical tag id -> kind
    fetched: datetime | None = None


@dataclass(frozen=True)
class SiteResult:
    duplicate_of: dict[str, str]  # merged copy -> canonical copy
    copies: dict[str, tuple[str, ...]]  # canonical copy -> its merged copies, earliest first
    stories: tuple[Story, ...]
    story_of: dict[str, str]  # every key in a story (copies included) -> story id
    auto_tags: dict[str, tuple[AutoTag, ...]]


def month_of(date: datetime) -> str:
    """The month an article counts in for automatic tags: its publication time's, in UTC."""
    return f"{date.astimezone(UTC) if date.tzinfo else date:%Y-%m}"


def story_item(entry: Entry) -> StoryItem:
    names = tuple(f"t:{tag}" for tag in entry.features.key_tags)
    names += tuple(f"e:{name.casefold()}" for name in entry.features.key_entities)
    kinds = {f"t:{tag}": entry.tag_kinds.get(tag) for tag in entry.features.key_tags}
    return StoryItem(entry.key, entry.date, entry.title, entry.lang, entry.source_id, names, kinds)


def run_site_steps(
    entries: list[Entry], rules: SiteRules, taken_tag_ids: set[str], stories_resume: Resume | None = None
) -> SiteResult:
    """The steps' result; with stories_resume, stories are clustered from the last build's checkpoint
    where that gives the same result (stories.Resume)."""
    copies = [Copy(e.key, e.date, e.source_id, e.title, e.features, e.fetched) for e in entries]
    duplicate_of: dict[str, str] = {}
    merged: dict[str, tuple[str, ...]] = {}
    for group in duplicate_groups(copies, rules.duplicate_similarity, rules.duplicate_window):
        canonical, *others = group
        merged[canonical.key] = tuple(copy.key for copy in others)
        for copy in others:
            duplicate_of[copy.key] = canonical.key
    kept = [entry for entry in entries if entry.key not in duplicate_of]
    items = [story_item(e) for e in kept]
    stories = tuple(find_stories(items, rules.story_window, rules.story_min_similarity, stories_resume))
    story_of = {}
    for story in stories:
        for member in story.members:
            story_of[member.key] = story.id
            for copy in merged.get(member.key, ()):
                story_of[copy] = story.id
    auto_tags = automatic_tags(
        {e.key: e.features.entities for e in kept},
        rules.auto_tag_min_articles,
        rules.auto_tag_max,
        taken_tag_ids,
        {e.key: month_of(e.date) for e in kept},
    )
    return SiteResult(duplicate_of, merged, stories, story_of, auto_tags)
