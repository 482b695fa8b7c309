"""The whole-network changes of holder (queries.handover_columns) equal the per-post ones.

Generated towns: a few posts and people, terms that start or end open, follow
on the same or the next day, overlap, or repeat for the same person; duties
borne by some posts; handover records (and others) by holders and strangers,
on borne duties, other duties or none. For every period and window, the
counts and the gap findings (with each change's successor, arrival and
vacancy, in their messages) must equal what queries.reference works out post
by post, and the list the app pages through (queries.handover.Handovers) must
give them in order."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from graph.builder import GraphBuilder
from graph.model import ResponsibilityGraph
from graph.schema import EdgeType, NodeLabel
from queries.handover import Handovers, _duty_count, handover_counts, handover_gap, handover_gaps
from queries.handover_columns import changes
from queries.reference import handover_changes

D = date
BASE = date(2024, 1, 1)
POSTS = ["P1", "P2", "P3"]
PEOPLE = ["A", "B", "C", "D"]
DUTIES = ["D1", "D2", "D3"]
days = st.integers(0, 60).map(lambda n: BASE + timedelta(days=n))


@st.composite
def towns(draw: st.DrawFn) -> ResponsibilityGraph:
    b = GraphBuilder().organization("T", "镇党委", "party_committee")
    for post in POSTS:
        b.position(post, "T", f"岗位{post}", "member")
    for person in PEOPLE:
        b.person(person, f"人{person}")
    for duty in DUTIES:
        b.duty(duty, f"职责{duty}", "first_responsible")
    for post in POSTS:
        for duty in draw(st.lists(st.sampled_from(DUTIES), unique=True, max_size=2)):
            b.bears(post, duty)
    seen = set()
    for _ in range(draw(st.integers(0, 9))):
        person, post = draw(st.sampled_from(PEOPLE)), draw(st.sampled_from(POSTS))
        start = draw(st.none() | days)
        if (person, post, start) in seen:
            continue
        seen.add((person, post, start))
        end = draw(st.none() | days.filter(lambda d, s=start: s is None or d >= s))
        b.tenure(person, post, start, end)  # type: ignore[arg-type]
    for n in range(draw(st.integers(0, 6))):
        record = f"R{n}"
        kind = draw(st.sampled_from(["离任交接", "handover", "会议"]))
        duty = draw(st.none() | st.sampled_from(DUTIES))
        person = draw(st.sampled_from(PEOPLE))
        day = draw(days)
        if duty is None:  # a record that fulfils no duty
            b.add_node(record, {"label": NodeLabel.RECORD, "date": day, "kind": kind})
            b.add_edge(person, record, "", {"type": EdgeType.PERFORMED})
        else:
            b.record(record, duty, person, day, kind)
    return b.build()


def _comparable(row: tuple[Any, ...]) -> tuple[tuple[bool, Any], ...]:
    """A row whose None fields sort first instead of failing to compare with a value."""
    return tuple((value is not None, value) for value in row)


@settings(max_examples=300, deadline=None)
@given(towns(), days, st.integers(0, 40), st.integers(0, 20))
def test_the_whole_network_at_once_equals_post_by_post(
    G: ResponsibilityGraph, start: date, span: int, window: int
) -> None:
    end = start + timedelta(days=span)
    per_post = handover_changes(G, start, end, window)
    assert handover_counts(G, start=start, end=end, days=window) == (
        len(per_post),
        sum(record is None for _, record in per_post),
    )
    made = changes(G, start, end, window)
    ids = G.core.ids
    rows = zip(
        *(a.tolist() for a in (made.post, made.leaver, made.left, made.successor, made.arrived, made.vacancy)),
        made.recorded.tolist(),
        strict=True,
    )
    assert sorted(
        (
            (
                ids[p],
                ids[who],
                D.fromordinal(left),
                ids[to] if to >= 0 else None,
                D.fromordinal(on) if to >= 0 else None,
                n,
                r,
            )
            for p, who, left, to, on, n, r in rows
        ),
        key=_comparable,
    ) == sorted(
        (
            (s.position, s.from_person, s.left, s.to_person, s.arrived, s.vacancy_days, record is not None)
            for s, record in per_post
        ),
        key=_comparable,
    )
    # the list the app pages through: the same changes, in order (by leaving day, post and who
    # left; one person leaving a post twice a day, from two terms, by who came and when, no one
    # last), each with its record
    listed = Handovers(G, start=start, end=end, days=window)
    ordered = sorted(
        per_post,
        key=lambda sr: (
            sr[0].left,
            sr[0].position,
            sr[0].from_person,
            sr[0].to_person is None,
            sr[0].to_person or "",
            sr[0].arrived or D.min,
        ),
    )
    assert len(listed) == len(ordered)
    assert listed.gaps == sum(record is None for _, record in ordered)
    assert [(h.succession, h.record) for h in listed[1:]] == ordered[1:]  # read out of order, a slice first
    assert [(h.succession, h.record) for h in listed] == ordered
    if ordered:
        assert listed[-1] is listed[len(ordered) - 1]  # worked out once
    found = handover_gaps(G, start=start, end=end, days=window)
    wanted = [handover_gap(G, s, _duty_count(G, s.position), window) for s, record in per_post if record is None]
    assert sorted((f.ids, f.message(), f.message("en")) for f in found) == sorted(
        (f.ids, f.message(), f.message("en")) for f in wanted
    )


def test_of_two_starting_the_same_day_the_successor_is_the_first_by_id() -> None:
    for first, second in (("C", "B"), ("B", "C")):
        b = GraphBuilder().organization("T", "镇党委", "party_committee").position("P1", "T", "委员", "member")
        for person in ("A", first, second):
            b.person(person, person)
        b.tenure("A", "P1", D(2024, 1, 1), D(2024, 1, 10))
        b.tenure(first, "P1", D(2024, 1, 5)).tenure(second, "P1", D(2024, 1, 5))
        G = b.build()
        (gap,) = handover_gaps(G, start=D(2024, 1, 1), end=D(2024, 12, 31))
        assert gap.ids == ("P1", "A", "B")
