"""Dates as news files write them, turned into aware datetimes.

A registry of tiny handlers, each a compiled pattern plus a builder that returns None when the
numbers make no date. dateparser (about 1 ms a call) only sees what the handlers cannot read and
that still looks like a date with a month name.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

ZONE = r"(?P<zone>Z|UTC|GMT(?:\s*[+-]\s*\d{1,2}(?::?\d{2})?)?|[+-]\d{2}:?\d{2})?"
TIME = r"(?:\s*(?:[,\-–]|\bat\b|lúc)?\s*(?P<hour>\d{1,2})[:：h](?P<minute>\d{2})(?::(?P<second>\d{2})(?:\.\d+)?)?)?"
ISO_PATTERN = re.compile(
    r"(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})"
    r"(?:[T ](?P<hour>\d{1,2}):(?P<minute>\d{2})(?::(?P<second>\d{2})(?:\.\d+)?)?)?\s*" + ZONE
)
CJK_PATTERN = re.compile(
    r"(?P<year>\d{4})\s*年\s*(?P<month>\d{1,2})\s*月\s*(?P<day>\d{1,2})\s*日" + TIME + r"\s*" + ZONE
)
NUMERIC_PATTERN = re.compile(r"(?P<a>\d{1,2})[/.\-](?P<b>\d{1,2})[/.\-](?P<year>\d{4})" + TIME + r"\s*" + ZONE)
TIME_FIRST_PATTERN = re.compile(
    r"(?P<hour>\d{1,2})[:h](?P<minute>\d{2})(?::(?P<second>\d{2}))?\s*[,\-–]?\s*"
    r"(?P<a>\d{1,2})[/.\-](?P<b>\d{1,2})[/.\-](?P<year>\d{4})\s*" + ZONE
)
YMD_SLASH_PATTERN = re.compile(r"(?P<year>\d{4})[/.](?P<month>\d{1,2})[/.](?P<day>\d{1,2})" + TIME + r"\s*" + ZONE)
ENGLISH_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}
ENGLISH_MONTH = "(?P<monthname>" + "|".join(sorted(ENGLISH_MONTHS, key=len, reverse=True)) + r")\.?"
CLOCK = (
    r"(?:\s*[,\-–]?\s*(?:\bat\b\s*)?(?P<hour>\d{1,2})[:h](?P<minute>\d{2})(?::(?P<second>\d{2}))?"
    r"\s*(?P<ampm>[ap]\.?m\.?)?)?"
)
# "Fri, 08 Jan 2021 03:47:40 GMT" (RFC 2822) and "11 January 2021 15:26".
DAY_MONTH_YEAR_PATTERN = re.compile(
    r"(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+" + ENGLISH_MONTH + r",?\s+(?P<year>\d{4})" + CLOCK + r"\s*" + ZONE,
    re.IGNORECASE,
)
# "January 11, 2021 3:46 PM", "Jan 11th 2021".
MONTH_DAY_YEAR_PATTERN = re.compile(
    ENGLISH_MONTH + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<year>\d{4})" + CLOCK + r"\s*" + ZONE,
    re.IGNORECASE,
)
# "20201001" or "20201001163534": digits only, as archives and URLs write them.
COMPACT_PATTERN = re.compile(
    r"(?<!\d)(?P<year>(?:19|20)\d{2})(?P<month>[01]\d)(?P<day>[0-3]\d)"
    r"(?:(?P<hour>[0-2]\d)(?P<minute>[0-5]\d)(?P<second>[0-5]\d)?\d{0,3})?(?!\d)"
)
# A day, a month word and a four-digit year in any order: left to dateparser.
MONTH_NAME_PATTERN = re.compile(
    r"(?:\d{1,2}\.?\s+[^\W\d_]{3,}\.?,?\s+\d{4}|[^\W\d_]{3,}\.?\s+\d{1,2},?\s+\d{4})"
    r"(?:\s*[,\-–]?\s*(?:\bat\b\s*)?\d{1,2}[:h]\d{2}(?::\d{2})?\s*(?:[ap]\.?m\.?)?)?",
    re.IGNORECASE,
)
# At most this many characters besides the date itself (weekday names, "GMT+7", brackets).
MAX_DATE_NOISE = 24
EARLIEST_YEAR = 1990


@dataclass(frozen=True)
class ParsedDate:
    value: datetime
    precision: str  # "minute", "second" or "day"


def zone_named(name: str | None) -> ZoneInfo | None:
    if not name:
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None


def explicit_zone(text: str | None) -> timezone | None:
    """`Z`, `UTC`, `GMT+7`, `+08:00` as a fixed offset; None when the text names no zone."""
    if not text:
        return None
    text = text.replace(" ", "")
    if text in ("Z", "UTC", "GMT"):
        return UTC
    match = re.fullmatch(r"(?:GMT|UTC)?([+-])(\d{1,2}):?(\d{2})?", text)
    if not match:
        return None
    sign = -1 if match.group(1) == "-" else 1
    hours, minutes = int(match.group(2)), int(match.group(3) or 0)
    if hours > 14 or minutes > 59:
        return None
    return timezone(sign * timedelta(hours=hours, minutes=minutes))


def _build(fields: dict, zone, default_zone) -> ParsedDate | None:
    tz = explicit_zone(zone) or default_zone or UTC
    try:
        year, month, day = int(fields["year"]), int(fields["month"]), int(fields["day"])
        hour = int(fields.get("hour") or 0)
        minute = int(fields.get("minute") or 0)
        second = int(fields.get("second") or 0)
        value = datetime(year, month, day, hour, minute, second, tzinfo=tz)
    except (ValueError, TypeError):
        return None
    precision = "day" if fields.get("hour") is None else "second" if fields.get("second") else "minute"
    return ParsedDate(value, precision)


def _day_month(a: str, b: str, order: str) -> tuple[str, str]:
    """Which of two numbers is the day: the source's order, unless the numbers rule it out."""
    if order == "MDY":
        month, day = a, b
    else:
        day, month = a, b
    if int(month) > 12 >= int(day):
        day, month = month, day
    return day, month


