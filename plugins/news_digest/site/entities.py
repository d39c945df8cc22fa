"""Named-entity candidates without a language model: what the text itself marks as a name.

Capitalised word sequences in scripts with case (a lone word opening a sentence aside), Latin-script
names inside CJK text, katakana names in Japanese, and titles in 《》. They feed automatic tags and
story matching; only names seen in several articles ever become tags.
"""

from __future__ import annotations

import re

LATIN_WORD_CHARS = "A-Za-z0-9\u00c0-\u024f\u1e00-\u1eff'’\\-"
# Characters that end a name and can do nothing else: no case, no space, no part of a Latin word.
# A run of them, spaces and tabs between them included, ends a name just as the first of them does
# (spaces and tabs are skipped), so a run is one token: CJK or Arabic text is mostly such runs.
NAME_BREAK_CHARS = (
    "!-&(-,./:-@\\[-`{-~"  # ASCII punctuation but the apostrophe and hyphen
    "\u2010-\u2018\u201a-\u2027"  # dashes, quotes (but ’) and bullets
    "\u0600-\u06ff\u0e00-\u0e7f"  # Arabic, Thai
    "\u3001-\u303f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uff01-\uff20"  # CJK, Hangul
)
# Latin-script words (Vietnamese included) and, between them, what separates them.
LATIN_WORD_PATTERN = re.compile(rf"[{LATIN_WORD_CHARS}]+|[ \t]+|[{NAME_BREAK_CHARS}][{NAME_BREAK_CHARS} \t]*|.", re.S)
# Where a name can start: a Latin-script word of two letters or more whose first is a capital.
CAPITAL_LETTERS = "".join(
    char for char in map(chr, range(0x2000)) if char.isupper() and re.fullmatch(f"[{LATIN_WORD_CHARS}]", char)
)
NAME_START_PATTERN = re.compile(f"(?<![{LATIN_WORD_CHARS}])[{CAPITAL_LETTERS}](?=[{LATIN_WORD_CHARS}])")
NAME_PARTICLES = frozenset({"of", "de", "la", "van", "von", "al", "bin", "y", "del", "da", "du"})
MAX_NAME_WORDS = 5
LATIN_IN_CJK_PATTERN = re.compile(
    r"(?<=[\u3400-\u9fff\u3040-\u30ff])\s?([A-Za-z][A-Za-z0-9&.\- ]{1,30}[A-Za-z0-9])\s?"
    r"(?=[\u3400-\u9fff\u3040-\u30ff，。、])"
)
KATAKANA_NAME_PATTERN = re.compile(r"[\u30a1-\u30fa][\u30a1-\u30ff・]{2,14}")
QUOTED_NAME_PATTERN = re.compile(r"《([^《》]{2,20})》")
# Capitalised words that start sentences or name nothing in particular.
STOPWORD_TEXT = (
    "the a an this that these those it its he she they we you i in on at for and but or as by "
    "with from to of after before when while if however also according mr mrs ms dr de la le les "
    "el los las una un une der die das und ein eine trong khi theo các những một người ông bà tại "
    "monday tuesday wednesday thursday friday saturday sunday january february march april may "
    "june july august september october november december"
)
STOPWORDS = frozenset(STOPWORD_TEXT.split())
MAX_ENTITIES = 30
MIN_ENTITY_CHARS = 3
MIN_UNSPACED_ENTITY_CHARS = 2
UNSPACED_NAME_PATTERN = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")
SENTENCE_PATTERN = re.compile(r"[^.!?。！？\n]+[.!?。！？]*")


def capitalised_runs(text: str) -> list[str]:
    """Runs of capitalised Latin-script words, particles allowed inside, broken by anything else.

    Between runs, nothing but a capitalised word of two letters or more starts one: the regex engine
    skips to the next such word instead of the loop walking every word in between.
    """
    runs, position = [], 0
    while (start := NAME_START_PATTERN.search(text, position)) is not None:
        run, position = capitalised_run(text, start.start())
        runs.append(run)
    return runs


def capitalised_run(text: str, start: int) -> tuple[str, int]:
    """The run of capitalised words opening at start, and where the token that ended it ends."""
    current, pending = [], []
    for match in LATIN_WORD_PATTERN.finditer(text, start):
        token = match.group()
        if token.isspace() and "\n" not in token:
            continue
        if token[:1].isupper() and (len(token) > 1 or current):
            current.extend(pending)
            pending = []
            current.append(token)
        elif token.lower() in NAME_PARTICLES and not pending:
            pending = [token]
        else:
            return " ".join(current[:MAX_NAME_WORDS]), match.end()
    return " ".join(current[:MAX_NAME_WORDS]), len(text)


def trim_stopwords(name: str) -> str:
    words = name.split()
    while words and words[0].lower() in STOPWORDS:
        words.pop(0)
    while words and words[-1].lower() in STOPWORDS:
        words.pop()
    return " ".join(words)


def is_useful(name: str) -> bool:
    words = name.split()
    shortest = MIN_UNSPACED_ENTITY_CHARS if UNSPACED_NAME_PATTERN.search(name) else MIN_ENTITY_CHARS
    return len(name) >= shortest and not all(w.lower() in STOPWORDS for w in words) and not name.isdigit()


def candidate_entities(title: str, text: str) -> tuple[str, ...]:
    """Distinct name candidates from the title and the text's opening, most frequent first."""
    sample = f"{title}\n{text[:4000]}"
    counts: dict[str, int] = {}

    def add(name: str):
        name = trim_stopwords(" ".join(name.split()).strip(" -.'’"))
        if is_useful(name):
            counts[name] = counts.get(name, 0) + 1

    for sentence in SENTENCE_PATTERN.findall(sample):
        for position, name in enumerate(capitalised_runs(sentence)):
            if position == 0 and " " not in name and sentence.lstrip().startswith(name):
                continue  # a single capitalised word opening a sentence says nothing
            add(name)
    for pattern in (LATIN_IN_CJK_PATTERN, QUOTED_NAME_PATTERN):
        for match in pattern.finditer(sample):
            add(match.group(1))
    for match in KATAKANA_NAME_PATTERN.finditer(sample):
        add(match.group(0))
    ranked = sorted(counts, key=lambda name: (-counts[name], name))
    return tuple(ranked[:MAX_ENTITIES])
