"""Which raw files there are, and which may be read: none that lies outside the content folder.

A symbolic link under content/ can point anywhere, ~/.ssh included; what it points to outside the
folder is never opened, so nothing outside the archive can end up on the site.
"""

from __future__ import annotations

import fnmatch
import functools
import os
import re

from pelican.cache import FileStampDataCacher
from pelican.utils import get_relative_path, sanitised_join

from .errors import RejectedFile

RAW_FILE_SUFFIX = ".txt"
# What cannot stand as itself in a one-line name: the escape character, control characters (a
# newline would split a log line), line separators, and bytes that are not UTF-8 (kept by Python
# as lone surrogates, which no UTF-8 file can hold).
UNPRINTABLE_PATTERN = re.compile(r"[\\\x00-\x1f\x7f-\x9f\u2028\u2029\udc80-\udcff]")


def escaped(character: str) -> str:
    code = ord(character)
    if character == "\\":
        return "\\\\"
    if 0xDC80 <= code <= 0xDCFF:  # an undecodable byte, as os.fsdecode keeps it
        return f"\\x{code - 0xDC00:02x}"
    return character.encode("unicode_escape").decode("ascii")


def display_name(path: str) -> str:
    """The path as one printable line that names the file unambiguously, for logs and the report:
    a newline as \\n, a byte that is not UTF-8 as \\xff, a backslash doubled."""
    return UNPRINTABLE_PATTERN.sub(lambda match: escaped(match.group()), path)


@functools.lru_cache(maxsize=64)
def plain_root(root: str) -> str | None:
    """root followed by the separator, when root is absolute and normalized; else None."""
    if os.path.isabs(root) and os.path.normpath(root) == root:
        return root if root.endswith(os.sep) else root + os.sep
    return None


def is_plain(rest: str) -> bool:
    """Whether a relative path has steps only, none empty, none "." or ".." or beginning with a dot."""
    steps = os.sep + rest + os.sep  # each step between two separators
    return bool(rest) and os.sep * 2 not in steps and os.sep + "." not in steps


def relative_path(path: str, root: str) -> str:
    """os.path.relpath(path, root), without its work (both made absolute, split and compared: about
    50 µs, tens of thousands of times a build) when path is plainly below root: root absolute and
    normalized, and the rest of path no "." or ".." step, empty step or name beginning with a dot."""
    prefix = plain_root(root)
    if prefix is not None and path.startswith(prefix) and is_plain(path[len(prefix) :]):
        return path[len(prefix) :]
    return os.path.relpath(path, root)


def joined_below(root: str, name: str) -> str:
    """pelican.utils.sanitised_join(root, name) (the path, made absolute and normalized, refused if
    it leads out of root), without its work when name is plainly below root (as relative_path; an
    absolute name begins with an empty step, so is not plain)."""
    prefix = plain_root(root)
    if prefix is not None and os.sep == "/" and is_plain(name):
        return prefix + name
    return sanitised_join(root, name)


@functools.lru_cache(maxsize=64)
def parent_steps(count: int) -> str:
    return os.curdir if count < 1 else os.path.join(*([os.pardir] * count))


def root_from(path: str) -> str:
    """pelican.utils.get_relative_path(path), the way back from path's folder to the root (".." per
    step but the last, "." for one step or none): its non-empty steps counted rather than split off
    one by one."""
    if os.sep != "/" or os.altsep or not isinstance(path, str):
        return get_relative_path(path)
    return parent_steps(sum(1 for step in path.split("/") if step) - 1)


def is_inside(path: str, root: str) -> bool:
    """True when the file the path leads to, every symbolic link followed, lies under root."""
    return Confinement(root).contains(path)


