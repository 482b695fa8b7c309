"""Parts of the graph read from a store, and the rows written to one.

A :class:`Part` is a set of nodes and edges in the graph's own form (node
attributes and edge keys as :mod:`graph.builder` makes them); a part becomes a
:class:`~graph.model.ResponsibilityGraph` through the builder, with the same
checks. The encoding of nodes and edges as store rows (:func:`node_row`,
:func:`edge_row`) and back (:func:`decode_node`, :func:`decode_edge`) lives here
too, so a network pushed and read back is the network that was pushed.

A :class:`Reader` answers the named triple statements of :mod:`graph.cypher`
(``trace_case``, ``trace_ring``, ``posts_in``, ``post_context``, ``expand``,
``nodes_with_org``). The Neo4j store answers them with Cypher;
:class:`GraphReader` answers them from an in-memory graph, the reference the
store's conformance tests compare against. :func:`trace_part` and
:func:`neighbourhood_part` drive either reader through the same rounds, so
the case trace and the neighbourhood views read only what they need.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any, Protocol

from graph.errors import CaseNotFound, GraphError
from graph.model import Link, ResponsibilityGraph
from graph.schema import AccountabilityRole, DutyKind, EdgeType, NodeLabel, OrgKind, Role

__all__ = [
    "GraphReader",
    "Part",
    "Reader",
    "content_hash",
    "decode_edge",
    "decode_node",
    "edge_row",
    "graph_part",
    "native",
    "neighbourhood_part",
    "node_row",
    "store_rows",
    "trace_part",
]

#: Node attributes held as vocabulary members in the graph (strings in a store).
_ENUM_ATTRS: dict[tuple[NodeLabel, str], type[StrEnum]] = {
    (NodeLabel.ORGANIZATION, "kind"): OrgKind,
    (NodeLabel.POSITION, "role"): Role,
    (NodeLabel.DUTY, "kind"): DutyKind,
    (NodeLabel.DUTY, "bound_role"): Role,
    (NodeLabel.DECISION, "role"): AccountabilityRole,
}
_LABELS = {label.value: label for label in NodeLabel}

NodeEntry = tuple[str, NodeLabel, dict[str, Any]]
EdgeEntry = tuple[str, str, str, dict[str, Any]]


# ---------------------------------------------------------------- rows
def _store_value(value: Any) -> Any:
    return value.value if isinstance(value, StrEnum) else value


def node_row(node_id: str, attrs: Mapping[str, Any]) -> dict[str, Any]:
    """A node as a store row: ``id`` and ``props`` (every attribute but the label,
    vocabulary members as their keys, dates as dates, the id included).

    >>> node_row("O1", {"label": NodeLabel.ORGANIZATION, "name": "Office", "kind": OrgKind.UNIT})
    {'id': 'O1', 'props': {'id': 'O1', 'name': 'Office', 'kind': 'unit'}}
    """
    props = {"id": node_id}
    props.update({k: _store_value(v) for k, v in attrs.items() if k != "label" and v is not None})
    return {"id": node_id, "props": props}


def edge_row(source: str, target: str, key: str, attrs: Mapping[str, Any]) -> dict[str, Any]:
    """An edge as a store row: ``source``, ``target``, ``key`` and ``props`` (its
    attributes but the type, with the key).

    >>> row = edge_row("P1", "S1", "HOLDS:2024-01-01", {"type": EdgeType.HOLDS, "start": date(2024, 1, 1)})
    >>> row["key"], row["props"]["start"]
    ('HOLDS:2024-01-01', datetime.date(2024, 1, 1))
    """
    props: dict[str, Any] = {"key": key}
    props.update({k: _store_value(v) for k, v in attrs.items() if k != "type" and v is not None})
    return {"source": source, "target": target, "key": key, "props": props}


def native(value: Any) -> Any:
    """A store value as Python: the driver's dates become ``datetime.date``."""
    to_native: Callable[[], Any] | None = getattr(value, "to_native", None)
    return to_native() if to_native is not None else value


def node_label(labels: Iterable[str]) -> NodeLabel | None:
    """The schema label among a store node's labels (None for a foreign node)."""
    found = [_LABELS[name] for name in labels if name in _LABELS]
    return found[0] if len(found) == 1 else None


def decode_node(labels: Iterable[str], props: Mapping[str, Any]) -> NodeEntry:
    """A store node as ``(id, label, attributes)``, attributes as the builder makes them.

    Raises
    ------
    GraphError
        The node has no id or not exactly one of the schema's labels.
    """
    names = list(labels)
    label = node_label(names)
    node_id = props.get("id")
    if label is None or not isinstance(node_id, str):
        raise GraphError("error.store_bad_node", node_id=node_id, labels=":".join(names))
    attrs: dict[str, Any] = {"label": label}
    for name, value in props.items():
        if name == "id" or value is None:
            continue
        enum = _ENUM_ATTRS.get((label, name))
        attrs[name] = enum(value) if enum else native(value)
    return node_id, label, attrs


def decode_edge(etype: str, props: Mapping[str, Any]) -> tuple[str, dict[str, Any]]:
    """A store relationship's ``(key, attributes)``."""
    attrs: dict[str, Any] = {"type": EdgeType(etype)}
    attrs.update({k: native(v) for k, v in props.items() if k != "key" and v is not None})
    return str(props.get("key", etype)), attrs


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


