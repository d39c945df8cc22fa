"""Checkers run against a built site: a link crawler, the Nu HTML checker, axe-core and Lighthouse,
and `Tab`, a page in tests/browser.py's Chromium at a chosen window size (for axe, widths, screenshots).

Each checker returns what it found (an empty list when the site passes), so that a test can print
the findings and a positive control can prove the checker finds a broken page.
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import shutil
import subprocess
import time
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urldefrag, urljoin, urlsplit

import requests
from browser import CHROMIUM, HEADLESS_FLAGS
from lxml import html as lxml_html

ROOT = Path(__file__).resolve().parent.parent
NODE_MODULES = ROOT / "node_modules"
VNU_JAR = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
AXE_SCRIPT = NODE_MODULES / "axe-core" / "axe.min.js"
LIGHTHOUSE = NODE_MODULES / ".bin" / "lighthouse"
ARTIFACTS = ROOT / "test-artifacts"

# Debian's chromium (browser.CHROMIUM) as Lighthouse starts it.
LIGHTHOUSE_CHROMIUM_FLAGS = HEADLESS_FLAGS

# Elements whose URL a reader follows or a browser fetches, and the attribute holding it.
LINKING = (
    ("a", "href"),
    ("area", "href"),
    ("link", "href"),
    ("script", "src"),
    ("img", "src"),
    ("img", "srcset"),
    ("source", "src"),
    ("source", "srcset"),
    ("iframe", "src"),
    ("form", "action"),
)
AXE_FAILING_IMPACTS = ("serious", "critical")
CRAWL_TIMEOUT_SECONDS = 10
VNU_TIMEOUT_SECONDS = 300
LIGHTHOUSE_TIMEOUT_SECONDS = 180
LIGHTHOUSE_CATEGORIES = ("performance", "accessibility", "best-practices", "seo")


# --- crawler -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LinkProblem:
    page: str  # the URL of the page holding the link
    element: str  # `<a href="…">`
    target: str  # the resolved URL
    problem: str  # "missing (404)", "escapes /repo/", "no element with id …"

    def __str__(self) -> str:
        return f"{self.page}: {self.element} -> {self.target}: {self.problem}"


@dataclass
class Crawl:
    pages: int  # HTML pages read
    fetched: int  # URLs requested
    problems: list[LinkProblem]


def urls_in(element, attribute: str) -> list[str]:
    value = (element.get(attribute) or "").strip()
    if not value:
        return []
    if attribute == "srcset":
        return [candidate.strip().split(" ")[0] for candidate in value.split(",") if candidate.strip()]
    return [value]


def links_of(document, page_url: str) -> Iterable[tuple[str, str]]:
    """(`<tag attr="value">`, resolved URL) for every link and fetched resource of a page."""
    base = page_url
    for element in document.iter("base"):
        if element.get("href"):
            base = urljoin(page_url, element.get("href"))
            break
    for tag, attribute in LINKING:
        for element in document.iter(tag):
            for value in urls_in(element, attribute):
                yield f'<{tag} {attribute}="{value}">', urljoin(base, value)


def has_anchor(document, fragment: str) -> bool:
    name = unquote(fragment)
    return bool(document.xpath("//*[@id=$name] | //a[@name=$name]", name=name))


def crawl_site(
    site_url: str,
    start_urls: Iterable[str],
    *,
    aliases: Iterable[str] = (),
    wrong_addresses: Iterable[str] = (),
    session: requests.Session | None = None,
) -> Crawl:
    """Follow every link that stays on the site, from the start pages; report what is missing or escapes.

    `site_url` is where the site lives (`http://127.0.0.1:PORT/repo/`): a URL on its host outside that
    path escapes the site. `aliases` are other addresses the pages may use for the site (the SITEURL a
    relative build was made with); they are read as `site_url`. A link starting with one of
    `wrong_addresses` (the development address, in a build for another) is a problem too.
    """
    site_url = site_url if site_url.endswith("/") else site_url + "/"
    site = urlsplit(site_url)
    aliases = [alias if alias.endswith("/") else alias + "/" for alias in aliases]
    wrong_addresses = tuple(wrong_addresses)
    session = session or plain_session()
    problems: list[LinkProblem] = []
    documents: dict[str, object] = {}  # URL without fragment -> parsed HTML, or None when not HTML/missing
    statuses: dict[str, int] = {}
    final_urls: dict[str, str] = {}  # after redirects: what relative links on the page resolve against
    queue = deque(start_urls)
    pages = 0

    def fetch(url: str) -> int:
        if url not in statuses:
            response = session.get(url, timeout=CRAWL_TIMEOUT_SECONDS)
            statuses[url] = response.status_code
            final_urls[url] = response.url
            is_html = "html" in response.headers.get("Content-Type", "")
            documents[url] = lxml_html.fromstring(response.content) if response.ok and is_html else None
            if documents[url] is not None:
                queue.append(url)
        return statuses[url]

    def on_site(url: str) -> str | None:
        """The URL read as one on the served site, or None when it is elsewhere."""
        for alias in aliases:
            if url.startswith(alias):
                return site_url + url[len(alias) :]
            if url == alias.rstrip("/"):
                return site_url
        parts = urlsplit(url)
        return url if (parts.scheme, parts.netloc) == (site.scheme, site.netloc) else None

    for url in list(queue):
        queue.remove(url)
        if fetch(url) != 200:
            problems.append(LinkProblem("(start)", "", url, f"missing ({statuses[url]})"))
    seen_pages: set[str] = set()
    while queue:
        page_url = queue.popleft()
        if page_url in seen_pages:
            continue
        seen_pages.add(page_url)
        pages += 1
        for element, link in links_of(documents[page_url], final_urls[page_url]):
            if urlsplit(link).scheme not in ("http", "https"):
                continue  # mailto:, data:, …
            wrong = next((address for address in wrong_addresses if link.startswith(address)), None)
            if wrong:
                problems.append(LinkProblem(page_url, element, link, f"points at {wrong}"))
                continue
            target = on_site(link)
            if target is None:
                continue
            address, fragment = urldefrag(target)
            if not urlsplit(address).path.startswith(site.path):
                problems.append(LinkProblem(page_url, element, target, f"escapes {site.path}"))
                continue
            status = fetch(address)
            if status != 200:
                problems.append(LinkProblem(page_url, element, target, f"missing ({status})"))
            elif fragment and documents[address] is not None and not has_anchor(documents[address], fragment):
                problems.append(LinkProblem(page_url, element, target, f"no element with id {fragment!r}"))
    return Crawl(pages=pages, fetched=len(statuses), problems=problems)


def plain_session() -> requests.Session:
    session = requests.Session()
    session.trust_env = False  # never through a proxy: the site is on 127.0.0.1
    return session


def page_urls(output: Path, site_url: str) -> list[str]:
    """The URL of every HTML file of a built site served at `site_url`."""
    site_url = site_url if site_url.endswith("/") else site_url + "/"
    urls = []
    for page in sorted(output.rglob("*.html")):
        relative = page.relative_to(output).as_posix()
        urls.append(site_url + relative.removesuffix("index.html"))
    return urls


# --- the Nu HTML checker --------------------------------------------------------------------------------


def vnu_errors(files: list[Path]) -> list[dict]:
    """The Nu HTML checker's errors for these files (vnu.jar from npm, run by the system's Java)."""
    java = shutil.which("java")
    assert java, "Java is missing: .ci/run installs Debian's default-jre-headless"
    assert VNU_JAR.is_file(), f"{VNU_JAR} is missing: run `npm ci --ignore-scripts` (make test does)"
    command = [java, "-jar", str(VNU_JAR), "--errors-only", "--format", "json", *map(str, files)]
    result = subprocess.run(command, capture_output=True, text=True, timeout=VNU_TIMEOUT_SECONDS, check=False)
    # vnu writes its JSON report to standard error, and exits 1 when it found errors.
    try:
        messages = json.loads(result.stderr)["messages"]
    except (ValueError, KeyError):
        raise AssertionError(f"vnu gave no JSON report (exit {result.returncode}): {result.stderr[-2000:]}") from None
    return [message for message in messages if message.get("type") in ("error", "non-document-error")]


def describe_vnu_error(message: dict, root: Path) -> str:
    where = unquote(urlsplit(message.get("url", "")).path)
    where = where.removeprefix(str(root) + "/") if where.startswith(str(root)) else where
    line = message.get("lastLine", "?")
    extract = (message.get("extract") or "").strip().replace("\n", " ")
    return f"{where}:{line}: {message.get('message')} [{extract}]"


# --- axe-core -------------------------------------------------------------------------------------------


def axe_source() -> str:
    assert AXE_SCRIPT.is_file(), f"{AXE_SCRIPT} is missing: run `npm ci --ignore-scripts` (make test does)"
    return AXE_SCRIPT.read_text(encoding="utf-8")


# Evaluated in the page after axe.min.js: every rule axe has, results reduced to what a report needs.
AXE_RUN = """
axe.run(document, {resultTypes: ['violations']}).then((results) => results.violations.map((v) => ({
  id: v.id, impact: v.impact, help: v.help,
  nodes: v.nodes.map((n) => ({target: n.target, html: n.html})),
})))
"""


def axe_violations(tab: Tab) -> list[dict]:
    """axe-core's violations on the page open in the tab (axe.min.js injected, as its README shows)."""
    if not tab.evaluate("typeof axe !== 'undefined'"):
        tab.evaluate(axe_source())
    return tab.evaluate(AXE_RUN)


