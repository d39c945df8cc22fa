"""Canonical tags: every alias in every script finds one tag, and only where the article is about it."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest
import yaml
from news_digest.tags import AliasMatcher, TagConfigError, TagIndex, alias_start_pattern, longest_by_first_word

PROJECT_TAGS = Path(__file__).resolve().parent.parent / "content" / "tags.yaml"
REQUIRED_LABEL_LANGUAGES = ("en", "zh-Hans", "zh-Hant", "vi", "ja", "ar")
ASCII_SLUG_PATTERN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")

SMALL_TAGS = """\
trump:
  kind: person
  labels: {en: Donald Trump, zh-Hans: 特朗普, zh-Hant: 川普, vi: Donald Trump, ja: トランプ, ar: ترامب}
  aliases: [Trump, 川普, 特朗普, トランプ, ترامب]
usa:
  kind: place
  labels: {en: United States, zh-Hans: 美国, zh-Hant: 美國, vi: Mỹ, ja: アメリカ, ar: الولايات المتحدة}
  aliases: [USA, U.S.]
metro:
  labels: {en: Metro, fr: Métro, zh-Hans: 地铁, zh-Hant: 地鐵, ja: 地下鉄}
  aliases: [subway, underground, tàu điện ngầm]
hong-kong:
  kind: place
  labels: {zh-Hant: 香港, zh-Hans: 香港}
