"""`inspect` over copies of the two real seed files, checked field by field."""

from __future__ import annotations

import json
import re
import shutil
from datetime import UTC, datetime

import pytest
from conftest import SEEDS, needs_shared, run_inspect

pytestmark = needs_shared(SEEDS)

FEED_SEED = "000_df722cc3136869fd.txt"
SCRAPE_SEED = "004_c2d6e56515d88cfd.txt"
# What each field should be is read off the seed files here, by patterns of the shapes' own, so that
# none of their text is written into the project.
FETCHED = re.compile(r"^<!--(\d+)-->$")
FEED_LINK = re.compile(r"^\[(.+)\]\((\S+)\)$")
FEED_DATE = re.compile(r"<div>((\d{2})/(\d{2})/(\d{4}) - (\d{2}):(\d{2}))</div>")
FIRST_PARAGRAPH = re.compile(r"<p>(?:<strong>)?([^<]+)")
IMAGE_HOST = re.compile(r'<img src="(https://[^/"]+/)')
BYLINE = re.compile(r"^(.+?) \| (\d{2})/(\d{2})/(\d{4}), (\d{2}):(\d{2})$")
# Where the scrape's site boilerplate starts (the site's "related articles" heading).
RELATED = "Bài liên quan"


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


def seed_lines(name: str) -> list[str]:
    """The seed's non-empty lines, stripped."""
    return [line.strip() for line in (SEEDS / name).read_text(encoding="utf-8").splitlines() if line.strip()]


def test_feed_dump_seed(records):
    r = records[FEED_SEED]
    lines = seed_lines(FEED_SEED)
    fetched_ms = int(FETCHED.match(lines[0]).group(1))
    title, url = FEED_LINK.match(lines[1]).groups()
    body = (SEEDS / FEED_SEED).read_text(encoding="utf-8")
    shown, day, month, year, hour, minute = FEED_DATE.search(body).groups()
    assert r["status"] == "published" and r["shape"] == "A"
    assert r["title"] == title
    assert r["url"].startswith(url.split("%", 1)[0])  # its address up to the first escaped step
    assert r["published"] == f"{year}-{month}-{day}T{hour}:{minute}:00+01:00"  # the source's zone, in winter
    assert instant(r["fetched"]) == datetime.fromtimestamp(fetched_ms / 1000, UTC)
    assert r["lang"] == "zh-Hans"
    assert r["source_domain"].removeprefix("www.") == "rfi.fr"
    for text in ("获取更多RSS", "feedx"):
        assert text not in r["body_html"] and text not in r["body_text"]
    assert shown not in r["body_text"]
    assert r["summary"].startswith(FIRST_PARAGRAPH.search(body).group(1)[:12])
    assert r["image"]["url"].startswith(IMAGE_HOST.search(body).group(1))
    assert "<img" not in r["body_html"]


def test_page_scrape_seed(records):
    r = records[SCRAPE_SEED]
    lines = seed_lines(SCRAPE_SEED)
    title = lines[1]
    author, day, month, year, hour, minute = BYLINE.match(lines[2]).groups()
    assert r["status"] == "published" and r["shape"] == "B"
    assert r["title"] == title
    assert r["author"] == author
    assert r["published"] == f"{year}-{month}-{day}T{hour}:{minute}:00+07:00"  # the source's zone
    assert r["lang"] == "vi"
    assert r["source_id"] == "thanhnien"
    last = r["body_text"].split("\n\n")[-1]
    assert lines[lines.index(RELATED) - 1] in last  # the paragraph before the site's boilerplate
    for text in (RELATED, "Bình luận", "POWERED BY", "Đừng bỏ lỡ"):
        assert text not in r["body_text"] and text not in r["body_html"]
    assert not r["body_text"].endswith(title)
    assert r["body_text"].count(r["summary"]) == 1  # the lead, once
    assert ".jpg" not in r["body_text"] and "<img" not in r["body_html"]


def test_both_seeds_share_the_parler_amazon_trump_tags(records):
    for name in (FEED_SEED, SCRAPE_SEED):
        assert {"parler", "amazon", "trump"} <= set(records[name]["tags"]), name
