"""Everything the app's pages ask of a network, as one comparable value: what
:class:`queries.network.MemoryNetwork` answers from the whole graph is what
:class:`queries.network.StoreNetwork` must answer from the store (or, for the
parts alone, from the in-memory reader)."""

from __future__ import annotations

import itertools
from datetime import date
from typing import Any

from graph.model import ResponsibilityGraph
from graph.schema import EdgeType, NodeLabel
from queries.dossier import person_dossier, unit_dossier
from queries.network import Mode, Network
from queries.paths import PATH_EDGE_TYPES
from queries.people import career, post_history
from queries.views import DEFAULT_EDGE_TYPES, EXPLORE_EDGE_TYPES, View, aggregate, trace_view
from ui.context import Context
from ui.data import Source
from ui.graphs import node_details

#: The views compared: mode and depth.
MODES: tuple[tuple[Mode, int], ...] = (
    ("subtree", 0),
    ("subtree", 1),
    ("subtree", 3),
    ("neighbourhood", 1),
    ("neighbourhood", 2),
)
#: The labels the app's pickers list.
PICKED = (NodeLabel.ORGANIZATION, NodeLabel.PERSON, NodeLabel.POSITION, NodeLabel.CASE)
#: Views up to this size have every node's details compared (the app draws them so).
DRAWN = 300


def _every(items: list[str], n: int) -> list[str]:
    """``n`` items spread over ``items``, first and last included."""
    if len(items) <= n:
        return items
    step = (len(items) - 1) / (n - 1)
    return sorted({items[round(i * step)] for i in range(n)})


def _view(view: View) -> tuple[str, frozenset[str], frozenset[Any]]:
    return view.focus, frozenset(view.nodes), frozenset(view.links)


def _details(net: Network, ids: tuple[str, ...], at: date) -> dict[str, str]:
    G = net.details(ids)
    ctx = Context("zh", at, Source("path", "test", "test"))
    return {node: node_details(ctx, G, node) for node in ids}


def part_answers(net: Network, G: ResponsibilityGraph, at: date, *, sample: int = 6) -> dict[str, Any]:
    """The answers read from parts: views (subtree and neighbourhood, several
    depths and edge kinds, folded by level and kind), the details of every
    node of the smaller views, traces with their drawings, careers and post
    histories, paths between people and from people to units, dossiers.
    ``G`` only chooses what to ask about."""
    out: dict[str, Any] = {}
    for org in _every(G.ids(NodeLabel.ORGANIZATION), sample):
        for mode, depth in MODES:
            for types in (DEFAULT_EDGE_TYPES, EXPLORE_EDGE_TYPES, (EdgeType.REPORTS_TO, EdgeType.OVERSEES)):
                view, H = net.view(org, mode, depth=depth, edge_types=types, at=at)
                key = f"view {org} {mode} {depth} {'|'.join(types)}"
                out[key] = _view(view)
                out[f"{key} by level"] = aggregate(H, view, by="level")
                out[f"{key} by kind"] = aggregate(H, view, by="kind")
                if len(view) <= DRAWN and types == DEFAULT_EDGE_TYPES:
                    out[f"{key} details"] = _details(net, view.nodes, at)
    for case in G.ids(NodeLabel.CASE)[: sample * 2]:
        tr, H = net.trace(case)
        view = trace_view(H, tr)
        out[f"trace {case}"] = (tr.to_dict(), _view(view))
        out[f"trace {case} details"] = _details(net, view.nodes, at)
    for person in _every(G.ids(NodeLabel.PERSON), sample * 2):
        out[f"career {person}"] = career(net.details((person,)), person)
        out[f"person {person}"] = _details(net, (person,), at)
    for post in _every(G.ids(NodeLabel.POSITION), sample * 2):
        out[f"history {post}"] = post_history(net.details((post,)), post)
    for label in (NodeLabel.DUTY, NodeLabel.ORGANIZATION):
        for node in _every(G.ids(label), sample):
            out[f"details {node}"] = _details(net, (node,), at)
    people = _every(G.ids(NodeLabel.PERSON), sample)
    ends = [
        *itertools.pairwise(people),
        *zip(people, _every(G.ids(NodeLabel.ORGANIZATION), sample), strict=False),
    ]
    for a, b in ends:
        found, _ = net.paths(a, b, at=at, limit=3, edge_types=PATH_EDGE_TYPES, max_hops=5)
        out[f"paths {a} {b}"] = [(p.nodes, p.links) for p in found]
    for person in people:
        out[f"dossier {person}"] = person_dossier(net.around(person), person, at=at)
    for org in _every(G.ids(NodeLabel.ORGANIZATION), sample):
        out[f"unit {org}"] = unit_dossier(net.around(org), org, at=at)
    return out


def scan_answers(
    net: Network, G: ResponsibilityGraph, at: date, periods: tuple[tuple[date, date], ...]
) -> dict[str, Any]:
    """The answers worked out inside the store: counts, coverage, findings on
    ``at`` with compliance over each period, the pickers' choices, the top
    organization."""
    out: dict[str, Any] = {
        "counts": net.node_counts(),
        "organization counts": net.organization_counts(),
        "coverage": net.coverage(at=at),
        "top": net.top(),
    }
    for start, end in periods:
        found = net.findings(at=at, start=start, end=end)
        out[f"findings {start} {end}"] = [f.to_dict(lang) for f in found for lang in ("zh", "en")]
        out[f"findings {start} {end} placed"] = [
            (n.finding, n.unit, n.unit_name) for n in net.name_findings(found, at, people=False)
        ]
        out[f"findings {start} {end} named"] = net.name_findings(found[:40], at)
    out["chains"] = net.chains(tuple(G.ids(NodeLabel.ORGANIZATION)))
    for label in PICKED:
        ids = G.ids(label)
        probes = ["", *(ids[i][-2:] for i in (0, len(ids) // 2) if ids), *(G.name(i)[:2] for i in ids[:1])]
        for text in probes:
            for limit in (1, 7, 500):
                out[f"choices {label} {text!r} {limit}"] = net.choices(label, text, limit)
        out[f"named {label}"] = net.named(label, (*ids[:3], *ids[-2:], "NO-SUCH-ID", ids[0]))
    return out
