"""The responsibility graph: typed, time-aware traversal over the columnar
core (:mod:`graph.core`).

Nodes are keyed by their id (ids are unique across all labels) and carry
``label`` (a :class:`~graph.schema.NodeLabel`) and their properties; edges carry
``type`` (an :class:`~graph.schema.EdgeType`) and their properties, with
``start``/``end`` dates on dated edges. The graph is built by
:mod:`graph.builder` and not changed afterwards. A node's edges are found by
binary search in arrays sorted once at build time, so every lookup below costs
time in the size of its answer, never a scan of the graph; :attr:`nx` gives the
same graph as a networkx MultiDiGraph, made on first use.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping
from datetime import date
from functools import cached_property
from typing import TYPE_CHECKING, Any, TypeVar

import numpy as np

from graph.coded import Coded
from graph.core import GraphCore, day_of
from graph.errors import NodeNotFound
from graph.links import Link, LinkMaker, edge_attrs, edge_key, in_force
from graph.schema import LABELS, EdgeType, NodeLabel, Role
from graph.temporal import Term

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["Link", "ResponsibilityGraph", "edge_attrs", "edge_key", "in_force"]

_T = TypeVar("_T")


_EMPTY: tuple[Link, ...] = ()
#: How many nodes' edge lists are kept made up (a trace or a view asks for the
#: same few again and again; a scan over everything would fill memory).
_CACHE_LIMIT = 200_000
#: How many Links :meth:`ResponsibilityGraph.links` makes at a time.
_CHUNK = 4096
#: The roles asked of :meth:`ResponsibilityGraph.positions_in`, as sets (a handful).
_WANTED: dict[tuple[Role | str, ...], frozenset[Role]] = {}


class ResponsibilityGraph:
    """Organizations, posts, people and duties as one typed, time-aware graph.

    Parameters
    ----------
    core
        The columnar core (:class:`graph.core.GraphCore`) whose nodes and edges
        follow :mod:`graph.schema`; use :class:`graph.builder.GraphBuilder` or
        :func:`graph.builder.build_graph` to make one. :attr:`nx` gives the same
        graph as a networkx MultiDiGraph when a library wants one.

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

    def __init__(self, core: GraphCore) -> None:
        self.core = core
        self._links: dict[tuple[str, EdgeType, bool], list[Link] | tuple[Link, ...]] = {}
        self._sorted_ids: dict[NodeLabel, list[str]] = {}
        self._posts: dict[tuple[str, tuple[Role | str, ...] | None], list[str]] = {}
        self._posts_roles: dict[str, list[tuple[str, Role]]] = {}
        self._derived: dict[Hashable, Any] = {}
        self._names: dict[str, str] = {}
        self._maker = LinkMaker(core.ids)

    def __getstate__(self) -> dict[str, Any]:
        return {"core": self.core}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__(state["core"])  # type: ignore[misc]

    def derived(self, key: Hashable, make: Callable[[], _T]) -> _T:
        """A value worked out from the graph once and kept with it (an index a
        scan needs): ``make()`` on the first call for ``key``. The graph never
        changes, so nothing kept here goes stale."""
        if key not in self._derived:
            self._derived[key] = make()
        value: _T = self._derived[key]
        return value

    # ------------------------------------------------------------ nodes
    @cached_property
    def nx(self) -> nx.MultiDiGraph:
        """The graph as a networkx MultiDiGraph, made on first use (read it; do
        not change it). Nodes carry ``label`` and their attributes, edges
        ``type`` and theirs; keys are :func:`edge_key`."""
        import networkx as nx  # only here: the engine never needs it, a CLI run is spared its import

        g = nx.MultiDiGraph()
        core = self.core
        g.add_nodes_from((node_id, core.attrs(i)) for i, node_id in enumerate(core.ids))
        for etype in EdgeType:
            for link in self.links(etype):
                g.add_edge(link.source, link.target, key=link.key, **edge_attrs(link))
        return g

    def __contains__(self, node_id: object) -> bool:
        return node_id in self.core.pos

    def __len__(self) -> int:
        return len(self.core.ids)

    def label(self, node_id: str) -> NodeLabel:
        return self.core.label_of(self.core.pos[node_id])

    def has(self, node_id: str, label: NodeLabel | None = None) -> bool:
        """Whether ``node_id`` is a node (of ``label``, when given)."""
        i = self.core.pos.get(node_id)
        return i is not None and (label is None or self.core.label_of(i) == label)

    def node(self, node_id: str) -> Mapping[str, Any]:
        """The node's attributes (a copy: changing it changes nothing)."""
        return self.core.attrs(self.core.pos[node_id])

    def attr(self, node_id: str, name: str) -> Any:
        """One attribute of the node (None when unset), without copying the others."""
        return self.core.attr(self.core.pos[node_id], name)

    def require(self, node_id: str, label: NodeLabel) -> Mapping[str, Any]:
        """The node's attributes, or :class:`NodeNotFound` if it is no ``label`` node."""
        if not self.has(node_id, label):
            raise NodeNotFound(node_id=node_id, label=label.value)
        return self.node(node_id)

    def name(self, node_id: str) -> str:
        """A display name: an organization's or person's name, a post's title,
        a duty's text, a case's title; the id for anything else."""
        found = self._names.get(node_id)
        if found is None:
            if len(self._names) >= _CACHE_LIMIT:
                self._names.clear()
            found = self._names[node_id] = self.core.name(self.core.pos[node_id])
        return found

    def ids(self, label: NodeLabel) -> list[str]:
        """Every node id of ``label``, sorted."""
        found = self._sorted_ids.get(label)
        if found is None:
            ids = self.core.ids
            found = self._sorted_ids[label] = sorted(ids[i] for i in self.core.of_label(label))
        return found

    # ------------------------------------------------------------ edges
    def _edges_at(self, node_id: str, etype: EdgeType, leaving: bool) -> list[Link] | tuple[Link, ...]:
        """A node's edges of a type made up and kept (what :meth:`out` and
        :meth:`into` find kept, keyed by the id: a hit reads no index)."""
        core, links = self.core, self._links
        i = core.pos.get(node_id)
        if i is None:
            return _EMPTY
        table = core.edges[etype]
        numbers = table.numbers(i, leaving)
        if len(links) >= _CACHE_LIMIT:
            links.clear()
        # none kept too: a trace asks a level above for links it has none of again and again
        found = links[(node_id, etype, leaving)] = (
            self._maker.make(etype, table, numbers, (node_id, leaving)) if numbers else _EMPTY
        )
        return found

    def out(self, node_id: str, etype: EdgeType) -> list[Link] | tuple[Link, ...]:
        """Edges of ``etype`` leaving ``node_id``, oldest first."""
        found = self._links.get((node_id, etype, True))
        return self._edges_at(node_id, etype, True) if found is None else found

    def into(self, node_id: str, etype: EdgeType) -> list[Link] | tuple[Link, ...]:
        """Edges of ``etype`` entering ``node_id``, oldest first."""
        found = self._links.get((node_id, etype, False))
        return self._edges_at(node_id, etype, False) if found is None else found

    def link_at(self, etype: EdgeType, e: int) -> Link:
        """Edge number ``e`` of ``etype`` (its row in the type's columns)."""
        return self._maker.make(etype, self.core.edges[etype], (e,))[0]

    def links(self, etype: EdgeType) -> Iterator[Link]:
        """Every edge of ``etype``, by source."""
        table = self.core.edges[etype]
        for chunk in range(0, len(table), _CHUNK):
            yield from self._maker.make(etype, table, table.out_perm[chunk : chunk + _CHUNK].tolist())

    def edges_in_force(self, day: date, etype: EdgeType | None = None) -> Iterator[Link]:
        """Every edge (of ``etype``, when given) in force on ``day``; undated
        edges are always in force."""
        for t in [etype] if etype else list(EdgeType):
            table = self.core.edges[t]
            mask = table.in_force(day)[table.out_perm]
            numbers = table.out_perm[mask]
            for chunk in range(0, len(numbers), _CHUNK):
                yield from self._maker.make(t, table, numbers[chunk : chunk + _CHUNK].tolist())

    def edge_counts(self) -> dict[EdgeType, int]:
        return {t: len(table) for t, table in self.core.edges.items()}

    def node_counts(self) -> dict[NodeLabel, int]:
        counts = np.bincount(self.core.labels, minlength=len(LABELS))
        return {label: int(counts[i]) for i, label in enumerate(LABELS) if counts[i]}

    # ------------------------------------------------------------ structure
    def _first(self, node_id: str, etype: EdgeType, leaving: bool) -> str | None:
        """The other end of ``node_id``'s first edge of ``etype`` (for the types a
        node has one of: a parent, a post's organization), read from the arrays."""
        i = self.core.pos.get(node_id)
        if i is None:
            return None
        table = self.core.edges[etype]
        e = table.first(i, leaving)
        if e is None:
            return None
        other: int = (table.row[1] if leaving else table.row[0])[e]
        return self.core.ids[other]

    def parent(self, org_id: str) -> str | None:
        """The organization ``org_id`` reports to, or None at the top."""
        return self._first(org_id, EdgeType.REPORTS_TO, True)

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
        org = self._first(position_id, EdgeType.IN, True)
        if org is None:
            raise NodeNotFound(node_id=position_id, label=NodeLabel.POSITION.value)
        return org

    def positions_in(self, org_id: str, roles: Iterable[Role] | None = None) -> list[str]:
        """The posts in ``org_id`` (of one of ``roles``, when given), sorted."""
        asked = None if roles is None else tuple(roles)
        found = self._posts.get((org_id, asked))
        if found is None:
            posts = self._roles_in(org_id)
            if asked is None:
                found = [p for p, _ in posts]
            else:
                wanted = _WANTED.get(asked)
                if wanted is None:
                    wanted = _WANTED[asked] = frozenset(Role(r) for r in asked)
                found = [p for p, role in posts if role in wanted]
            if len(self._posts) >= _CACHE_LIMIT:
                self._posts.clear()
            self._posts[(org_id, asked)] = found
        return list(found)

    def _roles_in(self, org_id: str) -> list[tuple[str, Role]]:
        """The posts in ``org_id`` with their roles, sorted by id (kept: a trace asks
        one organization for its secretary, then its heads, then its members)."""
        found = self._posts_roles.get(org_id)
        if found is None:
            core, i = self.core, self.core.pos.get(org_id)
            if i is None:
                found = []
            else:
                table = core.edges[EdgeType.IN]
                src, ids, rows = table.row[0], core.ids, core.row_at
                roles = core.column(NodeLabel.POSITION, "role")
                # the roles read as codes (not through Coded's __getitem__, a call each)
                values, codes = (roles.values, roles.codes.data) if isinstance(roles, Coded) else (None, roles)
                posts = [src[e] for e in table.numbers(i, False)]
                if values is None:
                    found = sorted([(ids[p], codes[rows[p]]) for p in posts])
                else:
                    found = sorted([(ids[p], values[codes[rows[p]]]) for p in posts])
            if len(self._posts_roles) >= _CACHE_LIMIT:
                self._posts_roles.clear()
            self._posts_roles[org_id] = found
        return found

    # ------------------------------------------------------------ time
    def holders_on(self, position_id: str, day: date) -> list[Link]:
        """The HOLDS edges of ``position_id`` in force on ``day`` (their ``source``
        is the person). Intervals are inclusive at both ends."""
        return in_force(self.into(position_id, EdgeType.HOLDS), day)

    def terms(self, position_id: str) -> list[Term]:
        """Every term of ``position_id``: who held it, from, to (oldest first),
        read from the columns without making an edge object each."""
        i = self.core.pos.get(position_id)
        if i is None:
            return []
        holds = self.core.edges[EdgeType.HOLDS]
        numbers = holds.entering(i)
        ids = self.core.ids
        return [
            Term(ids[p], day_of(a), day_of(b))
            for p, a, b in zip(
                holds.src[numbers].tolist(), holds.start[numbers].tolist(), holds.end[numbers].tolist(), strict=True
            )
        ]

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
        person = self._first(record_id, EdgeType.PERFORMED, False)
        if person is None:
            raise NodeNotFound(node_id=record_id, label=NodeLabel.RECORD.value)
        return person
