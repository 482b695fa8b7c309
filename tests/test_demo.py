"""The demo data passes `respnet check` and shows every finding kind for real."""

from __future__ import annotations

from datetime import date

from queries import compliance, gaps, handover_gaps, orphans, overlaps
from queries.findings import FindingKind


def test_demo_shows_every_finding_kind(demo, demo_at) -> None:  # type: ignore[no-untyped-def]
    found = {
        f.kind
        for f in [
            *orphans(demo, at=demo_at),
            *gaps(demo, at=demo_at),
            *overlaps(demo, at=demo_at),
            *compliance(demo, start=date(2025, 1, 1), end=date(2025, 12, 31)),
            *handover_gaps(demo, start=date(2025, 1, 1), end=date(2025, 12, 31)),
        ]
    }
    assert found == set(FindingKind)


def test_demo_people_are_fictional_and_cases_have_decisions(demo) -> None:  # type: ignore[no-untyped-def]
    from graph.schema import NodeLabel

    assert len(demo.ids(NodeLabel.CASE)) == 7 and len(demo.ids(NodeLabel.DECISION)) == 17
    assert all(
        "江屿" in demo.name(o)
        or "溪口" in demo.name(o)
        or "桃源" in demo.name(o)
        or "石桥" in demo.name(o)
        or "莲湖" in demo.name(o)
        or "荷塘" in demo.name(o)
        for o in demo.ids(NodeLabel.ORGANIZATION)
    )
