"""Index the built site for search with Pagefind, as a step of the atomic build.

    .venv/bin/python -m tools.search_index OUTPUT [--language zh] [--previous PREVIOUS_OUTPUT]

`make html`, `make publish` and `make github` run it on the finished site before it replaces output/
(BUILD_STEPS in the Makefile). It runs the Pagefind binary of PyPI's `pagefind[extended]` — the
extended build, which splits Chinese and Japanese text into words — over OUTPUT, writing the index to
OUTPUT/pagefind/. Only article pages are indexed: the theme marks their <article> with
data-pagefind-body. Then it removes the parts of the bundle the site never loads (Pagefind's
ready-made interfaces; templates/search.html and static/js/search.js are ours) and checks that the
index holds exactly the pages so marked, failing the build otherwise. The shards (below) go through
Pagefind's service mode (`pagefind --service`, PagefindService), one process for each shard indexed
at once, so the segmenters' dictionaries are loaded once per process instead of once per shard: at
20,000 articles, 83 CPU-seconds for the twenty shards instead of 94. Not beside Pelican (below): there
a shard gets a run of its own, whose memory ends with it (a service holds on to what its largest
shard took, some 50 to 100 MB more than a run, measured here), and a day's one or two shards gain
next to nothing from sharing the dictionaries.

Shards: Pagefind holds a whole index in memory (about a quarter of a megabyte per article page, 5 GB
at 20,000 pages) and cannot add to an index it wrote. So the articles are indexed in shards by their
date, six a month (days 1–5, 6–10, 11–15, 16–20, 21–25, 26–31), each a bundle of its own that the
search page merges in the browser (Pagefind's mergeIndex): the newest shard is the bundle at
pagefind/, the others are under pagefind/shards/<key>/, and pagefind/shards.json lists them. The
newest five days, where a day's new articles land, are a shard per day until a later day's articles
open the next five (shard_keys): a day's build indexes that day's articles, not the days before it
in its five, and once in five days the closed five are indexed as one shard. At 200 articles a day
that is about 400 pages indexed a day on average instead of 600, for at most five more shards (the
search page fetches a small part of each per query word; merged indexes share the first one's
WebAssembly). A shard whose pages are
byte for byte those of the previous build (PREVIOUS_OUTPUT, which tools/build.py names in the
NEWS_DIGEST_PREVIOUS_OUTPUT environment variable), or differ from them only where Pagefind does not
read (tools/search_input.py: the neighbours' links, a story's list of its other articles), is linked
from there instead of indexed again, so a day's new articles re-index their own shard, not those of
the older articles whose stories they join, and a build with no changed article page none. A shard
indexed again starts from the files of the previous bundles of its five days that Pagefind would
write as they are (seed_files): it names its files after their contents and does not write one that
is there, and writing (compressing) is half of its time on a shard. Each merged
index answers a query on its own, and Pagefind leaves out a word its index lacks: the search page's
query.js (searchPages) keeps only results holding every word some shard holds, so the shards answer
as one index would.

Alongside Pelican: `make` runs this with tools/build.py's --alongside, so it starts once the article
pages are written, while Pelican writes the rest (it reads article pages only; a page still being
written is not one of them, and is read again next time, its size or time having changed). Until
Pelican has ended (the pipe named in NEWS_DIGEST_PELICAN_RUNNING_FD at its end), one shard is
indexed at a time, and none when more than ALONGSIDE_SHARDS are to be: a day's new articles or an
edit change one or two shards, and Pagefind's memory beside Pelican's stays bounded; a cold build's
twenty-odd shards wait for Pelican's memory and cores. So do a build's one or two when Pelican wrote
most article pages anew (PageRecords.site_rewritten): after an upgrade, or a change of theme or
settings, Pelican renders every page and its render processes hold their memory until its end,
though only the day's shards read differently. At 20,000 articles such a build, with one article
edited, held 1,672 MB at its peak, 523 MB of it Pagefind's run beside Pelican. A day's build writes
anew about 2.5% of the article pages; an edit, one.

Started with Pelican (`make` runs this with tools/build.py's --alongside-early), it waits for the
article pages (BuildNotices). Meanwhile, once the plugin says it made most articles again from the
last build's (a day's build or an edit; it says so when its site steps are done, Pelican then working
on in one process for a while), and where the previous build has an index, it warms a Pagefind
service (WarmService): the extended build loads its Japanese dictionary, about a second, on the
first Japanese text it meets, which a day's or an edit's shard indexed beside Pelican in a run of its
own waited for at the end of the build. That service then indexes the shard beside Pelican, so the
rule above (a run of its own) does not apply to it. Its memory (some 350 MB at first, and what its
shard took) is given back at once when the build says it makes most of the site anew
(build_notices.py: most files parsed anew, or every page rendered), Pelican's memory being at its
largest then, or when the plan holds the shards back, or indexes none.
At 20,000 articles, an edit's build held 1,269 MB at its peak with it, 1,090 MB without.

Why one language for the whole index (--force-language): Pagefind makes one index per <html lang>,
and a search page searches the index of its own language only. Article pages keep the site's language
on <html> (their chrome is in it) and their own on the article. Indexing everything as Chinese gives one
index that one box searches in every language: CJK text is split into words by the extended build's
segmenter, text in other scripts is split at spaces as always, and the only loss is stemming, which
Pagefind has for English and Arabic but not for Chinese, Japanese or Vietnamese. Measured on the sample
site, per-language indexes merged in the browser found nothing for an Arabic word (queries go through
the search page's own stemmer) and added unrelated pages to Chinese and English results; the single
index found the right article, and only it, for every Chinese, Japanese, Vietnamese, English and Arabic
query tried (with the query split into words as static/js/search.js does).
"""

