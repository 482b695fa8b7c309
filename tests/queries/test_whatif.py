"""A what-if made on the graph's columns equals the same moves made on the
dataset and the graph built again (:func:`queries.whatif.apply_moves`)."""

from __future__ import annotations

import os
import re
from datetime import date, timedelta
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graph.builder import build_graph
from graph.errors import RespnetError
from graph.model import ResponsibilityGraph
from graph.records import Assignment, Dataset, Duty, Organization, Oversight, Person, Position, Tenure
from graph.schema import DutyKind, EdgeType, OrgKind, Role, TenureCapacity
from loaders import load_dataset
from queries.timeline import dated_findings
from queries.whatif import Move, MoveKind, apply_moves, edited_graph, parse_move, whatif

D = date
DAYS = [D(2024, 1, 1) + timedelta(days=i) for i in range(0, 40, 3)]  # few: a term often begins on the day
EXAMPLES = int(os.environ.get("RESPNET_PROPERTY_EXAMPLES", "300"))
SETTINGS = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def datasets(draw: st.DrawFn) -> Dataset:
    """Organizations, posts, people, terms and oversight, some overlapping in
    time, some of a post and organization more than once; duties borne by posts."""
    orgs = [
        Organization(f"O{i}", f"组织{i}", draw(st.sampled_from(list(OrgKind)))) for i in range(draw(st.integers(1, 4)))
    ]
    posts = [
        Position(f"S{i}", draw(st.sampled_from(orgs)).id, f"岗位{i}", draw(st.sampled_from(list(Role))))
        for i in range(draw(st.integers(1, 6)))
    ]
    people = [Person(f"P{i}", f"人{i}") for i in range(draw(st.integers(1, 4)))]
    ds = Dataset(organizations=orgs, positions=posts, people=people)
    seen: set[tuple[Any, ...]] = set()
    for _ in range(draw(st.integers(0, 10))):
        person, post = draw(st.sampled_from(people)).id, draw(st.sampled_from(posts)).id
        start, end = draw(st.sampled_from(DAYS)), draw(st.none() | st.sampled_from(DAYS))
        if end is not None and end < start:
            start, end = end, start
        if ("H", person, post, start) not in seen:
            seen.add(("H", person, post, start))
            capacity = draw(st.none() | st.sampled_from(list(TenureCapacity)))
            ds.tenures.append(Tenure(person, post, start, end, capacity))
    for _ in range(draw(st.integers(0, 8))):
        post, org = draw(st.sampled_from(posts)).id, draw(st.sampled_from(orgs)).id
        start, end = draw(st.none() | st.sampled_from(DAYS)), draw(st.none() | st.sampled_from(DAYS))
        if start is not None and end is not None and end < start:
            start, end = end, start
        if ("V", post, org, start) not in seen:
            seen.add(("V", post, org, start))
            ds.oversight.append(Oversight(post, org, start, end))
    for i in range(draw(st.integers(0, 4))):
        ds.duties.append(Duty(f"D{i}", f"责任{i}", DutyKind.FIRST_RESPONSIBLE))
        for post in draw(st.lists(st.sampled_from(posts), max_size=2, unique=True)):
            ds.assignments.append(Assignment(f"D{i}", post.id))
    return ds


@st.composite
def moves(draw: st.DrawFn, ds: Dataset) -> list[Move]:
    """Moves on what the dataset holds, and now and then on what it does not."""
    people = [p.id for p in ds.people] + ["无此人"]
    posts = [p.id for p in ds.positions] + ["无此岗"]
    orgs = [o.id for o in ds.organizations]
    terms = [(u.person_id, u.position_id) for u in ds.tenures] or [(people[0], posts[0])]
    watched = [(o.position_id, o.org_id) for o in ds.oversight] or [(posts[0], orgs[0])]
    one = st.one_of(
        st.builds(lambda p: Move(MoveKind.REMOVE_PERSON, (p,)), st.sampled_from(people)),
        st.builds(lambda pair: Move(MoveKind.END_TENURE, pair), st.sampled_from(terms)),
        st.builds(
            lambda pair, to: Move(MoveKind.MOVE_OVERSIGHT, (*pair, to)),
            st.sampled_from(watched),
            st.sampled_from(posts),
        ),
    )
    return draw(st.lists(one, min_size=1, max_size=3))


def _edges(G: ResponsibilityGraph) -> list[tuple[Any, ...]]:
    return sorted(
        (
            link.type.value,
            link.source,
            link.target,
            link.interval.start or D.min,
            link.interval.end or D.max,
            link.kind or "",
        )
        for etype in (EdgeType.HOLDS, EdgeType.OVERSEES)
        for link in G.links(etype)
    )


