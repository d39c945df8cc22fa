"""Previous and next items within a group (a day, a source): one sort, then adjacent pairs."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from typing import Any, TypeVar

T = TypeVar("T")
# The attributes an article's neighbours are given (pelican_steps.link_neighbours).
NEIGHBOUR_ATTRIBUTES = ("prev_in_day", "next_in_day", "prev_in_source", "next_in_source")


def neighbours(
    items: Sequence[T], group_of: Callable[[T], Hashable], order_of: Callable[[T], Any]
) -> list[tuple[T | None, T | None]]:
    """For each item (in the given order), the item just before it and just after it in its group.

    Groups are ordered by `order_of` (time, say); the first of a group has no previous item and the
    last no next one. Sorting once by (group, order) puts every group's items side by side, so each
    item's neighbours are the adjacent entries: O(n log n), never a scan per item. Group keys must be
    comparable with each other (strings, dates).
    """
    ranked = sorted(range(len(items)), key=lambda index: (group_of(items[index]), order_of(items[index]), index))
    result: list[tuple[T | None, T | None]] = [(None, None)] * len(items)
    for position, index in enumerate(ranked):
        group = group_of(items[index])
        before = ranked[position - 1] if position > 0 else None
        after = ranked[position + 1] if position + 1 < len(ranked) else None
        previous = items[before] if before is not None and group_of(items[before]) == group else None
        following = items[after] if after is not None and group_of(items[after]) == group else None
        result[index] = (previous, following)
    return result
