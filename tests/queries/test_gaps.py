from __future__ import annotations

from datetime import date

import pytest

from graph.builder import GraphBuilder
from queries.findings import FindingKind
from queries.gaps import gaps, missing_posts, unoverseen_units, unsupervised_orgs, vacant_key_posts

D = date


def test_missing_post_groups_by_organization_and_role() -> None:
    b = GraphBuilder().organization("J", "机关纪委", "organ_discipline_commission").responsibility_list("L", "清单")
    for n in ("1", "2"):
        b.duty(
            f"L/{n}@J",
            f"条款{n}",
            "supervisory",
            list_id="L",
            clause=n,
            bound_org="J",
            bound_role="discipline_secretary",
        )
    [f] = missing_posts(b.build())
    assert f.ids == ("J", "L/1@J", "L/2@J")
    assert "纪委书记" in f.message() and "L/1、L/2" in f.message()
    assert "discipline secretary" in f.message("en")


@pytest.mark.parametrize("role", ["secretary", "discipline_secretary", "team_leader"])
def test_vacant_key_post(role: str) -> None:
    G = (
        GraphBuilder()
        .organization("O", "组织", "party_committee")
        .position("K", "O", "岗位", role)
        .position("M", "O", "委员", "member")
        .person("P", "张")
        .tenure("P", "K", D(2020, 1, 1), D(2022, 1, 1))
        .build()
    )
    assert vacant_key_posts(G, at=D(2022, 1, 1)) == []
    assert [f.ids for f in vacant_key_posts(G, at=D(2022, 1, 2))] == [("K", "O")]  # member posts are not key posts


def test_unoverseen_unit_only_counts_units_and_edges_in_force() -> None:
    G = (
        GraphBuilder()
        .organization("C", "市委", "party_committee")
        .organization("U1", "甲局", "unit", parent="C")
        .organization("U2", "乙局", "unit", parent="C")
        .organization("B", "支部", "branch", parent="C")
        .position("M", "C", "常委", "member")
        .oversight("M", "U1", D(2021, 1, 1), D(2023, 12, 31))
        .oversight("M", "U2", D(2024, 1, 1))
        .build()
    )
    assert [f.ids for f in unoverseen_units(G, at=D(2023, 12, 31))] == [("U2",)]
    assert [f.ids for f in unoverseen_units(G, at=D(2024, 1, 1))] == [("U1",)]


def test_unsupervised_org_skips_exempt_kinds_and_orgs_without_secretary() -> None:
    b = GraphBuilder().organization("JW", "纪委", "discipline_commission")
    for kind in (
        "party_committee",
        "branch",
        "general_branch",
        "village_supervision",
        "discipline_commission",
        "organ_discipline_commission",
        "stationed_team",
        "unit",
        "organ_committee",
        "party_group",
    ):
        b.organization(kind, kind, kind).position(f"{kind}-S", kind, "书记", "secretary")
    b.organization("plain", "无书记的单位", "unit")
    b.supervision("JW", "party_group", "upper", D(2020, 1, 1), D(2020, 12, 31))
    found = {f.subject for f in unsupervised_orgs(b.build(), at=D(2021, 1, 1))}
    assert found == {"party_committee", "unit", "organ_committee", "party_group"}
    found_2020 = {f.subject for f in unsupervised_orgs(b.build(), at=D(2020, 6, 1))}
    assert "party_group" not in found_2020


def test_demo_gaps(demo, demo_at) -> None:  # type: ignore[no-untyped-def]
    found = gaps(demo, at=demo_at)
    by_kind = {k: [f.ids for f in found if f.kind is k] for k in FindingKind}
    assert by_kind[FindingKind.MISSING_POST] == [("ZJ-JJ", *(f"SC-3L5P/{n}@ZJ-JJ" for n in range(49, 54)))]
    assert by_kind[FindingKind.VACANT_KEY_POST] == [
        ("EDU-B1-S", "EDU-B1"),
        ("JY-ST2-L", "JY-ST2"),
        ("LH-JW-S", "LH-JW"),
    ]
    assert by_kind[FindingKind.UNOVERSEEN_UNIT] == [("TJ",)]
    assert by_kind[FindingKind.UNSUPERVISED_ORG] == [("TJ",)]
    # the statistics bureau was overseen until 2026-06-30
    assert [f.ids for f in unoverseen_units(demo, at=D(2026, 6, 30))] == []
