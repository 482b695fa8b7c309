"""Handovers (变动交接): every change of holder of a post in a period, and
what it left behind.

A change is a term that ends inside the period, unless the same person holds
the post again the next day (a new term, a change of capacity). Its successor
is the earliest term of another person that began after the leaving term
began and outlasts it (``None``: nobody followed). The vacancy is the number
of days after the last day on which nobody held the post, up to the next
holder's first day or, when nobody followed, to the period's end (0 when the
successor started on or before the day after).

A handover record is a performance record whose kind is ``handover`` or
names 交接 (离任交接, 工作交接 …), made by the leaving or the arriving holder
within ``days`` (default :data:`HANDOVER_DAYS`) before the leaving day or
after the later of the leaving and arriving day, on a duty the post bears (on
any duty, when it bears none). A change without one is a ``handover_gap``.

:func:`handovers` also tells, for each change, the duties the post bears, the
frequency duties whose window the leaving holder left unmet (records of the
post's holders in the window up to the leaving day, fewer than required),
and the open items: cases in the post's organization or the units it oversaw
that day, dated by then, with no decision by then, and (when given) the
findings whose unit is one of those. Leads and 整改 items are not data yet.

:func:`successions` and :func:`gaps_of` work on plain terms and records, so
the store (:mod:`queries.pushdown`) feeds them too.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import partial
from typing import Any

import numpy as np

from graph.core import CODES, bulk
from graph.errors import RespnetError
from graph.frequency import Frequency, Period, Window, window_of
from graph.i18n import DEFAULT_LANG, Lang, t
from graph.made_on_read import MadeOnRead
from graph.model import ResponsibilityGraph
from graph.schema import BearerRole, EdgeType, NodeLabel
from graph.temporal import Term, check_range
from queries.findings import Finding, FindingKind, sort_findings
from queries.handover_columns import (
    HANDOVER_KIND,
    HANDOVER_MARK,
    bearings,
    change_order,
    changes,
    handover_mask,
    is_handover,
)
from queries.labels import post_label

__all__ = [
    "HANDOVER_DAYS",
    "HANDOVER_KIND",
    "HANDOVER_MARK",
    "Handover",
    "Handovers",
    "Succession",
    "check_period",
    "gap_finding",
    "gap_ids",
    "gaps_of",
    "handover_counts",
    "handover_gap",
    "handover_gaps",
    "handover_mask",
    "handovers",
    "is_handover",
    "successions",
]

#: Days before leaving or after arriving within which a handover record counts.
HANDOVER_DAYS = 15
_DAY = timedelta(days=1)


@dataclass(frozen=True, slots=True)
class Succession:
    """A change of holder: ``from_person`` left ``position`` after ``left``;
    ``to_person`` arrived on ``arrived`` (both None when nobody followed);
    nobody held it for ``vacancy_days`` days, counted up to ``until``."""

    position: str
    from_person: str
    to_person: str | None
    left: date
    arrived: date | None
    vacancy_days: int
    until: date

    def window(self, days: int) -> tuple[date, date]:
        """The days a handover record may bear."""
        last = max(self.left, self.arrived) if self.arrived else self.left
        return self.left - timedelta(days=days), last + timedelta(days=days)


def successions(position: str, terms: Iterable[Term], start: date, end: date) -> list[Succession]:
    """The changes of holder of ``position`` whose leaving day lies in ``[start, end]``.

    >>> A = Term("A", date(2020, 1, 1), date(2024, 6, 30))
    >>> [(s.to_person, s.vacancy_days) for s in successions("S", [A, Term("B", date(2024, 6, 30), None)],
    ...                                                     date(2024, 1, 1), date(2024, 12, 31))]
    [('B', 0)]
    >>> [(s.to_person, s.vacancy_days) for s in successions("S", [A], date(2024, 1, 1), date(2024, 12, 31))]
    [(None, 184)]
    """
    ordered = sorted(terms, key=lambda u: (u.start or date.min, u.person))
    found = []
    for term in ordered:
        if term.end is None or not start <= term.end <= end or term.end == date.max:
            continue
        after = term.end + _DAY
        if any(u.person == term.person and u.covers(after) for u in ordered):
            continue  # the same holder goes on
        others = [u for u in ordered if u.person != term.person]
        began = term.start or date.min
        later = [u for u in others if (u.start or date.min) > began and (u.end is None or u.end > term.end)]
        successor = later[0] if later else None
        if any(u.covers(after) for u in others):
            vacancy = 0
        else:
            nexts = [u.start for u in others if u.start and u.start > term.end]
            vacancy = (min(nexts) - term.end).days - 1 if nexts else max(0, (end - term.end).days)
        found.append(
            Succession(
                position,
                term.person,
                successor.person if successor else None,
                term.end,
                successor.start if successor else None,
                vacancy,
                end,
            )
        )
    return found


def _record_for(s: Succession, records: Iterable[tuple[str, str, date]], days: int) -> str | None:
    """The first handover record (id, person, date) of the change, or None."""
    lo, hi = s.window(days)
    people = {s.from_person, s.to_person}
    hits = sorted((day, rid) for rid, person, day in records if person in people and lo <= day <= hi)
    return hits[0][1] if hits else None


class _Successor:
    """How a handover gap's message tells who followed, in the reader's language."""

    def __init__(self, s: Succession, names: dict[str, str]) -> None:
        self.s, self.names = s, names

    def localize(self, lang: Lang) -> str:
        s = self.s
        if s.to_person is None:
            return t("handover.nobody", lang, until=s.until, vacancy=s.vacancy_days)
        key = "handover.successor"
        if s.arrived is not None and s.arrived <= s.left + _DAY:
            key = "handover.same_day" if s.arrived <= s.left else "handover.next_day"
        return t(
            key, lang, arrived=s.arrived, to_person=self.names.get(s.to_person, s.to_person), to_person_id=s.to_person
        )


def handover_gap(G: ResponsibilityGraph, s: Succession, duties: int, days: int) -> Finding:
    """The finding of a change of holder with no handover record (G need hold
    the post, its organization and the two people)."""
    names = {p: G.name(p) for p in (s.from_person, s.to_person) if p is not None}
    return gap_finding(s, post_label(G, s.position), names, duties, days)


def gap_finding(s: Succession, position: str, names: dict[str, str], duties: int, days: int) -> Finding:
    """The finding of a change of holder with no handover record, from the
    post's label (``organization·title``) and the people's names."""
    return Finding(
        FindingKind.HANDOVER_GAP,
        gap_ids(s),
        {
            "left": s.left,
            "from_person": names.get(s.from_person, s.from_person),
            "from_person_id": s.from_person,
            "position": position,
            "position_id": s.position,
            "successor": _Successor(s, names),
            "days": days,
            "duties": duties,
        },
        {
            "left": s.left.isoformat(),
            "arrived": s.arrived.isoformat() if s.arrived else None,
            "to_person": s.to_person,
            "vacancy_days": s.vacancy_days,
            "days": days,
        },
    )


def gaps_of(
    position: str,
    terms: Sequence[Term],
    records: Sequence[tuple[str, str, date]],
    start: date,
    end: date,
    days: int,
) -> list[Succession]:
    """The changes of ``position`` in ``[start, end]`` with no handover record
    among ``records`` (id, person, date: the handover records that count for
    the post)."""
    return [s for s in successions(position, terms, start, end) if _record_for(s, records, days) is None]


def check_period(start: date, end: date, days: int) -> None:
    check_range(start, end)
    if days < 0:
        raise RespnetError("error.bad_days", days=days)


def _duty_count(G: ResponsibilityGraph, post: str) -> int:
    """How many duties ``post`` bears (its BEARS edges), from the columns."""
    return len(G.core.edges[EdgeType.BEARS].leaving(G.core.pos[post]))


def _handover_records(G: ResponsibilityGraph, post: str, people: Iterable[str]) -> list[tuple[str, str, date]]:
    """The handover records (id, person, date) of ``people`` that count for ``post``."""
    by_person = _handover_index(G)
    mine = [(rid, person, day, duty) for person in sorted(set(people)) for rid, day, duty in by_person.get(person, ())]
    if not mine:
        return []
    duties = {link.target for link in G.duties_of(post)}
    return [(rid, person, day) for rid, person, day, duty in mine if not duties or duty in duties]


def _handover_index(G: ResponsibilityGraph) -> dict[str, list[tuple[str, date, str]]]:
    """Every handover record (id, date, duty) by the person who made it; found
    by one pass over the records' kinds, worked out once per graph."""

    def make() -> dict[str, list[tuple[str, date, str]]]:
        core = G.core
        marked = np.flatnonzero(handover_mask(G))
        found: dict[str, list[tuple[str, date, str]]] = {}
        lo, _ = core.spans[NodeLabel.RECORD]
        for row in marked.tolist():
            record = core.ids[lo + row]
            person = G.performer(record)
            duty = next((f.target for f in G.out(record, EdgeType.FULFILS)), "")
            found.setdefault(person, []).append((record, G.attr(record, "date"), duty))
        return found

    return G.derived("handover.records", make)


