"""Pelican's URLs, worked out once per object instead of on every use.

Pelican formats an article's `url` and `save_as` from its metadata every time a template, a feed or
the writer asks, copying the whole metadata dict each time; tags, sources and authors do the same.
A digest page lists every article dozens of times (lists, neighbours, stories, feeds), which made URL
building a tenth of the build. The memo is keyed by everything the URL formats read, so a slug made
unique after reading (site/slugs.py) still gets its own URL.

The first URL of each article is worked out without Pelican's copy of its metadata where the setting
reads only the values Pelican puts over the metadata anyway (slug, lang, date, author, category, as
in ARTICLE_URL = "{date:%Y}/{date:%m}/{date:%d}/{slug}/"): the same string, without a dict of every
metadata field and a relative source path per article (0.6 s of a rebuild of 20,000 articles).
"""

from __future__ import annotations

import functools
import re
import string

from pelican import contents, urlwrappers

MEMO_ATTRIBUTE = "_news_digest_urls"
# The values Content.url_format sets over the metadata, as it sets them (path aside: it is worked out
# from the source path, which is the cost this spares).
OWN_FIELDS = {
    "slug": lambda content: getattr(content, "slug", ""),
    "lang": lambda content: getattr(content, "lang", "en"),
    "date": lambda content: content.date,  # without a date Pelican puts now(): left to Pelican
    "author": lambda content: content.author.slug if hasattr(content, "author") else "",
    "category": lambda content: content.category.slug if hasattr(content, "category") else "",
}
FIELD_ROOT = re.compile(r"[^.\[]*")


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


@functools.lru_cache(maxsize=256)
def pattern_fields(pattern: str) -> frozenset[str] | None:
    """The names a str.format pattern reads (each field's name before any `.` or `[`); None when it
    reads a field by position or nests fields in a format spec."""
    names = set()
    try:
        for _text, field, spec, _conversion in string.Formatter().parse(pattern):
            if field is None:
                continue
            root = FIELD_ROOT.match(field).group(0)
            if not root or root.isdigit() or "{" in (spec or ""):
                return None
            names.add(root)
    except ValueError:
        return None
    return frozenset(names)


def expansion_class(content) -> str | None:
    """The settings' prefix Pelican's _expand_settings uses for this content, where it is Pelican's own
    (a subclass that overrides it is left to itself)."""
    expand = type(content)._expand_settings
    if expand is contents.Article._expand_settings:
        return "draft" if content.status == "draft" else "article"
    if expand is contents.Content._expand_settings:
        return type(content).__name__
    return None


def own_fields_url(content, key: str) -> str | None:
    """Pelican's get_url_setting (no override) where the setting reads only OWN_FIELDS; else None."""
    klass = expansion_class(content)
    if klass is None:
        return None
    key = key if content.in_default_lang else f"lang_{key}"
    pattern = content.settings.get(f"{klass}_{key}".upper())
    if pattern is None:
        return None
    pattern = str(pattern)
    fields = pattern_fields(pattern)
    if fields is None or not fields <= OWN_FIELDS.keys() or ("date" in fields and not hasattr(content, "date")):
        return None
    return pattern.format(**{name: OWN_FIELDS[name](content) for name in fields})


def memoized_url_setting(original):
    @functools.wraps(original)
    def get_url_setting(self, key: str) -> str:
        if hasattr(self, "override_" + key):
            return getattr(self, "override_" + key)
        memo = self.__dict__.setdefault(MEMO_ATTRIBUTE, {})
        inputs = url_inputs(self, key)
        if inputs not in memo:
            value = own_fields_url(self, key)
            memo[inputs] = value if value is not None else original(self, key)
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
