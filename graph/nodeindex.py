"""Node id → node index, as a hash table of arrays kept in the snapshot.

A dict of a province's three million ids costs a second and a half to fill
each time a snapshot is read (every id hashed afresh, an int object per
index) and about 34 bytes per edge to hold. The same lookup is kept here as
two int32 arrays made once when the graph is built and stored with it:
``order``, the node indices grouped by a CRC-32 of their id, and ``starts``,
where each group begins. A lookup hashes one id (C speed), reads the few
indices of its group and compares their ids: about half a microsecond, and
nothing to do on load. The ids last looked up are kept in a small dict
(at most :data:`REMEMBERED`), since a query asks for the same few ids again
and again: a trace looks up each post and person of its chain many times.

CRC-32 is fixed across processes and machines (Python's own ``hash`` of a
string is not), so the table stays valid in the snapshot.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

__all__ = ["REMEMBERED", "NodeIndex"]

#: How many ids looked up are remembered (then forgotten all at once).
REMEMBERED = 1 << 16

Ints = npt.NDArray[np.int32]


def _crc(ids: Iterable[str], count: int = -1) -> npt.NDArray[np.uint32]:
    return np.fromiter(map(zlib.crc32, map(str.encode, ids)), dtype=np.uint32, count=count)


def _repeated(ids: Sequence[str], order: Ints, ordered: npt.NDArray[np.uint32]) -> str | None:
    """The id given twice whose second place comes first (as a dict would find
    it), from ``order`` sorted by CRC (``ordered``: the CRCs in that order): only
    the ids of a run of equal CRC are compared, the same id or two sharing one."""
    runs = np.unique(ordered[1:][ordered[1:] == ordered[:-1]])
    lows, highs = np.searchsorted(ordered, runs, "left"), np.searchsorted(ordered, runs, "right")
    second: dict[str, int] = {}
    for lo, hi in zip(lows.tolist(), highs.tolist(), strict=True):
        seen: set[str] = set()
        for i in sorted(order[lo:hi].tolist()):
            if ids[i] in seen:
                second.setdefault(ids[i], i)
            seen.add(ids[i])
    return min(second, key=second.__getitem__) if second else None


class NodeIndex:
    """Where each node id is in ``ids``: ``index[id]``, ``index.get(id)``, ``id in index``."""

    __slots__ = ("_ids", "_order", "_seen", "_shift", "_starts", "order", "repeated", "starts")

    def __init__(self, ids: Sequence[str], table: tuple[Ints, Ints] | None = None) -> None:
        self._ids = ids
        #: an id given twice, found when the table is made here (None: all distinct, or not checked)
        self.repeated: str | None = None
        if table is None:
            table, self.repeated = self.table(ids)
        self.order, self.starts = table
        # a group is the CRC's top bits: as many as the groups (a power of two) need
        self._shift = 33 - (len(self.starts) - 1).bit_length()
        # read one at a time as Python ints, not NumPy scalars
        self._order, self._starts = self.order.data, self.starts.data
        self._seen: dict[str, int] = {}

    @staticmethod
    def table(ids: Sequence[str]) -> tuple[tuple[Ints, Ints], str | None]:
        """``order`` and ``starts`` for ``ids`` (a power of two of groups, at
        least one per id, so a group holds one id or two at most, mostly), and
        an id given twice if there is one. The ids are ordered by their CRC, so
        a group's lie together and an id given twice lies next to itself."""
        n = len(ids)
        bits = max(n - 1, 1).bit_length()
        crc = _crc(ids, n)
        order = np.argsort(crc, kind="stable").astype(np.int32)
        starts = np.zeros((1 << bits) + 1, dtype=np.int32)
        np.cumsum(np.bincount(crc >> np.uint32(32 - bits), minlength=1 << bits), out=starts[1:])
        return (order, starts), _repeated(ids, order, crc[order])

    def _find(self, node_id: object) -> int | None:
        """The index of ``node_id`` from the table (remembered), None if none."""
        if type(node_id) is not str:
            return None
        group = zlib.crc32(node_id.encode()) >> self._shift
        ids, starts = self._ids, self._starts
        for i in self._order[starts[group] : starts[group + 1]].tolist():  # one id or two, mostly
            if ids[i] == node_id:
                seen = self._seen
                if len(seen) >= REMEMBERED:
                    seen.clear()
                seen[node_id] = i
                return i
        return None

    def get(self, node_id: object, default: Any = None) -> Any:
        i = self._seen.get(node_id)  # type: ignore[call-overload]
        if i is None:
            i = self._find(node_id)
            if i is None:
                return default
        return i

    def __getitem__(self, node_id: str) -> int:
        i = self._seen.get(node_id)
        if i is None:
            i = self._find(node_id)
            if i is None:
                raise KeyError(node_id)
        return i

    def __contains__(self, node_id: object) -> bool:
        return self.get(node_id) is not None

    def __len__(self) -> int:
        return len(self._ids)

    def many(self, ids: Iterable[str]) -> Ints:
        """Node indices of ``ids``; -1 where there is no such node.

        All hashed at once, and each compared with the first id of its group:
        a few hundred nanoseconds an id. Only an id not first in its group is
        looked up one by one (and none is remembered)."""
        keys = list(ids)
        if not len(self.order):
            return np.full(len(keys), -1, dtype=np.int32)
        if not all(type(k) is str for k in keys):
            get = self.get
            return np.fromiter((get(k, -1) for k in keys), dtype=np.int32, count=len(keys))
        group = (_crc(keys, len(keys)) >> np.uint32(self._shift)).astype(np.int64)
        lo, hi = self.starts[group], self.starts[group + 1]
        first = np.where(hi > lo, self.order[np.minimum(lo, len(self.order) - 1)], -1)
        names = self._ids
        found = np.fromiter(
            (i >= 0 and names[i] == k for i, k in zip(first.tolist(), keys, strict=True)), dtype=bool, count=len(keys)
        )
        out = np.where(found, first, -1).astype(np.int32)
        for j in np.flatnonzero(~found & (hi - lo > 1)).tolist():
            k, end = int(lo[j]) + 1, int(hi[j])
            while k < end:
                i = int(self.order[k])
                if names[i] == keys[j]:
                    out[j] = i
                    break
                k += 1
        return out
