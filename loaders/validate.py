"""Checks across records: ids, references, cycles, dates, holders, templates.

:func:`validate` takes the records parsed from every table and returns the
resolved dataset (templates bound, clause-only references resolved to their
duty instances); every problem found is appended to ``problems``. Each check
is one pass (plus a sort where intervals are compared), so validation stays
linear in the input however many problems it finds.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import replace
from datetime import date
from typing import Any, Protocol, TypeVar

from graph.binding import BoundAssignments, BoundDuties, bind_clauses, column
from graph.errors import Problem, Severity
from graph.errors import ProblemCode as P
from graph.frequency import UNPARSED, parse_frequency
from graph.records import Assignment, Case, Dataset, Decision, Record, Source, Tenure
from graph.schema import LEADER_FORMS, ORG_FORMS, SINGLE_HOLDER_ROLES, DecisionRole, NodeLabel
from loaders.causes import Cause, by_cause
from loaders.checker import Checker, cause_of, where
from loaders.resolver import Resolver

__all__ = ["validate"]

_L = NodeLabel


class _Dated(Protocol):
    @property
    def start(self) -> date | None: ...

    @property
    def end(self) -> date | None: ...


D = TypeVar("D", bound=_Dated)


def _overlapping(items: Iterable[D]) -> Iterator[tuple[D, D]]:
    """Pairs (earlier, later) of items whose days (``start``..``end``) overlap,
    each later item paired with the item reaching furthest before it. Sorted by
    start: O(n log n); compared on the dates themselves (no Interval made per row)."""
    reach: D | None = None
    reach_end = date.min
    for item in sorted(items, key=lambda item: item.start or date.min):
        start, end = item.start, item.end
        if (
            reach is not None
            and (reach.start is None or end is None or reach.start <= end)
            and (start is None or reach.end is None or start <= reach.end)
        ):
            yield reach, item
        if reach is None or (end or date.max) > reach_end:
            reach, reach_end = item, end or date.max


def _row(src: Source | None) -> int:
    return src.row if src is not None and src.row is not None else 0


def _cycles(parents: Mapping[str, str]) -> list[list[str]]:
    """Every cycle of a parent map, each once (iterative; linear)."""
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done
    cycles: list[list[str]] = []
    for start in parents:
        path: list[str] = []
        node: str | None = start
        while node is not None and state.get(node) is None:
            state[node] = 1
            path.append(node)
            node = parents.get(node)
        if node is not None and state.get(node) == 1:
            cycles.append(path[path.index(node) :])
        for n in path:
            state[n] = 2
    return cycles


def _check_dates(c: Checker, items: Iterable[Any]) -> list[Any]:
    ok = []
    for item in items:
        start, end = item.start, item.end  # Interval.is_valid, without making an Interval per row
        if start is None or end is None or start <= end:
            ok.append(item)
        else:
            c.add(item.src, "end", P.END_BEFORE_START, start=start, end=end)
    return ok


def _check_structure(c: Checker, ds: Dataset) -> None:
    orgs = {o.id: o for o in ds.organizations}
    c.refs(ds.organizations, "parent_id", _L.ORGANIZATION)
    parents = {o.id: o.parent_id for o in ds.organizations if o.parent_id in orgs}
    for cycle in _cycles(parents):
        first = min(cycle, key=lambda i: _row(orgs[i].src))
        c.add(orgs[first].src, "parent_id", P.PARENT_CYCLE, cycle=" → ".join([*cycle, cycle[0]]))
    c.refs(ds.positions, "org_id", _L.ORGANIZATION)


def _check_tenures(c: Checker, ds: Dataset) -> list[Tenure]:
    people, posts = (_L.PERSON,), (_L.POSITION,)
    if c.all_known([t.person_id for t in ds.tenures], _L.PERSON) and c.all_known(
        [t.position_id for t in ds.tenures], _L.POSITION
    ):
        tenures = list(ds.tenures)  # the usual case, found without a call per row
    else:
        tenures = [
            t
            for t in ds.tenures
            if c.ref(t.person_id, people, t.src, "person_id") & c.ref(t.position_id, posts, t.src, "position_id")
        ]
    dated = _check_dates(c, tenures)
    if len(dated) < len(ds.tenures):
        kept = {id(t) for t in dated}
        for t in ds.tenures:
            if id(t) not in kept:  # reported: the clauses this term would resolve are counted under it
                c.unsure_people.setdefault(t.person_id, cause_of(t.src))
                c.unsure_posts.setdefault(t.position_id, cause_of(t.src))
    tenures = dated
    roles = {p.id: p.role for p in ds.positions}
    by_post: dict[str, list[Tenure]] = defaultdict(list)
    for t in tenures:
        by_post[t.position_id].append(t)
    for post, terms in by_post.items():
        if len(terms) < 2:
            continue
        by_person: dict[str, list[Tenure]] = defaultdict(list)
        for t in terms:
            by_person[t.person_id].append(t)
        for same in by_person.values():
            if len(same) < 2:
                continue
            for earlier, later in _overlapping(same):
                c.add(
                    later.src,
                    "start",
                    P.TENURE_OVERLAP,
                    person=later.person_id,
                    position=post,
                    other=where(earlier.src),
                )
        if roles.get(post) in SINGLE_HOLDER_ROLES:
            for earlier, later in _overlapping(terms):
                if earlier.person_id != later.person_id:
                    c.add(
                        later.src,
                        "start",
                        P.TWO_HOLDERS,
                        position=post,
                        role=roles[post],
                        person=later.person_id,
                        other_person=earlier.person_id,
                        other=where(earlier.src),
                    )
    return tenures


def _check_links(c: Checker, ds: Dataset) -> None:
    oversight = [
        o
        for o in ds.oversight
        if c.ref(o.position_id, (_L.POSITION,), o.src, "position_id")
        & c.ref(o.org_id, (_L.ORGANIZATION,), o.src, "org_id")
    ]
    groups: dict[tuple[str, ...], list[Any]] = defaultdict(list)
    for o in _check_dates(c, oversight):
        groups[("oversight", o.position_id, o.org_id)].append(o)
    for s in ds.supervision:
        ok = c.ref(s.supervisor_id, (_L.ORGANIZATION,), s.src, "supervisor_id") & c.ref(
            s.org_id, (_L.ORGANIZATION,), s.src, "org_id"
        )
        if ok and s.supervisor_id == s.org_id:
            c.add(s.src, "org_id", P.SELF_SUPERVISION, org=s.org_id)
        elif ok and s.interval.is_valid():
            groups[("supervision", s.supervisor_id, s.org_id, s.kind)].append(s)
        elif ok:
            c.add(s.src, "end", P.END_BEFORE_START, start=s.start, end=s.end)
    for items in groups.values():
        for earlier, later in _overlapping(items):
            c.add(later.src, "start", P.DUPLICATE_LINK, other=where(earlier.src))


def _check_duties(c: Checker, ds: Dataset) -> tuple[BoundDuties, BoundAssignments]:
    """Lists, clauses, explicit duties and template instances; returns all duties
    and the template bearings."""
    clause_seen: dict[str, Source | None] = {}
    clauses = []
    for cl in ds.clauses:
        if not c.ref(cl.list_id, (_L.LIST,), cl.src, "list_id"):
            c.broken.setdefault(cl.key, cause_of(cl.src))  # what refers to the clause counts under it
            continue
        if cl.key in clause_seen:
            c.add(cl.src, "clause", P.DUPLICATE_CLAUSE, clause=cl.key, first=where(clause_seen[cl.key]))
            continue
        clause_seen[cl.key] = cl.src
        clauses.append(cl)
        _check_frequency(c, cl.src, cl.frequency, cl.key)
    instances, bearings = bind_clauses(clauses, ds.organizations, ds.positions)
    c.register_all(instances, _L.DUTY, "clause")
    for d in ds.duties:
        c.ref(d.list_id, (_L.LIST,), d.src, "list_id")
        c.ref(d.parent_id, (_L.DUTY,), d.src, "parent_id")
        _check_frequency(c, d.src, d.frequency, d.id)
    # a cycle runs through written duties only (an instance has no parent): no
    # index of the millions of instances is needed to find one
    written = {d.id: d for d in ds.duties}
    parents = {d.id: d.parent_id for d in ds.duties if d.parent_id in written}
    for cycle in _cycles(parents):
        c.add(written[cycle[0]].src, "parent_id", P.DUTY_CYCLE, cycle=" → ".join([*cycle, cycle[0]]))
    return instances.after(ds.duties), bearings


def _check_frequency(c: Checker, src: Source | None, text: str, duty: str) -> None:
    if parse_frequency(text) is UNPARSED:
        c.add(src, "frequency", P.UNPARSED_FREQUENCY, Severity.WARNING, value=text, duty=duty)


def _check_assignments(c: Checker, ds: Dataset) -> list[Assignment]:
    seen: dict[tuple[str, str], Source | None] = {}
    ok = []
    for a in ds.assignments:
        if not (
            c.ref(a.duty_id, (_L.DUTY,), a.src, "duty_id")
            & c.ref(a.bearer_id, (_L.POSITION, _L.ORGANIZATION), a.src, "bearer_id")
        ):
            continue
        pair = (a.duty_id, a.bearer_id)
        if pair in seen:
            c.add(
                a.src, "bearer_id", P.DUPLICATE_ASSIGNMENT, duty=a.duty_id, bearer=a.bearer_id, first=where(seen[pair])
            )
            continue
        seen[pair] = a.src
        ok.append(a)
    return ok


def _check_cases(c: Checker, ds: Dataset, resolver: Resolver) -> list[Case]:
    cases = []
    for case in ds.cases:
        ok = all([c.ref(org, (_L.ORGANIZATION,), case.src, "org_id") for org in case.org_ids])  # noqa: C419 - every one reported
        ok &= c.ref(case.investigated_by, (_L.ORGANIZATION,), case.src, "investigated_by")
        ok &= _check_period(c, case)
        duties = []
        for duty_id in case.breached_duty_ids:
            if c.label_of(duty_id, _L.DUTY) is None and duty_id in resolver.instances:
                resolved = resolver.for_org(duty_id, case.org_id) if ok else None
                if resolved is None and ok:
                    c.add(case.src, "breached_duty_ids", P.CASE_CLAUSE_UNRESOLVED, clause=duty_id, org=case.org_id)
                ok &= resolved is not None
                duties.append(resolved or duty_id)
            else:
                ok &= c.ref(duty_id, (_L.DUTY,), case.src, "breached_duty_ids")
                duties.append(duty_id)
        for person in case.direct_person_ids:
            ok &= c.ref(person, (_L.PERSON,), case.src, "direct_person_ids")
        if ok:
            cases.append(
                replace(
                    case,
                    org_ids=tuple(dict.fromkeys(case.org_ids)),
                    breached_duty_ids=tuple(dict.fromkeys(duties)),
                    direct_person_ids=tuple(dict.fromkeys(case.direct_person_ids)),
                )
            )
    return cases


def _check_period(c: Checker, case: Case) -> bool:
    """A misconduct period has both ends, the end not before the start."""
    start, end = case.period_start, case.period_end
    if (start is None) != (end is None):
        given, missing = ("period_start", "period_end") if end is None else ("period_end", "period_start")
        c.add(case.src, missing, P.PERIOD_HALF, given=c.header(case.src, given))
        return False
    if start is not None and end is not None and end < start:
        c.add(case.src, "period_end", P.END_BEFORE_START, start=start, end=end)
        return False
    return True


def _check_records(c: Checker, ds: Dataset, resolver: Resolver) -> list[Record]:
    records = []
    people_known = c.all_known(column(ds.records, "person_id"), _L.PERSON)
    for r in ds.records:
        if not people_known and not c.ref(r.person_id, (_L.PERSON,), r.src, "person_id"):
            continue
        duty_id = r.duty_id
        if c.label_of(duty_id, _L.DUTY) is None and duty_id in resolver.instances:
            found = resolver.for_person(duty_id, r.person_id, r.date)
            cause = _unsure(c, resolver, duty_id, r.person_id, r.date) if not found else None
            if cause is not None:  # a broken tenure of the person, or of a post bearing the clause
                c.caused[cause] += 1
                continue
            if len(found) != 1:
                code = P.RECORD_CLAUSE_AMBIGUOUS if found else P.RECORD_CLAUSE_UNRESOLVED
                c.add(r.src, "duty_id", code, clause=duty_id, person=r.person_id, date=r.date, candidates=found)
                continue
            duty_id = found[0]
        elif not c.ref(duty_id, (_L.DUTY,), r.src, "duty_id"):
            continue
        records.append(r if duty_id == r.duty_id else replace(r, duty_id=duty_id))
    return records


def _unsure(c: Checker, resolver: Resolver, key: str, person: str, day: date) -> Cause | None:
    """The reported row that may be why a record of ``person`` under clause
    ``key`` on ``day`` does not resolve: a tenure of the person or of a post
    bearing the clause, or a post the person held that day, or its
    organization, whose row was refused (so the clause was never bound there)."""
    if person in c.unsure_people:
        return c.unsure_people[person]
    for duty in resolver.instances.get(key, ()):
        for bearer in resolver.bearers.get(duty.id, ()):
            if bearer in c.unsure_posts:
                return c.unsure_posts[bearer]
    for term in resolver.terms.get(person, ()):
        if term.interval.contains(day):
            for node in (term.position_id, resolver.org_of.get(term.position_id)):
                if node is not None and node in c.broken:
                    return c.broken[node]
    return None


def _check_decisions(c: Checker, ds: Dataset) -> None:
    seen: dict[str, Source | None] = {}
    for d in ds.decisions:
        ok = c.ref(d.case_id, (_L.CASE,), d.src, "case_id") & c.ref(
            d.target_id, (_L.PERSON, _L.ORGANIZATION), d.src, "target_id"
        )
        if not ok:
            continue
        if d.id in seen:
            c.add(d.src, "target_id", P.DUPLICATE_DECISION, target=d.target_id, role=d.role, first=where(seen[d.id]))
        else:
            seen[d.id] = d.src
            c.register(d.id, _L.DECISION, d.src, "target_id")  # its derived id must not clash with another
        _check_form(c, d)


def _check_form(c: Checker, d: Decision) -> None:
    """Notices (not errors) on a decision's form: text that names none of art. 8's
    forms is kept as written; a form art. 8 gives only for the other kind of target."""
    if d.role is DecisionRole.EXONERATED:
        if not d.note:
            c.add(d.src, "note", P.EXONERATED_NO_NOTE, Severity.WARNING)
        return
    if not d.form:
        return
    kind = d.form_kind
    if kind is None:
        c.add(d.src, "form", P.FORM_UNRECOGNISED, Severity.WARNING, form=d.form)
        return
    is_org = d.target_id in c.ids.get(_L.ORGANIZATION, ())
    if is_org and kind not in ORG_FORMS:
        c.add(d.src, "form", P.FORM_FOR_LEADERS, Severity.WARNING, form=d.form, kind=kind, target=d.target_id)
    elif not is_org and kind not in LEADER_FORMS:
        c.add(d.src, "form", P.FORM_FOR_ORGANIZATIONS, Severity.WARNING, form=d.form, kind=kind, target=d.target_id)


_NODE_TABLES: tuple[tuple[str, NodeLabel], ...] = (
    ("organizations", _L.ORGANIZATION),
    ("positions", _L.POSITION),
    ("people", _L.PERSON),
    ("lists", _L.LIST),
    ("duties", _L.DUTY),
    ("cases", _L.CASE),
    ("records", _L.RECORD),
)


def validate(
    ds: Dataset,
    headers: Mapping[str, Mapping[str, str]],
    problems: list[Problem],
    warnings: list[Problem],
    broken_ids: Mapping[str, Cause] | None = None,
    unsure_people: Mapping[str, Cause] | None = None,
) -> Dataset:
    """Check ``ds`` as a whole and return it resolved (templates bound, clause
    references resolved). Problems go to ``problems``; notices that do not stop
    loading go to ``warnings``. ``broken_ids`` are ids of rows already reported
    (not reported again where referred to) and ``unsure_people`` persons whose
    tenure rows were. The result is only meaningful when no problem was added."""
    c = Checker(headers, problems, warnings, {}, dict(broken_ids or {}), dict(unsure_people or {}))
    ds = replace(ds)
    for table, label in _NODE_TABLES:
        setattr(ds, table, c.register_all(getattr(ds, table), label))
    _check_structure(c, ds)
    tenures = _check_tenures(c, ds)
    _check_links(c, ds)
    duties, bearings = _check_duties(c, ds)
    written = _check_assignments(c, ds)
    assignments = bearings.after(written)  # the written ones first, as they were read
    resolver = Resolver(ds, duties, assignments, tenures)
    cases = _check_cases(c, ds, resolver)
    records = _check_records(c, ds, resolver)
    _check_decisions(c, ds)
    problems[:] = by_cause(problems, c.caused, {label for label, known in c.ids.items() if known})
    return replace(ds, duties=duties, assignments=assignments, cases=cases, records=records, expanded=True)
