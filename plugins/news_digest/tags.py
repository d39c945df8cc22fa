"""Canonical tags from content/tags.yaml: every label and alias, in any script, maps to one tag.

Scripts with word spacing (Latin, Cyrillic, Greek, Arabic, Vietnamese) match whole words of their
own script, case folded, diacritics kept (`Mỹ` is not `my`): `Parler` is found in `转到Parler平台`.
CJK and Thai, written without spaces, match as substrings, the longest alias winning (`印度尼西亚`
is not `印度`); katakana names must not run on into other katakana (`インド` is not in `インドネシア`).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

import yaml

from . import yaml_data

# Letters of each spaced script (and digits): an alias in that script must not touch them.
WORD_CLASSES = (
    "0-9A-Za-z\u00c0-\u024f\u1e00-\u1eff\u0300-\u036f",  # Latin, Vietnamese
    "0-9\u0400-\u052f",  # Cyrillic
    "0-9\u0370-\u03ff\u1f00-\u1fff",  # Greek
    "0-9\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff",  # Arabic
    "0-9\u0590-\u05ff",  # Hebrew
    "\u30a0-\u30ff",  # katakana: one name must not run on into another word
)
# Runs of one spaced script: the words aliases in those scripts are matched against.
SPACED_TOKEN_PATTERN = re.compile("|".join(f"[{letters}]+" for letters in WORD_CLASSES[:-1]))
# Scripts written without spaces (and the dots and marks inside katakana names).
UNSPACED_CHARS = "\u0e00-\u0e7f\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\uf900-\ufaff\u00b7"
UNSPACED_CHAR_PATTERN = re.compile(f"[{UNSPACED_CHARS}]")
UNSPACED_RUN_PATTERN = re.compile(f"[{UNSPACED_CHARS}]+")
KATAKANA_PATTERN = re.compile("[\u30a0-\u30ff]")
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
    names: tuple[str, ...] = ()

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


def word_class(char: str) -> str | None:
    for letters in WORD_CLASSES:
        if re.match(f"[{letters}]", char):
            return letters
    return None


def alias_pattern(alias: str) -> str:
    """The alias, guarded at each end against letters of the script it starts or ends in.

    The guard before it is checked after its first character (`a(?<![…]a)`, the same test as
    `(?<![…])a`), so that each branch opens with a literal and the regex engine skips ahead to the
    characters some alias starts with instead of trying every branch at every position.
    """
    before, after = word_class(alias[0]), word_class(alias[-1])
    first = re.escape(alias[0])
    guard_before = f"(?<![{before}]{first})" if before else ""
    guard_after = f"(?![{after}])" if after else ""
    return first + guard_before + re.escape(alias[1:]) + guard_after


def longest_by_first_word(phrases: dict[tuple[str, ...], str]) -> dict[str, int]:
    """The most words of any phrase starting with each word: no longer phrase can match there."""
    longest: dict[str, int] = {}
    for words in phrases:
        longest[words[0]] = max(longest.get(words[0], 0), len(words))
    return longest


def char_class(chars) -> str:
    """A regex character class matching any one of the characters."""
    return "[" + "".join(re.escape(char) for char in sorted(chars)) + "]"


def alias_start_pattern(prefixes) -> re.Pattern | None:
    """Where an alias with one of these prefixes may start: a character some prefix opens with,
    followed by one some prefix has second, or a one-character prefix. None for no prefixes."""
    pairs = [prefix for prefix in prefixes if len(prefix) == 2]
    singles = [prefix for prefix in prefixes if len(prefix) == 1]
    branches = [f"{char_class({p[0] for p in pairs})}(?={char_class({p[1] for p in pairs})})"] if pairs else []
    branches += [char_class(singles)] if singles else []
    return re.compile("|".join(branches)) if branches else None


class AliasMatcher:
    """Counts alias matches in linear time: no regex alternation over hundreds of names.

    Spaced-script aliases are word sequences looked up in a dict, longest first; unspaced ones are
    found from an index by their first two characters, longest first, katakana guarded at both ends;
    the few aliases mixing both kinds of script fall back to one guarded regex.
    """

    def __init__(self, aliases: dict[str, str]):
        self.phrases: dict[tuple[str, ...], str] = {}
        # Unspaced aliases by their first two characters (or their one), each list longest first.
        self.by_prefix: dict[str, list[tuple[str, str]]] = {}
        mixed = []
        for alias, tag in aliases.items():
            unspaced = UNSPACED_CHAR_PATTERN.findall(alias)
            if not unspaced:
                words = tuple(SPACED_TOKEN_PATTERN.findall(alias))
                if words:
                    self.phrases.setdefault(words, tag)
            elif len(unspaced) == len(alias):
                self.by_prefix.setdefault(alias[:2], []).append((alias, tag))
            elif len(unspaced) < len(alias.replace(" ", "")):
                mixed.append(alias)
            # else unspaced script with a space inside, which no run of that script holds: never found
        for candidates in self.by_prefix.values():
            candidates.sort(key=lambda pair: (-len(pair[0]), pair[0]))
        self.longest_by_first_word = longest_by_first_word(self.phrases)
        self.alias_starts = alias_start_pattern(self.by_prefix)
        ordered = sorted(mixed, key=lambda a: (-len(a), a))
        self.mixed = re.compile("|".join(alias_pattern(a) for a in ordered)) if ordered else None
        self.aliases = aliases

    def spaced(self, text: str, counts: dict[str, int]) -> None:
        """Only words some phrase starts with are tried, and only with that word's phrase lengths."""
        words = SPACED_TOKEN_PATTERN.findall(text)
        longest = self.longest_by_first_word
        matched_to = 0  # the end of the last phrase counted: phrases do not overlap
        for start in [index for index, word in enumerate(words) if word in longest]:
            if start < matched_to:
                continue
            for size in range(min(longest[words[start]], len(words) - start), 0, -1):
                tag = self.phrases.get(tuple(words[start : start + size]))
                if tag:
                    counts[tag] = counts.get(tag, 0) + 1
                    matched_to = start + size
                    break

    def unspaced(self, text: str, counts: dict[str, int]) -> None:
        """Only where an alias's first two characters may stand is it tried; the regex engine skips
        there. An alias is all unspaced script, so it can only match inside one run of it."""
        if self.alias_starts is None:
            return
        matched_to = 0  # the end of the last alias counted: aliases do not overlap
        for first in self.alias_starts.finditer(text):
            index = first.start()
            if index < matched_to:
                continue
            found = self.unspaced_at(text, index)
            if found:
                counts[found[0]] = counts.get(found[0], 0) + 1
                matched_to = found[1]

    def unspaced_at(self, text: str, index: int) -> tuple[str, int] | None:
        """(tag, end) of the longest unspaced alias at index whose katakana does not run on."""
        for prefix in (text[index : index + 2], text[index]):  # two-character prefixes hold the longer aliases
            for alias, tag in self.by_prefix.get(prefix, ()):
                end = index + len(alias)
                if not text.startswith(alias, index):
                    continue
                if KATAKANA_PATTERN.match(alias[0]) and index and KATAKANA_PATTERN.match(text[index - 1]):
                    continue
                if KATAKANA_PATTERN.match(alias[-1]) and end < len(text) and KATAKANA_PATTERN.match(text[end]):
                    continue
                return tag, end
        return None

    def count(self, folded: str) -> dict[str, int]:
        counts: dict[str, int] = {}
        self.spaced(folded, counts)
        self.unspaced(folded, counts)
        if self.mixed is not None:
            for match in self.mixed.finditer(folded):
                tag = self.aliases[match.group(0)]
                counts[tag] = counts.get(tag, 0) + 1
        return counts


