"""Hostile and broken raw files: none crashes or hangs the build, none is lost, none leaks.

The cases live in tests/fixtures/hostile/ (at least 60); this module makes their files, checks each
through the pipeline, then builds a site from all of them and checks the build's report and log.

A case is `<case>.json` (what must come of it) beside either `<case>.txt` (its bytes) or, in the
JSON, `"generate": {"kind": …}` for a file made at test time: too large to commit (50 MB), not
committable (a symbolic link, a FIFO, a name with a newline) or made of repetition. Every article
is distinct (its own headline, link and text), so that no two are taken for duplicates by accident.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import random
import struct
import subprocess
import sys
import zlib
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import ROOT
from news_digest import decode as decode_module
from news_digest.errors import RejectedFile
from news_digest.files import content_files, display_name
from news_digest.knowledge import load_knowledge
from news_digest.metadata import iso
from news_digest.pipeline import IngestOptions, ingest_file
from pelican.generators import Generator

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "hostile"
# The source folder the cases sit in (sources.yaml names it), and the folder outside content/
# that symbolic links point into.
SOURCE_FOLDER = "wire"
OUTSIDE = "outside"
# The fetch time and the date line of every feed dump unless a case changes them.
FETCH_EPOCH_MS = 1610013600000  # 2021-01-07T10:00:00Z
DATE_LINE = "07/01/2021 10:00"

TOWNS = (
    "Aberlow", "Brackmouth", "Calderwick", "Dunmere", "Eskholm", "Farrowby", "Glenhaven", "Harwick",
    "Inchbay", "Jarrow Sands", "Kelmsford", "Larkhaven", "Marrowcliff", "Northolm", "Oakport",
    "Pellingham", "Quarry Bay", "Rookhaven", "Saltmere", "Thornwick", "Ulverby", "Vennick",
    "Westerholm", "Yarnmouth", "Zennor Cove", "Ashcombe", "Beckport", "Coldharbour", "Dinsby",
    "Elmstead Quay", "Fennick", "Gullhaven", "Hollowmere", "Ironbridge Wharf", "Kestrel Point",
    "Lowenmouth", "Millhaven", "Netherwick", "Orford Ness", "Portlow",
)  # fmt: skip
WINDS = ("north-easterly", "westerly", "southerly", "bitter easterly", "gusting northerly", "squally south-westerly")
THINGS = ("swell", "surge", "gale", "spring tide", "squall line", "storm front", "sea fog")
TRADES = ("trawlers", "ferries", "container ships", "tankers", "pilot boats", "coasters", "yachts", "tugs")


@dataclass(frozen=True)
class Prose:
    """A short article of our own, varied by a case's name."""

    title: str
    slug: str
    paragraphs: tuple[str, ...]


def prose(case: str) -> Prose:
    digest = hashlib.blake2b(case.encode(), digest_size=16).digest()
    town = TOWNS[digest[0] % len(TOWNS)]
    wind = WINDS[digest[1] % len(WINDS)]
    thing = THINGS[digest[2] % len(THINGS)]
    trade = TRADES[digest[3] % len(TRADES)]
    days = 2 + digest[4] % 9
    ships = 11 + int.from_bytes(digest[5:7]) % 480
    year = 1950 + digest[7] % 60
    title = f"{town} harbour reopens to {ships} {trade} after {days} days of storms"
    paragraphs = (
        f"The harbour at {town} reopened on Thursday after {days} days of storms, the port authority said.",
        f"{ships} {trade} had waited outside the breakwater while the {wind} wind blew, and crews "
        f"counted the hours until the {thing} eased.",
        f"Dock workers said it was the longest closure since {year}; the harbour master, speaking for "
        f"the authority, called the {thing} of this week ({case.replace('_', ' ')}) exceptional.",
    )
    slug = "-".join(title.lower().split())
    return Prose(title, slug, paragraphs)


