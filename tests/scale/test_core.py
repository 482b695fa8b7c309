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


@pytest.mark.parametrize("ids", [[], ["O"], ["", "O"], ["O\x00bad", "P"]], ids=["none", "one", "empty", "separator"])
def test_pickled_ids_come_back_as_they_were(ids: list[str]) -> None:
    # ids are stored as one text joined by NUL, or as a list when an id holds it
    b = GraphBuilder()
    for i in ids:
        b.organization(i, f"组织{i}", "unit")
    G = b.build()
    copy = pickle.loads(pickle.dumps(G))
    assert copy.core.ids == G.core.ids == ids
    assert [copy.core.pos.get(i) for i in ids] == list(range(len(ids)))


def test_empty_graph_scans() -> None:
    from queries.compliance import compliance
    from queries.gaps import gaps
    from queries.orphans import orphans
    from queries.overlaps import overlaps

    G = GraphBuilder().build()
    at = date(2025, 1, 1)
    assert orphans(G, at=at) == gaps(G, at=at) == overlaps(G, at=at) == []
    assert compliance(G, start=at, end=date(2025, 12, 31)) == []


def test_a_nodes_edges_are_found_in_constant_time_and_exactly(demo: ResponsibilityGraph) -> None:
    """``leaving``/``entering`` read a node's run from offsets (no search over the
    keys, which once copied the whole key array per lookup): every node's edges,
    oldest first, and none for a node outside the table's range."""
    import numpy as np

    core = demo.core
    for table in core.edges.values():
        for node in (-1, *range(len(core.ids)), len(core.ids) + 5):
            out, into = table.leaving(node), table.entering(node)
            assert sorted(out.tolist()) == np.flatnonzero(table.src == node).tolist()
            assert sorted(into.tolist()) == np.flatnonzero(table.dst == node).tolist()
            assert (np.diff(table.start[out]) >= 0).all() and (np.diff(table.start[into]) >= 0).all()


def test_a_loaded_and_used_graph_is_freed_by_reference_counting_alone(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Loading moves the graph out of the cycle collector's sight (``bulk(keep=True)``),
    which is only safe while a graph and everything it keeps hold no reference cycle."""
    import gc
    import weakref
    from pathlib import Path

    from graph.schema import NodeLabel
    from loaders.snapshot import load_graph_cached
    from queries import compliance, gaps, orphans, overlaps
    from queries.trace import trace_case

    demo = Path(__file__).resolve().parents[2] / "data" / "demo"
    monkeypatch.setenv("RESPNET_CACHE", str(tmp_path))
    for _ in range(2):  # built, then from the snapshot
        G = load_graph_cached(demo).graph
        day = date(2025, 6, 30)
        orphans(G, at=day), gaps(G, at=day), overlaps(G, at=day)
        compliance(G, start=date(2025, 1, 1), end=date(2025, 12, 31))
        for case in G.ids(NodeLabel.CASE):
            trace_case(G, case)
        G.positions_in(G.ids(NodeLabel.ORGANIZATION)[0])
        refs = [weakref.ref(G), weakref.ref(G.core), weakref.ref(G.nx)]
        gc.disable()
        try:
            del G
            assert [r() for r in refs] == [None] * len(refs)
        finally:
            gc.enable()
