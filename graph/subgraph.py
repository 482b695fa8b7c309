"""Parts of the graph read from a store.

A :class:`Part` is a set of nodes and edges in the graph's own form (node
attributes and edge keys as :mod:`graph.builder` makes them); a part becomes a
:class:`~graph.model.ResponsibilityGraph` through the builder, with the same
checks.

A :class:`Reader` answers the named triple statements of :mod:`store.cypher`
(``trace_case``, ``trace_ring``, ``posts_in``, ``post_context``, ``expand``,
``nodes_with_org``). The Neo4j store answers them with Cypher;
:class:`store.reader.GraphReader` answers them from an in-memory graph, the
reference the store's conformance tests compare against. :func:`trace_part`
and :func:`neighbourhood_part` drive either reader through the same rounds,
so the case trace and the neighbourhood views read only what they need.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Protocol

from graph.errors import CaseNotFound
from graph.model import ResponsibilityGraph
from graph.schema import EdgeType, NodeLabel

__all__ = ["Part", "Reader", "graph_part", "neighbourhood_part", "trace_part"]


# ---------------------------------------------------------------- parts
@dataclass
class Part:
    """Nodes (id → label and attributes) and edges (source, target, key, attributes)."""

    nodes: dict[str, dict[str, Any]] = field(default_factory=dict)
    edges: dict[tuple[str, str, str], dict[str, Any]] = field(default_factory=dict)

    def add_node(self, node_id: str, attrs: dict[str, Any]) -> None:
        self.nodes.setdefault(node_id, attrs)

    def add_edge(self, source: str, target: str, key: str, attrs: dict[str, Any]) -> None:
        self.edges.setdefault((source, target, key), attrs)

    def merge(self, other: Part) -> Part:
        for node_id, attrs in other.nodes.items():
            self.add_node(node_id, attrs)
        for (u, v, key), attrs in other.edges.items():
            self.add_edge(u, v, key, attrs)
        return self

    def links(self, etype: EdgeType) -> list[tuple[str, str]]:
        """(source, target) of every edge of ``etype``."""
        return [(u, v) for (u, v, _), attrs in self.edges.items() if attrs["type"] is etype]

    def ids(self, label: NodeLabel) -> list[str]:
        return [n for n, attrs in self.nodes.items() if attrs["label"] is label]

    def unplaced_posts(self) -> list[str]:
        """Posts in the part without their IN edge (so without their organization)."""
        placed = {u for u, _ in self.links(EdgeType.IN)}
        return sorted(n for n in self.ids(NodeLabel.POSITION) if n not in placed)

    def graph(self) -> ResponsibilityGraph:
        """The part as a graph, built (and checked) by :class:`~graph.builder.GraphBuilder`."""
        from graph.builder import GraphBuilder

        b = GraphBuilder()
        for node_id, attrs in self.nodes.items():
            b.add_node(node_id, attrs)
        for (u, v, key), attrs in self.edges.items():
            b.add_edge(u, v, key, attrs)
        return b.build()


def graph_part(G: ResponsibilityGraph) -> Part:
    """The whole graph as a part (what a push writes)."""
    part = Part()
    for node_id, attrs in G.nx.nodes(data=True):
        part.add_node(node_id, dict(attrs))
    for u, v, key, attrs in G.nx.edges(keys=True, data=True):
        part.add_edge(u, v, key, dict(attrs))
    return part


# ---------------------------------------------------------------- readers
class Reader(Protocol):
    """Answers the triple statements of :mod:`store.cypher` by name."""

    def triples(self, name: str, **params: Any) -> Part: ...


# ---------------------------------------------------------------- rounds
def trace_part(reader: Reader, case_id: str) -> Part:
    """What the trace of ``case_id`` reads, in four rounds: the case with its
    organization's lineage, duties, persons and decisions; the oversight,
    supervision, bearers and posts held around them; the posts of the
    organizations involved; and every post's organization, holders and
    oversight.

    Raises
    ------
    CaseNotFound
        ``case_id`` names no case.
    """
    part = reader.triples("trace_case", case_id=case_id)
    if part.nodes.get(case_id, {}).get("label") is not NodeLabel.CASE:
        raise CaseNotFound(case_id=case_id)
    up = part.links(EdgeType.REPORTS_TO)
    lineage = sorted({*(v for _, v in part.links(EdgeType.OCCURRED_IN)), *(u for u, _ in up), *(v for _, v in up)})
    duties = sorted(v for _, v in part.links(EdgeType.BREACHES))
    persons = sorted(v for _, v in part.links(EdgeType.INVOLVES))
    part.merge(reader.triples("trace_ring", orgs=lineage, duties=duties, persons=persons))
    orgs = {*lineage, *(u for u, _ in part.links(EdgeType.SUPERVISES))}
    orgs |= {u for u, _ in part.links(EdgeType.BEARS) if part.nodes[u]["label"] is NodeLabel.ORGANIZATION}
    part.merge(reader.triples("posts_in", orgs=sorted(orgs)))
    posts = set(part.ids(NodeLabel.POSITION))
    part.merge(reader.triples("post_context", posts=sorted(posts)))
    return part


def neighbourhood_part(
    reader: Reader,
    ids: Iterable[str],
    *,
    depth: int = 1,
    edge_types: Iterable[EdgeType] = tuple(EdgeType),
    at: date | None = None,
) -> Part:
    """Every node within ``depth`` hops of ``ids`` along ``edge_types`` (in force
    on ``at``, when given), either direction, plus each post's organization."""
    types = sorted(t.value for t in edge_types)
    part = reader.triples("nodes_with_org", ids=sorted(set(ids)))
    seen = set(part.nodes)
    frontier = sorted(seen)
    for _ in range(depth):
        if not frontier:
            break
        part.merge(reader.triples("expand", ids=frontier, types=types, at=at))
        frontier = sorted(set(part.nodes) - seen)
        seen |= set(frontier)
    posts = part.unplaced_posts()
    if posts:
        part.merge(reader.triples("nodes_with_org", ids=posts))
    return part