def from_iso(match, order, tz):
    return _build(match.groupdict(), match.groupdict().get("zone"), tz)


def from_month_name(match, order, tz):
    fields = match.groupdict()
    fields["month"] = ENGLISH_MONTHS[fields["monthname"].lower()]
    ampm = (fields.get("ampm") or "").lower().replace(".", "")
    if fields.get("hour") is not None and ampm:
        hour = int(fields["hour"]) % 12 + (12 if ampm == "pm" else 0)
        fields["hour"] = str(hour)
    return _build(fields, fields.get("zone"), tz)


def from_numeric(match, order, tz):
    fields = match.groupdict()
    fields["day"], fields["month"] = _day_month(fields["a"], fields["b"], order)
    return _build(fields, fields.get("zone"), tz)


HANDLERS: tuple[tuple[re.Pattern, Callable], ...] = (
    (ISO_PATTERN, from_iso),
    (DAY_MONTH_YEAR_PATTERN, from_month_name),
    (MONTH_DAY_YEAR_PATTERN, from_month_name),
    (CJK_PATTERN, from_iso),
    (YMD_SLASH_PATTERN, from_iso),
    (TIME_FIRST_PATTERN, from_numeric),
    (NUMERIC_PATTERN, from_numeric),
    (COMPACT_PATTERN, from_iso),
)
# Noise a date line may carry besides the date when nothing separates an author from it: weekday
# names, zone names, brackets. Anything else means the line is text that mentions a date.
WEEKDAY_PATTERN = re.compile(
    r"\b(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?|thứ\s*(?:hai|ba|tư|năm|sáu|bảy|\d)|chủ\s*nhật|"
    r"星期[一二三四五六日天]|週[一二三四五六日]|周[一二三四五六日]|[月火水木金土日]曜日?|"
    r"(?:الأحد|الإثنين|الاثنين|الثلاثاء|الأربعاء|الخميس|الجمعة|السبت)|\b(?:GMT|UTC)\s*(?:[+-]\s*\d{1,2}(?::?\d{2})?)?|"
    r"(?:ngày|lúc|le|am|el|em|on|at|posted|updated|published|发布时间|發佈時間|发布于|更新)\b|[:：()（）\[\],|·-]",
    re.IGNORECASE,
)
MAX_BARE_DATE_NOISE = 2


def _noise(text: str, match: re.Match) -> str:
    return (text[: match.start()] + text[match.end() :]).strip(" ,|-–()[]·")


def _find(pattern: re.Pattern, text: str) -> re.Match | None:
    match = pattern.search(text)
    if match and len(_noise(text, match)) <= MAX_DATE_NOISE:
        return match
    return None


def looks_like_date(text: str, strict: bool = False) -> bool:
    """True when the text is a date (with a little noise), as a byline's date part is.

    strict: the noise may only be weekday and zone names, as on a date line without an author.
    """
    text = " ".join(text.split())
    if not text or len(text) > 80 or not any(map(str.isdigit, text)):
        return False
    for pattern in (*(p for p, _ in HANDLERS), MONTH_NAME_PATTERN):
        match = _find(pattern, text)
        if match and (not strict or len(WEEKDAY_PATTERN.sub("", _noise(text, match)).strip()) <= MAX_BARE_DATE_NOISE):
            return True
    return False


