"""Articles' and pages' URLs as Pelican makes them, however the memo works them out."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from news_digest.site import url_memo
from pelican.contents import Article, Content, Page
from pelican.settings import DEFAULT_CONFIG
from pelican.urlwrappers import Author, Category

PELICAN_URL_SETTING = getattr(Content.get_url_setting, "__wrapped__", Content.get_url_setting)

PATTERNS = [
    pytest.param("{date:%Y}/{date:%m}/{date:%d}/{slug}/", id="dated"),
    pytest.param("{date:%Y}/{date:%m}/{date:%d}/{slug}/index.html", id="dated-save-as"),
    pytest.param("{lang}/{category}/{author}/{slug}.html", id="lang-category-author"),
    pytest.param("{date.year}/{slug!s}-{lang!r}/", id="attribute-and-conversions"),
    pytest.param("{slug:>12}/{date:%j}/", id="format-specs"),
    pytest.param("{{literal}}/{slug}/", id="escaped-braces"),
    pytest.param("fixed/index.html", id="no-fields"),
    pytest.param("", id="empty"),
    pytest.param("{title}/", id="other-metadata"),
    pytest.param("{path}", id="path"),
    pytest.param("{source_id}/{slug}/", id="own-metadata"),
    pytest.param("{0}/{slug}/", id="positional"),
    pytest.param("{date:{fmt}}/", id="nested-spec"),
]
KEYS = ("URL", "SAVE_AS")


def settings_with(pattern: str) -> dict:
    settings = {**DEFAULT_CONFIG, "PATH": "/archive/content", "DEFAULT_LANG": "en"}
    for kind in ("ARTICLE", "DRAFT", "PAGE"):
        for key in KEYS:
            settings[f"{kind}_{key}"] = pattern
            settings[f"{kind}_LANG_{key}"] = f"{pattern}+"
    return settings


def make(kind, settings: dict, **metadata):
    metadata = {"title": "Quay works resume", "slug": "quay-works-resume", "source_id": "harbour-gazette", **metadata}
    return kind(
        "<p>Text.</p>", metadata=metadata, settings=settings, source_path="/archive/content/harbour/quay-works.txt"
    )


def variants(settings: dict) -> list:
    when = datetime(2025, 3, 9, 23, 30, tzinfo=ZoneInfo("Asia/Shanghai"))
    author, category = Author("Mei Lin", settings), Category("Harbour Gazette", settings)
    return [
        make(Article, settings, date=when),
        make(Article, settings, date=when, lang="zh-Hant", author=author, category=category),
        make(Article, settings, date=when, status="draft"),
        make(Article, settings, date=when, path="harbour/quay-works.txt"),
        make(Page, settings),
        make(Page, settings, lang="fr"),
        make(Page, settings, date=when, category=category),
    ]


def pelican_url(content, key: str):
    try:
        return PELICAN_URL_SETTING(content, key)
    except (KeyError, IndexError, ValueError) as error:
        return type(error)


@pytest.mark.parametrize("pattern", PATTERNS)
def test_urls_are_those_pelican_makes(pattern):
    """Worked out from the values Pelican sets over the metadata, or left to Pelican: the same string
    (or the same error) either way, for articles in and out of the default language, drafts and pages."""
    settings = settings_with(pattern)
    for content in variants(settings):
        for key in KEYS:
            expected = pelican_url(content, key)
            fast = url_memo.own_fields_url(content, key)
            if fast is not None:
                assert fast == expected, (pattern, key, content.metadata)
            memoized = url_memo.memoized_url_setting(PELICAN_URL_SETTING)
            if isinstance(expected, type):
                with pytest.raises(expected):
                    memoized(content, key)
            else:
                assert memoized(content, key) == expected


@pytest.mark.parametrize(
    ("pattern", "fields"),
    [
        ("{date:%Y}/{date:%m}/{date:%d}/{slug}/", {"date", "slug"}),
        ("{date.year}/{lang!r}/{{x}}", {"date", "lang"}),
        ("{0}/{slug}", None),
        ("{}/{slug}", None),
        ("{date:{fmt}}", None),
        ("{slug", None),
        ("plain", set()),
    ],
)
def test_pattern_fields(pattern, fields):
    assert url_memo.pattern_fields(pattern) == (frozenset(fields) if fields is not None else None)


def test_the_own_fields_path_is_taken_for_the_sites_article_urls():
    """The site's own patterns read only what Pelican sets itself: no copy of the metadata is made."""
    settings = settings_with("{date:%Y}/{date:%m}/{date:%d}/{slug}/")
    article = variants(settings)[0]
    assert url_memo.own_fields_url(article, "URL") == "2025/03/09/quay-works-resume/"
    assert url_memo.own_fields_url(make(Page, settings_with("{path}")), "URL") is None


def test_a_subclass_with_its_own_expansion_is_left_to_it():
    class Special(Article):
        def _expand_settings(self, key, klass=None):
            return "special/"

    settings = settings_with("{slug}/")
    special = make(Special, settings, date=datetime(2025, 3, 9, tzinfo=ZoneInfo("UTC")))
    assert url_memo.own_fields_url(special, "URL") is None
    assert url_memo.memoized_url_setting(PELICAN_URL_SETTING)(special, "URL") == "special/"
