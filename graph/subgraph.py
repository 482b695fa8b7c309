"""Parts of the graph read from a store.

A :class:`Part` is a set of nodes and edges in the graph's own form (node
attributes and edge keys as :mod:`graph.builder` makes them); a part becomes a
:class:`~graph.model.ResponsibilityGraph` through the builder, with the same
checks.

A :class:`Reader` answers the named triple statements of :mod:`store.cypher`
(``trace_case``, ``trace_ring``, ``posts_in``, ``post_context``, ``expand``,
``among``, ``nodes_with_org``). The Neo4j store answers them with Cypher;
:class:`store.reader.GraphReader` answers them from an in-memory graph, the
reference the store's conformance tests compare against. The rounds below
drive either reader, so each question reads only what it needs:

- :func:`trace_part`: what the case trace reads;
- :func:`neighbourhood_part` and :func:`subtree_part`: what the explore
  views select, with every edge among the selected nodes;
- :func:`details_part`: what the app says of a node (its posts and their
  holders, the posts a person holds with what they oversee and bear ...);
- :func:`scope_part`: what a user scoped to some subtrees may see.

Each is held by the tests to give, on its part, the answer the whole graph gives.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Protocol

from graph.errors import CaseNotFound, ViewTooLarge
from graph.model import ResponsibilityGraph
from graph.schema import EdgeType, NodeLabel

__all__ = [
    "DETAIL_TYPES",
    "Part",
    "Reader",
    "details_part",
    "dossier_part",
    "findings_part",
    "graph_part",
    "neighbourhood_part",
    "scope_part",
    "subtree_part",
    "trace_part",
]

#: The edges the app's details of a node follow (posts, holders, oversight, duties).
DETAIL_TYPES: tuple[EdgeType, ...] = (EdgeType.IN, EdgeType.HOLDS, EdgeType.OVERSEES, EdgeType.BEARS)


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
    """Answers the triple statements of :mod:`store.cypher` by name, and
    counts what an ``expand`` would reach (``expand_count``)."""

    def triples(self, name: str, **params: Any) -> Part: ...

    def reach(self, ids: list[str], types: list[str], at: date | None) -> int:
        """How many nodes ``expand`` with these parameters would return besides ``ids``
        (at most; some may be read already)."""
        ...


@dataclass
class _Budget:
    """At most ``limit`` nodes in a part (None: no limit): each expansion is
    counted by the reader before it is read, and refused past the limit."""

    reader: Reader
    part: Part
    limit: int | None

    def expand(self, ids: list[str], types: list[str], at: date | None) -> Part:
        if self.limit is not None and ids:
            count = len(self.part.nodes) + self.reader.reach(ids, types, at)
            if count > self.limit:
                raise ViewTooLarge(count=count, limit=self.limit)
        found = self.reader.triples("expand", ids=ids, types=types, at=at)
        self.part.merge(found)
        return found


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
    if part.nodes[case_id].get("period_start"):  # a period: every holder's posts today too (``now``)
        persons = sorted({u for u, _ in part.links(EdgeType.HOLDS)})
        part.merge(reader.triples("trace_ring", orgs=[], duties=[], persons=persons))
        more = set(part.ids(NodeLabel.POSITION)) - posts
        part.merge(reader.triples("post_context", posts=sorted(more)))
    return part


def _types(edge_types: Iterable[EdgeType]) -> list[str]:
    return sorted({t.value for t in edge_types})


def _placed(reader: Reader, part: Part) -> Part:
    """``part`` with each of its posts' organization and each duty's bound organization."""
    bound = {attrs.get("bound_org") for attrs in part.nodes.values() if attrs["label"] is NodeLabel.DUTY}
    missing = sorted({*part.unplaced_posts(), *(b for b in bound if b and b not in part.nodes)})
    return part.merge(reader.triples("nodes_with_org", ids=missing)) if missing else part


def neighbourhood_part(
    reader: Reader,
    ids: Iterable[str],
    *,
    depth: int = 1,
    edge_types: Iterable[EdgeType] = tuple(EdgeType),
    at: date | None = None,
    limit: int | None = None,
) -> Part:
    """Every node within ``depth`` hops of ``ids`` along ``edge_types`` (in force
    on ``at``, when given), either direction, with every such edge among them,
    each post's organization and each duty's bound organization.

    Raises
    ------
    ViewTooLarge
        The part would hold more than ``limit`` nodes (counted before each hop is read).
    """
    types = _types(edge_types)
    part = reader.triples("nodes_with_org", ids=sorted(set(ids)))
    budget = _Budget(reader, part, limit)
    seen = set(part.nodes)
    frontier = sorted(seen)
    for _ in range(depth):
        if not frontier:
            break
        budget.expand(frontier, types, at)
        frontier = sorted(set(part.nodes) - seen)
        seen |= set(frontier)
    if frontier:  # the last ring's edges among themselves
        part.merge(reader.triples("among", ids=frontier, types=types, at=at))
    return _placed(reader, part)


def _below(budget: _Budget, tops: set[str], depth: int | None) -> set[str]:
    """``tops`` and the organizations reporting to them, ``depth`` levels down
    (None: all the way), read into the budget's part with their reporting lines."""
    orgs, frontier = set(tops), sorted(tops)
    while frontier and (depth is None or depth > 0):
        down = budget.expand(frontier, [EdgeType.REPORTS_TO.value], None)
        above = set(frontier)
        frontier = sorted({u for u, v in down.links(EdgeType.REPORTS_TO) if v in above} - orgs)
        orgs |= set(frontier)
        depth = None if depth is None else depth - 1
    return orgs