class TagIndex:
    def __init__(self, tags: list[CanonicalTag], aliases: dict[str, str]):
        self.tags = {tag.id: tag for tag in tags}
        self.aliases = aliases
        self.matcher = AliasMatcher(aliases)

    @classmethod
    def from_yaml(cls, path: str | None) -> TagIndex:
        if not path:
            return cls([], {})
        try:
            with open(path, encoding="utf-8") as handle:
                data = yaml_data.safe_load(handle) or {}
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
            names = [*labels.values(), *(str(a) for a in entry.get("aliases") or [])]
            tags.append(CanonicalTag(str(tag_id), labels, entry.get("kind"), tuple(names)))
            for name in names:
                key = fold(str(name).strip())
                if len(key) < 2:
                    continue
                aliases.setdefault(key, str(tag_id))
        return cls(tags, aliases)

    def count(self, text: str) -> dict[str, int]:
        return self.matcher.count(fold(text))

    def find(self, title: str, lead: str, body: str) -> tuple[str, ...]:
        """Tags named in the title or lead, or named repeatedly in the body; sorted ids."""
        found = set(self.count(f"{title}\n{lead}"))
        found.update(tag for tag, n in self.count(body[:BODY_SEARCH_CHARS]).items() if n >= MIN_BODY_MENTIONS)
        return tuple(sorted(found))

    def is_alias(self, name: str) -> bool:
        """Whether the whole name is one of the tags' labels or aliases."""
        return fold(name.strip()) in self.aliases

    def place_names(self) -> tuple[str, ...]:
        """Every label and alias of the place tags, in the case they were written."""
        return tuple(sorted({name for tag in self.tags.values() if tag.kind == "place" for name in tag.names}))

    def label(self, tag_id: str, lang: str) -> str:
        tag = self.tags.get(tag_id)
        return tag.label(lang) if tag else tag_id
