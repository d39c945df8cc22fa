"""One raw file to what the build keeps of it, for the reader and for worker processes.

`parse_file` runs the pipeline and the site-step features on one file and never raises: a file the
pipeline rejects, or one it fails on, comes back as a Rejection with the reason. `parse_files`
does the same for many files across processes (forked, so each inherits the loaded knowledge), and
both go through the parse cache (cache.py) when one is given.
"""

from __future__ import annotations

import dataclasses
import logging
import multiprocessing
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from .cache import ParseCache
from .errors import RejectedFile
from .knowledge import Knowledge
from .metadata import reading_minutes
from .model import Article
from .pipeline import IngestOptions, ingest_file
from .progress import plain_log_in_child
from .site.features import Features, article_features
from .typography import Typesetting, is_typeset, typeset_html, typeset_text

logger = logging.getLogger(__name__)
# Fewer files than this are parsed in this process: starting workers would cost more than it saves.
MIN_FILES_FOR_WORKERS = 64
# Files handed to a worker at a time: large enough to keep the pipe quiet, small enough to balance.
WORKER_CHUNK = 8
# Files looked up in the parse cache at once (progress is told after each such run).
CACHE_LOOKUP_FILES = 500
# Pipeline warnings that depend on when or where the build runs, not on the file: such a result is
# not cached (a date in the future today may not be tomorrow; a file's modification time is not
# part of its content).
UNCACHEABLE_WARNINGS = ("lies in the future", "modification time was used")


@dataclass(frozen=True)
class Presentation:
    """What the reader shows of an article beyond the pipeline's fields: its title, summary and body
    typeset for its language, and its reading time. Worked out with the parse (in the workers, and
    cached with it), since typogrify costs more than the rest of reading a cached article."""

    title: str
    summary_text: str
    body_html: str
    reading_minutes: int


@dataclass(frozen=True)
class Parsed:
    """What the build keeps of a raw file. The article's own text is not kept (see without_text):
    the presentation holds the body the pages show, and the features what the site steps compare."""

    article: Article
    features: Features
    presentation: Presentation


def without_text(article: Article) -> Article:
    """The article with its body_html and body_text empty: a third of a cached entry, unpickled on
    every build for nothing (the build reads the presentation's body; `inspect` runs the pipeline)."""
    return dataclasses.replace(article, body_html="", body_text="")


@dataclass(frozen=True)
class Rejection:
    reason: str
    failed: bool = False  # the plugin failed on the file (a bug), rather than the file being unusable


def present(article: Article, rules: Typesetting | None) -> Presentation:
    minutes = reading_minutes(article.body_text)
    if rules is None or not is_typeset(article.lang, rules.languages):
        return Presentation(article.title, article.summary, article.body_html, minutes)
    summary = typeset_text(article.summary, rules) if article.summary else article.summary
    return Presentation(typeset_text(article.title, rules), summary, typeset_html(article.body_html, rules), minutes)


def parse_uncached(
    path: str, knowledge: Knowledge, options: IngestOptions, rules: Typesetting | None = None
) -> Parsed | Rejection:
    try:
        article = ingest_file(path, knowledge, options)
        return Parsed(without_text(article), article_features(article, knowledge), present(article, rules))
    except RejectedFile as rejection:
        return Rejection(rejection.reason)
    except Exception as error:  # a plugin bug must not make the file vanish from the report
        logger.debug("news_digest: %s", path, exc_info=True)
        return Rejection(f"the plugin failed on this file ({type(error).__name__}: {error})", failed=True)


def is_cacheable(result: Parsed | Rejection) -> bool:
    if isinstance(result, Rejection):
        return not result.failed
    return not any(marker in warning for warning in result.article.warnings for marker in UNCACHEABLE_WARNINGS)


def parse_file(
    path: str,
    knowledge: Knowledge,
    options: IngestOptions,
    cache: ParseCache | None = None,
    rules: Typesetting | None = None,
) -> Parsed | Rejection:
    key = cache.key_for(path, options) if cache is not None else None
    if key is not None:
        cached = cache.get(key)
        if cached is not None:
            return cached
    result = parse_uncached(path, knowledge, options, rules)
    if key is not None and is_cacheable(result):
        cache.put(key, result)
    return result


