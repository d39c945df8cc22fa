"""A Pelican plugin for tests: a small archive (hours of news) clusters its stories as a large one
does, with names weighed among a few articles and a checkpoint three hours before its newest, so
that with a short story window a rebuild with new files resumes from the last build's checkpoint."""

from __future__ import annotations

from datetime import timedelta

from news_digest.site import stories


def register():
    stories.WEIGHT_SPAN = 20
    stories.CHECKPOINT_AGE = timedelta(hours=3)