def serious_violations(violations: list[dict]) -> list[dict]:
    return [violation for violation in violations if violation.get("impact") in AXE_FAILING_IMPACTS]


def describe_violation(page: str, violation: dict) -> str:
    nodes = "; ".join(f"{' '.join(map(str, node['target']))} {node['html'][:120]}" for node in violation["nodes"][:5])
    return f"{page}: {violation['impact']} {violation['id']} ({violation['help']}): {nodes}"


# --- a tab in Chromium (tests/browser.py) ---------------------------------------------------------------

NAVIGATION_TIMEOUT_SECONDS = 20
POLL_SECONDS = 0.05
FULL_PAGE_LIMIT_PX = 8000  # screenshots of longer pages stop there


OVERFLOW_SCRIPT = """
(() => {
  const root = document.documentElement;
  const edge = root.clientWidth;
  const name = (e) => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') +
    (typeof e.className === 'string' && e.className.trim() ? '.' + e.className.trim().split(/\\s+/).join('.') : '');
  const wide = [...document.body.querySelectorAll('*')].filter((e) => e.getBoundingClientRect().right > edge + 0.5);
  return {scrollWidth: root.scrollWidth, clientWidth: edge,
          wide: wide.slice(0, 5).map((e) => `${name(e)} (right edge at ${Math.round(e.getBoundingClientRect().right)} px)`)};
})()
"""