class Confinement:
    """Which files lie under one root, every symbolic link followed, each folder resolved once.

    Resolving a path follows every link on the way, one system call per part of the path: for a
    whole archive that is most of the time spent checking its files. Here a folder's resolution is
    kept and only the file's own name is looked at again (a link is followed in full). Folders are
    remembered for as long as the object lives: make one per build, as a link changed meanwhile is
    not seen.
    """

    def __init__(self, root: str):
        self.root = os.path.realpath(root)
        self.folders: dict[str, str] = {}

    def real_path(self, path: str) -> str:
        folder, name = os.path.split(os.path.abspath(path))
        if not name or name in {".", ".."} or ".." in path.split(os.sep):
            return os.path.realpath(path)  # ".." goes up from where a link leads: as realpath has it
        real_folder = self.folders.get(folder)
        if real_folder is None:
            real_folder = self.folders[folder] = os.path.realpath(folder)
        candidate = os.path.join(real_folder, name)
        return os.path.realpath(candidate) if os.path.islink(candidate) else candidate

    def contains(self, path: str) -> bool:
        # Both are absolute and resolved (no ".", "..", doubled or trailing separators): a prefix
        # ending at a separator is what commonpath would find.
        real = self.real_path(path)
        return real == self.root or real.startswith(self.root if self.root.endswith(os.sep) else self.root + os.sep)


def check_inside(path: str, confinement: Confinement | None) -> None:
    """Reject a file that a symbolic link leads out of the content folder (`confinement`'s root, kept
    for the build; None: no content folder, nothing to check), without opening it."""
    if confinement is not None and not confinement.contains(path):
        raise RejectedFile(path, "symbolic link to a file outside the content folder (not followed)")


def raw_files(paths: list[str]) -> list[str]:
    """The .txt files named, or found under the folders named, sorted and without duplicates.

    Folders are walked through symbolic links as Pelican walks them, but a folder already walked
    (a link to a parent makes a loop) is not walked again.
    """
    found = set()
    for path in paths:
        if not os.path.isdir(path):
            found.add(path)
            continue
        walked = {os.path.realpath(path)}
        for folder, folders, files in os.walk(path, followlinks=True):
            found.update(os.path.join(folder, name) for name in files if name.endswith(RAW_FILE_SUFFIX))
            unseen = []
            for name in folders:
                real = os.path.realpath(os.path.join(folder, name))
                if real not in walked:
                    walked.add(real)
                    unseen.append(name)
            folders[:] = unseen
    return sorted(found)


def content_files(generator, paths, exclude: list[str] | None = None, extensions=None) -> set[str]:
    """Pelican's Generator.get_files (4.12), walking each folder once.

    Pelican walks content/ with os.walk(followlinks=True), which does not notice a folder link that
    leads back to a parent: one such link makes every file under it read some forty times over
    (until the system refuses the path), two make 2^40 paths, and the build never ends. Installed as
    a generator's get_files, this lists the same files, links followed, loops not.
    """
    exclude = exclude or []
    paths = [paths] if isinstance(paths, str) else paths
    excluded_by_folder: dict[str, set[str]] = {}
    for excluded in exclude:
        parent, name = os.path.split(os.path.join(generator.path, excluded))
        excluded_by_folder.setdefault(parent, set()).add(name)
    ignores = generator.settings["IGNORE_FILES"]
    found = set()
    for path in paths:
        root = os.path.join(generator.path, path) if path else generator.path
        if not os.path.isdir(root):
            if os.path.exists(root) and generator._include_path(path, extensions):
                found.add(path)
            continue
        walked = {os.path.realpath(root)}
        for folder, folders, names in os.walk(root, topdown=True, followlinks=True):
            skipped = excluded_by_folder.get(folder, set())
            kept = []
            for name in folders:
                real = os.path.realpath(os.path.join(folder, name))
                if name in skipped or any(fnmatch.fnmatch(name, ignore) for ignore in ignores) or real in walked:
                    continue
                walked.add(real)
                kept.append(name)
            folders[:] = kept
            relative_folder = os.path.relpath(folder, generator.path)
            for name in names:
                candidate = os.path.join(relative_folder, name)
                if generator._include_path(candidate, extensions):
                    found.add(candidate)
    return found


def no_file_stamp(_filename: str) -> str:
    return ""


def skip_unused_file_stamps(cacher) -> None:
    """Pelican's content cache off (CACHE_CONTENT = False, as here): Pelican still asks each file's
    modification time, twice per layer, to compare it with a cache it never loaded and will never
    save. With nothing loaded and nothing to save, the stamp is compared with nothing: skip the call
    (a second of system calls over 20,000 files). A cache in use keeps its stamps."""
    if isinstance(cacher, FileStampDataCacher) and not cacher._cache_data_policy and not cacher._cache:
        cacher._get_file_stamp = no_file_stamp
