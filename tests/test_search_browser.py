"""The search page and the keyboard shortcuts in headless Chromium (tests/browser.py), on a `make html`
site served under a sub-path (/repo/): nothing of Pagefind loads before the reader focuses the box,
then a Chinese and a Vietnamese query list the right articles, with links under the sub-path."""

from __future__ import annotations

import json
import os
import subprocess
import time

import pytest
from browser import Chromium, browser_missing, serve_folder
from conftest import ROOT

pytestmark = [pytest.mark.build, pytest.mark.skipif(browser_missing() is not None, reason=str(browser_missing()))]

SUB_PATH = "repo"
# A bound on waiting for the page to answer, not a measurement.
WAIT_SECONDS = 20


@pytest.fixture(scope="module")
def served_site(tmp_path_factory):
    """`make html` (relative links, search index) into <tmp>/repo, served from <tmp> by a local server."""
    base = tmp_path_factory.mktemp("served")
    content = ROOT / "content"
    options = f"-e NEWS_DIGEST_SOURCES='\"{content / 'sources.yaml'}\"' NEWS_DIGEST_TAGS='\"{content / 'tags.yaml'}\"'"
    command = ["make", "--no-print-directory", "-C", str(ROOT), "html", f"OUTPUTDIR={base / SUB_PATH}"]
    command.append(f"PELICANOPTS={options}")
    env = {key: value for key, value in os.environ.items() if key not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL")}
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600, check=False)
    assert result.returncode == 0, result.stdout[-5000:] + result.stderr[-5000:]
    with serve_folder(base) as server, Chromium() as browser:
        yield server, browser, base / SUB_PATH


class Tab:
    """One page in the browser, driven by script evaluation and real key presses."""

    def __init__(self, browser: Chromium, url: str):
        self.browser = browser
        self.target = browser.call("Target.createTarget", {"url": "about:blank"})["targetId"]
        self.session = browser.call("Target.attachToTarget", {"targetId": self.target, "flatten": True})["sessionId"]
        self.browser.call("Page.enable", session=self.session)
        self.go(url)

    def go(self, url: str) -> None:
        self.browser.call("Page.navigate", {"url": url}, session=self.session)
        self.wait_for("document.readyState === 'complete' && location.href === " + json.dumps(url))

    def evaluate(self, expression: str):
        result = self.browser.call(
            "Runtime.evaluate",
            {"expression": expression, "returnByValue": True, "awaitPromise": True},
            session=self.session,
        )
        if "exceptionDetails" in result:
            raise AssertionError(f"{expression}: {result['exceptionDetails']}")
        return result["result"].get("value")

    def wait_for(self, condition: str):
        deadline = time.monotonic() + WAIT_SECONDS
        while time.monotonic() < deadline:
            try:
                value = self.evaluate(condition)
            except AssertionError:
                value = None  # the page is between documents
            if value:
                return value
            time.sleep(0.05)
        raise AssertionError(f"still not true after {WAIT_SECONDS} s: {condition}")

    def press(self, key: str) -> None:
        for kind in ("keyDown", "keyUp"):
            event = {"type": kind, "key": key}
            if kind == "keyDown":
                event["text"] = key
            self.browser.call("Input.dispatchKeyEvent", event, session=self.session)

    def close(self) -> None:
        self.browser.call("Target.closeTarget", {"targetId": self.target})


def pagefind_requests(server) -> list[str]:
    """Paths of Pagefind's files the server was asked for (the page's and its worker's)."""
    return [request.path for request in server.requests if "pagefind" in request.path]


def wait_until(condition) -> None:
    deadline = time.monotonic() + WAIT_SECONDS
    while not condition():
        assert time.monotonic() < deadline, f"still not true after {WAIT_SECONDS} s"
        time.sleep(0.05)


def search(tab: Tab, query: str) -> list[dict]:
    tab.evaluate(
        f"document.getElementById('search-query').value = {json.dumps(query)};"
        "document.getElementById('search-form').requestSubmit()"
    )
    # The list is busy from the submission until its results are drawn.
    tab.wait_for("document.getElementById('search-results').getAttribute('aria-busy') === 'false'")
    return tab.evaluate(
        "[...document.querySelectorAll('#search-results .item')].map((item) => ({"
        "href: item.querySelector('a').getAttribute('href'),"
        "lang: item.querySelector('.item-title').lang,"
        "title: item.querySelector('a').textContent}))"
    )


