"""A list of changes (queries.change_list) is the changes made one by one and sorted.

Before 2026-12-04 :func:`queries.timeline.changes` made every change and sorted
them by date, kind and ids; it now orders the edges' rows on arrays and makes a
change when it is read. The reference below is that earlier way, written out.
"""

from __future__ import annotations

from datetime import date

from hypothesis import given

from graph.builder import build_graph
from graph.model import ResponsibilityGraph
from graph.schema import DATED_EDGES
from loaders import load_dataset
from queries.change_rows import edge_rows
from queries.timeline import ChangeKind, changes
from tests.networks import network
from tests.queries.test_reference import SETTINGS, days, networks

_ORDER = {kind: i for i, kind in enumerate(ChangeKind)}
_DUTY_KINDS = {ChangeKind.DUTIES_GAINED, ChangeKind.DUTIES_LOST, ChangeKind.UNIT_DUTIES}


def _one_by_one(G: ResponsibilityGraph, start: date, end: date) -> list[tuple[object, ...]]:
    """Every change as (date, kind, ids), made from every row and sorted."""
    ids, made = G.core.ids, []
    for etype in DATED_EDGES:
        table = G.core.edges[etype]
        began, ended = edge_rows(table, start, end)
        noun = {"HOLDS": "tenure", "OVERSEES": "oversight", "SUPERVISES": "supervision"}[etype.value]
        for suffix, bound, rows in (("began", table.start, began), ("ended", table.end, ended)):
            for r in rows.tolist():
                kind = ChangeKind(f"{noun}_{suffix}")
                made.append((date.fromordinal(int(bound[r])), kind, (ids[int(table.src[r])], ids[int(table.dst[r])])))
    made += [(c.date, c.kind, c.ids) for c in changes(G, start, end) if c.kind in _DUTY_KINDS]
    return sorted(made, key=lambda c: (c[0], _ORDER[c[1]], c[2]))  # type: ignore[index]


def _agree(G: ResponsibilityGraph, start: date, end: date) -> int:
    found = changes(G, start, end)
    listed = list(found)
    assert [(c.date, c.kind, c.ids) for c in listed] == _one_by_one(G, start, end)
    assert found == listed and len(found) == len(listed)
    if listed:
        assert found[0] is listed[0] and found[-1] is listed[-1]  # made once, kept
        assert found[1:3] == listed[1:3]
    for kinds in ({ChangeKind.TENURE_BEGAN}, _DUTY_KINDS, {ChangeKind.OVERSIGHT_ENDED, ChangeKind.UNIT_DUTIES}):
        assert list(found.of_kinds(kinds)) == [c for c in listed if c.kind in kinds]
    return len(listed)


@SETTINGS
@given(networks(), days, days)
def test_a_list_of_changes_is_the_changes_sorted(
    drawn: tuple[ResponsibilityGraph, list[date]], one: date, two: date
) -> None:
    _agree(drawn[0], min(one, two), max(one, two))


def test_the_demo_and_a_generated_city_list_their_changes_in_order() -> None:
    demo, city = build_graph(load_dataset("data/demo")), network(9)
    counted = [
        _agree(G, start, date(2026, 6, 30))
        for G, start in ((demo, date(2019, 1, 1)), (demo, date(2025, 6, 30)), (city, date(2019, 1, 1)))
    ]
    assert min(counted) > 0 and max(counted) > 100  # the comparison is over changes, not empty lists


def test_only_what_is_read_is_made() -> None:
    found = changes(network(9), date(2019, 1, 1), date(2026, 6, 30))
    page = found.of_kinds({ChangeKind.OVERSIGHT_BEGAN})[:5]
    made = [c for c in found._store.made if c is not None]
    assert len(page) == 5 and len(made) == 5 < len(found)
