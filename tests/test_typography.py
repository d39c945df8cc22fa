"""Typogrify only for the languages it fits (NEWS_DIGEST_TYPOGRIFY_LANGUAGES), never inside CJK text."""

from __future__ import annotations

import pytest
from news_digest.typography import Typesetting, is_typeset, typeset_html, typeset_text
from pelican.contents import Article
from pelican.readers import Readers
from test_reader import settings_for

ENGLISH = """<!--1700000000000-->
[Port says "normal service" is back](https://harbour.example/news/service)
------

<div>14/11/2023 - 21:05</div><p>The operator said "normal service" had resumed -- and that it's working on the backlog...</p><p>Crews checked every berth for damage before the first ships were allowed back into the harbour.</p>
"""

CHINESE = """<!--1700000000000-->
[港口称"恢复正常"](https://harbour.example/news/zh-service)
------

<div>14/11/2023 - 21:05</div><p>港口营运商周二晚表示，码头作业已"恢复正常"，积压的船只将在两天内清空。工人们逐一检查了每个泊位。</p><p>营运商说，台风过后的"第一批"货轮已经靠港，港区的交通也已经恢复了正常的秩序。</p>
"""

SOURCES = """harbour:
  name: Harbour Daily
  domains: [harbour.example]
  timezone: Europe/Paris
"""

RULES = Typesetting(languages=("en",))


@pytest.fixture
def content(tmp_path):
    folder = tmp_path / "content"
    (folder / "harbour").mkdir(parents=True)
    (folder / "sources.yaml").write_text(SOURCES, encoding="utf-8")
    (folder / "tags.yaml").write_text("{}\n", encoding="utf-8")
    (folder / "harbour" / "en.txt").write_text(ENGLISH, encoding="utf-8")
    (folder / "harbour" / "zh.txt").write_text(CHINESE, encoding="utf-8")
    return folder


def read(content, name, **override):
    readers = Readers(settings_for(content, **override))
    return readers.read_file(base_path=str(content), path=name, content_class=Article, context={})


def test_an_english_article_gets_curled_quotes_dashes_and_ellipses(content):
    article = read(content, "harbour/en.txt")
    assert article.lang == "en"
    assert article.title == "Port says “normal service” is back"
    assert '"' not in article.summary_text and "“normal service”" in article.summary_text
    assert "&#8220;normal service&#8221;" in article.content
    assert "it&#8217;s" in article.content and "&#8230;" in article.content and "&#8212;" in article.content


def test_a_chinese_article_keeps_its_straight_quotes(content):
    article = read(content, "harbour/zh.txt")
    assert article.lang == "zh-Hans"
    assert article.title == '港口称"恢复正常"'
    assert '"恢复正常"' in article.content and '"第一批"' in article.content
    assert "&#8220;" not in article.content and "“" not in article.content and "&nbsp;" not in article.content


def test_the_setting_chooses_the_languages(content):
    english = read(content, "harbour/en.txt", NEWS_DIGEST_TYPOGRIFY_LANGUAGES=["vi"])
    assert english.title == 'Port says "normal service" is back'
    # Even for a CJK language someone lists, quotes touching CJK text stay straight.
    chinese = read(content, "harbour/zh.txt", NEWS_DIGEST_TYPOGRIFY_LANGUAGES=["zh"])
    assert chinese.title == '港口称"恢复正常"'
    assert '"恢复正常"' in chinese.content and "&#8220;" not in chinese.content


def test_languages_match_by_prefix_of_subtags():
    assert is_typeset("en", ["en"]) and is_typeset("en-GB", ["en"]) and is_typeset("EN-us", ["en"])
    assert not is_typeset("eng", ["en"]) and not is_typeset("zh-Hans", ["en"]) and not is_typeset(None, ["en"])


def test_quotes_around_or_beside_cjk_text_stay_straight_in_an_english_text():
    assert typeset_text('The slogan "中国梦" and "Made in 中国", then "done"', RULES) == (
        'The slogan "中国梦" and "Made in 中国", then “done”'
    )
    html = '<p>He wrote "你好" in <a href="https://x.example/" title="a &quot;b&quot;">the "note"</a></p>'
    typeset = typeset_html(html, RULES)
    assert '"你好"' in typeset
    assert "&#8220;note&#8221;" in typeset
    assert 'title="a &quot;b&quot;"' in typeset  # attributes are never touched


def test_pelican_settings_for_typogrify_are_honoured():
    rules = Typesetting.from_settings(
        ["en"], {"TYPOGRIFY_OMIT_FILTERS": ["widont", "caps"], "TYPOGRIFY_DASHES": "oldschool"}
    )
    typeset = typeset_html("<p>NASA said -- at last --- it was over</p>", rules)
    assert "&nbsp;" not in typeset and 'class="caps"' not in typeset
    assert "&#8211;" in typeset and "&#8212;" in typeset  # oldschool: -- en dash, --- em dash
    assert "&nbsp;" in typeset_html("<p>NASA said it was over</p>", RULES)


def test_typesetting_is_cached_with_the_parse_and_keyed_by_its_settings(content):
    """The parse cache keeps an article's typeset text: a build with other typography settings does
    not get the text typeset for the last one."""

    def cached_read(**override):
        readers = Readers(settings_for(content, **override))
        article = readers.read_file(base_path=str(content), path="harbour/en.txt", content_class=Article, context={})
        reader = readers.readers["txt"]
        hits = reader.cache.hits
        reader.done_reading()
        return article.title, hits

    assert cached_read() == ("Port says “normal service” is back", 0)
    assert cached_read() == ("Port says “normal service” is back", 1)
    assert cached_read(NEWS_DIGEST_TYPOGRIFY_LANGUAGES=["vi"]) == ('Port says "normal service" is back', 0)
    assert cached_read(TYPOGRIFY_DASHES="oldschool") == ("Port says “normal service” is back", 0)
