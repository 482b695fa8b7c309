"""A long list of changes put in order on arrays and made when read.

A year of a province has about 170,000 changes (:func:`queries.timeline.changes`);
making each one and sorting them by date, kind and ids took most of a second,
where the changes page shows 200 of them. :class:`ChangeList` orders the dated
edges' changes on their columns (the ids compared by their rank among the ids
named, so the order is the one the strings give) and makes a change the first
time it is read; the few others (a post's duties, a unit's) come made and
sorted, and are merged in by date and kind.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from typing import Any, Generic, TypeVar

import numpy as np
import numpy.typing as npt

from graph.core import bulk
from graph.made_on_read import MadeOnRead

__all__ = ["ChangeList"]

T = TypeVar("T")
Ints = npt.NDArray[np.int64]


class _Store(Generic[T]):
    """What the lists cut from one :meth:`ChangeList.build` share: the edge rows
    in their order, the others, each item's kind, and the items made so far."""

    __slots__ = ("edges", "kind", "labels", "made", "make", "others")

    def __init__(
        self, edges: Ints, others: Sequence[T], kind: Ints, labels: Sequence[Any], make: Callable[[int], T]
    ) -> None:
        self.edges, self.others, self.kind, self.labels, self.make = edges, others, kind, labels, make
        self.made: list[T | None] = [None] * (len(edges) + len(others))

    @bulk()  # a hundred thousand small objects and no cycles
    def many(self, positions: list[int]) -> list[T]:
        """The items at ``positions``, made now where they were not yet."""
        made, item = self.made, self.item
        return [item(p) if made[p] is None else made[p] for p in positions]  # type: ignore[misc]

    def item(self, position: int) -> T:
        found = self.made[position]
        if found is None:  # two sessions reading it at once make two equal changes: harmless
            n = len(self.edges)
            found = self.made[position] = (
                self.make(int(self.edges[position])) if position < n else self.others[position - n]
            )
        return found


class ChangeList(MadeOnRead[T]):
    """Changes in order (by day, then kind, then ids), each made when first read."""

    __slots__ = ("_at", "_store")

    def __init__(self, store: _Store[T], at: Ints) -> None:
        self._store, self._at = store, at

    @classmethod
    def build(
        cls,
        *,
        day: Ints,
        kind: Ints,
        src: Ints,
        dst: Ints,
        ids: Sequence[str],
        make: Callable[[int], T],
        others: Sequence[T],
        other_keys: Sequence[tuple[int, int]],
        labels: Sequence[Any],
    ) -> ChangeList[T]:
        """The list of edge changes (row ``r``: on ``day[r]``, of kind ``labels[kind[r]]``,
        ids ``(ids[src[r]], ids[dst[r]])``, made by ``make(r)``) and ``others``
        (already in order; ``other_keys``: each one's day and kind number, no kind
        shared with an edge change)."""
        other_day = np.fromiter((d for d, _ in other_keys), np.int64, len(other_keys))
        other_kind = np.fromiter((k for _, k in other_keys), np.int64, len(other_keys))
        if np.isin(other_kind, kind).any():
            raise ValueError("the other changes share a kind with the edges' changes")
        named = np.unique(np.concatenate([src, dst]))
        words = [ids[i] for i in named.tolist()]
        rank = np.empty(len(named), np.int64)
        rank[sorted(range(len(words)), key=words.__getitem__)] = np.arange(len(named))
        edges = np.lexsort(
            (rank[np.searchsorted(named, dst)], rank[np.searchsorted(named, src)], kind, day)
        )  # stable: equal keys keep the order the rows came in
        all_day = np.concatenate([day[edges], other_day])
        all_kind = np.concatenate([kind[edges], other_kind])
        at = np.lexsort((np.arange(len(all_day)), all_kind, all_day))
        return cls(_Store(edges, others, all_kind, labels, make), at)

    def of_kinds(self, kinds: Collection[Any]) -> ChangeList[T]:
        """The changes of ``kinds`` only, in the same order (none made)."""
        numbers = [n for n, label in enumerate(self._store.labels) if label in kinds]
        return ChangeList(self._store, self._at[np.isin(self._store.kind[self._at], numbers)])

    def __len__(self) -> int:
        return len(self._at)

    def _item(self, k: int) -> T:
        return self._store.item(int(self._at[k]))

    def _items(self, ks: list[int]) -> list[T]:
        return self._store.many(self._at[ks].tolist())  # made at once, the collector paused

    def __repr__(self) -> str:
        return f"ChangeList({len(self)} changes)"
