"""Whole-network scans over the graph's columns (:mod:`graph.core`).

Every scan in :mod:`queries` asks the same few questions of every node: which
posts have a holder on a day, which nodes have an edge of a type in force,
what code an attribute has. They are answered here with NumPy over the edge
arrays, so a scan costs a few passes over the arrays whatever the size, and
only the findings themselves are made as Python objects. Attribute codes are
worked out once per graph and kept (:func:`codes`).
"""

from __future__ import annotations

from collections.abc import Collection, Hashable
from datetime import date
from typing import Any

import numpy as np
import numpy.typing as npt

from graph.coded import Coded
from graph.core import CODES, GraphCore
from graph.model import ResponsibilityGraph
from graph.schema import EdgeType, NodeLabel, TenureCapacity

__all__ = [
    "Mask",
    "codes",
    "has_edge",
    "in_label",
    "isin",
    "members",
    "occupied_posts",
    "ordinals",
    "post_orgs",
    "prepare",
    "presided_posts",
    "ranges",
    "sorted_ids",
]

Mask = npt.NDArray[np.bool_]


def codes(G: ResponsibilityGraph, label: NodeLabel, name: str) -> tuple[npt.NDArray[np.int32], list[Any]]:
    """A node attribute of every ``label`` node as integer codes (in the
    label's column order), and the values the codes stand for (code 0 is None).
    Worked out once per graph."""

    def make() -> tuple[npt.NDArray[np.int32], list[Any]]:
        column = G.core.column(label, name)
        if isinstance(column, Coded):  # coded when the graph was built
            return column.codes.astype(np.int32), column.values
        values: dict[Hashable, int] = {None: 0}
        array = np.fromiter((values.setdefault(v, len(values)) for v in column), dtype=np.int32, count=len(column))
        return array, list(values)

    return G.derived(("codes", label, name), make)


def ordinals(G: ResponsibilityGraph, label: NodeLabel, name: str) -> npt.NDArray[np.int64]:
    """A date attribute of every ``label`` node as day ordinals (in the label's
    column order; every node must have one). Worked out once per graph."""

    def make() -> npt.NDArray[np.int64]:
        column = G.core.column(label, name)
        return np.fromiter((d.toordinal() for d in column), dtype=np.int64, count=len(column))

    return G.derived(("ordinals", label, name), make)


def isin(G: ResponsibilityGraph, label: NodeLabel, name: str, wanted: Collection[Any]) -> Mask:
    """Which ``label`` nodes (in column order) have ``name`` among ``wanted``."""
    array, values = codes(G, label, name)
    hits = np.array([i for i, v in enumerate(values) if v is not None and v in wanted], dtype=np.int32)
    found: Mask = np.isin(array, hits)
    return found


def in_label(core: GraphCore, label: NodeLabel, node_mask: Mask) -> Mask:
    """A mask over all nodes cut down to the ``label`` nodes, in column order."""
    lo, hi = core.spans[label]
    return node_mask[lo:hi]


def has_edge(core: GraphCore, etype: EdgeType, *, day: date | None = None, into: bool = True) -> Mask:
    """Which nodes have an edge of ``etype`` entering (or leaving) them, in
    force on ``day`` when given."""
    table = core.edges[etype]
    ends = table.dst if into else table.src
    if day is not None:
        ends = ends[table.in_force(day)]
    mask = np.zeros(len(core.ids), dtype=bool)
    mask[ends] = True
    return mask


def occupied_posts(core: GraphCore, day: date) -> Mask:
    """Which nodes are posts with a holder on ``day`` (inclusive terms)."""
    return has_edge(core, EdgeType.HOLDS, day=day)


def post_orgs(G: ResponsibilityGraph) -> npt.NDArray[np.int64]:
    """Each post's organization by index (-1 for anything else): one pass over
    IN, once per graph."""

    def make() -> npt.NDArray[np.int64]:
        within = G.core.edges[EdgeType.IN]
        org = np.full(len(G.core.ids), -1, dtype=np.int64)
        org[within.src] = within.dst
        return org

    return G.derived("post_orgs", make)


def presided_posts(G: ResponsibilityGraph) -> frozenset[str]:
    """The posts someone ever held presiding (主持工作): a few, found once per
    graph in one pass over the tenures' kinds (a trace reads the tenures of
    these posts only, not of every post of a level)."""

    def make() -> frozenset[str]:
        holds = G.core.edges[EdgeType.HOLDS]
        presiding = holds.kind == CODES.index(TenureCapacity.PRESIDING.value)
        return frozenset(G.core.ids[i] for i in np.unique(holds.dst[presiding]).tolist())

    return G.derived("presided_posts", make)


def ranges(lo: npt.NDArray[Any], hi: npt.NDArray[Any]) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """Every position of the ranges ``[lo[i], hi[i])`` with the ``i`` it came from.

    >>> owner, pos = ranges(np.array([5, 0, 9]), np.array([7, 0, 10]))
    >>> owner.tolist(), pos.tolist()
    ([0, 0, 2], [5, 6, 9])
    """
    n = (hi - lo).astype(np.int64)
    owner = np.repeat(np.arange(len(n), dtype=np.int64), n)
    pos = np.repeat(lo - np.cumsum(n) + n, n) + np.arange(int(n.sum()), dtype=np.int64)
    return owner, pos


def sorted_ids(core: GraphCore, nodes: npt.NDArray[Any]) -> list[str]:
    """The ids of node indices ``nodes``, sorted."""
    return sorted(core.ids[int(i)] for i in nodes)


def members(core: GraphCore, owners: npt.NDArray[Any], of: npt.NDArray[Any]) -> dict[str, tuple[str, ...]]:
    """Node ``of[i]`` listed under node ``owners[i]``, by id: each owner's
    distinct members sorted, the owners in id order.

    >>> from graph.builder import GraphBuilder
    >>> G = GraphBuilder().organization("B", "b", "unit").organization("A", "a", "unit").build()
    >>> B, A = G.core.pos["B"], G.core.pos["A"]
    >>> members(G.core, np.array([B, A, B, B]), np.array([A, B, B, A]))
    {'A': ('B',), 'B': ('A', 'B')}
    """
    ids = core.ids
    found: dict[str, set[str]] = {}
    for owner, member in zip(owners.tolist(), of.tolist(), strict=True):
        found.setdefault(ids[owner], set()).add(ids[member])
    return {owner: tuple(sorted(found[owner])) for owner in sorted(found)}


def prepare(G: ResponsibilityGraph) -> ResponsibilityGraph:
    """Work out the attribute codes the scans use, once, so no scan pays for them."""
    for label, name in (
        (NodeLabel.DUTY, "bound_role"),
        (NodeLabel.DUTY, "frequency_period"),
        (NodeLabel.DUTY, "frequency_count"),
        (NodeLabel.DUTY, "frequency"),
        (NodeLabel.POSITION, "role"),
        (NodeLabel.ORGANIZATION, "kind"),
        (NodeLabel.RECORD, "kind"),
    ):
        codes(G, label, name)
    ordinals(G, NodeLabel.RECORD, "date")
    return G
