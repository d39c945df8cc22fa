"""Pelican's writer, rendering only the pages and feeds whose inputs changed since the last build.

Each page gets a key before it is rendered: the site digest (settings, theme, plugin code, library
versions) and the digest of every context value its template reads (page_digest.py). A feed's key
is the digest of the feed's own fields, once Pelican and the receivers of its feed_generated signal
have set them, and of its items: of what Pelican makes each item from (its article), when every
receiver of that signal is known to leave the items alone, else of the items built. The last build's
keys sit in CACHE_PATH with each file's inode, size and modification time; a page whose key and
file both match is linked from the previous output folder (tools/build.py says where it is)
instead of rendered, and everything else is written as Pelican writes it, with the same signals.
A file that changed after the build that wrote it (another inode, size or time) is never reused.
What each template reads (worked out from its syntax tree, about half a second a build) is kept
there too, for the next build with the same site digest.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import logging
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass

from pelican.plugins import signals
from pelican.utils import path_to_url
from pelican.writers import FileOverwriteFailedError, Writer

from ..cache import code_digest
from ..files import joined_below, relative_path, root_from
from ..parsing import worker_count
from . import build_notices, digest_ahead, feed_text, folders_ahead, kept_files, render_pool
from .page_digest import (
    CONTENT_DEPTH,
    Digester,
    defined_tests,
    folder_digest,
    library_versions,
    settings_digest,
    template_variables,
)
from .pagination import FIRST_PAGE_ONLY, list_pages

logger = logging.getLogger(__name__)
LOG_PREFIX = "news_digest:"
MANIFEST_FORMAT = 2
PREVIOUS_OUTPUT_SETTING = "NEWS_DIGEST_PREVIOUS_OUTPUT"
# Context variables every page has but no page's look depends on apart from its name.
PAGE_OWN_VARIABLES = frozenset({"SITEURL", "output_file", "localsiteurl"})
# Receivers of Pelican's feed_generated signal known to change no feed item (the plugin's own, which
# sets fields of the feed itself): with no other, a feed is keyed by what its items are made from.
ITEM_KEEPING_RECEIVERS: set = set()
# What Pelican 4.12's _add_item_to_the_feed reads of an article beyond its own values and URL (an
# article's digest at depth 1): its text, and the names of its category, tags and author.
FEED_ITEM_REFERENCES = ("category", "tags", "author")
# The digester's memo slot for that digest, beside an object's digests at each depth.
FEED_ENTRY = "feed entry"
# Pages and feeds to render queued before they are rendered together, across processes: the first
# batch starts after RENDER_BATCH (enough to make a fork worth it, few enough that a rebuild's few
# hundred renders overlap with working out the other pages' keys); each batch after it is twice the
# one before, up to RENDER_BATCH_MOST. Each fork's children copy the pages of memory they touch that
# they share with this process (the site-wide lists, the templates' state), once per fork: rendering
# all 27,654 pages of the 20,000-article archive in batches of 400, the children took 1.6-1.7 million
# page faults and the writing 29-36 s (six builds); growing to 3,200, half a million and 24 s.
RENDER_BATCH = 400
RENDER_BATCH_MOST = 3200


@dataclass(slots=True)
class Written:
    """A page or feed asked for: rendered when the queue is flushed (render None: kept from the
    previous build), then its signal sent. A kept page holds how it would be rendered (fallback)
    until its file is in place (kept_files.py): one that cannot be is rendered instead."""

    path: str
    name: str  # relative to the output folder
    key: str
    render: Callable[[], None] | None
    signal: Callable[[], object]
    fallback: Callable[[], None] | None = None


def open_for_writing(path: str):
    """A new file at path: one already there is replaced, not written into, since it may be the
    previous build's file linked for a kept page (a page kept, then written again by an override)."""
    if path != os.devnull:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with contextlib.suppress(FileNotFoundError, IsADirectoryError):
            os.unlink(path)
    try:
        return open(path, "w", encoding="utf-8")
    except IsADirectoryError:
        # A folder made ahead for the previous build's pages (folders_ahead.py) where this build
        # writes a file: with nothing in it, it goes.
        if folders_ahead.holds_files(path):
            raise
        shutil.rmtree(path)
        return open(path, "w", encoding="utf-8")


