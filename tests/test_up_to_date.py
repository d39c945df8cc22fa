"""The inputs digest (tools/up_to_date.py) taking files' digests from their stamps: the same digest
as reading every file, and a file read again whenever its stamp cannot vouch for its bytes."""

from __future__ import annotations

import builtins
import hashlib
import os

from tools import up_to_date
from tools.up_to_date import FileDigests, folder_digest


def digest_of(folder, digests=None) -> str:
    hasher = hashlib.blake2b(digest_size=20)
    folder_digest(hasher, folder, digests)
    return hasher.hexdigest()


def counting_opens(monkeypatch) -> list[str]:
    opened: list[str] = []
    real_open = builtins.open

    def counted(file, *args, **kwargs):
        opened.append(os.path.basename(str(file)))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(up_to_date, "open", counted, raising=False)
    return opened


def make_content(tmp_path):
    folder = tmp_path / "content"
    (folder / "harbourwire").mkdir(parents=True)
    for name in ("one.txt", "two.txt"):
        (folder / "harbourwire" / name).write_text(f"{name}: harbour volumes hold steady\n", encoding="utf-8")
    return folder


def test_remembered_digests_give_the_digest_of_reading_every_file(tmp_path, monkeypatch):
    folder, store = make_content(tmp_path), tmp_path / "cache" / up_to_date.DIGESTS_FILE
    read = digest_of(folder)
    monkeypatch.setattr(up_to_date, "SETTLED_NS", 0)  # every stamp counts at once
    first = FileDigests(store)
    assert digest_of(folder, first) == read
    first.save()
    opened = counting_opens(monkeypatch)
    assert digest_of(folder, FileDigests(store)) == read
    assert opened == []  # nothing read: every stamp was remembered


def test_a_file_rewritten_with_its_old_size_and_time_is_read_again(tmp_path, monkeypatch):
    folder, store = make_content(tmp_path), tmp_path / "cache" / up_to_date.DIGESTS_FILE
    page = folder / "harbourwire" / "one.txt"
    monkeypatch.setattr(up_to_date, "SETTLED_NS", 0)
    remembered = FileDigests(store)
    before = digest_of(folder, remembered)
    remembered.save()
    info = os.stat(page)
    page.write_text(page.read_text(encoding="utf-8").replace("steady", "stable"), encoding="utf-8")
    os.utime(page, ns=(info.st_atime_ns, info.st_mtime_ns))  # size and modification time as they were
    assert os.stat(page).st_size == info.st_size
    expected = digest_of(folder)
    opened = counting_opens(monkeypatch)
    after = digest_of(folder, FileDigests(store))
    assert after != before and after == expected
    assert opened == ["one.txt"]


def test_a_stamp_is_remembered_only_once_the_file_has_settled(tmp_path):
    folder, store = make_content(tmp_path), tmp_path / "cache" / up_to_date.DIGESTS_FILE
    fresh = FileDigests(store)
    digest_of(folder, fresh)
    assert fresh.found == {}  # written just now: a rewrite within the clock's resolution would not show
    fresh.save()
    assert not store.exists()


def test_a_removed_file_is_forgotten(tmp_path, monkeypatch):
    folder, store = make_content(tmp_path), tmp_path / "cache" / up_to_date.DIGESTS_FILE
    monkeypatch.setattr(up_to_date, "SETTLED_NS", 0)
    first = FileDigests(store)
    digest_of(folder, first)
    first.save()
    (folder / "harbourwire" / "two.txt").unlink()
    second = FileDigests(store)
    digest_of(folder, second)
    second.save()
    assert [os.path.basename(path) for path in FileDigests(store).known] == ["one.txt"]