def _noise_zone(text: str, match: re.Match) -> str | None:
    found = re.search(r"(?:GMT|UTC)\s*[+-]\s*\d{1,2}(?::?\d{2})?|\bGMT\b|\bUTC\b", _noise(text, match))
    return found.group(0) if found else None


@lru_cache(maxsize=4096)
def parse_date(
    text: str, tz_name: str | None = None, order: str | None = None, lang: str | None = None
) -> ParsedDate | None:
    """Parse one date as a file writes it; the zone named in the text wins over tz_name."""
    text = " ".join((text or "").split())
    if not text or len(text) > 80:
        return None
    tz = zone_named(tz_name)
    order = order or "DMY"
    for pattern, build in HANDLERS:
        match = _find(pattern, text)
        if match:
            parsed = build(match, order, tz)
            if parsed is None:
                return None
            zone = _noise_zone(text, match)
            if zone and not match.groupdict().get("zone"):
                parsed = ParsedDate(parsed.value.replace(tzinfo=explicit_zone(zone)), parsed.precision)
            return parsed if parsed.value.year >= EARLIEST_YEAR else None
    match = _find(MONTH_NAME_PATTERN, text)
    if match:
        return parse_with_dateparser(match.group(0), tz_name, order, lang)
    return None


def parse_with_dateparser(text: str, tz_name, order, lang) -> ParsedDate | None:
    import dateparser  # noqa: PLC0415  (slow to import; most files never need it)

    languages = [lang.split("-")[0]] if lang else None
    if languages and languages[0] != "en":
        languages.append("en")
    settings = {
        "DATE_ORDER": order,
        "PREFER_DAY_OF_MONTH": "first",
        "REQUIRE_PARTS": ["day", "month", "year"],
        "RETURN_AS_TIMEZONE_AWARE": False,
    }
    try:
        value = dateparser.parse(text, languages=languages, settings=settings)
    except (ValueError, TypeError, OverflowError):
        return None
    if value is None or value.year < EARLIEST_YEAR:
        return None
    has_time = bool(re.search(r"\d{1,2}[:h]\d{2}", text))
    tz = zone_named(tz_name) or UTC
    return ParsedDate(value.replace(tzinfo=tz), "minute" if has_time else "day")


# Dates in article URLs: a 14-17 digit timestamp, /2021/01/11/, or 20210111.
URL_DATE_PATTERNS = (
    re.compile(
        r"(?<!\d)(?P<year>(?:19|20)\d{2})(?P<month>[01]\d)(?P<day>[0-3]\d)"
        r"(?P<hour>[0-2]\d)(?P<minute>[0-5]\d)(?P<second>[0-5]\d)\d{0,3}(?!\d)"
    ),
    re.compile(r"/(?P<year>(?:19|20)\d{2})[/-](?P<month>[01]?\d)[/-](?P<day>[0-3]?\d)(?:/|-|$)"),
    re.compile(r"(?<!\d)(?P<year>(?:19|20)\d{2})(?P<month>[01]\d)(?P<day>[0-3]\d)(?!\d)"),
)


def date_from_url(url: str | None, tz_name: str | None) -> ParsedDate | None:
    """The date an article's URL shows, at the precision it shows."""
    if not url:
        return None
    path = url.split("?", 1)[0].split("#", 1)[0].split("://", 1)[-1].partition("/")[2]
    for pattern in URL_DATE_PATTERNS:
        match = pattern.search("/" + path)
        if match:
            parsed = _build(match.groupdict(), None, zone_named(tz_name))
            if parsed is not None:
                return parsed
    return None


def epoch_to_datetime(digits: str) -> tuple[datetime | None, str | None]:
    """The <!--EPOCH--> header: milliseconds as a rule; seconds accepted with a warning."""
    try:
        number = int(digits)
    except (TypeError, ValueError):
        return None, f"fetch time {digits!r} is not a number"
    if number <= 0:
        return None, f"fetch time {digits} is not a positive epoch"
    warning = None
    if number < 10**11:  # fewer than 12 digits: seconds, not milliseconds
        warning = f"fetch time {digits} looks like seconds, not milliseconds"
        number *= 1000
    try:
        value = datetime.fromtimestamp(number / 1000, tz=UTC)
    except (OverflowError, OSError, ValueError):
        return None, f"fetch time {digits} is out of range"
    if value > datetime.now(UTC) + timedelta(days=1):
        return None, f"fetch time {value:%Y-%m-%d} is in the future"
    return value, warning
