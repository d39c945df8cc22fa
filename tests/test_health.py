"""The sources page's figures per source (plugins/news_digest/site/health.py)."""

from __future__ import annotations

from datetime import date

from news_digest.site.health import KnownSource, Published, Rejected, source_health


def test_every_source_with_its_articles_days_rejections_and_chart():
    published = [
        Published("wire", "Harbour Wire", "wire.example", date(2024, 11, 19)),
        Published("wire", "Harbour Wire", "wire.example", date(2024, 11, 22)),
        Published("wire", "Harbour Wire", "wire.example", date(2024, 11, 22)),
        Published("post", "Morning Post", "post.example", date(2024, 8, 1)),
    ]
    rejected = [
        Rejected("wire", "wire/b.txt", "no title"),
        Rejected("wire", "wire/a.txt", "empty file"),
        Rejected("stray-folder", "stray-folder/x.txt", "no article text after the title"),
    ]
    known = [KnownSource("quiet", "Quiet Times", "quiet.example"), KnownSource("wire", "Harbour Wire", "wire.example")]
    health = {item.id: item for item in source_health(published, rejected, known, {"post": 2}, days=90)}

    assert list(health) == ["wire", "post", "quiet", "stray-folder"]  # by name: Harbour, Morning, Quiet, stray
    wire = health["wire"]
    assert (wire.name, wire.domain, wire.articles) == ("Harbour Wire", "wire.example", 3)
    assert (wire.first_seen, wire.last_seen) == (date(2024, 11, 19), date(2024, 11, 22))
    assert [(r.path, r.reason) for r in wire.rejected] == [("wire/a.txt", "empty file"), ("wire/b.txt", "no title")]
    # The chart ends at the archive's latest article (the 22nd), whatever today is.
    assert wire.series.end == date(2024, 11, 22) and wire.series.days == 90
    assert wire.series.counts[-1] == 2 and wire.series.counts[-4] == 1 and wire.series.total == 3

    post = health["post"]
    assert post.merged == 2 and post.series.total == 0  # its article lies before the 90 days
    assert post.has_files
    quiet = health["quiet"]
    assert (quiet.articles, quiet.first_seen, quiet.rejected, quiet.has_files) == (0, None, (), False)
    stray = health["stray-folder"]
    assert stray.name == "stray-folder" and stray.articles == 0 and len(stray.rejected) == 1 and stray.has_files


def test_an_archive_without_articles_still_lists_its_sources():
    health = source_health([], [Rejected("wire", "wire/a.txt", "empty file")], [], {}, days=90)
    assert [(h.id, h.articles, h.series.days) for h in health] == [("wire", 0, 0)]