NodeRows = dict[str, tuple[NodeLabel, dict[str, Any]]]
EdgeRows = dict[tuple[EdgeType, str, str, str], dict[str, Any]]


def store_rows(part: Part) -> tuple[NodeRows, EdgeRows]:
    """A part as store rows: node id → (label, row); (type, source, key, target) → row."""
    nodes = {n: (attrs["label"], node_row(n, attrs)) for n, attrs in part.nodes.items()}
    edges = {(attrs["type"], u, key, v): edge_row(u, v, key, attrs) for (u, v, key), attrs in part.edges.items()}
    return nodes, edges


def content_hash(nodes: NodeRows, edges: EdgeRows) -> str:
    """A SHA-256 of store rows, independent of order: equal for equal networks,
    different when any node, edge or value differs.

    >>> a = Part({"X": {"label": NodeLabel.PERSON, "name": "Wang"}})
    >>> b = Part({"X": {"label": NodeLabel.PERSON, "name": "Li"}})
    >>> content_hash(*store_rows(a)) == content_hash(*store_rows(Part(dict(a.nodes))))
    True
    >>> content_hash(*store_rows(a)) == content_hash(*store_rows(b))
    False
    """
    digest = hashlib.sha256()
    for node_id in sorted(nodes):
        label, row = nodes[node_id]
        digest.update(_canonical([label.value, row["props"]]))
    for key in sorted(edges):
        digest.update(_canonical([key[0].value, edges[key]]))
    return digest.hexdigest()


def _canonical(value: Any) -> bytes:
    return (json.dumps(value, sort_keys=True, ensure_ascii=False, default=str) + "\n").encode()


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
    """Answers the triple statements of :mod:`graph.cypher` by name."""

    def triples(self, name: str, **params: Any) -> Part: ...


class GraphReader:
    """The triple statements answered from an in-memory graph.

    Each method mirrors the Cypher statement of the same name; the store's
    conformance tests hold the two to the same answers.
    """

    def __init__(self, G: ResponsibilityGraph) -> None:
        self.G = G

    def triples(self, name: str, **params: Any) -> Part:
        from graph.cypher import statement

        statement(name).check(params)
        part = Part()
        method: Callable[..., Iterable[Link | str]] = getattr(self, f"_{name}")
        for item in method(**params):
            if isinstance(item, str):
                self._node(part, item)
            else:
                self._node(part, item.source)
                self._node(part, item.target)
                part.add_edge(
                    item.source, item.target, item.key, dict(self.G.nx.edges[item.source, item.target, item.key])
                )
        return part

    def _node(self, part: Part, node_id: str) -> None:
        part.add_node(node_id, dict(self.G.node(node_id)))

    def _has(self, ids: Iterable[str], label: NodeLabel | None = None) -> list[str]:
        return [i for i in ids if self.G.has(i, label)]

    def _nodes_with_org(self, ids: list[str]) -> Iterable[Link | str]:
        for node in self._has(ids):
            yield node
            yield from self.G.out(node, EdgeType.IN)

    def _expand(self, ids: list[str], types: list[str], at: date | None) -> Iterable[Link]:
        wanted = [EdgeType(t) for t in types]
        for node in self._has(ids):
            for etype in wanted:
                for link in (*self.G.out(node, etype), *self.G.into(node, etype)):
                    if at is None or link.in_force(at):
                        yield link

    def _trace_case(self, case_id: str) -> Iterable[Link | str]:
        G = self.G
        if not G.has(case_id, NodeLabel.CASE):
            return
        yield case_id
        for etype in (EdgeType.OCCURRED_IN, EdgeType.BREACHES, EdgeType.INVOLVES):
            yield from G.out(case_id, etype)
        for concern in G.into(case_id, EdgeType.CONCERNS):
            yield concern
            yield from G.out(concern.source, EdgeType.TARGETS)
        for occurred in G.out(case_id, EdgeType.OCCURRED_IN):
            for org in G.lineage(occurred.target):
                yield from G.out(org, EdgeType.REPORTS_TO)

    def _trace_ring(self, orgs: list[str], duties: list[str], persons: list[str]) -> Iterable[Link]:
        G = self.G
        for org in self._has(orgs, NodeLabel.ORGANIZATION):
            yield from G.into(org, EdgeType.OVERSEES)
            yield from G.into(org, EdgeType.SUPERVISES)
        for duty in self._has(duties, NodeLabel.DUTY):
            yield from G.into(duty, EdgeType.BEARS)
        for person in self._has(persons, NodeLabel.PERSON):
            yield from G.out(person, EdgeType.HOLDS)

    def _posts_in(self, orgs: list[str]) -> Iterable[Link]:
        for org in self._has(orgs, NodeLabel.ORGANIZATION):
            yield from self.G.into(org, EdgeType.IN)

    def _post_context(self, posts: list[str]) -> Iterable[Link]:
        for post in self._has(posts, NodeLabel.POSITION):
            yield from self.G.out(post, EdgeType.IN)
            yield from self.G.out(post, EdgeType.OVERSEES)
            yield from self.G.into(post, EdgeType.HOLDS)


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