"""


@pytest.fixture
def index(tmp_path) -> TagIndex:
    path = tmp_path / "tags.yaml"
    path.write_text(SMALL_TAGS, encoding="utf-8")
    return TagIndex.from_yaml(str(path))


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("特朗普周二发表讲话", id="zh-Hans"),
        pytest.param("川普週二發表談話", id="zh-Hant"),
        pytest.param("Trump spoke on Tuesday", id="en-surname"),
        pytest.param("Donald Trump spoke on Tuesday", id="en-full-name"),
        pytest.param("トランプ氏は火曜日に演説した", id="ja"),
        pytest.param("ألقى ترامب كلمة يوم الثلاثاء", id="ar"),
        pytest.param("Ông Donald Trump phát biểu hôm thứ Ba", id="vi"),
    ],
)
def test_aliases_in_every_script_find_one_tag(index, text):
    assert index.count(text) == {"trump": 1}
    assert index.find(text, "", "") == ("trump",)


@pytest.mark.parametrize("text", ["TRUMP SPEAKS", "trump speaks", "tRuMp speaks", "Trump's speech"])
def test_latin_aliases_fold_case(index, text):
    assert index.count(text) == {"trump": 1}


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("A trumpet solo opened the concert", id="trumpet"),
        pytest.param("The card game's trumps were hearts", id="trumps"),
        pytest.param("Trumpington Street was closed", id="prefix-of-a-place"),
        pytest.param("The subwayline reopened", id="glued"),
    ],
)
def test_latin_aliases_match_whole_words_only(index, text):
    assert index.count(text) == {}


def test_vietnamese_diacritics_matter(index):
    assert index.count("Quan hệ với nước Mỹ") == {"usa": 1}
    assert index.count("Mỹ.") == {"usa": 1}
    assert index.count("my country, my rules") == {}
    assert index.count("MY COUNTRY") == {}


def test_vietnamese_written_decomposed_still_matches(index):
    assert index.count(unicodedata.normalize("NFD", "Quan hệ với nước Mỹ")) == {"usa": 1}


def test_multiword_alias_with_diacritics(index):
    assert index.count("Tuyến tàu điện ngầm số 1 đã mở cửa") == {"metro": 1}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("美国总统特朗普", {"usa": 1, "trump": 1}, id="zh-two-tags-no-spaces"),
        pytest.param("美国人关心地铁票价", {"usa": 1, "metro": 1}, id="zh-inside-longer-words"),
        pytest.param("香港地鐵今日加開班次", {"hong-kong": 1, "metro": 1}, id="zh-Hant"),
        pytest.param("東京の地下鉄が延長運転", {"metro": 1}, id="ja"),
    ],
)
def test_cjk_aliases_match_as_substrings(index, text, expected):
    assert index.count(text) == expected


def test_a_tag_named_in_the_title_counts(index):
    assert index.find("Trump visits the port", "", "The visit lasted an hour.") == ("trump",)


def test_a_tag_named_in_the_lead_counts(index):
    assert index.find("A visit to the port", "Trump toured the docks.", "The visit lasted an hour.") == ("trump",)


def test_a_tag_named_once_in_the_body_does_not_count(index):
    assert index.find("A visit to the port", "The docks reopened.", "Trump was mentioned once.") == ()


def test_a_tag_named_twice_in_the_body_counts(index):
    body = "Trump was mentioned once. Later, Trump was mentioned again."

    assert index.find("A visit to the port", "The docks reopened.", body) == ("trump",)


def test_body_mentions_in_different_scripts_add_up(index):
    assert index.find("港口恢复运营", "", "特朗普表示……川普还说……") == ("trump",)


def test_found_tags_are_sorted_ids(index):
    assert index.find("Trump rides the subway in the USA", "", "") == ("metro", "trump", "usa")


def test_phrase_index_keeps_the_longest_phrase_per_first_word():
    phrases = {("new",): "a", ("new", "york"): "b", ("new", "york", "times"): "c", ("york",): "d"}

    assert longest_by_first_word(phrases) == {"new": 3, "york": 1}


PHRASE_ALIASES = {
    "new york": "nyc",
    "new york times": "nyt",
    "york": "york",
    "times square": "square",
    "square": "shape",
    "new": "new",
}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("the new york times reported", {"nyt": 1}, id="longest-match-wins"),
        pytest.param("in new york today", {"nyc": 1}, id="shorter-phrase-when-the-longer-stops"),
        pytest.param("new york times square", {"nyt": 1, "shape": 1}, id="phrases-do-not-overlap"),
        pytest.param("a new idea from york", {"new": 1, "york": 1}, id="single-words"),
        pytest.param("the new", {"new": 1}, id="phrase-cut-by-the-end-of-the-text"),
        pytest.param("new new york", {"new": 1, "nyc": 1}, id="a-word-starting-no-match-is-skipped-alone"),
    ],
)
def test_spaced_phrases_longest_first_without_overlap(text, expected):
    assert AliasMatcher(PHRASE_ALIASES).count(text) == expected


UNSPACED_ALIASES = {
    "印度": "india",
    "印度尼西亚": "indonesia",
    "尼西": "nishi",
    "インド": "india-ja",
    "ネシア": "nesia",
}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("印度尼西亚总统访问印度", {"indonesia": 1, "india": 1}, id="longest-alias-wins"),
        pytest.param("印度尼西", {"india": 1, "nishi": 1}, id="shorter-alias-when-the-longer-stops"),
        pytest.param("インドネシア", {}, id="katakana-runs-on"),
        pytest.param("インド、ネシア", {"india-ja": 1, "nesia": 1}, id="katakana-ends-at-punctuation"),
        pytest.param("インドの首相", {"india-ja": 1}, id="katakana-then-hiragana"),
    ],
)
def test_unspaced_aliases_longest_first_without_overlap(text, expected):
    assert AliasMatcher(UNSPACED_ALIASES).count(text) == expected


def test_alias_starts_are_where_a_first_character_meets_a_second_or_a_one_character_alias_stands():
    starts = alias_start_pattern({"中国", "美"})

    assert [match.start() for match in starts.finditer("中中国美x")] == [1, 3]
    assert alias_start_pattern({}) is None


def test_one_character_aliases_yield_to_longer_ones():
    matcher = AliasMatcher({"中": "one", "中国": "two", "国人": "pair"})

    assert matcher.count("中国人、中") == {"two": 1, "one": 1}


MIXED_ALIASES = {"vingroup集团": "vingroup", "20国集团": "g20", "オープンai": "openai", "w杯": "world-cup"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("vingroup集团发布", {"vingroup": 1}, id="at-the-start"),
        pytest.param("据vingroup集团称", {"vingroup": 1}, id="after-another-script"),
        pytest.param("xvingroup集团", {}, id="latin-letter-before"),
        pytest.param("120国集团", {}, id="digit-before"),
        pytest.param("在20国集团峰会", {"g20": 1}, id="digits-after-cjk"),
        pytest.param("オープンaiの発表", {"openai": 1}, id="katakana-start"),
        pytest.param("ザオープンai", {}, id="katakana-before"),
        pytest.param("オープンaix", {}, id="latin-letter-after"),
        pytest.param("w杯とw杯", {"world-cup": 2}, id="twice"),
    ],
)
def test_aliases_mixing_scripts_are_guarded_at_both_ends(text, expected):
    assert AliasMatcher(MIXED_ALIASES).count(text) == expected


@pytest.mark.parametrize(
    ("tag", "lang", "label"),
    [
        pytest.param("usa", "vi", "Mỹ", id="own-label"),
        pytest.param("usa", "zh-Hans", "美国", id="zh-Hans"),
        pytest.param("usa", "zh-Hant", "美國", id="zh-Hant"),
        pytest.param("usa", "ja-JP", "アメリカ", id="region-falls-back-to-language"),
        pytest.param("usa", "fr", "United States", id="missing-language-falls-back-to-en"),
        pytest.param("metro", "fr-CA", "Métro", id="fr-CA-to-fr"),
        pytest.param("hong-kong", "zh", "香港", id="bare-zh-without-en-label"),
        pytest.param("not-a-tag", "en", "not-a-tag", id="unknown-tag-is-its-id"),
    ],
)
def test_labels_per_language_with_fallbacks(index, tag, lang, label):
    assert index.label(tag, lang) == label


@pytest.mark.parametrize(("lang", "label"), [("zh-Hant-HK", "美國"), ("zh-Hant-TW", "美國"), ("zh", "美国")])
def test_chinese_regions_fall_back_to_their_script(index, lang, label):
    assert index.label("usa", lang) == label


def test_missing_file_gives_an_empty_index(tmp_path):
    index = TagIndex.from_yaml(str(tmp_path / "absent.yaml"))

    assert index.find("Trump", "", "") == ()


def test_bad_yaml_is_a_config_error(tmp_path):
    path = tmp_path / "tags.yaml"
    path.write_text("trump: {labels: [unclosed\n", encoding="utf-8")

    with pytest.raises(TagConfigError, match="not valid YAML"):
        TagIndex.from_yaml(str(path))


def test_entry_that_is_not_a_mapping_is_a_config_error(tmp_path):
    path = tmp_path / "tags.yaml"
    path.write_text("trump: Donald Trump\n", encoding="utf-8")

    with pytest.raises(TagConfigError, match="'trump'"):
        TagIndex.from_yaml(str(path))


# The project's own tag list, when it is there.

needs_project_tags = pytest.mark.skipif(not PROJECT_TAGS.exists(), reason=f"{PROJECT_TAGS} is absent")


@pytest.fixture(scope="module")
def project_raw():
    return yaml.safe_load(PROJECT_TAGS.read_text(encoding="utf-8"))


@needs_project_tags
def test_project_tags_load(project_raw):
    index = TagIndex.from_yaml(str(PROJECT_TAGS))

    assert len(index.tags) == len(project_raw)
    assert len(project_raw) >= 150


@needs_project_tags
def test_project_tags_have_labels_in_every_site_language(project_raw):
    missing = {
        tag_id: [lang for lang in REQUIRED_LABEL_LANGUAGES if not (entry.get("labels") or {}).get(lang)]
        for tag_id, entry in project_raw.items()
    }

    assert {tag_id: langs for tag_id, langs in missing.items() if langs} == {}


@needs_project_tags
def test_project_tags_no_alias_names_two_tags(project_raw):
    owners: dict[str, set[str]] = {}
    for tag_id, entry in project_raw.items():
        names = [*(entry.get("labels") or {}).values(), *(entry.get("aliases") or [])]
        for name in names:
            owners.setdefault(str(name).strip().casefold(), set()).add(str(tag_id))

    assert {name: sorted(ids) for name, ids in owners.items() if len(ids) > 1} == {}


@needs_project_tags
def test_project_tag_ids_are_ascii_slugs(project_raw):
    assert [tag_id for tag_id in project_raw if not ASCII_SLUG_PATTERN.fullmatch(str(tag_id))] == []
