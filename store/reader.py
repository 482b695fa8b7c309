"""The triple statements of :mod:`store.cypher` answered from an in-memory graph:
the reference the store's conformance tests hold the Cypher to."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from typing import Any

from graph.model import Link, ResponsibilityGraph
from graph.schema import EdgeType, NodeLabel
from graph.subgraph import Part
from store.cypher import statement

__all__ = ["GraphReader"]


class GraphReader:
    """The triple statements answered from an in-memory graph.

    Each method mirrors the Cypher statement of the same name; the store's
    conformance tests hold the two to the same answers.
    """

    def __init__(self, G: ResponsibilityGraph) -> None:
        self.G = G

    def triples(self, name: str, **params: Any) -> Part:
        statement(name).check(params)
        part = Part()
        method: Callable[..., Iterable[Link | str | tuple[Link, str | None]]] = getattr(self, f"_{name}")
        for item in method(**params):
            if isinstance(item, str):
                self._node(part, item)
                continue
            # a Link is itself a tuple: asked first
            link, ends = (
                (item, (item.source, item.target))
                if isinstance(item, Link)
                else (item[0], (item[1],) if item[1] else ())
            )
            for node in ends:
                self._node(part, node)
            part.add_edge(link.source, link.target, link.key, dict(self.G.nx.edges[link.source, link.target, link.key]))
        return part

    def reach(self, ids: list[str], types: list[str], at: date | None) -> int:
        """``expand_count``: how many distinct nodes are at the far end of what ``expand`` returns."""
        statement("expand_count").check({"ids": ids, "types": types, "at": at})
        return len({far for _, far in self._expand(ids, types, at)})

    def _node(self, part: Part, node_id: str) -> None:
        part.add_node(node_id, dict(self.G.node(node_id)))

    def _has(self, ids: Iterable[str], label: NodeLabel | None = None) -> list[str]:
        return [i for i in ids if self.G.has(i, label)]

    def _nodes_with_org(self, ids: list[str]) -> Iterable[Link | str]:
        for node in self._has(ids):
            yield node
            yield from self.G.out(node, EdgeType.IN)

    def _expand(self, ids: list[str], types: list[str], at: date | None) -> Iterable[tuple[Link, str]]:
        """Each link with its far end (the near end is the caller's already)."""
        wanted = [EdgeType(t) for t in types]
        for node in self._has(ids):
            for etype in wanted:
                for link in self.G.out(node, etype):
                    if at is None or link.in_force(at):
                        yield link, link.target
                for link in self.G.into(node, etype):
                    if at is None or link.in_force(at):
                        yield link, link.source

    def _among(self, ids: list[str], types: list[str], at: date | None) -> Iterable[tuple[Link, None]]:
        """The links among ``ids``, without their nodes (the caller's already)."""
        members = set(self._has(ids))
        for node in sorted(members):
            for etype in (EdgeType(t) for t in types):
                for link in self.G.out(node, etype):
                    if link.target in members and (at is None or link.in_force(at)):
                        yield link, None

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
