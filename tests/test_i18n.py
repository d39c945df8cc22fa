"""The theme's strings: extracted into theme/translations/messages.pot, translated completely in every
catalog, and shown in the UI language (DEFAULT_LANG) a site is built with."""

from __future__ import annotations

import shutil

import pytest
from babel.messages.frontend import CommandLineInterface
from babel.messages.pofile import read_po
from conftest import ROOT, build_content
from lxml import html as lxml_html
from news_digest.templating import catalog_candidates, find_catalog

TRANSLATIONS = ROOT / "theme" / "translations"
TEMPLATE = TRANSLATIONS / "messages.pot"
CATALOGS = ("en", "zh_Hans", "zh_Hant", "vi")
# Where the navigation and the skip link say what they say, per UI language.
UI_STRINGS = {
    "zh-Hans": {"skip": "跳到主要内容", "nav": ["首页", "标签", "来源", "归档", "搜索"], "source": "来源"},
    "zh-Hant": {"skip": "跳至主要內容", "nav": ["首頁", "標籤", "來源", "歸檔", "搜尋"], "source": "來源"},
    "vi": {
        "skip": "Chuyển đến nội dung chính",
        "nav": ["Trang chủ", "Thẻ", "Nguồn tin", "Lưu trữ", "Tìm kiếm"],
        "source": "Nguồn",
    },
    "en": {
        "skip": "Skip to main content",
        "nav": ["Home", "Tags", "Sources", "Archives", "Search"],
        "source": "Source",
    },
}


def read_catalog(path, locale=None):
    with open(path, "rb") as po_file:
        return read_po(po_file, locale=locale)


def message_ids(catalog) -> set:
    return {message.id for message in catalog if message.id}


def test_the_template_holds_every_string_of_the_templates(tmp_path):
    """messages.pot is up to date: `make translations` after adding a string."""
    extracted = tmp_path / "messages.pot"
    CommandLineInterface().run(
        [
            "pybabel",
            "-q",
            "extract",
            "-F",
            str(ROOT / "babel.cfg"),
            "-o",
            str(extracted),
            "--ignore-dirs",
            ".* ._ node_modules output cache",
            str(ROOT),
        ]
    )
    missing = message_ids(read_catalog(extracted)) - message_ids(read_catalog(TEMPLATE))
    obsolete = message_ids(read_catalog(TEMPLATE)) - message_ids(read_catalog(extracted))
    assert not missing, f"strings missing from {TEMPLATE.name}; run `make translations`: {sorted(map(str, missing))}"
    assert not obsolete, f"strings no template uses any more; run `make translations`: {sorted(map(str, obsolete))}"
    assert len(message_ids(read_catalog(TEMPLATE))) > 50


@pytest.mark.parametrize("locale", CATALOGS)
def test_every_string_is_translated(locale):
    catalog = read_catalog(TRANSLATIONS / locale / "LC_MESSAGES" / "messages.po", locale=locale)
    untranslated = []
    for message in read_catalog(TEMPLATE):
        if not message.id:
            continue
        translated = catalog.get(message.id)
        strings = translated.string if translated else None
        strings = strings if isinstance(strings, tuple) else (strings,)
        if translated is None or translated.fuzzy or not all(strings):
            untranslated.append(message.id)
    assert not untranslated, f"{locale}: untranslated {untranslated}"
    problems = [(message.id, [str(error) for error in errors]) for message, errors in catalog.check()]
    assert not problems, f"{locale}: placeholders differ from the English: {problems}"


def test_chinese_catalogs_have_one_plural_form():
    for locale in ("zh_Hans", "zh_Hant", "vi"):
        assert read_catalog(TRANSLATIONS / locale / "LC_MESSAGES" / "messages.po", locale=locale).num_plurals == 1


@pytest.mark.parametrize(
    ("language", "folder"),
    [
        ("zh-Hans", "zh_Hans"),
        ("zh-Hant", "zh_Hant"),
        ("zh-Hant-HK", "zh_Hant"),
        ("vi", "vi"),
        ("vi-VN", "vi"),
        ("en", "en"),
    ],
)
def test_the_ui_language_finds_its_catalog(language, folder):
    assert find_catalog(str(ROOT / "theme"), language) == str(TRANSLATIONS / folder / "LC_MESSAGES" / "messages.po")


def test_a_language_without_a_catalog_gets_english():
    assert catalog_candidates("fr-CA") == ["fr_CA", "fr"]
    assert find_catalog(str(ROOT / "theme"), "fr-CA") is None


@pytest.mark.build
@pytest.mark.parametrize("language", ["zh-Hans", "zh-Hant", "vi", "en"])
def test_the_site_speaks_its_ui_language(language, tmp_path):
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    output = tmp_path / "output"
    build_content(content, output, f'DEFAULT_LANG="{language}"')
    expected = UI_STRINGS[language]
    home = lxml_html.fromstring((output / "index.html").read_bytes())
    assert home.xpath("/html/@lang") == [language]
    assert home.xpath("//a[@class='skip-link']/text()") == [expected["skip"]]
    navigation = [text.strip() for text in home.xpath("//nav[@class='site-nav']//a/text()")]
    assert all(word in navigation for word in expected["nav"]), navigation
    article = lxml_html.fromstring(next(output.glob("20*/*/*/*/index.html")).read_bytes())
    assert expected["source"] in article.xpath("//dl[contains(@class, 'article-meta')]//dt/text()")