def test_the_search_page_loads_nothing_of_pagefind_until_focused(served_site):
    server, browser, _ = served_site
    visit = browser.visit(server.url(f"{SUB_PATH}/search/"))
    assert visit.loaded and visit.status == 200
    assert not [request.url for request in visit.requests if "pagefind" in request.url]
    assert not visit.errors and not visit.exceptions and not visit.foreign_requests()
    assert not visit.inline_scripts


def test_chinese_and_vietnamese_queries_find_their_articles(served_site):
    server, browser, site = served_site
    tab = Tab(browser, server.url(f"{SUB_PATH}/search/"))
    try:
        assert tab.wait_for("!document.getElementById('search-form').hidden")
        assert not pagefind_requests(server)
        tab.evaluate("document.getElementById('search-query').focus()")
        wait_until(lambda: any("/wasm." in path for path in pagefind_requests(server)))
        bundle = pagefind_requests(server)
        assert all(path.startswith(f"/{SUB_PATH}/pagefind/") for path in bundle), bundle

        chinese = search(tab, "星舰试飞")
        assert [result["lang"] for result in chinese] == ["zh-Hans"]
        assert "星舰" in chinese[0]["title"]
        vietnamese = search(tab, "tàu điện")
        assert vietnamese and {result["lang"] for result in vietnamese} == {"vi"}
        for result in chinese + vietnamese:
            assert result["href"].startswith(f"/{SUB_PATH}/20")
            assert (site / result["href"].removeprefix(f"/{SUB_PATH}/") / "index.html").is_file()
        assert search(tab, "zqxjvkw") == []
        assert "zqxjvkw" in tab.evaluate("document.getElementById('search-status').textContent")
        assert tab.evaluate("location.search") == "?q=zqxjvkw"
    finally:
        tab.close()


def test_a_link_to_a_search_runs_it_with_its_filter(served_site):
    server, browser, _ = served_site
    tab = Tab(browser, server.url(f"{SUB_PATH}/search/?q=Parler&language=Ti%E1%BA%BFng+Vi%E1%BB%87t"))
    try:
        tab.wait_for("document.querySelectorAll('#search-results .item').length > 0")
        langs = tab.evaluate("[...document.querySelectorAll('#search-results .item-title')].map((h) => h.lang)")
        assert langs == ["vi"]
        assert tab.evaluate("document.querySelector('select[name=language]').value") == "Tiếng Việt"
    finally:
        tab.close()


def test_keyboard_shortcuts(served_site):
    server, browser, site = served_site
    tab = Tab(browser, server.url(f"{SUB_PATH}/"))
    try:
        assert tab.evaluate("!document.querySelector('.keyboard-help-open').hidden")
        tab.press("j")
        first = tab.evaluate("document.activeElement.closest('.item-title') !== null && document.activeElement.href")
        assert first
        tab.press("j")
        tab.press("k")
        assert tab.evaluate("document.activeElement.href") == first
        tab.press("?")
        assert tab.evaluate("document.getElementById('keyboard-help').open")
        tab.press("?")
        assert not tab.evaluate("document.getElementById('keyboard-help').open")
        tab.press("/")
        tab.wait_for(f"location.pathname === '/{SUB_PATH}/search/'")
        tab.wait_for("document.readyState === 'complete'")
        tab.press("/")
        assert tab.wait_for("document.activeElement.id === 'search-query'")

        article = next(path for path in sorted(site.glob("20*/*/*/*/index.html")) if b'rel="prev"' in path.read_bytes())
        tab.go(server.url(f"{SUB_PATH}/{article.parent.relative_to(site).as_posix()}/"))
        before = tab.evaluate("location.href")
        previous = tab.evaluate("document.querySelector('a[rel~=prev]').href")
        tab.press("p")
        tab.wait_for(f"location.href === {json.dumps(previous)}")
        assert previous != before
        tab.wait_for("document.readyState === 'complete'")
        tab.press("g")
        tab.press("h")
        tab.wait_for(f"location.pathname === '/{SUB_PATH}/'")
    finally:
        tab.close()
