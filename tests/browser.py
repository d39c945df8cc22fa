"""Headless Chromium for page tests, driven over the DevTools protocol on a pipe (no extra package).

`serve_folder(folder)` serves a folder on 127.0.0.1 from a threaded server that records every
request it gets. `Chromium().visit(url)` opens the URL in a fresh tab and returns a `PageVisit`:
the console messages, JavaScript dialogs, scripts compiled (inline ones included), uncaught
exceptions, navigations and every network request with its host. Nothing inside the page is
stubbed or overridden: an `alert()` that runs is a real dialog the browser reports (and accepts,
so the page goes on), and a handler attribute that fires is a script the browser compiled.

Chromium is Debian's (`/usr/bin/chromium`), never downloaded. Every host but 127.0.0.1 resolves
to nothing, so no request leaves the machine; requests to other hosts are still seen and reported.

    with serve_folder(output) as server, Chromium() as browser:
        visit = browser.visit(server.url("index.html"))
        assert not visit.dialogs and not visit.foreign_requests()
"""

from __future__ import annotations

import contextlib
import json
import os
import select
import shutil
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# Headless, and asking nothing of the network but the pages it is sent to (Lighthouse starts it so too).
HEADLESS_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)
CHROMIUM_FLAGS = (
    *HEADLESS_FLAGS,
    "--disable-extensions",
    "--disable-dev-shm-usage",
    "--mute-audio",
    # Every other host resolves to nothing: a page's request to it is seen, and goes nowhere.
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
)
LOCAL_HOST = "127.0.0.1"
# A page is taken to have settled when the browser has reported nothing for this long after its
# load event: long enough for error handlers of failed images and zero-delay timers.
SETTLE_SECONDS = 0.3
VISIT_TIMEOUT_SECONDS = 20
# The domains whose events make up a visit.
DOMAINS = ("Page", "Network", "Runtime", "Debugger", "Log")


def browser_missing() -> str | None:
    """Why no page test can run here, or None when Chromium is installed."""
    return None if os.access(CHROMIUM, os.X_OK) else f"{CHROMIUM} is not installed (apt-get install chromium)"


class BrowserError(RuntimeError):
    pass


@dataclass(frozen=True)
class Request:
    url: str
    method: str
    resource_type: str  # Document, Script, Stylesheet, Image, Font, Fetch, XHR, Other, …

    @property
    def host(self) -> str:
        return urlsplit(self.url).netloc


@dataclass(frozen=True)
class ConsoleMessage:
    level: str  # log, info, warning, error, … for the console API; the level for browser messages
    text: str
    source: str  # "console-api", or the browser's source: "security", "network", "javascript", …


@dataclass(frozen=True)
class Dialog:
    kind: str  # alert, confirm, prompt or beforeunload
    message: str


@dataclass(frozen=True)
class Script:
    url: str  # the script file, or the page's own URL (inline script or handler), or "" (eval)
    line: int


@dataclass
class PageVisit:
    """Everything a page did while it loaded and settled."""

    url: str
    status: int | None = None
    loaded: bool = False
    requests: list[Request] = field(default_factory=list)
    console: list[ConsoleMessage] = field(default_factory=list)
    dialogs: list[Dialog] = field(default_factory=list)
    scripts: list[Script] = field(default_factory=list)
    exceptions: list[str] = field(default_factory=list)
    navigations: list[str] = field(default_factory=list)  # the main frame leaving for another URL
    evaluated: object = None  # what `evaluate` gave, once the page had settled

    def foreign_requests(self, allowed_hosts: set[str] | None = None) -> list[Request]:
        """Requests to any host but the page's own (data: and blob: URLs have none and are listed too)."""
        allowed = allowed_hosts if allowed_hosts is not None else {urlsplit(self.url).netloc}
        return [r for r in self.requests if r.host not in allowed and not r.url.startswith("about:")]

    @property
    def inline_scripts(self) -> list[Script]:
        """Scripts that were not a script file the page fetched: inline, handler, javascript: URL, eval."""
        files = {r.url for r in self.requests if r.resource_type == "Script"}
        return [s for s in self.scripts if s.url not in files]

    @property
    def errors(self) -> list[ConsoleMessage]:
        return [m for m in self.console if m.level == "error"]


# ---------------------------------------------------------------------------------------------
# The server


@dataclass(frozen=True)
class ServedRequest:
    method: str
    path: str
    headers: dict[str, str]


