"""Views: the part of the graph a picture shows.

A :class:`View` is a set of nodes and the links among them, chosen by one of
the selections below; drawing it is the app's business. Selections follow
edges in force on a date, so a view is the network as it stood that day.

- :func:`subtree`: an organization and the organizations under it to a depth,
  with their posts, the holders of those posts and, if asked, their duties.
- :func:`neighbourhood`: every node within a number of hops, both directions.
- :func:`trace_view`: the people, posts, organizations, duties and decisions
  of a case trace, joined by the edges that put each person there.
- :func:`aggregate`: a large view folded into groups (by level or by kind),
  with the number of edges between groups, for pictures that stay readable.
"""

from __future__ import annotations

from collections import Counter, deque
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from graph.model import Link, ResponsibilityGraph
from graph.schema import AccountabilityRole, EdgeType, NodeLabel, level_rank
from queries.trace_result import Involvement, Trace

__all__ = [
    "DEFAULT_EDGE_TYPES",
    "EXPLORE_EDGE_TYPES",
    "AggregateView",
    "Group",
    "View",
    "aggregate",
    "held_posts",
    "merged",
    "neighbourhood",
    "node_level",
    "subtree",
    "trace_view",
]

#: Edge kinds an explore view offers, and those it shows unless told otherwise.
EXPLORE_EDGE_TYPES: tuple[EdgeType, ...] = (
    EdgeType.REPORTS_TO,
    EdgeType.IN,
    EdgeType.HOLDS,
    EdgeType.OVERSEES,
    EdgeType.SUPERVISES,
    EdgeType.BEARS,
)
DEFAULT_EDGE_TYPES: tuple[EdgeType, ...] = EXPLORE_EDGE_TYPES[:-1]

#: Edge kinds that hang a node on one already in a subtree view (the others
#: only join nodes that are in it already).
_ATTACH: tuple[tuple[EdgeType, str], ...] = ((EdgeType.IN, "into"), (EdgeType.HOLDS, "into"), (EdgeType.BEARS, "out"))

Mark = Literal["unexamined", "unfounded"]


@dataclass(frozen=True, slots=True)
class View:
    """Nodes (in the order they were reached) and the links among them.

    ``roles`` gives, in a trace view, each person's first accountability role;
    ``marks`` flags the persons a trace found unexamined or unfounded.
    """

    focus: str
    nodes: tuple[str, ...]
    links: tuple[Link, ...]
    roles: Mapping[str, AccountabilityRole] = field(default_factory=dict)
    marks: Mapping[str, Mark] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.nodes)


def _links_among(G: ResponsibilityGraph, nodes: Iterable[str], types: Iterable[EdgeType], at: date) -> list[Link]:
    """Links of ``types`` in force on ``at`` whose two ends are both in ``nodes``."""
    members = set(nodes)
    found: dict[Link, None] = {}
    for node in members:
        for etype in types:
            for link in G.out(node, etype):
                if link.target in members and link.in_force(at):
                    found[link] = None
    return list(found)


def subtree(
    G: ResponsibilityGraph,
    org_id: str,
    *,
    at: date,
    depth: int = 1,
    edge_types: Iterable[EdgeType] = DEFAULT_EDGE_TYPES,
) -> View:
    """``org_id`` and the organizations up to ``depth`` levels under it, on ``at``.

    Posts hang on their organizations (``IN``), holders on their posts
    (``HOLDS``, in force on ``at``) and duties on their bearers (``BEARS``),
    each only when its edge kind is in ``edge_types``; oversight, supervision
    and reporting lines are drawn between nodes of the view. ``depth=0`` is the
    organization alone.

    Examples
    --------
    >>> from graph.builder import GraphBuilder
    >>> G = (GraphBuilder().organization("C", "City", "party_committee")
    ...      .organization("T", "Town", "party_committee", parent="C")
    ...      .organization("V", "Village", "branch", parent="T")
    ...      .position("T-S", "T", "Secretary", "secretary").person("P", "Wang")
    ...      .tenure("P", "T-S", date(2020, 1, 1)).build())
    >>> subtree(G, "C", at=date(2024, 1, 1), depth=1).nodes
    ('C', 'T', 'T-S', 'P')
    >>> subtree(G, "C", at=date(2024, 1, 1), depth=1, edge_types=[EdgeType.REPORTS_TO]).nodes
    ('C', 'T')
    """
    G.require(org_id, NodeLabel.ORGANIZATION)
    types = tuple(edge_types)
    order = [org_id]
    frontier = [org_id]
    for _ in range(depth):
        frontier = [child for org in frontier for child in G.children(org)]
        order.extend(frontier)
    seen = set(order)
    layer = list(order)
    for etype, direction in _ATTACH:
        if etype not in types:
            continue
        nxt = []
        for node in layer:
            links = G.into(node, etype) if direction == "into" else G.out(node, etype)
            for link in links:
                other = link.source if direction == "into" else link.target
                if other not in seen and link.in_force(at):
                    seen.add(other)
                    nxt.append(other)
        order.extend(nxt)
        layer = layer + nxt
    return View(org_id, tuple(order), tuple(_links_among(G, order, types, at)))


