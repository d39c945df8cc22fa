"""Article bodies: nothing unsafe survives, nothing that is not the article stays, the text reads as paragraphs."""

from __future__ import annotations

import pytest
from lxml import html as lxml_html
from news_digest.clean import (
    CleanRules,
    clean_body,
    has_promo,
    leaf_blocks,
    may_hold_promo,
    promo_block,
    sanitize,
)
from news_digest.knowledge import load_knowledge
from news_digest.model import Image

RULES = load_knowledge(None, None).clean_rules
HOTLINK_RULES = CleanRules(RULES.feed_promos, RULES.tracking_images, hotlink_images=True)
TITLE = "Le port rouvre après trois jours de grève"
DATE_TEXT = "05/03/2024 - 09:40"
FEEDX_PROMO = (
    '<br><hr><div>获取更多RSS：<br><a href="https://feedx.net" style="color:orange" target="_blank">'
    'https://feedx.net</a> <br><a href="https://feedx.xyz" style="color:orange" target="_blank">'
    "https://feedx.xyz</a><br></div>"
)


def clean(html: str, title: str = TITLE, date_text: str | None = None, lead: str | None = None, rules=RULES):
    return clean_body(html, title, date_text, lead, rules)


# Each: a fragment with an unsafe part, and strings that must not appear anywhere in the output.
UNSAFE = [
    pytest.param('<p>Quai nord.</p><script>alert("quai")</script>', ["<script", "alert"], id="script"),
    pytest.param("<p>Quai nord.</p><style>p { display: none }</style>", ["<style", "display"], id="style"),
    pytest.param(
        '<p>Quai nord.</p><iframe src="https://evil.example/"></iframe>', ["<iframe", "evil.example"], id="iframe"
    ),
    pytest.param(
        '<p>Quai nord.</p><iframe srcdoc="&lt;script&gt;alert(1)&lt;/script&gt;"></iframe>',
        ["srcdoc", "<iframe", "alert"],
        id="iframe-srcdoc",
    ),
    pytest.param('<div srcdoc="&lt;b&gt;x&lt;/b&gt;">Quai nord.</div>', ["srcdoc"], id="srcdoc-attribute"),
    pytest.param(
        '<p>Quai nord.</p><object data="https://evil.example/x.swf"><param name="a" value="b"></object>',
        ["<object", "<param", "x.swf"],
        id="object",
    ),
    pytest.param('<p>Quai nord.</p><embed src="https://evil.example/x.swf">', ["<embed", "x.swf"], id="embed"),
    pytest.param(
        '<p>Quai nord.</p><form action="https://evil.example/"><input name="q"><button>OK</button></form>',
        ["<form", "<input", "<button", "OK", "evil.example"],
        id="form",
    ),
    pytest.param(
        '<p onclick="steal()" onmouseover="steal()">Quai nord.</p>',
        ["onclick", "onmouseover", "steal"],
        id="event-attributes",
    ),
    pytest.param(
        '<p>Quai nord.</p><p>Voir <img src="https://img.example.org/a.jpg" onerror="steal()"></p>',
        ["onerror", "steal"],
        id="img-onerror",
    ),
    pytest.param(
        '<p>Quai nord. <a href="javascript:alert(1)">Lire</a></p>', ["javascript", "alert"], id="javascript-href"
    ),
    pytest.param(
        '<p>Quai nord. <a href="JaVaScRiPt:alert(1)">Lire</a></p>',
        ["javascript", "alert"],
        id="javascript-href-mixed-case",
    ),
    pytest.param(
        '<p>Quai nord. <a href="jav&#x09;ascript:alert(1)">Lire</a></p>',
        ["ascript", "alert"],
        id="javascript-href-with-tab-entity",
    ),
    pytest.param(
        '<p>Quai nord. <a href="data:text/html;base64,PHNjcmlwdD4=">Lire</a></p>', ["data:", "base64"], id="data-href"
    ),
    pytest.param('<p>Quai nord.</p><img src="data:image/png;base64,iVBORw0KGgo=">', ["data:", "base64"], id="data-img"),
    pytest.param(
        '<meta http-equiv="refresh" content="0;url=https://evil.example/"><p>Quai nord.</p>',
        ["<meta", "refresh", "evil.example"],
        id="meta-refresh",
    ),
    pytest.param(
        '<p>Quai nord.</p><svg onload="steal()"><circle r="4"/></svg>', ["<svg", "onload", "steal"], id="svg-onload"
    ),
    pytest.param('<base href="https://evil.example/"><p>Quai nord.</p>', ["<base", "evil.example"], id="base"),
    pytest.param(
        '<p style="background: url(javascript:steal())">Quai nord.</p>',
        ["style", "javascript", "steal"],
        id="style-attribute",
    ),
    pytest.param("<p>Quai nord.<!-- <script>steal()</script> --></p>", ["<!--", "steal"], id="comment"),
]