def article_url(case: str) -> str:
    return f"https://wire.example/news/2021/01/07/{prose(case).slug}"


def feed_dump(
    case: str,
    *,
    extra_html: str = "",
    epoch: str = str(FETCH_EPOCH_MS),
    title: str | None = None,
    url: str | None = None,
    date_line: str = DATE_LINE,
    rule: bool = True,
) -> str:
    """A feed dump (shape A) of the case's prose, with parts replaced as a case needs."""
    text = prose(case)
    body = f"<div>{date_line}</div>" + "".join(f"<p>{p}</p>" for p in text.paragraphs) + extra_html
    lines = [
        f"<!--{epoch}-->",
        f"[{text.title if title is None else title}]({article_url(case) if url is None else url})",
    ]
    return "\n".join([*lines, *(["------"] if rule else []), body]) + "\n"


def page_scrape(case: str, *, title: str | None = None, byline: str = "Port Desk | 07/01/2021, 10:00") -> str:
    """A page scrape (shape B) of the case's prose."""
    text = prose(case)
    return "\n".join([text.title if title is None else title, byline, *(f"{p}\n" for p in text.paragraphs)])


# ---------------------------------------------------------------------------------------------
# Generators: kind -> function(case, spec, path, tree) writing the case's file at `path`.


def _write(path: Path, data: bytes | str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)


def make_sparse(case, spec, path, tree):
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as handle:
        handle.truncate(spec["bytes"])  # no block written: a 50 MB file costs nothing


def make_png(case, spec, path, tree):
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    pixels = zlib.compress(bytes(random.Random(case).randbytes(64 * 65)))
    header = struct.pack(">IIBBBBB", 64, 64, 8, 0, 0, 0, 0)
    _write(path, b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b""))


def make_gzip(case, spec, path, tree):
    _write(path, gzip.compress(feed_dump(case).encode() * 20, mtime=0))


def make_random(case, spec, path, tree):
    _write(path, spec.get("prefix", "").encode("latin-1") + random.Random(case).randbytes(spec["bytes"]))


def make_feed_dump(case, spec, path, tree):
    """A feed dump with its HTML body, title or link made by repetition."""
    times = spec.get("times", 0)
    opening = spec.get("repeat_html", "") * times
    if "numbered_html" in spec:
        opening = "".join(spec["numbered_html"].format(i=i) for i in range(times))
    extra = opening + spec.get("middle", "") + spec.get("close_html", "") * times + spec.get("after", "")
    title = spec["title_char"] * spec["title_chars"] if "title_chars" in spec else None
    url = article_url(case) + "/" + "a" * spec["url_padding"] if "url_padding" in spec else None
    _write(path, feed_dump(case, extra_html=extra, title=title, url=url))


def make_page_scrape(case, spec, path, tree):
    title = spec["title_char"] * spec["title_chars"] if "title_chars" in spec else None
    _write(path, page_scrape(case, title=title) + spec.get("repeat_line", "") * spec.get("times", 0))


def make_plain(case, spec, path, tree):
    text = prose(case)
    title = spec["title_char"] * spec["title_chars"]
    _write(path, "\n".join([title, "7 January 2021", *text.paragraphs]) + "\n")


def make_attributes(case, spec, path, tree):
    attributes = " ".join(f"data-a{i}=x" for i in range(spec["count"]))
    _write(path, feed_dump(case, extra_html=f"<p><b {attributes}>bold words</b> after the crowded tag.</p>"))


def make_copy(case, spec, path, tree):
    """The bytes of another case (committed or generated), under this case's name."""
    source = tree.path(spec["of"])
    _write(path, source.read_bytes())


