"""Reading time: characters in unspaced scripts (Chinese, Japanese, Thai), words elsewhere."""

from __future__ import annotations

from news_digest.metadata import CJK_CHARS_PER_MINUTE, WORDS_PER_MINUTE, reading_minutes


def test_chinese_is_counted_in_characters_not_words():
    # 2,000 Han characters and no space at all: one "word" to a word counter, five minutes to a reader;
    # its 250 commas are not words either.
    text = "港口今日恢复作业，" * 250
    assert text.count(" ") == 0
    assert reading_minutes(text) == round(2000 / CJK_CHARS_PER_MINUTE) == 5


def test_japanese_kana_and_kanji_count_as_characters():
    assert reading_minutes("熊本でテスト。" * 200) == round(1200 / CJK_CHARS_PER_MINUTE) == 3


def test_english_and_vietnamese_are_counted_in_words():
    assert reading_minutes("word " * (WORDS_PER_MINUTE * 3)) == 3
    assert reading_minutes("Tàu điện chạy thử " * 165) == 3  # 660 words


def test_mixed_text_adds_both_and_a_short_text_takes_a_minute():
    mixed = "字" * 800 + " word" * 440
    assert reading_minutes(mixed) == 4
    assert reading_minutes("") == reading_minutes("短") == 1
