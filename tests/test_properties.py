"""Property-based tests: whatever bytes a raw file holds, decode -> parse -> sanitize either
rejects it with the plugin's one documented error (RejectedFile) or yields an article whose body
keeps to the sanitizer's allowlist and whose fields keep their contracts.

Hypothesis drives arbitrary bytes, arbitrary markup, and mutations of the valid files in
tests/fixtures (bytes flipped, cut, repeated, or hostile snippets spliced in). The examples are
the same on every run (derandomized), so `make test` is repeatable; set HYPOTHESIS_PROFILE=explore
to search with fresh random examples, many more of them.
"""

from __future__ import annotations

import os
import re
import tempfile
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree
from lxml import html as lxml_html
from news_digest.clean import ALLOWED_CLASSES, BODY_ATTRIBUTES, BODY_TAGS, URL_SCHEMES, CleanRules, clean_body
from news_digest.errors import RejectedFile
from news_digest.knowledge import load_knowledge
from news_digest.pipeline import IngestOptions, ingest_file

FIXTURES = Path(__file__).resolve().parent / "fixtures"
settings.register_profile(
    "default",
    derandomize=True,
    database=None,
    deadline=None,
    max_examples=150,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("explore", database=None, deadline=None, max_examples=3000)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

# Valid raw files of every shape, to mutate.
SEED_FILES = sorted(
    path
    for path in [*FIXTURES.glob("shapes/**/*.txt"), *FIXTURES.glob("hostile/base_*.txt")]
    if not path.name.startswith("rejected_")
)
SEEDS = [path.read_bytes() for path in SEED_FILES]
# What hostile files splice in: markup that opens and never closes, scripts, comment and CDATA
# openers, shape signatures, encodings' telltales, control characters.
SNIPPETS = [
    b"<script>alert(1)</script>",
    b"<img src=x onerror=alert(1)>",
    b"<svg onload=alert(1)>",
    b'<a href="javascript:alert(1)">x</a>',
    b"<iframe srcdoc='<script>alert(1)</script>'>",
    b"<style>*{}</style>",
    b"<!--",
    b"-->",
    b"<![CDATA[",
    b"]]>",
    b"<textarea>",
    b"<noscript><p title='</noscript><img src=x onerror=alert(1)>'>",
    b"<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    b"<div>" * 300,
    b"<b id=1>" * 200,
    b"&#",
    b"&amp;" * 50,
    b"\x00",
    b"\xff\xfe",
    b"\xef\xbb\xbf",
    b"\r",
    b"\n------\n",
    b"<!--1610013600000-->\n",
    b"[x](javascript:alert(1))\n",
    b"---\ntitle: [[[\n---\n",
    b"# url = javascript:alert(1)\n",
    b"\xe2\x80\xae",
    b"31/02/2021 25:61",
    b"<!DOCTYPE html><html><head>",
]
MUTATIONS = ("flip", "insert", "delete", "repeat", "splice", "truncate")


@pytest.fixture(scope="module")
def workspace():
    """A content folder whose raw files the examples write (one at a time)."""
    with tempfile.TemporaryDirectory(prefix="news-digest-properties-") as root:
        (Path(root) / "wire").mkdir()
        yield Path(root)


@pytest.fixture(scope="module")
def knowledge():
    return load_knowledge(str(FIXTURES / "shapes" / "sources.yaml"), str(FIXTURES / "shapes" / "tags.yaml"))


def body_problems(body_html: str, images: bool = False) -> list[str]:
    """Whatever in a sanitized body lies outside the allowlist (with hot-linked images, if allowed)."""
    if not body_html.strip():
        return []
    root = lxml_html.fragment_fromstring(body_html, create_parent="div")
    problems = []
    for element in root.iterdescendants():
        if not isinstance(element.tag, str):
            problems.append(f"a {type(element).__name__} node survived")  # a comment or a processing instruction
            continue
        if element.tag not in BODY_TAGS and not (images and element.tag == "img"):
            problems.append(f"<{element.tag}>")
        allowed = BODY_ATTRIBUTES["*"] | BODY_ATTRIBUTES.get(element.tag, set()) | {"class", "rel"}
        problems += [f"<{element.tag} {name}>" for name in element.attrib if name not in allowed]
        for css_class in (element.get("class") or "").split():
            if css_class not in ALLOWED_CLASSES.get(element.tag, set()):
                problems.append(f"<{element.tag} class={css_class}>")
        for name in ("href", "src"):
            value = element.get(name)
            if value is not None and urlsplit(value).scheme.lower() not in {"", *URL_SCHEMES}:
                problems.append(f"<{element.tag} {name}={value[:60]!r}>")
    return problems


SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def article_problems(article) -> list[str]:
    """The contracts every published article keeps, on top of its body's allowlist."""
    problems = body_problems(article.body_html)
    if not article.title or article.title != " ".join(article.title.split()):
        problems.append(f"title {article.title[:60]!r} is empty or not one line")
    if not SLUG_PATTERN.match(article.slug):
        problems.append(f"slug {article.slug!r}")
    if article.url is not None:
        parts = urlsplit(article.url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            problems.append(f"url {article.url[:60]!r}")
    for name in ("published", "fetched", "date"):
        value = getattr(article, name)
        if value is not None and (not isinstance(value, datetime) or value.tzinfo is None):
            problems.append(f"{name} {value!r} is not an aware datetime")
    if article.author is not None and article.author != " ".join(article.author.split()):
        problems.append(f"author {article.author[:60]!r} is not one line")
    return problems


def ingest(data: bytes, workspace: Path, knowledge):
    """The article the bytes make, or None when rejected; any other exception fails the test."""
    path = workspace / "wire" / "example.txt"
    path.write_bytes(data)
    try:
        return ingest_file(str(path), knowledge, IngestOptions(content_root=str(workspace)))
    except RejectedFile:
        return None


def mutate(data: bytes, operations) -> bytes:
    for kind, position, payload in operations:
        at = position % (len(data) + 1)
        if kind == "flip" and data:
            at %= len(data)
            data = data[:at] + bytes([data[at] ^ (payload[0] if payload else 0x80)]) + data[at + 1 :]
        elif kind == "insert":
            data = data[:at] + payload + data[at:]
        elif kind == "delete":
            data = data[:at] + data[at + len(payload) + 1 :]
        elif kind == "repeat":
            data = data[:at] + data[at : at + 64] * (2 + len(payload) % 8) + data[at + 64 :]
        elif kind == "splice":
            data = data[:at] + SNIPPETS[position % len(SNIPPETS)] + data[at:]
        elif kind == "truncate":
            data = data[:at]
    return data


operations = st.lists(
    st.tuples(st.sampled_from(MUTATIONS), st.integers(min_value=0, max_value=1 << 20), st.binary(max_size=24)),
    min_size=1,
    max_size=6,
)


def test_there_are_seeds_of_every_shape():
    assert len(SEED_FILES) >= 12


@given(data=st.binary(max_size=4096))
def test_arbitrary_bytes_are_rejected_or_make_a_safe_article(data, workspace, knowledge):
    article = ingest(data, workspace, knowledge)
    if article is not None:
        assert article_problems(article) == []


@given(seed=st.sampled_from(SEEDS), operations=operations)
def test_mutated_raw_files_are_rejected_or_make_a_safe_article(seed, operations, workspace, knowledge):
    article = ingest(mutate(seed, operations), workspace, knowledge)
    if article is not None:
        assert article_problems(article) == []


@given(
    seed=st.sampled_from(SEEDS),
    snippets=st.lists(st.tuples(st.sampled_from(SNIPPETS), st.floats(min_value=0, max_value=1)), max_size=5),
)
def test_hostile_snippets_anywhere_in_a_valid_file(seed, snippets, workspace, knowledge):
    data = seed
    for snippet, where in snippets:
        at = int(where * len(data))
        data = data[:at] + snippet + data[at:]
    article = ingest(data, workspace, knowledge)
    if article is not None:
        assert article_problems(article) == []


# Markup as sanitizers meet it: tags, attributes and text drawn from what matters to them.
TAG_NAMES = st.sampled_from(
    [
        "p",
        "a",
        "img",
        "script",
        "style",
        "svg",
        "math",
        "iframe",
        "div",
        "b",
        "table",
        "td",
        "form",
        "template",
        "noscript",
        "textarea",
        "title",
        "xmp",
        "select",
        "option",
        "mglyph",
        "mtext",
        "object",
        "base",
        "meta",
    ]
)
ATTRIBUTE_NAMES = st.sampled_from(["href", "src", "onerror", "onload", "style", "srcdoc", "class", "title", "lang"])
ATTRIBUTE_VALUES = st.sampled_from(
    [
        "javascript:alert(1)",
        " JaVaScRiPt:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "x",
        "https://a.example/",
        "&#106;avascript:alert(1)",
        "java\tscript:alert(1)",
        "</noscript><img src=x onerror=alert(1)>",
        "'\"><svg onload=1>",
    ]
)
TEXTS = st.text(alphabet=st.characters(codec="utf-8"), max_size=12) | st.sampled_from(
    ["<", ">", "&", "<!--", "-->", "]]>"]
)


@st.composite
def markup(draw, depth: int = 0) -> str:
    parts = []
    for _ in range(draw(st.integers(min_value=0, max_value=4))):
        if depth < 4 and draw(st.booleans()):
            tag = draw(TAG_NAMES)
            attributes = draw(st.lists(st.tuples(ATTRIBUTE_NAMES, ATTRIBUTE_VALUES), max_size=3))
            rendered = "".join(f' {name}="{value}"' for name, value in attributes)
            closing = f"</{tag}>" if draw(st.booleans()) else ""
            parts.append(f"<{tag}{rendered}>{draw(markup(depth + 1))}{closing}")
        else:
            parts.append(draw(TEXTS))
    return "".join(parts)


@given(fragment=markup(), hotlink=st.booleans())
def test_sanitized_markup_keeps_to_the_allowlist(fragment, hotlink):
    rules = CleanRules(feed_promos=(), tracking_images=(), hotlink_images=hotlink)
    body = clean_body(fragment + "<p>Some words of the article.</p>", "A title", None, None, rules)
    assert body_problems(body.html, images=hotlink) == []
    # What the sanitizer gave reads the same when parsed again (no mutation on a second parse).
    reparsed = lxml_html.fragment_fromstring(body.html or "<p></p>", create_parent="div")
    assert body_problems(etree.tostring(reparsed, encoding="unicode", method="html"), images=hotlink) == []