from __future__ import annotations

import argparse
import base64
import contextlib
import functools
import gzip
import hashlib
import json
import logging
import os
import posixpath
import re
import shutil
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path, PurePosixPath

from pagefind_bin_extended import get_executable

from tools.search_input import PAGE_MARKER, PAGE_MARKER_PATTERN, indexed_view

# The plugin's notices to the build (plugins/news_digest/site/build_notices.py), where Pelican finds it.
PLUGINS = str(Path(__file__).resolve().parents[1] / "plugins")
if PLUGINS not in sys.path:
    sys.path.insert(0, PLUGINS)
from news_digest.site import build_notices  # noqa: E402 (once the plugins folder is on the path)

LOG_PREFIX = "search index:"
PROGRESS_PHASE = "search index"
ROOT = Path(__file__).resolve().parents[1]
BUNDLE = "pagefind"
ENTRY_FILE = "pagefind-entry.json"
# What a bundle's index, meta and fragment files start with, once decompressed.
BUNDLE_FILE_MARK = b"pagefind_dcd"
SHARDS_FOLDER = "shards"
SHARDS_FILE = "shards.json"
SHARDS_FORMAT = 1
INDEX_LANGUAGE = "zh"
# The article's day, as the theme writes it on the element Pagefind indexes.
PAGE_DAY_PATTERN = re.compile(rb'data-pagefind-meta="date:(\d{4})-(\d{2})-(\d{2})')
UNDATED_SHARD = "undated"
# A shard's days (see the docstring): at 200 articles a day, Pagefind's run over the last six days of a
# month holds about 570 MB, over the ten of a quarter-month shard 740 MB.
SHARD_DAYS = 5
SHARDS_A_MONTH = 6
# Shards indexed at once: Pagefind uses one core for most of a run, and a shard's memory is bounded.
PARALLEL_SHARDS = 2
PREVIOUS_OUTPUT_VARIABLE = "NEWS_DIGEST_PREVIOUS_OUTPUT"
# Set by tools/build.py when this runs alongside Pelican: a pipe's read end, at its end once Pelican has ended.
PELICAN_RUNNING_VARIABLE = "NEWS_DIGEST_PELICAN_RUNNING_FD"
# At most this many shards are indexed while Pelican still runs, one at a time (see the docstring).
ALONGSIDE_SHARDS = 2
# Set by tools/build.py when this starts with Pelican (--alongside-early): a pipe's read end, at its end
# once the article pages are written (BuildNotices).
NOTICES_VARIABLE = "NEWS_DIGEST_BUILD_NOTICES_FD"
# What a Pagefind process is warmed with (WarmService): Chinese and Japanese text, so that it loads
# both segmenters' dictionaries.
WARM_PAGE = (
    '<!DOCTYPE html><html lang="zh"><head><title>-</title></head><body><article data-pagefind-body>'
    "<p>今天下午市图书馆举行了新书展览，许多读者前来参观。</p>"
    "<p>きのうの夕方、駅の近くで小さな祭りがひらかれました。</p></article></body></html>"
)
# More than this share of the article pages written anew by a build (not the files the previous one
# recorded): Pelican is rendering the whole site, and no shard is indexed beside it (see the docstring).
REWRITTEN_SHARE = 0.5
# Where tools/build.py says the build keeps its caches (Pelican's CACHE_PATH): the page records go there.
CACHE_VARIABLE = "NEWS_DIGEST_CACHE_PATH"
RECORDS_FILE = os.path.join("news_digest", "search-pages.json")
RECORDS_FORMAT = 2  # 2: a page records its day, not its shard
# What Pagefind writes that the site never loads: its own search interfaces and the playground.
UNUSED_BUNDLE_FILES = (
    "pagefind-ui.js",
    "pagefind-ui.css",
    "pagefind-modular-ui.js",
    "pagefind-modular-ui.css",
    "pagefind-component-ui.js",
    "pagefind-component-ui.css",
    "pagefind-highlight.js",
)
UNUSED_BUNDLE_FOLDERS = ("playground",)
# What Pagefind's globs (the wax crate's) read as other than a literal character: escaped in a page's
# path. A backslash cannot be matched, escaped or not: such a shard is indexed from a tree of links.
GLOB_SPECIAL = re.compile(r"([\\*?$:<>()\[\]{},])")
# The longest glob given to a run of its own on its command line (Linux takes 128 KiB an argument): a
# shard of some 1,500 article pages (62-66 bytes a page in the bench's archive, whose shards hold about
# 800); a larger one is indexed from a tree of links.
GLOB_ARGUMENT_LIMIT = 100_000

logger = logging.getLogger("tools.search_index")


class IndexFailed(Exception):
    pass


@dataclass
class Shard:
    key: str
    pages: list[Path] = field(default_factory=list)
    names: list[str] = field(default_factory=list)  # the pages' paths in the site, with "/"
    page_digests: list[str] = field(default_factory=list)  # of each page's bytes
    digest: str = ""

    def path_in_bundle(self, primary: bool) -> str:
        return "" if primary else f"{SHARDS_FOLDER}/{self.key}/"


def is_marked(content: bytes) -> bool:
    """Whether a page has an element with data-pagefind-body: the attribute in a start tag, not the
    words in text or in another attribute's value (the site's pages quote every attribute value and
    escape "<" in text, as HTML serializers do)."""
    return PAGE_MARKER in content and PAGE_MARKER_PATTERN.search(content) is not None


def page_day(content: bytes) -> str:
    """The article's day as YYYY-MM-DD, or UNDATED_SHARD."""
    found = PAGE_DAY_PATTERN.search(content)
    if not found:
        return UNDATED_SHARD
    year, month, day = (int(part) for part in found.groups())
    return f"{year:04d}-{month:02d}-{day:02d}"


