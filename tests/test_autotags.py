"""Automatic tags: names the taxonomy lacks, found by `candidate_entities`, kept when several articles share them."""

from __future__ import annotations

import re

import pytest
from news_digest.knowledge import load_knowledge
from news_digest.pipeline import IngestOptions, ingest_file
from news_digest.settings import SiteRules
from news_digest.site.autotags import AutoTag, automatic_tags
from news_digest.site.entities import (
    LATIN_WORD_CHARS,
    NAME_BREAK_CHARS,
    NAME_PARTICLES,
    candidate_entities,
    capitalised_runs,
)
from news_digest.site.features import article_features, untagged
from news_digest.site.steps import Entry, run_site_steps

ASCII_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

# ---------------------------------------------------------------- automatic_tags


def test_a_name_in_three_articles_becomes_a_tag_labelled_with_its_most_common_spelling():
    entities = {
        "a.txt": ("Mekong River Commission", "Vientiane"),
        "b.txt": ("Mekong River Commission",),
        "c.txt": ("MEKONG RIVER COMMISSION", "Asian Development Bank"),
        "d.txt": ("Asian Development Bank",),
    }
    tags = automatic_tags(entities, 3, 100, set())
    commission = AutoTag("mekong-river-commission", "Mekong River Commission")
    assert tags == {"a.txt": (commission,), "b.txt": (commission,), "c.txt": (commission,)}


def test_a_name_in_fewer_articles_than_the_minimum_is_no_tag():
    entities = {"a.txt": ("Asian Development Bank",), "b.txt": ("Asian Development Bank",), "c.txt": ()}
    assert automatic_tags(entities, 3, 100, set()) == {}
    assert set(automatic_tags(entities, 2, 100, set())) == {"a.txt", "b.txt"}


def test_a_name_twice_in_one_article_counts_once():
    entities = {"a.txt": ("World Bank", "World Bank"), "b.txt": ("World Bank",)}
    assert automatic_tags(entities, 3, 100, set()) == {}


def test_the_limit_keeps_the_most_mentioned_names():
    entities = {f"{n}.txt": () for n in range(6)}
    for name, count in (("Red Cross", 5), ("World Bank", 4), ("Asian Development Bank", 3)):
        for n in range(count):
            entities[f"{n}.txt"] += (name,)
    tags = automatic_tags(entities, 3, 2, set())
    ids = {tag.id for found in tags.values() for tag in found}
    assert ids == {"red-cross", "world-bank"}
    assert automatic_tags(entities, 3, 0, set()) == {}
    assert {t.id for f in automatic_tags(entities, 3, 3, set()).values() for t in f} == {
        "red-cross",
        "world-bank",
        "asian-development-bank",
    }


def test_ties_at_the_limit_are_broken_the_same_way_every_time():
    entities = {f"{n}.txt": ("Red Cross", "World Bank") for n in range(3)}
    first = automatic_tags(entities, 3, 1, set())
    again = automatic_tags(dict(reversed(entities.items())), 3, 1, set())
    assert first == again
    assert {t.id for f in first.values() for t in f} == {"red-cross"}


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("Mekong River Commission", "mekong-river-commission"),
        ("Hà Nội", "ha-noi"),
        ("北京大兴国际机场", "bei-jing-da-xing-guo-ji-ji-chang"),
        ("ソフトバンクグループ", "sohutobankuguru-pu"),
        ("AT&T", "at-t"),
    ],
)
def test_ids_are_ascii_slugs_of_the_label(label, expected):
    tags = automatic_tags({f"{n}.txt": (label,) for n in range(3)}, 3, 100, set())
    assert set(tags) == {"0.txt", "1.txt", "2.txt"}
    (tag,) = tags["0.txt"]
    assert (tag.id, tag.label) == (expected, label)
    assert ASCII_ID.match(tag.id)


def test_ids_never_collide_with_canonical_tag_ids():
    entities = {f"{n}.txt": ("World Bank",) for n in range(3)}
    tags = automatic_tags(entities, 3, 100, {"world-bank", "world-bank-2"})
    assert {t.id for f in tags.values() for t in f} == {"world-bank-3"}


def test_two_names_with_one_slug_get_two_ids():
    entities = {f"{n}.txt": ("Hà Nội", "Ha Noi") for n in range(3)}
    tags = automatic_tags(entities, 3, 100, {"ha-noi-3"})
    ids = sorted(t.id for t in tags["0.txt"])
    assert len(ids) == 2 and len(set(ids)) == 2
    assert ids == ["ha-noi", "ha-noi-2"]
    assert {t.label for t in tags["0.txt"]} == {"Hà Nội", "Ha Noi"}


