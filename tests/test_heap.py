"""The garbage collector during a build (plugins/news_digest/heap.py): what survives a full
collection is frozen while the build runs, and everything is handed back when it ends."""

from __future__ import annotations

import gc
import weakref

import pytest
from news_digest import heap


class Node:
    def __init__(self):
        self.other = self  # a cycle: only the collector frees it


@pytest.fixture(autouse=True)
def unfrozen():
    gc.unfreeze()
    yield
    gc.unfreeze()


def test_a_full_collection_during_a_build_freezes_what_it_kept_and_the_end_releases_it():
    seen = {}

    def build():
        kept = Node()
        gc.collect()
        seen["frozen"] = gc.get_freeze_count()
        seen["callback"] = heap.freeze_survivors in gc.callbacks
        return weakref.ref(kept)

    survivor = heap.keeping_long_lived(build)()
    assert seen["callback"] and seen["frozen"] > 0
    assert heap.freeze_survivors not in gc.callbacks and not heap.keeping()
    assert gc.get_freeze_count() == 0
    gc.collect()
    assert survivor() is None  # the build's garbage cycle, frozen while it ran, is freed after it


def test_a_failed_build_releases_what_it_froze_too():
    def build():
        gc.collect()
        raise RuntimeError("failed")

    with pytest.raises(RuntimeError):
        heap.keeping_long_lived(build)()
    assert gc.get_freeze_count() == 0 and heap.freeze_survivors not in gc.callbacks


def test_objects_frozen_for_a_fork_stay_frozen_only_during_a_build():
    with heap.frozen_for_fork():
        assert gc.get_freeze_count() > 0
    assert gc.get_freeze_count() == 0

    def build():
        with heap.frozen_for_fork():
            pass
        return gc.get_freeze_count()

    assert heap.keeping_long_lived(build)() > 0
    assert gc.get_freeze_count() == 0


def test_full_collections_come_less_often_during_a_build_and_as_before_after_it():
    before = gc.get_threshold()

    def build():
        return gc.get_threshold()

    during = heap.keeping_long_lived(build)()
    assert during == (*before[:2], max(before[2], heap.FULL_COLLECTION_THRESHOLD))
    assert during[2] > before[2]  # CPython's default, 10: ten times fewer full collections
    assert gc.get_threshold() == before

    def failing():
        raise RuntimeError("failed")

    with pytest.raises(RuntimeError):
        heap.keeping_long_lived(failing)()
    assert gc.get_threshold() == before