@bulk()  # findings are many small objects and no cycles
def handover_gaps(G: ResponsibilityGraph, *, start: date, end: date, days: int = HANDOVER_DAYS) -> list[Finding]:
    """``handover_gap``: every change of holder in ``[start, end]`` with no handover record
    (found for the whole network at once: :func:`queries.handover_columns.changes`)."""
    check_period(start, end, days)
    found = changes(G, start, end, days)
    ids, gap = G.core.ids, ~found.recorded
    made = []
    for row in zip(
        *(column[gap].tolist() for column in (found.post, found.leaver, found.left, found.successor, found.arrived)),
        found.vacancy[gap].tolist(),
        strict=True,
    ):
        post, leaver, _, successor, _, _ = row
        named = (ids[post], ids[leaver], ids[successor]) if successor >= 0 else (ids[post], ids[leaver])
        made.append(Finding.deferred(FindingKind.HANDOVER_GAP, named, partial(_worded_row, G, row, end, days)))
    return sort_findings(made)


def _worded_row(G: ResponsibilityGraph, row: tuple[int, ...], end: date, days: int) -> Finding:
    """The gap finding of a change of :func:`queries.handover_columns.changes`
    (post, leaver, left, successor, arrived, vacancy: node indices and ordinals)."""
    return _worded_gap(G, _succession(G, row, end), days)


