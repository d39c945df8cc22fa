"""Signal wiring only: every piece of work lives in the modules it calls."""

from __future__ import annotations

import functools
import logging
import os
import weakref

from pelican import signals
from pelican.generators import ArticlesGenerator, StaticGenerator

from . import article_cache, heap, progress
from .files import content_files, skip_unused_file_stamps
from .knowledge import load_knowledge
from .reader import LOG_PREFIX, NewsReader
from .settings import DEFAULTS, resolve
from .site import (
    archive_pages,
    articles_written,
    build_notices,
    digest_ahead,
    folders_ahead,
    incremental,
    render_pool,
    url_memo,
)
from .site.generator import DigestGenerator, flush_writer
from .site.outputs import CONTEXT_KEY, SiteOutputs
from .site.pelican_steps import apply_site_steps, describe_archive, start_steps_ahead
from .site.report import totals, write_report
from .site.slugs import unique_slugs
from .templating import canonical_tag, install_translations, make_filters, make_globals

logger = logging.getLogger(__name__)
# The generators of builds in this process that have asked for the previous build's folders.
FOLDERS_ASKED: weakref.WeakSet = weakref.WeakSet()
I18N_EXTENSION = "jinja2.ext.i18n"


class StrictBuildError(RuntimeError):
    exitcode = 1


def configure(pelican) -> None:
    url_memo.install()
    settings = pelican.settings
    config = resolve(settings)
    knowledge = load_knowledge(config.sources_path, config.tags_path, config.hotlink_images, config.tracking_parameters)
    settings["JINJA_FILTERS"] = {
        **make_filters(knowledge, config.display_timezone),
        **settings.get("JINJA_FILTERS", {}),
    }
    settings["JINJA_GLOBALS"] = {**make_globals(settings.get("SITEURL", "")), **settings.get("JINJA_GLOBALS", {})}
    settings["DEFAULT_LANG"] = canonical_tag(settings.get("DEFAULT_LANG") or "en")  # Pelican lowercases it
    environment = settings.setdefault("JINJA_ENVIRONMENT", {})
    # A build loads each template once: Jinja need not stat every included file again on each page
    # (a tenth of rendering). Each build, `make regenerate`'s too, makes environments of its own.
    environment.setdefault("auto_reload", False)
    extensions = environment.setdefault("extensions", [])
    if I18N_EXTENSION not in extensions:
        extensions.append(I18N_EXTENSION)
    settings.setdefault("DISPLAY_TIMEZONE", config.display_timezone)
    # tools/build.py writes into a fresh folder and names the one it replaces: unchanged pages come from there.
    if os.environ.get(incremental.PREVIOUS_OUTPUT_SETTING):
        settings.setdefault(incremental.PREVIOUS_OUTPUT_SETTING, os.environ[incremental.PREVIOUS_OUTPUT_SETTING])
    for key, default in DEFAULTS.items():
        settings.setdefault(key, default)
    if settings.get("TYPOGRIFY"):
        logger.warning(
            "%s TYPOGRIFY applies English typography to every language; "
            "turn it off and list languages in NEWS_DIGEST_TYPOGRIFY_LANGUAGES instead",
            LOG_PREFIX,
        )


def add_reader(readers) -> None:
    readers.reader_classes["txt"] = NewsReader


def sorted_content_files(generator, *args, **kwargs) -> list[str]:
    return sorted(content_files(generator, *args, **kwargs))


def walk_each_folder_once(generator) -> None:
    """Pelican follows folder links without noticing loops; this file walk lists the same files.

    Articles and pages are read in path order: Pelican keeps articles of the same date in the order
    it read them, and a set's order would change from run to run (and builds with it).
    """
    walk = content_files if isinstance(generator, StaticGenerator) else sorted_content_files
    generator.get_files = functools.partial(walk_once, walk, generator, {})