def test_an_article_s_tags_are_sorted_by_id():
    entities = {f"{n}.txt": ("World Bank", "Red Cross", "Asian Development Bank") for n in range(3)}
    tags = automatic_tags(entities, 3, 100, set())
    assert [t.id for t in tags["0.txt"]] == ["asian-development-bank", "red-cross", "world-bank"]


# ---------------------------------------------------------------- candidate_entities


def test_capitalised_multi_word_names_are_found():
    text = "Officials from the Mekong River Commission met delegates of the Asian Development Bank in Vientiane."
    found = candidate_entities("Talks on river levels", text)
    assert "Mekong River Commission" in found
    assert "Asian Development Bank" in found
    assert "Vientiane" in found


def test_a_multi_word_name_opening_a_sentence_is_kept():
    found = candidate_entities("River levels", "Mekong River Commission engineers measured the river.")
    assert "Mekong River Commission" in found


def test_single_capitalised_words_opening_sentences_are_not_names():
    text = "Officials met on the river. Delegates agreed. However, the talks went on. Fishermen were worried."
    found = candidate_entities("Talks on river levels", text)
    for word in ("Officials", "Delegates", "However", "Fishermen", "Talks"):
        assert word not in found


def test_weekday_and_month_names_are_not_names():
    text = "The talks ended on Monday. They resume in March, and again on Friday in Vientiane."
    found = candidate_entities("Talks resume", text)
    assert found == ("Vientiane",)


def test_stopwords_around_a_name_are_trimmed():
    found = candidate_entities("Aid", "Money arrived. In March the World Bank said it would help.")
    assert "World Bank" in found
    assert not any(name.startswith(("In ", "March")) for name in found)


def test_latin_names_inside_chinese_text_are_found():
    text = "美国SpaceX公司19日再次发射。该项目由 Open Society Foundations 资助。"
    found = candidate_entities("火箭发射", text)
    assert "SpaceX" in found
    assert "Open Society Foundations" in found


def test_katakana_names_are_found():
    text = "ソフトバンクグループは20日、トヨタ自動車と新会社を設立すると発表した。"
    found = candidate_entities("新会社設立", text)
    assert "ソフトバンクグループ" in found
    assert "トヨタ" in found


def test_names_in_double_angle_quotes_are_found():
    text = "据《人民日报》报道，纪录片《航拍中国》在海外播出。"
    found = candidate_entities("报道", text)
    assert "人民日报" in found
    assert "航拍中国" in found


def test_two_character_names_in_double_angle_quotes_are_found():
    assert "繁花" in candidate_entities("报道", "电视剧《繁花》在海外播出。")


def test_names_are_ranked_by_mentions_then_alphabetically():
    text = "Talks in Vientiane and Phnom Penh ended. The Red Cross, Vientiane and Phnom Penh agreed with the Red Cross."
    assert candidate_entities("Talks", text) == ("Phnom Penh", "Red Cross", "Vientiane")
    text = "Talks in Vientiane and Phnom Penh ended. The Red Cross and Phnom Penh agreed."
    assert candidate_entities("Talks", text) == ("Phnom Penh", "Red Cross", "Vientiane")


def test_a_name_that_also_opens_a_sentence_is_found_where_it_stands_mid_sentence():
    text = "Vientiane hosted the talks. Delegates met again in Vientiane on Friday."
    assert candidate_entities("Talks", text) == ("Vientiane",)


def test_a_text_without_names_gives_none():
    assert candidate_entities("", "") == ()
    assert candidate_entities("rain", "it rained all day and the river rose.") == ()


def test_name_break_characters_can_only_end_a_name():
    """A run of them is one token, which is only right if each of them does nothing but end a name."""
    breaks, word = re.compile(f"[{NAME_BREAK_CHARS}]"), re.compile(f"[{LATIN_WORD_CHARS}]")
    doing_more = [
        char
        for char in map(chr, range(0x10000))
        if breaks.match(char) and (char.isupper() or char.isspace() or word.match(char) or char in NAME_PARTICLES)
    ]
    assert doing_more == []


@pytest.mark.parametrize(
    ("text", "runs"),
    [
        pytest.param("据Reuters报道，World Bank称", ["Reuters", "World Bank"], id="cjk-runs-end-names"),
        pytest.param("Red Cross—Vientiane", ["Red Cross", "Vientiane"], id="a-dash-ends-a-name"),
        pytest.param("Ho Chi Minh\u3000City", ["Ho Chi Minh City"], id="an-ideographic-space-does-not"),
        pytest.param("Bank of England，Bank of 中国", ["Bank of England", "Bank"], id="a-particle-then-a-break"),
        pytest.param("Trump Дональд", ["Trump Д"], id="a-capital-without-a-latin-word-continues-a-name"),
        pytest.param(
            "قال Ban Ki-moon في نيويورك Obama", ["Ban Ki-moon", "Obama"], id="arabic-words-and-spaces-end-names"
        ),
        pytest.param("Red Cross 红十字会 \t Vientiane", ["Red Cross", "Vientiane"], id="spaces-inside-a-break"),
        pytest.param("I met O'Brien and 'Trump in A Coruña", ["O'Brien", "Coruña"], id="what-starts-a-name"),
        pytest.param("ÉDF said. Đà Nẵng", ["ÉDF", "Đà Nẵng"], id="capitals-with-diacritics"),
    ],
)
def test_capitalised_runs_end_at_characters_that_break_names(text, runs):
    assert capitalised_runs(text) == runs


