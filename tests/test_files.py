"""Path helpers of plugins/news_digest/files.py."""

from __future__ import annotations

import os

import pytest
from news_digest.files import joined_below, relative_path, root_from
from pelican.utils import get_relative_path, sanitised_join

ROOT_FOLDER = "/srv/site/output"


@pytest.mark.parametrize(
    ("path", "root"),
    [
        (f"{ROOT_FOLDER}/index.html", ROOT_FOLDER),
        (f"{ROOT_FOLDER}/2025/03/31/harbour/index.html", ROOT_FOLDER),
        (f"{ROOT_FOLDER}/2025/index.html", ROOT_FOLDER + "/"),
        (f"{ROOT_FOLDER}/a/../b/index.html", ROOT_FOLDER),
        (f"{ROOT_FOLDER}/./a/index.html", ROOT_FOLDER),
        (f"{ROOT_FOLDER}//a/index.html", ROOT_FOLDER),
        (f"{ROOT_FOLDER}/a/", ROOT_FOLDER),
        (f"{ROOT_FOLDER}/.nojekyll", ROOT_FOLDER),
        (f"{ROOT_FOLDER}/a/..", ROOT_FOLDER),
        (ROOT_FOLDER, ROOT_FOLDER),
        (f"{ROOT_FOLDER}-old/index.html", ROOT_FOLDER),
        ("/srv/elsewhere/index.html", ROOT_FOLDER),
        (f"{ROOT_FOLDER}/x/index.html", "/srv/site/../site/output"),
        ("output/x/index.html", "output"),
        ("/srv/x.html", "/"),
    ],
)
def test_relative_path_is_what_relpath_gives(path, root):
    assert relative_path(path, root) == os.path.relpath(path, root)


@pytest.mark.parametrize(
    "name",
    [
        "index.html",
        "2025/03/31/harbour/index.html",
        "tag/economy/page/2/index.html",
        "feeds/all.atom.xml",
        "a//b/index.html",
        "a/./b.html",
        "./index.html",
        "a/../b.html",
        ".nojekyll",
        "a/.well-known/x",
        "a/",
        "/srv/site/output/inside.html",
        "../outside.html",
        "a/../../outside.html",
        "",
    ],
)
@pytest.mark.parametrize("root", [ROOT_FOLDER, ROOT_FOLDER + "/", "/srv/site/../site/output", "output", "/"])
def test_joined_below_is_what_pelicans_sanitised_join_gives(name, root):
    try:
        expected = sanitised_join(root, name)
    except RuntimeError as refusal:
        with pytest.raises(RuntimeError, match="break out"):
            joined_below(root, name)
        assert "break out" in str(refusal)
        return
    assert joined_below(root, name) == expected


@pytest.mark.parametrize(
    "path",
    [
        "index.html",
        "2025/03/31/harbour/index.html",
        "/2025/index.html",
        "a//b/index.html",
        "a/b/",
        "./a/index.html",
        "a/../b/index.html",
        "/",
        "",
        "feeds/all.atom.xml",
        None,
    ],
)
def test_root_from_is_what_pelicans_get_relative_path_gives(path):
    assert root_from(path) == get_relative_path(path)


def test_one_build_resolves_each_folder_of_the_archive_once(tmp_path, monkeypatch):
    from news_digest import files
    from news_digest.pipeline import IngestOptions

    folder = tmp_path / "content" / "harbour"
    folder.mkdir(parents=True)
    paths = [folder / f"report-{number}.txt" for number in range(3)]
    for path in paths:
        path.write_text("report", encoding="utf-8")
    options = IngestOptions(content_root=str(tmp_path / "content"))  # the content folder is resolved here
    resolved = []
    real = os.path.realpath
    monkeypatch.setattr(files.os.path, "realpath", lambda path, **kw: resolved.append(path) or real(path, **kw))
    for path in paths:
        files.check_inside(str(path), options.confinement)
    assert resolved == [str(folder)]


def test_the_next_build_sees_a_link_that_now_leads_out_of_the_content_folder(tmp_path):
    from news_digest import files
    from news_digest.errors import RejectedFile
    from news_digest.pipeline import IngestOptions

    content, outside = tmp_path / "content", tmp_path / "outside"
    for folder in (content / "kept", outside):
        folder.mkdir(parents=True)
        (folder / "report.txt").write_text("report", encoding="utf-8")
    link = content / "linked"
    link.symlink_to(content / "kept")
    first = IngestOptions(content_root=str(content))
    files.check_inside(str(link / "report.txt"), first.confinement)
    link.unlink()
    link.symlink_to(outside)
    second = IngestOptions(content_root=str(content))
    with pytest.raises(RejectedFile, match="outside the content folder"):
        files.check_inside(str(link / "report.txt"), second.confinement)
