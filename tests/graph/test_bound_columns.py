"""Template binding held as columns (graph.binding.BoundDuties and
BoundAssignments) against the plain reading of the rule: for each clause in
order, one duty per matching organization (or one of the clause's key), borne by
each post of the role there, or by the organization."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from graph.binding import bind_clauses, column, expand_templates
from graph.records import AppliesTo, Assignment, Clause, Dataset, Duty, Organization, Position, Source
from graph.schema import BearerRole, BearingSource, DutyKind, OrgKind, Role

KINDS = [OrgKind.BRANCH, OrgKind.PARTY_COMMITTEE, OrgKind.UNIT]
ROLES = [Role.SECRETARY, Role.MEMBER, Role.DISCIPLINE_SECRETARY]
LEVELS = ["", "县", "乡"]


@st.composite
def sources(draw: st.DrawFn) -> tuple[list[Clause], list[Organization], list[Position]]:
    orgs = [
        Organization(f"O{i}", f"组织{i}", draw(st.sampled_from(KINDS)), draw(st.sampled_from(LEVELS)))
        for i in range(draw(st.integers(0, 6)))
    ]
    posts = [
        Position(f"S{i}", draw(st.sampled_from(orgs)).id, f"岗位{i}", draw(st.sampled_from(ROLES)))
        for i in range(draw(st.integers(0, 8) if orgs else st.just(0)))
    ]
    clauses = []
    for i in range(draw(st.integers(0, 6))):
        target = draw(
            st.none()
            | st.builds(
                AppliesTo,
                st.lists(st.sampled_from(KINDS), min_size=1, max_size=2).map(tuple),
                st.none() | st.sampled_from(ROLES),
                st.lists(st.sampled_from(LEVELS[1:]), max_size=1).map(tuple),
            )
        )
        kind = draw(st.sampled_from(list(DutyKind)))
        src = Source("lists/L.yaml", i + 1)
        clauses.append(
            Clause("L", str(i), f"条款{i}", kind, "类", draw(st.sampled_from(["", "每年至少1次"])), target, src)
        )
    return clauses, orgs, posts


def _plain(
    clauses: list[Clause], orgs: list[Organization], posts: list[Position]
) -> tuple[list[Duty], list[Assignment]]:
    duties, bearings = [], []
    for clause in clauses:
        target = clause.applies_to
        if target is None:
            duties.append(clause.duty(clause.key))
            continue
        for kind in dict.fromkeys(target.org_kinds):
            for org in orgs:
                if org.kind is kind and target.matches(org):
                    duty = clause.duty(f"{clause.key}@{org.id}", org.id, target.role)
                    duties.append(duty)
                    bearers = [p.id for p in posts if p.org_id == org.id and p.role is target.role]
                    for bearer in bearers if target.role is not None else [org.id]:
                        bearings.append(
                            Assignment(duty.id, bearer, BearerRole.LEAD, BearingSource.TEMPLATE, clause.src)
                        )
    return duties, bearings


@settings(max_examples=300, deadline=None)
@given(sources(), st.data())
def test_bound_columns_are_the_records_the_rule_makes(given_: tuple, data: st.DataObject) -> None:  # type: ignore[type-arg]
    clauses, orgs, posts = given_
    duties, bearings = bind_clauses(clauses, orgs, posts)
    expected_duties, expected_bearings = _plain(clauses, orgs, posts)
    assert list(duties) == expected_duties and list(bearings) == expected_bearings
    # sources are not compared by ==: compared here
    assert [d.src for d in duties] == [d.src for d in expected_duties]
    assert [a.src for a in bearings] == [a.src for a in expected_bearings]
    for name in Duty.__slots__:
        assert column(duties, name) == [getattr(d, name) for d in expected_duties], name
    for name in Assignment.__slots__:
        assert column(bearings, name) == [getattr(a, name) for a in expected_bearings], name
    # written records come first, read one by one, in slices, or as columns
    written = [Duty("W1", "写明的责任", DutyKind.PRINCIPAL), Duty("W2", "另一条", DutyKind.SUPERVISORY, list_id="L")]
    joined = duties.after(written)
    every = [*written, *expected_duties]
    assert len(joined) == len(every) and joined == every and list(joined) == every
    k = data.draw(st.integers(-len(every), len(every) - 1))
    assert joined[k] == every[k]
    assert joined[1:4] == every[1:4] and joined[::-2] == every[::-2]
    assert column(joined, "id") == [d.id for d in every]
    assert list(duties) == expected_duties  # after() made a copy: these have no written records
    assert duties.after([]) == expected_duties
    ds = expand_templates(Dataset(organizations=orgs, positions=posts, duties=written, clauses=clauses))
    assert list(ds.duties) == every and list(ds.assignments) == expected_bearings