def make_symlink(case, spec, path, tree):
    """A symbolic link to a file outside content/, to another case, or to nothing."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if spec["to"] == "outside":
        target = tree.outside / f"{case}.txt"
        _write(target, feed_dump(case))
    elif spec["to"] == "missing":
        target = tree.content / SOURCE_FOLDER / "no-such-file.txt"
    else:
        target = tree.path(spec["to"])
    os.symlink(os.path.relpath(target, path.parent), path)


def make_folder_symlink(case, spec, path, tree):
    """A folder under content/ that is a symbolic link to a folder outside, holding a raw file."""
    outside_folder = tree.outside / case
    _write(outside_folder / path.name, feed_dump(case))
    path.parent.parent.mkdir(parents=True, exist_ok=True)
    os.symlink(os.path.relpath(outside_folder, path.parent.parent), path.parent)


def make_fifo(case, spec, path, tree):
    path.parent.mkdir(parents=True, exist_ok=True)
    os.mkfifo(path)


GENERATORS = {
    "sparse": make_sparse,
    "png": make_png,
    "gzip": make_gzip,
    "random": make_random,
    "feed_dump": make_feed_dump,
    "page_scrape": make_page_scrape,
    "plain": make_plain,
    "attributes": make_attributes,
    "copy": make_copy,
    "symlink": make_symlink,
    "folder_symlink": make_folder_symlink,
    "fifo": make_fifo,
}
# Generated last: their files depend on other cases' files.
DEPENDENT_KINDS = ("copy", "symlink")


def load_cases() -> dict[str, dict]:
    return {path.stem: json.loads(path.read_text(encoding="utf-8")) for path in sorted(FIXTURES.glob("*.json"))}


@dataclass
class Tree:
    """A content folder holding every case, and the folder outside it that links point into."""

    root: Path
    cases: dict[str, dict]

    @property
    def content(self) -> Path:
        return self.root / "content"

    @property
    def outside(self) -> Path:
        return self.root / OUTSIDE

    def relative(self, case: str) -> str:
        """The case's path relative to content/, as the report and the log name it."""
        return f"{SOURCE_FOLDER}/{self.cases[case].get('name', case + '.txt')}"

    def path(self, case: str) -> Path:
        return self.content / self.relative(case)

    def build(self) -> Tree:
        for name in ("sources.yaml", "tags.yaml"):
            _write(self.content / name, (FIXTURES / name).read_bytes())
        self.outside.mkdir(parents=True, exist_ok=True)
        ordered = sorted(self.cases, key=lambda c: self.cases[c].get("generate", {}).get("kind") in DEPENDENT_KINDS)
        for case in ordered:
            spec = self.cases[case].get("generate")
            if spec is None:
                _write(self.path(case), (FIXTURES / f"{case}.txt").read_bytes())
            else:
                GENERATORS[spec["kind"]](case, spec, self.path(case), self)
        return self


# ---------------------------------------------------------------------------------------------
# The tests

EXACT_FIELDS = ("title", "url", "shape", "author", "published", "fetched", "warnings")
KNOWN_KEYS = {
    "description",
    "generate",
    "name",
    "status",
    "reason",
    "reason_contains",
    "warnings_contain",
    "title_length",
    "body_text_contains",
    "body_text_excludes",
    "body_html_contains",
    "body_html_excludes",
    "duplicate_of",
    "distinct_from",
    *EXACT_FIELDS,
}
CASES = load_cases()


def statuses(expected: dict) -> list[str]:
    status = expected["status"]
    return status if isinstance(status, list) else [status]


def reason_problems(reason: str | None, expected: dict) -> list[str]:
    if "reason" in expected and reason != expected["reason"]:
        return [f"reason: expected {expected['reason']!r}, got {reason!r}"]
    if "reason_contains" in expected and expected["reason_contains"] not in (reason or ""):
        return [f"reason {reason!r} lacks {expected['reason_contains']!r}"]
    return []


def warning_problems(warnings, expected: dict) -> list[str]:
    return [
        f"no warning mentions {needle!r}; warnings: {list(warnings)!r}"
        for needle in expected.get("warnings_contain", [])
        if not any(needle in warning for warning in warnings)
    ]


