"""The Pelican reader for raw news files: a thin shell around the pipeline."""

from __future__ import annotations

import logging
import os

from pelican.readers import BaseReader

from .errors import RejectedFile
from .files import display_name
from .knowledge import load_knowledge
from .metadata import to_pelican_metadata
from .pipeline import IngestOptions, ingest_file, source_folder
from .settings import resolve
from .site.features import article_features
from .site.report import Outcome
from .typography import Typesetting, typeset_article

logger = logging.getLogger(__name__)
LOG_PREFIX = "news_digest:"


def relative(path: str, root: str) -> str:
    try:
        return os.path.relpath(path, root)
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

    def reject(self, source_path: str, name: str, reason: str):
        """Log one line, record the outcome, and tell Pelican to skip the file."""
        logger.warning("%s rejected %s: %s", LOG_PREFIX, name, reason)
        folder_source, _ = self.knowledge.sources.resolve(None, source_folder(source_path, self.config.content_root))
        self.outcomes[source_path] = Outcome(name, "rejected", reason, source_id=folder_source.id)
        return "", {"status": "skip", "title": name}

    def read(self, source_path):
        name = display_name(relative(source_path, self.config.content_root))
        try:
            article = ingest_file(source_path, self.knowledge, self.options)
        except RejectedFile as rejection:
            return self.reject(source_path, name, rejection.reason)
        except Exception as error:  # a plugin bug must not make the file vanish from the report
            logger.debug("%s %s", LOG_PREFIX, name, exc_info=True)
            return self.reject(source_path, name, f"the plugin failed on this file ({type(error).__name__}: {error})")
        for warning in article.warnings:
            logger.warning("%s %s: %s", LOG_PREFIX, name, warning)
        self.outcomes[source_path] = Outcome(
            name, "published", None, warnings=article.warnings, source_id=article.source.id
        )
        metadata = to_pelican_metadata(article, self.knowledge, self.settings, self.config.display_timezone)
        metadata["nd_features"] = article_features(article, self.knowledge)
        return typeset_article(article.lang, article.body_html, metadata, self.typesetting)
