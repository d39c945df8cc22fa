"""Jinja filters, globals and translations the theme relies on."""

from __future__ import annotations

import functools
import gettext
import io
import json
import os
from datetime import date, datetime
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from babel import Locale, UnknownLocaleError
from babel.core import get_global
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from markupsafe import Markup

from .knowledge import Knowledge
from .site.charts import DailySeries, sparkline

CATALOG_DOMAIN = "messages"
# Characters that could end a <script> element or start markup inside it, and the line separators some
# JavaScript parsers reject, written as JSON escapes: the JSON means the same, and "</script>" in a
# title can never close the element that holds it.
JSON_SCRIPT_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}
JSON_SCRIPT_ESCAPE_TABLE = str.maketrans(JSON_SCRIPT_ESCAPES)


def make_filters(knowledge: Knowledge, display_zone: str) -> dict:
    zone = ZoneInfo(display_zone)
    # Each tag's language looked up once per build: pages ask for names and directions a million
    # times at 20,000 articles.
    language = functools.lru_cache(maxsize=None)(knowledge.language)

    def local(value):
        return value.astimezone(zone) if isinstance(value, datetime) else value

    def iso(value):
        if isinstance(value, (datetime, date)):
            return value.isoformat()
        return value or ""

    def fmt_time(value):
        return local(value).strftime("%Y-%m-%d %H:%M") if isinstance(value, datetime) else ""

    def fmt_day(value):
        if isinstance(value, datetime):
            return local(value).strftime("%Y-%m-%d")
        return value.isoformat() if isinstance(value, date) else str(value or "")

    def fmt_zoned(value):
        """The time as the source printed it, with its UTC offset: 2021-01-11 16:26 UTC+07:00."""
        if not isinstance(value, datetime):
            return ""
        offset = value.strftime("%z")
        offset = f"{offset[:3]}:{offset[3:]}" if offset else ""
        return value.strftime("%Y-%m-%d %H:%M") + (f" UTC{offset}" if offset else "")

    return {
        "iso": iso,
        "fmt_zoned": fmt_zoned,
        "local": local,
        "fmt_time": fmt_time,
        "fmt_day": fmt_day,
        "lang_name": lambda tag: language(tag).name if tag else "",
        "text_dir": lambda tag: language(tag).direction if tag else "ltr",
        "jsonld": jsonld,
        "og_locale": og_locale,
        "sparkline": chart_svg,
    }


def chart_svg(series, label) -> Markup:
    """`series` (a DailySeries, or counts) as an inline SVG bar chart named `label`."""
    counts = series.counts if isinstance(series, DailySeries) else tuple(series)
    return Markup(sparkline(counts, str(label)))


def og_locale(tag) -> str:
    """OpenGraph's language_TERRITORY for a BCP 47 tag, the territory its likeliest: zh-Hant → zh_TW, vi → vi_VN."""
    return og_locale_of(str(tag or "und"))


@functools.lru_cache(maxsize=256)
def og_locale_of(tag: str) -> str:
    """Babel loads locale data on every parse: one answer per tag is worked out once."""
    subtags = tag.replace("-", "_")
    if subtags.split("_")[0] == "und":
        return ""
    try:
        locale = Locale.parse(subtags)
    except (UnknownLocaleError, ValueError):
        return ""
    territory = locale.territory or likely_territory(locale)
    return f"{locale.language}_{territory}" if territory else locale.language


def likely_territory(locale: Locale) -> str | None:
    """CLDR's likely subtags, looked up as language_Script, then language (zh_Hant → TW, zh → CN)."""
    likely = get_global("likely_subtags")
    keys = [f"{locale.language}_{locale.script}"] if locale.script else []
    for key in [*keys, locale.language]:
        if key in likely:
            return Locale.parse(likely[key]).territory
    return None


def jsonld(value) -> Markup:
    """`value` as JSON safe to place inside <script type="application/ld+json">; empty values dropped."""
    text = json.dumps(without_empty(value), ensure_ascii=False, separators=(",", ":"))
    return Markup(text.translate(JSON_SCRIPT_ESCAPE_TABLE))


