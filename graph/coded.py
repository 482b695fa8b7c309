"""Node attribute columns of few distinct values, kept as small integer codes.

A province's 1.8 million duties carry a kind, a category, a frequency, a
template's bound role … each one of a handful (or a few thousand) of values.
As a Python list such a column costs 8 bytes a row for the pointers alone,
and every snapshot read rebuilds the list. :class:`Coded` keeps one code per
row in the narrowest unsigned integer type that holds them, and the values
once; reading a row gives the same value object as the list would have.
Code 0 is always None, so the codes are also what the scans compare
(:func:`queries.columns.codes`).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any, overload

import numpy as np
import numpy.typing as npt

__all__ = ["Coded", "coded", "coded_parts"]

#: At most this share of a column's rows may be distinct values for it to be coded.
DISTINCT_SHARE = 0.25


class Coded(Sequence[Any]):
    """A column as ``codes`` (one per row) into ``values`` (``values[0]`` is None)."""

    __slots__ = ("_at", "codes", "values")

    def __init__(self, codes: npt.NDArray[np.unsignedinteger[Any]], values: list[Any]) -> None:
        self.codes, self.values = codes, values
        self._at = codes.data  # one row read as a Python int, not a NumPy scalar

    @overload
    def __getitem__(self, row: int) -> Any: ...

    @overload
    def __getitem__(self, row: slice) -> list[Any]: ...

    def __getitem__(self, row: int | slice) -> Any:
        if isinstance(row, slice):
            values = self.values
            return [values[c] for c in self.codes[row].tolist()]
        return self.values[self._at[row]]

    def __len__(self) -> int:
        return len(self.codes)

    def __iter__(self) -> Iterator[Any]:
        return map(self.values.__getitem__, self.codes.tolist())

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Coded | list):
            return len(self) == len(other) and all(a == b for a, b in zip(self, other, strict=True))
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __reduce__(self) -> tuple[Any, ...]:
        return (Coded, (self.codes, self.values))

    def __repr__(self) -> str:
        return f"Coded({len(self)} rows, {len(self.values) - 1} values)"


def coded_parts(head: Sequence[Any], of_group: Sequence[Any], group_of: npt.NDArray[np.integer[Any]]) -> Sequence[Any]:
    """``coded(column)`` of the column ``head`` followed by ``of_group[g]`` for
    each ``g`` in ``group_of`` (a province's duty instances take most fields
    from their clause), without making that column when it is coded: the
    groups' values are coded once and picked per row as an array. The same
    codes, values and width as :func:`coded` gives the whole column."""
    n = len(head) + len(group_of)
    if not n:
        return []
    groups, first = np.unique(group_of, return_index=True)
    in_order = groups[np.argsort(first, kind="stable")].tolist()  # as the rows first name them
    whole = [*head, *(of_group[g] for g in in_order)]  # each distinct value, in the order of its first row
    try:
        distinct = dict.fromkeys(whole)
    except TypeError:  # an unhashable value
        distinct = None
    if distinct is not None:
        distinct.pop(None, None)
    if distinct is None or len(distinct) > n * DISTINCT_SHARE or len({type(v) for v in distinct}) > 1:
        return [*head, *map(of_group.__getitem__, group_of.tolist())]
    values = [None, *distinct]
    index = {v: i for i, v in enumerate(values)}
    head_codes = np.fromiter(map(index.__getitem__, head), dtype=np.uint32, count=len(head))
    group_codes = np.zeros(len(of_group), dtype=np.uint32)  # a group no row names keeps 0
    for g in in_order:
        group_codes[g] = index[of_group[g]]
    narrow = np.uint8 if len(values) <= 1 << 8 else np.uint16 if len(values) <= 1 << 16 else np.uint32
    return Coded(np.concatenate([head_codes, group_codes[group_of]]).astype(narrow), values)


def coded(column: Sequence[Any]) -> Sequence[Any]:
    """``column`` as a :class:`Coded` when its values are hashable, of one type
    and few (at most :data:`DISTINCT_SHARE` of its rows), else unchanged.
    Values that are equal share a code (as dict keys do): a column is of one
    type, so each row reads back its own value."""
    if isinstance(column, Coded) or not column:
        return column
    try:
        distinct = dict.fromkeys(column)  # one pass at C speed, also for the columns left as lists
    except TypeError:  # an unhashable value
        return column
    distinct.pop(None, None)
    if len(distinct) > len(column) * DISTINCT_SHARE or len({type(v) for v in distinct}) > 1:
        return column
    values = [None, *distinct]
    index = {v: i for i, v in enumerate(values)}
    codes = np.fromiter(map(index.__getitem__, column), dtype=np.uint32, count=len(column))
    narrow = np.uint8 if len(values) <= 1 << 8 else np.uint16 if len(values) <= 1 << 16 else np.uint32
    return Coded(codes.astype(narrow), values)
