"""Jinja filters and translations the theme relies on."""

from __future__ import annotations

import gettext
import os
from datetime import date, datetime
from zoneinfo import ZoneInfo

from .knowledge import Knowledge


def make_filters(knowledge: Knowledge, display_zone: str) -> dict:
    zone = ZoneInfo(display_zone)

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
        "lang_name": lambda tag: knowledge.language(tag or "und").name if tag else "",
        "text_dir": lambda tag: knowledge.language(tag or "und").direction if tag else "ltr",
    }


def install_translations(env, theme_path: str, language: str) -> None:
    """Install the theme's gettext catalog for the UI language (English strings when none)."""
    directory = os.path.join(theme_path, "translations")
    candidates = [language, language.replace("-", "_"), language.split("-", maxsplit=1)[0]]
    translations = gettext.translation("messages", directory, languages=candidates, fallback=True)
    env.install_gettext_translations(translations, newstyle=True)
