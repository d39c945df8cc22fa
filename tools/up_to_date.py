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
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.metadata
import json
import locale
import os
import sys
from pathlib import Path

STATE_FORMAT = 1
STATE_FOLDER = "news_digest"
BUILD_TIME_FILE = os.path.join("news_digest", "build-time.json")
TOOLS = Path(__file__).resolve().parent
# What of the process environment can change what the build writes.
ENVIRONMENT_VARIABLES = ("LANG", "LANGUAGE", "LC_ALL", "LC_TIME", "LC_CTYPE", "LC_COLLATE", "TZ")


class Unknowable(Exception):
    """An input that cannot be fingerprinted (a setting shown by its address, say): always build."""


def folder_digest(digest, folder: Path | str) -> None:
    """Every file under folder, links followed (each real folder once), by its path and bytes."""
    folder = Path(folder)
    if not folder.exists():
        digest.update(f"missing:{folder}\0".encode("utf-8", "surrogateescape"))
        return
    if folder.is_file():
        digest.update(folder.read_bytes())
        return
    seen: set[str] = set()
    for parent, folders, names in os.walk(folder, followlinks=True):
        real = os.path.realpath(parent)
        if real in seen:
            folders[:] = []
            continue
        seen.add(real)
        folders[:] = sorted(name for name in folders if name != "__pycache__")
        for name in sorted(names):
            path = os.path.join(parent, name)
            digest.update(os.path.relpath(path, folder).encode("utf-8", "surrogateescape") + b"\0")
            try:
                with open(path, "rb") as handle:
                    while chunk := handle.read(1 << 20):
                        digest.update(chunk)
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
    settings: dict, settings_file: str | None, argv: list[str], commands: list[str], volatile: tuple[str, ...]
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
        folder_digest(digest, folder)
    return digest.hexdigest()


def tree_digest(folder: Path) -> str:
    """Every file and folder under folder by its path, inode, size and modification time (links as
    themselves, not followed)."""
    digest = hashlib.blake2b(digest_size=20)
    pending = [(os.fspath(folder), "")]
    while pending:
        path, relative = pending.pop()
        with os.scandir(path) as listing:
            entries = sorted(listing, key=lambda entry: entry.name)
        folders = []
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                folders.append(entry)
                continue
            info = entry.stat(follow_symlinks=False)
            digest.update(
                f"{relative}{entry.name}\0{info.st_ino}\0{info.st_size}\0{info.st_mtime_ns}\0".encode(
                    "utf-8", "surrogateescape"
                )
            )
        digest.update(f"{relative}/\0{len(folders)}\0".encode("utf-8", "surrogateescape"))
        pending.extend((entry.path, f"{relative}{entry.name}/") for entry in reversed(folders))
    return digest.hexdigest()


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

    def record(self, inputs: str | None) -> None:
        """After a successful build into self.output (inputs None: they could not be known)."""
        if inputs is None:
            self.forget()
            return
        document = {
            "format": STATE_FORMAT,
            "inputs": inputs,
            "depends_on_build_time": depends_on_build_time(self.cache),
            "output": tree_digest(self.output),
        }
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            temporary = self.path.with_name(f"{self.path.name}.{os.getpid()}.tmp")
            temporary.write_text(json.dumps(document) + "\n", encoding="utf-8")
            os.replace(temporary, self.path)
        except OSError:
            self.forget()
