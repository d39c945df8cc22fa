"""Incremental builds: a rebuild renders only the pages and feeds whose inputs changed, and its output is
byte-identical to a cold build of the same inputs.

Every build runs as `make html` runs it (tools/build.py into a fresh folder, pelicanconf.py, without the
search index step) on an archive of our own making (tools/bench_corpus.py), with its cache beside its
output. A cold build starts with neither. Which pages a build kept is read twice: from the writer's log
line, and from the files themselves (a kept page is the previous build's file, linked: the same inode).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from conftest import ROOT
from news_digest.site import incremental, kept_files, render_pool
from news_digest.site.incremental import IncrementalWriter, Written, known_templates
from test_reproducible import first_difference

from tools import bench_corpus

pytestmark = pytest.mark.build

# Above parsing.MIN_FILES_FOR_WORKERS, so that a cold build parses in worker processes.
ARCHIVE_SIZE = 80
EXTRA_FILES = 6
EDITED_INDEX = 40
# Files every build rejects, so that their reasons pass through the parse cache into report.json.
REJECTED_FILES = {"lantern-post/empty.txt": b"", "lantern-post/binary.txt": b"\x00\x01\x02binary\xff\xfe"}
WRITER_LINE = re.compile(r"(\d+) pages and feeds rendered, (\d+) unchanged ones kept from the previous build")


SMALL_BATCHES = (
    'PLUGINS=["news_digest", "small_batches"]',
    f"PLUGIN_PATHS={json.dumps([str(ROOT / 'plugins'), str(ROOT / 'tests' / 'plugins')])}",
)


@dataclass(frozen=True)
class Build:
    output: Path
    log: str
    rendered: int
    kept: int


def environment(**extra: str) -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "plugins"), str(ROOT)]), **extra}


def build_log(content: Path, base: Path, *settings: str, env: dict[str, str] | None = None, rebuild=True) -> str:
    """`make html` for content into base/output, with base/cache; settings are more KEY=value pairs.
    The build must succeed without a traceback in its log. With rebuild (`--rebuild`), Pelican runs
    even when nothing changed since the last build."""
    command = [
        sys.executable,
        "-m",
        "tools.build",
        *(["--rebuild"] if rebuild else []),
        str(content),
        "-o",
        str(base / "output"),
        "-s",
        str(ROOT / "pelicanconf.py"),
        "--cache-path",
        str(base / "cache"),
        "-v",  # the writer's line of pages rendered and kept is an info line
        "-e",
        f"NEWS_DIGEST_SOURCES={json.dumps(str(content / 'sources.yaml'))}",
        f"NEWS_DIGEST_TAGS={json.dumps(str(content / 'tags.yaml'))}",
        *settings,
    ]
    result = subprocess.run(
        command, cwd=ROOT, env=env or environment(), capture_output=True, text=True, timeout=600, check=False
    )
    log = result.stdout + result.stderr
    assert result.returncode == 0, log[-5000:]
    assert "Traceback" not in log, log[log.index("Traceback") - 200 :][:5000]
    return log


def build(content: Path, base: Path, *settings: str, env: dict[str, str] | None = None) -> Build:
    """A build that runs Pelican (build_log's, with --rebuild), and what its writer rendered and kept."""
    log = build_log(content, base, *settings, env=env)
    counts = WRITER_LINE.search(log)
    assert counts, "the writer logged no line of pages rendered and kept"
    return Build(base / "output", log, int(counts[1]), int(counts[2]))


def tree(folder: Path) -> dict[str, bytes | None]:
    """Every file's bytes, and every folder (None), by its path inside folder."""
    return {
        path.relative_to(folder).as_posix(): path.read_bytes() if path.is_file() else None
        for path in sorted(folder.rglob("*"))
    }


def inodes(folder: Path) -> dict[str, int]:
    return {path.relative_to(folder).as_posix(): path.stat().st_ino for path in folder.rglob("*") if path.is_file()}


def same_files(before: dict[str, int], after: dict[str, int]) -> set[str]:
    """The files the later build kept: the same inode at the same path."""
    return {name for name, inode in after.items() if before.get(name) == inode}


def assert_same_tree(actual: dict[str, bytes | None], expected: dict[str, bytes | None]) -> None:
    missing, extra = sorted(expected.keys() - actual.keys()), sorted(actual.keys() - expected.keys())
    assert not missing and not extra, f"missing: {missing[:20]}; extra: {extra[:20]}"
    differing = [name for name in sorted(expected) if actual[name] != expected[name]]
    if differing:
        name = differing[0]
        one = {name: expected[name] or b"(a folder)"}
        two = {name: actual[name] or b"(a folder)"}
        pytest.fail(f"{len(differing)} files differ from the cold build; {first_difference(name, one, two)}")


def cold_build(content: Path, base: Path, *settings: str) -> dict[str, bytes | None]:
    """A build with no previous output and no cache: the tree every rebuild must match."""
    assert not base.exists()
    reference = build(content, base, *settings)
    assert reference.kept == 0
    return tree(reference.output)


@pytest.fixture
def content(tmp_path) -> Path:
    folder = tmp_path / "content"
    bench_corpus.write_archive(folder, ARCHIVE_SIZE)
    for name, data in REJECTED_FILES.items():
        (folder / name).write_bytes(data)
    return folder


@pytest.fixture
def site(content, tmp_path) -> Build:
    """The archive's first build, cold: nothing to keep, every page rendered."""
    first = build(content, tmp_path / "site")
    assert first.kept == 0 and first.rendered > 0
    report = json.loads((first.output / "report.json").read_text(encoding="utf-8"))
    assert report["totals"]["rejected"] == len(REJECTED_FILES)
    return first


def test_unchanged_rebuild_keeps_every_page_and_gives_the_same_bytes(content, site, tmp_path):
    before, before_inodes = tree(site.output), inodes(site.output)
    rebuild = build(content, tmp_path / "site")
    assert (rebuild.rendered, rebuild.kept) == (0, site.rendered)
    assert len(same_files(before_inodes, inodes(rebuild.output))) == rebuild.kept
    assert_same_tree(tree(rebuild.output), before)


def test_another_number_of_processes_keeps_every_page(content, site, tmp_path):
    """NEWS_DIGEST_WORKERS says how many processes parse, digest and render: no page depends on it."""
    before = tree(site.output)
    rebuild = build(content, tmp_path / "site", "NEWS_DIGEST_WORKERS=1")
    assert (rebuild.rendered, rebuild.kept) == (0, site.rendered)
    assert_same_tree(tree(rebuild.output), before)


def test_rebuild_with_new_files_equals_a_cold_build(content, site, tmp_path):
    before_inodes = inodes(site.output)
    added = bench_corpus.write_archive(content, ARCHIVE_SIZE, extra=EXTRA_FILES)
    assert len(added) == EXTRA_FILES
    rebuild = build(content, tmp_path / "site")
    assert rebuild.rendered >= EXTRA_FILES and rebuild.kept > 0
    assert len(same_files(before_inodes, inodes(rebuild.output))) == rebuild.kept
    assert_same_tree(tree(rebuild.output), cold_build(content, tmp_path / "cold"))


def test_new_files_leave_every_older_page_of_a_list_as_it_was(content, tmp_path):
    """The new files are the newest: of each list, only the first page and the highest-numbered one
    (the one between it and the older pages) may change. Left out: the home page, which shows a
    story once, at its newest report (a new report moves its story to the front from wherever it was
    in the story window, which in an archive this small is everywhere). An older page that shows
    what it showed is kept, not rendered again: what a list does not show of an article (its story,
    its neighbours) and what only a month's first page shows (the month's chart) are not its inputs."""
    setting = "DEFAULT_PAGINATION=4"
    first = build(content, tmp_path / "site", setting)
    before, before_inodes = tree(first.output), inodes(first.output)
    bench_corpus.write_archive(content, ARCHIVE_SIZE, extra=EXTRA_FILES)
    rebuild = build(content, tmp_path / "site", setting)
    after, kept = tree(rebuild.output), same_files(before_inodes, inodes(rebuild.output))
    numbered = {}
    for name in before:
        found = re.fullmatch(r"(.*?)page/(\d+)/index\.html", name)
        if found and found[1]:
            numbered.setdefault(found[1], []).append(int(found[2]))
    older = [
        f"{list_}page/{number}/index.html"
        for list_, numbers in numbered.items()
        for number in numbers
        if number < max(numbers)
    ]
    assert len(older) >= 10, numbered
    # Same articles and same links to the other pages (an article itself may change: a name its month
    # now mentions often enough becomes one of its automatic tags).
    changed = [name for name in older if shown(after.get(name)) != shown(before[name])]
    assert not changed, changed[:10]
    rendered_alike = [name for name in older if after[name] == before[name] and name not in kept]
    assert not rendered_alike, rendered_alike[:10]
    months = [name for name in older if re.fullmatch(r"\d{4}/\d{2}/page/\d+/index\.html", name)]
    assert months and all(b"month-charts" not in after[name] for name in months)
    assert all(b"month-charts" in after[name[: len("2024/12/")] + "index.html"] for name in months)


def shown(page: bytes | None) -> tuple[list[str], list[str]] | None:
    """The articles a list page links to, and its pagination links."""
    if page is None:
        return None
    text = page.decode("utf-8")
    articles = re.findall(r'<h3 class="item-title"[^>]*><a href="([^"]+)"', text)
    navigation = re.findall(r'<nav class="pagination".*?</nav>', text, re.DOTALL)
    assert articles and navigation
    return articles, navigation


def test_rebuild_after_an_edit_equals_a_cold_build(content, site, tmp_path):
    (edited,) = bench_corpus.write_archive(content, ARCHIVE_SIZE, edit=EDITED_INDEX)
    rebuild = build(content, tmp_path / "site")
    assert 0 < rebuild.rendered < rebuild.kept, f"{edited}: {rebuild.rendered} rendered, {rebuild.kept} kept"
    assert_same_tree(tree(rebuild.output), cold_build(content, tmp_path / "cold"))


def test_an_article_with_a_new_lead_renders_again_only_the_list_pages_that_show_it(content, site, tmp_path):
    # An article of the home page's second page, from a feed dump (its lead in <p><strong>): its
    # summary changes, not its URL, nor its place in any list.
    report = json.loads((site.output / "report.json").read_text(encoding="utf-8"))
    path_of = {entry["url"]: entry["path"] for entry in report["files"] if entry["status"] == "published"}
    second_page = (site.output / "page" / "2" / "index.html").read_text(encoding="utf-8")
    shown = [url for url in re.findall(r'href="(?:\.\./)*(\d{4}/\d{2}/\d{2}/[^"/]+/)"', second_page) if url in path_of]
    raw = next(content / path_of[url] for url in shown if (content / path_of[url]).read_bytes().startswith(b"<!--"))
    text = raw.read_text(encoding="utf-8")
    assert "<p><strong>" in text
    raw.write_text(text.replace("<p><strong>", "<p><strong>Updated. ", 1), encoding="utf-8")
    before = inodes(site.output)
    rebuild = build(content, tmp_path / "site")
    kept = same_files(before, inodes(rebuild.output))
    assert "page/2/index.html" not in kept
    # The home page's other pages show other articles: kept, though the whole list changed.
    others = {"index.html", *(name for name in before if re.fullmatch(r"page/\d+/index\.html", name))} - {
        "page/2/index.html"
    }
    assert "index.html" in before and others <= kept
    assert_same_tree(tree(rebuild.output), cold_build(content, tmp_path / "cold"))


def test_an_edit_renders_again_only_the_pages_of_its_month_that_list_it(content, tmp_path):
    """A month's pages carry the month's chart (its numbers), not the month's whole list: an article
    whose lead changes (not its day or language) leaves the month's other pages as they were. The
    archives page lists every article by title, date, language and source only: it is kept too."""
    setting = "DEFAULT_PAGINATION=4"
    first = build(content, tmp_path / "site", setting)
    report = json.loads((first.output / "report.json").read_text(encoding="utf-8"))
    path_of = {entry["url"]: entry["path"] for entry in report["files"] if entry["status"] == "published"}
    url = next(url for url, path in sorted(path_of.items()) if (content / path).read_bytes().startswith(b"<!--"))
    month = url[:8]  # 2024/12/
    month_pages = {name for name in tree(first.output) if re.fullmatch(rf"{month}(page/\d+/)?index\.html", name)}
    listing = {name for name in month_pages if f'{url}"' in (first.output / name).read_text(encoding="utf-8")}
    assert len(month_pages) > 3 and len(listing) == 1, (month_pages, listing)
    raw = content / path_of[url]
    raw.write_text(raw.read_text(encoding="utf-8").replace("<p><strong>", "<p><strong>Updated. ", 1), encoding="utf-8")
    before = inodes(first.output)
    rebuild = build(content, tmp_path / "site", setting)
    kept = same_files(before, inodes(rebuild.output))
    assert not listing & kept
    assert month_pages - listing <= kept, sorted(month_pages - listing - kept)
    assert "archives/index.html" in kept


def test_a_tag_relabelled_at_the_same_address_equals_a_cold_build(content, site, tmp_path):
    # A label edited in tags.yaml (its case: the tagger matches either) keeps the tag's id, so its
    # address: every page that shows the tag by name is written again, lists included.
    slug = sorted(path.name for path in (site.output / "tag").iterdir() if path.is_dir())[0]
    tags_file = content / "tags.yaml"
    taxonomy = yaml.safe_load(tags_file.read_text(encoding="utf-8"))
    label = taxonomy[slug]["labels"]["en"]
    assert label != label.upper()
    taxonomy[slug]["labels"]["en"] = label.upper()
    tags_file.write_text(yaml.safe_dump(taxonomy, allow_unicode=True, sort_keys=False), encoding="utf-8")
    rebuild = build(content, tmp_path / "site")
    assert rebuild.kept > 0
    expected = cold_build(content, tmp_path / "cold")
    assert_same_tree(tree(rebuild.output), expected)
    assert label.upper().encode() in expected["index.html"]


def test_changed_setting_renders_everything_again(content, site, tmp_path):
    setting = 'SITENAME="Harbour Digest"'
    rebuild = build(content, tmp_path / "site", setting)
    assert (rebuild.rendered, rebuild.kept) == (site.rendered, 0)
    assert b"Harbour Digest" in (rebuild.output / "index.html").read_bytes()
    assert_same_tree(tree(rebuild.output), cold_build(content, tmp_path / "cold", setting))


def test_changed_template_renders_everything_again(content, tmp_path):
    theme = tmp_path / "theme"
    shutil.copytree(ROOT / "theme", theme)
    setting = f"THEME={json.dumps(str(theme))}"
    first = build(content, tmp_path / "site", setting)
    footer = theme / "templates" / "partials" / "footer.html"
    footer.write_text(footer.read_text(encoding="utf-8") + "<!-- footer edited -->\n", encoding="utf-8")
    rebuild = build(content, tmp_path / "site", setting)
    assert (rebuild.rendered, rebuild.kept) == (first.rendered, 0)
    assert b"<!-- footer edited -->" in (rebuild.output / "index.html").read_bytes()
    assert_same_tree(tree(rebuild.output), cold_build(content, tmp_path / "cold", setting))


def test_a_changed_template_override_renders_everything_again(content, tmp_path):
    """A template in THEME_TEMPLATES_OVERRIDES (Pelican looks there before the theme) counts as the
    theme's own: editing it renders every page again."""
    overrides = tmp_path / "overrides"
    (overrides / "partials").mkdir(parents=True)
    footer = overrides / "partials" / "footer.html"
    footer.write_text((ROOT / "theme" / "templates" / "partials" / "footer.html").read_text(encoding="utf-8"))
    setting = f"THEME_TEMPLATES_OVERRIDES={json.dumps([str(overrides)])}"
    first = build(content, tmp_path / "site", setting)
    footer.write_text(footer.read_text(encoding="utf-8") + "<!-- override edited -->\n", encoding="utf-8")
    rebuild = build(content, tmp_path / "site", setting)
    assert (rebuild.rendered, rebuild.kept) == (first.rendered, 0)
    assert b"<!-- override edited -->" in (rebuild.output / "index.html").read_bytes()


@pytest.mark.parametrize(
    "settings",
    [("NEWS_DIGEST_WORKERS=1",), (*SMALL_BATCHES, "NEWS_DIGEST_WORKERS=2")],
    ids=["placed-here", "placed-by-the-helper"],
)
def test_output_files_changed_by_hand_are_rendered_again(content, tmp_path, settings):
    # The kept files are put in place by this process, or by the helper process (kept_files.py),
    # which finds the changed ones only once their pages are queued as kept: they are rendered then.
    site = build(content, tmp_path / "site", *settings)
    before, before_inodes = tree(site.output), inodes(site.output)
    article = next(name for name in sorted(before) if re.fullmatch(r"\d{4}/\d\d/\d\d/[^/]+/index\.html", name))
    # Appended to in place (another size); replaced by a new file of the same bytes but one (another
    # inode), as an editor saves; the same size overwritten in place, a second later; removed.
    index = site.output / "index.html"
    with index.open("ab") as handle:
        handle.write(b"<!-- by hand -->")
    page, replacement = site.output / article, site.output / f"{article}.new"
    replacement.write_bytes(before[article][:-1] + b"!")
    os.replace(replacement, page)
    feed = site.output / "feeds" / "all.atom.xml"
    information = feed.stat()
    with feed.open("r+b") as handle:
        handle.write(b"<?XML")
    os.utime(feed, ns=(information.st_atime_ns, information.st_mtime_ns + 1_000_000_000))
    (site.output / "tags" / "index.html").unlink()
    changed = {"index.html", article, "feeds/all.atom.xml", "tags/index.html"}

    rebuild = build(content, tmp_path / "site", *settings)
    assert (rebuild.rendered, rebuild.kept) == (len(changed), site.rendered - len(changed))
    kept = same_files(before_inodes, inodes(rebuild.output))
    assert not kept & changed
    assert len(kept) == rebuild.kept
    assert_same_tree(tree(rebuild.output), before)


def test_unreadable_page_manifest_renders_everything_again(content, site, tmp_path):
    before = tree(site.output)
    (manifest,) = (tmp_path / "site" / "cache" / "news_digest").glob("pages-*.json")
    manifest.write_bytes(b"\x00not json{")
    rebuild = build(content, tmp_path / "site")
    assert (rebuild.rendered, rebuild.kept) == (site.rendered, 0)
    assert_same_tree(tree(rebuild.output), before)
    again = build(content, tmp_path / "site")
    assert (again.rendered, again.kept) == (0, site.rendered)


def test_pages_rendered_in_many_batches_of_forked_children_are_those_of_one_process(content, tmp_path):
    serial = cold_build(content, tmp_path / "serial", "NEWS_DIGEST_WORKERS=1")
    forked = build(content, tmp_path / "forked", *SMALL_BATCHES, "NEWS_DIGEST_WORKERS=2")
    assert forked.kept == 0 and forked.rendered > 20 * 7
    assert_same_tree(tree(forked.output), serial)
    (edited,) = bench_corpus.write_archive(content, ARCHIVE_SIZE, edit=EDITED_INDEX)
    rebuild = build(content, tmp_path / "forked", *SMALL_BATCHES, "NEWS_DIGEST_WORKERS=2")
    assert 0 < rebuild.rendered < rebuild.kept, edited
    assert_same_tree(tree(rebuild.output), cold_build(content, tmp_path / "cold", "NEWS_DIGEST_WORKERS=1"))


def test_a_page_that_fails_to_render_in_a_child_fails_the_build_and_says_why(content, site, tmp_path):
    theme = tmp_path / "theme"
    shutil.copytree(ROOT / "theme", theme)
    article_template = theme / "templates" / "article.html"
    text = article_template.read_text(encoding="utf-8")
    article_template.write_text(
        text.replace("{% block content %}", "{% block content %}{{ article.no_such_method() }}", 1)
    )
    before = tree(site.output)
    command = [
        sys.executable, "-m", "tools.build", str(content), "-o", str(site.output), "-s", str(ROOT / "pelicanconf.py"),
        "--cache-path", str(tmp_path / "site" / "cache"), "-e",
        f"NEWS_DIGEST_SOURCES={json.dumps(str(content / 'sources.yaml'))}",
        f"NEWS_DIGEST_TAGS={json.dumps(str(content / 'tags.yaml'))}",
        f"THEME={json.dumps(str(theme))}", *SMALL_BATCHES,
    ]  # fmt: skip
    result = subprocess.run(
        command, cwd=ROOT, env=environment(), capture_output=True, text=True, timeout=600, check=False
    )
    log = result.stdout + result.stderr
    assert result.returncode != 0
    assert "no_such_method" in log and "article.html" in log
    assert f"{site.output} is unchanged" in " ".join(log.split())
    assert_same_tree(tree(site.output), before)
    assert not list(tmp_path.glob("site/.output.build-*"))


# ------------------------------------------------------------------------------- nothing changed

UP_TO_DATE = "nothing changed since the last build"


def up_to_date(log: str) -> bool:
    return UP_TO_DATE in " ".join(log.split())


def test_a_build_with_nothing_changed_keeps_the_output_and_repeats_the_report(content, site, tmp_path):
    before, before_inodes = tree(site.output), inodes(site.output)
    log = build_log(content, tmp_path / "site", rebuild=False)
    assert up_to_date(log)
    assert WRITER_LINE.search(log) is None  # Pelican did not run
    assert inodes(site.output) == before_inodes
    assert_same_tree(tree(site.output), before)
    flat = " ".join(log.split())
    for name in REJECTED_FILES:
        assert f"rejected {name}:" in flat
    assert f"{ARCHIVE_SIZE + len(REJECTED_FILES)} raw files:" in flat


@pytest.mark.parametrize("change", ["content", "setting", "theme", "output by hand"])
def test_any_changed_input_or_output_means_a_build_again(content, site, tmp_path, change):
    settings: tuple[str, ...] = ()
    if change == "content":
        (content / "sources.yaml").write_text(
            (content / "sources.yaml").read_text(encoding="utf-8") + "\n", encoding="utf-8"
        )
    elif change == "setting":
        settings = ('SITENAME="Harbour Digest"',)
    elif change == "theme":
        settings = (f"THEME={json.dumps(str(tmp_path / 'theme'))}",)
        shutil.copytree(ROOT / "theme", tmp_path / "theme")
    else:
        (site.output / "robots.txt").write_text("User-agent: *\n", encoding="utf-8")
    log = build_log(content, tmp_path / "site", *settings, rebuild=False)
    assert not up_to_date(log)
    assert WRITER_LINE.search(log)
    again = build_log(content, tmp_path / "site", *settings, rebuild=False)
    assert up_to_date(again)


def test_a_build_that_read_a_file_dated_by_the_clock_is_never_taken_as_up_to_date(content, site, tmp_path):
    """A file without a date is dated by its modification time, a date in the future is ignored only
    while it is in the future: the next build may read them differently."""
    (content / "lantern-post" / "undated.txt").write_text(
        "# url = https://lantern.example/undated\n# title = Harbour volumes hold steady\n\n"
        "Port operators said container volumes rose through the week.\n",
        encoding="utf-8",
    )
    first = build_log(content, tmp_path / "site", rebuild=False)
    assert "modification time" in first
    second = build_log(content, tmp_path / "site", rebuild=False)
    assert not up_to_date(second)


def test_rebuild_after_files_are_removed_equals_a_cold_build(content, tmp_path):
    # The previous build's folders are made ahead in the new output folder: those of the removed
    # articles (and of days left with none) must not outlive the build.
    added = bench_corpus.write_archive(content, ARCHIVE_SIZE, extra=EXTRA_FILES)
    first = build(content, tmp_path / "site")
    before = tree(first.output)
    for name in added:
        (content / name).unlink()
    rebuild = build(content, tmp_path / "site")
    assert rebuild.kept > 0
    expected = cold_build(content, tmp_path / "cold")
    assert any(data is None and name not in expected for name, data in before.items()), "no folder is gone"
    assert_same_tree(tree(rebuild.output), expected)


STORY_CHECKPOINTS = (
    'PLUGINS=["news_digest", "story_checkpoints"]',
    f"PLUGIN_PATHS={json.dumps([str(ROOT / 'plugins'), str(ROOT / 'tests' / 'plugins')])}",
    "NEWS_DIGEST_STORY_WINDOW_HOURS=1",
)


def test_new_files_cluster_from_the_stories_checkpoint_and_equal_a_cold_build(content, tmp_path):
    first = build(content, tmp_path / "site", *STORY_CHECKPOINTS)
    assert "clustered from the last build's checkpoint" not in first.log
    assert (tmp_path / "site" / "cache" / "news_digest" / "stories-checkpoint.pickle").is_file()
    bench_corpus.write_archive(content, ARCHIVE_SIZE, extra=EXTRA_FILES)
    rebuild = build(content, tmp_path / "site", *STORY_CHECKPOINTS)
    assert "clustered from the last build's checkpoint" in rebuild.log
    assert_same_tree(tree(rebuild.output), cold_build(content, tmp_path / "cold", *STORY_CHECKPOINTS))


def test_what_templates_read_is_taken_from_the_last_build_only_for_the_same_site_digest():
    site = bytes(range(16))
    document = {
        "site": site.hex(),
        "variables": [["article.html", ["story"], ["article", "story"]], ["index.html", [], ["articles_page"]]],
        "tests": {"article.html": ["story"], "index.html": []},
    }
    variables, tests = known_templates(document, site)
    assert variables == {
        ("article.html", frozenset({"story"})): frozenset({"article", "story"}),
        ("index.html", frozenset()): frozenset({"articles_page"}),
    }
    assert tests == {"article.html": frozenset({"story"}), "index.html": frozenset()}
    assert known_templates(document, bytes(16)) == ({}, {})  # another theme, code or settings
    for damaged in ({**document, "variables": [["article.html"]]}, {**document, "tests": []}, [], None):
        assert known_templates(damaged, site) == ({}, {})


def test_the_manifest_holds_what_each_template_reads(content, site, tmp_path):
    """For the next build, which then reads no template's syntax (and keeps every page, as
    test_unchanged_rebuild_keeps_every_page_and_gives_the_same_bytes checks)."""
    (manifest,) = (tmp_path / "site" / "cache" / "news_digest").glob("pages-*.json")
    templates = json.loads(manifest.read_text(encoding="utf-8"))["templates"]
    names = {name for name, _assumed, _variables in templates["variables"]}
    assert {"article.html", "index.html", "tag.html"} <= names
    assert all(variables for _name, _assumed, variables in templates["variables"])


class FakeBatch:
    def __init__(self, events: list[str], name: str):
        self.events, self.name = events, name

    def wait(self) -> None:
        self.events.append(f"wait {self.name}")

    def stop(self) -> None:
        pass


class FakeStore:
    def record(self, *args) -> None:
        pass


def queued_writer() -> IncrementalWriter:
    """A writer as far as queue, flush and settle go."""
    writer = IncrementalWriter.__new__(IncrementalWriter)
    writer.pending, writer.pending_renders, writer.under_way = [], 0, None
    writer.batch_size = incremental.RENDER_BATCH
    writer.processes, writer.store, writer.rendered = 2, FakeStore(), 0
    writer.kept_files = kept_files.KeptFiles(helper_allowed=False)
    return writer


def written(path: str, events: list[str]) -> Written:
    return Written(path, path, "key", lambda: None, lambda: events.append(f"signal {path}"))


def test_a_batch_is_under_way_before_the_one_before_it_is_settled_unless_they_write_a_file_in_common(monkeypatch):
    """The next batch's children start before the last batch's files are recorded and signalled, so
    the cores are not left idle meanwhile; the signals keep Pelican's order. A file in both batches (an
    override) is written by the earlier batch's children before the later batch's start."""
    events: list[str] = []
    names = iter("abcdef")

    def start(jobs, processes):
        name = next(names)
        events.append(f"start {name}")
        return FakeBatch(events, name)

    monkeypatch.setattr(render_pool, "start", start)
    writer = queued_writer()
    writer.pending = [written("one.html", events), written("two.html", events)]
    writer.flush(wait=False)
    writer.pending = [written("three.html", events)]
    writer.flush(wait=False)
    writer.pending = [written("three.html", events)]  # written again (an override)
    writer.flush(wait=True)
    assert events == [
        "start a",
        "start b",  # before a is settled
        "wait a",
        "signal one.html",
        "signal two.html",
        "wait b",  # b is settled before c starts: c writes three.html again
        "signal three.html",
        "start c",
        "wait c",
        "signal three.html",
    ]


def test_each_batch_is_twice_the_one_before_up_to_the_most(monkeypatch):
    """A rebuild's few renders start after RENDER_BATCH; a cold build's thousands go in fewer, larger
    batches (fewer forks, each of whose children copies the memory it touches)."""
    sizes: list[int] = []

    def start(jobs, processes):
        sizes.append(len(jobs))
        return FakeBatch([], str(len(sizes)))

    monkeypatch.setattr(render_pool, "start", start)
    monkeypatch.setattr(incremental, "RENDER_BATCH", 3)
    monkeypatch.setattr(incremental, "RENDER_BATCH_MOST", 10)
    writer = queued_writer()
    for number in range(40):
        writer.queue(written(f"{number}.html", []))
    writer.flush()
    assert sizes == [3, 6, 10, 10, 10, 1]


def test_a_flush_without_wait_and_nothing_queued_leaves_the_batch_under_way(monkeypatch):
    """The list pages start rendering when the articles generator is done, and again nothing starts
    when Pelican says its writer is finalized: the build goes on while the batch renders."""
    events: list[str] = []
    monkeypatch.setattr(render_pool, "start", lambda jobs, processes: FakeBatch(events, "a"))
    writer = queued_writer()
    writer.pending = [written("tag.html", events)]
    writer.flush(wait=False)
    writer.flush(wait=False)
    assert events == []
    writer.flush()
    assert events[:2] == ["wait a", "signal tag.html"]


@pytest.mark.parametrize("foreign", [False, True])
def test_the_writer_finalized_signals_wait_for_the_pages_only_for_another_plugin(monkeypatch, foreign):
    """Pelican promises receivers of article_writer_finalized that the generator's pages are written:
    another plugin's receiver gets them written; the plugin's own receivers need none."""
    from news_digest import plugin
    from pelican import signals

    waits: list[bool] = []
    monkeypatch.setattr(plugin, "flush_writer", lambda writer, wait=True: waits.append(wait))

    def another_plugins_receiver(generator, writer=None):
        pass

    if foreign:
        signals.article_writer_finalized.connect(another_plugins_receiver)
    try:
        plugin.articles_written_before_finalized(None, writer=object())
    finally:
        signals.article_writer_finalized.disconnect(another_plugins_receiver)
    assert waits == [foreign]


@pytest.mark.parametrize("drafts", [[], ["a draft"]])
def test_without_drafts_the_list_pages_render_while_the_build_goes_on(monkeypatch, drafts):
    """The line that the article pages are written is told after them, where there is no draft; the
    list pages queued by the time Pelican would write drafts then start rendering, unwaited for."""
    import functools
    import types

    from news_digest.site import articles_written

    read_end, write_end = os.pipe()
    monkeypatch.setenv(articles_written.VARIABLE, str(write_end))
    waits: list[bool] = []

    class Writer:
        def flush(self, wait=True):
            waits.append(wait)

        def write_file(self, *args, **kwargs):
            pass

    generator = types.SimpleNamespace(
        drafts=drafts,
        drafts_translations=[],
        generate_feeds=lambda writer: None,
        generate_articles=lambda write: None,
        generate_drafts=lambda write: None,
    )
    articles_written.install(generator)
    write = functools.partial(Writer().write_file)
    generator.generate_articles(write)  # the article pages
    generator.generate_drafts(write)  # after the list pages
    with os.fdopen(read_end, "rb") as pipe:
        assert pipe.read() == articles_written.MESSAGE
    assert waits == ([True, False] if not drafts else [True])
