from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from graph.builder import GraphBuilder
from graph.errors import GraphError, NodeNotFound
from graph.schema import EdgeType, NodeLabel
from graph.temporal import Interval

D = date


@pytest.fixture
def town():  # type: ignore[no-untyped-def]
    return (
        GraphBuilder()
        .organization("C", "City", "party_committee")
        .organization("T", "Town", "party_committee", parent="C")
        .organization("V", "Village", "branch", parent="T")
        .position("T-S", "T", "Town secretary", "secretary")
        .person("A", "An")
        .person("B", "Bai")
        .tenure("A", "T-S", D(2021, 1, 1), D(2024, 6, 30))
        .tenure("B", "T-S", D(2024, 7, 1))
        .build()
    )


@pytest.mark.parametrize(
    ("day", "holders"),
    [
        (D(2020, 12, 31), []),
        (D(2021, 1, 1), ["A"]),
        (D(2024, 6, 30), ["A"]),
        (D(2024, 7, 1), ["B"]),
        (D(2099, 1, 1), ["B"]),
    ],
)
def test_holders_on_uses_inclusive_dates(town, day, holders) -> None:  # type: ignore[no-untyped-def]
    assert [h.source for h in town.holders_on("T-S", day)] == holders


def test_structure_helpers(town) -> None:  # type: ignore[no-untyped-def]
    assert town.ancestors("V") == ["T", "C"]
    assert town.lineage("V") == ["V", "T", "C"]
    assert town.children("C") == ["T"]
    assert town.org_of("T-S") == "T"
    assert town.ids(NodeLabel.PERSON) == ["A", "B"]
    assert [p.target for p in town.posts_held_on("A", D(2022, 1, 1))] == ["T-S"]


def test_edges_in_force(town) -> None:  # type: ignore[no-untyped-def]
    holds = list(town.edges_in_force(D(2024, 7, 1), EdgeType.HOLDS))
    assert [(link.source, link.target) for link in holds] == [("B", "T-S")]
    every = list(town.edges_in_force(D(2024, 7, 1)))
    assert {link.type for link in every} == {EdgeType.HOLDS, EdgeType.REPORTS_TO, EdgeType.IN}


def test_require_names_missing_nodes(town) -> None:  # type: ignore[no-untyped-def]
    assert town.require("T", NodeLabel.ORGANIZATION)["name"] == "Town"
    with pytest.raises(NodeNotFound, match="T-S"):
        town.require("T-S", NodeLabel.ORGANIZATION)


@pytest.mark.parametrize(
    ("build", "match"),
    [
        (lambda b: b.organization("X", "X", "unit", parent="NOPE"), "NOPE"),
        (lambda b: b.organization("X", "X", "unit").person("P", "P").oversight("P", "X"), "P"),
        (lambda b: b.organization("X", "X", "unit").organization("X", "again", "unit"), "X"),
        (
            lambda b: (
                b.organization("X", "X", "unit")
                .position("S", "X", "s", "secretary")
                .person("P", "P")
                .tenure("P", "S", D(2020, 1, 1))
                .tenure("P", "S", D(2020, 1, 1))
            ),
            "HOLDS",
        ),
    ],
)
def test_builder_rejects_what_breaks_the_schema(build, match) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(GraphError, match=match):
        build(GraphBuilder()).build()


def test_interval() -> None:
    assert Interval(D(2024, 1, 1), D(2024, 1, 1)).contains(D(2024, 1, 1))
    assert not Interval(D(2024, 1, 2), D(2024, 1, 1)).is_valid()
    assert Interval().contains(D(1900, 1, 1))
    assert not Interval(None, D(2020, 1, 1)).overlaps(Interval(D(2020, 1, 2), None))


def test_a_column_set_on_one_edge_only_is_read_and_one_set_on_none_is_not() -> None:
    """A node's edges skip the columns no edge of their type sets: a capacity on
    the last term alone, an oversight with no dates at all, still come out."""
    G = (
        GraphBuilder()
        .organization("T", "Town", "party_committee")
        .organization("V", "Village", "branch", parent="T")
        .position("T-S", "T", "Secretary", "secretary")
        .position("T-M", "T", "Member", "member")
        .person("A", "An")
        .person("B", "Bai")
        .tenure("A", "T-S", D(2021, 1, 1), D(2024, 6, 30))
        .tenure("B", "T-S", D(2024, 7, 1), None, "presiding")
        .oversight("T-M", "V")
        .build()
    )
    terms = G.into("T-S", EdgeType.HOLDS)
    assert [(t.source, t.kind, t.interval) for t in terms] == [
        ("A", None, Interval(D(2021, 1, 1), D(2024, 6, 30))),
        ("B", "presiding", Interval(D(2024, 7, 1), None)),
    ]
    assert [(t.target, t.key) for t in G.out("B", EdgeType.HOLDS)] == [("T-S", "HOLDS:2024-07-01")]
    assert G.core.edges[EdgeType.HOLDS].varies() == (True, False, True, False)
    (watch,) = G.into("V", EdgeType.OVERSEES)
    assert (watch.source, watch.target, watch.interval, watch.key) == ("T-M", "V", Interval(), "OVERSEES:")
    assert G.core.edges[EdgeType.OVERSEES].varies() == (False, False, False, False)
    # an interval made from its slots is the dataclass's own: equal, hashed alike, frozen
    made = terms[0].interval
    assert made == Interval(D(2021, 1, 1), D(2024, 6, 30)) and hash(made) == hash(Interval(made.start, made.end))
    assert repr(made) == "Interval(start=datetime.date(2021, 1, 1), end=datetime.date(2024, 6, 30))"
    with pytest.raises(AttributeError):
        made.start = None  # type: ignore[misc]


