"""Columnar storage of the responsibility graph.

A province has millions of duties and bearings; one Python object per edge
would cost more memory than the graph is worth and minutes to build. So the
graph is kept as columns: every node has an integer index (its position in
:attr:`GraphCore.ids`), every edge type is a :class:`EdgeTable` of NumPy
arrays (endpoints, dates as proleptic ordinals, small codes for role, kind and
origin), sorted once by source and by target so a node's edges are found by
binary search. Node attributes are kept per label as columns: a column of few
distinct values as small integer codes (:class:`graph.coded.Coded`), any other
as a list of Python values. A node is found from its id by
:class:`graph.nodeindex.NodeIndex`, made once and kept in the snapshot.

Whole-network scans read the arrays directly (:mod:`queries`), and the
traversal API of :class:`~graph.model.ResponsibilityGraph` makes
:class:`~graph.model.Link` objects only for the edges a query asks for.
"""

from __future__ import annotations

import gc
import sys
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import date
from typing import Any

import numpy as np
import numpy.typing as npt

from graph.coded import Coded, coded
from graph.errors import GraphError
from graph.given import EdgeColumns, EndLookup, Ends, NodeColumns
from graph.nodeindex import NodeIndex
from graph.schema import EDGE_ENDPOINTS, EDGE_VOCABULARIES, EDGES, LABEL_CODE, LABELS, NAME_ATTR, EdgeType, NodeLabel

__all__ = [
    "CODE",
    "CODES",
    "EDGE_FIELDS",
    "NO_END",
    "NO_START",
    "EdgeTable",
    "GraphCore",
    "bulk",
    "day_of",
    "ordinal",
]

Ints = npt.NDArray[np.int32]
Codes = npt.NDArray[np.int8]

#: A missing start (since before the records begin) and end (still in force).
NO_START = 0
NO_END = int(np.iinfo(np.int32).max)

#: Edge roles, kinds and origins as small codes; code 0 is "none".
CODES: tuple[str | None, ...] = (None, *dict.fromkeys(v.value for enum in EDGE_VOCABULARIES for v in enum))
CODE: dict[str | None, int] = {v: i for i, v in enumerate(CODES)}


@contextmanager
def bulk(*, keep: bool = False) -> Iterator[None]:
    """Pause the cyclic garbage collector while millions of objects are made.

    Loading makes records, ids and columns by the million and no reference
    cycles; the collector would rescan all of them again and again (a quarter
    of a province's load time). Reference counting still frees everything.
    Nested uses keep it paused until the outermost one ends.

    ``keep``: what was made is kept for the life of the process (a loaded
    graph), so when the outermost use ends, everything then alive is moved out
    of the collector's sight (:func:`gc.freeze`): its full passes no longer
    walk the graph's millions of ids and values, a pause of a fifth of a
    second at a province's scale. Reference counting still frees the graph
    when it is dropped; only reference cycles among frozen objects would stay.
    """
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            if keep:
                gc.freeze()
            gc.enable()


def ordinal(day: date | None, missing: int) -> int:
    return day.toordinal() if day else missing


def day_of(value: int) -> date | None:
    """The date of an ordinal, None for the open bounds."""
    return None if value in (NO_START, NO_END) else date.fromordinal(value)


def _ints(values: Sequence[int] | npt.NDArray[Any] | None, n: int, fill: int, dtype: type = np.int32) -> Any:
    if values is None:
        return np.full(n, fill, dtype=dtype)
    return np.asarray(values, dtype=dtype)


def _offsets(keys: Ints) -> tuple[int, Ints]:
    """Where each node's run starts in sorted ``keys``: ``(base, off)`` with the
    run of node ``n`` at ``off[n - base]:off[n - base + 1]``. One pass (a count
    and a running sum), one entry per node between the least and greatest key."""
    if not len(keys):
        return 0, np.zeros(1, dtype=np.int32)
    base = int(keys[0])
    off = np.zeros(int(keys[-1]) - base + 2, dtype=np.int32)
    np.cumsum(np.bincount(keys - base), out=off[1:])
    return base, off


