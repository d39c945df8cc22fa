"""A step for tools/build.py's --alongside, for tests: what it finds when it starts, and after Pelican ends.

    python alongside_probe.py SITE REPORT [--linger] [--early]

It records whether Pelican was still running when it started (the pipe named in
NEWS_DIGEST_PELICAN_RUNNING_FD not at its end), the article pages then on disk, how many feeds
(which the plugin writes right after the article pages) and whether sitemap.xml (the last file the
plugin writes) was; then it touches REPORT.started and waits for the
pipe's end, and records the same again into REPORT (JSON). With --linger it then sleeps, to be stopped.
With --early (an --alongside-early command), before touching REPORT.started it reads the pipe named in
NEWS_DIGEST_BUILD_NOTICES_FD to its end and records the lines it passed on and the same again, then.
"""

from __future__ import annotations

import json
import os
import select
import sys
import time
from pathlib import Path

LINGER_SECONDS = 300


def article_pages(site: Path) -> list[str]:
    return sorted(
        page.relative_to(site).as_posix() for page in site.rglob("*.html") if b"data-pagefind-body" in page.read_bytes()
    )


def feed_count(site: Path) -> int:
    return sum(1 for _ in site.glob("feeds/**/*.xml"))


def state(site: Path, descriptor: int) -> dict:
    return {
        "pelican_running": not select.select([descriptor], [], [], 0)[0],
        "article_pages": article_pages(site),
        "feeds": feed_count(site),
        "sitemap": (site / "sitemap.xml").exists(),
        "pid": os.getpid(),
    }


def notices_read(site: Path, descriptor: int) -> dict:
    """The lines passed on through the notices pipe, read to its end, and what was there then."""
    notices = int(os.environ["NEWS_DIGEST_BUILD_NOTICES_FD"])
    received = b""
    while chunk := os.read(notices, 4096):
        received += chunk
    return {**state(site, descriptor), "lines": received.decode("utf-8").splitlines()}


def main() -> None:
    site, report = Path(sys.argv[1]), Path(sys.argv[2])
    descriptor = int(os.environ["NEWS_DIGEST_PELICAN_RUNNING_FD"])
    at_start = state(site, descriptor)
    if "--early" in sys.argv:
        at_start["notices"] = notices_read(site, descriptor)
    report.with_suffix(".started").write_text(json.dumps(at_start), encoding="utf-8")
    while os.read(descriptor, 4096):
        pass
    at_end = {
        "article_pages": article_pages(site),
        "feeds": feed_count(site),
        "sitemap": (site / "sitemap.xml").exists(),
    }
    report.write_text(json.dumps({"start": at_start, "end": at_end}), encoding="utf-8")
    if "--linger" in sys.argv:
        time.sleep(LINGER_SECONDS)


if __name__ == "__main__":
    main()