def article_problems(article, expected: dict) -> list[str]:
    got = {
        "title": article.title,
        "url": article.url,
        "shape": article.shape,
        "author": article.author,
        "published": iso(article.published),
        "fetched": iso(article.fetched),
        "warnings": list(article.warnings),
    }
    problems = [
        f"{key}: expected {expected[key]!r}, got {got[key]!r}"
        for key in EXACT_FIELDS
        if key in expected and got[key] != expected[key]
    ]
    if "title_length" in expected and len(article.title) != expected["title_length"]:
        problems.append(f"title is {len(article.title)} characters, not {expected['title_length']}")
    for key, field, wanted in (
        ("body_text_contains", article.body_text, True),
        ("body_text_excludes", article.body_text, False),
        ("body_html_contains", article.body_html, True),
        ("body_html_excludes", article.body_html, False),
    ):
        problems += [f"{key}: {needle!r}" for needle in expected.get(key, []) if (needle in field) != wanted]
    return problems + warning_problems(article.warnings, expected)


@pytest.fixture(scope="module")
def tree(tmp_path_factory) -> Tree:
    return Tree(tmp_path_factory.mktemp("hostile"), CASES).build()


@pytest.fixture(scope="module")
def knowledge(tree):
    return load_knowledge(str(tree.content / "sources.yaml"), str(tree.content / "tags.yaml"))


def test_every_case_is_a_distinct_article():
    """No two cases share a headline by chance: they would be merged as duplicates."""
    titles = [prose(case).title for case in CASES]
    assert len(set(titles)) == len(titles)


def test_there_are_at_least_60_cases_each_describing_itself():
    assert len(CASES) >= 60
    for case, expected in CASES.items():
        assert set(expected) <= KNOWN_KEYS, (case, set(expected) - KNOWN_KEYS)
        assert expected.get("description"), case
        assert set(statuses(expected)) <= {"published", "merged", "rejected"}, case
        has_bytes = (FIXTURES / f"{case}.txt").exists()
        assert has_bytes != ("generate" in expected), f"{case}: a .txt or a generator, not both or neither"
        if "generate" in expected:
            assert expected["generate"]["kind"] in GENERATORS, case


@pytest.mark.parametrize("case", sorted(CASES))
def test_hostile_case(case, tree, knowledge):
    """Each file comes out as its JSON says: published as described, or rejected for its reason."""
    expected = CASES[case]
    options = IngestOptions(content_root=str(tree.content))
    try:
        article = ingest_file(str(tree.path(case)), knowledge, options)
    except RejectedFile as rejection:
        assert "rejected" in statuses(expected), f"rejected: {rejection.reason}"
        assert reason_problems(rejection.reason, expected) == []
        return
    assert "published" in statuses(expected), "published, but it should have been rejected"
    assert article_problems(article, expected) == []


def test_a_file_over_the_size_limit_is_rejected_without_being_opened(tree, knowledge, monkeypatch):
    def no_open(*args, **kwargs):
        raise AssertionError("a file over the size limit was opened for reading")

    monkeypatch.setattr(decode_module, "open", no_open, raising=False)
    with pytest.raises(RejectedFile) as rejection:
        ingest_file(str(tree.path("size_50_megabytes")), knowledge, IngestOptions(content_root=str(tree.content)))
    assert rejection.value.reason.startswith("file too large")


def test_nothing_outside_the_content_folder_is_opened(tree, knowledge, monkeypatch):
    opened = []
    real_open = os.open

    def watching_open(path, *args, **kwargs):
        opened.append(os.path.realpath(path))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(decode_module.os, "open", watching_open)
    for case in ("symlink_outside", "symlink_folder_outside"):
        with pytest.raises(RejectedFile):
            ingest_file(str(tree.path(case)), knowledge, IngestOptions(content_root=str(tree.content)))
    assert opened == []