def walk_once(walk, generator, walked: dict, paths, exclude=None, extensions=None):  # noqa: PLR0917 (get_files)
    """walk's listing, worked out once per generator (so per build) for the same arguments: the
    articles are listed for parse_ahead, for the progress count and for Pelican's reading loop. Each
    caller gets a copy of its own."""
    key = (repr(paths), repr(exclude), repr(extensions))
    found = walked.get(key)
    if found is None:
        found = walked[key] = walk(generator, paths, exclude=exclude, extensions=extensions)
    return found.copy()


def skip_file_stamps(generator) -> None:
    for cacher in (generator, getattr(generator, "readers", None)):
        skip_unused_file_stamps(cacher)


def add_translations(generator) -> None:
    install_translations(generator.env, generator.settings["THEME"], generator.settings.get("DEFAULT_LANG", "en"))


def news_reader(generator) -> NewsReader | None:
    reader = generator.readers.readers.get("txt")
    return reader if isinstance(reader, NewsReader) else None


def parse_ahead(generator) -> None:
    """Before Pelican reads the first article: every raw file parsed, from the cache or in parallel."""
    reader = news_reader(generator)
    if reader is None or reader.parsed_ahead:
        return
    files = generator.get_files(generator.settings["ARTICLE_PATHS"], exclude=generator.settings["ARTICLE_EXCLUDES"])
    suffixes = tuple(f".{extension}" for extension in reader.file_extensions)
    paths = [os.path.abspath(os.path.join(generator.path, f)) for f in files if f.endswith(suffixes)]
    with progress.start("parsing", len(paths)) as tracker:
        reader.parse_ahead(paths, tracker.advance, kept_articles(generator, reader))
    reader.steps_ahead = start_steps_ahead(generator, reader, paths)
    reader.make_kept_articles()  # while the child works out the site steps


def kept_articles(generator, reader: NewsReader) -> article_cache.ArticleCache | None:
    """The cache of Pelican's articles from the last build, where this build can use it."""
    if not reader.config.cache or reader.cache is None:
        return None
    why_not = article_cache.usable(generator)
    if why_not is not None:
        logger.info("%s no article cache (every article is made afresh): %s", LOG_PREFIX, why_not)
        return None
    folder = generator.settings.get("CACHE_PATH") or "cache"
    return article_cache.ArticleCache(folder, generator.settings, reader.wrappers, generator.context)


def restore_kept_articles(generator) -> None:
    """Pelican asks its generator for a cached article before it reads each file: an unchanged
    file's article comes from the article cache (article_cache.py), made again; a file read afresh
    has its article kept there once Pelican has made it. Pelican sends article_generator_preread
    only before a file it reads: it is sent once before the first file is asked for, so that the
    files are parsed (or their articles made again) ahead whatever the cache holds."""
    reader = news_reader(generator)
    if reader is None:
        return
    cached_data, cache_data = generator.get_cached_data, generator.cache_data

    def get_cached_data(filename, default=None):
        if not reader.parsed_ahead:  # parse_ahead, connected to the signal, sets it
            signals.article_generator_preread.send(generator)
        article = reader.restore(os.path.abspath(os.path.join(generator.path, filename)))
        if article is None:
            return cached_data(filename, default)
        signals.article_generator_context.send(generator, metadata=article.metadata)
        return article

    def keep_data(filename, data):
        cache_data(filename, data)
        reader.keep(data)

    generator.get_cached_data, generator.cache_data = get_cached_data, keep_data


def merge_and_group(generator) -> None:
    """Duplicates merged, stories grouped, automatic tags added, then slugs made unique."""
    reader = news_reader(generator)
    if reader is not None:
        reader.done_reading()
        ahead, reader.steps_ahead = reader.steps_ahead, None
        result = apply_site_steps(generator, reader.config, reader.knowledge, reader.outcomes, ahead)
        build_notices.say_kept()  # the steps' child has ended: the build's steps may prepare now
        logger.info(
            "%s %d duplicates merged, %d stories, %d articles with automatic tags",
            LOG_PREFIX,
            len(result.duplicate_of),
            len(result.stories),
            len(result.auto_tags),
        )
    settle_slugs(generator)