def window_key(day: str) -> str:
    """Six windows a month, of SHARD_DAYS days each (the sixth to the month's end): five days'
    articles stay together whatever else the archive holds."""
    if day == UNDATED_SHARD:
        return day
    year, month, date = day.split("-")
    return f"{year}-{month}-{min((int(date) - 1) // SHARD_DAYS, SHARDS_A_MONTH - 1) + 1}"


def shard_keys(days) -> dict[str, str]:
    """Each day's shard: its window, but for the newest window's days, a shard each (WINDOW-DD),
    which sort after the older windows and in their days' order."""
    windows = {day: window_key(day) for day in set(days)}
    newest = max((window for window in windows.values() if window != UNDATED_SHARD), default=None)
    return {day: f"{window}-{day[-2:]}" if window == newest else window for day, window in windows.items()}


def html_pages(site: Path) -> list[str]:
    """Every HTML file under site but the bundle, as paths relative to it, in path order (what
    os.walk lists: links to folders are not followed; one scandir per folder, no other call)."""
    found = []
    pending = [(os.fspath(site), "")]
    while pending:
        folder, relative = pending.pop()
        with os.scandir(folder) as listing:
            for entry in listing:
                if entry.is_dir():
                    if not entry.is_symlink() and not (relative == "" and entry.name == BUNDLE):
                        pending.append((entry.path, f"{relative}{entry.name}{os.sep}"))
                elif entry.name.endswith(".html"):
                    found.append(f"{relative}{entry.name}")
    return sorted(found, key=lambda path: path.split(os.sep))


def marked_pages(site: Path) -> list[Path]:
    """The HTML pages the theme marks for the index (an element with data-pagefind-body)."""
    return [site / page for page in html_pages(site) if is_marked((site / page).read_bytes())]


@functools.lru_cache(maxsize=1)
def pagefind_version() -> str:
    try:
        return version("pagefind_bin_extended")
    except PackageNotFoundError:
        return "-"


class PageRecords:
    """What each page gave the plan (its day, or none when it is not marked, and a digest of its
    bytes), with the file's inode, size and modification time: a page the previous build wrote and
    this one kept (a hard link to the same file) is not read again. Kept under CACHE_PATH, never in
    the site."""

    def __init__(self, path: Path | None):
        self.path = path
        self.previous: dict[str, list] = {}
        self.current: dict[str, list] = {}
        # Pages planned that the theme marks for the index and that are not the files the previous
        # build recorded (site_rewritten).
        self.marked_anew = 0
        if path is not None:
            with contextlib.suppress(OSError, ValueError, AttributeError, TypeError):
                document = json.loads(path.read_text(encoding="utf-8"))
                if document.get("format") == RECORDS_FORMAT and document.get("pagefind") == pagefind_version():
                    self.previous = dict(document["pages"])

    def plan(self, site: Path, page: str) -> tuple[str | None, str]:
        """The page's day (page_day; None: not marked) and the digest of its bytes."""
        full = os.path.join(site, page)
        info = os.stat(full)
        identity = [info.st_ino, info.st_size, info.st_mtime_ns]
        known = self.previous.get(page)
        if known is not None and known[:3] == identity:
            self.current[page] = known
            return known[3], known[4]
        with open(full, "rb") as handle:
            content = handle.read()
        day = page_day(content) if is_marked(content) else None
        digest = bytes_digest(content)
        self.current[page] = [*identity, day, digest]
        self.marked_anew += day is not None
        return day, digest

    def site_rewritten(self, marked: int) -> bool:
        """Whether, by the previous build's records, this build wrote more than REWRITTEN_SHARE of the
        `marked` pages planned anew (where it kept a page, the file is the one recorded). Without
        records, no."""
        return bool(self.previous) and self.marked_anew > REWRITTEN_SHARE * marked

    def save(self) -> None:
        if self.path is None:
            return
        document = {"format": RECORDS_FORMAT, "pagefind": pagefind_version(), "pages": self.current}
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            temporary = self.path.with_name(f"{self.path.name}.{os.getpid()}.tmp")
            temporary.write_text(json.dumps(document, separators=(",", ":")), encoding="utf-8")
            os.replace(temporary, self.path)
        except OSError as error:
            logger.warning("%s %s cannot be written (%s)", LOG_PREFIX, self.path, error)


def bytes_digest(content: bytes) -> str:
    """The digest a page's bytes are recorded and compared by."""
    return hashlib.blake2b(content, digest_size=16).hexdigest()


def previous_bytes(page: Path, before: Path) -> bytes | None:
    """The previous site's file at before, read; None when it is page itself (the file the build kept,
    linked). OSError when it cannot be read."""
    if os.path.samestat(os.stat(page), os.stat(before)):
        return None
    return before.read_bytes()


def plan_shards(site: Path, language: str, records: PageRecords | None = None) -> list[Shard]:
    """The marked pages by shard, oldest shard first, each with a digest of what it indexes."""
    records = records or PageRecords(None)
    planned = [(page, *records.plan(site, page)) for page in html_pages(site)]
    keys = shard_keys(day for _, day, _ in planned if day is not None)
    shards: dict[str, Shard] = {}
    for page, day, page_digest in planned:
        if day is None:
            continue
        key = keys[day]
        shard = shards.setdefault(key, Shard(key))
        shard.pages.append(site / page)
        shard.names.append(page.replace(os.sep, "/"))
        shard.page_digests.append(page_digest)
    for shard in shards.values():
        shard.digest = shard_digest(language, shard.names, shard.page_digests)
    return [shards[key] for key in sorted(shards, key=lambda k: (k == UNDATED_SHARD, k))]


