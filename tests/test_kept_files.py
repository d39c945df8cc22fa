"""Kept files put in place by the helper process (kept_files.py): every page told whether its file is
in place, in the order it was added, whatever the helper does."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from jinja2 import Template
from news_digest.site import kept_files, link_helper, render_pool
from news_digest.site.incremental import render_page


def identity(path: Path) -> list[int]:
    info = path.stat()
    return [info.st_ino, info.st_size, info.st_mtime_ns]


def previous_site(folder: Path, count: int) -> list[Path]:
    folder.mkdir()
    pages = []
    for number in range(count):
        page = folder / f"page-{number:03d}.html"
        page.write_text(f"<p>page {number}</p>", encoding="utf-8")
        pages.append(page)
    return pages


class Outcomes:
    """What each page was told, by its number, in the order told."""

    def __init__(self):
        self.told: list[tuple[int, object]] = []

    def kept(self, number: int, source: Path, target: Path, recorded: list[int]) -> kept_files.Kept:
        return kept_files.Kept(str(source), str(target), recorded, lambda outcome: self.told.append((number, outcome)))


def helper_pid(files: kept_files.KeptFiles) -> int:
    assert files.helper is not None, "no helper was started"
    return files.helper.pid


def test_the_helper_links_every_file_still_as_recorded_and_tells_each_page_in_order(tmp_path, monkeypatch):
    monkeypatch.setattr(kept_files, "LINK_BATCH", 4)
    sources = previous_site(tmp_path / "previous", 19)
    recorded = [identity(page) for page in sources]
    # After the previous build: one page changed by hand, one removed.
    sources[5].write_text("<p>changed by hand</p>", encoding="utf-8")
    sources[11].unlink()
    outcomes, files = Outcomes(), kept_files.KeptFiles(helper_allowed=True)
    # Each page in a folder of its own, none of them made yet.
    targets = [tmp_path / "new" / f"{number:03d}" / "index.html" for number in range(len(sources))]
    for number, (source, target) in enumerate(zip(sources, targets, strict=True)):
        files.add(outcomes.kept(number, source, target, recorded[number]))
    pid = helper_pid(files)
    files.finish()

    assert [number for number, _ in outcomes.told] == list(range(len(sources)))
    placed = {number for number, outcome in outcomes.told if outcome is kept_files.LINKED}
    assert placed == set(range(len(sources))) - {5, 11}
    assert {number for number, outcome in outcomes.told if outcome is None} == {5, 11}
    for number in placed:
        assert targets[number].samefile(sources[number])
    assert not targets[5].exists() and not targets[11].exists()
    with pytest.raises(ChildProcessError):  # reaped
        os.waitpid(pid, os.WNOHANG)
    assert files not in render_pool.UNDER_WAY


def test_pages_the_helper_did_not_answer_for_are_not_placed_and_the_rest_are_placed_here(tmp_path, monkeypatch):
    monkeypatch.setattr(kept_files, "LINK_BATCH", 3)
    sources = previous_site(tmp_path / "previous", 12)
    (tmp_path / "new").mkdir()
    outcomes, files = Outcomes(), kept_files.KeptFiles(helper_allowed=True)
    for number in range(3):
        files.add(
            outcomes.kept(number, sources[number], tmp_path / "new" / sources[number].name, identity(sources[number]))
        )
    files.helper.kill()
    files.helper.wait()
    for number in range(3, 12):
        files.add(
            outcomes.kept(number, sources[number], tmp_path / "new" / sources[number].name, identity(sources[number]))
        )
    files.finish()

    assert [number for number, _ in outcomes.told] == list(range(12))
    told = dict(outcomes.told)
    # The first batch went to the helper, which died before answering: its pages are rendered. The
    # helper's failure is found when a later batch is sent or answered; from then on, this process
    # places every page, those it had sent to the helper and lost included.
    assert all(told[number] is None for number in range(3))
    assert not any((tmp_path / "new" / sources[number].name).exists() for number in range(3))
    later = [number for number in range(3, 12) if told[number] is kept_files.LINKED]
    assert later, told
    for number in later:
        assert (tmp_path / "new" / sources[number].name).samefile(sources[number])
    assert files.helper is None and not files.helper_allowed
    assert files not in render_pool.UNDER_WAY


def test_fewer_pages_than_a_batch_are_placed_here_without_a_helper(tmp_path):
    sources = previous_site(tmp_path / "previous", 3)
    (tmp_path / "new").mkdir()
    outcomes, files = Outcomes(), kept_files.KeptFiles(helper_allowed=True)
    for number, source in enumerate(sources):
        files.add(outcomes.kept(number, source, tmp_path / "new" / source.name, identity(source)))
    files.settle()
    assert files.helper is None
    assert outcomes.told == [(number, kept_files.LINKED) for number in range(3)]


def test_a_failing_build_stops_the_helper_with_the_render_batches(tmp_path, monkeypatch):
    monkeypatch.setattr(kept_files, "LINK_BATCH", 2)
    sources = previous_site(tmp_path / "previous", 2)
    (tmp_path / "new").mkdir()
    outcomes, files = Outcomes(), kept_files.KeptFiles(helper_allowed=True)
    for number, source in enumerate(sources):
        files.add(outcomes.kept(number, source, tmp_path / "new" / source.name, identity(source)))
    pid = helper_pid(files)
    assert files in render_pool.UNDER_WAY
    render_pool.stop_batches()
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)
    assert files.helper is None


def test_a_kept_page_is_linked_over_whatever_lies_at_its_place(tmp_path):
    source = tmp_path / "previous.html"
    source.write_text("<p>kept</p>", encoding="utf-8")
    fresh, same, other, dangling = (tmp_path / name for name in ("fresh.html", "same.html", "other.html", "dangling"))
    os.link(source, same)
    other.write_text("<p>stale</p>", encoding="utf-8")
    dangling.symlink_to(tmp_path / "nowhere")
    for target in (fresh, same, other, dangling):
        assert link_helper.link(str(source), str(target)) is True
        assert not target.is_symlink() and target.samefile(source)
    assert source.read_text(encoding="utf-8") == "<p>kept</p>"


def test_a_file_that_cannot_be_linked_is_copied_and_the_copy_recorded(tmp_path, monkeypatch):
    (source,) = previous_site(tmp_path / "previous", 1)
    (tmp_path / "new").mkdir()
    target = tmp_path / "new" / source.name

    def cross_device(*_args, **_kwargs):
        raise OSError(18, "Invalid cross-device link")

    monkeypatch.setattr(link_helper.os, "link", cross_device)
    outcomes, files = Outcomes(), kept_files.KeptFiles(helper_allowed=False)
    files.add(outcomes.kept(0, source, target, identity(source)))
    files.finish()
    ((number, outcome),) = outcomes.told
    assert number == 0 and outcome == identity(target) and outcome != identity(source)
    assert target.read_bytes() == source.read_bytes()


def test_a_page_rendered_where_a_kept_file_was_linked_leaves_the_previous_file_as_it_was(tmp_path):
    # A page kept, then written again at the same place (an override): the new page is a new file.
    previous = tmp_path / "previous.html"
    previous.write_text("<p>kept</p>", encoding="utf-8")
    page = tmp_path / "new" / "page.html"
    page.parent.mkdir()
    assert link_helper.link(str(previous), str(page))
    render_page(Template("<p>{{ text }}</p>"), {"text": "written again"}, str(page))
    assert page.read_text(encoding="utf-8") == "<p>written again</p>"
    assert previous.read_text(encoding="utf-8") == "<p>kept</p>"
