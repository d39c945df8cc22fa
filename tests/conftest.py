"""Shared paths and the one site build the build tests look at."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("NEWS_DIGEST_SHARED", ROOT.parent / "shared"))
SEEDS = SHARED / "seeds"
CORPUS = SHARED / "corpus"


def needs_shared(path: Path):
    return pytest.mark.skipif(not path.exists(), reason=f"{path} is absent (it lies beside the project only)")


def run_pelican(
    content: Path, output: Path, *extra: str, settings: str = "pelicanconf.py"
) -> subprocess.CompletedProcess:
    """A real build, as `make html` runs it, in a child process."""
    command = [sys.executable, "-m", "pelican", str(content), "-o", str(output), "-s", str(ROOT / settings), *extra]
    env = {**os.environ, "PYTHONPATH": str(ROOT / "plugins")}
    return subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600, check=False)


def run_inspect(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "plugins")}
    command = [sys.executable, "-m", "news_digest", "inspect", *args]
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=600, check=False)


@pytest.fixture(scope="session")
def built_site(tmp_path_factory):
    """The project's own content built once into a temporary folder."""
    base = tmp_path_factory.mktemp("site")
    content = base / "content"
    shutil.copytree(ROOT / "content", content)
    output = base / "output"
    result = run_pelican(
        content,
        output,
        "-e",
        f'NEWS_DIGEST_SOURCES="{content / "sources.yaml"}"',
        f'NEWS_DIGEST_TAGS="{content / "tags.yaml"}"',
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return output, result
