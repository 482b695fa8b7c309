from __future__ import annotations

from datetime import date
from functools import partial

import pytest

from graph.builder import GraphBuilder
from graph.errors import CaseNotFound
from graph.schema import AccountabilityRole, EdgeType
from queries.trace import trace_case as _trace_case

# These tests pin the first version's grading, which the ``basic`` rule set keeps
# (tests/queries/test_rules.py holds those of the other rule sets).
trace_case = partial(_trace_case, rules="basic")
D = date
R = AccountabilityRole


def people(tr, role):  # type: ignore[no-untyped-def]
    return sorted(tr.people(role))


def ids(items):  # type: ignore[no-untyped-def]
    return sorted(i.get("person") or i.get("target") for i in items)


# ------------------------------------------------------------------ the demo city
def test_case_before_the_change_of_town_secretary(demo) -> None:  # type: ignore[no-untyped-def]
    tr = trace_case(demo, "C2024-02")  # 2024-03-20, the town's finance office
    assert (tr.date, tr.org) == (D(2024, 3, 20), "XK-CZS")
    assert people(tr, R.DIRECT) == ["P052"]
    assert people(tr, R.PRINCIPAL_LEADERSHIP) == ["P035"]  # 周立群, secretary until 2024-06-30
    assert people(tr, R.IMPORTANT_LEADERSHIP) == ["P038"]  # the only member overseeing the office then
    assert people(tr, R.SUPERVISORY) == ["P009", "P040"]  # city and town discipline secretaries
    assert [(lvl.org, [s.person for s in lvl.secretary]) for lvl in tr.chain] == [("XK", ["P035"]), ("JY", ["P001"])]
    assert ids(tr.unexamined) == ["P009", "P040"]  # the supervisory side was not examined
    assert tr.unfounded == () and tr.mismatched == ()


def test_case_after_the_change_of_town_secretary(demo) -> None:  # type: ignore[no-untyped-def]
    tr = trace_case(demo, "C2025-03")  # 2025-05-20, same office
    assert people(tr, R.PRINCIPAL_LEADERSHIP) == ["P036"]  # 许晓东, secretary from 2024-07-01
    assert people(tr, R.IMPORTANT_LEADERSHIP) == ["P038", "P039"]  # both members oversee it since 2025-01-01
    assert [(lvl.org, [s.person for s in lvl.secretary]) for lvl in tr.chain] == [("XK", ["P036"]), ("JY", ["P002"])]
    assert ids(tr.unexamined) == ["P009", "P036", "P039", "P040"]
    # the former secretary was held accountable though he had left the post
    assert ids(tr.unfounded) == ["P035"]


def test_basis_lists_the_edges_that_put_each_person_there(demo) -> None:  # type: ignore[no-untyped-def]
    tr = trace_case(demo, "C2025-03")
    [principal] = tr.roles[R.PRINCIPAL_LEADERSHIP]
    assert [(link.type, link.source, link.target) for link in principal.basis] == [
        (EdgeType.REPORTS_TO, "XK-CZS", "XK"),
        (EdgeType.IN, "XK-S", "XK"),
        (EdgeType.HOLDS, "P036", "XK-S"),
    ]
    xia = next(i for i in tr.roles[R.IMPORTANT_LEADERSHIP] if i.person == "P038")
    assert [[link.type.value for link in path] for path in xia.paths] == [
        ["OVERSEES", "IN", "HOLDS"],
        ["BREACHES", "BEARS", "IN", "HOLDS"],
    ]
    assert xia.basis[0].as_dict() == {
        "type": "OVERSEES",
        "from": "XK-M1",
        "to": "XK-CZS",
        "start": "2021-01-01",
        "end": None,
    }


def test_village_case_reaches_the_branch_secretary_and_the_supervision_committee(demo) -> None:  # type: ignore[no-untyped-def]
    tr = trace_case(demo, "C2023-01")
    assert people(tr, R.DIRECT) == ["P046"]
    assert people(tr, R.PRINCIPAL_LEADERSHIP) == ["P041"]  # the village branch secretary
    assert people(tr, R.IMPORTANT_LEADERSHIP) == ["P038", "P043"]
    assert people(tr, R.SUPERVISORY) == ["P043"]  # the committee's head, through its secretary post
    assert tr.unexamined == () and tr.unfounded == ()


def test_principal_is_not_repeated_as_important_and_no_decisions_means_none(demo) -> None:  # type: ignore[no-untyped-def]
    tr = trace_case(demo, "C2026-04")  # the housing bureau bears D-JY-02 itself: its head is principal
    assert people(tr, R.PRINCIPAL_LEADERSHIP) == ["P023"]
    assert people(tr, R.IMPORTANT_LEADERSHIP) == ["P003", "P006"]
    assert people(tr, R.SUPERVISORY) == ["P011"]
    assert tr.decisions == () and tr.unexamined is None and tr.unfounded is None


def test_blind_spots_show_as_notes(demo) -> None:  # type: ignore[no-untyped-def]
    tr = trace_case(demo, "C2026-05")  # statistics bureau: unoverseen and unsupervised since mid-2026
    assert people(tr, R.IMPORTANT_LEADERSHIP) == []
    assert people(tr, R.SUPERVISORY) == ["P009"]  # reached through the city committee above it
    notes = [n.localize("en") for n in tr.notes]
    assert any("no post oversaw" in n for n in notes)


