"""Path helpers of plugins/news_digest/files.py."""

from __future__ import annotations

import os

import pytest
from news_digest.files import relative_path

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