@pytest.mark.parametrize(("fragment", "forbidden"), UNSAFE)
def test_unsafe_markup_never_survives_clean_body(fragment, forbidden):
    for rules in (RULES, HOTLINK_RULES):
        body = clean(fragment, rules=rules)

        for needle in forbidden:
            assert needle.lower() not in body.html.lower()
            assert needle.lower() not in body.text.lower()
        assert "Quai nord." in body.text


@pytest.mark.parametrize(("fragment", "forbidden"), UNSAFE)
def test_unsafe_markup_never_survives_sanitize(fragment, forbidden):
    output = sanitize(fragment).lower()

    for needle in forbidden:
        assert needle.lower() not in output


def test_links_get_a_safe_rel():
    body = clean('<p>Voir <a href="https://portnews.example/quai">le quai</a>.</p>')

    assert '<a href="https://portnews.example/quai" rel="noopener noreferrer nofollow">le quai</a>' in body.html


def test_feed_service_promo_footer_is_removed():
    html = "<p>Les dockers ont voté la reprise du travail.</p><p>Les navires entrent au port.</p>" + FEEDX_PROMO

    body = clean(html)

    assert body.html == "<p>Les dockers ont voté la reprise du travail.</p><p>Les navires entrent au port.</p>"
    assert "RSS" not in body.text
    assert "feedx" not in body.html


def test_feed_service_promo_inside_the_article_wrapper_is_removed():
    html = '<div class="article"><p>Les dockers ont voté la reprise du travail.</p>' + FEEDX_PROMO + "</div>"

    body = clean(html)

    assert "feedx" not in body.html
    assert "<hr" not in body.html
    assert body.text == "Les dockers ont voté la reprise du travail."


def fragment(html: str):
    return lxml_html.fragment_fromstring(html, create_parent="div")


@pytest.mark.parametrize(
    "html",
    [
        pytest.param("<p>Fin.</p><div><p>获取更多RSS</p></div>", id="in-the-text"),
        pytest.param('<p>Fin.</p><div><a href="https://feedx.net/x">ici</a></div>', id="in-a-link"),
        pytest.param('<p>Fin.</p><div><p><a href="RSS">flux</a> Get more </p></div>', id="across-text-and-link"),
    ],
)
def test_a_promo_anywhere_inside_is_one_the_root_may_hold(html):
    root = fragment(html)

    assert any(has_promo(element, RULES.feed_promos) for element in root.iterdescendants())
    assert may_hold_promo(root, RULES.feed_promos)


def test_no_promo_inside_is_seen_from_the_root():
    root = fragment('<p>Les dockers ont voté.</p><div><a href="https://port.example/">Get more news</a></div>')

    assert not may_hold_promo(root, RULES.feed_promos)
    assert promo_block(root, RULES.feed_promos) is None


def test_the_promo_block_is_the_smallest_element_holding_the_promo_widened_to_a_lone_wrapper():
    root = fragment("<div><p>Les dockers ont voté.</p><section><div><p>获取更多RSS</p></div></section></div>")

    assert promo_block(root, RULES.feed_promos).tag == "section"


def test_leaf_blocks_are_blocks_with_text_and_no_block_inside():
    root = fragment(
        '<div><p>Un <b>quai</b>.</p><ul><li>Deux</li><li> </li></ul></div><p><a href="x">lien</a></p>'
        '<span><a href="y">seul</a></span>'
    )

    leaves = [(element.tag, text) for element, text in leaf_blocks(root)]

    assert leaves == [("p", "Un quai."), ("li", "Deux"), ("p", "lien"), ("a", "seul")]


