"""Language detection: the body decides, Chinese carries its script, a source's declared region is kept."""

from __future__ import annotations

import pytest
from news_digest import language
from news_digest.language import (
    DETECTION_SAMPLE_CHARS,
    KANA_PATTERN,
    LETTER_PATTERN,
    chinese_script,
    count_chars,
    detect_language,
    same_language,
)

# (title, body) written for these tests: the same small story in each language.
ARTICLES = {
    "zh-Hans": (
        "城市地铁春节延长运营",
        "市政府今天宣布，城市地铁将在春节期间延长运营时间，方便市民出行。"
        "交通部门表示，夜间列车每十五分钟一班，乘客可以提前查询时刻表。",
    ),
    "zh-Hant": (
        "城市捷運春節延長營運",
        "市政府今天宣布，城市捷運將在春節期間延長營運時間，方便市民出行。"
        "交通部門表示，夜間列車每十五分鐘一班，乘客可以提前查詢時刻表。",
    ),
    "vi": (
        "Tàu điện chạy muộn hơn dịp Tết",
        "Thành phố hôm nay thông báo sẽ kéo dài giờ chạy tàu điện trong dịp Tết để người dân đi lại thuận tiện. "
        "Sở Giao thông cho biết các chuyến tàu đêm chạy mười lăm phút một chuyến.",
    ),
    "en": (
        "Night trains to run later over the holidays",
        "The city council said on Monday that underground trains will run until two in the morning during the "
        "holiday week. Transport officials added that night services will leave every fifteen minutes.",
    ),
    "ar": (
        "تمديد ساعات عمل المترو خلال العيد",
        "أعلنت البلدية اليوم أن قطارات المترو ستعمل لساعات أطول خلال أيام العيد لتسهيل تنقل السكان. "
        "وقالت إدارة النقل إن القطارات الليلية ستنطلق كل خمس عشرة دقيقة.",
    ),
    "ja": (
        "地下鉄、年末年始に運行延長",
        "市は今日、年末年始の期間に地下鉄の運行時間を延長すると発表しました。"
        "交通局によると、夜間の列車は十五分ごとに運行され、乗客は事前に時刻表を確認できます。",
    ),
    "fr": (
        "Le métro roulera plus tard pendant les fêtes",
        "La mairie a annoncé lundi que les rames circuleront jusqu'à deux heures du matin pendant la semaine "
        "des fêtes. Les services de transport précisent que les trains de nuit partiront toutes les quinze minutes.",
    ),
}
PT_BR = (
    "Metrô vai funcionar até mais tarde no feriado",
    "A prefeitura anunciou nesta segunda-feira que os trens do metrô vão circular até as duas da manhã durante "
    "a semana do feriado. Segundo a secretaria de transportes, os trens noturnos vão partir a cada quinze minutos.",
)


@pytest.mark.parametrize("expected", list(ARTICLES))
def test_detects_the_language_of_the_body(expected):
    title, body = ARTICLES[expected]

    lang, warnings = detect_language(title, body)

    assert lang == expected
    assert warnings == ()


def test_chinese_quoting_english_names_stays_chinese():
    title = "科技公司代表出席听证会"
    body = (
        "在周二的听证会上，Microsoft、Google 和 Amazon 的代表分别回答了议员的提问。"
        "议员们关心的是这些公司如何处理用户数据，以及是否向第三方出售信息。"
        "据 Reuters 和 Associated Press 报道，Apple 与 Meta 没有派人出席。"
    )

    assert detect_language(title, body) == ("zh-Hans", ())


def test_english_title_over_a_chinese_body_is_chinese():
    title = "Microsoft, Google and Amazon at the hearing"
    body = ARTICLES["zh-Hans"][1]

    assert detect_language(title, body)[0] == "zh-Hans"


def test_traditional_and_simplified_are_told_apart():
    assert chinese_script(ARTICLES["zh-Hant"][1]) == "zh-Hant"
    assert chinese_script(ARTICLES["zh-Hans"][1]) == "zh-Hans"


@pytest.mark.parametrize(
    ("article", "hint"),
    [
        pytest.param(ARTICLES["zh-Hant"], "zh-Hant-HK", id="zh-Hant-HK"),
        pytest.param(ARTICLES["zh-Hant"], "zh-Hant-TW", id="zh-Hant-TW"),
        pytest.param(PT_BR, "pt-BR", id="pt-BR"),
        pytest.param(ARTICLES["en"], "en-AU", id="en-AU"),
    ],
)
def test_compatible_detection_keeps_the_hints_region(article, hint):
    assert detect_language(*article, hint=hint) == (hint, ())


