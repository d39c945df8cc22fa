"""Index the built site for search with Pagefind, as a step of the atomic build.

    .venv/bin/python -m tools.search_index OUTPUT [--language zh]

`make html`, `make publish` and `make github` run it on the finished site before it replaces output/
(BUILD_STEPS in the Makefile). It runs the Pagefind binary of PyPI's `pagefind[extended]` — the
extended build, which splits Chinese and Japanese text into words — over OUTPUT, writing the index to
OUTPUT/pagefind/. Only article pages are indexed: the theme marks their <article> with
data-pagefind-body. Then it removes the parts of the bundle the site never loads (Pagefind's
ready-made interfaces; templates/search.html and static/js/search.js are ours) and checks that the
index holds exactly the pages so marked, failing the build otherwise.

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
import json
import logging
import shutil
import subprocess
import sys
from pathlib import Path

from lxml import html as lxml_html
from pagefind_bin_extended import get_executable

LOG_PREFIX = "search index:"
BUNDLE = "pagefind"
INDEX_LANGUAGE = "zh"
PAGE_MARKER = b"data-pagefind-body"
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

logger = logging.getLogger("tools.search_index")


class IndexFailed(Exception):
    pass


def is_marked(page: Path) -> bool:
    content = page.read_bytes()
    return PAGE_MARKER in content and bool(lxml_html.fromstring(content).xpath("//*[@data-pagefind-body]"))


def marked_pages(site: Path) -> list[Path]:
    """The HTML pages the theme marks for the index (an element with data-pagefind-body)."""
    return sorted(path for path in site.rglob("*.html") if path.parent.name != BUNDLE and is_marked(path))


def run_pagefind(site: Path, language: str) -> None:
    command = [str(get_executable()), "--site", str(site), "--output-subdir", BUNDLE, "--force-language", language]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode:
        raise IndexFailed(f"pagefind exited with {result.returncode}:\n{result.stdout}{result.stderr}")


def remove_unused(bundle: Path) -> None:
    for name in UNUSED_BUNDLE_FILES:
        (bundle / name).unlink(missing_ok=True)
    for name in UNUSED_BUNDLE_FOLDERS:
        shutil.rmtree(bundle / name, ignore_errors=True)


def indexed_page_count(bundle: Path) -> int:
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    return sum(language["page_count"] for language in entry["languages"].values())


def bundle_size(bundle: Path) -> int:
    return sum(path.stat().st_size for path in bundle.rglob("*") if path.is_file())


def build_index(site: Path, language: str = INDEX_LANGUAGE) -> int:
    """Index `site` into site/pagefind/; the number of pages indexed."""
    if not site.is_dir():
        raise IndexFailed(f"{site} is not a folder")
    expected = len(marked_pages(site))
    run_pagefind(site, language)
    bundle = site / BUNDLE
    remove_unused(bundle)
    indexed = indexed_page_count(bundle)
    if indexed != expected:
        raise IndexFailed(f"the index holds {indexed} pages, but {expected} pages are marked data-pagefind-body")
    logger.info("%s %d article pages indexed, %s/ is %d bytes", LOG_PREFIX, indexed, BUNDLE, bundle_size(bundle))
    return indexed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.search_index", description=__doc__.split("\n\n")[0])
    parser.add_argument("site", type=Path, help="the built site")
    parser.add_argument("--language", default=INDEX_LANGUAGE, help="the one language the index is built as")
    options = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    try:
        build_index(options.site, options.language)
    except IndexFailed as error:
        logger.error("%s %s", LOG_PREFIX, error)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
