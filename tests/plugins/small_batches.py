"""A Pelican plugin for tests: the writer renders in batches of a few pages (7, then 14), each
across forked children, so that a small archive goes through many batches (and their overlap with
the build); the kept files are put in place by the helper process in batches of a few; and the
articles' digests and the site steps are worked out ahead in forked children, as for a large
archive."""

from __future__ import annotations

from news_digest.site import digest_ahead, incremental, kept_files, render_pool, steps_ahead


def register():
    incremental.RENDER_BATCH = 7
    incremental.RENDER_BATCH_MOST = 14
    kept_files.LINK_BATCH = 5
    render_pool.MIN_PARALLEL_JOBS = 2
    digest_ahead.MIN_ARTICLES = 2
    steps_ahead.MIN_ARTICLES = 2
