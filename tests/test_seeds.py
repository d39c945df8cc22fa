"""`inspect` over copies of the two real seed files, checked field by field."""

from __future__ import annotations

import json
import shutil
from datetime import datetime

import pytest
from conftest import SEEDS, needs_shared, run_inspect

pytestmark = needs_shared(SEEDS)

FEED_SEED = "000_df722cc3136869fd.txt"
SCRAPE_SEED = "004_c2d6e56515d88cfd.txt"


@pytest.fixture(scope="module")
def records(tmp_path_factory):
    folder = tmp_path_factory.mktemp("seeds")
    shutil.copy(SEEDS / FEED_SEED, folder / FEED_SEED)
    (folder / "thanhnien").mkdir()
    shutil.copy(SEEDS / SCRAPE_SEED, folder / "thanhnien" / SCRAPE_SEED)
    result = run_inspect(str(folder))
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["path"] for r in lines] == sorted(r["path"] for r in lines)
    return {r["path"].rsplit("/", 1)[-1]: r for r in lines}


def instant(value):
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


def test_feed_dump_seed(records):
    r = records[FEED_SEED]
    assert r["status"] == "published" and r["shape"] == "A"
    assert r["title"] == "亚马逊停云托管 Parler平台遭致命一击"
    assert r["url"].startswith("http://www.rfi.fr//cn/")
    assert r["published"] == "2021-01-11T15:26:00+01:00"
    assert instant(r["fetched"]) == instant("2021-01-11T14:56:34Z")
    assert r["lang"] == "zh-Hans"
    assert r["source_domain"].removeprefix("www.") == "rfi.fr"
    for text in ("获取更多RSS", "feedx"):
        assert text not in r["body_html"] and text not in r["body_text"]
    assert "11/01/2021 - 15:26" not in r["body_text"]
    assert r["summary"].startswith("特朗普被推特脸书等制裁后")
    assert r["image"]["url"].startswith("https://s.rfi.fr/")
    assert "<img" not in r["body_html"]


def test_page_scrape_seed(records):
    r = records[SCRAPE_SEED]
    assert r["status"] == "published" and r["shape"] == "B"
    title = "Mạng xã hội Parler cho fan Trump sập vì Amazon, 'bị tất cả bỏ rơi' do Google và Apple"
    assert r["title"] == title
    assert r["author"] == "Nhân Hoàng"
    assert r["published"] == "2021-01-11T16:26:00+07:00"
    assert r["lang"] == "vi"
    assert r["source_id"] == "thanhnien"
    last = r["body_text"].split("\n\n")[-1]
    assert "Đảng Quốc xã Mỹ" in last
    for text in ("Bài liên quan", "Bình luận", "POWERED BY", "Đừng bỏ lỡ"):
        assert text not in r["body_text"] and text not in r["body_html"]
    assert not r["body_text"].endswith(title)
    assert r["body_text"].count(r["summary"]) == 1  # the lead, once
    assert ".jpg" not in r["body_text"] and "<img" not in r["body_html"]


def test_both_seeds_share_the_parler_amazon_trump_tags(records):
    for name in (FEED_SEED, SCRAPE_SEED):
        assert {"parler", "amazon", "trump"} <= set(records[name]["tags"]), name
