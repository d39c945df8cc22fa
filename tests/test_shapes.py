"""Raw files of every shape, each beside the JSON of what must come out of it.

A case is `tests/fixtures/shapes/**/<case>.txt` plus `<case>.json`; adding a case means adding two files.
Every key present in the JSON is checked, nothing else:

- `status` / `reason`: "rejected" and the exact RejectedFile reason (a rejected case has no other keys);
- `title`, `url`, `shape`, `published` and `fetched` (ISO strings), `lang`, `source_id`, `source_domain`,
  `author`, `summary`, `tags` (list of ids), `image` ({"url", "caption"} or null): compared exactly;
- `body_text_contains`, `body_text_excludes`, `body_html_excludes`, `body_html_contains`: lists of substrings;
- `warnings`: the exact list; `warnings_contain`: substrings each found in some warning;
- `raw_has_crlf`, `raw_starts_with_bom`: the fixture file itself still has the bytes it tests;
- `xfail`: a reason; the case documents a plugin bug and must fail until the bug is fixed.

Files in a folder named after a source id in sources.yaml take that source's zone and language.
"""

from __future__ import annotations

import codecs
import json
from pathlib import Path

import pytest
from news_digest.errors import RejectedFile
from news_digest.knowledge import load_knowledge
from news_digest.metadata import iso
from news_digest.pipeline import IngestOptions, ingest_file

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "shapes"
EXACT_FIELDS = (
    "title",
    "url",
    "shape",
    "published",
    "published_precision",
    "fetched",
    "lang",
    "source_id",
    "source_domain",
    "author",
    "summary",
    "tags",
    "image",
)
SUBSTRING_FIELDS = {
    "body_text_contains": ("body_text", True),
    "body_text_excludes": ("body_text", False),
    "body_html_contains": ("body_html", True),
    "body_html_excludes": ("body_html", False),
}
KNOWN_KEYS = {
    "status",
    "reason",
    "warnings",
    "warnings_contain",
    "raw_has_crlf",
    "raw_starts_with_bom",
    "xfail",
    *EXACT_FIELDS,
    *SUBSTRING_FIELDS,
}


def cases():
    for path in sorted(FIXTURES.glob("**/*.txt")):
        expected_path = path.with_suffix(".json")
        expected = json.loads(expected_path.read_text(encoding="utf-8")) if expected_path.exists() else None
        case_id = str(path.relative_to(FIXTURES).with_suffix(""))
        marks = []
        if expected and expected.get("xfail"):
            marks.append(pytest.mark.xfail(reason=expected["xfail"], strict=True))
        yield pytest.param(path, expected, id=case_id, marks=marks)


def observed(article) -> dict:
    return {
        "title": article.title,
        "url": article.url,
        "shape": article.shape,
        "published": iso(article.published),
        "published_precision": article.published_precision,
        "fetched": iso(article.fetched),
        "lang": article.lang,
        "source_id": article.source.id,
        "source_domain": article.source.domain,
        "author": article.author,
        "summary": article.summary,
        "tags": list(article.tags),
        "image": {"url": article.image.url, "caption": article.image.caption} if article.image else None,
        "body_text": article.body_text,
        "body_html": article.body_html,
        "warnings": list(article.warnings),
    }


def mismatches(got: dict, expected: dict) -> list[str]:
    problems = []
    for key in EXACT_FIELDS:
        if key in expected and got[key] != expected[key]:
            problems.append(f"{key}: expected {expected[key]!r}, got {got[key]!r}")
    for key, (field, wanted) in SUBSTRING_FIELDS.items():
        for needle in expected.get(key, []):
            if (needle in got[field]) != wanted:
                problems.append(f"{field} {'lacks' if wanted else 'contains'} {needle!r}")
    if "warnings" in expected and got["warnings"] != expected["warnings"]:
        problems.append(f"warnings: expected {expected['warnings']!r}, got {got['warnings']!r}")
    for needle in expected.get("warnings_contain", []):
        if not any(needle in warning for warning in got["warnings"]):
            problems.append(f"no warning mentions {needle!r}; warnings: {got['warnings']!r}")
    return problems


@pytest.fixture(scope="module")
def knowledge():
    return load_knowledge(str(FIXTURES / "sources.yaml"), str(FIXTURES / "tags.yaml"))


def test_there_are_enough_cases():
    assert len(list(FIXTURES.glob("**/*.txt"))) >= 16


@pytest.mark.parametrize(("path", "expected"), list(cases()))
def test_shape_case(path, expected, knowledge):
    assert expected is not None, f"{path.with_suffix('.json')} is missing"
    assert set(expected) <= KNOWN_KEYS, f"unknown keys {set(expected) - KNOWN_KEYS}"
    raw = path.read_bytes()
    if "raw_has_crlf" in expected:
        assert (b"\r\n" in raw) is expected["raw_has_crlf"], "the fixture's line endings were changed"
    if "raw_starts_with_bom" in expected:
        assert raw.startswith(codecs.BOM_UTF8) is expected["raw_starts_with_bom"], "the fixture's BOM was changed"

    if expected.get("status") == "rejected":
        with pytest.raises(RejectedFile) as rejection:
            ingest_file(str(path), knowledge, IngestOptions())
        assert rejection.value.reason == expected["reason"]
        return

    article = ingest_file(str(path), knowledge, IngestOptions())

    assert mismatches(observed(article), expected) == []
