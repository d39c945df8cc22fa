"""Whether a build would write exactly the site already in the output folder, so that it need not run.

A build's output follows from its inputs: every file under the content folder (raw files, sources.yaml,
tags.yaml, pages, images), the settings Pelican reads (the settings file with its -e overrides), the
theme and plugin folders, this project's build tools, the build steps' commands, the Python and
library versions installed, and the locale and time zone of the process. Their digest is recorded
with a digest of the output folder (every file's path, inode, size and modification time) when a build
succeeds; the next build with the same inputs, finding the output exactly as that build left it, has
nothing to do. Any doubt means a build: a setting whose value cannot be told apart from another's (an
object shown by its address), a cache that is off, an output folder changed by hand, or a build whose
reading depended on when it ran (a date in the future, a file dated by its modification time:
the plugin records that in CACHE_PATH/news_digest/build-time.json).

Reading every raw file to digest it took a second at 20,000 files, on every build. A file's digest is
now taken from what an earlier build recorded of it (CACHE_PATH/news_digest/input-digests.json) while
its stamp (device, inode, size, modification and change times) is the same. A stamp is recorded
only once both its times are SETTLED_NS old: a file written again within the clock's resolution, its
stamp unchanged, is read again (the change time cannot be set back by hand, as the modification
time can).
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.metadata
import json
import locale
import os
import sys
import time
from dataclasses import dataclass
from pathlib import Path

STATE_FORMAT = 1
STATE_FOLDER = "news_digest"
BUILD_TIME_FILE = os.path.join("news_digest", "build-time.json")
TOOLS = Path(__file__).resolve().parent
# What of the process environment can change what the build writes.
ENVIRONMENT_VARIABLES = ("LANG", "LANGUAGE", "LC_ALL", "LC_TIME", "LC_CTYPE", "LC_COLLATE", "TZ")
DIGESTS_FILE = os.path.join("news_digest", "input-digests.json")
DIGESTS_FORMAT = 1
# How old a file's modification and change times must be for its stamp to stand for its bytes.
SETTLED_NS = 2_000_000_000


class Unknowable(Exception):
    """An input that cannot be fingerprinted (a setting shown by its address, say): always build."""


class FileDigests:
    """Digests of files' bytes, remembered by their stamps from one build to the next (see the
    module's docstring); without a path, every file is read."""

    def __init__(self, path: Path | None = None):
        self.path = path
        self.known: dict[str, list[str]] = {}
        self.found: dict[str, list[str]] = {}
        self.changed = False
        if path is not None:
            with contextlib.suppress(OSError, ValueError, AttributeError, TypeError, KeyError):
                document = json.loads(path.read_text(encoding="utf-8"))
                if document.get("format") == DIGESTS_FORMAT:
                    self.known = dict(document["files"])

    def of(self, path: str) -> bytes:
        """The digest of the file's bytes (OSError when it cannot be read)."""
        info = os.stat(path)
        stamp = f"{info.st_dev}:{info.st_ino}:{info.st_size}:{info.st_mtime_ns}:{info.st_ctime_ns}"
        known = self.known.get(path)
        if known is not None and known[0] == stamp:
            self.found[path] = known
            return bytes.fromhex(known[1])
        hasher = hashlib.blake2b(digest_size=20)
        with open(path, "rb") as handle:
            while chunk := handle.read(1 << 20):
                hasher.update(chunk)
        value = hasher.digest()
        if time.time_ns() - max(info.st_mtime_ns, info.st_ctime_ns) > SETTLED_NS:
            self.found[path] = [stamp, value.hex()]
            self.changed = True
        return value

    def save(self) -> None:
        """Keep the stamps of the files this build digested (a removed file's go)."""
        if self.path is None or not (self.changed or len(self.found) != len(self.known)):
            return
        document = {"format": DIGESTS_FORMAT, "files": self.found}
        with contextlib.suppress(OSError):
            self.path.parent.mkdir(parents=True, exist_ok=True)
            temporary = self.path.with_name(f"{self.path.name}.{os.getpid()}.tmp")
            temporary.write_text(json.dumps(document, separators=(",", ":")), encoding="utf-8")
            os.replace(temporary, self.path)


