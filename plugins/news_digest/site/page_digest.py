"""A digest of everything a page's template reads, so that an unchanged page need not be rendered.

Which context variables a template reads is found by Jinja's own analysis of the template and of
every template it includes, extends or imports. A page's digest covers those variables' values,
nothing else: an article page, which reads its article (with its neighbours, story and copies) but
not the list of all articles, keeps its digest when an article elsewhere is added. What only a
branch taken when a variable is missing reads is not counted where it is there (AssumeDefined): a
page of a paginated list reads its page, not the whole list it would fall back on. What every page
shares (settings, theme files, translations, plugin code, library versions) goes into one site
digest. Values are digested by content, never by address: Pelican objects by their attributes (an
article's own, and those of the articles it points to), our objects by their fields.
"""

from __future__ import annotations

import dataclasses
import datetime
import functools
import hashlib
import importlib.metadata
import os
import types
from collections.abc import Mapping

from jinja2 import meta, nodes
from jinja2.visitor import NodeTransformer
from pelican.contents import Content
from pelican.urlwrappers import URLWrapper

from .neighbours import NEIGHBOUR_ATTRIBUTES
from .url_memo import MEMO_ATTRIBUTE

# Attributes of Pelican's content objects that are not part of what a page shows of them: the
# settings and site context (digested once, for the whole site), the source of the metadata
# attributes, and caches.
SKIPPED_ATTRIBUTES = frozenset({"settings", "_context", "metadata", MEMO_ATTRIBUTE, "nd_features"})
# What only a content object's own page shows: the theme's lists, neighbours and stories show other
# articles' titles, summaries, dates and links, never their text, their story or their neighbours.
# So a story's page is not rendered again when one of its articles is edited below its first
# paragraph, nor a tag's page when a new article joins the story of one it lists or follows it from
# its source. A list that shows more of its items says so (ShowingMore).
OWN_PAGE_ATTRIBUTES = frozenset({"_content", "story", *NEIGHBOUR_ATTRIBUTES})
# Texts at least this long are digested once per object (Digester.feed_text).
LONG_TEXT = 512
# How far references are followed: a page's article, the articles it links to, and their URLs.
CONTENT_DEPTH = 2
LIST_ITEM_DEPTH = 1
# Settings that say where and how the build runs, not what it writes: how many processes parse,
# digest and render changes no page, so a build with fewer of them keeps every page.
VOLATILE_SETTINGS = frozenset(
    {"OUTPUT_PATH", "CACHE_PATH", "PATH", "NEWS_DIGEST_PREVIOUS_OUTPUT", "NEWS_DIGEST_WORKERS"}
)
CODE_TYPES = (
    types.FunctionType,
    types.BuiltinFunctionType,
    types.MethodType,
    types.ModuleType,
    functools.partial,
    type,
)
LIBRARIES = ("pelican", "jinja2", "markupsafe", "babel", "feedgenerator", "typogrify", "smartypants")
# Values whose repr() says all there is to them: an object's values of these types are digested in
# one repr() call (C code) rather than one Python call each.
PLAIN_TYPES = frozenset(
    {
        str,
        bytes,
        int,
        float,
        bool,
        type(None),
        datetime.datetime,
        datetime.date,
        datetime.time,
        datetime.timedelta,
    }
)


class ShowingMore(list):
    """A list whose pages show, of each item, attributes that lists leave out (OWN_PAGE_ATTRIBUTES,
    named in `shows`): the home page shows each story's coverage under its latest report. Its digest
    covers them; a slice of it (a page of it) is one too."""

    def __init__(self, items=(), shows: tuple[str, ...] = ()):
        super().__init__(items)
        self.shows = tuple(shows)

    def __getitem__(self, index):
        found = super().__getitem__(index)
        return ShowingMore(found, self.shows) if isinstance(index, slice) else found


def template_variables(
    environment, name: str, seen: dict | None = None, assumed: frozenset[str] = frozenset()
) -> frozenset[str]:
    """The context variables a template and every template it pulls in may read, when the
    variables in `assumed` are defined (see AssumeDefined)."""
    seen = {} if seen is None else seen
    if name in seen:
        return seen[name]
    seen[name] = frozenset()
    source = environment.loader.get_source(environment, name)[0]
    tree = environment.parse(source)
    if assumed:
        tree = AssumeDefined(assumed).visit(tree)
    found = set(meta.find_undeclared_variables(tree))
    for referenced in meta.find_referenced_templates(tree):
        if referenced is None:  # a computed name: any template may be read, so every variable may be
            found.add("*")
        else:
            found |= template_variables(environment, referenced, seen, assumed)
    seen[name] = frozenset(found)
    return seen[name]


