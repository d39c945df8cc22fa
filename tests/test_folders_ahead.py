"""The output's folders made ahead of the writer, from the previous build's page manifest, and the
unused ones removed when the writer is done."""

from __future__ import annotations

import json

import pytest
from news_digest.site import folders_ahead
from news_digest.site.incremental import open_for_writing

PREVIOUS_PAGES = (
    "2025/03/01/first-story/index.html",
    "2025/03/02/gone/index.html",
    "tag/rain/index.html",
    "index.html",
)


def write_manifest(path, names) -> str:
    files = {name: ["key", 1, 2, 3] for name in names}
    path.write_text(json.dumps({"format": 1, "files": files}), encoding="utf-8")
    return str(path)


def folder_tree(folder) -> list[str]:
    return sorted(path.relative_to(folder).as_posix() for path in folder.rglob("*") if path.is_dir())


def test_folders_of_lists_each_files_folder_and_every_folder_above_it():
    assert folders_ahead.folders_of(PREVIOUS_PAGES) == {
        "2025",
        "2025/03",
        "2025/03/01",
        "2025/03/01/first-story",
        "2025/03/02",
        "2025/03/02/gone",
        "tag",
        "tag/rain",
    }


def test_the_previous_builds_folders_are_made_and_those_left_empty_removed(tmp_path):
    output, previous = tmp_path / "output", tmp_path / "previous"
    output.mkdir()
    previous.mkdir()
    manifest = write_manifest(tmp_path / "pages.json", PREVIOUS_PAGES)
    folders_ahead.start(str(output), manifest, str(previous))
    folders_ahead.UNDER_WAY[str(output)].wait()
    assert folder_tree(output) == sorted(folders_ahead.folders_of(PREVIOUS_PAGES))

    # This build writes the first story and the home page; the tag's folder holds a file of
    # something else than the writer; the second day's story is gone.
    current = ("2025/03/01/first-story/index.html", "index.html")
    for name in (*current, "tag/rain/picture.jpg"):
        (output / name).write_bytes(b"x")
    folders_ahead.finish(str(output), PREVIOUS_PAGES, current)
    assert folder_tree(output) == ["2025", "2025/03", "2025/03/01", "2025/03/01/first-story", "tag", "tag/rain"]
    assert str(output) not in folders_ahead.UNDER_WAY


@pytest.mark.parametrize("case", ["in place", "no manifest", "unreadable manifest"])
def test_no_folder_is_made_ahead_without_a_separate_output_and_a_manifest(tmp_path, case):
    output = tmp_path / "output"
    output.mkdir()
    previous = output if case == "in place" else tmp_path / "previous"
    manifest = write_manifest(tmp_path / "pages.json", PREVIOUS_PAGES)
    if case == "no manifest":
        manifest = str(tmp_path / "missing.json")
    elif case == "unreadable manifest":
        (tmp_path / "pages.json").write_text("{not json", encoding="utf-8")
    folders_ahead.start(str(output), manifest, str(previous))
    folders_ahead.finish_all()
    assert folder_tree(output) == []


def test_an_empty_folder_where_a_file_is_written_gives_way_and_one_holding_files_does_not(tmp_path):
    empty = tmp_path / "tag" / "rain"
    (empty / "inner").mkdir(parents=True)
    with open_for_writing(str(empty)) as handle:
        handle.write("<p>rain</p>")
    assert empty.read_text(encoding="utf-8") == "<p>rain</p>"

    holding = tmp_path / "tag" / "snow"
    holding.mkdir()
    (holding / "index.html").write_text("<p>snow</p>", encoding="utf-8")
    with pytest.raises(IsADirectoryError):
        open_for_writing(str(holding))
    assert (holding / "index.html").read_text(encoding="utf-8") == "<p>snow</p>"


def test_one_child_makes_the_folders_however_often_the_build_asks(tmp_path):
    output, previous = tmp_path / "output", tmp_path / "previous"
    output.mkdir()
    manifest = write_manifest(tmp_path / "pages.json", PREVIOUS_PAGES)
    folders_ahead.start(str(output), manifest, str(previous))
    ahead = folders_ahead.UNDER_WAY[str(output)]
    folders_ahead.start(str(output), manifest, str(previous))
    assert folders_ahead.UNDER_WAY[str(output)] is ahead
    folders_ahead.finish(str(output), PREVIOUS_PAGES, PREVIOUS_PAGES)
    assert folder_tree(output) == sorted(folders_ahead.folders_of(PREVIOUS_PAGES))
