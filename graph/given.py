"""What a builder gives :meth:`graph.core.GraphCore.build`: each label's nodes
as columns, each edge type's edges as columns, and an edge's ends either as
ids, looked up while the graph is built (:class:`EndLookup`), or by place
(:class:`Ends`), when the builder knows where the node sits."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import repeat
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from graph.schema import LABEL_CODE, NodeLabel

if TYPE_CHECKING:
    from graph.core import GraphCore

__all__ = ["EdgeColumns", "EndLookup", "Ends", "NodeColumns"]

Ints = npt.NDArray[np.int32]
Codes = npt.NDArray[np.int8]


@dataclass
class NodeColumns:
    """The nodes of one label: ids and attribute columns of the same length."""

    ids: list[str] = field(default_factory=list)
    cols: dict[str, Sequence[Any]] = field(default_factory=dict)


@dataclass
class Ends:
    """One end of edges given without looking each id up: ``ids`` first, then
    the nodes given by place, the ``rows[k]``-th node of label
    ``graph.schema.LABELS[labels[k]]`` in the order of its :class:`NodeColumns` (a builder
    knows where a post's or a duty's own node sits: it wrote it there)."""

    ids: Sequence[str] = ()
    labels: Codes = field(default_factory=lambda: np.zeros(0, np.int8))
    rows: Ints = field(default_factory=lambda: np.zeros(0, np.int32))

    @classmethod
    def of(cls, label: NodeLabel, rows: Sequence[int] | Ints, ids: Sequence[str] = ()) -> Ends:
        """Rows of nodes of one label (after ``ids``, if given)."""
        at = np.asarray(rows, dtype=np.int32)
        return cls(ids, np.full(len(at), LABEL_CODE[label], dtype=np.int8), at)

    def __len__(self) -> int:
        return len(self.ids) + len(self.rows)


@dataclass
class EdgeColumns:
    """The edges of one type as given to :meth:`graph.core.GraphCore.build`:
    endpoints (ids, or :class:`Ends`), dates as ordinals
    (:data:`graph.core.NO_START`/:data:`~graph.core.NO_END` when open) and codes."""

    src: Sequence[str] | Ends = ()
    dst: Sequence[str] | Ends = ()
    start: Sequence[int] | Ints | None = None
    end: Sequence[int] | Ints | None = None
    role: Sequence[int] | Codes | None = None
    kind: Sequence[int] | Codes | None = None
    origin: Sequence[int] | Codes | None = None


class EndLookup:
    """Edge ends found by id while a graph is built: in a dict of the ids of
    one label, made the first time an end of that label is looked up, or, for
    the duties, in the node index. A dict of each label costs less than one of
    every id (a province's three million: two seconds, most of it cache misses),
    and duties, the most nodes, are named by id at few edge ends."""

    _INDEXED = frozenset({NodeLabel.DUTY})

    def __init__(self, core: GraphCore) -> None:
        self.core = core
        self.of_label: dict[NodeLabel, dict[str, int]] = {}

    def find(self, ids: Sequence[str], labels: Iterable[NodeLabel]) -> Ints:
        """Node indices of ``ids`` among the nodes of ``labels`` (-1 where none is;
        one of a label the index serves may be of another label, which the
        caller's label check then reports)."""
        found = np.full(len(ids), -1, dtype=np.int32)
        if not len(ids):
            return found
        for label in labels:
            if label in self._INDEXED:
                more = self.core.pos.many(ids)
            else:
                rows = self.of_label.get(label)
                if rows is None:
                    lo, hi = self.core.spans[label]
                    rows = self.of_label[label] = dict(zip(self.core.ids[lo:hi], range(lo, hi), strict=True))
                more = np.fromiter(map(rows.get, ids, repeat(-1)), dtype=np.int32, count=len(ids))
            found = np.where(found >= 0, found, more)
        return found
