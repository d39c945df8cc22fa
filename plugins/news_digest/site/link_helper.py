"""Putting the previous build's files in place for kept pages; run as a script, the helper process of
kept_files.py, which reads batches of files on its standard input and answers each on its standard
output. The standard library only: the helper starts in a few hundredths of a second, and shares no
memory with the build (a forked one would: every page of the build's heap the build then touched
would be copied, some 50,000 pages in an edit's rebuild at 20,000 articles, measured here).

A frame is an 8-byte little-endian length and that many bytes of pickle; a batch is a list of
(source, target, identity), its answer the list of (position, outcome) of the files not linked (see
place); an empty frame ends the helper.
"""

from __future__ import annotations

import os
import pickle
import shutil
import struct
import sys

LINKED = True
HEADER = struct.Struct("<Q")


def link(source: str, target: str) -> bool:
    """source's file at target: linked (True), or copied where it cannot be (False). In a fresh
    build folder that is one system call; a target already there is kept when it is source's file,
    and replaced otherwise. FileNotFoundError when target's folder is not there."""
    try:
        os.link(source, target)
    except FileExistsError:
        if os.path.exists(target) and os.path.samefile(source, target):
            return True
        os.unlink(target)
        return link(source, target)
    except FileNotFoundError:  # no folder for target: the caller's to make
        raise
    except OSError:
        shutil.copy2(source, target)
        return False
    return True


def place(source: str, target: str, identity: list) -> bool | list | None:
    """The previous build's file at target, if it is still the one it wrote (identity: its inode,
    size and modification time): LINKED, or the copy's identity where it could only be copied, or
    None when it is not placed."""
    try:
        info = os.stat(source)
    except OSError:
        return None
    if [info.st_ino, info.st_size, info.st_mtime_ns] != identity:
        return None
    try:
        try:
            linked = link(source, target)
        except FileNotFoundError:  # its folder is not there yet (folders_ahead.py makes most ahead)
            os.makedirs(os.path.dirname(target), exist_ok=True)
            linked = link(source, target)
        if linked:
            return LINKED
        copied = os.stat(target)
    except OSError:
        return None
    return [copied.st_ino, copied.st_size, copied.st_mtime_ns]


def write_frame(descriptor: int, payload: bytes) -> None:
    view = memoryview(HEADER.pack(len(payload)) + payload)
    while view:
        view = view[os.write(descriptor, view) :]


def read_exactly(descriptor: int, size: int) -> bytes:
    chunks, left = [], size
    while left:
        chunk = os.read(descriptor, min(left, 1 << 20))
        if not chunk:
            raise EOFError("the other end of the kept files' pipe closed")
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def read_frame(descriptor: int) -> bytes:
    (size,) = HEADER.unpack(read_exactly(descriptor, HEADER.size))
    return read_exactly(descriptor, size)


def serve(requests: int, answers: int) -> None:
    """Each batch placed and answered, until an empty frame."""
    while payload := read_frame(requests):
        outcomes = []
        for position, (source, target, identity) in enumerate(pickle.loads(payload)):
            outcome = place(source, target, identity)
            if outcome is not LINKED:
                outcomes.append((position, outcome))
        write_frame(answers, pickle.dumps(outcomes, protocol=5))


if __name__ == "__main__":
    serve(sys.stdin.fileno(), sys.stdout.fileno())
