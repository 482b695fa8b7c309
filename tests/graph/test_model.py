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
