"""Which raw files there are, and which may be read: none that lies outside the content folder.

A symbolic link under content/ can point anywhere, ~/.ssh included; what it points to outside the
folder is never opened, so nothing outside the archive can end up on the site.
"""

from __future__ import annotations

import fnmatch
import os
import re

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


def is_inside(path: str, root: str) -> bool:
    """True when the file the path leads to, every symbolic link followed, lies under root."""
    real_root = os.path.realpath(root)
    return os.path.commonpath([os.path.realpath(path), real_root]) == real_root


def check_inside(path: str, root: str | None) -> None:
    """Reject a file that a symbolic link leads out of the content folder, without opening it."""
    if root and not is_inside(path, root):
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
