from __future__ import annotations

from datetime import date

from graph.builder import GraphBuilder
from queries.findings import FindingKind
from queries.orphans import orphaned_duties, orphans, vacant_bearers

D = date


def office():  # type: ignore[no-untyped-def]
    return (
        GraphBuilder()
        .organization("O", "某办公室", "unit")
        .position("O-S", "O", "书记", "secretary")
        .position("O-M", "O", "委员", "member")
        .person("P", "王某")
        .tenure("P", "O-S", D(2020, 1, 1), D(2024, 12, 31))
    )


def test_orphan_duty_has_no_bearer_at_all() -> None:
    G = office().duty("D1", "无人承担", "principal").duty("D2", "有人承担", "principal").bears("O", "D2").build()
    [f] = orphaned_duties(G)
    assert (f.kind, f.ids) == (FindingKind.ORPHAN_DUTY, ("D1",))
    assert "无人承担" in f.message() and "D1" in f.message("en")


def test_template_instance_without_its_post_is_left_to_missing_post() -> None:
    G = office().duty("L/1@O", "纪委书记职责", "supervisory", bound_org="O", bound_role="discipline_secretary").build()
    assert orphaned_duties(G) == []


def test_vacant_bearer_needs_every_bearer_vacant() -> None:
    G = (
        office()
        .duty("D", "只由书记承担", "first_responsible")
        .bears("O-S", "D")
        .duty("E", "书记和委员", "principal")
        .bears("O-S", "E")
        .bears("O-M", "E", "assist")
        .duty("F", "书记和组织", "principal")
        .bears("O-S", "F")
        .bears("O", "F")
        .build()
    )
    assert vacant_bearers(G, at=D(2024, 12, 31)) == []
    found = vacant_bearers(G, at=D(2025, 1, 1))
    assert [f.ids for f in found] == [("D", "O-S"), ("E", "O-M", "O-S")]  # F: an organization bears it


def test_demo_orphans(demo, demo_at) -> None:  # type: ignore[no-untyped-def]
    found = orphans(demo, at=demo_at)
    assert [f.ids for f in found if f.kind is FindingKind.ORPHAN_DUTY] == [("D-JY-03",)]
    vacant = {f.subject for f in found if f.kind is FindingKind.VACANT_BEARER}
    assert vacant == {
        "D-LH-01",
        "JY-2R/24@LH-JW",
        "JY-2R/25@LH-JW",
        "JY-2R/26@JY-ST2",
        "JY-2R/27@JY-ST2",
        *(f"SC-3L5P/{n}@EDU-B1" for n in range(54, 60)),
    }
    # before the vacancies of 2026 nothing is vacant
    assert [f for f in orphans(demo, at=D(2026, 6, 1)) if f.kind is FindingKind.VACANT_BEARER] == []
