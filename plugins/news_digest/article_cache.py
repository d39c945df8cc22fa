"""Pelican's articles as reading made them, kept from one build to the next.

An unchanged raw file gives the same Article every build. The parse cache spares its parse, but
the cached parse must still be read back and unpickled, and Pelican must still make the Article
from its metadata (slug, dates, URL wrappers, validation): 5.4 to 6.3 s of a one-edit build of
20,000 articles. This cache keeps each article's state as it stands when Pelican has made it,
before the site steps add stories, copies and automatic tags, so an unchanged file's Article is
made again from that state in about a tenth of the time.

An article is kept under its file's parse-cache key (the file's bytes and path, the plugin's code
and data, the sources and tags files, the parse settings and the libraries' versions). The file's
header holds a digest of Pelican's version and settings: other settings, and every article is made
afresh. The settings object, and the build's one Tag and Category object per tag or source, are
kept by reference and are this build's own when an article is made again. Only articles whose parse
did not depend on when the build ran are kept (as in the parse cache).

The cache steps aside where an Article made again might differ from one made afresh: when Pelican's
own content cache is on, when another plugin receives content_object_init (it would not be sent) or
article_generator_context (what it adds to an article's metadata could depend on more than the
file), and when a date format sets the locale (Pelican sets it while it makes an article).

Layout: CACHE_PATH/news_digest/articles.bin, a format line and the header digest, then one record
per article: its 20-byte key, the length of its pickle, the pickle. A build appends the records of
the articles it made afresh (an edit build, one record); a later record for a key replaces an
earlier one. When more than STALE_SHARE of the records are of files edited or gone, or the file is
damaged or from other settings, it is written anew (to a temporary file, then renamed), in a forked
child when there are many articles to pickle.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import locale
import logging
import os
import pickle
import struct
import sys
import weakref
from dataclasses import dataclass
from datetime import datetime

import pelican
from pelican import signals
from pelican.contents import Article, Category, Tag

from .cache import UNREADABLE, code_digest
from .metadata import named
from .site import render_pool
from .site.page_digest import Digester, settings_digest
from .site.url_memo import MEMO_ATTRIBUTE

logger = logging.getLogger(__name__)
CACHE_FILE = os.path.join("news_digest", "articles.bin")
FORMAT = b"news-digest-articles-1\n"
HEADER_BYTES = 16
KEY_BYTES = 20  # cache.ParseCache.key_for's digest size
LENGTH = struct.Struct("<Q")
# The file is written anew when more of its records than this are of files edited or gone.
STALE_SHARE = 0.25
# Writing anew more records than this is left to a forked child (about 70 µs an article).
FORK_FROM = 1000
# What is not kept of an article: this build's settings and context are put back, and URLs memoized
# on it are worked out again. Its features are kept in its head (Head), not twice.
NOT_KEPT = frozenset({"settings", "_context", MEMO_ATTRIBUTE})
FEATURES = "nd_features"
# Settings that change no article (besides page_digest.VOLATILE_SETTINGS): `pelican -D` sets DEBUG.
UNRELATED_SETTINGS = frozenset({"DEBUG"})
SHARED_KINDS = {Tag: "tag", Category: "category"}
KIND_CLASSES = {kind: cls for cls, kind in SHARED_KINDS.items()}
# Children writing a cache file, reaped when the build ends (finish_all).
WRITERS: list[tuple[int, int, str]] = []


@dataclass(frozen=True)
class Head:
    """What the site steps need of a kept article (its entry: site/pelican_steps.py), and what its
    reading reported. Heads are read before the articles, so that the steps can start in a child
    while the articles are made again."""

    warnings: tuple[str, ...]
    source_id: str
    nd_features: object  # named as on the article: site/pelican_steps.entry_for reads either
    date: datetime
    published: datetime | None
    title: str
    lang: str
    fetched: datetime | None

    @classmethod
    def of(cls, article, warnings) -> Head:
        return cls(
            tuple(warnings),
            article.source_id,
            getattr(article, FEATURES),
            article.date,
            article.published,
            article.title,
            article.lang,
            article.fetched,
        )


@dataclass
class Kept:
    """An article made again from its kept state, and its head."""

    article: Article
    head: Head


def foreign_receivers(signal) -> list[str]:
    """The receivers of a signal that are not this plugin's."""
    names = []
    for held in list(signal.receivers.values()):
        receiver = held() if isinstance(held, weakref.ref) else held
        module = getattr(receiver, "__module__", None) or ""
        if receiver is not None and module.split(".")[0] != __name__.split(".")[0]:
            names.append(f"{module}.{getattr(receiver, '__qualname__', receiver)}")
    return names


