"""What the app's pages ask of a network, answered from a graph in memory or
by a store.

:class:`Network` is the questions — counts, coverage, findings, the pickers'
choices, a case trace, an explore view, the details of some nodes — each
answered with plain results or with a :class:`~graph.model.ResponsibilityGraph`
that holds at least what the page reads of it.

- :class:`MemoryNetwork` answers them from one whole graph;
- :class:`StoreNetwork` answers them from a store (the Neo4j store of
  :mod:`store.driver`) without ever reading the whole network: counts,
  coverage and findings are worked out inside it (:mod:`queries.pushdown`);
  traces, views and details read only their part (:mod:`graph.subgraph`) and
  run the in-memory queries on it.

The store's tests hold the two to the same answers.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from types import ModuleType
from typing import Any, Literal, Protocol

import queries
from graph.core import bulk
from graph.model import ResponsibilityGraph
from graph.schema import EdgeType, NodeLabel
from graph.subgraph import (
    Reader,
    details_part,
    dossier_part,
    findings_part,
    neighbourhood_part,
    subtree_part,
    trace_part,
)
from queries import pushdown
from queries.coverage import LevelCoverage, coverage, organization_counts
from queries.dossier import NamedFinding, Placed, name_findings, placed_findings, unit_chains
from queries.findings import Finding, dated_scan, sort_findings
from queries.labels import post_label
from queries.paths import LinkPath, paths
from queries.pushdown import ScanSource
from queries.search import Hit, search_nodes
from queries.timeline import DataSpan, data_span
from queries.trace import Trace, trace_case
from queries.views import View, neighbourhood, subtree

__all__ = [
    "VIEW_LIMIT",
    "Choice",
    "MemoryNetwork",
    "Mode",
    "Network",
    "Store",
    "StoreNetwork",
    "every_finding",
]

#: What an explore view selects around its organization.
Mode = Literal["subtree", "neighbourhood"]


@dataclass(frozen=True, slots=True)
class Choice:
    """One entry of a picker: a node's id, its name as shown (a post with its
    organization) and, for a case, its date."""

    id: str
    name: str
    date: date | None = None


class Network(Protocol):
    """The questions the app's pages ask (see the module)."""

    def node_counts(self) -> dict[NodeLabel, int]: ...

    def span(self) -> DataSpan:
        """The first and last dated fact, and the last record (:func:`queries.timeline.data_span`)."""
        ...

    def organization_counts(self) -> dict[tuple[str, str], int]: ...

    def coverage(self, *, at: date) -> list[LevelCoverage]: ...

    def dated_findings(self, *, at: date) -> list[Finding]:
        """Orphans, gaps and overlaps on ``at`` (:func:`dated_scan`)."""
        ...

    def findings(self, *, at: date, start: date, end: date, dated: list[Finding] | None = None) -> list[Finding]:
        """Every finding (:func:`every_finding`); ``dated``: :meth:`dated_findings` on ``at``, when at hand."""
        ...

    def choices(self, label: NodeLabel, text: str, limit: int) -> list[Choice]:
        """Up to ``limit`` nodes of ``label`` whose id or shown name holds ``text``, by id."""
        ...

    def named(self, label: NodeLabel, ids: tuple[str, ...]) -> list[Choice]:
        """The nodes of ``label`` among ``ids`` as a picker shows them, by id."""
        ...

    def top(self) -> str | None:
        """The first organization (by id) that reports to none."""
        ...

    def trace(self, case_id: str, rules: str | None = None) -> tuple[Trace, ResponsibilityGraph]:
        """The trace of ``case_id`` by the rule set ``rules`` (None: the default)."""
        ...

    def view(
        self, org_id: str, mode: Mode, *, depth: int, edge_types: tuple[EdgeType, ...], at: date
    ) -> tuple[View, ResponsibilityGraph]:
        """The explore view, with a graph that answers its grouping
        (:func:`queries.views.aggregate`); a store may refuse one too large
        to read (:class:`~graph.errors.ViewTooLarge`)."""
        ...

    def details(self, ids: Iterable[str]) -> ResponsibilityGraph:
        """A graph that answers what the app says of ``ids`` (their posts, holders,
        oversight and duties, a person's career, a post's history)."""
        ...

    def search(self, text: str, limit: int) -> dict[str, list[Hit]]:
        """Up to ``limit`` nodes per kind matching ``text`` (:func:`queries.search.search_nodes`)."""
        ...

    def paths(
        self, source: str, target: str, *, at: date, limit: int, edge_types: tuple[EdgeType, ...], max_hops: int
    ) -> tuple[list[LinkPath], ResponsibilityGraph]:
        """The shortest paths between two nodes (:func:`queries.paths.paths`), with a graph that names their nodes."""
        ...

    def around(self, node: str) -> ResponsibilityGraph:
        """A graph that answers the dossier of ``node`` (:mod:`queries.dossier`),
        on any date (:func:`graph.subgraph.dossier_part`)."""
        ...

    def name_findings(self, findings: list[Finding], at: date, *, people: bool = True) -> list[NamedFinding]:
        """Each finding with its unit and, with ``people``, the holders on ``at``
        of the posts it names (:func:`queries.dossier.name_findings`)."""
        ...

    def chains(self, units: tuple[str, ...]) -> dict[str, Placed]:
        """Each organization of ``units`` with the chain from the top down to it
        (:func:`queries.dossier.unit_chains`)."""
        ...