def render_page(template, localcontext: dict, path: str) -> None:
    output = template.render(localcontext)
    with open_for_writing(path) as handle:
        handle.write(output)


def render_feed(feed, path: str, shared_entries: bool = False) -> None:
    """The feed written as feedgenerator writes it; with shared_entries (no receiver of feed_generated
    changes an item), an entry's text made once per process (feed_text.py)."""
    with open_for_writing(path) as handle:
        if shared_entries and feed_text.can_share_entries(feed):
            handle.write(feed_text.atom_text(feed))
        else:
            feed.write(handle, "utf-8")


def content_written_signal(path: str, localcontext: dict) -> Callable[[], object]:
    return functools.partial(signals.content_written.send, path, context=localcontext)


class PageStore:
    """The last build's page keys and files, and this build's, saved when the build finishes."""

    def __init__(self, manifest_path: str | None, previous_output: str):
        self.manifest_path = manifest_path
        self.previous_output = previous_output
        self.previous: dict[str, list] = {}
        self.current: dict[str, list] = {}
        # What templates read, as the last build found it: {"site": its site digest, "variables":
        # [[name, assumed, variables], ...], "tests": {name: variables}}; this build's likewise.
        self.previous_templates: dict = {}
        self.templates: dict = {}
        if manifest_path:
            try:
                with open(manifest_path, encoding="utf-8") as handle:
                    document = json.load(handle)
                if document.get("format") == MANIFEST_FORMAT:
                    self.previous = document.get("files", {})
                    self.previous_templates = document.get("templates", {})
            except (OSError, ValueError, AttributeError):
                self.previous = {}
                self.previous_templates = {}

    @staticmethod
    def locate(settings: dict, output_path: str) -> tuple[str | None, str]:
        """The manifest's path (None when the cache is off) and the previous output folder."""
        previous = os.path.realpath(settings.get(PREVIOUS_OUTPUT_SETTING) or output_path)
        folder = settings.get("CACHE_PATH") or "cache"
        name = hashlib.blake2b(previous.encode("utf-8", "surrogateescape"), digest_size=8).hexdigest()
        if not settings.get("NEWS_DIGEST_CACHE", True):
            return None, previous
        return os.path.join(folder, "news_digest", f"pages-{name}.json"), previous

    @classmethod
    def for_settings(cls, settings: dict, output_path: str) -> PageStore:
        return cls(*cls.locate(settings, output_path))

    def record(self, name: str, key: str, path: str) -> None:
        try:
            info = os.stat(path)
        except OSError:
            return
        self.current[name] = [key, info.st_ino, info.st_size, info.st_mtime_ns]

    def entry_for(self, name: str, key: str) -> list | None:
        """What the previous build recorded of this page ([key, inode, size, modification time]),
        when it had this key."""
        entry = self.previous.get(name)
        return entry if entry and entry[0] == key else None

    def kept(self, name: str, entry: list, outcome) -> None:
        """A kept file placed (kept_files.place's outcome, not None): linked, what the previous
        build recorded of it holds; copied, the copy's inode, size and time."""
        self.current[name] = [entry[0], *(entry[1:] if outcome is kept_files.LINKED else outcome)]

    def save(self) -> None:
        if not self.manifest_path:
            return
        try:
            os.makedirs(os.path.dirname(self.manifest_path), exist_ok=True)
            temporary = f"{self.manifest_path}.{os.getpid()}.tmp"
            with open(temporary, "w", encoding="utf-8") as handle:
                document = {"format": MANIFEST_FORMAT, "files": self.current, "templates": self.templates}
                # In one piece: json.dump encodes through Python's encoder, dumps through its C one.
                handle.write(json.dumps(document, separators=(",", ":")))
            os.replace(temporary, self.manifest_path)
        except OSError as error:
            logger.warning("%s the page manifest %s cannot be written (%s)", LOG_PREFIX, self.manifest_path, error)


