"""`python -m news_digest inspect PATH…`: what the plugin makes of raw files, as JSON lines.

It runs the same stages as the build (the reader calls the same `ingest_file`), then the same
site-wide steps, so archivists can check a new source before publishing it.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys

from rich.console import Console

from . import files, progress
from .errors import RejectedFile
from .knowledge import load_knowledge
from .metadata import rejected_json, to_json
from .pipeline import IngestOptions, ingest_file
from .settings import resolve
from .site.features import article_features
from .site.steps import Entry, run_site_steps
from .slugs import disambiguate

logger = logging.getLogger("news_digest")


def raw_files(paths: list[str]) -> list[str]:
    """The .txt files named or found under the directories named, sorted, no duplicates."""
    return files.raw_files(paths)


def default_path(name: str) -> str | None:
    candidate = os.path.join("content", name)
    return candidate if os.path.exists(candidate) else None


def read_files(paths: list[str], sources: str | None, tags: str | None, content_root: str | None = None):
    """One record per raw file, and the site-step entries of those published; no site steps yet."""
    config = resolve({})
    knowledge = load_knowledge(sources, tags, False, config.tracking_parameters)
    options = IngestOptions(config.max_file_bytes, content_root)
    records, entries = [], []
    for path in progress.track(raw_files(paths), "reading"):
        try:
            article = ingest_file(path, knowledge, options)
        except RejectedFile as rejection:
            records.append(rejected_json(path, rejection.reason))
            continue
        except OSError as error:
            records.append(rejected_json(path, f"cannot be read: {error.strerror or error}"))
            continue
        features = article_features(article, knowledge)
        record = to_json(article, path)
        record["canonical_url"] = features.canonical_url
        records.append(record)
        kinds = {t: knowledge.tags.tags[t].kind for t in features.key_tags if t in knowledge.tags.tags}
        date = article.published or article.date
        entries.append(
            Entry(path, date, article.title, article.lang, article.source.id, features, kinds, article.fetched)
        )
    return records, entries, config, knowledge


def apply_site(records: list[dict], entries: list, config, knowledge) -> list[dict]:
    """The build's site-wide steps on inspect's records: slugs, duplicates, stories, automatic tags."""
    result = run_site_steps(entries, config.site, set(knowledge.tags.tags))
    published = [record for record in records if record["status"] == "published"]
    for record, slug in zip(published, disambiguate([r["slug"] for r in published]), strict=True):
        record["slug"] = slug
        record["duplicate_of"] = result.duplicate_of.get(record["path"])
        record["story"] = result.story_of.get(record["path"])
        record["auto_tags"] = [tag.id for tag in result.auto_tags.get(record["path"], ())]
    return records


def inspect_files(paths: list[str], sources: str | None, tags: str | None, content_root: str | None = None):
    """One record per raw file, after the same site-wide steps as the build (duplicates, stories)."""
    return apply_site(*read_files(paths, sources, tags, content_root))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m news_digest", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    inspect = commands.add_parser("inspect", help="print one JSON object per raw file, sorted by path")
    inspect.add_argument("paths", nargs="+", metavar="PATH", help="raw files or folders (walked recursively)")
    inspect.add_argument(
        "--sources", default=default_path("sources.yaml"), help="sources.yaml (default: content/sources.yaml)"
    )
    inspect.add_argument("--tags", default=default_path("tags.yaml"), help="tags.yaml (default: content/tags.yaml)")
    inspect.add_argument("--content-root", default=None, help="files directly in this folder have no source folder")
    args = parser.parse_args(argv)
    # Progress goes to standard error (a bar on a terminal, else a line now and then): standard output
    # is the JSON lines alone. Log lines go through whatever sys.stderr is, so they print above the bar.
    logging.basicConfig(level=logging.WARNING, format="%(message)s", stream=progress.CurrentStderr())
    logging.getLogger(progress.__name__).setLevel(logging.INFO)
    progress.use_console(Console(stderr=True))
    try:
        records, entries, config, knowledge = read_files(args.paths, args.sources, args.tags, args.content_root)
        with progress.start("site steps", unit=None):
            records = apply_site(records, entries, config, knowledge)
    finally:
        progress.finish()
    out = sys.stdout
    for record in records:
        for warning in record["warnings"]:
            logger.warning("news_digest: %s: %s", record["path"], warning)
        if record["status"] == "rejected":
            logger.warning("news_digest: rejected %s: %s", record["path"], record["reason"])
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return 0