def folder_digest(digest, folder: Path | str, digests: FileDigests | None = None) -> None:
    """Every file under folder, links followed (each real folder once), by its path and the digest
    of its bytes."""
    digests = digests or FileDigests()
    folder = Path(folder)
    if not folder.exists():
        digest.update(f"missing:{folder}\0".encode("utf-8", "surrogateescape"))
        return
    if folder.is_file():
        digest.update(folder.read_bytes())
        return
    seen: set[str] = set()
    top = str(folder)
    for parent, folders, names in os.walk(top, followlinks=True):
        real = os.path.realpath(parent)
        if real in seen:
            folders[:] = []
            continue
        seen.add(real)
        folders[:] = sorted(name for name in folders if name != "__pycache__")
        prefix = parent[len(top) + 1 :] + os.sep if parent != top else ""  # os.walk joins names to top
        for name in sorted(names):
            path = os.path.join(parent, name)
            digest.update(f"{prefix}{name}".encode("utf-8", "surrogateescape") + b"\0")
            try:
                digest.update(digests.of(path))
            except OSError as error:
                raise Unknowable(f"{path} cannot be read ({error})") from error
            digest.update(b"\0")


def stable_text(value) -> str:
    """A setting's value as text that is the same in every process, or Unknowable."""

    def default(item):
        if callable(item) and hasattr(item, "__qualname__"):
            return f"{getattr(item, '__module__', '')}.{item.__qualname__}"
        if isinstance(item, (set, frozenset)):
            return sorted(repr(element) for element in item)
        text = repr(item)
        if " at 0x" in text:
            raise Unknowable(f"a setting holds {text}")
        return text

    return json.dumps(value, sort_keys=True, default=default, ensure_ascii=False)


def library_versions() -> str:
    versions = sorted(
        f"{distribution.metadata['Name']}=={distribution.version}"
        for distribution in importlib.metadata.distributions()
    )
    return f"{sys.version}\n" + "\n".join(versions)


def inputs_digest(
    settings: dict,
    settings_file: str | None,
    argv: list[str],
    commands: list[str],
    volatile: tuple[str, ...],
    *,
    digests: FileDigests | None = None,
) -> str:
    """The digest of everything a build's output depends on (see the module's docstring). The
    settings file's folder's Python files are read too: a function a setting names (a Jinja
    filter, say) is known to the settings only by its name."""
    digest = hashlib.blake2b(digest_size=20)
    if settings_file:
        folder = Path(settings_file).resolve().parent
        for path in sorted(folder.glob("*.py")):
            digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    digest.update(library_versions().encode())
    digest.update(stable_text({key: value for key, value in settings.items() if key not in volatile}).encode())
    digest.update(stable_text([argv, commands]).encode())
    digest.update(stable_text({name: os.environ.get(name) for name in ENVIRONMENT_VARIABLES}).encode())
    with contextlib.suppress(locale.Error, ValueError):
        digest.update(repr(locale.setlocale(locale.LC_ALL)).encode())
    for label, folder in (
        ("tools", TOOLS),
        ("content", settings.get("PATH") or "content"),
        ("theme", settings.get("THEME") or ""),
        *(("plugins", path) for path in settings.get("PLUGIN_PATHS") or ()),
    ):
        digest.update(f"\0{label}\0".encode())
        folder_digest(digest, folder, digests)
    return digest.hexdigest()


@dataclass
class TreeFile:
    relative: str
    path: str
    info: os.stat_result  # of the file itself (a link as a link)


def walk_tree(folder: Path, walked: dict[str, list] | None = None) -> list[TreeFile | tuple[str, int]]:
    """Every file under folder (links as themselves, not followed) and, after each folder's files,
    the folder's path and how many folders it holds: what tree_digest digests, in its order.
    walked: what walk_folder gave earlier for some of folder's own folders, by name (parts known not
    to have changed since), taken as they are instead of walking those again."""
    return walk_from(os.fspath(folder), "", {f"{name}/": items for name, items in (walked or {}).items()})


def walk_folder(folder: Path, name: str) -> list[TreeFile | tuple[str, int]]:
    """What walk_tree(folder) holds for its folder `name` and everything below it, in its order."""
    return walk_from(os.path.join(folder, name), f"{name}/", {})