class IncrementalWriter(Writer):
    """Pelican's Writer; write_file and write_feed skip rendering when the previous output will do."""

    def __init__(self, output_path, settings=None):
        super().__init__(output_path, settings=settings)
        self.store = PageStore.for_settings(self.settings, output_path)
        self.digester = digest_ahead.take_prepared() or Digester()
        self.site_digest = self.compute_site_digest()
        self.template_keys: dict[tuple[str, frozenset[str]], tuple[bytes, frozenset[str]]] = {}
        self.defined_tests: dict[str, frozenset[str]] = {}
        self.variable_orders: dict[frozenset[str], tuple[tuple[str, bytes, bool], ...]] = {}
        self.known_variables, self.known_tests = known_templates(self.store.previous_templates, self.site_digest)
        previous = self.store.previous_templates
        if not isinstance(previous, dict) or previous.get("site") != self.site_digest.hex():  # every page rendered
            build_notices.say(build_notices.SITE_REWRITTEN)
        self.rendered = 0
        self.reused = 0
        self.processes = worker_count(self.settings.get("NEWS_DIGEST_WORKERS"))
        self.pending: list[Written] = []  # pages and feeds asked for, not yet rendered or signalled
        self.pending_renders = 0
        self.batch_size = RENDER_BATCH  # renders queued before the next batch starts
        self.under_way: tuple[render_pool.Batch, list[Written]] | None = None
        # (article's id, feed class, site URL) -> (article, its feed item): see _add_item_to_the_feed
        self.feed_items: dict[tuple[int, type, str], tuple[object, dict]] = {}
        self.kept_files = kept_files.KeptFiles(helper_allowed=self.processes > 1)
        feed_text.ENTRIES.clear()  # an earlier build's, in this process (`pelican -r`)
        ACTIVE_WRITERS.append(self)

    def compute_site_digest(self) -> bytes:
        digest = hashlib.blake2b(code_digest(), digest_size=16)
        digest.update(library_versions())
        # The theme, and the folders whose templates override it (Pelican looks there first).
        for folder in (self.settings.get("THEME"), *self.settings.get("THEME_TEMPLATES_OVERRIDES", ())):
            if folder and os.path.isdir(folder):
                digest.update(folder_digest(folder))
        digest.update(settings_digest(self.digester, self.settings))
        return digest.digest()

    # Keys -----------------------------------------------------------------------------------------
    def template_key(self, template, localcontext: dict) -> tuple[bytes, frozenset[str]]:
        """The template's identity and the variables it reads in this context: what only runs when
        a variable it tests with `is defined` is missing (or present) is left out when it is
        present (or missing)."""
        name = template.name
        environment = template.environment
        tests = self.defined_tests.get(name)
        if tests is None:
            tests = self.known_tests.get(name)
            if tests is None:
                tests = defined_tests(environment, name)
            self.defined_tests[name] = tests
        assumed = frozenset(variable for variable in tests if variable in localcontext)
        key = (name, assumed)
        if key not in self.template_keys:
            variables = self.known_variables.get(key)
            if variables is None:
                variables = template_variables(environment, name, assumed=assumed)
            self.template_keys[key] = (hashlib.blake2b(name.encode(), digest_size=16).digest(), variables)
        return self.template_keys[key]

    def remember_templates(self) -> None:
        """What the templates used in this build read, for the next build with this site digest."""
        self.store.templates = {
            "site": self.site_digest.hex(),
            "variables": [
                [name, sorted(assumed), sorted(variables)]
                for (name, assumed), (_, variables) in self.template_keys.items()
            ],
            "tests": {name: sorted(tests) for name, tests in self.defined_tests.items()},
        }

    def page_key(self, template, localcontext: dict, name: str) -> str:
        identity, variables = self.template_key(template, localcontext)
        digest = hashlib.blake2b(self.site_digest + identity, digest_size=16)
        digest.update(name.encode("utf-8", "surrogateescape"))
        order = self.variable_order(localcontext.keys() if "*" in variables else variables)
        settings, missing, digest_of = self.settings, digest, self.digester.digest
        for variable, label, own in order:
            value = localcontext.get(variable, missing)
            if value is missing or (not own and value is settings.get(variable, missing)):
                continue  # not there, or a setting: part of the site digest
            digest.update(label)
            digest.update(digest_of(value, CONTENT_DEPTH))
        return digest.hexdigest()

    def variable_order(self, names) -> tuple[tuple[str, bytes, bool], ...]:
        """The variables a page key digests, in order: each with its label in the digest and whether
        it is one of every page's own (never taken for a setting); worked out once per set of names."""
        names = names if isinstance(names, frozenset) else frozenset(names)
        order = self.variable_orders.get(names)
        if order is None:
            order = self.variable_orders[names] = tuple(
                (variable, variable.encode() + b"=", variable in PAGE_OWN_VARIABLES)
                for variable in sorted(names | PAGE_OWN_VARIABLES)
            )
        return order

    def feed_key(self, feed, path: str, url: str | None, feed_type: str, *, elements: list, items_kept: bool) -> str:
        """The feed's fields, as the receivers of feed_generated left them, and its items: when every
        receiver is known to change no item, the digests of what Pelican makes each item from (its
        article: feed_entry_digest) and of the site URL it makes them against, worked out once per
        article for all the feeds that list it; otherwise the items themselves. items_kept: whether
        every receiver is so known (items_kept())."""
        digest = hashlib.blake2b(self.site_digest, digest_size=16)
        digest.update(f"{path}|{url}|{feed_type}".encode("utf-8", "surrogateescape"))
        digest.update(self.digester.digest(feed.feed, 3))
        if items_kept:
            digest.update(f"entries|{self.site_url}|{len(elements)}".encode("utf-8", "surrogateescape"))
            for element in elements:
                digest.update(self.feed_entry_digest(element))
        else:
            digest.update(self.digester.digest(feed.items, 3))
        return digest.hexdigest()

    @staticmethod
    def items_kept(context) -> bool:
        """Whether every receiver of feed_generated is known to leave the feed's items alone."""
        return set(signals.feed_generated.receivers_for(context)) <= ITEM_KEEPING_RECEIVERS

    def feed_entry_digest(self, article) -> bytes:
        """What Pelican 4.12's _add_item_to_the_feed makes an article's item from: the article's own
        values and URL (its digest at depth 1, worked out ahead), its text, and its category, tags and
        author with their names (FEED_ITEM_REFERENCES); the settings it reads are the site digest's."""
        return self.digester.memoized(article, FEED_ENTRY, self.compute_feed_entry_digest)

    def compute_feed_entry_digest(self, article, _kind) -> bytes:
        digest_of = self.digester.digest
        digest = hashlib.blake2b(digest_of(article, 1), digest_size=16)
        digest.update(digest_of(getattr(article, "_content", None), 0))
        for name in FEED_ITEM_REFERENCES:
            digest.update(digest_of(getattr(article, name, None), 1))
        return digest.digest()

    def claim_kept(self, name: str, key: str, path: str, override: bool) -> list | None:
        """The previous build's entry for this file, when it had this key and Pelican would plainly
        write the file here (claimed, then); else None."""
        entry = self.store.entry_for(name, key)
        if entry is None or not self.claim(path, override):
            return None
        return entry

    def keep(self, written: Written, entry: list) -> None:
        """The previous build's file put in place for a page queued as kept (kept_files.py), or the
        page rendered when it cannot be."""

        def done(outcome) -> None:
            if outcome is None:
                written.render, written.fallback = written.fallback, None
                self.reused -= 1
                self.pending_renders += 1
            else:
                written.fallback = None
                self.store.kept(written.name, entry, outcome)

        source = os.path.join(self.store.previous_output, written.name)
        self.kept_files.add(kept_files.Kept(source, written.path, entry[1:], done))

    def claim(self, path: str, override: bool) -> bool:
        """Pelican's bookkeeping of written files for a reused one; False where Pelican would not
        plainly write (a second write, an override): such a page takes Pelican's own path."""
        if path in self._written_files or path in self._overridden_files:
            return False
        if override:
            self._overridden_files.add(path)
        self._written_files.add(path)
        return True

    # Writing ----------------------------------------------------------------------------------------
    def emit_page(self, template, context, localcontext, name, override) -> None:
        if localcontext["localsiteurl"]:
            context["localsiteurl"] = localcontext["localsiteurl"]
        path = joined_below(self.output_path, name)
        relative_name = relative_path(path, self.output_path)
        key = self.page_key(template, localcontext, relative_name)
        render = functools.partial(render_page, template, localcontext)
        self.ask(path, relative_name, key, override, render=render, signal=content_written_signal(path, localcontext))

    def ask(self, path: str, name: str, key: str, override: bool, *, render, signal) -> None:
        """A page or feed queued: kept from the previous build where its key and file match (render,
        given the file to write, kept as its fallback), else to be rendered where Pelican would write it."""
        entry = self.claim_kept(name, key, path, override)
        if entry is not None:
            self.reused += 1
            written = Written(path, name, key, None, signal, functools.partial(render, path))
        else:
            written = Written(path, name, key, functools.partial(render, self.claim_write(path, override)), signal)
        self.queue(written, entry)

    def write_file(  # noqa: PLR0917 (Pelican's signature)
        self,
        name,
        template,
        context,
        relative_urls=False,
        paginated=None,
        template_name=None,
        override_output=False,
        url=None,
        **kwargs,
    ):
        """Pelican 4.12's write_file, each page through emit_page, a list's pages cut as pagination.py
        cuts them. The values of kwargs named in `first_page_only` go to a list's first page only (a
        month's chart): its other pages do not read them, so they are not rendered again when the
        values change."""
        first_page_only = frozenset(kwargs.pop(FIRST_PAGE_ONLY, ()))
        if not name:
            return

        def localcontext_for(page_name, page_kwargs):
            localcontext = context.copy()
            localcontext["localsiteurl"] = localcontext.get("localsiteurl", None)
            if relative_urls:
                relative_url = path_to_url(root_from(page_name))
                localcontext["SITEURL"] = relative_url
                localcontext["localsiteurl"] = relative_url
            localcontext["output_file"] = page_name
            localcontext.update(page_kwargs)
            return localcontext

        if paginated is None:
            paginated = {key: value for key, value in kwargs.items() if key in {"articles", "dates"}}
        if paginated and template_name in self.settings["PAGINATED_TEMPLATES"]:
            # Pages that keep their place as the list grows (pagination.py): `<list>_page` is a page
            # with its neighbours' addresses, in place of Pelican's paginator and neighbouring pages.
            per_page = self.settings["PAGINATED_TEMPLATES"][template_name] or self.settings["DEFAULT_PAGINATION"]
            later_kwargs = {key: value for key, value in kwargs.items() if key not in first_page_only}
            for position, pages in enumerate(list_pages(name, url, paginated, self.settings, per_page)):
                page_kwargs = (later_kwargs if position else kwargs).copy()
                page_kwargs.update({f"{key}_page": page for key, page in pages.items()})
                save_as = next(iter(pages.values())).save_as
                localcontext = localcontext_for(save_as, page_kwargs)
                self.emit_page(template, context, localcontext, save_as, override_output)
        else:
            self.emit_page(template, context, localcontext_for(name, kwargs), name, override_output)

    def write_feed(  # noqa: PLR0917 (Pelican's signature)
        self, elements, context, path=None, url=None, feed_type="atom", override_output=False, feed_title=None
    ):
        """Pelican 4.12's write_feed; the XML is written only when the feed's fields or items changed."""
        self.site_url = context["SITEURL"] if "SITEURL" in context else path_to_url(root_from(path))
        self.feed_domain = context.get("FEED_DOMAIN")
        self.feed_url = self.urljoiner(self.feed_domain, url or path)
        feed = self._create_new_feed(feed_type, feed_title, context)
        elements = elements[: self.settings["FEED_MAX_ITEMS"]]
        for element in elements:
            self._add_item_to_the_feed(feed, element)
        signals.feed_generated.send(context, feed=feed)
        if path:
            complete_path = joined_below(self.output_path, path)
            relative_name = relative_path(complete_path, self.output_path)
            items_kept = self.items_kept(context)
            key = self.feed_key(feed, relative_name, url, feed_type, elements=elements, items_kept=items_kept)
            signal = functools.partial(signals.feed_written.send, complete_path, context=context, feed=feed)
            render = functools.partial(render_feed, feed, shared_entries=items_kept)
            self.ask(complete_path, relative_name, key, override_output, render=render, signal=signal)
        return feed

    def _add_item_to_the_feed(self, feed, item):
        """Pelican's, once per article and kind of feed: an article's item is the same in every feed
        that lists it (the site's, its tags', its source's, its language's, its story's), so the
        feeds share the one item dict Pelican made, and a feed's key digests it once per build."""
        key = (id(item), type(feed), self.site_url)
        known = self.feed_items.get(key)
        if known is not None and known[0] is item:
            feed.items.append(known[1])
            return
        super()._add_item_to_the_feed(feed, item)
        self.feed_items[key] = (item, feed.items[-1])

    def claim_write(self, path: str, override: bool) -> str:
        """Pelican's _open_w without the opening: the same refusals and bookkeeping, and the file to
        write (os.devnull where Pelican skips a file it must not overwrite)."""
        if path in self._overridden_files:
            if override:
                raise FileOverwriteFailedError(
                    f'Failed to overwrite "{path}" a second time (was previously overwritten)'
                )
            logger.info('Skipping "%s", not overwriting', path)
            return os.devnull
        if path in self._written_files:
            if not override:
                raise FileOverwriteFailedError(
                    f'Failed to overwrite "{path}" as Pelican has already written to it previously '
                    "(set `override=True` if intended)"
                )
            logger.info('Overwriting "%s"', path)
        if override:
            self._overridden_files.add(path)
        self._written_files.add(path)
        return path

    def queue(self, written: Written, kept: list | None = None) -> None:
        """A page or feed asked for; `kept`: its previous build's entry, its file to be put in place."""
        self.pending.append(written)
        if kept is not None:
            self.keep(written, kept)
        elif written.render is not None:
            self.pending_renders += 1
        if self.pending_renders >= self.batch_size:
            self.batch_size = max(self.batch_size, min(2 * self.batch_size, RENDER_BATCH_MOST))
            self.flush(wait=False)

    def flush(self, wait: bool = True) -> None:
        """Render what is queued, in forked children, then record each file and send its signal, in
        the order Pelican asked for them. Without wait, the batch renders while the build goes on,
        and is settled at the next flush. The batch before it is settled only once this one is under
        way, so that the cores are not left idle while its files are recorded and this one is forked;
        unless the two write a file in common (an override), which must be written in Pelican's order.
        The kept files queued are in place first (or rendered in this batch where they cannot be).
        Without wait and with nothing queued, nothing is done (the batch under way goes on)."""
        if not wait and not self.pending:
            return
        self.kept_files.settle()
        pending, self.pending, self.pending_renders = self.pending, [], 0
        if self.under_way is not None and write_a_file_in_common(self.under_way[1], pending):
            self.settle()
        batch = render_pool.start([written.render for written in pending if written.render is not None], self.processes)
        self.settle()
        self.under_way = (batch, pending)
        if wait:
            self.settle()

    def settle(self) -> None:
        """Wait for the batch under way, then record its files and send their signals."""
        if self.under_way is None:
            return
        (batch, pending), self.under_way = self.under_way, None
        try:
            batch.wait()
        except BaseException:
            batch.stop()
            raise
        for written in pending:
            if written.render is not None:
                logger.info('Writing "%s"', written.path)
                self.store.record(written.name, written.key, written.path)
                self.rendered += 1
            written.signal()

    def finish(self) -> None:
        self.flush()
        feed_text.ENTRIES.clear()
        self.kept_files.finish()
        folders_ahead.finish(self.output_path, self.store.previous, self.store.current)
        self.remember_templates()
        self.store.save()
        logger.info(
            "%s %d pages and feeds rendered, %d unchanged ones kept from the previous build",
            LOG_PREFIX,
            self.rendered,
            self.reused,
        )


def write_a_file_in_common(earlier: list[Written], later: list[Written]) -> bool:
    """Whether a file rendered in `later` is one rendered in `earlier`."""
    rendered = {written.path for written in earlier if written.render is not None}
    return any(written.path in rendered for written in later if written.render is not None)


def known_templates(document: dict, site_digest: bytes) -> tuple[dict, dict]:
    """The last build's findings of what templates read ((name, assumed) -> variables, and name ->
    the variables tested with `is defined`), where its site digest (theme, code, settings) is this
    build's; else nothing."""
    if not isinstance(document, dict) or document.get("site") != site_digest.hex():
        return {}, {}
    try:
        variables = {(name, frozenset(assumed)): frozenset(found) for name, assumed, found in document["variables"]}
        tests = {name: frozenset(found) for name, found in document["tests"].items()}
    except (KeyError, TypeError, ValueError, AttributeError):
        return {}, {}
    return variables, tests


# Writers of builds still running in this process; `finish_writers` saves their manifests.
ACTIVE_WRITERS: list[IncrementalWriter] = []


def finish_writers(_pelican=None) -> None:
    while ACTIVE_WRITERS:
        ACTIVE_WRITERS.pop().finish()


def writer_class(_pelican=None):
    return IncrementalWriter