def subtree_part(
    reader: Reader,
    org_id: str,
    *,
    depth: int,
    edge_types: Iterable[EdgeType],
    at: date | None = None,
    limit: int | None = None,
) -> Part:
    """What :func:`queries.views.subtree` selects: ``org_id`` and the
    organizations ``depth`` levels under it, what hangs on them (posts,
    holders, duties) along ``edge_types`` in force on ``at``, and every edge of
    those types among them.

    Raises
    ------
    ViewTooLarge
        The part would hold more than ``limit`` nodes (counted before each step is read).
    """
    wanted = set(edge_types)
    types = _types(wanted)
    part = reader.triples("nodes_with_org", ids=[org_id])
    budget = _Budget(reader, part, limit)
    layer = _below(budget, {org_id}, depth)
    for etype in (EdgeType.IN, EdgeType.HOLDS, EdgeType.BEARS):  # the order subtree hangs them on
        if etype in wanted:
            layer |= set(budget.expand(sorted(layer), [etype.value], at).nodes)
    part.merge(reader.triples("among", ids=sorted(layer), types=types, at=at))
    return _placed(reader, part)


def details_part(reader: Reader, ids: Iterable[str]) -> Part:
    """What the app says of each of ``ids`` on any date: its edges of
    :data:`DETAIL_TYPES`; for an organization, the holders of its posts; for a
    person, the organization, oversight and duties of the posts they held."""
    wanted = sorted(set(ids))
    part = reader.triples("nodes_with_org", ids=wanted)
    part.merge(reader.triples("expand", ids=wanted, types=_types(DETAIL_TYPES), at=None))
    chosen = set(wanted)
    for posts, etypes in (
        ({u for u, v in part.links(EdgeType.IN) if v in chosen}, (EdgeType.HOLDS,)),
        ({v for u, v in part.links(EdgeType.HOLDS) if u in chosen}, (EdgeType.IN, EdgeType.OVERSEES, EdgeType.BEARS)),
    ):
        if posts - chosen:
            part.merge(reader.triples("expand", ids=sorted(posts - chosen), types=_types(etypes), at=None))
    return _placed(reader, part)