# ---------------------------------------------------------------- names the taxonomy knows


TAGS = """vientiane:
  kind: place
  labels: {en: Vientiane, zh-Hans: 万象, vi: Viêng Chăn}
mekong:
  kind: place
  labels: {en: Mekong, zh-Hans: 湄公河, vi: sông Mê Kông}
  aliases: [Mekong River]
"""

SOURCES = """riverpost:
  name: River Post
  domains: [riverpost.example]
  timezone: Europe/London
baybulletin:
  name: Bay Bulletin
  domains: [baybulletin.example]
  timezone: Europe/London
jiangbei:
  name: 江北日报
  domains: [jiangbei.example]
  timezone: Asia/Shanghai
  date_order: YMD
"""


def feed_dump(epoch_ms: int, title: str, url: str, date_text: str, paragraphs: list[str]) -> str:
    lead, *rest = paragraphs
    body = "".join(f"<p>{p}</p>" for p in rest)
    return (
        f"<!--{epoch_ms}-->\n[{title}]({url})\n------\n\n<div>{date_text}</div><p><strong>{lead}</strong></p>{body}\n"
    )


ARTICLES = {
    "riverpost/mekong.txt": feed_dump(
        1710403200000,
        "Mekong water levels fall to a seasonal low",
        "https://riverpost.example/asia/2024/03/14/mekong-low",
        "14/03/2024 - 08:00",
        [
            "Water levels on the lower Mekong have fallen to their lowest for the time of year, the Mekong River "
            "Commission said, as a long dry season and upstream dams hold back the flow.",
            "Readings at the gauge in Vientiane were more than a metre below the seasonal average, the "
            "commission's latest bulletin showed.",
            "A study funded by the Asian Development Bank last year warned that lower flows would reduce the "
            "sediment that keeps the delta's farmland fertile, and shrink the seasonal flooding of the Tonle Sap.",
        ],
    ),
    "baybulletin/mekong.txt": feed_dump(
        1710496800000,
        "Fishing villages on the Mekong brace for a lean season",
        "https://baybulletin.example/world/mekong-fishing-villages",
        "15/03/2024 - 10:00",
        [
            "Fishing communities along the Mekong are preparing for smaller catches after the Mekong River "
            "Commission reported unusually low water across the lower basin.",
            "Boats that usually fish the channels near Vientiane have been idle for days, and traders say prices "
            "at riverside markets have already risen.",
            "Projects backed by the Asian Development Bank to build fish ponds away from the river have so far "
            "reached only a few villages, and catches on the Tonle Sap are also expected to fall.",
        ],
    ),
    "jiangbei/mekong.txt": feed_dump(
        1710558000000,
        "湄公河下游水位降至同期低点",
        "https://jiangbei.example/world/2024/03/16/mekong",
        "2024年03月16日 11:00",
        [
            "湄公河委员会（Mekong River Commission）最新公报显示，湄公河下游水位降至多年同期低点。",
            "位于万象的水文站数据显示，当地水位比同期平均值低一米多。",
            "专家指出，旱季持续时间较长和上游来水减少是水位下降的主要原因。",
            "亚洲开发银行（Asian Development Bank）此前资助的研究认为，水位偏低将减少输往三角洲的泥沙。",
        ],
    ),
}


