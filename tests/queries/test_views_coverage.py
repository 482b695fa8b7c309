"""Coverage by level, views and careers on the demo city."""

from __future__ import annotations

from datetime import date

from graph.schema import AccountabilityRole, EdgeType, NodeLabel
from queries import gaps, orphans, trace_case
from queries.coverage import coverage
from queries.people import career, post_history
from queries.views import aggregate, neighbourhood, subtree, trace_view

AT = date(2026, 11, 21)


def test_coverage_gaps_are_exactly_the_findings(demo) -> None:  # type: ignore[no-untyped-def]
    G = demo
    levels = {c.level: c for c in coverage(G, at=AT)}
    assert list(levels) == ["市", "乡", "村"]
    found = [*orphans(G, at=AT), *gaps(G, at=AT)]
    unborne: set[str] = set()
    for f in found:
        if f.kind.value in ("orphan_duty", "vacant_bearer"):
            duty = f.ids[0]
            unborne |= {
                G.org_of(b.source) if G.label(b.source) is NodeLabel.POSITION else b.source for b in G.bearers(duty)
            }
            if G.node(duty).get("bound_org"):
                unborne.add(G.node(duty)["bound_org"])
        if f.kind.value == "missing_post":
            unborne.add(f.ids[0])
    for level, c in levels.items():
        at_level = {o for o in G.ids(NodeLabel.ORGANIZATION) if G.node(o).get("level") == level}
        assert c.duties_borne.total - c.duties_borne.covered == len(unborne & at_level)
    unoverseen = {f.ids[0] for f in found if f.kind.value == "unoverseen_unit"}
    unsupervised = {f.ids[0] for f in found if f.kind.value == "unsupervised_org"}
    assert sum(c.units_overseen.total - c.units_overseen.covered for c in levels.values()) == len(unoverseen)
    assert sum(c.committees_supervised.total - c.committees_supervised.covered for c in levels.values()) == len(
        unsupervised
    )
    assert levels["市"].duties_borne.ratio is not None and levels["市"].duties_borne.ratio < 1


def test_a_trace_view_holds_every_person_of_the_trace_and_their_basis(demo) -> None:  # type: ignore[no-untyped-def]
    tr = trace_case(demo, "C2025-03")
    V = trace_view(demo, tr)
    for role in AccountabilityRole:
        for inv in tr.roles[role]:
            assert inv.person in V.nodes and set(inv.basis) <= set(V.links)
    assert V.roles["P053"] is AccountabilityRole.DIRECT
    assert V.marks["P035"] == "unfounded" and V.marks["P036"] == "unexamined"
    assert all(link.source in V.nodes and link.target in V.nodes for link in V.links)


def test_subtree_and_neighbourhood_follow_the_date(demo) -> None:  # type: ignore[no-untyped-def]
    before = subtree(demo, "XK", at=date(2024, 6, 30), depth=0)
    after = subtree(demo, "XK", at=date(2024, 7, 1), depth=0)
    assert "P035" in before.nodes and "P036" not in before.nodes
    assert "P036" in after.nodes and "P035" not in after.nodes
    hood = neighbourhood(demo, "XK-S", at=AT, depth=1)
    assert set(hood.nodes) == {"XK-S", "XK", "P036"} | {link.target for link in demo.oversees_on("XK-S", AT)}
    with_duties = subtree(demo, "XK", at=AT, depth=0, edge_types=[EdgeType.IN, EdgeType.BEARS])
    assert any(demo.label(n) is NodeLabel.DUTY for n in with_duties.nodes)


def test_aggregate_keeps_every_node_and_edge_counted(demo) -> None:  # type: ignore[no-untyped-def]
    V = subtree(
        demo, "JY", at=AT, depth=5, edge_types=[EdgeType.REPORTS_TO, EdgeType.IN, EdgeType.HOLDS, EdgeType.BEARS]
    )
    for by in ("level", "kind"):
        A = aggregate(demo, V, by=by)  # type: ignore[arg-type]
        assert sum(g.size for g in A.groups) == len(V.nodes)
        assert sum(n for *_, n in A.edges) == len(V.links)
        assert len(A.groups) < 40


def test_career_and_post_history_on_the_secretary_change(demo) -> None:  # type: ignore[no-untyped-def]
    held = [(s.subject, s.interval.end) for s in career(demo, "P035") if s.kind == "holds"]
    assert held == [("XK-S", date(2024, 6, 30))]
    history = [(s.kind, s.person) for s in post_history(demo, "XK-S")]
    assert history == [("holds", "P035"), ("holds", "P036")]
    vacant = [s for s in post_history(demo, "LH-JW-S") if s.kind == "vacant"]
    assert vacant and vacant[-1].interval.start == date(2026, 9, 1) and vacant[-1].interval.end is None


def test_organization_counts_are_every_units_level_and_kind(demo) -> None:  # type: ignore[no-untyped-def]
    from collections import Counter

    from queries.coverage import organization_counts
    from tests.networks import network

    for G in (demo, network(9)):
        each = Counter((G.node(o).get("level", ""), str(G.node(o)["kind"])) for o in G.ids(NodeLabel.ORGANIZATION))
        found = organization_counts(G)
        assert found == dict(each) and len(found) > 1
        assert sum(found.values()) == len(G.ids(NodeLabel.ORGANIZATION))