def describe(generator) -> None:
    """Once the article list is final: neighbours on each article, the sources' health in the context."""
    reader = news_reader(generator)
    if reader is not None:
        describe_archive(generator, reader.config, reader.knowledge, reader.outcomes)


def outputs_of(context) -> SiteOutputs | None:
    outputs = context.get(CONTEXT_KEY) if isinstance(context, dict) else None
    return outputs if isinstance(outputs, SiteOutputs) else None


def record_page(path, context=None) -> None:
    if outputs := outputs_of(context):
        outputs.page_written(path, context)


def set_feed_language_and_page(context, feed=None) -> None:
    if outputs := outputs_of(context):
        outputs.feed_generated(feed)


def record_feed(path, context=None, feed=None) -> None:
    if outputs := outputs_of(context):
        outputs.feed_written(path, feed)


def written_before_finalized(signal, writer) -> None:
    """Pelican's promise to receivers of article_writer_finalized and page_writer_finalized: the
    generator's pages are written. The writer may still hold some in its queue: write them now, where
    another plugin receives the signal. The plugin's own receivers need no page written: then the
    pages queued start rendering, and the build goes on while they do (the machine files, written
    last, wait for every page)."""
    if article_cache.foreign_receivers(signal):
        flush_writer(writer)
    else:
        flush_writer(writer, wait=False)


def articles_written_before_finalized(generator, writer) -> None:
    written_before_finalized(signals.article_writer_finalized, writer)


def pages_written_before_finalized(generator, writer) -> None:
    written_before_finalized(signals.page_writer_finalized, writer)


def make_folders_ahead(generator) -> None:
    """The previous build's folders made in the new output folder while this build reads (after
    Pelican has emptied the output folder, where DELETE_OUTPUT_DIRECTORY says so). Pelican sends
    the signal before each file it reads; the folders are asked for at the first."""
    if generator in FOLDERS_ASKED:
        return
    FOLDERS_ASKED.add(generator)
    manifest, previous = incremental.PageStore.locate(generator.settings, generator.output_path)
    folders_ahead.start(generator.output_path, manifest, previous)


def add_generators(pelican):
    return DigestGenerator


def settle_slugs(generator) -> None:
    changed = unique_slugs(generator.articles + generator.drafts + generator.hidden_articles)
    if changed:
        logger.info("%s %d colliding slugs were given a numeric suffix", LOG_PREFIX, changed)


def report_urls(generator, reader: NewsReader) -> dict[str, str]:
    """Each published raw file's article URL, by the file's path in the report."""
    outcomes = reader.outcomes
    return {outcomes[a.source_path].path: a.url for a in generator.articles if a.source_path in outcomes}


def keep_report_urls(generators) -> None:
    """The report's URLs, taken once every generator has its context and before anything is written
    (the render processes fork from here on). Taken at the report, after the article pages, with
    render processes running, that pass over 20,000 articles was 0.63 s of a day's build (py-spy),
    and is 0.13 s here; most likely because each article read writes its reference count, and the
    kernel first copies a page this process shares with a forked child."""
    for generator in generators:
        reader = news_reader(generator) if isinstance(generator, ArticlesGenerator) else None
        if reader is not None:
            reader.report_urls = report_urls(generator, reader)


def write_build_report(generator, writer) -> None:
    reader = news_reader(generator)
    if reader is None:
        return
    urls, reader.report_urls = reader.report_urls, None
    if urls is None:
        urls = report_urls(generator, reader)
    for outcome in reader.outcomes.values():
        if outcome.status in ("published", "merged"):
            outcome.url = urls.get(outcome.canonical or outcome.path)
    outcomes = list(reader.outcomes.values())
    report_path = os.path.join(generator.output_path, reader.config.report_path)
    write_report(outcomes, report_path)
    counts = totals(outcomes)
    logger.info(
        "%s %d raw files read: %d published, %d merged, %d rejected (report: %s)",
        LOG_PREFIX,
        counts["read"],
        counts["published"],
        counts["merged"],
        counts["rejected"],
        report_path,
    )
    if reader.config.strict and counts["rejected"]:
        raise StrictBuildError(f"{counts['rejected']} raw files were rejected (NEWS_DIGEST_STRICT is on)")


