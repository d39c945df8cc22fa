"""The plugin's settings: one NEWS_DIGEST_ family, defaults here, checked once at start-up."""

from __future__ import annotations

import os
from dataclasses import dataclass

from .dates import zone_named

DEFAULTS = {
    # content/sources.yaml and content/tags.yaml unless set: paths relative to the project root.
    "NEWS_DIGEST_SOURCES": None,
    "NEWS_DIGEST_TAGS": None,
    # Larger raw files are rejected before they are read.
    "NEWS_DIGEST_MAX_FILE_BYTES": 5 * 1024 * 1024,
    # The zone days are grouped and times shown in; TIMEZONE unless set.
    "NEWS_DIGEST_DISPLAY_TIMEZONE": None,
    # Show publishers' images from their hosts (no-referrer, lazy) instead of a link to them.
    "NEWS_DIGEST_HOTLINK_IMAGES": False,
    # Where the build report goes, inside the output folder.
    "NEWS_DIGEST_REPORT": "report.json",
    # Fail the build (exit status 1) when any raw file was rejected.
    "NEWS_DIGEST_STRICT": False,
}


class SettingsError(ValueError):
    pass


@dataclass(frozen=True)
class DigestSettings:
    sources_path: str
    tags_path: str
    max_file_bytes: int
    display_timezone: str
    hotlink_images: bool
    report_path: str
    strict: bool
    content_root: str


def resolve(settings: dict) -> DigestSettings:
    """Defaults filled in and every value checked; one clear error per bad key."""
    values = {key: settings.get(key, default) for key, default in DEFAULTS.items()}
    content_root = settings.get("PATH") or "content"
    max_bytes = values["NEWS_DIGEST_MAX_FILE_BYTES"]
    if not isinstance(max_bytes, int) or max_bytes <= 0:
        raise SettingsError("NEWS_DIGEST_MAX_FILE_BYTES must be a positive integer")
    zone = values["NEWS_DIGEST_DISPLAY_TIMEZONE"] or settings.get("TIMEZONE") or "UTC"
    if zone_named(zone) is None:
        raise SettingsError(f"NEWS_DIGEST_DISPLAY_TIMEZONE: unknown time zone {zone!r}")
    report = values["NEWS_DIGEST_REPORT"]
    if not report or os.path.isabs(report):
        raise SettingsError("NEWS_DIGEST_REPORT must be a path relative to the output folder")
    return DigestSettings(
        sources_path=values["NEWS_DIGEST_SOURCES"] or os.path.join(content_root, "sources.yaml"),
        tags_path=values["NEWS_DIGEST_TAGS"] or os.path.join(content_root, "tags.yaml"),
        max_file_bytes=max_bytes,
        display_timezone=zone,
        hotlink_images=bool(values["NEWS_DIGEST_HOTLINK_IMAGES"]),
        report_path=report,
        strict=bool(values["NEWS_DIGEST_STRICT"]),
        content_root=content_root,
    )