@pytest.mark.parametrize(
    "pixel",
    [
        pytest.param('<img src="https://stats.example/hit.gif" width="1" height="1">', id="1x1"),
        pytest.param('<img src="https://stats.example/hit.gif" width="1px" height="1px">', id="1x1-px"),
        pytest.param('<img src="https://feeds.example/pixel.gif?id=42">', id="pixel-in-url"),
    ],
)
def test_tracking_pixel_is_removed_and_never_the_lead_image(pixel):
    html = pixel + "<p>Les dockers ont voté la reprise du travail.</p>" + pixel

    body = clean(html)

    assert body.image is None
    assert "stats.example" not in body.html
    assert "pixel" not in body.html
    assert "<figure" not in body.html


def test_tracking_pixel_before_a_real_picture_leaves_the_picture_as_lead():
    html = (
        '<img src="https://stats.example/hit.gif" width="1" height="1">'
        '<img src="https://img.example.org/quai.jpg" alt="Le quai nord au matin">'
        "<p>Les dockers ont voté la reprise du travail.</p>"
    )

    body = clean(html)

    assert body.image == Image("https://img.example.org/quai.jpg", "Le quai nord au matin")


def test_leading_date_div_equal_to_the_date_text_is_removed():
    html = f"<div>{DATE_TEXT}</div><p>Les dockers ont voté la reprise du travail.</p>"

    body = clean(html, date_text=DATE_TEXT)

    assert "05/03/2024" not in body.html
    assert body.text == "Les dockers ont voté la reprise du travail."


def test_time_element_is_removed():
    html = '<p><time datetime="2024-03-05T09:40:00+01:00">5 mars 2024</time></p><p>Les dockers ont voté.</p>'

    body = clean(html, date_text="2024-03-05T09:40:00+01:00")

    assert "<time" not in body.html
    assert "mars" not in body.text
    assert body.text == "Les dockers ont voté."


def test_date_in_running_text_is_kept():
    html = f"<p>La grève a commencé le {DATE_TEXT} et a duré trois jours.</p>"

    body = clean(html, date_text=DATE_TEXT)

    assert body.text == f"La grève a commencé le {DATE_TEXT} et a duré trois jours."


def test_h1_repeating_the_title_is_removed():
    html = f"<h1>{TITLE}</h1><p>Les dockers ont voté la reprise du travail.</p>"

    body = clean(html)

    assert TITLE not in body.html
    assert TITLE not in body.text
    assert "<h1" not in body.html


def test_other_h1_becomes_h2():
    html = "<h1>Ce que disent les dockers</h1><p>Les dockers ont voté la reprise du travail.</p>"

    body = clean(html)

    assert "<h1" not in body.html
    assert "<h2>Ce que disent les dockers</h2>" in body.html


def test_lead_image_is_returned_and_no_img_remains_without_hotlinking():
    html = (
        '<img src="https://img.example.org/quai.jpg" alt="Le quai nord au matin">'
        "<p>Les dockers ont voté la reprise du travail.</p>"
        '<p>Plus tard, <img src="https://img.example.org/grue.jpg" alt="Une grue"> les grues ont repris.</p>'
        '<figure><img src="https://img.example.org/cargo.jpg"><figcaption>Un cargo à quai</figcaption></figure>'
    )

    body = clean(html)

    assert body.image == Image("https://img.example.org/quai.jpg", "Le quai nord au matin")
    assert "<img" not in body.html
    assert "quai.jpg" not in body.html  # the lead image is shown apart, not twice
    assert '<a href="https://img.example.org/cargo.jpg" rel="noopener noreferrer nofollow">Un cargo à quai</a>' in (
        body.html
    )


def test_lead_image_caption_comes_from_its_figcaption():
    html = (
        '<figure><img src="https://img.example.org/quai.jpg" alt="photo">'
        "<figcaption>Le quai nord au matin</figcaption></figure>"
        "<p>Les dockers ont voté la reprise du travail.</p>"
    )

    body = clean(html)

    assert body.image == Image("https://img.example.org/quai.jpg", "Le quai nord au matin")
    assert "Le quai nord au matin" not in body.html


def test_hotlinked_images_stay_as_img_without_referrer():
    html = (
        "<p>Les dockers ont voté la reprise du travail.</p>"
        '<p><img src="https://img.example.org/grue.jpg" alt="Une grue"></p>'
    )

    body = clean(html, rules=HOTLINK_RULES)

    assert 'src="https://img.example.org/grue.jpg"' in body.html
    assert 'referrerpolicy="no-referrer"' in body.html
    assert 'loading="lazy"' in body.html


