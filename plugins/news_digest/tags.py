"""Canonical tags from content/tags.yaml: every label and alias, in any script, maps to one tag.

Scripts with word spacing (Latin, Cyrillic, Greek, Arabic, Vietnamese) match whole words, case
folded, diacritics kept (`Mỹ` is not `my`). CJK and Thai, written without spaces, match as
substrings.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

import yaml

# Scripts written without spaces between words.
UNSPACED_SCRIPT_PATTERN = re.compile(r"[\u0e00-\u0e7f\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\uf900-\ufaff]")
# A tag named this many times in the body counts even when the title and lead never name it.
MIN_BODY_MENTIONS = 2
# Only the start of a long body is searched: tags describe what an article is about.
BODY_SEARCH_CHARS = 6000


class TagConfigError(ValueError):
    pass


@dataclass(frozen=True)
class CanonicalTag:
    id: str
    labels: dict
    kind: str | None

    def label(self, lang: str) -> str:
        """The label in lang, else its base language (Chinese: same script first), else English."""
        lang = lang or ""
        keys = [lang, "-".join(lang.split("-")[:2]), lang.split("-")[0]]
        if lang.startswith("zh"):
            keys += ["zh-Hant", "zh-Hans"] if "Hant" in lang else ["zh-Hans", "zh-Hant"]
        for key in [*keys, "en"]:
            if key and key in self.labels:
                return self.labels[key]
        return self.id


def fold(text: str) -> str:
    """Composed (NFC) and case folded: `Mỹ` typed as decomposed characters still matches."""
    return unicodedata.normalize("NFC", text).casefold()


class TagIndex:
    def __init__(self, tags: list[CanonicalTag], aliases: dict[str, str]):
        self.tags = {tag.id: tag for tag in tags}
        spaced = {a: t for a, t in aliases.items() if not UNSPACED_SCRIPT_PATTERN.search(a)}
        self.unspaced = sorted(
            ((a, t) for a, t in aliases.items() if UNSPACED_SCRIPT_PATTERN.search(a)),
            key=lambda pair: -len(pair[0]),
        )
        self.spaced = spaced
        if spaced:
            alternatives = "|".join(re.escape(a) for a in sorted(spaced, key=len, reverse=True))
            self.spaced_pattern = re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)")
        else:
            self.spaced_pattern = None

    @classmethod
    def from_yaml(cls, path: str | None) -> TagIndex:
        if not path:
            return cls([], {})
        try:
            with open(path, encoding="utf-8") as handle:
                data = yaml.safe_load(handle) or {}
        except FileNotFoundError:
            return cls([], {})
        except yaml.YAMLError as error:
            raise TagConfigError(f"{path}: not valid YAML: {error}") from error
        if not isinstance(data, dict):
            raise TagConfigError(f"{path}: expected a mapping of tag ids")
        tags, aliases = [], {}
        for tag_id, entry in data.items():
            if not isinstance(entry, dict):
                raise TagConfigError(f"{path}: tag {tag_id!r} must be a mapping")
            labels = {str(k): str(v) for k, v in (entry.get("labels") or {}).items()}
            tags.append(CanonicalTag(str(tag_id), labels, entry.get("kind")))
            for name in [*labels.values(), *(entry.get("aliases") or [])]:
                key = fold(str(name).strip())
                if len(key) < 2:
                    continue
                aliases.setdefault(key, str(tag_id))
        return cls(tags, aliases)

    def count(self, text: str) -> dict[str, int]:
        folded = fold(text)
        counts: dict[str, int] = {}
        if self.spaced_pattern is not None:
            for match in self.spaced_pattern.finditer(folded):
                tag = self.spaced[match.group(0)]
                counts[tag] = counts.get(tag, 0) + 1
        for alias, tag in self.unspaced:
            found = folded.count(alias)
            if found:
                counts[tag] = counts.get(tag, 0) + found
        return counts

    def find(self, title: str, lead: str, body: str) -> tuple[str, ...]:
        """Tags named in the title or lead, or named repeatedly in the body; sorted ids."""
        found = set(self.count(f"{title}\n{lead}"))
        found.update(tag for tag, n in self.count(body[:BODY_SEARCH_CHARS]).items() if n >= MIN_BODY_MENTIONS)
        return tuple(sorted(found))

    def label(self, tag_id: str, lang: str) -> str:
        tag = self.tags.get(tag_id)
        return tag.label(lang) if tag else tag_id