def every_finding(
    scans: ModuleType, source: object, *, at: date, start: date, end: date, dated: list[Finding] | None = None
) -> list[Finding]:
    """Orphans, gaps and overlaps on ``at`` (``dated``, when they are at hand),
    compliance and handover gaps over ``[start, end]``, by the scans of ``scans``."""
    with bulk():
        found: list[Finding] = [
            *(dated if dated is not None else dated_scan(scans, source, at=at)),
            *scans.compliance(source, start=start, end=end),
            *scans.handover_gaps(source, start=start, end=end),
        ]
        return sort_findings(found)


def shown_name(G: ResponsibilityGraph, node_id: str) -> str:
    """A node's name as a picker shows it: a post with its organization."""
    return post_label(G, node_id) if G.label(node_id) is NodeLabel.POSITION else G.name(node_id)


class MemoryNetwork:
    """The questions answered from one graph held in memory."""

    def __init__(self, G: ResponsibilityGraph) -> None:
        self.G = G

    def node_counts(self) -> dict[NodeLabel, int]:
        return self.G.node_counts()

    def span(self) -> DataSpan:
        return data_span(self.G)

    def organization_counts(self) -> dict[tuple[str, str], int]:
        return organization_counts(self.G)

    def coverage(self, *, at: date) -> list[LevelCoverage]:
        return coverage(self.G, at=at)

    def dated_findings(self, *, at: date) -> list[Finding]:
        return dated_scan(queries, self.G, at=at)

    def findings(self, *, at: date, start: date, end: date, dated: list[Finding] | None = None) -> list[Finding]:
        return every_finding(queries, self.G, at=at, start=start, end=end, dated=dated)

    def choices(self, label: NodeLabel, text: str, limit: int) -> list[Choice]:
        found: list[Choice] = []
        for node in self.G.ids(label):
            choice = self._choice(label, node)
            if not text or text in node or text in choice.name:
                found.append(choice)
                if len(found) == limit:
                    break
        return found

    def named(self, label: NodeLabel, ids: tuple[str, ...]) -> list[Choice]:
        return [self._choice(label, node) for node in sorted(set(ids)) if self.G.has(node, label)]

    def _choice(self, label: NodeLabel, node: str) -> Choice:
        return Choice(node, shown_name(self.G, node), self.G.attr(node, "date") if label is NodeLabel.CASE else None)

    def top(self) -> str | None:
        return next((o for o in self.G.ids(NodeLabel.ORGANIZATION) if self.G.parent(o) is None), None)

    def trace(self, case_id: str, rules: str | None = None) -> tuple[Trace, ResponsibilityGraph]:
        return trace_case(self.G, case_id, rules), self.G

    def view(
        self, org_id: str, mode: Mode, *, depth: int, edge_types: tuple[EdgeType, ...], at: date
    ) -> tuple[View, ResponsibilityGraph]:
        select = subtree if mode == "subtree" else neighbourhood
        return select(self.G, org_id, at=at, depth=depth, edge_types=edge_types), self.G

    def details(self, ids: Iterable[str]) -> ResponsibilityGraph:
        return self.G

    def search(self, text: str, limit: int) -> dict[str, list[Hit]]:
        return search_nodes(self.G, text, limit=limit)

    def paths(
        self, source: str, target: str, *, at: date, limit: int, edge_types: tuple[EdgeType, ...], max_hops: int
    ) -> tuple[list[LinkPath], ResponsibilityGraph]:
        found = paths(self.G, source, target, at=at, limit=limit, edge_types=edge_types, max_hops=max_hops)
        return found, self.G

    def around(self, node: str) -> ResponsibilityGraph:
        return self.G

    def name_findings(self, findings: list[Finding], at: date, *, people: bool = True) -> list[NamedFinding]:
        return name_findings(self.G, findings, at, people=people)

    def chains(self, units: tuple[str, ...]) -> dict[str, Placed]:
        return unit_chains(self.G, units)


class Store(Reader, ScanSource, Protocol):
    """What the questions are asked of: the Neo4j store (:class:`store.driver.Neo4jStore`);
    for the parts alone, the in-memory reader the tests compare with."""


def _choices(rows: list[dict[str, Any]]) -> list[Choice]:
    return [Choice(r["id"], r["name"], r.get("date")) for r in rows]