class Tab:
    """One page in a tests/browser.py Chromium at a given window size, to run scripts in and photograph."""

    def __init__(self, browser, width: int, height: int, *, mobile: bool):
        self.browser = browser
        self.target = browser.call("Target.createTarget", {"url": "about:blank"})["targetId"]
        self.session = browser.call("Target.attachToTarget", {"targetId": self.target, "flatten": True})["sessionId"]
        # No domain is enabled: the tab sends no events, which the browser would keep for nobody.
        self.resize(width, height, mobile=mobile)

    def call(self, method: str, params: dict | None = None) -> dict:
        return self.browser.call(method, params, session=self.session)

    def resize(self, width: int, height: int, *, mobile: bool) -> None:
        """A phone's screen (the page's viewport meta applies) or a desktop window of that size."""
        metrics = {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile}
        self.call("Emulation.setDeviceMetricsOverride", metrics)
        self.call("Emulation.setTouchEmulationEnabled", {"enabled": mobile})
        self.settle()

    def prefer_colour_scheme(self, scheme: str) -> None:
        self.call("Emulation.setEmulatedMedia", {"features": [{"name": "prefers-color-scheme", "value": scheme}]})
        self.settle()

    def go(self, url: str) -> None:
        """Open url and wait until its load event has passed and layout has settled."""
        self.evaluate("window.leavingThisPage = true")
        self.call("Page.navigate", {"url": url})
        self.wait_for("!window.leavingThisPage && document.readyState === 'complete'")
        self.settle()

    def settle(self) -> None:
        """Wait for two animation frames, so that layout and style follow the latest change."""
        self.evaluate("new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))")

    def wait_for(self, condition: str, timeout: float = NAVIGATION_TIMEOUT_SECONDS) -> None:
        deadline = time.monotonic() + timeout
        while True:
            try:
                if self.evaluate(f"Boolean({condition})"):
                    return
            except AssertionError:
                pass  # between two documents
            if time.monotonic() > deadline:
                raise AssertionError(f"waited {timeout} s for {condition}")
            time.sleep(POLL_SECONDS)

    def evaluate(self, expression: str):
        params = {"expression": expression, "returnByValue": True, "awaitPromise": True}
        result = self.call("Runtime.evaluate", params)
        if "exceptionDetails" in result:
            details = result["exceptionDetails"]
            raise AssertionError(f"{details.get('exception', {}).get('description') or details.get('text')}")
        return result.get("result", {}).get("value")

    def horizontal_overflow(self) -> dict:
        """The document's scrollWidth and clientWidth (it scrolls sideways when the first is larger), and
        the first elements reaching past its right edge."""
        return self.evaluate(OVERFLOW_SCRIPT)

    def screenshot(self, path: Path) -> None:
        """The whole page (up to FULL_PAGE_LIMIT_PX tall) as a PNG."""
        size = self.call("Page.getLayoutMetrics")["cssContentSize"]
        clip = {"x": 0, "y": 0, "width": size["width"], "height": min(size["height"], FULL_PAGE_LIMIT_PX), "scale": 1}
        shot = self.call("Page.captureScreenshot", {"format": "png", "clip": clip, "captureBeyondViewport": True})
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(base64.b64decode(shot["data"]))

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self.browser.call("Target.closeTarget", {"targetId": self.target})


