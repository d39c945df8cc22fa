"""The `inspect` command's output schema and behaviour."""

from __future__ import annotations

import json

from conftest import run_inspect

KEYS = {
    "path",
    "status",
    "reason",
    "shape",
    "title",
    "url",
    "published",
    "fetched",
    "date",
    "lang",
    "source_id",
    "source_name",
    "source_domain",
    "author",
    "summary",
    "image",
    "tags",
    "slug",
    "body_text",
    "body_html",
}

SCRAPE = """A short lead about the new tram line.

New tram line opens in the old town

Newsroom | 05/03/2024, 10:00

A short lead about the new tram line.

The first trams left the depot at dawn and carried commuters across the river within minutes.

POWERED BY CMS
New tram line opens in the old town
"""


def test_one_json_object_per_file_sorted_by_path(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "tram.txt").write_text(SCRAPE, encoding="utf-8")
    (tmp_path / "a.txt").write_text("", encoding="utf-8")
    (tmp_path / "notes.md").write_text("not a raw file", encoding="utf-8")
    result = run_inspect(str(tmp_path))
    assert result.returncode == 0, result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["path"] for r in records] == [str(tmp_path / "a.txt"), str(tmp_path / "b" / "tram.txt")]
    for record in records:
        assert set(record) >= KEYS
    rejected, published = records
    assert (rejected["status"], rejected["reason"]) == ("rejected", "empty file")
    assert published["status"] == "published" and published["reason"] is None
    assert published["title"] == "New tram line opens in the old town"
    assert published["published"] == "2024-03-05T10:00:00+00:00" or published["published"].startswith(
        "2024-03-05T10:00:00"
    )
    assert published["body_text"].startswith("A short lead about the new tram line.\n\nThe first trams")
    assert "rejected" in result.stderr and "a.txt" in result.stderr


def test_warnings_name_every_guessed_field(tmp_path):
    (tmp_path / "unknown-folder").mkdir()
    (tmp_path / "unknown-folder" / "tram.txt").write_text(SCRAPE, encoding="utf-8")
    record = json.loads(run_inspect(str(tmp_path)).stdout)
    joined = " ".join(record["warnings"])
    assert "source unknown" in joined
    assert "time zone guessed" in joined
