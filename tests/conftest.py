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


def build_content(content: Path, output: Path, *settings: str) -> subprocess.CompletedProcess:
    """Build a content folder with its own sources.yaml and tags.yaml; `settings` are more KEY=value
    pairs (Pelican keeps only one -e group, so they all go in this one). The build must succeed."""
    result = run_pelican(
        content,
        output,
        "-e",
        f'NEWS_DIGEST_SOURCES="{content / "sources.yaml"}"',
        f'NEWS_DIGEST_TAGS="{content / "tags.yaml"}"',
        *settings,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result


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
    return output, build_content(content, output)


# A title built to end the <script> element that carries an article's JSON-LD, if anything let it.
HOSTILE_TITLE = "Harbour test </script><script>alert(1)</script> & <b>end</b>"
HOSTILE_ARTICLE = f"""<!--1732000000000-->
[{HOSTILE_TITLE}](https://harbourwire.example/business/2024/11/19/escaping-test)
------

<div>19/11/2024 - 10:00</div><p><strong>A test article whose title tries to end the script element that \
carries its metadata.</strong></p><p>Container volumes at the harbour were steady through the week, operators \
said, with transshipment cargo making up most of the boxes handled at the terminals.</p>
"""
PUBLISHED_SITEURL = "https://example.github.io/news-digest"


@pytest.fixture(scope="session")
def published_site(tmp_path_factory):
    """`make publish` for a project site under a sub-path, search index included: the sample content
    plus one article with a hostile title (HOSTILE_TITLE). Returns the output folder."""
    base = tmp_path_factory.mktemp("published")
    content = base / "content"
    shutil.copytree(ROOT / "content", content)
    (content / "harbourwire" / "1732000000000-escaping-test.txt").write_text(HOSTILE_ARTICLE, encoding="utf-8")
    output = base / "output"
    options = f"-e NEWS_DIGEST_SOURCES='\"{content / 'sources.yaml'}\"' NEWS_DIGEST_TAGS='\"{content / 'tags.yaml'}\"'"
    command = ["make", "--no-print-directory", "-C", str(ROOT), "publish", f"INPUTDIR={content}", f"OUTPUTDIR={output}"]
    command.append(f"PELICANOPTS={options}")
    # Not the variables of the `make test` this may run under.
    env = {key: value for key, value in os.environ.items() if key not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL")}
    env["SITEURL"] = PUBLISHED_SITEURL
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600, check=False)
    assert result.returncode == 0, result.stdout[-5000:] + result.stderr[-5000:]
    return output