@contextlib.contextmanager
def open_tab(browser, url: str, width: int = 1280, height: int = 900, *, mobile: bool = False) -> Iterator[Tab]:
    tab = Tab(browser, width, height, mobile=mobile)
    try:
        tab.go(url)
        yield tab
    finally:
        tab.close()


def failed_requests(visit, session: requests.Session, statuses: dict[str, int]) -> list[str]:
    """The requests of a tests/browser.py visit to the page's own host that the server does not answer with 200.

    The visit lists the requests the page made; each is asked again here (once per URL, `statuses`
    remembering the answers) for its status.
    """
    host = urlsplit(visit.url).netloc
    failed = []
    for request in visit.requests:
        if request.host != host or request.method != "GET":
            continue
        address = urldefrag(request.url)[0]
        if address not in statuses:
            statuses[address] = session.get(address, timeout=CRAWL_TIMEOUT_SECONDS).status_code
        if statuses[address] != 200:
            failed.append(f"{request.resource_type} {request.url}: {statuses[address]}")
    return failed


# --- Lighthouse -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class LighthouseResult:
    url: str
    scores: dict[str, float | None]
    shortfalls: list[str]  # the audits that cost points, with their titles
    runtime_error: str | None


def run_lighthouse(url: str, user_data_dir: Path, report_path: Path, *, categories=LIGHTHOUSE_CATEGORIES):
    """Lighthouse's default (mobile) run of one URL in Debian's chromium; the JSON report kept at report_path."""
    assert LIGHTHOUSE.exists(), f"{LIGHTHOUSE} is missing: run `npm ci --ignore-scripts` (make test does)"
    flags = " ".join((*LIGHTHOUSE_CHROMIUM_FLAGS, f"--user-data-dir={user_data_dir}"))
    command = [
        str(LIGHTHOUSE),
        url,
        f"--chrome-flags={flags}",
        f"--only-categories={','.join(categories)}",
        "--output=json",
        f"--output-path={report_path}",
        "--quiet",
        "--no-enable-error-reporting",
    ]
    env = {**os.environ, "CHROME_PATH": CHROMIUM}
    for name in ("http_proxy", "https_proxy", "all_proxy", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY"):
        env.pop(name, None)
    result = subprocess.run(
        command, env=env, capture_output=True, text=True, timeout=LIGHTHOUSE_TIMEOUT_SECONDS, check=False
    )
    assert result.returncode == 0 and report_path.is_file(), f"lighthouse failed on {url}: {result.stderr[-3000:]}"
    return read_lighthouse_report(url, json.loads(report_path.read_text(encoding="utf-8")))


def read_lighthouse_report(url: str, report: dict) -> LighthouseResult:
    scores = {name: category["score"] for name, category in report["categories"].items()}
    shortfalls = []
    for name, category in report["categories"].items():
        for reference in category["auditRefs"]:
            audit = report["audits"][reference["id"]]
            if reference.get("weight") and audit.get("score") is not None and audit["score"] < 1:
                shown = f" ({audit['displayValue']})" if audit.get("displayValue") else ""
                shortfalls.append(f"{name}: {audit['id']} {audit['score']:.2f} {audit['title']}{shown}")
    error = (report.get("runtimeError") or {}).get("message")
    return LighthouseResult(url=url, scores=scores, shortfalls=shortfalls, runtime_error=error)