@pytest.fixture(scope="module")
def mekong(tmp_path_factory):
    folder = tmp_path_factory.mktemp("autotags")
    (folder / "sources.yaml").write_text(SOURCES, encoding="utf-8")
    (folder / "tags.yaml").write_text(TAGS, encoding="utf-8")
    knowledge = load_knowledge(str(folder / "sources.yaml"), str(folder / "tags.yaml"))
    entries = []
    for name, text in ARTICLES.items():
        (folder / name).parent.mkdir(exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
        article = ingest_file(str(folder / name), knowledge, IngestOptions(content_root=str(folder)))
        features = article_features(article, knowledge)
        entries.append(Entry(name, article.published, article.title, article.lang, article.source.id, features))
    return knowledge, entries


def test_names_the_taxonomy_knows_are_left_to_it(mekong):
    knowledge, _ = mekong
    names = ("Vientiane", "万象", "Viêng Chăn", "MEKONG", "Asian Development Bank", "Tonle Sap")
    assert untagged(names, knowledge) == ("Asian Development Bank", "Tonle Sap")


def test_a_name_that_only_contains_a_canonical_name_is_not_the_canonical_tag(mekong):
    knowledge, _ = mekong
    assert untagged(("Mekong River Commission",), knowledge) == ("Mekong River Commission",)


def test_article_features_hold_only_names_the_taxonomy_lacks(mekong):
    _, entries = mekong
    for entry in entries:
        assert "Vientiane" not in entry.features.entities, entry.key
        assert "Asian Development Bank" in entry.features.entities, entry.key
    assert entries[0].features.key_tags == ("mekong",)  # the title names it


def test_site_steps_tag_the_three_articles_with_the_shared_names_only(mekong):
    knowledge, entries = mekong
    result = run_site_steps(entries, SiteRules(), set(knowledge.tags.tags))
    bank = AutoTag("asian-development-bank", "Asian Development Bank")
    commission = AutoTag("mekong-river-commission", "Mekong River Commission")
    # The bank and the commission are named in all three (the commission is more than its river, a
    # canonical tag); the Tonle Sap in two; Vientiane is a canonical tag.
    assert result.auto_tags == {entry.key: (bank, commission) for entry in entries}


def test_the_minimum_is_a_setting(mekong):
    knowledge, entries = mekong
    result = run_site_steps(entries, SiteRules(auto_tag_min_articles=2), set(knowledge.tags.tags))
    assert {key: [t.id for t in tags] for key, tags in result.auto_tags.items()} == {
        "riverpost/mekong.txt": ["asian-development-bank", "mekong-river-commission", "tonle-sap"],
        "baybulletin/mekong.txt": ["asian-development-bank", "mekong-river-commission", "tonle-sap"],
        "jiangbei/mekong.txt": ["asian-development-bank", "mekong-river-commission"],
    }


def test_the_limit_is_a_setting(mekong):
    knowledge, entries = mekong
    result = run_site_steps(entries, SiteRules(auto_tag_min_articles=2, auto_tag_max=1), set(knowledge.tags.tags))
    assert {t.id for tags in result.auto_tags.values() for t in tags} == {"asian-development-bank"}


def test_each_month_has_its_own_automatic_tags_and_an_article_carries_its_month_s():
    # "Harbour Line" is much mentioned in March, once in April; "Tram Strike" only in April.
    entities = {f"march-{n}.txt": ("Harbour Line",) for n in range(4)}
    entities |= {f"april-{n}.txt": ("Tram Strike", "Harbour Line" if n == 0 else "Tram Strike") for n in range(3)}
    months = {key: "2025-03" if key.startswith("march") else "2025-04" for key in entities}
    tags = automatic_tags(entities, 3, 100, set(), months)
    assert {t.id for t in tags["march-0.txt"]} == {"harbour-line"}
    # In April the line is mentioned once: not one of April's tags, so not on April's article.
    assert {t.id for t in tags["april-0.txt"]} == {"tram-strike"}
    # The limit holds within each month.
    entities |= {f"march-more-{n}.txt": ("Bridge Works",) for n in range(5)}
    months |= {key: "2025-03" for key in entities if key.startswith("march-more")}
    limited = automatic_tags(entities, 3, 1, set(), months)
    assert "march-0.txt" not in limited and {t.id for t in limited["march-more-0.txt"]} == {"bridge-works"}
    assert {t.id for t in limited["april-1.txt"]} == {"tram-strike"}


def test_a_later_month_changes_no_earlier_article_s_tags_nor_any_label_or_id():
    march = {f"m{n}.txt": ("Harbour Line", "Ha Noi") for n in range(3)}
    march |= {f"m{n}.txt": ("harbour line", "Ha Noi") for n in range(3, 5)}
    months = dict.fromkeys(march, "2025-03")
    before = automatic_tags(march, 3, 2, set(), months)
    # April: the lower-case spelling is now the most common, another name slugs like "Ha Noi",
    # and names that outrank March's would push them out of a ranking over the whole archive.
    april = {f"a{n}.txt": ("harbour line", "Hà Nội", "Rail Fund", "Pier Closure") for n in range(9)}
    after = automatic_tags(march | april, 3, 2, set(), months | dict.fromkeys(april, "2025-04"))
    assert {key: after.get(key) for key in march} == {key: before.get(key) for key in march}
    assert {t.label for t in before["m0.txt"]} == {"Harbour Line", "Ha Noi"}
    assert {t.id for t in before["m0.txt"]} == {"harbour-line", "ha-noi"}