# ---------------------------------------------------------------------------------------------
# The whole build over the cases


BUILD_TIMEOUT_SECONDS = 600


def build_site(content: Path, output: Path, *settings: str) -> subprocess.CompletedProcess:
    """`make html` on a content folder: Pelican in a child process, with the cases' sources and tags."""
    command = [sys.executable, "-m", "pelican", str(content), "-o", str(output), "-s", str(ROOT / "pelicanconf.py")]
    command += [
        "-e",
        f'NEWS_DIGEST_SOURCES="{FIXTURES / "sources.yaml"}"',
        f'NEWS_DIGEST_TAGS="{FIXTURES / "tags.yaml"}"',
    ]
    command += settings
    # A wide "terminal", so that the log is one line per message, as a CI log shows it.
    env = {**os.environ, "PYTHONPATH": str(ROOT / "plugins"), "COLUMNS": "1000"}
    return subprocess.run(
        command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=BUILD_TIMEOUT_SECONDS, check=False
    )


@pytest.fixture(scope="module")
def hostile_build(tree, tmp_path_factory):
    """The site built from every case at once (the FIFO, the 50 MB file and the links included)."""
    output = tmp_path_factory.mktemp("hostile-site")
    result = build_site(tree.content, output)
    report = json.loads((output / "report.json").read_text(encoding="utf-8")) if result.returncode == 0 else None
    return result, report


def report_entries(report: dict) -> dict[str, dict]:
    return {entry["path"]: entry for entry in report["files"]}


def entry_for(entries: dict[str, dict], relative: str) -> dict | None:
    """A file's entry, whether the report names it as it is or escaped (files.display_name)."""
    return entries.get(relative) or entries.get(display_name(relative))


@pytest.mark.build
def test_the_build_succeeds_and_accounts_for_every_file(hostile_build, tree):
    result, report = hostile_build
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    totals = report["totals"]
    assert totals["read"] == totals["published"] + totals["merged"] + totals["rejected"]
    assert totals["read"] == len(report["files"])
    entries = report_entries(report)
    missing = [tree.relative(case) for case in CASES if not entry_for(entries, tree.relative(case))]
    assert missing == []
    assert len(entries) == len(CASES)


@pytest.mark.build
@pytest.mark.parametrize("case", sorted(CASES))
def test_build_outcome(case, hostile_build, tree):
    """In the built site's report each file has the outcome its JSON says; a duplicate names its original."""
    expected = CASES[case]
    _, report = hostile_build
    assert report is not None, "the build failed"
    entries = report_entries(report)
    entry = entry_for(entries, tree.relative(case))
    assert entry is not None, f"{tree.relative(case)!r} is missing from the report"
    assert entry["status"] in statuses(expected), entry
    if entry["status"] == "rejected":
        assert reason_problems(entry["reason"], expected) == []
    if entry["status"] == "published":
        assert entry["url"], entry
    original = entry_for(entries, tree.relative(expected["duplicate_of"])) if "duplicate_of" in expected else None
    if original is not None:
        # One article either way: merged into the original, or the original merged into it.
        pair = {entry["status"], original["status"]}
        assert pair == {"published", "merged"}, (entry, original)
        merged, kept = (entry, original) if entry["status"] == "merged" else (original, entry)
        assert merged["canonical"] in (kept["path"], kept["url"]), (merged, kept)
    if "distinct_from" in expected:
        other = entry_for(entries, tree.relative(expected["distinct_from"]))
        assert entry["status"] == other["status"] == "published"
        assert entry["url"] != other["url"]


def log_lines_naming(result: subprocess.CompletedProcess, report: dict, path_of) -> list[str]:
    """The rejected files (as path_of shows their path) that no single log line names with its reason."""
    lines = (result.stdout + result.stderr).splitlines()
    missing = []
    for entry in report["files"]:
        if entry["status"] == "rejected":
            wanted = f"rejected {path_of(entry['path'])}: {entry['reason']}"
            if not any(wanted in line for line in lines):
                missing.append(wanted)
    return missing