# What a forked worker needs ("knowledge", "options", "rules"); set in the parent just before the workers start.
WORKER_STATE: dict = {}


def parse_in_worker(path: str) -> tuple[str, bytes]:
    knowledge, options, rules = WORKER_STATE["knowledge"], WORKER_STATE["options"], WORKER_STATE["rules"]
    result = parse_uncached(path, knowledge, options, rules)
    return path, ParseCache.pack(result, is_cacheable(result))


def worker_count(requested: int | None) -> int:
    available = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return max(1, min(requested or available, available))


def parse_files(
    paths: Iterable[str],
    knowledge: Knowledge,
    options: IngestOptions,
    *,
    cache: ParseCache | None = None,
    workers: int | None = None,
    advance: Callable[[int], None] | None = None,
    rules: Typesetting | None = None,
    keys: dict[str, bytes | None] | None = None,
) -> dict[str, Parsed | Rejection]:
    """Every path's result: from the cache, else parsed in worker processes (or here, when few).

    Which files the cache lacks is known from its keys alone, so the workers start first and parse
    while this process reads the cached results back (most of that time is unpickling): a day's
    new files cost the build their parse or the cache's reading, whichever is longer, not both."""
    paths = list(paths)
    if cache is None:
        keys = {}
    elif keys is None or any(path not in keys for path in paths):  # `keys`: the paths' keys, if known
        keys = {path: cache.key_for(path, options) for path in paths}
    stored = cache.stored([key for key in keys.values() if key is not None]) if cache is not None else set()
    missing = [path for path in paths if keys.get(path) not in stored]
    if cache is not None:
        cache.misses += sum(1 for path in missing if keys[path] is not None)
    results: dict[str, Parsed | Rejection] = {}
    count = worker_count(workers)
    if count < 2 or len(missing) < MIN_FILES_FOR_WORKERS or "fork" not in multiprocessing.get_all_start_methods():
        parse_here = missing + read_cached(cache, keys, paths, missing, into=results, advance=advance)
    else:
        WORKER_STATE.update(knowledge=knowledge, options=options, rules=rules)
        try:
            with multiprocessing.get_context("fork").Pool(count, initializer=plain_log_in_child) as pool:
                parsed = pool.imap_unordered(parse_in_worker, missing, chunksize=WORKER_CHUNK)
                parse_here = read_cached(cache, keys, paths, missing, into=results, advance=advance)
                for path, packed in parsed:
                    result, cacheable = ParseCache.unpack(packed)
                    results[path] = result
                    if cacheable and keys.get(path) is not None:
                        cache.put_packed(keys[path], packed)
                    if advance:
                        advance(1)
                pool.close()  # workers end on their own: leaving the block would SIGTERM them (terminate())
                pool.join()
        finally:
            WORKER_STATE.clear()
    # Too few files for workers, and entries that could not be read back (parsed again, stored again).
    for path in parse_here:
        results[path] = parse_file(path, knowledge, options, cache, rules)
        if advance:
            advance(1)
    return {path: results[path] for path in paths}


def read_cached(
    cache: ParseCache | None,
    keys: dict[str, bytes | None],
    paths: list[str],
    missing: list[str],
    *,
    into: dict,
    advance: Callable[[int], None] | None,
) -> list[str]:
    """The cached results of the paths not missing, put into `into`, CACHE_LOOKUP_FILES at a time;
    the paths whose entry could not be read back."""
    if cache is None:
        return []
    lacking = set(missing)
    wanted = [path for path in paths if path not in lacking]
    unreadable = []
    for start in range(0, len(wanted), CACHE_LOOKUP_FILES):
        chunk = wanted[start : start + CACHE_LOOKUP_FILES]
        found = cache.get_many([keys[path] for path in chunk])
        for path in chunk:
            cached = found.get(keys[path])
            if cached is None:
                unreadable.append(path)
                continue
            into[path] = cached
            if advance:
                advance(1)
    return unreadable