class _Runs:
    """The edges of each node in one order: ``perm`` sorted by ``keys``."""

    __slots__ = ("_perm_at", "at", "base", "empty", "off", "perm")

    def __init__(self, base: int, off: Ints, perm: Ints) -> None:
        self.base, self.off = base, off
        self.at = self.off.data
        self.perm = perm
        self._perm_at = perm.data
        self.empty = perm[:0]

    @classmethod
    def sorted_by(cls, keys: Ints, perm: Ints) -> _Runs:
        """The runs of ``perm`` whose nodes, in its order, are ``keys``."""
        return cls(*_offsets(keys), perm)

    def of(self, node: int) -> Ints:
        i = node - self.base
        if i < 0 or i >= len(self.off) - 1:
            return self.empty
        return self.perm[self.at[i] : self.at[i + 1]]

    def first(self, node: int) -> int | None:
        """The first edge of ``node``'s run, None when it has none (as a Python
        int: no array is made for the one edge a parent or a post's place needs)."""
        i = node - self.base
        if i < 0 or i >= len(self.off) - 1:
            return None
        lo = self.at[i]
        return self._perm_at[lo] if lo < self.at[i + 1] else None

    def spans(self, nodes: npt.NDArray[Any]) -> tuple[Ints, Ints]:
        """Where each node's run lies in ``perm``, ``[lo, hi)``, for many nodes at once."""
        i = nodes.astype(np.int64) - self.base
        inside = (i >= 0) & (i < len(self.off) - 1)
        if not inside.any():  # also when there are no edges at all
            return np.zeros(len(nodes), dtype=np.int32), np.zeros(len(nodes), dtype=np.int32)
        i = np.where(inside, i, 0)
        lo, hi = self.off[i], self.off[i + 1]
        return np.where(inside, lo, 0), np.where(inside, hi, 0)

    def nbytes(self) -> int:
        return int(self.off.nbytes)


#: What joins the node ids in a snapshot (see :meth:`GraphCore.__getstate__`).
_SEP = "\x00"

#: An edge's columns, in the order :class:`EdgeTable` takes them.
EDGE_FIELDS = ("src", "dst", "start", "end", "role", "kind", "origin")