def defined_tests(environment, name: str, seen: set | None = None) -> frozenset[str]:
    """The variables a template, or any template it pulls in, asks `is defined` of."""
    seen = set() if seen is None else seen
    if name in seen:
        return frozenset()
    seen.add(name)
    tree = environment.parse(environment.loader.get_source(environment, name)[0])
    found = {test.node.name for test in tree.find_all(nodes.Test) if defined_test_of(test) is not None}
    for referenced in meta.find_referenced_templates(tree):
        if referenced is not None:
            found |= defined_tests(environment, referenced, seen)
    return frozenset(found)


def defined_test_of(node) -> tuple[str, bool] | None:
    """(name, True) for `name is defined`, (name, False) for `name is not defined`, else None."""
    negated = isinstance(node, nodes.Not)
    if negated:
        node = node.node
    plain = isinstance(node, nodes.Test) and not (node.args or node.kwargs or node.dyn_args or node.dyn_kwargs)
    if plain and node.name == "defined" and isinstance(node.node, nodes.Name):
        return node.node.name, not negated
    return None


class AssumeDefined(NodeTransformer):
    """A template's tree as it runs when some variables are defined: `a if x is defined else b`
    becomes `a`, `{% if x is defined %}a{% else %}b{% endif %}` becomes `a` (and the same for `is
    not defined`), so that what only the other branch reads is not counted as read. A paginated
    list page reads its page of articles, not the whole list the unpaginated one falls back on.
    """

    def __init__(self, names: frozenset[str]):
        self.names = names

    def taken(self, test) -> bool | None:
        """Whether a test is true under the assumption; None when it does not say."""
        found = defined_test_of(test)
        if found is None or found[0] not in self.names:
            return None
        return found[1]

    def visit_CondExpr(self, node):
        taken = self.taken(node.test)
        if taken is None:
            return self.generic_visit(node)
        branch = node.expr1 if taken else node.expr2
        return self.visit(branch) if branch is not None else nodes.Const(None)

    def visit_If(self, node):
        taken = self.taken(node.test)
        if taken is None or node.elif_:
            return self.generic_visit(node)
        kept = []
        for child in node.body if taken else node.else_:
            visited = self.visit(child)
            if isinstance(visited, nodes.Node):
                kept.append(visited)
            elif visited is not None:
                kept.extend(visited)
        return kept


def template_sources(environment, names) -> bytes:
    digest = hashlib.blake2b(digest_size=16)
    for name in sorted(names):
        digest.update(name.encode())
        digest.update(environment.loader.get_source(environment, name)[0].encode())
    return digest.digest()


def folder_digest(folder: str) -> bytes:
    """Every file under a folder (the theme: templates, translations, static files)."""
    digest = hashlib.blake2b(digest_size=16)
    for parent, folders, names in os.walk(folder):
        folders.sort()
        for name in sorted(names):
            path = os.path.join(parent, name)
            digest.update(os.path.relpath(path, folder).encode())
            try:
                with open(path, "rb") as handle:
                    digest.update(handle.read())
            except OSError:
                digest.update(b"unreadable")
    return digest.digest()


def library_versions() -> bytes:
    versions = []
    for name in LIBRARIES:
        try:
            versions.append(f"{name}={importlib.metadata.version(name)}")
        except importlib.metadata.PackageNotFoundError:
            versions.append(f"{name}=-")
    return ";".join(versions).encode()


