"""Everything the stages know that is data, not code: sources, tags, boilerplate, languages."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from functools import lru_cache

from . import yaml_data
from .bylines import DatelineRules
from .canonical import UrlRules
from .clean import CleanRules
from .model import Source
from .shapes.common import Trailer, fold
from .sources import SourceIndex
from .tags import TagIndex

DATA_DIR = os.path.join(os.path.dirname(__file__), "data")


def load_data(name: str) -> dict:
    with open(os.path.join(DATA_DIR, name), encoding="utf-8") as handle:
        return yaml_data.safe_load(handle)


@dataclass(frozen=True)
class LanguageInfo:
    name: str
    zone: str | None
    direction: str


@dataclass(frozen=True)
class Knowledge:
    sources: SourceIndex
    tags: TagIndex
    trailer: Trailer
    clean_rules: CleanRules
    datelines: DatelineRules
    url_rules: UrlRules
    languages: dict[str, LanguageInfo] = field(default_factory=dict)

    def trailer_for(self, source: Source | None) -> Trailer:
        if source is None or not source.boilerplate:
            return self.trailer
        starts = self.trailer.starts | {fold(line).rstrip(":：") for line in source.boilerplate}
        return Trailer(starts, self.trailer.lines, self.trailer.max_navigation_line)

    def language(self, tag: str) -> LanguageInfo:
        for key in (tag, "-".join(tag.split("-")[:2]), tag.split("-", maxsplit=1)[0]):
            if key in self.languages:
                return self.languages[key]
        return LanguageInfo(tag, None, "ltr")


def load_languages() -> dict[str, LanguageInfo]:
    return {
        tag: LanguageInfo(entry["name"], entry.get("zone"), entry.get("dir", "ltr"))
        for tag, entry in load_data("languages.yaml").items()
    }


@lru_cache(maxsize=8)
def load_knowledge(
    sources_path: str | None,
    tags_path: str | None,
    hotlink_images: bool = False,
    tracking_parameters: tuple[str, ...] = (),
) -> Knowledge:
    boilerplate = load_data("boilerplate.yaml")
    trailer = Trailer(
        starts=frozenset(fold(line) for line in boilerplate["trailer_starts"]),
        lines=tuple(re.compile(pattern, re.IGNORECASE) for pattern in boilerplate["trailer_lines"]),
        max_navigation_line=int(boilerplate["max_navigation_line"]),
    )
    rules = CleanRules(
        feed_promos=tuple(boilerplate["feed_promos"]),
        tracking_images=tuple(boilerplate["tracking_images"]),
        hotlink_images=hotlink_images,
    )
    tags = TagIndex.from_yaml(tags_path)
    return Knowledge(
        sources=SourceIndex.from_yaml(sources_path),
        tags=tags,
        trailer=trailer,
        clean_rules=rules,
        datelines=DatelineRules.from_data(load_data("datelines.yaml"), tags.place_names()),
        url_rules=UrlRules.from_data(load_data("tracking.yaml"), tracking_parameters),
        languages=load_languages(),
    )