#: The most nodes one explore view may read from a store: a larger view is
#: refused (:class:`~graph.errors.ViewTooLarge`), counted before it is read.
VIEW_LIMIT = 20_000


class StoreNetwork:
    """The questions answered by a Neo4j store (see the module)."""

    def __init__(self, store: Store, *, view_limit: int = VIEW_LIMIT) -> None:
        self.store = store
        self.view_limit = view_limit

    def node_counts(self) -> dict[NodeLabel, int]:
        return pushdown.node_counts(self.store)

    def span(self) -> DataSpan:
        return pushdown.data_span(self.store)

    def organization_counts(self) -> dict[tuple[str, str], int]:
        return pushdown.organization_counts(self.store)

    def coverage(self, *, at: date) -> list[LevelCoverage]:
        return pushdown.coverage(self.store, at=at)

    def dated_findings(self, *, at: date) -> list[Finding]:
        return dated_scan(pushdown, self.store, at=at)

    def findings(self, *, at: date, start: date, end: date, dated: list[Finding] | None = None) -> list[Finding]:
        return every_finding(pushdown, self.store, at=at, start=start, end=end, dated=dated)

    def choices(self, label: NodeLabel, text: str, limit: int) -> list[Choice]:
        return _choices(self.store.rows(f"pick_{label.value}", text=text, limit=limit))

    def named(self, label: NodeLabel, ids: tuple[str, ...]) -> list[Choice]:
        return _choices(self.store.rows(f"named_{label.value}", ids=sorted(set(ids))))

    def top(self) -> str | None:
        rows = self.store.rows("top_org")
        return str(rows[0]["org"]) if rows else None

    def trace(self, case_id: str, rules: str | None = None) -> tuple[Trace, ResponsibilityGraph]:
        G = trace_part(self.store, case_id).graph()
        return trace_case(G, case_id, rules), G

    def view(
        self, org_id: str, mode: Mode, *, depth: int, edge_types: tuple[EdgeType, ...], at: date
    ) -> tuple[View, ResponsibilityGraph]:
        if mode == "subtree":
            part = subtree_part(self.store, org_id, depth=depth, edge_types=edge_types, at=at, limit=self.view_limit)
            G = part.graph()
            return subtree(G, org_id, at=at, depth=depth, edge_types=edge_types), G
        part = neighbourhood_part(
            self.store, [org_id], depth=depth, edge_types=edge_types, at=at, limit=self.view_limit
        )
        G = part.graph()
        return neighbourhood(G, org_id, at=at, depth=depth, edge_types=edge_types), G

    def details(self, ids: Iterable[str]) -> ResponsibilityGraph:
        return details_part(self.store, ids).graph()

    def search(self, text: str, limit: int) -> dict[str, list[Hit]]:
        """By id or name as written (a store keeps no pinyin), for the kinds a picker lists."""
        found: dict[str, list[Hit]] = {}
        for label in (NodeLabel.PERSON, NodeLabel.POSITION, NodeLabel.ORGANIZATION, NodeLabel.CASE):
            if text.strip():
                hits = [Hit(label.value, c.id, c.name, c.id, 2) for c in self.choices(label, text.strip(), limit)]
                if hits:
                    found[label.value] = hits
        return found

    def paths(
        self, source: str, target: str, *, at: date, limit: int, edge_types: tuple[EdgeType, ...], max_hops: int
    ) -> tuple[list[LinkPath], ResponsibilityGraph]:
        """Read the two balls a path of ``max_hops`` steps lies in (see
        :mod:`queries.paths`), then search them in memory."""
        part = neighbourhood_part(
            self.store, [source, target], depth=max_hops // 2, edge_types=edge_types, at=at, limit=self.view_limit
        )
        G = part.graph()
        found = paths(G, source, target, at=at, limit=limit, edge_types=edge_types, max_hops=max_hops)
        return found, G

    def around(self, node: str) -> ResponsibilityGraph:
        return dossier_part(self.store, node).graph()

    def name_findings(self, findings: list[Finding], at: date, *, people: bool = True) -> list[NamedFinding]:
        """Without ``people``, the units worked out in the store (a row per
        subject); with them, read what places the subjects and the ids they
        name with the holders of their posts."""
        if not people:  # one row per subject, worked out in the store
            rows = self.store.rows("finding_units", ids=sorted({f.subject for f in findings}))
            return placed_findings(findings, {r["id"]: (r["unit"], r["name"] or "") for r in rows})
        named = {node for f in findings for node in f.ids}
        G = findings_part(self.store, {f.subject for f in findings}, named, at).graph()
        return name_findings(G, findings, at)

    def chains(self, units: tuple[str, ...]) -> dict[str, Placed]:
        rows = self.store.rows("org_chains", ids=sorted(set(units)))
        return {r["id"]: Placed(tuple(r["chain"]), r["level"]) for r in rows}
