"""The Pelican reader for raw news files: a thin shell around the pipeline."""

from __future__ import annotations

import json
import logging
import os

from pelican.readers import BaseReader

from .article_cache import ArticleCache
from .cache import ParseCache, fingerprint
from .files import display_name, relative_path
from .knowledge import load_knowledge
from .metadata import to_pelican_metadata
from .parsing import Parsed, Rejection, is_cacheable, parse_file, parse_files
from .pipeline import IngestOptions, source_folder
from .settings import resolve
from .site import build_notices
from .site.report import Outcome
from .typography import Typesetting

logger = logging.getLogger(__name__)
LOG_PREFIX = "news_digest:"


BUILD_TIME_FILE = os.path.join("news_digest", "build-time.json")


def write_build_time_dependence(cache_folder: str, depends: bool) -> None:
    path = os.path.join(cache_folder, BUILD_TIME_FILE)
    try:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as handle:
            json.dump({"depends_on_build_time": depends}, handle)
            handle.write("\n")
    except OSError as error:
        logger.warning("%s %s cannot be written (%s)", LOG_PREFIX, path, error)


def relative(path: str, root: str) -> str:
    try:
        return relative_path(path, root)
    except ValueError:
        return path


class NewsReader(BaseReader):
    """Reads `.txt` raw news files of every shape the plugin knows."""

    enabled = True
    file_extensions = ("txt",)

    def __init__(self, settings):
        super().__init__(settings)
        self.config = resolve(settings)
        self.knowledge = load_knowledge(
            self.config.sources_path,
            self.config.tags_path,
            self.config.hotlink_images,
            self.config.tracking_parameters,
        )
        self.options = IngestOptions(self.config.max_file_bytes, self.config.content_root)
        self.typesetting = Typesetting.from_settings(self.config.typography_languages, settings)
        self.outcomes: dict[str, Outcome] = {}
        self.cache = self.parse_cache(settings) if self.config.cache else None
        self.parsed: dict[str, Parsed | Rejection] = {}  # parsed ahead of Pelican's calls to read()
        self.wrappers: dict = {}  # this build's Tag and Category objects, one per tag or source
        # Whether a file gave what it gave because of when the build ran (a date in the future, a
        # modification time): tools/build.py never takes such a build as up to date.
        self.depends_on_build_time = False
        self.parsed_ahead = False
        self.steps_ahead = None  # the site steps worked out in a child while Pelican reads (steps_ahead.py)
        self.kept: ArticleCache | None = None  # Pelican's articles kept from the last build (article_cache.py)
        self.heads: dict = {}  # path -> article_cache.Head of the articles to make again from that cache
        self.restored: dict = {}  # path -> article_cache.Kept, made again from that cache for Pelican's loop
        self.report_urls: dict[str, str] | None = None  # raw file -> its article's URL (plugin.keep_report_urls)
        self.keys: dict[str, bytes | None] = {}  # path -> its parse-cache key
        self.fresh: dict[str, tuple] = {}  # path -> the warnings of an article to keep once Pelican has made it
        self.remade = 0  # articles this build made again from the article cache

    def parse_cache(self, settings) -> ParseCache:
        parse_settings = (
            self.options.max_bytes,
            os.path.abspath(self.options.content_root or ""),
            self.config.hotlink_images,
            self.config.tracking_parameters,
            self.typesetting,  # a cached result holds the typeset text
        )
        folder = settings.get("CACHE_PATH") or "cache"
        return ParseCache(folder, fingerprint(self.config.sources_path, self.config.tags_path, parse_settings))

    def parse_ahead(self, paths: list[str], advance=None, kept: ArticleCache | None = None) -> None:
        """Parse the files Pelican is about to read: from the cache, else in worker processes. With
        `kept`, an unchanged file's article is made again from there instead, and not parsed."""
        self.parsed_ahead = True
        files = len(paths)
        if self.cache is not None:
            self.keys = {path: self.cache.key_for(path, self.options) for path in paths}
        if kept is not None and self.cache is not None:
            self.kept = kept
            kept.read()
            self.heads = kept.read_heads(self.keys)
            self.cache.used.update(self.keys[path] for path in self.heads)  # their parses stay cached
            if advance and self.heads:
                advance(len(self.heads))
            paths = [path for path in paths if path not in self.heads]
        build_notices.say_rewritten_when(len(paths), files)  # what the build's steps hold gives way
        self.parsed = parse_files(
            paths,
            self.knowledge,
            self.options,
            cache=self.cache,
            workers=self.config.workers,
            advance=advance,
            rules=self.typesetting,
            keys=self.keys,
        )
        if self.cache is not None:
            self.cache.commit()
        self.depends_on_build_time |= not all(is_cacheable(result) for result in self.parsed.values())

    def make_kept_articles(self) -> None:
        """The articles whose heads parse_ahead read, made again (a file whose article cannot be is
        parsed when Pelican reads it)."""
        if self.kept is not None:
            self.restored = self.kept.restore()
            self.remade = len(self.restored)
        self.heads = {}

    def done_reading(self) -> None:
        """The archive is read: the cache keeps this build's entries only, and beside it whether
        this build's reading depended on when it ran."""
        self.parsed, self.heads, self.restored, self.fresh = {}, {}, {}, {}
        if self.kept is not None:
            self.kept.save()
            self.kept = None
        if self.cache is not None:
            self.cache.close(prune=True)
            write_build_time_dependence(self.cache.folder, self.depends_on_build_time)

    def reject(self, source_path: str, name: str, reason: str):
        """Log one line, record the outcome, and tell Pelican to skip the file."""
        logger.warning("%s rejected %s: %s", LOG_PREFIX, name, reason)
        folder_source, _ = self.knowledge.sources.resolve(None, source_folder(source_path, self.config.content_root))
        self.outcomes[source_path] = Outcome(name, "rejected", reason, source_id=folder_source.id)
        return "", {"status": "skip", "title": name}

    def read(self, source_path):
        name = display_name(relative(source_path, self.config.content_root))
        result = self.parsed.pop(source_path, None)
        if result is None:
            result = parse_file(source_path, self.knowledge, self.options, self.cache, self.typesetting)
            self.depends_on_build_time |= not is_cacheable(result)
        if isinstance(result, Rejection):
            return self.reject(source_path, name, result.reason)
        article = result.article
        if self.kept is not None and self.keys.get(source_path) is not None and is_cacheable(result):
            self.fresh[source_path] = article.warnings
        for warning in article.warnings:
            logger.warning("%s %s: %s", LOG_PREFIX, name, warning)
        self.outcomes[source_path] = Outcome(
            name, "published", None, warnings=article.warnings, source_id=article.source.id
        )
        metadata = to_pelican_metadata(
            article,
            self.knowledge,
            self.settings,
            self.config.display_timezone,
            presentation=result.presentation,
            shared=self.wrappers,
        )
        metadata["nd_features"] = result.features
        return result.presentation.body_html, metadata

    def restore(self, source_path: str):
        """The article made again from the article cache for this file, reported as its reading
        would be; None when there is none."""
        kept = self.restored.pop(source_path, None)
        if kept is None:
            return None
        name, head = display_name(relative(source_path, self.config.content_root)), kept.head
        for warning in head.warnings:
            logger.warning("%s %s: %s", LOG_PREFIX, name, warning)
        self.outcomes[source_path] = Outcome(name, "published", None, warnings=head.warnings, source_id=head.source_id)
        return kept.article

    def keep(self, article) -> None:
        """Pelican has made and validated an article this reader read: kept for the next build."""
        warnings = self.fresh.pop(getattr(article, "source_path", None), None)
        # Published only: Pelican holds an article dated in the future back as a draft until that date.
        if warnings is not None and self.kept is not None and article.status == "published":
            self.kept.keep(self.keys[article.source_path], warnings, article)