def shard_digest(language: str, names: list[str], page_digests: list[str]) -> str:
    """A digest of the pages a shard indexes: their paths in the site and the digests of their bytes."""
    digest = hashlib.blake2b(f"{pagefind_version()}|{language}".encode(), digest_size=16)
    for name, page_digest in zip(names, page_digests, strict=True):
        digest.update(name.encode("utf-8", "surrogateescape") + b"\0")
        digest.update(bytes.fromhex(page_digest))
    return digest.hexdigest()


def reads_the_same(previous: Path, shard: Shard, language: str, previous_digest: str) -> bool:
    """Whether the previous build indexed this shard from pages that give Pagefind what its pages give
    it now (search_input.py): the same addresses, and each page either the same bytes or the same
    view. The previous pages are the previous site's files at those addresses, checked against the
    digest its shards.json recorded for the bundle: so a page added, removed or changed since that
    index was written is never taken for one it indexed."""
    earlier, changed = [], []
    for page, name, page_digest in zip(shard.pages, shard.names, shard.page_digests, strict=True):
        try:
            content = previous_bytes(page, previous / name)
        except OSError:
            return False
        if content is None:
            earlier.append(page_digest)
            continue
        earlier.append(bytes_digest(content))
        if earlier[-1] != page_digest:
            changed.append((page, content))
    if shard_digest(language, shard.names, earlier) != previous_digest:
        return False
    return all(indexed_view(page.read_bytes()) == indexed_view(content) for page, content in changed)


def run_pagefind(
    site: Path,
    language: str,
    output: Path | None = None,
    service: PagefindService | None = None,
    glob: str | None = None,
) -> None:
    """Pagefind over site (its pages matching glob, else all), into output (else site/pagefind/):
    through service when given, else a run of its own."""
    if service is not None and output is not None:
        service.index(site, language, output, glob)
        return
    command = [str(get_executable()), "--site", str(site), "--force-language", language]
    command += ["--output-path", str(output)] if output else ["--output-subdir", BUNDLE]
    command += ["--glob", glob] if glob else []
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode:
        raise IndexFailed(f"pagefind exited with {result.returncode}:\n{result.stdout}{result.stderr}")