def _succession(G: ResponsibilityGraph, row: tuple[int, ...], end: date) -> Succession:
    """A change of :func:`queries.handover_columns.changes` (post, leaver, left,
    successor, arrived, vacancy: node indices and ordinals) as a :class:`Succession`."""
    post, leaver, left, successor, arrived, vacancy = row
    ids, followed = G.core.ids, successor >= 0
    to, on = (ids[successor], date.fromordinal(arrived)) if followed else (None, None)
    return Succession(ids[post], ids[leaver], to, date.fromordinal(left), on, vacancy, end)


def _worded_gap(G: ResponsibilityGraph, s: Succession, days: int) -> Finding:
    return handover_gap(G, s, _duty_count(G, s.position), days)


def gap_ids(s: Succession) -> tuple[str, ...]:
    """The ids of a change of holder's gap finding: the post, who left, who came (if anyone)."""
    return (s.position, s.from_person, *((s.to_person,) if s.to_person else ()))


def handover_counts(G: ResponsibilityGraph, *, start: date, end: date, days: int = HANDOVER_DAYS) -> tuple[int, int]:
    """How many changes of holder ``[start, end]`` saw, and how many of them
    have no handover record: ``len(handovers(...))`` and its gaps, without
    working out each change's duties, windows and open items."""
    check_period(start, end, days)
    found = changes(G, start, end, days)
    return len(found), int((~found.recorded).sum())


@dataclass(frozen=True, slots=True)
class Unmet:
    """A frequency duty short in the window its leaving holder left."""

    duty: str
    window: Window
    actual: int
    required: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "duty": self.duty,
            "window": {"start": self.window.start.isoformat(), "end": self.window.end.isoformat()},
            "actual": self.actual,
            "required": self.required,
        }


@dataclass(frozen=True, slots=True)
class Handover:
    """One change of holder with what it left behind (see the module's text)."""

    succession: Succession
    org: str
    duties: list[str]
    unmet: list[Unmet]
    cases: list[str]
    findings: list[Finding]
    record: str | None

    def to_dict(self, G: ResponsibilityGraph, lang: Lang = DEFAULT_LANG) -> dict[str, Any]:
        """The JSON form (README): position, org, from_person, to_person, left,
        arrived, vacancy_days, duties, unmet, open_items, handover_record."""
        s = self.succession
        items: list[dict[str, Any]] = [
            {"kind": "case", "id": c, "title": G.name(c), "date": G.attr(c, "date").isoformat()} for c in self.cases
        ]
        items += [
            {"kind": "finding", "finding": f.kind.value, "ids": list(f.ids), "message": f.message(lang)}
            for f in self.findings
        ]
        return {
            "position": s.position,
            "org": self.org,
            "from_person": s.from_person,
            "to_person": s.to_person,
            "left": s.left.isoformat(),
            "arrived": s.arrived.isoformat() if s.arrived else None,
            "vacancy_days": s.vacancy_days,
            "duties": self.duties,
            "unmet": [u.to_dict() for u in self.unmet],
            "open_items": items,
            "handover_record": self.record,
        }