def usable(generator) -> str | None:
    """Why this build cannot keep articles, or None when it can."""
    if getattr(generator, "_cache_data_policy", False):
        return "Pelican's own content cache is on"
    for signal in (signals.content_object_init, signals.article_generator_context):
        if receivers := foreign_receivers(signal):
            return f"{', '.join(receivers)} receives {signal.name}"
    settings = generator.settings
    formats = [settings.get("DEFAULT_DATE_FORMAT"), *dict(settings.get("DATE_FORMATS") or {}).values()]
    if any(isinstance(value, tuple) for value in formats):
        return "a date format sets the locale"
    return None


def header_digest(settings: dict) -> bytes:
    """What every kept article depends on besides its own file: Pelican, Python, the plugin's code,
    the settings (the output and cache folders and DEBUG aside, but not the content folder), and the
    locale's time format (Pelican's LOCALE, by default the environment's, names an article's months)."""
    digest = hashlib.blake2b(FORMAT, digest_size=HEADER_BYTES)
    digest.update(code_digest())
    digest.update(f"pelican={pelican.__version__};python={sys.version_info[:3]}".encode())
    digest.update(settings_digest(Digester(), {k: v for k, v in settings.items() if k not in UNRELATED_SETTINGS}))
    digest.update(repr(settings.get("PATH")).encode("utf-8", "surrogateescape"))
    digest.update(repr(locale.setlocale(locale.LC_TIME)).encode())
    return digest.digest()


def state_of(article) -> dict:
    """What is kept of an article besides its head (its features stand in its place as None, so
    that its attributes and metadata keep their order when made again)."""
    state = {name: value for name, value in vars(article).items() if name not in NOT_KEPT}
    state[FEATURES] = None
    state["metadata"] = {**article.metadata, FEATURES: None}
    return state


class StatePickler(pickle.Pickler):
    def __init__(self, file, settings: dict):
        super().__init__(file, protocol=5)
        self.settings = settings

    def persistent_id(self, obj):
        if obj is self.settings:
            return "settings"
        kind = SHARED_KINDS.get(type(obj))
        return (kind, obj.name, obj.slug) if kind is not None else None


class StateUnpickler(pickle.Unpickler):
    def __init__(self, file, settings: dict, shared: dict):
        super().__init__(file)
        self.settings = settings
        self.shared = shared

    def persistent_load(self, pid):
        if pid == "settings":
            return self.settings
        kind, name, slug = pid
        return named(KIND_CLASSES[kind], name, slug, self.settings, self.shared)


def pack(settings: dict, key: bytes, head: Head, state: dict) -> bytes:
    """A record: the key, the length of the rest, the length of the head, the head, the state."""
    head_bytes = pickle.dumps(head, protocol=5)
    buffer = io.BytesIO()
    StatePickler(buffer, settings).dump(state)
    body = buffer.getbuffer()
    return (
        key + LENGTH.pack(LENGTH.size + len(head_bytes) + len(body)) + LENGTH.pack(len(head_bytes)) + head_bytes + body
    )


