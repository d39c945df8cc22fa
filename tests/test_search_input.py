"""What Pagefind reads of a page (tools/search_input.py): two pages read the same only when they
differ where Pagefind never looks."""

from __future__ import annotations

import pytest

from tools.search_input import CUT, element_tree, indexed_view

PAGE = (
    '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{title}</title>'
    '<link rel="stylesheet" href="style.css"><script src="site.js"></script></head><body>'
    '<header class="site"><a href="./">Harbour Digest</a></header>'
    '<main><article data-pagefind-body data-pagefind-meta="date:2025-03-04">'
    '<h1 data-pagefind-meta="title">{title}</h1>'
    '<dl data-pagefind-ignore><dd><bdi data-pagefind-filter="source">{source}</bdi></dd></dl>'
    "<p>{body}</p>"
    '<aside class="same-story" data-pagefind-ignore><a href="../other/">{story}</a></aside>'
    "{extra}</article>"
    '<nav class="neighbours"><h2>Same day</h2><a href="../next/" rel="next">{next}</a></nav>'
    "{outside}</main><footer>Built today</footer></body></html>"
)
FIELDS = {
    "title": "Cranes stop at the harbour",
    "source": "Bayside Ledger",
    "body": "Dock workers stopped the cranes on Monday.",
    "story": "The same story in French",
    "next": "Ferry timetable changes",
    "extra": "",
    "outside": "",
}


def page(**changes: str) -> bytes:
    return PAGE.format(**{**FIELDS, **changes}).encode()


@pytest.mark.parametrize(
    "changes",
    [
        {"story": "The same story in French, Arabic and Japanese"},  # an ignored aside
        {"next": "Council votes on the port budget"},  # the neighbours, outside the article
        {"outside": "<section><h2>Related</h2><p>More from the harbour</p></section>"},
        {"story": "Other languages", "next": "Another neighbour"},
        {"body": "Dock  workers\n   stopped the cranes\ton Monday."},  # white space read as one space
    ],
)
def test_pages_that_differ_only_where_pagefind_does_not_read_read_the_same(changes):
    assert page(**changes) != page()
    assert indexed_view(page(**changes)) == indexed_view(page())


@pytest.mark.parametrize(
    "changes",
    [
        {"body": "Dock workers stopped the cranes on Tuesday."},  # the indexed text
        {"title": "Cranes restart at the harbour"},  # the h1 and the <title>
        {"source": "Lantern Post"},  # a filter inside an ignored element is still read
        {"extra": "<aside data-pagefind-ignore><img src='crane.jpg' alt=''></aside>"},  # a default image
        {"outside": '<p data-pagefind-meta="author">Port desk</p>'},  # metadata outside the article
        {"outside": '<div><span data-pagefind-filter="desk">Port</span></div>'},  # inside an unmarked element
        {"story": "</aside><p>Text that leaves the aside</p><aside data-pagefind-ignore>"},
    ],
)
def test_pages_that_differ_where_pagefind_reads_do_not(changes):
    assert indexed_view(page(**changes)) != indexed_view(page())


def test_the_same_text_cut_at_another_place_does_not_read_the_same():
    first = b"<html><body><article data-pagefind-body>ab<i data-pagefind-ignore>x</i>c</article></body></html>"
    second = b"<html><body><article data-pagefind-body>a<i data-pagefind-ignore>x</i>bc</article></body></html>"
    assert indexed_view(first) != indexed_view(second)


def test_white_space_reads_as_one_space_only_in_the_text_and_a_cut_without_it_stays_a_cut():
    article = b"<html><body><article data-pagefind-body>%s</article></body></html>"
    spaced = indexed_view(article % b"<p>harbour  cranes</p>\n\n<p>stop</p>")
    assert spaced == indexed_view(article % b"<p>harbour cranes</p> <p>stop</p>")
    assert spaced != indexed_view(article % b"<p>harbour cranes</p><p>stop</p>")  # no space: not the same
    meta = b'<p data-pagefind-meta="author:Port %s desk">x</p>'
    assert indexed_view(article % (meta % b"")) != indexed_view(article % (meta % b" "))  # in a tag: as written
    # A story's aside that appears between two blocks, as the theme writes it: the page reads the same.
    aside = "\n<aside data-pagefind-ignore>\n<p>Same story in: Le Port</p>\n</aside>\n"
    assert indexed_view(page(extra=aside)) == indexed_view(page(extra="\n"))
    ignored = b"<i data-pagefind-ignore>x</i>"
    assert indexed_view(article % (b"ab" + ignored + b"c")) != indexed_view(article % b"abc")
    assert indexed_view(article % (b"ab " + ignored + b"c")) == indexed_view(article % b"ab c")


def test_what_is_cut_is_the_ignored_aside_and_everything_outside_the_article_but_metadata():
    view = indexed_view(page())
    assert b"Dock workers stopped the cranes" in view
    assert b"Bayside Ledger" in view and b"<title>" in view and b'<meta charset="utf-8">' in view
    for left_out in (b"The same story", b"Ferry timetable", b"Harbour Digest", b"Built today", b"style.css"):
        assert left_out not in view
    assert CUT in view


@pytest.mark.parametrize(
    "broken",
    [
        b"<html><body><article data-pagefind-body><p>open</article></body></html>",  # a missing end tag
        b"<html><body><article data-pagefind-body>text</p></article></body></html>",  # a stray one
        b"<html><body><article data-pagefind-body>text</article></body>",  # html never closed
        b"<html><body><article data-pagefind-body>a\0b</article></body></html>",  # holds the cut marker
    ],
)
def test_a_page_whose_tags_do_not_nest_is_read_whole(broken):
    assert indexed_view(broken) == broken


def test_scripts_comments_and_void_elements_nest_as_html_says():
    text = (
        b'<html><head><script>if (a < b) { document.write("</p><div>"); }</script></head><body><!-- <div> -->'
        b'<article data-pagefind-body><p>one<br>two<img src="a.png"/></p></article></body></html>'
    )
    tree = element_tree(text, text.lower())
    assert tree is not None
    html = tree.children[0]
    assert [child.name for child in html.children] == [b"head", b"body"]
    article = html.children[1].children[0]
    assert article.name == b"article"
    assert [child.name for child in article.children[0].children] == [b"br", b"img"]
