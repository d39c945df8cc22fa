"""Keyboard shortcuts: one deferred script on every page, its help rendered (and translated) by the
templates, and nothing else that needs JavaScript."""

from __future__ import annotations

import pytest
from lxml import html as lxml_html

pytestmark = pytest.mark.build

SHORTCUT_KEYS = ["j", "k", "n", "p", "/", "g", "h", "?"]


def pages(site):
    return sorted(site.rglob("*.html"))


def test_every_page_loads_the_shortcuts_deferred_and_no_inline_script(published_site):
    for path in pages(published_site):
        page = lxml_html.fromstring(path.read_bytes())
        keys = page.xpath("//script[contains(@src, '/js/keys.js')]")
        assert len(keys) == 1 and keys[0].get("defer") is not None, path
        for script in page.xpath("//script"):
            if script.get("type") == "application/ld+json":
                continue
            assert script.get("src") and not (script.text or "").strip(), path
        assert not page.xpath("//@*[starts-with(name(), 'on')]"), f"{path}: an inline event handler"


def test_the_help_lists_every_shortcut_and_stays_closed(published_site):
    page = lxml_html.fromstring((published_site / "index.html").read_bytes())
    (dialog,) = page.xpath("//dialog[@id='keyboard-help']")
    assert dialog.get("open") is None
    keys = [key.text for key in dialog.xpath(".//dt/kbd")]
    assert keys == SHORTCUT_KEYS
    assert dialog.xpath(".//h2/text()") == ["Keyboard shortcuts"]
    assert len(dialog.xpath(".//dd")) == 5
    # The button that opens it shows only where the script runs.
    assert page.xpath("//footer//p[@class='keyboard-help-open']/@hidden")


def test_what_the_shortcuts_follow_is_on_the_pages(published_site):
    home = lxml_html.fromstring((published_site / "index.html").read_bytes())
    assert home.xpath("//a[@class='site-name']/@href")
    assert home.xpath("//a[@rel='search']/@href")
    assert home.xpath("//main//*[contains(@class, 'item-title')]/a")
    articles = sorted(published_site.glob("20*/*/*/*/index.html"))
    followed = [lxml_html.fromstring(path.read_bytes()).xpath("//*[@rel='next' or @rel='prev']") for path in articles]
    assert any(followed), "no article links a neighbour with rel=next or rel=prev"