@pytest.mark.build
def test_the_build_log_names_each_rejected_file_with_its_reason_on_one_line(hostile_build):
    result, report = hostile_build
    plain = {**report, "files": [entry for entry in report["files"] if "\n" not in entry["path"]]}
    assert log_lines_naming(result, plain, str) == []


@pytest.mark.build
def test_a_rejected_file_whose_name_holds_a_newline_is_logged_on_one_line(hostile_build):
    # The report and the log both name files by files.display_name: a newline shows as \n.
    result, report = hostile_build
    escaped = {**report, "files": [entry for entry in report["files"] if "\\n" in entry["path"]]}
    assert escaped["files"]
    assert all("\n" not in entry["path"] for entry in report["files"])
    assert log_lines_naming(result, escaped, str) == []


@pytest.mark.build
def test_make_html_succeeds_with_a_rejected_file_and_fails_with_strict(tmp_path):
    content = tmp_path / "content" / SOURCE_FOLDER
    content.mkdir(parents=True)
    (content / "good.txt").write_text(feed_dump("strict_good"), encoding="utf-8")
    (content / "empty.txt").write_bytes(b"")

    def make_html(output: str, *variables: str) -> subprocess.CompletedProcess:
        # -o: the virtual environment is taken as up to date (make test has just seen to it).
        command = [
            "make",
            "-o",
            ".venv/.ready",
            "html",
            f"INPUTDIR={tmp_path / 'content'}",
            f"OUTPUTDIR={tmp_path / output}",
        ]
        return subprocess.run(
            [*command, *variables],
            cwd=ROOT,
            env={**os.environ, "COLUMNS": "1000"},
            capture_output=True,
            text=True,
            timeout=BUILD_TIMEOUT_SECONDS,
            check=False,
        )

    lenient = make_html("lenient")
    strict = make_html("strict", "STRICT=1")

    assert lenient.returncode == 0, lenient.stdout[-2000:] + lenient.stderr[-2000:]
    assert strict.returncode != 0
    assert "rejected wire/empty.txt: empty file" in strict.stdout + strict.stderr


# ---------------------------------------------------------------------------------------------
# Folder links that loop: Pelican's own walk, and the one files.content_files offers in its place


class WalkingGenerator:
    """What Pelican's Generator.get_files uses of a generator: its path, settings and filter."""

    def __init__(self, path: Path):
        self.path = str(path)
        self.settings = {"IGNORE_FILES": ["**/.*", ".#*"]}

    def _include_path(self, path, extensions=None):
        return Generator._include_path(self, path, extensions)


def test_content_files_lists_what_pelican_lists_when_nothing_loops(tmp_path):
    content = tmp_path / "content"
    for name in ("a.txt", "wire/b.txt", "wire/deep/c.txt", "pages/about.txt", "wire/notes.md"):
        _write(content / name, "x")
    _write(tmp_path / "elsewhere" / "d.txt", "x")
    os.symlink(tmp_path / "elsewhere", content / "linked")
    generator = WalkingGenerator(content)

    pelican_files = Generator.get_files(generator, [""], exclude=["pages"], extensions=("txt",))

    assert content_files(generator, [""], exclude=["pages"], extensions=("txt",)) == pelican_files
    assert "linked/d.txt" in pelican_files


def test_content_files_walks_a_folder_that_links_to_its_parent_once(tmp_path):
    """Two links back to the parent: Pelican's walk would list 2^40 paths (it never ends)."""
    content = tmp_path / "content"
    _write(content / "wire" / "a.txt", "x")
    os.symlink(".", content / "wire" / "loop")
    os.symlink("..", content / "wire" / "up")

    found = content_files(WalkingGenerator(content), [""], extensions=("txt",))

    assert found == {"wire/a.txt"}