class Digester:
    """Content digests of template values, each object's worked out once per build.

    A value's kind (text, number, list, mapping, Pelican object, dataclass, other object) is found
    from its type once per type, not by a chain of isinstance tests per value: a page's key feeds
    a hundred values or more, and the archive's pages tens of thousands.
    """

    def __init__(self):
        # id -> (object, digest): the object is kept so that its id cannot be reused in this build.
        self._memo: dict[tuple[int, int], tuple[object, bytes]] = {}
        # The same for digest()'s own answer (a hash over the memoized one), likewise kept.
        self._digests: dict[tuple[int, int], tuple[object, bytes]] = {}
        self._feeders: dict[type, object] = {}
        self._field_names: dict[type, tuple[str, ...]] = {}

    def digest(self, value, depth: int = CONTENT_DEPTH) -> bytes:
        """The value's digest. Of a value of a memoized kind (list, mapping, Pelican object,
        dataclass, other object) it is worked out once per object and depth, as the memo is: a
        page's key asks for the same context values on each of tens of thousands of pages."""
        feeder = self.feeder_of(value)
        memoized = getattr(feeder, "memoized", False)
        if memoized:
            key = (id(value), depth)
            known = self._digests.get(key)
            if known is not None and known[0] is value:
                return known[1]
        hasher = hashlib.blake2b(digest_size=16)
        feeder(hasher, value, depth)
        found = hasher.digest()
        if memoized:
            self._digests[key] = (value, found)
        return found

    def remember(self, value, depth: int, digest: bytes) -> None:
        """Take a digest of value worked out elsewhere (another process digesting the same objects)."""
        self._memo[(id(value), depth)] = (value, digest)

    def memoized(self, value, depth: int | str, compute) -> bytes:
        """compute(value, depth), once per object and depth (or another kind of digest, named)."""
        key = (id(value), depth)
        entry = self._memo.get(key)
        if entry is not None and entry[0] is value:
            return entry[1]
        digest = compute(value, depth)
        self._memo[key] = (value, digest)
        return digest

    def feed(self, hasher, value, depth: int) -> None:
        self.feeder_of(value)(hasher, value, depth)

    def feeder_of(self, value):
        kind = type(value)
        feeder = self._feeders.get(kind)
        if feeder is None:
            feeder = self._feeders[kind] = self.feeder_for(value)
        return feeder

    def feeder_for(self, value):
        """How values of this one's type are fed (the type decides: see feed)."""
        if value is None or isinstance(value, (bool, int, float)):
            return self.feed_scalar
        if isinstance(value, str):
            return self.feed_text
        if isinstance(value, bytes):
            return self.feed_bytes
        if isinstance(value, (datetime.datetime, datetime.date, datetime.time, datetime.timedelta)):
            return self.feed_time
        if isinstance(value, ShowingMore):
            return self.memoizing(self.sequence_showing)
        if isinstance(value, (list, tuple)):
            return self.memoizing(self.sequence)
        if isinstance(value, (set, frozenset)):
            return self.feed_set
        if isinstance(value, Mapping):
            return self.memoizing(self.mapping)
        if isinstance(value, (Content, URLWrapper)):
            return self.memoizing(self.content)
        if isinstance(value, CODE_TYPES):  # the code itself is part of the site digest
            return self.feed_code
        if dataclasses.is_dataclass(value):
            return self.memoizing(self.fields)
        if hasattr(value, "__dict__"):
            return self.memoizing(self.attributes)
        return self.feed_other

    def memoizing(self, compute):
        def feed_memoized(hasher, value, depth: int) -> None:
            hasher.update(self.memoized(value, depth, compute))

        feed_memoized.memoized = True
        return feed_memoized

    @staticmethod
    def feed_scalar(hasher, value, depth: int) -> None:
        hasher.update(f"{type(value).__name__}:{value!r};".encode())

    def feed_text(self, hasher, value: str, depth: int) -> None:
        """A text by its bytes; a long one by the digest of its bytes, worked out once per text
        object: an article's text (Pelican's get_content, memoized per article) is an item of every
        feed that lists the article."""
        if len(value) < LONG_TEXT:
            hasher.update(b"s%d:" % len(value))
            hasher.update(value.encode("utf-8", "surrogatepass"))
            return
        hasher.update(b"S" + self.memoized(value, 0, self.text_digest))

    @staticmethod
    def text_digest(value: str, depth: int) -> bytes:
        return hashlib.blake2b(value.encode("utf-8", "surrogatepass"), digest_size=16).digest()

    @staticmethod
    def feed_bytes(hasher, value: bytes, depth: int) -> None:
        hasher.update(b"b%d:" % len(value))
        hasher.update(value)

    @staticmethod
    def feed_time(hasher, value, depth: int) -> None:
        zone = getattr(value, "tzinfo", None)
        hasher.update(f"t:{value.isoformat() if hasattr(value, 'isoformat') else value}|{zone!r};".encode())

    def feed_set(self, hasher, value, depth: int) -> None:
        hasher.update(b"set:" + b"".join(sorted(self.digest(item, depth) for item in value)))

    @staticmethod
    def feed_code(hasher, value, depth: int) -> None:
        name = getattr(value, "__qualname__", None) or getattr(value, "__name__", None) or type(value).__name__
        hasher.update(f"f:{getattr(value, '__module__', '')}.{name};".encode())

    @staticmethod
    def feed_other(hasher, value, depth: int) -> None:
        hasher.update(f"{type(value).__name__}:{value!s};".encode())

    def sequence(self, value, depth: int) -> bytes:
        """A list's items with their own attributes, and what they point to by URL: a list page shows
        each article, not the articles each one links to."""
        hasher = hashlib.blake2b(b"seq%d" % len(value), digest_size=16)
        item_depth = min(depth, LIST_ITEM_DEPTH)
        feed = self.feed
        for item in value:
            feed(hasher, item, item_depth)
        return hasher.digest()

    def sequence_showing(self, value: ShowingMore, depth: int) -> bytes:
        """A list's items as sequence() has them, and the attributes the list also shows of each."""
        hasher = hashlib.blake2b(b"seq+" + ",".join(value.shows).encode(), digest_size=16)
        hasher.update(self.sequence(value, depth))
        item_depth = min(depth, LIST_ITEM_DEPTH)
        for item in value:
            for name in value.shows:
                hasher.update(name.encode() + b"=")
                self.feed(hasher, getattr(item, name, None), item_depth)
        return hasher.digest()

    def mapping(self, value: Mapping, depth: int) -> bytes:
        hasher = hashlib.blake2b(b"map", digest_size=16)
        for key in sorted(value, key=str):
            hasher.update(str(key).encode() + b"=")
            self.feed(hasher, value[key], depth)
        return hasher.digest()

    def content(self, value, depth: int) -> bytes:
        """A Pelican article, page, tag, source or author: its URL (and a tag's, source's or author's
        name, which a page shows wherever it links to one: a list shows each article's tags), and its
        attributes while depth lasts."""
        if depth > 1:
            return self.deep_content(value, depth)
        hasher = hashlib.blake2b(type(value).__name__.encode(), digest_size=16)
        hasher.update(str(getattr(value, "url", "")).encode())
        if isinstance(value, URLWrapper):
            hasher.update(b"name=" + str(value.name).encode("utf-8", "surrogatepass"))
        if depth <= 0:
            return hasher.digest()
        attributes = vars(value)
        names = [
            name
            for name in sorted(attributes)
            if name not in SKIPPED_ATTRIBUTES and not (name in OWN_PAGE_ATTRIBUTES and depth < CONTENT_DEPTH)
        ]
        self.feed_named(hasher, names, [attributes[name] for name in names], depth - 1)
        return hasher.digest()

    def deep_content(self, value, depth: int) -> bytes:
        """What content() at depth 1 covers (its URL, its own values, what it points to by URL: the
        digest every list that shows it uses, worked out once), plus what only its own page shows
        (OWN_PAGE_ATTRIBUTES: its text, story and neighbours) and the objects it points to at
        depth - 1."""
        hasher = hashlib.blake2b(b"deep:" + type(value).__name__.encode(), digest_size=16)
        hasher.update(self.memoized(value, 1, self.content))
        attributes = vars(value)
        for name in sorted(attributes):
            if name in SKIPPED_ATTRIBUTES:
                continue
            item = attributes[name]
            if type(item) in PLAIN_TYPES:
                if name in OWN_PAGE_ATTRIBUTES and depth >= CONTENT_DEPTH:
                    hasher.update(name.encode() + b"=")
                    self.feed(hasher, item, depth - 1)
                continue
            hasher.update(name.encode() + b"=")
            self.feed(hasher, item, depth - 1)
        return hasher.digest()

    def fields(self, value, depth: int) -> bytes:
        kind = type(value)
        names = self._field_names.get(kind)
        if names is None:
            names = self._field_names[kind] = tuple(field.name for field in dataclasses.fields(value))
        hasher = hashlib.blake2b(kind.__qualname__.encode(), digest_size=16)
        self.feed_named(hasher, names, [getattr(value, name) for name in names], depth)
        return hasher.digest()

    def feed_named(self, hasher, names, values, depth: int) -> None:
        """An object's named values: the plain ones in one repr(), the others one by one."""
        plain = []
        for name, value in zip(names, values, strict=True):
            if type(value) in PLAIN_TYPES:
                plain.append(name)
                plain.append(value)
            else:
                hasher.update(name.encode() + b"=")
                self.feed(hasher, value, depth)
        hasher.update(b"plain:" + repr(plain).encode("utf-8", "surrogatepass"))

    def attributes(self, value, depth: int) -> bytes:
        hasher = hashlib.blake2b(type(value).__qualname__.encode(), digest_size=16)
        if depth <= 0:
            return hasher.digest()
        attributes = vars(value)
        for name in sorted(attributes):
            if name.startswith("__") or name in SKIPPED_ATTRIBUTES:
                continue
            hasher.update(name.encode() + b"=")
            self.feed(hasher, attributes[name], depth - 1)
        return hasher.digest()


def settings_digest(digester: Digester, settings: Mapping) -> bytes:
    return digester.digest({key: value for key, value in settings.items() if key not in VOLATILE_SETTINGS}, 1)
