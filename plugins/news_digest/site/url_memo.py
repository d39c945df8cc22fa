"""Pelican's URLs, worked out once per object instead of on every use.

Pelican formats an article's `url` and `save_as` from its metadata every time a template, a feed or
the writer asks, copying the whole metadata dict each time; tags, sources and authors do the same.
A digest page lists every article dozens of times (lists, neighbours, stories, feeds), which made URL
building a tenth of the build. The memo is keyed by everything the URL formats read, so a slug made
unique after reading (site/slugs.py) still gets its own URL.
"""

from __future__ import annotations

import functools

from pelican import contents, urlwrappers

MEMO_ATTRIBUTE = "_news_digest_urls"


def url_inputs(content, key: str) -> tuple:
    author = getattr(content, "author", None)
    category = getattr(content, "category", None)
    return (
        key,
        content.in_default_lang,
        getattr(content, "slug", ""),
        getattr(content, "lang", None),
        getattr(content, "date", None),
        author.slug if author is not None else "",
        category.slug if category is not None else "",
        content.metadata.get("path"),
    )


def memoized_url_setting(original):
    @functools.wraps(original)
    def get_url_setting(self, key: str) -> str:
        if hasattr(self, "override_" + key):
            return getattr(self, "override_" + key)
        memo = self.__dict__.setdefault(MEMO_ATTRIBUTE, {})
        inputs = url_inputs(self, key)
        if inputs not in memo:
            memo[inputs] = original(self, key)
        return memo[inputs]

    get_url_setting.news_digest_memo = True
    return get_url_setting


def wrapper_property(key: str, get_page_name: bool = False) -> property:
    def value(self):
        memo = self.__dict__.setdefault(MEMO_ATTRIBUTE, {})
        inputs = (key, get_page_name, self.slug, self.name)
        if inputs not in memo:
            memo[inputs] = urlwrappers.URLWrapper._from_settings(self, key, get_page_name=get_page_name)
        return memo[inputs]

    return property(value)


def install() -> None:
    """Once per process: articles, pages, tags, sources and authors memoize their URLs."""
    if getattr(contents.Content.get_url_setting, "news_digest_memo", False):
        return
    contents.Content.get_url_setting = memoized_url_setting(contents.Content.get_url_setting)
    urlwrappers.URLWrapper.url = wrapper_property("URL")
    urlwrappers.URLWrapper.save_as = wrapper_property("SAVE_AS")
    urlwrappers.URLWrapper.page_name = wrapper_property("URL", get_page_name=True)