# ------------------------------------------------------------------ uncovered days
@given(
    st.integers(0, 60),
    st.integers(0, 60),
    st.lists(st.tuples(st.one_of(st.none(), st.integers(0, 70)), st.one_of(st.none(), st.integers(0, 70))), max_size=5),
)
def test_uncovered_is_the_hull_of_the_days_no_cover_holds(a: int, n: int, raw: list) -> None:  # type: ignore[type-arg]
    from graph.temporal import Interval, uncovered

    base = date(2024, 1, 1).toordinal()

    def day(i: int | None) -> date | None:
        return None if i is None else date.fromordinal(base + i)

    span = Interval(day(a), day(a + n))
    covers = [Interval(day(s), day(e)) for s, e in raw if s is None or e is None or s <= e]
    gaps = [d for d in range(base + a, base + a + n + 1) if not any(c.contains(date.fromordinal(d)) for c in covers)]
    want = Interval(date.fromordinal(gaps[0]), date.fromordinal(gaps[-1])) if gaps else None
    assert uncovered(span, covers) == want


def test_posts_parents_and_edges_read_from_the_columns_match_the_networkx_view(monkeypatch: pytest.MonkeyPatch) -> None:
    """What a trace reads one node at a time (a place's posts by role, a post's
    organization, a parent, a node's edges, an edge by number) against the same
    graph as networkx sees it; asked twice, the kept answer is the same."""
    from graph.core import CODES, day_of
    from graph.model import edge_attrs, edge_key
    from graph.schema import Role
    from tests.networks import network

    G = network(9)
    nx = G.nx
    post_org = {u: v for u, v, a in nx.edges(data=True) if a["type"] is EdgeType.IN}
    asks: list[tuple[Role | str, ...] | None] = [
        None,
        (Role.SECRETARY,),
        (Role.MEMBER, Role.SECRETARY),
        ("discipline_secretary",),
        (Role.TEAM_LEADER,),
    ]
    for org in G.ids(NodeLabel.ORGANIZATION):
        posts = sorted(p for p, o in post_org.items() if o == org)
        for roles in asks * 2:  # the second round reads what the first kept
            wanted = None if roles is None else {Role(r) for r in roles}
            expected = [p for p in posts if wanted is None or nx.nodes[p]["role"] in wanted]
            found = G.positions_in(org, roles)
            assert found == expected, (org, roles)
            found.append("changed by the caller")  # a copy: what is kept stays as it was
        up = [v for _, v, a in nx.out_edges(org, data=True) if a["type"] is EdgeType.REPORTS_TO]
        assert G.parent(org) == (up[0] if up else None)
    assert all(G.org_of(p) == o for p, o in post_org.items())
    assert len(post_org) == len(G.ids(NodeLabel.POSITION)) > 0
    for node in nx.nodes:
        for etype in EdgeType:
            leaving = sorted((v, k) for _, v, k, a in nx.out_edges(node, keys=True, data=True) if a["type"] is etype)
            entering = sorted((u, k) for u, _, k, a in nx.in_edges(node, keys=True, data=True) if a["type"] is etype)
            assert sorted((e.target, e.key) for e in G.out(node, etype)) == leaving
            assert sorted((e.source, e.key) for e in G.into(node, etype)) == entering
            for e in [*G.out(node, etype), *G.into(node, etype)]:
                assert edge_attrs(e) == nx.edges[e.source, e.target, e.key]
    # every edge as its columns say, read here with NumPy; made in chunks of 3 so
    # that every chunk boundary of links() is crossed
    monkeypatch.setattr("graph.model._CHUNK", 3)
    for etype, table in G.core.edges.items():
        ids = G.core.ids
        expected = []
        for e in range(len(table)):
            start, end = day_of(int(table.start[e])), day_of(int(table.end[e]))
            role, kind, origin = (CODES[int(table.role[e])], CODES[int(table.kind[e])], CODES[int(table.origin[e])])
            key = edge_key(etype, start=start, kind=kind, role=role)
            interval = Interval(start, end)
            expected.append((ids[int(table.src[e])], ids[int(table.dst[e])], etype, key, interval, role, kind, origin))
        assert [tuple(G.link_at(etype, e)) for e in range(len(table))] == expected
        assert sorted(map(tuple, G.links(etype)), key=str) == sorted(expected, key=str)