def _same_either_way(ds: Dataset, at: date, made: list[Move]) -> None:
    G = build_graph(ds)
    try:
        rebuilt = build_graph(apply_moves(ds, at, made))
    except RespnetError as refused:
        with pytest.raises(RespnetError) as also:
            edited_graph(G, at, made)
        for lang in ("zh", "en"):
            assert also.value.message(lang) == refused.message(lang)
        return
    edited = edited_graph(G, at, made)
    assert edited is not None
    assert _edges(edited) == _edges(rebuilt)
    for lang in ("zh", "en"):
        assert [f.to_dict(lang) for f in dated_findings(edited, at)] == [
            f.to_dict(lang) for f in dated_findings(rebuilt, at)
        ]
    assert _edges(G) == _edges(build_graph(ds))  # the graph itself untouched


@SETTINGS
@given(st.data(), datasets(), st.sampled_from(DAYS))
def test_moves_on_the_columns_equal_moves_on_the_dataset(data: st.DataObject, ds: Dataset, at: date) -> None:
    _same_either_way(ds, at, data.draw(moves(ds)))


@pytest.mark.parametrize("at", [D(2024, 6, 30), D(2025, 3, 1), D(2026, 6, 30)])
def test_the_demo_moved_either_way(at: date) -> None:
    ds = load_dataset("data/demo")
    G = build_graph(ds)
    on = {(u.person_id, u.position_id) for u in ds.tenures if u.interval.contains(at)}
    watched = sorted({(o.position_id, o.org_id) for o in ds.oversight if o.interval.contains(at)})
    assert on and watched  # moves that change something
    person, post = sorted(on)[0]
    made = [
        Move(MoveKind.REMOVE_PERSON, (sorted(on)[-1][0],)),
        Move(MoveKind.END_TENURE, (person, post)),
        Move(MoveKind.MOVE_OVERSIGHT, (*watched[0], watched[-1][0])),
    ]
    for n in range(1, len(made) + 1):
        _same_either_way(ds, at, made[:n])
    result = whatif(G, at, made)
    assert result.opened or result.closed  # the demo's moves show a difference


def test_a_merge_asks_for_the_dataset_and_builds_either_way_round() -> None:
    ds = load_dataset("data/demo")
    G = build_graph(ds)
    child = next(o for o in ds.organizations if o.parent_id)
    for keep, gone in ((child.parent_id, child.id), (child.id, child.parent_id)):  # a unit and its parent bear alike
        merged = whatif(G, D(2025, 1, 1), [Move(MoveKind.MERGE_ORGS, (keep, gone))], dataset=lambda: ds).graph
        assert not merged.has(gone) and merged.parent(keep) != keep
        assert keep != child.id or merged.parent(keep) == G.parent(gone)  # the child takes its parent's place
    merge = [Move(MoveKind.MERGE_ORGS, (ds.organizations[0].id, ds.organizations[1].id))]
    assert edited_graph(G, D(2025, 1, 1), merge) is None
    with pytest.raises(ValueError, match="dataset"):
        whatif(G, D(2025, 1, 1), merge)
    read: list[int] = []
    whatif(G, D(2025, 1, 1), merge, dataset=lambda: read.append(1) or ds)  # type: ignore[func-returns-value]
    assert read == [1]
    whatif(G, D(2025, 1, 1), [Move(MoveKind.REMOVE_PERSON, (ds.people[0].id,))], dataset=lambda: read.append(1) or ds)  # type: ignore[func-returns-value]
    assert read == [1]  # not read for a move of edges


def test_a_refusal_is_worded_in_the_readers_language_throughout() -> None:
    """The reason inside it too (it was worded in Chinese inside an English message)."""
    ds = load_dataset("data/demo")
    G = build_graph(ds)
    for move in (Move(MoveKind.END_TENURE, ("P035", "XK-M1")), Move(MoveKind.REMOVE_PERSON, ("无此人",))):
        with pytest.raises(RespnetError) as refused:
            whatif(G, D(2025, 6, 30), [move])
        english = refused.value.message("en")
        assert english.startswith("Cannot read the what-if change") and not re.search(
            r"[\u4e00-\u9fff]", english.replace("无此人", "")
        )
    with pytest.raises(RespnetError) as refused:
        parse_move(MoveKind.END_TENURE, "P035")
    assert "expected PERSON:POST" in refused.value.message("en")
