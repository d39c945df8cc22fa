"""Slugs: never empty, plain ASCII, stable, and never two alike."""

from __future__ import annotations

import re

import pytest
from news_digest.slugs import disambiguate, make_slug

SLUG_PATTERN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")

TITLES = [
    pytest.param("城市地铁春节延长运营", id="zh-Hans"),
    pytest.param("城市捷運春節延長營運", id="zh-Hant"),
    pytest.param("地下鉄、年末年始に運行延長", id="ja"),
    pytest.param("تمديد ساعات عمل المترو خلال العيد", id="ar"),
    pytest.param("รถไฟฟ้าเปิดบริการดึกขึ้นช่วงปีใหม่", id="th"),
    pytest.param("Метро будет работать дольше", id="ru"),
    pytest.param("Tàu điện chạy muộn hơn dịp Tết", id="vi"),
    pytest.param("Le métro roulera plus tard : « enfin ! »", id="fr-punctuation"),
    pytest.param("🚇🌙✨", id="emoji-only"),
    pytest.param("", id="empty"),
    pytest.param("   \t ", id="blank"),
    pytest.param("!!! ??? ---", id="punctuation-only"),
    pytest.param("A" * 600, id="very-long"),
]


@pytest.mark.parametrize("title", TITLES)
def test_slug_is_never_empty_and_plain_ascii(title):
    slug = make_slug(title, "https://tinnhanh.example/2024/03/05/tau-dien")

    assert slug
    assert SLUG_PATTERN.fullmatch(slug), slug
    assert len(slug) <= 100


def test_latin_title_stays_readable():
    slug = make_slug("Tàu điện chạy muộn hơn dịp Tết", "identity")

    assert re.fullmatch(r"tau-dien-chay-muon-hon-dip-tet-[0-9a-f]{8}", slug)


def test_cjk_title_is_transliterated():
    assert make_slug("城市地铁", "identity").startswith("cheng-shi-di-tie-")


def test_same_input_gives_the_same_slug():
    first = make_slug("Metro runs later", "https://wire.example/a")

    assert make_slug("Metro runs later", "https://wire.example/a") == first


@pytest.mark.parametrize("title", ["Metro runs later", "城市地铁春节延长运营", "🚇", ""])
def test_different_identities_give_different_slugs(title):
    slugs = {make_slug(title, f"https://wire.example/{n}") for n in range(200)}

    assert len(slugs) == 200


def test_disambiguate_suffixes_in_order():
    assert disambiguate(["metro", "metro", "metro", "port"]) == ["metro", "metro-2", "metro-3", "port"]


def test_disambiguate_leaves_unique_slugs_alone():
    assert disambiguate(["metro", "port", "ferry"]) == ["metro", "port", "ferry"]


def test_disambiguate_skips_a_suffix_already_taken():
    result = disambiguate(["metro", "metro", "metro-2"])

    assert result == ["metro", "metro-3", "metro-2"]


@pytest.mark.parametrize(
    "slugs",
    [
        ["a", "a", "a", "a-2", "b"],
        ["a-2", "a", "a", "a"],
        ["a", "a-2", "a-2", "a", "a-3", "a"],
        ["a", "a", "a-2-2", "a-2", "a-2"],
        ["x"] * 12 + ["x-5", "x-11"],
    ],
)
def test_disambiguate_never_produces_an_existing_slug(slugs):
    result = disambiguate(slugs)

    assert len(result) == len(slugs)
    assert len(set(result)) == len(result)
    assert [r for r, s in zip(result, slugs, strict=True) if r != s and r in slugs] == []
    assert all(r == s or r.startswith(f"{s}-") for r, s in zip(result, slugs, strict=True))
