"""Template binding on the demo data: one instance per matching organization,
borne by that organization's post of the role, or by the organization."""

from __future__ import annotations

from graph.schema import BearerRole, BearingSource, EdgeType, NodeLabel


def lead_bearers(G, duty):  # type: ignore[no-untyped-def]
    return sorted(b.source for b in G.bearers(duty) if b.role == BearerRole.LEAD)


def test_role_clause_binds_to_each_matching_org_and_its_post(demo) -> None:  # type: ignore[no-untyped-def]
    instances = sorted(d for d in demo.ids(NodeLabel.DUTY) if d.startswith("SC-3L5P/44@"))
    # 机关党委 and 党总支 at city level, the only kinds and level the clause names
    assert instances == ["SC-3L5P/44@CZ-JG", "SC-3L5P/44@EDU-JG", "SC-3L5P/44@TJ-GB", "SC-3L5P/44@ZJ-JG"]
    assert lead_bearers(demo, "SC-3L5P/44@CZ-JG") == ["CZ-JG-S"]
    node = demo.node("SC-3L5P/44@TJ-GB")
    assert (node["bound_org"], node["bound_role"], node["frequency_period"], node["frequency_count"]) == (
        "TJ-GB",
        "secretary",
        "quarter",
        1,
    )


def test_clause_without_role_is_borne_by_the_organization(demo) -> None:  # type: ignore[no-untyped-def]
    assert lead_bearers(demo, "SC-3L5P/1@CZ") == ["CZ"]
    [link] = demo.bearers("JY-2R/29@XK-V1-JD")
    assert (link.source, link.origin) == ("XK-V1-JD", BearingSource.TEMPLATE)


def test_level_filter_keeps_village_branches_out(demo) -> None:  # type: ignore[no-untyped-def]
    branch_instances = {d.split("@")[1] for d in demo.ids(NodeLabel.DUTY) if d.startswith("SC-3L5P/54@")}
    assert branch_instances == {"CZ-B1", "CZ-B2", "ZJ-B1", "EDU-B1"}


def test_shared_role_clause_is_borne_by_every_post_of_the_role(demo) -> None:  # type: ignore[no-untyped-def]
    assert lead_bearers(demo, "JY-2R/14@JY") == ["JY-M1", "JY-M2", "JY-M3", "JY-M4"]


def test_missing_post_leaves_the_instance_without_bearer(demo) -> None:  # type: ignore[no-untyped-def]
    assert demo.has("SC-3L5P/49@ZJ-JJ", NodeLabel.DUTY)
    assert list(demo.bearers("SC-3L5P/49@ZJ-JJ")) == []


def test_instance_counts_follow_the_lists(demo) -> None:  # type: ignore[no-untyped-def]
    sc = [d for d in demo.ids(NodeLabel.DUTY) if d.startswith("SC-3L5P/")]
    # 4 departments × (11 + 7 + 4) + 4 organ committees/general branch × (10 + 5)
    # + 2 organ discipline commissions × (5 + 5) + 4 city-level branches × (6 + 6)
    assert len(sc) == 4 * 22 + 4 * 15 + 2 * 10 + 4 * 12
    jy = [d for d in demo.ids(NodeLabel.DUTY) if d.startswith("JY-2R/")]
    # 3 committees × 17 + 3 commissions × 8 + 2 stationed teams × 2 + 3 village supervision committees × 8
    assert len(jy) == 3 * 17 + 3 * 8 + 2 * 2 + 3 * 8
    assert {demo.out(d, EdgeType.DEFINED_IN)[0].target for d in jy} == {"JY-2R"}


def test_record_by_clause_resolves_to_the_instance_of_the_post_held(demo) -> None:  # type: ignore[no-untyped-def]
    # R001 names the clause only: P017 held CZ-JG-S on its date, so it fulfils the CZ-JG instance
    [fulfils] = demo.out("R001", EdgeType.FULFILS)
    assert fulfils.target == "SC-3L5P/44@CZ-JG"
    # R021 names a shared member clause; P004 held JY-M1 on its date
    assert demo.out("R021", EdgeType.FULFILS)[0].target == "JY-2R/14@JY"


def test_case_clause_resolves_at_the_nearest_level(demo) -> None:  # type: ignore[no-untyped-def]
    # C2024-02 in the town's finance office names JY-2R/15: the instance of the town committee above it
    assert [b.target for b in demo.out("C2024-02", EdgeType.BREACHES)] == ["JY-2R/15@XK"]
