"""How two things are linked on a date: the shortest responsibility paths
between any two nodes, each step explained as a sentence with its dates.

A path runs along edges in force on the date (undated edges always are) and
through nodes that exist on it (a case, decision or record only from its own
date; the two ends are taken as asked for), in either direction — a person
*holds* a post that *is in* a unit that *reports to* a committee — and visits
no node twice. Paths come shortest first, up to ``limit`` of them and none
longer than ``max_hops`` edges; paths of the same length come in the order of
their node ids (up to :data:`MAX_TIES` ties looked at). Between two
consecutive nodes linked more than once, the step names the first link by the
order of :class:`~graph.schema.EdgeType` (then by key).

The search reads only what a path of ``max_hops`` edges could touch: every
node of such a path lies within ``max_hops // 2`` steps of one of its
ends, so two balls of that radius hold every candidate; the shortest simple
paths (Yen's algorithm, by networkx) are then found among them.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from itertools import islice, pairwise
from typing import Any

import networkx as nx

from graph.errors import NodeNotFound, RespnetError
from graph.i18n import DEFAULT_LANG, Lang, t, term
from graph.model import Link, ResponsibilityGraph
from graph.schema import DATED_EDGES, EDGES, EdgeType, NodeLabel
from graph.temporal import day_text
from queries.labels import post_label, short_text

__all__ = ["MAX_HOPS", "PATH_EDGE_TYPES", "LinkPath", "paths", "step_sentence"]

#: The edges a path runs along by default: everything but the list a duty is
#: defined in and the performance records (hubs that link everything to everything).
PATH_EDGE_TYPES: tuple[EdgeType, ...] = tuple(
    e for e in EdgeType if e not in (EdgeType.DEFINED_IN, EdgeType.FULFILS, EdgeType.PERFORMED)
)
#: The longest path looked for, in edges.
MAX_HOPS = 6
#: Paths as long as the last one wanted, looked at beyond ``limit`` to choose among
#: them by id (so the answer does not depend on how the graph is stored).
MAX_TIES = 200

_ORDER = {etype: i for i, etype in enumerate(EdgeType)}


@dataclass(frozen=True, slots=True)
class LinkPath:
    """Nodes from one end to the other, and the link of each step."""

    nodes: tuple[str, ...]
    links: tuple[Link, ...]

    def __len__(self) -> int:
        return len(self.links)

    def sentence(self, G: ResponsibilityGraph, lang: Lang = DEFAULT_LANG) -> str:
        """Every step as a sentence, joined."""
        parts = [step_sentence(G, link, lang) for link in self.links]
        return t("path.joined", lang, steps=t("path.separator", lang).join(parts))

    def to_dict(self, G: ResponsibilityGraph, lang: Lang = DEFAULT_LANG) -> dict[str, Any]:
        """The JSON form: ``nodes``, ``edges`` (type, source, target, start, end, sentence), ``sentence``."""
        edges = []
        for link in self.links:
            dates = link.interval.as_dict() if link.type in DATED_EDGES else {"start": None, "end": None}
            edges.append(
                {
                    "type": link.type.value,
                    "source": link.source,
                    "target": link.target,
                    **dates,
                    "sentence": step_sentence(G, link, lang),
                }
            )
        return {"nodes": list(self.nodes), "edges": edges, "sentence": self.sentence(G, lang)}


def _named(G: ResponsibilityGraph, node: str, lang: Lang) -> str:
    label = G.label(node)
    if label is NodeLabel.POSITION:
        return post_label(G, node)
    if label is NodeLabel.DUTY:
        return f"“{short_text(G.name(node), 30)}”"
    if label is NodeLabel.DECISION:
        return t("path.decision", lang, form=G.attr(node, "form") or node)
    if label in (NodeLabel.CASE, NodeLabel.RECORD):
        return f"{G.name(node)}（{node}）" if G.name(node) != node else node
    return G.name(node)


def step_sentence(G: ResponsibilityGraph, link: Link, lang: Lang = DEFAULT_LANG) -> str:
    """One step of a path: who or what, how linked, to what, and since when."""
    dates = ""
    if link.type in DATED_EDGES:
        start, end = link.interval.start, link.interval.end
        if end is None:
            dates = t("path.since", lang, start=day_text(start)) if start else t("path.always", lang)
        else:
            dates = t("path.between", lang, start=day_text(start), end=day_text(end))
    return t(
        f"path.{link.type.value}",
        lang,
        source=_named(G, link.source, lang),
        target=_named(G, link.target, lang),
        dates=dates,
        role=_role(link, lang),
    )


def _role(link: Link, lang: Lang) -> str:
    """The edge's role or kind in the reader's words (its vocabulary from the schema)."""
    for name, vocab in EDGES[link.type].props:
        value = getattr(link, name, None)
        if value and name in ("role", "kind"):
            try:
                return term(vocab(value), lang)
            except ValueError:
                return str(value)
    return ""


#: Nodes that come into being on their date: a case, a decision, a record.
_EVENTS = frozenset({NodeLabel.CASE, NodeLabel.DECISION, NodeLabel.RECORD})


def _happened(G: ResponsibilityGraph, node: str, at: date) -> bool:
    """Whether ``node`` exists on ``at``: always, unless it is an event dated later."""
    if G.label(node) not in _EVENTS:
        return True
    when = G.attr(node, "date")
    return not isinstance(when, date) or when <= at


def _steps(
    G: ResponsibilityGraph, node: str, types: tuple[EdgeType, ...], at: date, ends: frozenset[str] = frozenset()
) -> Iterator[tuple[str, Link]]:
    """The links in force on ``at`` from ``node``, either way, to nodes that
    exist that day (the two ``ends`` are taken as asked for)."""
    for etype in types:
        for link in G.out(node, etype):
            if link.in_force(at) and link.target != node and (link.target in ends or _happened(G, link.target, at)):
                yield link.target, link
        for link in G.into(node, etype):
            if link.in_force(at) and link.source != node and (link.source in ends or _happened(G, link.source, at)):
                yield link.source, link


def _ball(
    G: ResponsibilityGraph, root: str, radius: int, types: tuple[EdgeType, ...], at: date, ends: frozenset[str]
) -> set[str]:
    seen = {root: 0}
    queue = deque([root])
    while queue:
        node = queue.popleft()
        if seen[node] == radius:
            continue
        for other, _ in _steps(G, node, types, at, ends):
            if other not in seen:
                seen[other] = seen[node] + 1
                queue.append(other)
    return set(seen)


def paths(
    G: ResponsibilityGraph,
    source: str,
    target: str,
    *,
    at: date,
    limit: int = 3,
    edge_types: Iterable[EdgeType] = PATH_EDGE_TYPES,
    max_hops: int = MAX_HOPS,
) -> list[LinkPath]:
    """Up to ``limit`` shortest simple paths from ``source`` to ``target`` on
    ``at``, along ``edge_types`` in either direction, of at most ``max_hops``
    edges; ``[]`` when none is in force.

    Raises
    ------
    NodeNotFound
        ``source`` or ``target`` is not in the graph.
    RespnetError
        The two are the same node, or ``limit`` or ``max_hops`` is below 1.

    Examples
    --------
    >>> from graph.builder import GraphBuilder
    >>> G = (GraphBuilder().organization("T", "Town", "party_committee")
    ...      .position("T-S", "T", "Secretary", "secretary").person("P", "Wang")
    ...      .tenure("P", "T-S", date(2020, 1, 1), date(2023, 12, 31)).build())
    >>> [p.nodes for p in paths(G, "P", "T", at=date(2022, 1, 1))]
    [('P', 'T-S', 'T')]
    >>> paths(G, "P", "T", at=date(2024, 1, 1))
    []
    """
    for end in (source, target):
        if end not in G:
            raise NodeNotFound("error.no_such_node", node_id=end)
    if source == target:
        raise RespnetError("error.path_same_node", node_id=source)
    if limit < 1 or max_hops < 1:
        raise RespnetError("error.path_bad_limit", limit=limit, hops=max_hops)
    types = tuple(sorted(set(edge_types), key=_ORDER.__getitem__))
    radius = max_hops // 2  # a node of a path of L steps is at most L // 2 from one of its ends
    ends = frozenset((source, target))
    near = _ball(G, source, radius, types, at, ends) | _ball(G, target, radius, types, at, ends)
    if target not in near or source not in near:
        return []
    H = nx.Graph()
    between: dict[frozenset[str], Link] = {}
    for node in sorted(near):  # a set's order changes between runs; the paths' must not
        for other, link in _steps(G, node, types, at, ends):
            if other not in near:
                continue
            pair = frozenset((node, other))
            best = between.get(pair)
            if best is None or (_ORDER[link.type], link.key, link.source) < (_ORDER[best.type], best.key, best.source):
                between[pair] = link
            H.add_edge(node, other)
    if source not in H or target not in H:
        return []
    kept: list[tuple[str, ...]] = []
    try:
        for nodes in islice(nx.shortest_simple_paths(H, source, target), limit + MAX_TIES):
            if len(nodes) - 1 > max_hops or (len(kept) >= limit and len(nodes) > len(kept[-1])):
                break  # past the longest wanted, ties at the last length included
            kept.append(tuple(nodes))
    except nx.NetworkXNoPath:
        return []
    kept.sort(key=lambda nodes: (len(nodes), nodes))  # ties in id order, however the graph is stored
    return [LinkPath(nodes, tuple(between[frozenset(pair)] for pair in pairwise(nodes))) for nodes in kept[:limit]]