def dossier_part(reader: Reader, node: str) -> Part:
    """What the dossier of ``node`` reads (:mod:`queries.dossier`), on any date.
    A person: their terms, cases, decisions and records, with each post's
    organization, oversight and duties, each decision's case and each record's
    duty. An organization: its posts with their terms and duties, its
    overseers with theirs, its supervisors, its own duties and its cases —
    not the organizations below it."""
    part = reader.triples("nodes_with_org", ids=[node])
    if node not in part.nodes:
        return part

    def grow(ids: Iterable[str], *etypes: EdgeType) -> set[str]:
        wanted = sorted(set(ids))
        if not wanted:
            return set()
        step = reader.triples("expand", ids=wanted, types=_types(etypes), at=None)
        part.merge(step)
        return set(step.nodes) - set(wanted)

    def of(ids: set[str], label: NodeLabel) -> set[str]:
        return {n for n in ids if part.nodes[n]["label"] is label}

    if part.nodes[node]["label"] is NodeLabel.PERSON:
        near = grow([node], EdgeType.HOLDS, EdgeType.INVOLVES, EdgeType.TARGETS, EdgeType.PERFORMED)
        grow(of(near, NodeLabel.POSITION), EdgeType.IN, EdgeType.OVERSEES, EdgeType.BEARS)
        grow(of(near, NodeLabel.DECISION), EdgeType.CONCERNS)
        grow(of(near, NodeLabel.RECORD), EdgeType.FULFILS)
    else:
        near = grow([node], EdgeType.IN, EdgeType.OVERSEES, EdgeType.SUPERVISES, EdgeType.BEARS, EdgeType.OCCURRED_IN)
        grow(of(near, NodeLabel.POSITION), EdgeType.HOLDS, EdgeType.IN, EdgeType.BEARS)
    return _placed(reader, part)


def findings_part(reader: Reader, subjects: Iterable[str], named: Iterable[str], at: date) -> Part:
    """What places some findings and names their people: each subject with
    what places it (its organization, a duty's bearers, a case's
    organizations; a duty's bearers only when no organization is bound to
    it), and each of the ``named`` ids with its organization and, for a post,
    its holders on ``at`` — nothing else of their neighbourhoods."""
    places, people = sorted(set(subjects)), sorted(set(named) - set(subjects))
    part = reader.triples("nodes_with_org", ids=sorted({*places, *people}))
    by_label: dict[NodeLabel, list[str]] = {}
    for node in sorted({*places, *people}):
        if node in part.nodes:
            by_label.setdefault(part.nodes[node]["label"], []).append(node)
    wanted_posts = {*people, *places} if people else set()
    unbound = {d for d in places if d in part.nodes and not part.nodes[d].get("bound_org")}  # placed by a bearer
    for label, etype, day, among in (
        (NodeLabel.POSITION, EdgeType.HOLDS, at, wanted_posts),
        (NodeLabel.DUTY, EdgeType.BEARS, None, unbound),
        (NodeLabel.CASE, EdgeType.OCCURRED_IN, None, set(places)),
    ):
        ids = [n for n in by_label.get(label, ()) if n in among]
        if ids:
            part.merge(reader.triples("expand", ids=ids, types=_types((etype,)), at=day))
    return _placed(reader, part)


def scope_part(reader: Reader, roots: Iterable[str]) -> Part:
    """Everything :func:`graph.scope.scoped_graph` keeps of the subtrees
    under ``roots`` (and a little around it, which the scoped graph drops):
    the organizations below them, their posts and holders, duties and lists,
    cases with the persons, decisions and targets, records and performers,
    and every edge among those."""
    everything = _types(EdgeType)
    part = reader.triples("nodes_with_org", ids=sorted(set(roots)))
    orgs = _below(_Budget(reader, part, None), set(part.ids(NodeLabel.ORGANIZATION)), None)

    def grow(ids: Iterable[str], *etypes: EdgeType) -> set[str]:
        step = reader.triples("expand", ids=sorted(set(ids)), types=_types(etypes), at=None)
        part.merge(step)
        return set(step.nodes)

    near = grow(orgs, EdgeType.IN, EdgeType.BEARS, EdgeType.OCCURRED_IN)
    posts = {n for n in near if part.nodes[n]["label"] is NodeLabel.POSITION}
    near |= grow(posts, EdgeType.HOLDS, EdgeType.BEARS)
    duties = {n for n in near if part.nodes[n]["label"] is NodeLabel.DUTY}
    cases = {n for n in near if part.nodes[n]["label"] is NodeLabel.CASE}
    near |= grow(duties, EdgeType.DEFINED_IN, EdgeType.FULFILS)
    near |= grow(cases, EdgeType.INVOLVES, EdgeType.CONCERNS)
    later = {n for n in near if part.nodes[n]["label"] in (NodeLabel.DECISION, NodeLabel.RECORD)}
    near |= grow(later, EdgeType.TARGETS, EdgeType.PERFORMED)
    part.merge(reader.triples("among", ids=sorted(near | orgs), types=everything, at=None))
    return part