def watch_build(pelican) -> None:
    """Progress and the closing summary show at Pelican's default verbosity; each run is timed, and
    its bar removed however it ends; while it runs, long-lived objects are kept out of the garbage
    collector's full collections (heap.py)."""
    progress.show_by_default()
    pelican.run = heap.keeping_long_lived(render_pool.stopping_batches(progress.build.watching(pelican.run)))


def start_reading(generator) -> None:
    progress.build.reading_started()


def count_files_to_read(generator) -> None:
    """Before the first file is read: how many Pelican will read (the same listing it reads from)."""
    if progress.build.to_read is None and progress.is_enabled():
        paths, excludes = generator.settings["ARTICLE_PATHS"], generator.settings["ARTICLE_EXCLUDES"]
        progress.build.files_to_read(len(generator.get_files(paths, exclude=excludes)))


def count_file_read(generator, metadata=None) -> None:
    progress.build.file_read()


def end_reading(generator) -> None:
    progress.build.reading_done()


def keep_outcomes(generator) -> None:
    reader = news_reader(generator)
    if reader is not None:
        progress.build.outcomes = reader.outcomes


def start_writing(pelican) -> None:
    """get_writer: the writing phase begins; no writer is offered."""
    progress.build.writing_started()


def count_page(path, context=None) -> None:
    progress.build.page_written()


def count_feed(path, context=None, feed=None) -> None:
    progress.build.feed_written()


def log_summary(pelican) -> None:
    progress.build.run_finished()


def register():
    signals.initialized.connect(configure)
    signals.readers_init.connect(add_reader)
    signals.generator_init.connect(add_translations)
    signals.generator_init.connect(walk_each_folder_once)
    signals.article_generator_init.connect(skip_file_stamps)
    signals.page_generator_init.connect(skip_file_stamps)
    signals.article_generator_init.connect(archive_pages.install)
    signals.article_generator_init.connect(articles_written.install)
    signals.article_generator_init.connect(restore_kept_articles)
    signals.article_generator_preread.connect(make_folders_ahead)
    signals.article_generator_preread.connect(parse_ahead)
    signals.article_generator_pretaxonomy.connect(merge_and_group)
    signals.article_generator_finalized.connect(describe)
    signals.get_generators.connect(add_generators)
    signals.all_generators_finalized.connect(keep_report_urls)  # before digest_ahead forks
    signals.all_generators_finalized.connect(digest_ahead.prepare)
    signals.get_writer.connect(incremental.writer_class)
    signals.finalized.connect(incremental.finish_writers)
    signals.finalized.connect(folders_ahead.finish_all)
    signals.finalized.connect(digest_ahead.discard_prepared)
    signals.finalized.connect(article_cache.finish_all)
    signals.article_writer_finalized.connect(articles_written_before_finalized)
    signals.page_writer_finalized.connect(pages_written_before_finalized)
    signals.article_writer_finalized.connect(write_build_report)
    signals.content_written.connect(record_page)
    signals.feed_generated.connect(set_feed_language_and_page)
    # It sets fields of the feed itself, never an item: feeds stay keyed by what their items are made from.
    incremental.ITEM_KEEPING_RECEIVERS.add(set_feed_language_and_page)
    signals.feed_written.connect(record_feed)
    signals.initialized.connect(watch_build)
    signals.article_generator_init.connect(start_reading)
    signals.article_generator_preread.connect(count_files_to_read)
    signals.article_generator_context.connect(count_file_read)
    signals.article_generator_pretaxonomy.connect(end_reading)
    signals.article_generator_finalized.connect(keep_outcomes)
    signals.get_writer.connect(start_writing)
    signals.content_written.connect(count_page)
    signals.feed_written.connect(count_feed)
    signals.finalized.connect(log_summary)