def test_figcaption_is_kept_but_not_part_of_the_text():
    html = (
        "<p>Les dockers ont voté la reprise du travail.</p>"
        '<figure class="nd-missing-image"><figcaption>Un cargo à quai</figcaption></figure>'
        "<p>Les navires entrent au port.</p>"
    )

    body = clean(html)

    assert "<figcaption>Un cargo à quai</figcaption>" in body.html
    assert "cargo" not in body.text
    assert body.text == "Les dockers ont voté la reprise du travail.\n\nLes navires entrent au port."


def test_paragraphs_are_separated_by_a_blank_line():
    html = (
        "<p>Les dockers ont voté la reprise du travail.</p>"
        "<div>Les navires entrent au port.<br>Le trafic reprend demain.</div>"
        "<ul><li>Quai nord</li><li>Quai sud</li></ul>"
        "<blockquote>Nous avons obtenu gain de cause.</blockquote>"
    )

    body = clean(html)

    assert body.text == (
        "Les dockers ont voté la reprise du travail.\n\n"
        "Les navires entrent au port.\n\n"
        "Le trafic reprend demain.\n\n"
        "Quai nord\n\n"
        "Quai sud\n\n"
        "Nous avons obtenu gain de cause."
    )


def test_inline_markup_does_not_split_a_paragraph():
    body = clean("<p>Les <strong>dockers</strong> ont <em>voté</em> la <a href='https://a.example/'>reprise</a>.</p>")

    assert body.text == "Les dockers ont voté la reprise."


def test_paragraph_repeated_twice_in_a_row_is_kept_once():
    html = (
        "<p>Les dockers ont voté la reprise du travail.</p>"
        "<p>Les dockers ont voté la reprise du travail.</p>"
        "<p>Les navires entrent au port.</p>"
    )

    body = clean(html)

    assert body.html.count("Les dockers ont voté") == 1
    assert body.text == "Les dockers ont voté la reprise du travail.\n\nLes navires entrent au port."


def test_paragraph_repeated_later_is_kept_both_times():
    html = "<p>Le port rouvre.</p><p>Les navires entrent.</p><p>Le port rouvre.</p>"

    body = clean(html, title="Grève")

    assert body.text == "Le port rouvre.\n\nLes navires entrent.\n\nLe port rouvre."


def test_bold_first_paragraph_is_the_summary():
    html = (
        "<p><strong>Le port de commerce a rouvert ce matin après trois jours de grève.</strong></p>"
        "<p>Les dockers ont voté la reprise du travail.</p>"
    )

    body = clean(html)

    assert body.summary == "Le port de commerce a rouvert ce matin après trois jours de grève."
    assert body.text.startswith("Le port de commerce a rouvert")


def test_partly_bold_first_paragraph_is_not_the_lead_but_still_the_summary():
    html = "<p><strong>Marseille.</strong> Le port a rouvert ce matin.</p><p>Les dockers ont voté.</p>"

    body = clean(html)

    assert body.summary == "Marseille. Le port a rouvert ce matin."


def test_given_lead_is_the_summary():
    body = clean("<p>Les dockers ont voté.</p>", lead="Le port a rouvert.")

    assert body.summary == "Le port a rouvert."


def test_empty_body_gives_empty_text():
    body = clean("")

    assert body.text == ""
    assert body.summary == ""
    assert body.image is None


def test_relative_links_point_to_the_publisher_not_into_our_site():
    fragment = (
        '<p>See <a href="/news/1">the earlier report</a>, <a href="next.html">the follow-up</a>, '
        '<a href="#top">the top</a> and <a href="https://elsewhere.example/a">another site</a>.</p>'
    )
    rules = CleanRules((), ())
    body = clean_body(fragment, "Title", None, None, rules, base_url="https://pub.example/world/story.html")
    assert 'href="https://pub.example/news/1"' in body.html
    assert 'href="https://pub.example/world/next.html"' in body.html
    assert 'href="https://elsewhere.example/a"' in body.html
    assert "#top" not in body.html and "the top" in body.html
    unknown = clean_body(fragment, "Title", None, None, rules)
    assert "/news/1" not in unknown.html and "next.html" not in unknown.html
    assert "the earlier report" in unknown.text