def _unmet(G: ResponsibilityGraph, post: str, left: date, borne: list[tuple[str, int, int]]) -> list[Unmet]:
    """The frequency duties ``post`` leads (among ``borne``, its duties as
    :func:`queries.handover_columns.bearings` reads them) whose window ending
    on ``left`` saw fewer records by its holders than due."""
    found, core, lead = [], G.core, CODES.index(BearerRole.LEAD.value)
    for duty, node, role in borne:
        period = core.attr(node, "frequency_period") if role == lead else None
        if not period:
            continue
        freq = Frequency(Period(period), int(core.attr(node, "frequency_count")))
        window = window_of(freq.period, left)
        actual = 0
        for rec in G.records_of(duty):
            record = rec.source
            day = G.attr(record, "date")
            if not window.start <= day <= left or is_handover(G.attr(record, "kind")):
                continue
            if any(h.target == post for h in G.posts_held_on(G.performer(record), day)):
                actual += 1
        if actual < freq.count:
            found.append(Unmet(duty, window, actual, freq.count))
    return found


def _open_cases(G: ResponsibilityGraph, orgs: Iterable[str], left: date) -> list[str]:
    found = set()
    for org in orgs:
        for occurred in G.into(org, EdgeType.OCCURRED_IN):
            case = occurred.source
            if G.attr(case, "date") > left:
                continue
            decided = any((G.attr(d.source, "date") or date.min) <= left for d in G.into(case, EdgeType.CONCERNS))
            if not decided:
                found.add(case)
    return sorted(found)


def handovers(
    G: ResponsibilityGraph,
    *,
    start: date,
    end: date,
    days: int = HANDOVER_DAYS,
    findings: Sequence[Finding] = (),
) -> list[Handover]:
    """Every change of holder in ``[start, end]`` with its duties, unmet windows,
    open items (``findings`` placed in the post's units among them) and
    handover record; by leaving day, then post, then who left (then who came
    and when: :func:`queries.handover_columns.change_order`)."""
    return list(Handovers(G, start=start, end=end, days=days, findings=findings))


class Handovers(MadeOnRead[Handover]):
    """:func:`handovers` as a sequence that works each change out when it is
    first read. The changes themselves are found for the whole network at once
    (:func:`queries.handover_columns.changes`), so the count and the gaps are
    known at once; a province has tens of thousands, a page shows a few dozen."""

    def __init__(
        self,
        G: ResponsibilityGraph,
        *,
        start: date,
        end: date,
        days: int = HANDOVER_DAYS,
        findings: Sequence[Finding] = (),
    ) -> None:
        check_period(start, end, days)
        made = changes(G, start, end, days)
        ids = G.core.ids
        columns = [a.tolist() for a in (made.post, made.leaver, made.left, made.successor, made.arrived, made.vacancy)]
        post, leaver, left, successor, arrived = columns[:5]
        order = sorted(
            range(len(made)), key=lambda k: change_order(ids, post[k], leaver[k], left[k], successor[k], arrived[k])
        )
        self._rows = [tuple(column[k] for column in columns) for k in order]
        self.gaps = int((~made.recorded).sum())  #: how many have no handover record
        self._G, self._end, self._days, self._findings = G, end, days, findings
        self._homes: dict[str, list[Finding]] | None = None
        self._made: dict[int, Handover] = {}

    def __len__(self) -> int:
        return len(self._rows)

    def _item(self, k: int) -> Handover:
        found = self._made.get(k)
        if found is None:
            if self._homes is None:
                self._homes = _homes(self._G, self._findings)
            s = _succession(self._G, self._rows[k], self._end)
            found = self._made[k] = _handover(self._G, s, self._days, self._homes)
        return found


def _homes(G: ResponsibilityGraph, findings: Iterable[Finding]) -> dict[str, list[Finding]]:
    """The findings by the organization each belongs to (:func:`queries.dossier.home_org`)."""
    from queries.dossier import home_org

    homes: dict[str, list[Finding]] = {}
    for f in findings:
        unit = home_org(G, f.subject) if f.subject in G else None
        if unit is not None:
            homes.setdefault(unit, []).append(f)
    return homes


def _handover(G: ResponsibilityGraph, s: Succession, days: int, homes: dict[str, list[Finding]]) -> Handover:
    """One change of holder with what it left behind and its first handover record."""
    post = s.position
    org = G.org_of(post)
    orgs = [org, *sorted(o.target for o in G.oversees_on(post, s.left))]
    borne = bearings(G, post)
    records = _handover_records(G, post, (p for p in (s.from_person, s.to_person) if p is not None))
    return Handover(
        s,
        org,
        [duty for duty, _, _ in borne],
        _unmet(G, post, s.left, borne),
        _open_cases(G, orgs, s.left),
        sort_findings(f for o in dict.fromkeys(orgs) for f in homes.get(o, ())),
        _record_for(s, records, days),
    )
