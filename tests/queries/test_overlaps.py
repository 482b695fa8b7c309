from __future__ import annotations

from datetime import date

from graph.builder import GraphBuilder
from queries.findings import FindingKind
from queries.overlaps import conflicts_of_interest, multiple_leads, overlapping_oversight, overlaps

D = date


def committee():  # type: ignore[no-untyped-def]
    return (
        GraphBuilder()
        .organization("C", "党委", "party_committee")
        .position("S1", "C", "书记", "secretary")
        .position("S2", "C", "第一书记", "secretary")
        .position("M1", "C", "委员甲", "member")
        .position("M2", "C", "委员乙", "member")
    )


def test_shared_role_template_posts_count_as_one_lead() -> None:
    G = (
        committee()
        .duty("L/1@C", "委员的一岗双责", "dual_duty", bound_org="C", bound_role="member")
        .bears("M1", "L/1@C", origin="template")
        .bears("M2", "L/1@C", origin="template")
        .duty("L/2@C", "书记职责", "first_responsible", bound_org="C", bound_role="secretary")
        .bears("S1", "L/2@C", origin="template")
        .bears("S2", "L/2@C", origin="template")
        .duty("L/3@C", "委员职责另加牵头", "dual_duty", bound_org="C", bound_role="member")
        .bears("M1", "L/3@C", origin="template")
        .bears("M2", "L/3@C", origin="template")
        .bears("S1", "L/3@C")
        .build()
    )
    assert [f.ids for f in multiple_leads(G)] == [("L/2@C", "S1", "S2"), ("L/3@C", "M1", "M2", "S1")]


def test_overlapping_oversight_and_conflict_of_interest() -> None:
    G = (
        committee()
        .organization("JW", "纪委", "discipline_commission")
        .organization("U", "财政所", "unit")
        .position("JW-S", "JW", "纪委书记", "discipline_secretary")
        .oversight("M1", "U", D(2021, 1, 1))
        .oversight("M2", "U", D(2023, 1, 1), D(2023, 12, 31))
        .oversight("JW-S", "U", D(2024, 6, 1))
        .build()
    )
    assert overlapping_oversight(G, at=D(2022, 12, 31)) == []
    assert [f.ids for f in overlapping_oversight(G, at=D(2023, 6, 1))] == [("U", "M1", "M2")]
    assert conflicts_of_interest(G, at=D(2024, 5, 31)) == []
    [conflict] = conflicts_of_interest(G, at=D(2024, 6, 1))
    assert conflict.ids == ("JW-S", "U") and "三转" in conflict.message()
    assert [f.ids for f in overlapping_oversight(G, at=D(2024, 6, 1))] == [("U", "JW-S", "M1")]


def test_demo_overlaps(demo, demo_at) -> None:  # type: ignore[no-untyped-def]
    found = overlaps(demo, at=demo_at)
    assert [(f.kind, f.ids) for f in found] == [
        (FindingKind.MULTIPLE_LEADS, ("D-JY-02", "JY-M2", "ZJ")),
        (FindingKind.OVERLAPPING_OVERSIGHT, ("XK-CZS", "XK-M1", "XK-M2")),
        (FindingKind.OVERLAPPING_OVERSIGHT, ("ZJ", "JY-DS", "JY-M2")),
        (FindingKind.CONFLICT_OF_INTEREST, ("XK-JW-S", "XK-AJZ")),
    ]
    # the discipline secretary took over the safety station on 2025-05-01
    assert conflicts_of_interest(demo, at=D(2025, 4, 30)) == []