class EdgeTable:
    """All edges of one type, with the orders that find a node's edges."""

    _ARRAYS = ("dst", "end", "in_perm", "kind", "origin", "out_perm", "role", "src", "start")
    __slots__ = (*_ARRAYS, "row", "_out", "_in", "varied")

    def __init__(self, src: Ints, dst: Ints, start: Ints, end: Ints, role: Codes, kind: Codes, origin: Codes) -> None:
        self.src, self.dst, self.start, self.end = src, dst, start, end
        self.role, self.kind, self.origin = role, kind, origin
        # oldest first among a node's edges, then by the other end
        self.out_perm = np.lexsort((dst, start, src)).astype(np.int32)
        self.in_perm = np.lexsort((src, start, dst)).astype(np.int32)
        # each node's run in out_perm/in_perm, found in constant time (memoryviews
        # of the offsets: reading one gives a Python int, no NumPy scalar); the
        # sorted endpoints they are counted from are not kept
        self._out = _Runs.sorted_by(src[self.out_perm], self.out_perm)
        self._in = _Runs.sorted_by(dst[self.in_perm], self.in_perm)
        self._views()

    def _views(self) -> None:
        #: one edge's fields as Python ints without making NumPy scalars (what
        #: building a Link reads, a few dozen times per trace): memoryviews
        #: on the arrays, sharing their memory
        self.row = tuple(getattr(self, name).data for name in EDGE_FIELDS)
        #: :meth:`varies`, once found (None before)
        self.varied: tuple[bool, bool, bool, bool] | None = None

    def varies(self) -> tuple[bool, bool, bool, bool]:
        """Whether the edges differ in their dates, role, kind, origin (found once,
        at a pass over the columns): a column that never varies need not be read
        edge by edge — a cache miss each when a trace reads one node's edges."""
        if self.varied is None:
            dated = bool((self.start != NO_START).any() or (self.end != NO_END).any())
            self.varied = (dated, bool(self.role.any()), bool(self.kind.any()), bool(self.origin.any()))
        return self.varied

    def __len__(self) -> int:
        return len(self.src)

    def __getstate__(self) -> dict[str, Any]:
        runs = (self._out.base, self._out.off, self._in.base, self._in.off)
        return {name: getattr(self, name) for name in self._ARRAYS} | {"runs": runs}

    def __setstate__(self, state: dict[str, Any]) -> None:
        out_base, out_off, in_base, in_off = state.pop("runs")
        for name, value in state.items():
            setattr(self, name, value)
        self._out = _Runs(out_base, out_off, self.out_perm)
        self._in = _Runs(in_base, in_off, self.in_perm)
        self._views()

    def leaving(self, node: int) -> Ints:
        """Edge numbers leaving ``node``, oldest first."""
        return self._out.of(node)

    def entering(self, node: int) -> Ints:
        """Edge numbers entering ``node``, oldest first."""
        return self._in.of(node)

    def numbers(self, node: int, leaving: bool) -> list[int]:
        """The edge numbers leaving (entering) ``node``, oldest first, as Python ints:
        :meth:`leaving` or :meth:`entering` without a NumPy slice (sliced from a
        memoryview, a third less: a trace asks a few dozen times)."""
        runs = self._out if leaving else self._in
        i = node - runs.base
        if i < 0 or i >= len(runs.off) - 1:
            return []
        at = runs.at
        return runs._perm_at[at[i] : at[i + 1]].tolist()

    def first(self, node: int, leaving: bool) -> int | None:
        """The oldest edge leaving (entering) ``node``, None when there is none."""
        return (self._out if leaving else self._in).first(node)

    def leaving_spans(self, nodes: npt.NDArray[Any]) -> tuple[Ints, Ints]:
        """Where the edges leaving each of ``nodes`` lie in ``out_perm`` (oldest
        first), ``[lo, hi)``: many nodes at once, without a search."""
        return self._out.spans(nodes)

    def entering_spans(self, nodes: npt.NDArray[Any]) -> tuple[Ints, Ints]:
        """Where the edges entering each of ``nodes`` lie in ``in_perm`` (oldest
        first), ``[lo, hi)``: many nodes at once, without a search."""
        return self._in.spans(nodes)

    def in_force(self, day: date) -> npt.NDArray[np.bool_]:
        """Which edges are in force on ``day`` (inclusive bounds)."""
        d = day.toordinal()
        return (self.start <= d) & (self.end >= d)

    def nbytes(self) -> int:
        arrays: int = sum(getattr(self, name).nbytes for name in self._ARRAYS)
        return arrays + self._out.nbytes() + self._in.nbytes()