def test_unknown_case(demo) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(CaseNotFound, match="C404"):
        trace_case(demo, "C404")
    with pytest.raises(CaseNotFound):
        trace_case(demo, "XK")  # an organization is not a case


# ------------------------------------------------------------------ tiny graphs
def town(case_day: date):  # type: ignore[no-untyped-def]
    return (
        GraphBuilder()
        .organization("C", "市委", "party_committee")
        .organization("JW", "市纪委", "discipline_commission", parent="C")
        .organization("T", "镇党委", "party_committee", parent="C")
        .organization("U", "财政所", "unit", parent="T")
        .position("C-S", "C", "市委书记", "secretary")
        .position("JW-S", "JW", "纪委书记", "discipline_secretary")
        .position("T-S", "T", "镇党委书记", "secretary")
        .position("T-M1", "T", "委员甲", "member")
        .position("T-M2", "T", "委员乙", "member")
        .person("A", "甲")
        .person("B", "乙")
        .person("X", "许")
        .person("Y", "杨")
        .person("Z", "张")
        .person("K", "纪")
        .person("W", "王")
        .tenure("A", "T-S", D(2021, 1, 1), D(2024, 6, 30))
        .tenure("B", "T-S", D(2024, 7, 1))
        .tenure("X", "T-M1", D(2021, 1, 1))
        .tenure("Y", "T-M2", D(2021, 1, 1))
        .tenure("K", "JW-S", D(2021, 1, 1))
        .tenure("Z", "C-S", D(2021, 1, 1))
        .oversight("T-M1", "U", D(2021, 1, 1))
        .supervision("JW", "T", "upper", D(2021, 1, 1))
        .responsibility_list("L", "清单")
        .duty(
            "L/1@T",
            "委员对分管领域负领导责任",
            "dual_duty",
            list_id="L",
            clause="1",
            bound_org="T",
            bound_role="member",
        )
        .bears("T-M1", "L/1@T", origin="template")
        .bears("T-M2", "L/1@T", origin="template")
        .case("K1", case_day, "U", "案件", breaches=["L/1@T"], direct=["W"])
    )


@pytest.mark.parametrize(("day", "principal"), [(D(2024, 6, 30), ["A"]), (D(2024, 7, 1), ["B"])])
def test_principal_is_who_held_the_post_on_the_case_date(day: date, principal: list[str]) -> None:
    tr = trace_case(town(day).build(), "K1")
    assert people(tr, R.PRINCIPAL_LEADERSHIP) == principal
    assert people(tr, R.SUPERVISORY) == ["K"]  # through the nearest supervised level, the town
    assert [lvl.org for lvl in tr.chain] == ["T", "C"]  # the case's own organization is not in the chain


def test_shared_member_duty_falls_to_the_member_overseeing_the_place() -> None:
    tr = trace_case(town(D(2024, 1, 1)).build(), "K1")
    assert people(tr, R.IMPORTANT_LEADERSHIP) == ["X"]  # not Y, who oversees nothing here


def test_vacant_secretary_is_noted_not_skipped() -> None:
    G = town(D(2020, 6, 1)).build()  # before anyone held any post
    tr = trace_case(G, "K1")
    assert people(tr, R.PRINCIPAL_LEADERSHIP) == []
    assert any(n.key == "vacant" and n.params["position_id"] == "T-S" for n in tr.notes)


def test_decisions_are_compared_with_the_roles() -> None:
    G = (
        town(D(2024, 1, 1))
        .decision("K1", "W", "direct")
        .decision("K1", "Y", "important_leadership")
        .decision("K1", "A", "supervisory")
        .decision("K1", "C", "principal_leadership")
        .build()
    )
    tr = trace_case(G, "K1")
    assert ids(tr.unexamined) == ["K", "X"]
    assert ids(tr.unfounded) == ["Y"]  # an organization in the chain (C) is founded
    assert [(m["person"], m["decided"], m["traced"]) for m in tr.mismatched] == [
        ("A", [R.SUPERVISORY], [R.PRINCIPAL_LEADERSHIP])
    ]
    out = tr.to_dict("en")
    assert out["mismatched"] == [
        {"person": "A", "person_name": "甲", "decided": ["supervisory"], "traced": ["principal_leadership"]}
    ]


def test_trace_reads_only_the_case_neighbourhood(demo, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    def no_scans(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise AssertionError("a trace must not scan the whole graph")

    for name in ("ids", "links", "edges_in_force"):
        monkeypatch.setattr(type(demo), name, no_scans)
    for case in ("C2023-01", "C2024-02", "C2025-03", "C2026-04", "C2026-05"):
        assert trace_case(demo, case).case == case


def test_every_finder_a_rule_set_may_name_is_there() -> None:
    """A rule file is checked against the finders rules.FINDERS/ORG_FINDERS name;
    each must have its code here, and nothing else is looked up."""
    import rules
    from queries import trace, trace_orgs

    assert set(trace._PEOPLE_FINDERS) == rules.FINDERS
    assert set(trace_orgs._FINDERS) == rules.ORG_FINDERS