def without_empty(value):
    """JSON-LD leaves a property out rather than giving it null, "" or []."""
    if isinstance(value, dict):
        kept = {key: without_empty(item) for key, item in value.items()}
        return {key: item for key, item in kept.items() if item not in (None, "", [], {})}
    if isinstance(value, (list, tuple)):
        return [without_empty(item) for item in value if item not in (None, "", [], {})]
    return value


def make_globals(siteurl: str) -> dict:
    """What RELATIVE_URLS hides from templates: the site's absolute address and its path.

    SITEURL_ABSOLUTE (no trailing slash) makes og:url and JSON-LD URLs absolute; SITE_PATH ("" or
    "/repo") roots the links of a relative-URL build's 404 page, which is served at any depth.
    """
    absolute = (siteurl or "").rstrip("/")
    return {"SITEURL_ABSOLUTE": absolute, "SITE_PATH": urlsplit(absolute).path.rstrip("/")}


def canonical_tag(tag: str) -> str:
    """A BCP 47 tag in its usual case, which Pelican's lowercasing of DEFAULT_LANG loses: zh-hant-hk → zh-Hant-HK."""
    language, *subtags = tag.replace("_", "-").split("-")
    cased = [language.lower()]
    for subtag in subtags:
        if len(subtag) == 4 and subtag.isalpha():
            cased.append(subtag.title())  # script
        elif (len(subtag) == 2 and subtag.isalpha()) or (len(subtag) == 3 and subtag.isdigit()):
            cased.append(subtag.upper())  # region
        else:
            cased.append(subtag.lower())
    return "-".join(cased)


def catalog_candidates(language: str) -> list[str]:
    """Catalog folders to try for a BCP 47 tag, most specific first: zh-Hant-HK → zh_Hant_HK, zh_Hant, zh."""
    subtags = canonical_tag(language).split("-")
    return ["_".join(subtags[:count]) for count in range(len(subtags), 0, -1)]


def find_catalog(theme_path: str, language: str) -> str | None:
    """The theme's messages.po for the UI language: translations/<lang>/LC_MESSAGES/messages.po."""
    directory = os.path.join(theme_path, "translations")
    for candidate in catalog_candidates(language):
        path = os.path.join(directory, candidate, "LC_MESSAGES", f"{CATALOG_DOMAIN}.po")
        if os.path.isfile(path):
            return path
    return None


def compile_catalog(po_path: str) -> gettext.GNUTranslations:
    """The .po catalog compiled to .mo in memory: no generated file to commit or to go stale."""
    with open(po_path, "rb") as po_file:
        catalog = read_po(po_file)
    compiled = io.BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return gettext.GNUTranslations(compiled)


def install_translations(env, theme_path: str, language: str) -> None:
    """Install the theme's catalog for the UI language (DEFAULT_LANG); English strings when it has none."""
    po_path = find_catalog(theme_path, language)
    translations = compile_catalog(po_path) if po_path else gettext.NullTranslations()
    env.install_gettext_translations(translations, newstyle=True)
    if env.autoescape is False:
        env.globals.update(plain_text_callables(translations))


def plain_text_callables(translations) -> dict:
    """_(), gettext() and ngettext() as Jinja's newstyle ones behave where nothing is autoescaped
    (the result is a format string: `% variables` always applied), each string looked up once per
    build. Jinja's own go through the template context twice on every call: a tenth of rendering a
    page with a few dozen strings."""
    singular: dict[str, str] = {}

    def text(message: str, /, **variables) -> str:
        found = singular.get(message)
        if found is None:
            found = singular[message] = translations.gettext(message)
        return found % variables

    def plural(message: str, messages: str, number: int, /, **variables) -> str:
        variables.setdefault("num", number)
        return translations.ngettext(message, messages, number) % variables

    return {"_": text, "gettext": text, "ngettext": plural}