def test_detection_without_a_hint_has_no_region():
    assert detect_language(*PT_BR)[0] == "pt"


def test_hint_with_another_script_of_chinese_is_overruled_with_a_warning():
    lang, warnings = detect_language(*ARTICLES["zh-Hans"], hint="zh-Hant-HK")

    assert lang == "zh-Hans"
    assert len(warnings) == 1
    assert "zh-Hant-HK" in warnings[0]


def test_hint_in_another_language_is_overruled_with_a_warning():
    lang, warnings = detect_language(*ARTICLES["en"], hint="fr")

    assert lang == "en"
    assert len(warnings) == 1
    assert "fr" in warnings[0]


@pytest.mark.parametrize(
    ("title", "body", "hint"),
    [
        pytest.param("Metrô", "", "pt-BR", id="one-word-title"),
        pytest.param("OK", "Sim.", "pt-BR", id="two-words"),
        pytest.param("Bourse", "", "fr", id="french-word-read-as-english"),
        pytest.param("COVID-19", "", "ar", id="latin-acronym-in-an-arabic-source"),
    ],
)
def test_very_short_text_with_a_hint_gives_the_hint_and_a_warning(title, body, hint):
    lang, warnings = detect_language(title, body, hint=hint)

    assert lang == hint
    assert warnings == (f"language taken from the source ({hint}): too little text to detect it",)


@pytest.mark.parametrize(
    ("title", "hint"),
    [pytest.param("Tàu 24h", "vi", id="vi"), pytest.param("港聞", "zh-Hant-HK", id="zh-Hant-HK")],
)
def test_very_short_text_agreeing_with_the_hint_gives_the_hint_quietly(title, hint):
    assert detect_language(title, "", hint=hint) == (hint, ())


def test_very_short_text_without_a_hint_warns():
    lang, warnings = detect_language("Metrô", "")

    assert lang
    assert len(warnings) == 1
    assert "too little text" in warnings[0]


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("pt", "pt-BR", True),
        ("en-AU", "en", True),
        ("zh-Hant", "zh-Hant-HK", True),
        ("zh-Hans", "zh", True),
        ("zh-Hans", "zh-Hant", False),
        ("zh-Hant-TW", "zh-Hans", False),
        ("vi", "en", False),
        ("ja", "zh-Hans", False),
    ],
)
def test_same_language(a, b, same):
    assert same_language(a, b) is same
    assert same_language(b, a) is same


@pytest.mark.parametrize(
    ("pattern", "text", "count"),
    [
        pytest.param(LETTER_PATTERN, "ab 1c_d", 4, id="letters-not-digits-or-underscores"),
        pytest.param(LETTER_PATTERN, "Việt Nam, 中国", 9, id="letters-of-every-script"),
        pytest.param(KANA_PATTERN, "東京のニュース", 5, id="kana-only"),
        pytest.param(KANA_PATTERN, "", 0, id="empty"),
    ],
)
def test_count_chars_counts_characters_not_runs(pattern, text, count):
    assert count_chars(pattern, text) == count


def test_only_the_start_of_a_long_text_is_sampled():
    english = "The river rose overnight and the ferry stopped running until the water fell again. "
    body = english * (DETECTION_SAMPLE_CHARS // len(english) + 1) + "Der Fluss stieg über Nacht. " * 200

    assert detect_language("", body)[0] == "en"


@pytest.mark.parametrize("lang", ["zh-Hans", "zh-Hant"])
def test_han_text_without_kana_is_chinese_without_asking_the_detector(lang, monkeypatch):
    def no_detector(sample):
        raise AssertionError("the detector was asked")

    monkeypatch.setattr(language, "detect_raw", no_detector)
    assert detect_language(*ARTICLES[lang]) == (lang, ())


def test_kana_or_a_few_han_names_leave_the_question_to_kana_and_the_detector(monkeypatch):
    asked = []
    real = language.detect_raw

    def counted(sample):
        asked.append(sample)
        return real(sample)

    monkeypatch.setattr(language, "detect_raw", counted)
    assert detect_language(*ARTICLES["ja"])[0] == "ja" and not asked  # kana settle it
    body = "The ferry from 上海 to 大连 ran late again, and the port of 天津 closed for the night. " * 3
    assert detect_language("Ferries run late", body)[0] == "en" and asked