def walk_from(top: str, top_relative: str, walked: dict[str, list]) -> list[TreeFile | tuple[str, int]]:
    items: list[TreeFile | tuple[str, int]] = []
    pending = [(top, top_relative)]
    while pending:
        path, relative = pending.pop()
        if relative in walked:
            items.extend(walked[relative])
            continue
        with os.scandir(path) as listing:
            entries = sorted(listing, key=lambda entry: entry.name)
        folders = []
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                folders.append(entry)
                continue
            items.append(TreeFile(f"{relative}{entry.name}", entry.path, entry.stat(follow_symlinks=False)))
        items.append((f"{relative}/", len(folders)))
        pending.extend((entry.path, f"{relative}{entry.name}/") for entry in reversed(folders))
    return items


def empty_folders(items: list[TreeFile | tuple[str, int]]) -> set[str]:
    """The folders of a walk (walk_tree) holding no file at any depth, relative with a trailing "/"
    (the walked folder itself never)."""
    holding: set[str] = set()
    for item in items:
        if isinstance(item, TreeFile):
            folder = item.relative.rpartition("/")[0]
            while folder and f"{folder}/" not in holding:
                holding.add(f"{folder}/")
                folder = folder.rpartition("/")[0]
    return {item[0][:-1] for item in items if isinstance(item, tuple) and item[0] != "/"} - holding


def without_folders(items: list[TreeFile | tuple[str, int]], folders: set[str]) -> list[TreeFile | tuple[str, int]]:
    """The walk's items as a walk of the tree without those (empty) folders gives them: their entries
    left out, and their parents' counts of folders lowered."""
    removed: dict[str, int] = {}
    for folder in folders:
        parent = folder[:-1].rpartition("/")[0]
        parent = f"{parent}/" if parent else ""
        removed[parent] = removed.get(parent, 0) + 1
    result: list[TreeFile | tuple[str, int]] = []
    for item in items:
        if not isinstance(item, tuple):
            result.append(item)
        elif (relative := item[0][:-1]) not in folders:
            result.append((item[0], item[1] - removed.get(relative, 0)))
    return result


def listing_digest(items: list[TreeFile | tuple[str, int]]) -> str:
    digest = hashlib.blake2b(digest_size=20)
    for item in items:
        if isinstance(item, TreeFile):
            info = item.info
            line = f"{item.relative}\0{info.st_ino}\0{info.st_size}\0{info.st_mtime_ns}\0"
        else:
            line = f"{item[0]}\0{item[1]}\0"
        digest.update(line.encode("utf-8", "surrogateescape"))
    return digest.hexdigest()


def tree_digest(folder: Path) -> str:
    """Every file and folder under folder by its path, inode, size and modification time (links as
    themselves, not followed)."""
    return listing_digest(walk_tree(folder))


def depends_on_build_time(cache: Path) -> bool:
    try:
        document = json.loads((cache / BUILD_TIME_FILE).read_text(encoding="utf-8"))
        return bool(document["depends_on_build_time"])
    except (OSError, ValueError, KeyError, TypeError):
        return True  # not known: as if it did


class BuildState:
    """The last successful build's inputs and output, for one output folder."""

    def __init__(self, cache: Path, output: Path):
        name = hashlib.blake2b(str(output).encode("utf-8", "surrogateescape"), digest_size=8).hexdigest()
        self.path = cache / STATE_FOLDER / f"last-build-{name}.json"
        self.cache = cache
        self.output = output

    def read(self) -> dict:
        try:
            document = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        return document if isinstance(document, dict) and document.get("format") == STATE_FORMAT else {}

    def is_current(self, inputs: str | None) -> bool:
        """True when the last build had these inputs, and the output is still exactly what it wrote."""
        if inputs is None or not self.output.is_dir():
            return False
        recorded = self.read()
        if recorded.get("inputs") != inputs or recorded.get("depends_on_build_time", True):
            return False
        return recorded.get("output") == tree_digest(self.output)

    def forget(self) -> None:
        with contextlib.suppress(OSError):
            self.path.unlink()

    def record(self, inputs: str | None, output: str | None = None) -> None:
        """After a successful build into self.output (inputs None: they could not be known); output,
        its tree_digest when the caller has it."""
        if inputs is None:
            self.forget()
            return
        document = {
            "format": STATE_FORMAT,
            "inputs": inputs,
            "depends_on_build_time": depends_on_build_time(self.cache),
            "output": output or tree_digest(self.output),
        }
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            temporary = self.path.with_name(f"{self.path.name}.{os.getpid()}.tmp")
            temporary.write_text(json.dumps(document) + "\n", encoding="utf-8")
            os.replace(temporary, self.path)
        except OSError:
            self.forget()
