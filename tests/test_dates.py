"""Dates as news files write them, read into aware datetimes in the right zone."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from news_digest.dates import epoch_to_datetime, looks_like_date, parse_date

PARIS = ZoneInfo("Europe/Paris")
SAIGON = ZoneInfo("Asia/Ho_Chi_Minh")
SHANGHAI = ZoneInfo("Asia/Shanghai")
NEW_YORK = ZoneInfo("America/New_York")
RIYADH = ZoneInfo("Asia/Riyadh")
PLUS_7 = timezone(timedelta(hours=7))
PLUS_8 = timezone(timedelta(hours=8))

PARIS_TZ = {"tz_name": "Europe/Paris"}
SAIGON_TZ = {"tz_name": "Asia/Ho_Chi_Minh"}
SHANGHAI_TZ = {"tz_name": "Asia/Shanghai"}
NEW_YORK_TZ = {"tz_name": "America/New_York"}

# id: (text, parse_date keywords, expected local datetime, precision)
READABLE_DATES = {
    "dmy-dash-time-paris": ("11/01/2021 - 15:26", PARIS_TZ, datetime(2021, 1, 11, 15, 26, tzinfo=PARIS), "minute"),
    "dmy-comma-time-saigon": ("05/03/2024, 14:20", SAIGON_TZ, datetime(2024, 3, 5, 14, 20, tzinfo=SAIGON), "minute"),
    "cjk-year-month-day": (
        "2021年01月19日 05:20",
        SHANGHAI_TZ,
        datetime(2021, 1, 19, 5, 20, tzinfo=SHANGHAI),
        "minute",
    ),
    "cjk-date-only": ("2024年3月5日", SHANGHAI_TZ, datetime(2024, 3, 5, tzinfo=SHANGHAI), "day"),
    "time-first": ("14:20 05/03/2024", SAIGON_TZ, datetime(2024, 3, 5, 14, 20, tzinfo=SAIGON), "minute"),
    "iso-z-beats-tz-argument": (
        "2024-03-05T07:20:15Z",
        PARIS_TZ,
        datetime(2024, 3, 5, 7, 20, 15, tzinfo=UTC),
        "second",
    ),
    "iso-offset-beats-tz-argument": (
        "2024-03-05T15:20:00+08:00",
        PARIS_TZ,
        datetime(2024, 3, 5, 15, 20, tzinfo=PLUS_8),
        "second",
    ),
    "iso-date-only": ("2024-03-05", SHANGHAI_TZ, datetime(2024, 3, 5, tzinfo=SHANGHAI), "day"),
    "gmt-noise-names-the-zone": (
        "Thứ ba, 05/03/2024, 14:20 (GMT+7)",
        PARIS_TZ,
        datetime(2024, 3, 5, 14, 20, tzinfo=PLUS_7),
        "minute",
    ),
    "gmt-suffix": ("05/03/2024 14:20 GMT+7", {}, datetime(2024, 3, 5, 14, 20, tzinfo=PLUS_7), "minute"),
    "mdy-from-order": (
        "03/05/2024 09:15",
        {**NEW_YORK_TZ, "order": "MDY"},
        datetime(2024, 3, 5, 9, 15, tzinfo=NEW_YORK),
        "minute",
    ),
    "dmy-by-default": ("03/05/2024 09:15", NEW_YORK_TZ, datetime(2024, 5, 3, 9, 15, tzinfo=NEW_YORK), "minute"),
    "day-over-12-overrides-mdy": (
        "25/03/2024 09:15",
        {**NEW_YORK_TZ, "order": "MDY"},
        datetime(2024, 3, 25, 9, 15, tzinfo=NEW_YORK),
        "minute",
    ),
    "day-over-12-overrides-dmy": (
        "03/25/2024 09:15",
        {**PARIS_TZ, "order": "DMY"},
        datetime(2024, 3, 25, 9, 15, tzinfo=PARIS),
        "minute",
    ),
    "arabic-month-name-day-precision": (
        "3 أغسطس 2015",
        {"tz_name": "Asia/Riyadh", "lang": "ar"},
        datetime(2015, 8, 3, tzinfo=RIYADH),
        "day",
    ),
    "english-month-first": (
        "March 5, 2024",
        {**NEW_YORK_TZ, "lang": "en"},
        datetime(2024, 3, 5, tzinfo=NEW_YORK),
        "day",
    ),
    "english-day-first-with-time": (
        "5 March 2024 14:20",
        {**PARIS_TZ, "lang": "en"},
        datetime(2024, 3, 5, 14, 20, tzinfo=PARIS),
        "minute",
    ),
    "english-abbreviated-pm": (
        "Mar 5, 2024 at 2:20 pm",
        {**NEW_YORK_TZ, "lang": "en"},
        datetime(2024, 3, 5, 14, 20, tzinfo=NEW_YORK),
        "minute",
    ),
    "no-zone-anywhere-is-utc": ("05/03/2024 14:20", {}, datetime(2024, 3, 5, 14, 20, tzinfo=UTC), "minute"),
}


@pytest.mark.parametrize(
    ("text", "keywords", "expected", "precision"), list(READABLE_DATES.values()), ids=list(READABLE_DATES)
)
def test_parse_date(text, keywords, expected, precision):
    parsed = parse_date(text, **keywords)

    assert parsed is not None
    assert parsed.value == expected
    assert parsed.value.utcoffset() == expected.utcoffset()
    assert parsed.precision == precision
    assert looks_like_date(text)


def test_local_zone_follows_daylight_saving():
    winter = parse_date("11/01/2021 - 15:26", "Europe/Paris")
    summer = parse_date("11/07/2021 - 15:26", "Europe/Paris")

    assert winter.value.utcoffset() == timedelta(hours=1)
    assert summer.value.utcoffset() == timedelta(hours=2)


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("31/02/2024 10:00", id="31-february"),
        pytest.param("2024-13-05", id="month-13"),
        pytest.param("05/03/2024 25:10", id="hour-25"),
        pytest.param("05/03/1970 10:00", id="before-1990"),
        pytest.param("", id="empty"),
        pytest.param("Newsroom", id="a-name"),
    ],
)
def test_impossible_dates_give_none(text):
    assert parse_date(text, "Europe/Paris") is None


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("Newsroom", id="desk-name"),
        pytest.param("Ban Thời sự", id="vietnamese-desk"),
        pytest.param("قسم الأخبار", id="arabic-desk"),
        pytest.param("Thành phố kéo dài giờ chạy tàu điện trong 3 ngày Tết", id="sentence-with-a-number"),
        pytest.param("", id="empty"),
    ],
)
def test_names_and_sentences_do_not_look_like_dates(text):
    assert not looks_like_date(text)


def test_a_date_inside_a_long_sentence_does_not_look_like_a_date():
    text = "Thành phố thông báo vào ngày 05/03/2024 rằng giờ chạy tàu điện sẽ được kéo dài thêm"

    assert not looks_like_date(text)
    assert parse_date(text, "Asia/Ho_Chi_Minh") is None


def test_epoch_in_milliseconds():
    value, warning = epoch_to_datetime("1709628000000")

    assert value == datetime(2024, 3, 5, 8, 40, tzinfo=UTC)
    assert warning is None


def test_epoch_in_seconds_is_accepted_with_a_warning():
    value, warning = epoch_to_datetime("1709628000")

    assert value == datetime(2024, 3, 5, 8, 40, tzinfo=UTC)
    assert "seconds" in warning


@pytest.mark.parametrize("digits", ["-1709628000000", "0"])
def test_epoch_not_positive_is_refused(digits):
    value, warning = epoch_to_datetime(digits)

    assert value is None
    assert "positive" in warning


def test_epoch_in_year_3000_is_refused_as_future():
    year_3000_ms = str(int(datetime(3000, 1, 1, tzinfo=UTC).timestamp() * 1000))

    value, warning = epoch_to_datetime(year_3000_ms)

    assert value is None
    assert "future" in warning


@pytest.mark.parametrize("digits", ["17096280OO000", "", None])
def test_epoch_that_is_not_a_number(digits):
    value, warning = epoch_to_datetime(digits)

    assert value is None
    assert "not a number" in warning