def neighbourhood(
    G: ResponsibilityGraph,
    node_id: str,
    *,
    at: date,
    depth: int = 1,
    edge_types: Iterable[EdgeType] = DEFAULT_EDGE_TYPES,
) -> View:
    """Every node within ``depth`` hops of ``node_id`` along edges of
    ``edge_types`` in force on ``at``, in either direction (breadth first).

    Examples
    --------
    >>> from graph.builder import GraphBuilder
    >>> G = (GraphBuilder().organization("C", "City", "party_committee")
    ...      .organization("T", "Town", "party_committee", parent="C")
    ...      .organization("V", "Village", "branch", parent="T").build())
    >>> neighbourhood(G, "T", at=date(2024, 1, 1)).nodes
    ('T', 'C', 'V')
    >>> len(neighbourhood(G, "V", at=date(2024, 1, 1), depth=2).links)
    2
    """
    G.node(node_id)
    types = tuple(edge_types)
    dist = {node_id: 0}
    queue = deque([node_id])
    while queue:
        node = queue.popleft()
        if dist[node] == depth:
            continue
        for etype in types:
            for link in (*G.out(node, etype), *G.into(node, etype)):
                other = link.target if link.source == node else link.source
                if other not in dist and link.in_force(at):
                    dist[other] = dist[node] + 1
                    queue.append(other)
    return View(node_id, tuple(dist), tuple(_links_among(G, dist, types, at)))


def trace_view(G: ResponsibilityGraph, trace: Trace) -> View:
    """The picture of a trace: the case, where it happened, the breached
    duties, every person of the four roles and of the chain above with the
    posts and organizations that put them there (their basis edges), the
    reporting line of the chain, and the recorded decisions with the persons
    they name.

    Examples
    --------
    >>> from queries.trace import trace_case
    >>> from graph.builder import GraphBuilder
    >>> G = (GraphBuilder().organization("T", "Town", "party_committee")
    ...      .position("T-S", "T", "Secretary", "secretary").person("P", "Wang")
    ...      .tenure("P", "T-S", date(2020, 1, 1))
    ...      .case("K", date(2024, 5, 1), "T", "Misuse of funds")
    ...      .decision("K", "P", "principal_leadership").build())
    >>> V = trace_view(G, trace_case(G, "K", "basic"))
    >>> V.nodes
    ('K', 'T', 'P', 'T-S', 'K/P/principal_leadership')
    >>> dict(V.roles), dict(V.marks)
    ({'P': <AccountabilityRole.PRINCIPAL_LEADERSHIP: 'principal_leadership'>}, {})
    """
    places = [trace.org, *(org for org, _ in trace.orgs)]
    nodes: dict[str, None] = dict.fromkeys([trace.case, *places, *(duty for duty, _ in trace.breached)])
    links: dict[Link, None] = {}
    roles: dict[str, AccountabilityRole] = {}

    def add(inv: Involvement) -> None:
        nodes.update(dict.fromkeys(n for n in (inv.person, inv.position, inv.org) if n))
        for link in inv.basis:
            nodes.update(dict.fromkeys((link.source, link.target)))
            links[link] = None

    for role in AccountabilityRole:
        for inv in trace.roles[role]:
            roles.setdefault(inv.person, role)
            add(inv)
    for level in trace.chain:
        nodes[level.org] = None
        for inv in (*level.secretary, *(h for s in level.supervisors for h in s.heads)):
            add(inv)
    for body in trace.organizations:
        nodes[body.org] = None
        for link in body.basis:
            nodes.update(dict.fromkeys((link.source, link.target)))
            links[link] = None
    for etype in (EdgeType.OCCURRED_IN, EdgeType.BREACHES):
        links.update(dict.fromkeys(G.out(trace.case, etype)))
    chain_orgs = {*places, *(level.org for level in trace.chain)}
    for org in chain_orgs:
        links.update(dict.fromkeys(link for link in G.out(org, EdgeType.REPORTS_TO) if link.target in chain_orgs))
    for concern in G.into(trace.case, EdgeType.CONCERNS):
        nodes[concern.source] = None
        links[concern] = None
        for target in G.out(concern.source, EdgeType.TARGETS):
            nodes[target.target] = None
            links[target] = None
    marks: dict[str, Mark] = {}
    for mark, items in (("unexamined", trace.unexamined), ("unfounded", trace.unfounded)):
        for item in items or ():
            marks[item.get("person") or item["target"]] = mark  # type: ignore[assignment]
    return View(trace.case, tuple(nodes), tuple(links), roles, marks)