def _list_bytes(values: Sequence[Any], sample: int) -> int:
    """A list's own bytes and, from an even sample, its values' (None is shared: not counted)."""
    n = len(values)
    picked = [values[i] for i in range(0, n, max(1, n // sample))]
    each = sum(sys.getsizeof(v) for v in picked if v is not None) / len(picked) if picked else 0
    return sys.getsizeof(values) + int(each * n)


class GraphCore:
    """Node ids, labels and attribute columns, and one :class:`EdgeTable` per type."""

    def __init__(
        self,
        ids: list[str],
        labels: Codes,
        rows: Ints,
        cols: dict[NodeLabel, dict[str, Sequence[Any]]],
        edges: dict[EdgeType, EdgeTable],
        index: tuple[Ints, Ints] | None = None,
    ) -> None:
        self.ids = ids
        self.labels = labels
        self.rows = rows
        self.cols = cols
        self.edges = edges
        if len(labels) != len(ids):
            raise ValueError(f"{len(ids)} ids for {len(labels)} labels")
        # single nodes' labels and rows as Python ints (no NumPy scalar per read)
        self._label_at, self.row_at = labels.data, rows.data
        # the nodes of a label lie together, in label order
        bounds = np.searchsorted(labels, np.arange(len(LABELS) + 1))
        self.spans = {label: (int(bounds[i]), int(bounds[i + 1])) for i, label in enumerate(LABELS)}
        # id → index, kept in the snapshot (made afresh when not given)
        self.pos = NodeIndex(ids, index)

    def __getstate__(self) -> dict[str, Any]:
        state = {k: self.__dict__[k] for k in ("labels", "rows", "cols", "edges")}
        # the ids as one text: pickling millions of strings one by one (each
        # remembered by the pickler) took a second at a province, this a memcpy
        joined = _SEP.join(self.ids)
        ids = joined if joined.count(_SEP) == len(self.ids) - 1 else self.ids  # else an id holds the separator
        return state | {"ids": ids, "index": (self.pos.order, self.pos.starts)}

    def __setstate__(self, state: dict[str, Any]) -> None:
        ids = state["ids"]
        if isinstance(ids, str):
            ids = ids.split(_SEP) if ids or len(state["labels"]) else []
        self.__init__(  # type: ignore[misc]
            ids, state["labels"], state["rows"], state["cols"], state["edges"], state.get("index")
        )

    # ------------------------------------------------------------ building
    @classmethod
    def build(cls, nodes: Mapping[NodeLabel, NodeColumns], edges: Mapping[EdgeType, EdgeColumns]) -> GraphCore:
        """Check the edges against the schema and store everything as columns.

        Raises
        ------
        GraphError
            A node id is used twice, an edge names a missing node or joins
            labels its type does not allow, or an edge is repeated.
        """
        ids: list[str] = []
        labels: list[Codes] = []
        rows: list[Ints] = []
        cols: dict[NodeLabel, dict[str, Sequence[Any]]] = {}
        for label in LABELS:
            part = nodes.get(label)
            if part is None or not part.ids:
                cols[label] = {}
                continue
            n = len(part.ids)
            for name, col in part.cols.items():
                if len(col) != n:
                    raise ValueError(f"column {label}.{name} has {len(col)} values for {n} nodes")
            ids.extend(part.ids)
            labels.append(np.full(n, LABEL_CODE[label], dtype=np.int8))
            rows.append(np.arange(n, dtype=np.int32))
            cols[label] = {
                name: coded(col if isinstance(col, list | Coded) else list(col))
                for name, col in part.cols.items()
                if (col.codes.any() if isinstance(col, Coded) else any(v is not None for v in col))
            }
        core = cls(
            ids,
            np.concatenate(labels) if labels else np.zeros(0, np.int8),
            np.concatenate(rows) if rows else np.zeros(0, np.int32),
            cols,
            {},
        )
        if core.pos.repeated is not None:  # found while the index was made
            raise GraphError("error.duplicate_node", node_id=core.pos.repeated)
        at = EndLookup(core)
        for etype in EdgeType:
            given = edges.get(etype)
            core.edges[etype] = core._table(etype, given or EdgeColumns(), at)
        return core

    def index_of(self, ids: Iterable[str]) -> Ints:
        """Node indices of ``ids``; -1 where there is no such node."""
        return self.pos.many(ids)

    def _table(self, etype: EdgeType, given: EdgeColumns, at: EndLookup) -> EdgeTable:
        n = len(given.src)
        sources, targets = EDGE_ENDPOINTS[etype]
        src, dst = self._numbered(given.src, at, sources), self._numbered(given.dst, at, targets)
        start = _ints(given.start, n, NO_START)
        end = _ints(given.end, n, NO_END)
        role = _ints(given.role, n, 0, np.int8)
        kind = _ints(given.kind, n, 0, np.int8)
        origin = _ints(given.origin, n, 0, np.int8)
        for ends, allowed in ((src, sources), (dst, targets)):
            codes = np.array([LABEL_CODE[label] for label in allowed], dtype=np.int8)
            ok = ends >= 0
            ok[ok] = np.isin(self.labels[ends[ok]], codes)
            if not ok.all():
                i = int(np.flatnonzero(~ok)[0])
                source, target = self._end_id(given.src, src, i), self._end_id(given.dst, dst, i)
                bad = source if ends is src else target
                raise GraphError("error.bad_edge", type=etype.value, source=source, target=target, node_id=bad)
        table = EdgeTable(src, dst, start, end, role, kind, origin)
        if n > 1:
            # an edge is told apart from its parallels by its key (graph.schema.EDGES):
            # the start of a dated edge, the kind of a supervision, the role of an
            # involvement; sorted by endpoints and key, twins lie next to each other
            coded = {"kind": kind, "role": role, "origin": origin}
            keyed = [coded[name] for name in EDGES[etype].key if name in coded]
            p = np.lexsort((*keyed, dst, start, src)) if keyed else table.out_perm
            same = (src[p][1:] == src[p][:-1]) & (dst[p][1:] == dst[p][:-1]) & (start[p][1:] == start[p][:-1])
            for column in keyed:
                same &= column[p][1:] == column[p][:-1]
            duplicate = int(p[int(np.flatnonzero(same)[0])]) if same.any() else None
            if duplicate is not None:
                raise GraphError(
                    "error.duplicate_edge",
                    type=etype.value,
                    source=self.ids[src[duplicate]],
                    target=self.ids[dst[duplicate]],
                )
        return table

    def _numbered(self, ends: Sequence[str] | Ends, at: EndLookup, allowed: Iterable[NodeLabel]) -> Ints:
        """Node indices of ``ends``: ids looked up among the nodes of ``allowed``
        (-1 when none is), rows placed."""
        given = ends if isinstance(ends, Ends) else Ends(ends)
        looked = at.find(given.ids, allowed)
        if not len(given.rows):
            return looked
        lo, hi = (np.array([self.spans[label][k] for label in LABELS], dtype=np.int64) for k in (0, 1))
        rows = given.rows.astype(np.int64)
        if len(given.labels) != len(rows) or ((rows < 0) | (rows >= (hi - lo)[given.labels])).any():
            raise ValueError("edge ends given by place outside their label's nodes")
        return np.concatenate([looked, (lo[given.labels] + rows).astype(np.int32)])

    def _end_id(self, ends: Sequence[str] | Ends, numbered: Ints, i: int) -> str:
        """The id of the ``i``-th end (as given, when it names no node)."""
        if numbered[i] >= 0:
            return self.ids[int(numbered[i])]
        return (ends.ids if isinstance(ends, Ends) else ends)[i]

    # ------------------------------------------------------------ reading
    def label_of(self, node: int) -> NodeLabel:
        return LABELS[self._label_at[node]]

    def attrs(self, node: int) -> dict[str, Any]:
        """A node's attributes as a new dict: ``label`` and every value set."""
        label = LABELS[self._label_at[node]]
        row = self.row_at[node]
        out: dict[str, Any] = {"label": label}
        for name, col in self.cols[label].items():
            value = col[row]
            if value is not None:
                out[name] = value
        return out

    def name(self, node: int) -> str:
        """A display name: an organization's or person's name, a post's title,
        a duty's text, a case's title; the id for anything else."""
        label = LABELS[self._label_at[node]]
        attr = NAME_ATTR.get(label)
        col = self.cols[label].get(attr) if attr else None
        return str((col[self.row_at[node]] if col is not None else None) or self.ids[node])

    def attr(self, node: int, name: str) -> Any:
        col = self.cols[LABELS[self._label_at[node]]].get(name)
        return None if col is None else col[self.row_at[node]]

    def column(self, label: NodeLabel, name: str) -> Sequence[Any]:
        """An attribute of every node of ``label``, in index order (None where unset)."""
        col = self.cols[label].get(name)
        lo, hi = self.spans[label]
        return col if col is not None else [None] * (hi - lo)

    def of_label(self, label: NodeLabel) -> Ints:
        """Indices of the nodes of ``label``, in the order their columns hold them."""
        lo, hi = self.spans[label]
        return np.arange(lo, hi, dtype=np.int32)

    def nbytes(self) -> int:
        """Bytes held by the arrays (the columns and ids are Python objects, not counted)."""
        return self.labels.nbytes + self.rows.nbytes + sum(t.nbytes() for t in self.edges.values())

    def held_bytes(self, sample: int = 512) -> int:
        """About how many bytes the graph holds: the arrays exactly, the Python
        values (ids, names, other attributes) from an even sample of each list.
        Milliseconds for a province, where counting every object takes seconds."""
        total = self.nbytes() + self.pos.order.nbytes + self.pos.starts.nbytes + _list_bytes(self.ids, sample)
        for columns in self.cols.values():
            for col in columns.values():
                if isinstance(col, Coded):
                    total += col.codes.nbytes + _list_bytes(col.values, sample)
                elif isinstance(col, np.ndarray):
                    total += col.nbytes
                else:
                    total += _list_bytes(col, sample)
        return total