class PagefindService:
    """One `pagefind --service` process, which indexes shard after shard: the extended build loads its
    word segmenters' dictionaries once per process (about a second and 340 MB for Japanese, measured
    here), where a run per shard loaded them for each. Requests and answers are JSON, base64-encoded,
    each followed by a comma, on the process's standard input and output (the protocol of Pagefind's
    own Python and Node packages); one request is under way at a time."""

    def __init__(self):
        self.errors = tempfile.TemporaryFile()  # noqa: SIM115 (closed by close())
        self.process = subprocess.Popen(
            [str(get_executable()), "--service"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self.errors
        )
        self.message_id = 0
        self.received = b""

    def request(self, payload: dict) -> dict:
        self.message_id += 1
        message = json.dumps({"message_id": self.message_id, "payload": payload}).encode("utf-8")
        try:
            self.process.stdin.write(base64.b64encode(message) + b",")
            self.process.stdin.flush()
            while b"," not in self.received:
                chunk = os.read(self.process.stdout.fileno(), 1 << 16)
                if not chunk:
                    raise EOFError
                self.received += chunk
        except (OSError, EOFError):
            raise IndexFailed(f"pagefind --service ended ({self.process.poll()}):\n{self.stderr_text()}") from None
        answer, _, self.received = self.received.partition(b",")
        response = json.loads(base64.b64decode(answer))
        found = response.get("payload") or {}
        if found.get("type") == "Error" or response.get("message_id") != self.message_id:
            raise IndexFailed(f"pagefind --service answered {payload['type']} with {found}")
        return found

    def index(self, site: Path, language: str, output: Path, glob: str | None = None) -> None:
        index_id = self.request({"type": "NewIndex", "config": {"force_language": language}})["index_id"]
        try:
            selected = {"glob": glob} if glob else {}
            self.request({"type": "AddDir", "index_id": index_id, "path": str(site), **selected})
            self.request({"type": "WriteFiles", "index_id": index_id, "output_path": str(output)})
        finally:
            with contextlib.suppress(IndexFailed):
                self.request({"type": "DeleteIndex", "index_id": index_id})

    def stderr_text(self) -> str:
        self.errors.seek(0)
        return self.errors.read().decode("utf-8", "replace")

    def close(self) -> None:
        with contextlib.suppress(OSError):
            self.process.stdin.close()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.errors.close()


class WarmService:
    """A PagefindService started in a thread, which indexes WARM_PAGE into an index it then drops:
    the extended build loads its segmenters' dictionaries on the first Chinese or Japanese text it
    meets, about a second and 350 MB for Japanese (measured here), which a shard indexed in it later
    does not wait for."""

    def __init__(self, language: str):
        self.language = language
        self.service: PagefindService | None = None
        self.thread = threading.Thread(target=self.warm, name="warming Pagefind", daemon=True)
        self.thread.start()

    def warm(self) -> None:
        service = None
        try:
            service = PagefindService()
            index_id = service.request({"type": "NewIndex", "config": {"force_language": self.language}})["index_id"]
            page = {"type": "AddFile", "index_id": index_id, "url": "/", "file_path": None, "file_contents": WARM_PAGE}
            service.request(page)
            service.request({"type": "DeleteIndex", "index_id": index_id})
        except (IndexFailed, OSError, KeyError, ValueError) as error:  # the shards start their own instead
            logger.debug("%s warming Pagefind failed: %s", LOG_PREFIX, error)
            if service is not None:
                service.close()
            return
        self.service = service

    def take(self) -> PagefindService | None:
        """The warmed service (once it is), None when it failed or was taken."""
        self.thread.join()
        service, self.service = self.service, None
        return service

    def close(self) -> None:
        service = self.take()
        if service is not None:
            service.close()


class BuildNotices:
    """What tools/build.py passes on to this step when it started it with Pelican (--alongside-early):
    the pipe named in NEWS_DIGEST_BUILD_NOTICES_FD reaches its end once the article pages are written
    (or Pelican has ended), and before that a line may say that the build made most articles again
    from the last build's, or that it makes most of the site anew
    (plugins/news_digest/site/build_notices.py)."""

    def __init__(self, descriptor: int | None):
        self.descriptor = descriptor
        self.kept = False
        self.rewritten = False

    @classmethod
    def from_environment(cls) -> BuildNotices:
        return cls(descriptor_from_environment(NOTICES_VARIABLE))

    def wait(self, on_kept, on_rewritten) -> None:
        """Until the pipe's end; on_kept() and on_rewritten() as soon as each line comes."""
        if self.descriptor is None:
            return
        received = b""
        with contextlib.suppress(OSError):
            while chunk := os.read(self.descriptor, 256):
                received += chunk
                if not self.kept and build_notices.SITE_KEPT in received:
                    self.kept = True
                    on_kept()
                if not self.rewritten and build_notices.SITE_REWRITTEN in received:
                    self.rewritten = True
                    on_rewritten()
        with contextlib.suppress(OSError):
            os.close(self.descriptor)
        self.descriptor = None


class Services:
    """The Pagefind services of one indexing: a shard takes an idle one, else starts one, so there are
    as many as shards were ever indexed at once. With a warmed one (WarmService), the first shard
    takes it, beside Pelican too."""

    def __init__(self, warmed: PagefindService | None = None):
        self.idle: list[PagefindService] = [warmed] if warmed else []
        self.started: list[PagefindService] = [warmed] if warmed else []
        self.warmed = warmed is not None
        self.lock = threading.Lock()

    @contextlib.contextmanager
    def service(self):
        with self.lock:
            service = self.idle.pop() if self.idle else None
        if service is None:
            service = PagefindService()
            with self.lock:
                self.started.append(service)
        yield service
        with self.lock:  # not on failure: a service that failed a request is not asked again
            self.idle.append(service)

    def close(self) -> None:
        with self.lock:
            started, self.started, self.idle = self.started, [], []
        for service in started:
            service.close()


def index_shard(
    site: Path,
    shard: Shard,
    language: str,
    destination: Path,
    *,
    service: PagefindService | None = None,
    seeds: Iterable[tuple[Path, str]] = (),
) -> None:
    """Pagefind over this shard's pages only, into a bundle of its own that is then moved into place.
    The pages are read where they are in the site, named by a glob (shard_glob); where that cannot
    be done (a glob too long for the command line, or one Pagefind does not take or that misses a
    page), from a tree of links to them at their own paths (so their URLs). The bundle and the tree
    are beside the site and named after it: one that a killed run leaves beside tools/build.py's
    staging folder is a leftover of that build, which the next one removes. The bundle starts with
    seeds (seed_files), which Pagefind does not write again; those its index does not name are then
    removed."""
    prefix = f".{site.name.lstrip('.')}.shard-"
    seeds = list(seeds)
    with tempfile.TemporaryDirectory(prefix=prefix, dir=site.parent) as temporary:
        output = Path(temporary) / "bundle"
        seeded = seed_bundle(output, seeds)
        glob = in_place_glob(shard, service)
        if glob is None or not index_in_place(site, shard, language, output, service, glob=glob):
            if glob is not None:  # the glob's run may have written into the bundle: seeded anew
                shutil.rmtree(output, ignore_errors=True)
                seeded = seed_bundle(output, seeds)
            tree, made = Path(temporary) / "site", set()
            for page in shard.pages:
                link_or_copy(page, tree / page.relative_to(site), made)
            run_pagefind(tree, language, output, service)
        drop_unnamed(output, seeded)
        remove_unused(output)
        for path in bundle_files(output):
            target = destination / path.relative_to(output)
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(path, target)


def seed_bundle(output: Path, seeds: list[tuple[Path, str]]) -> list[str]:
    """The seeds linked into the bundle folder; the paths in it of those placed."""
    made: set[Path] = set()
    return [relative for source, relative in seeds if link_or_copy(source, output / relative, made)]


def shard_glob(names: list[str]) -> str:
    """A glob that matches exactly these pages (paths in the site, with "/"): their folder in common,
    then each page's path below it as an alternative. Pagefind walks only that folder: with the
    site's article addresses (year/month/day/slug) a shard's pages are in one month's folder, walked
    in under 0.1 s at 20,000 articles."""
    folder = posixpath.commonpath(names) if names else ""
    if folder in names:  # one page: the path in common is its own
        folder = posixpath.dirname(folder)
    below = len(folder) + 1 if folder else 0
    alternatives = "{" + ",".join(escape_glob(name[below:]) for name in names) + "}"
    return f"{escape_glob(folder)}/{alternatives}" if folder else alternatives


def escape_glob(text: str) -> str:
    return GLOB_SPECIAL.sub(r"\\\1", text)


def in_place_glob(shard: Shard, service: PagefindService | None) -> str | None:
    """The shard's glob (shard_glob), or None when it is too long for a run's command line."""
    glob = shard_glob(shard.names)
    if service is None and len(glob.encode("utf-8", "surrogateescape")) > GLOB_ARGUMENT_LIMIT:
        return None
    return glob


def index_in_place(
    site: Path, shard: Shard, language: str, output: Path, service: PagefindService | None, *, glob: str
) -> bool:
    """Pagefind over the shard's pages where they are in the site, selected by their glob: whether
    its bundle holds every one of them. The tree of links it spares (a folder and a link per page,
    made, then removed) took 0.2 to 0.5 s for a shard of 1,000 pages."""
    try:
        run_pagefind(site, language, output, service, glob)
    except IndexFailed as error:  # a glob Pagefind does not take (a path with a backslash)
        logger.debug("%s shard %s indexed from a tree of links: %s", LOG_PREFIX, shard.key, error)
        return False
    try:
        indexed = indexed_page_count(output)
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        indexed = 0  # no bundle written: the glob found no page
    if indexed != len(shard.pages):
        logger.debug("%s shard %s: the glob found %d of %d pages", LOG_PREFIX, shard.key, indexed, len(shard.pages))
        return False
    return True


def link_or_copy(source: Path, target: Path, made: set[Path]) -> bool:
    """Link target to source (a copy where links cannot be made); False when target is already there.
    made: the folders made so far, to which target's is added."""
    if target.parent not in made:
        target.parent.mkdir(parents=True, exist_ok=True)
        made.add(target.parent)
    return link_file(source, target)


def link_file(source: str | Path, target: str | Path) -> bool:
    """link_or_copy's link, in a folder that is there."""
    try:
        os.link(source, target)
    except FileExistsError:
        return False
    except OSError:
        shutil.copyfile(source, target)
    return True


def window_of(key: str) -> str:
    """The five days a shard holds articles of: a day shard's window, a window shard's own key."""
    return "-".join(key.split("-")[:3])


def page_url(name: str) -> str:
    """The address Pagefind gives the page at this path in the site (name, with "/")."""
    if name == "index.html" or name.endswith("/index.html"):
        return "/" + name.removesuffix("index.html")
    return "/" + name


def read_bundle_file(path: Path) -> bytes:
    """A bundle file's contents: gzip, then Pagefind's mark, then the data."""
    data = gzip.decompress(path.read_bytes())
    if not data.startswith(BUNDLE_FILE_MARK):
        raise ValueError(f"{path} does not start with {BUNDLE_FILE_MARK!r}")
    return data[len(BUNDLE_FILE_MARK) :]


def files_in(folder: Path, suffix: str) -> list[Path]:
    with contextlib.suppress(FileNotFoundError), os.scandir(folder) as listing:
        return [Path(entry.path) for entry in listing if entry.name.endswith(suffix) and entry.is_file()]
    return []


def seed_files(previous: Path | None, earlier: dict[str, dict], shard: Shard) -> list[tuple[Path, str]]:
    """Files of the previous build's bundles of this shard's five days (its own, or the day shards it
    closes) that indexing the shard again writes as they are, each with its place in the new bundle.
    Pagefind names the index's chunks and the pages' fragments after their contents and does not write
    (nor compress, which is most of its time writing) a file that is already there: an edit makes
    about one chunk in five and one fragment new. So all the chunks are offered, and the fragments of
    the pages whose bytes are the previous build's: a fragment holds what Pagefind reads of a page
    (its address, text, meta and filters), so a stale one is never offered where a name it shares
    by chance with a new one would keep it. Only bundles of this Pagefind version are read."""
    if previous is None:
        return []
    pages = {
        page_url(name): (page, name, digest)
        for page, name, digest in zip(shard.pages, shard.names, shard.page_digests, strict=True)
    }
    seeds = []
    for key, entry in earlier.items():
        if window_of(key) != window_of(shard.key):
            continue
        source = previous / BUNDLE / entry.get("path", "")
        try:
            if bundle_entry(source).get("version") != pagefind_version():
                continue
        except (OSError, ValueError, AttributeError):
            continue
        seeds += [(path, f"index/{path.name}") for path in files_in(source / "index", ".pf_index")]
        for path in files_in(source / "fragment", ".pf_fragment"):
            try:
                url = json.loads(read_bundle_file(path))["url"]
            except (OSError, ValueError, KeyError, TypeError, EOFError):
                continue
            if url in pages and unchanged_since(previous, *pages[url]):
                seeds.append((path, f"fragment/{path.name}"))
    return seeds


def unchanged_since(previous: Path, page: Path, name: str, page_digest: str) -> bool:
    """Whether the page is, byte for byte, the one at its address in the previous site."""
    try:
        content = previous_bytes(page, previous / name)
    except OSError:
        return False
    return content is None or bytes_digest(content) == page_digest


def cbor_text(text: str) -> bytes:
    """text as a CBOR text string (what Pagefind's meta index names its files with)."""
    data = text.encode("utf-8")
    size = len(data)
    if size < 24:
        return bytes([0x60 + size]) + data
    if size < 256:
        return bytes([0x78, size]) + data
    return bytes([0x79]) + size.to_bytes(2, "big") + data


def drop_unnamed(bundle: Path, seeded: list[str]) -> None:
    """Remove the seeded files (paths in bundle) that the bundle's meta index does not name: the
    chunks of the word index that an edit changed."""
    if not seeded:
        return
    try:
        entry = bundle_entry(bundle)
        named = b"".join(
            read_bundle_file(bundle / f"pagefind.{language['hash']}.pf_meta")
            for language in entry["languages"].values()
        )
    except (OSError, ValueError, KeyError, TypeError, AttributeError, EOFError) as error:
        raise IndexFailed(f"the index Pagefind wrote cannot be read ({error})") from None
    for relative in seeded:
        if cbor_text(PurePosixPath(relative).stem) not in named:
            (bundle / relative).unlink()


def remove_unused(bundle: Path) -> None:
    for name in UNUSED_BUNDLE_FILES:
        (bundle / name).unlink(missing_ok=True)
    for name in UNUSED_BUNDLE_FOLDERS:
        shutil.rmtree(bundle / name, ignore_errors=True)


def bundle_files(bundle: Path) -> list[Path]:
    """A shard bundle's files (the primary bundle's, without the other shards and the list)."""
    return [Path(folder, name) for folder, names in bundle_listing(os.fspath(bundle)) for name in names]


def bundle_listing(bundle: str) -> Iterator[tuple[str, list[str]]]:
    """bundle_files as text: each folder of the bundle and the names of its files."""
    for folder, folders, names in os.walk(bundle):
        if folder == bundle:
            folders[:] = [name for name in folders if name != SHARDS_FOLDER]
            yield folder, [name for name in names if name != SHARDS_FILE]
        else:
            yield folder, names


def previous_shards(previous: Path | None) -> dict[str, dict]:
    if previous is None:
        return {}
    try:
        document = json.loads((previous / BUNDLE / SHARDS_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(document, dict) or document.get("format") != SHARDS_FORMAT:
        return {}
    return {entry["key"]: entry for entry in document.get("shards", []) if isinstance(entry, dict) and "key" in entry}


def descriptor_from_environment(variable: str) -> int | None:
    """The open file descriptor the environment variable names (tools/build.py's pipes), else None."""
    value = os.environ.get(variable)
    try:
        descriptor = int(value) if value else None
        if descriptor is not None:
            os.fstat(descriptor)
    except (ValueError, OSError):
        descriptor = None
    return descriptor


class PelicanRunning:
    """Pelican, still writing the site this indexes: wait() returns once it has ended (at once
    when this did not start alongside it)."""

    def __init__(self, descriptor: int | None):
        self.descriptor = descriptor
        self.ended = threading.Event()
        if descriptor is None:
            self.ended.set()

    @classmethod
    def from_environment(cls) -> PelicanRunning:
        return cls(descriptor_from_environment(PELICAN_RUNNING_VARIABLE))

    def wait(self) -> None:
        if self.ended.is_set():
            return
        with contextlib.suppress(OSError):
            while os.read(self.descriptor, 4096):
                pass
        self.ended.set()


def index_shards(jobs: list, index, pelican: PelicanRunning, hold: bool = False) -> None:
    """index(job) for each job, PARALLEL_SHARDS at once; while Pelican runs, one at a time, and
    none at all when there are more than ALONGSIDE_SHARDS, or with hold. More than ALONGSIDE_SHARDS
    show their progress."""
    tracker = None
    if waits_for_pelican(jobs, hold):
        pelican.wait()
    if len(jobs) > ALONGSIDE_SHARDS:
        tracker = shards_progress(len(jobs))
    slots = threading.Semaphore(1 if not pelican.ended.is_set() else PARALLEL_SHARDS)

    def widen() -> None:
        pelican.wait()
        for _ in range(PARALLEL_SHARDS - 1):
            slots.release()

    if not pelican.ended.is_set():
        threading.Thread(target=widen, daemon=True).start()

    def run(job) -> None:
        with slots:
            index(job)

    try:
        with ThreadPoolExecutor(PARALLEL_SHARDS) as pool:
            for done in as_completed([pool.submit(run, job) for job in jobs]):
                done.result()
                if tracker is not None:
                    tracker.advance()
    finally:  # a shard that fails takes the bar off the screen too
        if tracker is not None:
            tracker.finish()


def waits_for_pelican(jobs: list, hold: bool) -> bool:
    """Whether index_shards holds these jobs back until Pelican has ended (see its docstring)."""
    return bool(jobs) and (hold or len(jobs) > ALONGSIDE_SHARDS)


def shards_progress(total: int):
    """The build's progress display for `total` shards (a bar on a terminal, else a line every few
    seconds while it lasts: plugins/news_digest/progress.py), started now."""
    plugins = str(ROOT / "plugins")
    if plugins not in sys.path:
        sys.path.insert(0, plugins)
    from news_digest import progress  # noqa: PLC0415 (a long indexing only: it imports Pelican)

    return progress.start(PROGRESS_PHASE, total, unit="shards")


def reuse_shard(previous: Path, entry: dict, destination: Path) -> bool:
    """Link the previous build's bundle of this shard into place; False when it is not all there."""
    source = previous / BUNDLE / entry.get("path", "")
    if not (source / ENTRY_FILE).is_file():
        return False
    link_bundle(os.fspath(source), os.fspath(destination))
    return True


def link_bundle(source: str, destination: str) -> None:
    """Every file of the bundle at source (bundle_files) linked at the same place below destination
    (copied where links cannot be made; one already there left). Paths as text, each folder made
    once: an edit's build links some 20,000 files of the shards it keeps while Pagefind indexes."""
    for folder, names in bundle_listing(source):
        if not names:
            continue
        target = destination if folder == source else os.path.join(destination, os.path.relpath(folder, source))
        os.makedirs(target, exist_ok=True)
        for name in names:
            link_file(os.path.join(folder, name), os.path.join(target, name))


def bundle_entry(bundle: Path) -> dict:
    """A bundle's pagefind-entry.json: its Pagefind version and, per language, its meta index's hash
    and page count."""
    return json.loads((bundle / ENTRY_FILE).read_text(encoding="utf-8"))


def indexed_page_count(bundle: Path) -> int:
    return sum(language["page_count"] for language in bundle_entry(bundle)["languages"].values())


def bundle_size(bundle: Path) -> int:
    return sum(os.path.getsize(os.path.join(folder, name)) for folder, _, names in os.walk(bundle) for name in names)


def build_index(
    site: Path,
    language: str = INDEX_LANGUAGE,
    previous: Path | None = None,
    cache: Path | None = None,
    pelican: PelicanRunning | None = None,
    *,
    notices: BuildNotices | None = None,
) -> int:
    """Index `site` into site/pagefind/ (its shards); the number of pages indexed. With a cache
    folder, pages kept from the previous build are planned from what it recorded of them. With
    pelican, the site is still being written; with notices, its article pages are not yet (see the
    module's docstring)."""
    pelican = pelican or PelicanRunning(None)
    warm: list[WarmService] = []

    def start_warming() -> None:
        if has_bundle(previous):
            warm.append(WarmService(language))

    def give_back() -> None:
        for service in warm:
            service.close()

    try:
        if notices is not None:
            notices.wait(on_kept=start_warming, on_rewritten=give_back)
        warmed = warm[0] if warm and not (notices and notices.rewritten) else None
        return index_site(site, language, previous, cache, pelican=pelican, warm=warmed)
    finally:
        give_back()


def has_bundle(previous: Path | None) -> bool:
    """Whether the previous build's site has a search index of shards (so this build is incremental)."""
    return previous is not None and (previous / BUNDLE / SHARDS_FILE).is_file()


def index_site(
    site: Path,
    language: str,
    previous: Path | None,
    cache: Path | None,
    *,
    pelican: PelicanRunning,
    warm: WarmService | None,
) -> int:
    """build_index, once the article pages are written; warm, a Pagefind process warmed meanwhile."""
    if not site.is_dir():
        raise IndexFailed(f"{site} is not a folder")
    bundle = site / BUNDLE
    if bundle.exists():
        shutil.rmtree(bundle)
    records = PageRecords(cache / RECORDS_FILE if cache else None)
    shards = plan_shards(site, language, records)
    if not shards:  # no article yet: an empty index, so the search page still loads
        if warm is not None:
            warm.close()
        pelican.wait()  # of the finished site
        run_pagefind(site, language)
        remove_unused(bundle)
        return 0
    earlier = previous_shards(previous)
    newest = shards[-1] if shards[-1].key != UNDATED_SHARD or len(shards) == 1 else shards[-2]
    entries, to_index, unchanged = [], [], []
    for shard in shards:
        primary = shard is newest
        destination = bundle / shard.path_in_bundle(primary)
        entry = earlier.get(shard.key)
        if entry and (
            entry.get("digest") == shard.digest or reads_the_same(previous, shard, language, entry.get("digest"))
        ):
            unchanged.append((shard, destination, entry))
        else:
            to_index.append((shard, destination))
        entries.append({"key": shard.key, "path": shard.path_in_bundle(primary), "digest": shard.digest})

    expected = sum(len(shard.pages) for shard in shards)
    hold = records.site_rewritten(expected)  # Pelican renders the whole site: its memory first (see the docstring)
    warmed = warm.take() if warm is not None and to_index and not waits_for_pelican(to_index, hold) else None
    if warm is not None and warmed is None:  # not needed, or Pelican's memory first: given back now
        warm.close()
    services = Services(warmed)

    def index(job) -> None:
        shard, destination = job
        seeds = seed_files(previous, earlier, shard)
        if not pelican.ended.is_set() and not services.warmed:  # a run of its own: no service outlives it
            index_shard(site, shard, language, destination, seeds=seeds)
            return
        with services.service() as service:
            index_shard(site, shard, language, destination, service=service, seeds=seeds)

    # The changed shards are indexed while the unchanged ones are linked into place (a shard whose
    # previous bundle is not all there is indexed after).
    try:
        with ThreadPoolExecutor(1) as linker:
            linking = linker.submit(
                lambda: [(shard, place) for shard, place, entry in unchanged if not reuse_shard(previous, entry, place)]
            )
            try:
                index_shards(to_index, index, pelican, hold=hold)
            finally:
                missing = linking.result()
        index_shards(missing, index, pelican, hold=hold)
    finally:
        services.close()
    indexed = sum(indexed_page_count(bundle / entry["path"]) for entry in entries)
    if indexed != expected:
        raise IndexFailed(f"the index holds {indexed} pages, but {expected} pages are marked data-pagefind-body")
    document = {"format": SHARDS_FORMAT, "shards": entries}
    (bundle / SHARDS_FILE).write_text(json.dumps(document, separators=(",", ":")), encoding="utf-8")
    records.save()
    logger.info(
        "%s %d article pages in %d shards (%d indexed, %d kept from the previous build), %s/ is %d bytes",
        LOG_PREFIX,
        indexed,
        len(shards),
        len(to_index) + len(missing),
        len(shards) - len(to_index) - len(missing),
        BUNDLE,
        bundle_size(bundle),
    )
    return indexed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.search_index", description=__doc__.split("\n\n")[0])
    parser.add_argument("site", type=Path, help="the built site")
    parser.add_argument("--language", default=INDEX_LANGUAGE, help="the one language the index is built as")
    parser.add_argument(
        "--previous",
        type=Path,
        default=os.environ.get(PREVIOUS_OUTPUT_VARIABLE) or None,
        help="the previous build's site, whose unchanged shards are kept (default: $" + PREVIOUS_OUTPUT_VARIABLE + ")",
    )
    parser.add_argument(
        "--cache",
        type=Path,
        default=os.environ.get(CACHE_VARIABLE) or None,
        help="where to keep what each page gave the plan (default: $" + CACHE_VARIABLE + "; none: read every page)",
    )
    options = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    try:
        build_index(
            options.site,
            options.language,
            options.previous,
            options.cache,
            PelicanRunning.from_environment(),
            notices=BuildNotices.from_environment(),
        )
    except IndexFailed as error:
        logger.error("%s %s", LOG_PREFIX, error)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