def merged(view: View, *others: View) -> View:
    """``view`` with the nodes and links of ``others`` added after its own
    (an expanded neighbourhood), its focus, roles and marks kept."""
    nodes: dict[str, None] = dict.fromkeys(view.nodes)
    links: dict[Link, None] = dict.fromkeys(view.links)
    for other in others:
        nodes.update(dict.fromkeys(other.nodes))
        links.update(dict.fromkeys(other.links))
    return View(view.focus, tuple(nodes), tuple(links), view.roles, view.marks)


def held_posts(view: View) -> dict[str, str]:
    """Each person's post in ``view`` (through its HOLDS links; of several, the
    first by id, whatever order the links came in), which places the person at a level."""
    held: dict[str, str] = {}
    for link in sorted((x for x in view.links if x.type is EdgeType.HOLDS), key=lambda x: (x.source, x.target)):
        held.setdefault(link.source, link.target)
    return held


def node_level(G: ResponsibilityGraph, node_id: str, held: Mapping[str, str] | None = None) -> str:
    """The administrative level a node belongs to: an organization's own, a
    post's organization's, a duty's bound organization's, a case's place's; a
    person's through the post ``held`` maps them to. Empty when unknown."""
    label = G.label(node_id)
    org: str | None = None
    if label is NodeLabel.ORGANIZATION:
        org = node_id
    elif label is NodeLabel.POSITION:
        org = G.org_of(node_id)
    elif label is NodeLabel.PERSON and held and node_id in held:
        org = G.org_of(held[node_id])
    elif label is NodeLabel.DUTY:
        org = G.attr(node_id, "bound_org")
    elif label is NodeLabel.CASE:
        places = G.out(node_id, EdgeType.OCCURRED_IN)
        org = places[0].target if places else None
    return (G.attr(org, "level") or "") if org else ""


def _kind_of(G: ResponsibilityGraph, node_id: str) -> str:
    data = G.node(node_id)
    return str(data.get("kind") or data.get("role") or data.get("category") or "")


@dataclass(frozen=True, slots=True)
class Group:
    """Nodes of one label sharing a level (or kind): ``size`` of them."""

    key: str
    label: NodeLabel
    value: str
    size: int


@dataclass(frozen=True, slots=True)
class AggregateView:
    """A view folded into groups; ``edges`` count the links between groups."""

    focus_group: str
    groups: tuple[Group, ...]
    edges: tuple[tuple[str, str, EdgeType, int], ...]
    total_nodes: int


def aggregate(G: ResponsibilityGraph, view: View, *, by: Literal["level", "kind"] = "level") -> AggregateView:
    """Fold ``view`` into groups of one label and one level (``by="level"``) or
    one kind — organization kind, post role, duty kind (``by="kind"``).

    Examples
    --------
    >>> from graph.builder import GraphBuilder
    >>> G = (GraphBuilder().organization("C", "City", "party_committee", level="市")
    ...      .organization("T1", "Town 1", "party_committee", parent="C", level="乡")
    ...      .organization("T2", "Town 2", "party_committee", parent="C", level="乡").build())
    >>> A = aggregate(G, subtree(G, "C", at=date(2024, 1, 1)))
    >>> [(g.value, g.size) for g in A.groups], A.edges
    ([('市', 1), ('乡', 2)], (('Organization|乡', 'Organization|市', <EdgeType.REPORTS_TO: 'REPORTS_TO'>, 2),))
    """
    held = held_posts(view)

    def value(node: str) -> str:
        return node_level(G, node, held) if by == "level" else _kind_of(G, node)

    key_of: dict[str, str] = {}
    sizes: Counter[str] = Counter()
    meta: dict[str, tuple[NodeLabel, str]] = {}
    for node in view.nodes:
        label, val = G.label(node), value(node)
        key = f"{label.value}|{val}"
        key_of[node] = key
        sizes[key] += 1
        meta[key] = (label, val)
    counts = Counter((key_of[link.source], key_of[link.target], link.type) for link in view.links)
    order = list(NodeLabel)
    groups = sorted(
        (Group(key, *meta[key], sizes[key]) for key in sizes),
        key=lambda g: (level_rank(g.value) if by == "level" else (0, g.value), order.index(g.label)),
    )
    edges = tuple(sorted(((a, b, t, n) for (a, b, t), n in counts.items()), key=lambda e: (e[0], e[1], e[2].value)))
    return AggregateView(key_of[view.focus], tuple(groups), edges, len(view.nodes))
