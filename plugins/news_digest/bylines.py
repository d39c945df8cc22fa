"""Reporters named inside the text, in datelines such as （中央社記者張三台北8日電）."""

from __future__ import annotations

import re
from dataclasses import dataclass

NAME_SEPARATOR_PATTERN = re.compile(r"[、，,;；/]|\s+")
# How far into the text a dateline may stand.
DATELINE_SEARCH_CHARS = 400


@dataclass(frozen=True)
class DatelineRules:
    patterns: tuple[re.Pattern, ...]
    datelines: tuple[re.Pattern, ...]
    places: tuple[str, ...]  # longest first
    max_name_chars: int

    @classmethod
    def from_data(cls, data: dict, extra_places: tuple[str, ...] = ()) -> DatelineRules:
        places = {*data.get("places", ()), *extra_places}
        return cls(
            patterns=tuple(re.compile(pattern) for pattern in data["patterns"]),
            datelines=tuple(re.compile(pattern) for pattern in data.get("datelines", ())),
            places=tuple(sorted(places, key=len, reverse=True)),
            max_name_chars=int(data.get("max_name_chars", 4)),
        )


def strip_place(name: str, places: tuple[str, ...]) -> str:
    for place in places:
        if name.endswith(place) and len(name) > len(place):
            return name[: -len(place)]
    return name


def without_datelines(text: str, rules: DatelineRules) -> str:
    """The text with its datelines (and the reporter names and places in them) taken out."""
    for pattern in (*rules.patterns, *rules.datelines):
        text = pattern.sub(" ", text)
    return text


def dateline_author(text: str, rules: DatelineRules) -> str | None:
    """The reporters a dateline names at the top of the text, joined by `, `; None without one."""
    head = text[:DATELINE_SEARCH_CHARS]
    for pattern in rules.patterns:
        match = pattern.search(head)
        if not match:
            continue
        names = [n for n in NAME_SEPARATOR_PATTERN.split(match.group("names").strip()) if n]
        if names:
            names[-1] = strip_place(names[-1], rules.places)
        names = [n for n in names if 2 <= len(n) <= rules.max_name_chars]
        if names:
            return ", ".join(names)
    return None