class FolderServer:
    """A folder served over HTTP on 127.0.0.1, each request recorded."""

    def __init__(self, folder: Path, rewrite: Callable[[str, bytes], bytes] | None = None):
        self.folder = Path(folder)
        self.rewrite = rewrite
        self.requests: list[ServedRequest] = []
        self._lock = threading.Lock()
        handler = partial(_Handler, self, directory=str(self.folder))
        self.httpd = ThreadingHTTPServer((LOCAL_HOST, 0), handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self._thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def host(self) -> str:
        return f"{LOCAL_HOST}:{self.port}"

    def url(self, path: str = "") -> str:
        return f"http://{self.host}/{path.lstrip('/')}"

    def record(self, request: ServedRequest) -> None:
        with self._lock:
            self.requests.append(request)

    def start(self) -> FolderServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


class _Handler(SimpleHTTPRequestHandler):
    def __init__(self, server: FolderServer, *args, **kwargs):
        self.folder_server = server
        super().__init__(*args, **kwargs)

    def log_message(self, format, *args):  # the base class prints every request; not here
        pass

    def send_head(self):
        self.folder_server.record(ServedRequest(self.command, self.path, dict(self.headers)))
        rewrite = self.folder_server.rewrite
        path = self.translate_path(self.path)
        if os.path.isdir(path):
            path = os.path.join(path, "index.html")
        if rewrite is None or not path.endswith(".html") or not os.path.isfile(path):
            return super().send_head()
        if os.path.isdir(self.translate_path(self.path)) and not urlsplit(self.path).path.endswith("/"):
            return super().send_head()  # the base class redirects to the path with a slash
        body = rewrite(unquote(urlsplit(self.path).path), Path(path).read_bytes())
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return _BytesFile(body)


class _BytesFile:
    """What send_head returns for do_GET to copy out: a file-like object over bytes."""

    def __init__(self, data: bytes):
        self.data = data

    def read(self, size: int = -1) -> bytes:
        data, self.data = (self.data, b"") if size < 0 else (self.data[:size], self.data[size:])
        return data

    def close(self) -> None:
        pass


@contextlib.contextmanager
def serve_folder(folder: Path, rewrite: Callable[[str, bytes], bytes] | None = None) -> Iterator[FolderServer]:
    """Serve a folder on 127.0.0.1 (a free port) for the duration of the block.

    rewrite(path, body) may change each HTML page as it is served (to strip a header, say).
    """
    server = FolderServer(folder, rewrite).start()
    try:
        yield server
    finally:
        server.stop()


# ---------------------------------------------------------------------------------------------
# The browser


class Chromium:
    """One headless Chromium, spoken to over --remote-debugging-pipe (file descriptors 3 and 4)."""

    def __init__(self, extra_flags: tuple[str, ...] = ()):
        self.extra_flags = extra_flags
        self.process: subprocess.Popen | None = None
        self.profile: str | None = None
        self._next_id = 0
        self._buffer = b""
        self._events: list[dict] = []
        self._responses: dict[int, dict] = {}

    def __enter__(self) -> Chromium:
        missing = browser_missing()
        if missing:
            raise BrowserError(missing)
        self.profile = tempfile.mkdtemp(prefix="news-digest-chromium-")
        to_browser_read, self._to_browser = os.pipe()
        self._from_browser, from_browser_write = os.pipe()

        def give_pipes():  # in the child, before exec: the pipe ends become its fds 3 and 4
            ends = (os.dup(to_browser_read), os.dup(from_browser_write))
            os.dup2(ends[0], 3)
            os.dup2(ends[1], 4)

        self.process = subprocess.Popen(
            [
                CHROMIUM,
                *CHROMIUM_FLAGS,
                *self.extra_flags,
                f"--user-data-dir={self.profile}",
                "--remote-debugging-pipe",
            ],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            pass_fds=(3, 4),
            preexec_fn=give_pipes,  # noqa: PLW1509 -- only dup2, which is safe in the child
        )
        os.close(to_browser_read)
        os.close(from_browser_write)
        self.call("Browser.getVersion")
        return self

    def __exit__(self, *exc) -> None:
        if self.process is not None:
            with contextlib.suppress(BrowserError, OSError):
                self._send("Browser.close")
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        for fd in (self._to_browser, self._from_browser):
            with contextlib.suppress(OSError):
                os.close(fd)
        if self.profile:
            shutil.rmtree(self.profile, ignore_errors=True)

    # -- the protocol: NUL-terminated JSON messages each way

    def _send(self, method: str, params: dict | None = None, session: str | None = None) -> int:
        self._next_id += 1
        message = {"id": self._next_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        os.write(self._to_browser, json.dumps(message).encode() + b"\0")
        return self._next_id

    def _receive(self, timeout: float) -> dict | None:
        deadline = time.monotonic() + timeout
        while b"\0" not in self._buffer:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return None
            ready, _, _ = select.select([self._from_browser], [], [], remaining)
            if not ready:
                return None
            chunk = os.read(self._from_browser, 1 << 20)
            if not chunk:
                raise BrowserError("Chromium closed the pipe (it crashed or quit)")
            self._buffer += chunk
        message, _, self._buffer = self._buffer.partition(b"\0")
        return json.loads(message)

    def _pump(self, timeout: float) -> dict | None:
        """One message: a response is filed by id; an event is kept, and a dialog answered at once."""
        message = self._receive(timeout)
        if message is None:
            return None
        if "id" in message:
            self._responses[message["id"]] = message
        else:
            self._events.append(message)
            if message.get("method") == "Page.javascriptDialogOpening":
                self._send("Page.handleJavaScriptDialog", {"accept": True}, message.get("sessionId"))
        return message

    def call(self, method: str, params: dict | None = None, session: str | None = None, timeout: float = 30) -> dict:
        request = self._send(method, params, session)
        deadline = time.monotonic() + timeout
        while request not in self._responses:
            if time.monotonic() > deadline:
                raise BrowserError(f"{method}: no answer in {timeout} s")
            self._pump(deadline - time.monotonic())
        response = self._responses.pop(request)
        if "error" in response:
            raise BrowserError(f"{method}: {response['error'].get('message')}")
        return response.get("result", {})

    # -- visits

    def visit(
        self,
        url: str,
        settle: float = SETTLE_SECONDS,
        timeout: float = VISIT_TIMEOUT_SECONDS,
        evaluate: str | None = None,
    ) -> PageVisit:
        """Open url in a fresh tab, wait for its load event and for it to settle, and report.

        evaluate: a JavaScript expression run once the page has settled (after everything above
        was recorded, so that it does not count as one of the page's scripts); its JSON value is
        the visit's `evaluated`.
        """
        target = self.call("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = self.call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        try:
            for domain in DOMAINS:
                self.call(f"{domain}.enable", session=session)
            # A `debugger;` statement in a page must not stop it (and this visit) forever.
            self.call("Debugger.setSkipAllPauses", {"skip": True}, session=session)
            self._events = [event for event in self._events if event.get("sessionId") != session]
            navigation = self.call("Page.navigate", {"url": url}, session=session)
            visit = PageVisit(url)
            if navigation.get("errorText"):
                visit.exceptions.append(f"navigation failed: {navigation['errorText']}")
            self._watch(visit, session, navigation.get("frameId"), settle, timeout)
            if evaluate is not None:
                result = self.call("Runtime.evaluate", {"expression": evaluate, "returnByValue": True}, session=session)
                visit.evaluated = result.get("result", {}).get("value")
            return visit
        finally:
            with contextlib.suppress(BrowserError):
                self.call("Target.closeTarget", {"targetId": target})

    def _watch(self, visit: PageVisit, session: str, frame: str | None, settle: float, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        quiet_since = time.monotonic()
        while time.monotonic() < deadline:
            if visit.loaded and time.monotonic() - quiet_since >= settle:
                return
            if self._pump(min(settle, max(0.0, deadline - time.monotonic()))) is not None:
                quiet_since = time.monotonic()
            for event in self._take(session):
                self._record(visit, event, frame)

    def _take(self, session: str) -> list[dict]:
        mine = [event for event in self._events if event.get("sessionId") == session]
        if mine:
            self._events = [event for event in self._events if event.get("sessionId") != session]
        return mine

    @staticmethod
    def _record(visit: PageVisit, event: dict, frame: str | None) -> None:
        method, params = event.get("method"), event.get("params", {})
        if method == "Network.requestWillBeSent":
            request = params["request"]
            visit.requests.append(Request(request["url"], request.get("method", "GET"), params.get("type", "Other")))
        elif method == "Network.responseReceived" and params.get("type") == "Document" and visit.status is None:
            visit.status = params["response"].get("status")
        elif method == "Page.loadEventFired":
            visit.loaded = True
        elif method == "Page.javascriptDialogOpening":
            visit.dialogs.append(Dialog(params.get("type", ""), params.get("message", "")))
        elif method == "Debugger.scriptParsed":
            visit.scripts.append(Script(params.get("url", ""), params.get("startLine", 0)))
        elif method == "Runtime.consoleAPICalled":
            text = " ".join(str(arg.get("value", arg.get("description", ""))) for arg in params.get("args", []))
            visit.console.append(ConsoleMessage(params.get("type", "log"), text, "console-api"))
        elif method == "Log.entryAdded":
            entry = params["entry"]
            visit.console.append(ConsoleMessage(entry.get("level", ""), entry.get("text", ""), entry.get("source", "")))
        elif method == "Runtime.exceptionThrown":
            details = params.get("exceptionDetails", {})
            visit.exceptions.append(details.get("exception", {}).get("description") or details.get("text", ""))
        elif method == "Page.frameRequestedNavigation" and params.get("frameId") == frame:
            visit.navigations.append(params.get("url", ""))
        elif method == "Page.frameNavigated" and params["frame"].get("id") == frame and visit.status is not None:
            url = params["frame"].get("url", "")
            if url != visit.url and url not in visit.navigations:
                visit.navigations.append(url)
