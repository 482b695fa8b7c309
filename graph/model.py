"""The responsibility graph: a networkx MultiDiGraph plus the indexes every
analysis shares.

Nodes are keyed by their id (ids are unique across all labels) and carry
``label`` (a :class:`~graph.schema.NodeLabel`) and their properties; edges carry
``type`` (an :class:`~graph.schema.EdgeType`) and their properties, with
``start``/``end`` dates on dated edges. The graph is built by
:mod:`graph.builder` and not changed afterwards; its index is built once, on
first use, in one pass over the edges, so every lookup below costs time in
the size of its answer, never a scan of the graph.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import Any

import networkx as nx

from graph.errors import NodeNotFound
from graph.schema import EdgeType, NodeLabel, Role
from graph.temporal import Interval

__all__ = ["Link", "ResponsibilityGraph", "in_force"]

_NAME_ATTR = {
    NodeLabel.ORGANIZATION: "name",
    NodeLabel.PERSON: "name",
    NodeLabel.POSITION: "title",
    NodeLabel.DUTY: "text",
    NodeLabel.LIST: "title",
    NodeLabel.CASE: "title",
}


@dataclass(frozen=True, slots=True)
class Link:
    """One edge of the graph, as the analyses see it.

    ``interval`` is unbounded for undated edges; ``role`` is the BEARS or
    INVOLVES role, ``kind`` the SUPERVISES kind, ``origin`` where a BEARS edge
    came from (an assignment or a template).
    """

    source: str
    target: str
    type: EdgeType
    key: str
    interval: Interval = field(default_factory=Interval)
    role: str | None = None
    kind: str | None = None
    origin: str | None = None

    def in_force(self, day: date) -> bool:
        return self.interval.contains(day)

    def as_dict(self) -> dict[str, Any]:
        """The edge for JSON: ``type``, ``from``, ``to`` and whatever properties it has."""
        out: dict[str, Any] = {"type": self.type.value, "from": self.source, "to": self.target}
        if self.type in (EdgeType.HOLDS, EdgeType.OVERSEES, EdgeType.SUPERVISES):
            out.update(self.interval.as_dict())
        for name in ("role", "kind"):
            if getattr(self, name) is not None:
                out[name] = getattr(self, name)
        return out


def in_force(links: Iterable[Link], day: date) -> list[Link]:
    """The links of ``links`` in force on ``day``."""
    return [link for link in links if link.interval.contains(day)]


_EMPTY: tuple[Link, ...] = ()


class _Index:
    """Edges by type and endpoint, nodes by label: built in one pass."""

    def __init__(self, g: nx.MultiDiGraph) -> None:
        self.by_label: dict[NodeLabel, list[str]] = defaultdict(list)
        for node, label in g.nodes(data="label"):
            self.by_label[label].append(node)
        for ids in self.by_label.values():
            ids.sort()
        self.out: dict[EdgeType, dict[str, list[Link]]] = {t: defaultdict(list) for t in EdgeType}
        self.into: dict[EdgeType, dict[str, list[Link]]] = {t: defaultdict(list) for t in EdgeType}
        self.edge_count: dict[EdgeType, int] = dict.fromkeys(EdgeType, 0)
        for u, v, key, data in g.edges(keys=True, data=True):
            etype: EdgeType = data["type"]
            interval = Interval(data.get("start"), data.get("end"))
            link = Link(u, v, etype, key, interval, data.get("role"), data.get("kind"), data.get("origin"))
            self.out[etype][u].append(link)
            self.into[etype][v].append(link)
            self.edge_count[etype] += 1
        for table in (*self.out.values(), *self.into.values()):
            for links in table.values():
                links.sort(key=_link_order)


def _link_order(link: Link) -> tuple[date, str, str]:
    return (link.interval.start or date.min, link.source, link.target)


class ResponsibilityGraph:
    """Organizations, posts, people and duties as one typed, time-aware graph.

    Parameters
    ----------
    g
        A MultiDiGraph whose nodes and edges follow :mod:`graph.schema`; use
        :class:`graph.builder.GraphBuilder` or :func:`graph.builder.build_graph`
        to make one.

    Examples
    --------
    >>> from graph.builder import GraphBuilder
    >>> G = (GraphBuilder()
    ...      .organization("T", "Town committee", "party_committee")
    ...      .position("T-S", "T", "Secretary", "secretary")
    ...      .person("P1", "Wang").person("P2", "Li")
    ...      .tenure("P1", "T-S", date(2020, 1, 1), date(2023, 6, 30))
    ...      .tenure("P2", "T-S", date(2023, 7, 1))
    ...      .build())
    >>> [h.source for h in G.holders_on("T-S", date(2023, 6, 30))]
    ['P1']
    >>> [h.source for h in G.holders_on("T-S", date(2023, 7, 1))]
    ['P2']
    """

    def __init__(self, g: nx.MultiDiGraph) -> None:
        self._g = g

    # ------------------------------------------------------------ nodes
    @property
    def nx(self) -> nx.MultiDiGraph:
        """The underlying networkx graph (read it; do not change it)."""
        return self._g

    @cached_property
    def _index(self) -> _Index:
        return _Index(self._g)

    def __contains__(self, node_id: object) -> bool:
        return node_id in self._g

    def __len__(self) -> int:
        return int(self._g.number_of_nodes())

    def label(self, node_id: str) -> NodeLabel:
        label: NodeLabel = self._g.nodes[node_id]["label"]
        return label

    def has(self, node_id: str, label: NodeLabel | None = None) -> bool:
        """Whether ``node_id`` is a node (of ``label``, when given)."""
        return node_id in self._g and (label is None or self._g.nodes[node_id]["label"] == label)

    def node(self, node_id: str) -> Mapping[str, Any]:
        """The node's attributes (read-only view)."""
        attrs: Mapping[str, Any] = self._g.nodes[node_id]
        return attrs

    def require(self, node_id: str, label: NodeLabel) -> Mapping[str, Any]:
        """The node's attributes, or :class:`NodeNotFound` if it is no ``label`` node."""
        if not self.has(node_id, label):
            raise NodeNotFound(node_id=node_id, label=label.value)
        return self.node(node_id)

    def name(self, node_id: str) -> str:
        """A display name: an organization's or person's name, a post's title,
        a duty's text, a case's title; the id for anything else."""
        attrs = self._g.nodes[node_id]
        attr = _NAME_ATTR.get(attrs["label"])
        return str(attrs.get(attr) or node_id) if attr else node_id

    def ids(self, label: NodeLabel) -> list[str]:
        """Every node id of ``label``, sorted."""
        return self._index.by_label.get(label, [])

    # ------------------------------------------------------------ edges
    def out(self, node_id: str, etype: EdgeType) -> list[Link] | tuple[Link, ...]:
        """Edges of ``etype`` leaving ``node_id``, oldest first."""
        return self._index.out[etype].get(node_id, _EMPTY)

    def into(self, node_id: str, etype: EdgeType) -> list[Link] | tuple[Link, ...]:
        """Edges of ``etype`` entering ``node_id``, oldest first."""
        return self._index.into[etype].get(node_id, _EMPTY)

    def links(self, etype: EdgeType) -> Iterator[Link]:
        """Every edge of ``etype``."""
        for links in self._index.out[etype].values():
            yield from links

    def edges_in_force(self, day: date, etype: EdgeType | None = None) -> Iterator[Link]:
        """Every edge (of ``etype``, when given) in force on ``day``; undated
        edges are always in force."""
        for t in [etype] if etype else list(EdgeType):
            for link in self.links(t):
                if link.interval.contains(day):
                    yield link

    def edge_counts(self) -> dict[EdgeType, int]:
        return dict(self._index.edge_count)

    def node_counts(self) -> dict[NodeLabel, int]:
        return {label: len(ids) for label, ids in self._index.by_label.items()}

    # ------------------------------------------------------------ structure
    def parent(self, org_id: str) -> str | None:
        """The organization ``org_id`` reports to, or None at the top."""
        up = self.out(org_id, EdgeType.REPORTS_TO)
        return up[0].target if up else None

    def ancestors(self, org_id: str) -> list[str]:
        """The organizations above ``org_id``, nearest first (``org_id`` excluded)."""
        chain: list[str] = []
        node = self.parent(org_id)
        while node is not None:
            chain.append(node)
            node = self.parent(node)
        return chain

    def lineage(self, org_id: str) -> list[str]:
        """``org_id`` followed by its ancestors, nearest first."""
        return [org_id, *self.ancestors(org_id)]

    def children(self, org_id: str) -> list[str]:
        return [link.source for link in self.into(org_id, EdgeType.REPORTS_TO)]

    def org_of(self, position_id: str) -> str:
        """The organization a post sits in."""
        return self.out(position_id, EdgeType.IN)[0].target

    def positions_in(self, org_id: str, roles: Iterable[Role] | None = None) -> list[str]:
        """The posts in ``org_id`` (of one of ``roles``, when given), sorted."""
        wanted = None if roles is None else {Role(r) for r in roles}
        posts = [link.source for link in self.into(org_id, EdgeType.IN)]
        if wanted is not None:
            posts = [p for p in posts if self._g.nodes[p]["role"] in wanted]
        return sorted(posts)

    # ------------------------------------------------------------ time
    def holders_on(self, position_id: str, day: date) -> list[Link]:
        """The HOLDS edges of ``position_id`` in force on ``day`` (their ``source``
        is the person). Intervals are inclusive at both ends."""
        return in_force(self.into(position_id, EdgeType.HOLDS), day)

    def is_vacant(self, position_id: str, day: date) -> bool:
        return not self.holders_on(position_id, day)

    def posts_held_on(self, person_id: str, day: date) -> list[Link]:
        """The HOLDS edges of ``person_id`` in force on ``day`` (``target`` is the post)."""
        return in_force(self.out(person_id, EdgeType.HOLDS), day)

    def overseers_on(self, org_id: str, day: date) -> list[Link]:
        """OVERSEES edges into ``org_id`` in force on ``day`` (``source`` is the post)."""
        return in_force(self.into(org_id, EdgeType.OVERSEES), day)

    def oversees_on(self, position_id: str, day: date) -> list[Link]:
        """OVERSEES edges from ``position_id`` in force on ``day`` (``target`` is the org)."""
        return in_force(self.out(position_id, EdgeType.OVERSEES), day)

    def supervisors_on(self, org_id: str, day: date) -> list[Link]:
        """SUPERVISES edges into ``org_id`` in force on ``day`` (``source`` supervises)."""
        return in_force(self.into(org_id, EdgeType.SUPERVISES), day)

    # ------------------------------------------------------------ duties
    def bearers(self, duty_id: str) -> list[Link] | tuple[Link, ...]:
        """BEARS edges into a duty (``source`` is a post or an organization)."""
        return self.into(duty_id, EdgeType.BEARS)

    def duties_of(self, bearer_id: str) -> list[Link] | tuple[Link, ...]:
        """BEARS edges from a post or organization (``target`` is the duty)."""
        return self.out(bearer_id, EdgeType.BEARS)

    def records_of(self, duty_id: str) -> list[Link] | tuple[Link, ...]:
        """FULFILS edges into a duty (``source`` is the record)."""
        return self.into(duty_id, EdgeType.FULFILS)

    def performer(self, record_id: str) -> str:
        """The person who performed a record."""
        return self.into(record_id, EdgeType.PERFORMED)[0].source
