"""Typogrify for the languages whose conventions it follows, and never inside CJK text.

Pelican's TYPOGRIFY is all or nothing, and its rules are English ones: curled quotes, dashes from
hyphens, `&` and capitals wrapped for styling, no widow at the end of a paragraph. The site stays
with TYPOGRIFY off and typesets an article's title, summary and body only when its language is one
of NEWS_DIGEST_TYPOGRIFY_LANGUAGES. Even then, a straight quote that opens, closes or touches
Chinese, Japanese or Korean text is left alone: CJK quoting has its own marks (「」, “” full width).
Typesetting is presentation: the Pelican reader applies it, `inspect` and the pipeline never do.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import smartypants
from typogrify.filters import typogrify

# Han, kana, hangul, CJK punctuation and full-width forms.
CJK_CHARS = "\u2e80-\u2fff\u3000-\u30ff\u3100-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef"
# A quoted run (no tag, no line break inside) that holds CJK text: both of its quotes stay straight.
QUOTED_CJK_PATTERN = re.compile(rf"([\"'])([^\"'<>\n]*[{CJK_CHARS}][^\"'<>\n]*)\1")
# Any other straight quote with CJK text right before or after it.
QUOTE_BESIDE_CJK_PATTERN = re.compile(rf"(?<=[{CJK_CHARS}])([\"'])|([\"'])(?=[{CJK_CHARS}])")
# Stand-ins (Unicode private use) that smartypants leaves alone, put back afterwards.
KEPT_QUOTES = {'"': "\ue000", "'": "\ue001"}
RESTORED_QUOTES = str.maketrans({stand_in: quote for quote, stand_in in KEPT_QUOTES.items()})
# Pelican's TYPOGRIFY_DASHES values and the smartypants attributes each means.
DASH_ATTRIBUTES = {
    "default": smartypants.Attr.set1,
    "oldschool": smartypants.Attr.set2,
    "oldschool_inverted": smartypants.Attr.set3,
}


@dataclass(frozen=True)
class Typesetting:
    languages: tuple[str, ...]  # BCP 47 tags; "en" covers en-GB too
    ignore_tags: tuple[str, ...] = ()  # Pelican's TYPOGRIFY_IGNORE_TAGS
    omit_filters: tuple[str, ...] = ()  # Pelican's TYPOGRIFY_OMIT_FILTERS
    dashes: str = "default"  # Pelican's TYPOGRIFY_DASHES

    @classmethod
    def from_settings(cls, languages: Iterable[str], settings: dict) -> Typesetting:
        return cls(
            languages=tuple(languages),
            ignore_tags=tuple(settings.get("TYPOGRIFY_IGNORE_TAGS") or ()),
            omit_filters=tuple(settings.get("TYPOGRIFY_OMIT_FILTERS") or ()),
            dashes=settings.get("TYPOGRIFY_DASHES") or "default",
        )

    @property
    def attributes(self) -> int:
        return DASH_ATTRIBUTES.get(self.dashes, smartypants.Attr.set1)


def is_typeset(lang: str | None, languages: Iterable[str]) -> bool:
    """Whether typogrify's rules fit `lang`: it is one of `languages` or a regional form of one."""
    if not lang:
        return False
    lang = lang.casefold()
    return any(lang == tag.casefold() or lang.startswith(tag.casefold() + "-") for tag in languages)


def keep_quote(match: re.Match) -> str:
    return "".join(KEPT_QUOTES.get(char, char) for char in match.group(0))


def protect_cjk_quotes(text: str) -> str:
    """Straight quotes around or beside CJK text, swapped for stand-ins smartypants does not curl."""
    text = QUOTED_CJK_PATTERN.sub(keep_quote, text)
    return QUOTE_BESIDE_CJK_PATTERN.sub(keep_quote, text)


@contextmanager
def smartypants_attributes(attributes: int) -> Iterator[None]:
    """typogrify calls smartypants with its module default; set it for one call, then put it back."""
    saved = smartypants.Attr.default
    smartypants.Attr.default = attributes
    try:
        yield
    finally:
        smartypants.Attr.default = saved


def typeset_text(text: str, rules: Typesetting) -> str:
    """Plain text (a title, a summary) with curled quotes, dashes and ellipses as characters: the
    templates escape it, so it gets no markup and no entities."""
    if not text:
        return text
    curled = smartypants.smartypants(protect_cjk_quotes(text), rules.attributes | smartypants.Attr.u)
    return curled.translate(RESTORED_QUOTES)


def typeset_html(fragment: str, rules: Typesetting) -> str:
    """Sanitized article HTML through typogrify's filters, less TYPOGRIFY_OMIT_FILTERS."""
    if not fragment:
        return fragment
    omitted = dict.fromkeys(rules.omit_filters, False)
    with smartypants_attributes(rules.attributes):
        typeset = typogrify(protect_cjk_quotes(fragment), list(rules.ignore_tags), **omitted)
    return typeset.translate(RESTORED_QUOTES)
