"""Sequences whose items are made the first time they are read.

A province's lists run to tens or hundreds of thousands of items (a year's
changes, its changes of holder) where a page shows a few dozen: making each
item costs more than finding them all. :class:`MadeOnRead` gives such a list
its sequence protocol (length, indices, slices, iteration, equality); a subclass says
how many items there are and how to make the ``k``-th, and may make many at
once more cheaply (:meth:`MadeOnRead._items`).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TypeVar, overload

__all__ = ["MadeOnRead"]

T = TypeVar("T")


class MadeOnRead(Sequence[T]):
    """A sequence of ``len(self)`` items, the ``k``-th made by :meth:`_item`."""

    __slots__ = ()

    def __len__(self) -> int:
        raise NotImplementedError

    def _item(self, k: int) -> T:
        """The ``k``-th item (``0 <= k < len(self)``), made if it was not yet."""
        raise NotImplementedError

    def _items(self, ks: list[int]) -> list[T]:
        """The items at ``ks``: one by one unless a subclass knows better."""
        return [self._item(k) for k in ks]

    @overload
    def __getitem__(self, i: int) -> T: ...

    @overload
    def __getitem__(self, i: slice) -> list[T]: ...

    def __getitem__(self, i: int | slice) -> T | list[T]:
        every = range(len(self))  # negative indices, slices and IndexError as a list has them
        if isinstance(i, slice):
            return self._items(list(every[i]))
        return self._item(every[i])

    def __iter__(self) -> Iterator[T]:
        yield from self._items(list(range(len(self))))

    def __eq__(self, other: object) -> bool:
        """Equal to any sequence of equal items in the same order (a list as well)."""
        if not isinstance(other, Sequence):
            return NotImplemented
        return len(self) == len(other) and all(a == b for a, b in zip(self, other, strict=True))

    __hash__ = None  # type: ignore[assignment]
