"""The columnar core: the schema checks of the builder, and answers equal to the networkx view."""

from __future__ import annotations

import pickle
from datetime import date

import pytest

from graph.builder import GraphBuilder
from graph.errors import GraphError
from graph.model import ResponsibilityGraph
from graph.schema import EdgeType


def test_duplicate_and_bad_edges_are_refused() -> None:
    b = GraphBuilder().organization("O", "Office", "unit").position("P", "O", "Head", "secretary")
    with pytest.raises(GraphError):
        GraphBuilder().organization("O", "A", "unit").organization("O", "B", "unit")
    with pytest.raises(GraphError):
        b.person("X", "Wang").tenure("X", "P", date(2024, 1, 1)).tenure("X", "P", date(2024, 1, 1)).build()
    with pytest.raises(GraphError):
        GraphBuilder().organization("O", "Office", "unit").oversight("O", "O").build()
    with pytest.raises(GraphError):
        GraphBuilder().organization("O", "Office", "unit").position("P", "MISSING", "Head", "secretary").build()
    # the same pair with different supervision kinds, or different starts, is allowed
    G = _supervisions(("same_level", date(2024, 1, 1)), ("upper", date(2023, 1, 1)), ("upper", date(2024, 1, 1)))
    assert G.edge_counts()[EdgeType.SUPERVISES] == 3
    # a repeat is refused even when another kind of the same start lies between them
    with pytest.raises(GraphError):
        _supervisions(("upper", date(2024, 1, 1)), ("same_level", date(2024, 1, 1)), ("upper", date(2024, 1, 1)))


def _supervisions(*terms: tuple[str, date]) -> ResponsibilityGraph:
    b = GraphBuilder().organization("A", "A", "discipline_commission").organization("B", "B", "party_committee")
    for kind, start in terms:
        b.supervision("A", "B", kind, start)
    return b.build()


def test_links_match_the_networkx_view(demo: ResponsibilityGraph) -> None:
    g = demo.nx
    for etype in EdgeType:
        from_links = sorted((link.source, link.target, link.key) for link in demo.links(etype))
        from_nx = sorted((u, v, k) for u, v, k, d in g.edges(keys=True, data=True) if d["type"] is etype)
        assert from_links == from_nx, etype
    for node in list(g.nodes)[:200]:
        assert dict(demo.node(node)) == g.nodes[node]


def test_pickled_graph_answers_the_same(demo: ResponsibilityGraph, demo_at: date) -> None:
    copy = pickle.loads(pickle.dumps(demo))
    for node in demo.ids(next(iter(demo.node_counts()))):
        for etype in EdgeType:
            assert copy.out(node, etype) == demo.out(node, etype)
            assert copy.into(node, etype) == demo.into(node, etype)


def test_empty_graph_scans() -> None:
    from queries.compliance import compliance
    from queries.gaps import gaps
    from queries.orphans import orphans
    from queries.overlaps import overlaps

    G = GraphBuilder().build()
    at = date(2025, 1, 1)
    assert orphans(G, at=at) == gaps(G, at=at) == overlaps(G, at=at) == []
    assert compliance(G, start=at, end=date(2025, 12, 31)) == []


def test_edge_search_keeps_the_keys_type(demo: ResponsibilityGraph) -> None:
    """Searching int32 keys with Python ints makes NumPy copy the whole key array
    to int64 on every lookup (11 ms per lookup at 6M edges): the bounds must be int32."""
    from graph.core import _bounds

    for table in demo.core.edges.values():
        assert _bounds(3).dtype == table.out_keys.dtype == table.in_keys.dtype