class ArticleCache:
    def __init__(self, folder: str, settings: dict, shared: dict, context: dict):
        self.path = os.path.join(folder, CACHE_FILE)
        self.settings = settings
        self.shared = shared  # this build's Tag and Category objects (metadata.named)
        self.context = context
        self.header = header_digest(settings)
        self.records: dict[bytes, memoryview] = {}  # the file's records, the last one of each key
        self.in_file = 0  # records in the file, replaced ones too
        self.sound = False  # the file is there, of these settings, and ends with a whole record
        self.used: dict[bytes, memoryview] = {}  # records this build made articles from
        self.heads: dict[str, tuple[bytes, Head]] = {}  # path -> (key, head) of the records to make articles from
        self.fresh: dict[bytes, tuple] = {}  # key -> (head, state) of articles made afresh

    # Reading -------------------------------------------------------------------------------------
    def read(self) -> None:
        try:
            with open(self.path, "rb") as handle:
                data = handle.read()
        except FileNotFoundError:
            return
        except OSError as error:
            logger.warning("news_digest: the article cache %s cannot be read (%s); it starts afresh", self.path, error)
            return
        start = len(FORMAT) + HEADER_BYTES
        if data[: len(FORMAT)] != FORMAT or data[len(FORMAT) : start] != self.header:
            return  # another format, or other settings: every article is made afresh, the file replaced
        view, offset, end = memoryview(data), start, len(data)
        while offset < end:
            body = offset + KEY_BYTES + LENGTH.size
            if body > end:
                break
            (length,) = LENGTH.unpack_from(data, offset + KEY_BYTES)
            if body + length > end:
                break
            self.records[bytes(view[offset : offset + KEY_BYTES])] = view[offset : body + length]
            self.in_file += 1
            offset = body + length
        self.sound = offset == end

    def read_heads(self, keys: dict[str, bytes | None]) -> dict[str, Head]:
        """The heads of the paths whose key has a record with a readable head."""
        for path, key in keys.items():
            record = self.records.get(key) if key is not None else None
            if record is None:
                continue
            (length,) = LENGTH.unpack_from(record, KEY_BYTES + LENGTH.size)
            start = KEY_BYTES + 2 * LENGTH.size
            try:
                head = pickle.loads(record[start : start + length])
            except UNREADABLE:
                continue  # made afresh, and its record written again
            self.heads[path] = (key, head)
            self.used[key] = record
        self.records = {}
        return {path: head for path, (_, head) in self.heads.items()}

    def restore(self) -> dict[str, Kept]:
        """The articles of the heads read, made again: all but those whose state is unreadable."""
        restored = {}
        for path, (key, head) in self.heads.items():
            record = self.used[key]
            (length,) = LENGTH.unpack_from(record, KEY_BYTES + LENGTH.size)
            try:
                body = io.BytesIO(record[KEY_BYTES + 2 * LENGTH.size + length :])
                state = StateUnpickler(body, self.settings, self.shared).load()
            except UNREADABLE:
                del self.used[key]  # made afresh, and its record written again
                continue
            state[FEATURES] = state["metadata"][FEATURES] = head.nd_features
            article = Article.__new__(Article)
            article.__dict__.update(state)
            article.settings = self.settings
            article._context = self.context
            restored[path] = Kept(article, head)
        self.heads = {}
        return restored

    # Writing -------------------------------------------------------------------------------------
    def keep(self, key: bytes, warnings, article) -> None:
        """An article made afresh, whose parse is cacheable: its head and state as they stand now."""
        self.fresh[key] = (Head.of(article, warnings), state_of(article))
        self.used.pop(key, None)

    def save(self) -> None:
        """This build's articles kept: the fresh ones appended, or the whole file written anew."""
        total = self.in_file + len(self.fresh)
        live = len(self.used) + len(self.fresh)
        if not self.sound or total - live > STALE_SHARE * total or (self.fresh and not self.append()):
            self.write_anew()
        self.used, self.fresh = {}, {}

    def fresh_records(self):
        """The records of the articles made afresh; one that cannot be pickled (an attribute another
        plugin set) is left out, and its article made afresh next time too."""
        left_out = 0
        for key, (head, state) in self.fresh.items():
            try:
                yield pack(self.settings, key, head, state)
            except (pickle.PicklingError, TypeError, AttributeError, RecursionError) as error:
                left_out += 1
                logger.debug("news_digest: an article is not kept in the article cache (%s)", error)
        if left_out:
            logger.warning(
                "news_digest: %d articles cannot be kept in the article cache %s (run with -D for why); "
                "they are made afresh in every build",
                left_out,
                self.path,
            )

    def append(self) -> bool:
        """The fresh records appended to the file read, where it is still there with this build's
        header; False where it is not (gone, or replaced by another build's), for the caller to write
        it anew. A write that fails removes the file, with a warning, and is not tried again."""
        try:
            with open(self.path, "r+b") as handle:
                if handle.read(len(FORMAT) + HEADER_BYTES) != FORMAT + self.header:
                    return False
                handle.seek(0, os.SEEK_END)
                for record in self.fresh_records():
                    handle.write(record)
        except FileNotFoundError:
            return False
        except OSError as error:
            logger.warning("news_digest: the article cache %s cannot be written (%s)", self.path, error)
            with contextlib.suppress(OSError):
                os.unlink(self.path)  # a record written in part would be taken for a whole one's start
        return True

    def write_anew(self) -> None:
        if len(self.fresh) < FORK_FROM or not render_pool.can_fork():
            self.write_file()
            return
        pid, read_end = render_pool.fork_reporting(lambda: self.write_file() or b"")
        WRITERS.append((pid, read_end, self.path))

    def write_file(self) -> None:
        temporary = f"{self.path}.{os.getpid()}.tmp"
        try:
            os.makedirs(os.path.dirname(self.path), exist_ok=True)
            with open(temporary, "wb") as handle:
                handle.write(FORMAT + self.header)
                for record in self.used.values():
                    handle.write(record)
                for record in self.fresh_records():
                    handle.write(record)
            os.replace(temporary, self.path)
        except OSError as error:
            logger.warning("news_digest: the article cache %s cannot be written (%s)", self.path, error)
            with contextlib.suppress(OSError):
                os.unlink(temporary)


def finish_all(*_args) -> None:
    """Wait for the children writing a cache file; a failure is told, the build goes on."""
    while WRITERS:
        pid, read_end, path = WRITERS.pop()
        report, code = render_pool.read_report(pid, read_end)
        if code != 0:
            logger.warning(
                "news_digest: the article cache %s could not be written: %s",
                path,
                (report.decode("utf-8", "replace").strip().splitlines() or [f"status {code}"])[-1],
            )
