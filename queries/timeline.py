"""Time as a dimension: the span of the data, and what changed between two dates.

- :func:`data_span`: the earliest and latest dated fact (a term's or an
  oversight's or a supervision's start or end, a case, a decision, a record,
  a list's issue date) and the latest record; :meth:`DataSpan.warning` is the
  notice every command and page gives for a date outside it.
- :func:`diff`: between ``start`` and ``end``, the terms begun and ended, the
  oversight and supervision begun and ended, the posts whose duties gained or
  lost a holder (and the units whose borne duties changed with them), and the
  findings of the dated scans (orphans, gaps, overlaps) opened and closed.
  An edge in force on ``start`` and not on ``end`` because it ended is
  "ended" on its last day; one not in force on ``start`` that began by
  ``end`` is "begun" on its first day (both, when it began and ended between).
  One pass over the dated edges finds them; the rest is linear in the changes.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from functools import partial
from types import MappingProxyType
from typing import Any

import numpy as np

from graph.core import CODES, NO_END, NO_START, bulk
from graph.errors import RespnetError
from graph.i18n import DEFAULT_LANG, Lang, t
from graph.model import ResponsibilityGraph
from graph.schema import DATED_EDGES, EdgeType, NodeLabel, SupervisionKind
from graph.temporal import check_range
from queries.change_list import ChangeList
from queries.change_rows import duty_rows, edge_rows
from queries.columns import post_orgs, ranges
from queries.findings import Finding, compare, dated_scan
from queries.labels import join_post

__all__ = [
    "Change",
    "ChangeKind",
    "DataSpan",
    "Diff",
    "DiffCounts",
    "change_counts",
    "changes",
    "data_span",
    "dated_findings",
    "diff",
    "diff_counts",
]


@dataclass(frozen=True, slots=True)
class DataSpan:
    """The days the data speaks of: ``earliest`` and ``latest`` dated fact, and
    the ``latest_record`` (None when there is none of a kind)."""

    earliest: date | None = None
    latest: date | None = None
    latest_record: date | None = None

    def warning(self, day: date, lang: Lang = DEFAULT_LANG) -> str | None:
        """The notice for ``day`` outside the data, None inside it.

        >>> span = DataSpan(date(2021, 1, 1), date(2025, 6, 30))
        >>> span.warning(date(2019, 1, 1), "en").startswith("Note: 2019-01-01 lies before")
        True
        >>> span.warning(date(2024, 1, 1)) is None
        True
        """
        if self.earliest and day < self.earliest:
            return t("timeline.before_data", lang, at=day, earliest=self.earliest)
        if self.latest and day > self.latest:
            return t("timeline.after_data", lang, at=day, latest=self.latest)
        return None

    def check_period(self, end: date, *, allow_future: bool = False) -> None:
        """Refuse a compliance range ending after the latest record (its later
        windows would count as unmet for want of data), unless allowed."""
        if not allow_future and self.latest_record is not None and end > self.latest_record:
            raise RespnetError("error.compliance_future", end=end, latest=self.latest_record)

    def as_dict(self) -> dict[str, str | None]:
        return {
            "earliest": _iso(self.earliest),
            "latest": _iso(self.latest),
            "latest_record": _iso(self.latest_record),
        }


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def data_span(G: ResponsibilityGraph) -> DataSpan:
    """The span of ``G``'s dated facts (worked out once per graph)."""

    def make() -> DataSpan:
        core = G.core
        days: list[int] = []
        for etype in DATED_EDGES:
            table = core.edges[etype]
            for bound, missing in ((table.start, NO_START), (table.end, NO_END)):
                given = bound[bound != missing]
                if len(given):
                    days += [int(given.min()), int(given.max())]
        records = [d for d in core.column(NodeLabel.RECORD, "date") if d]
        for label, name in (
            (NodeLabel.CASE, "date"),
            (NodeLabel.DECISION, "date"),
            (NodeLabel.LIST, "issued"),
        ):
            given_days = [d for d in core.column(label, name) if d]
            if given_days:
                days += [min(given_days).toordinal(), max(given_days).toordinal()]
        if records:
            days += [min(records).toordinal(), max(records).toordinal()]
        if not days:
            return DataSpan()
        return DataSpan(date.fromordinal(min(days)), date.fromordinal(max(days)), max(records) if records else None)

    return G.derived("timeline.span", make)


class ChangeKind(StrEnum):
    """Every kind of change between two dates."""

    TENURE_BEGAN = "tenure_began"
    TENURE_ENDED = "tenure_ended"
    OVERSIGHT_BEGAN = "oversight_began"
    OVERSIGHT_ENDED = "oversight_ended"
    SUPERVISION_BEGAN = "supervision_began"
    SUPERVISION_ENDED = "supervision_ended"
    DUTIES_GAINED = "duties_gained"
    DUTIES_LOST = "duties_lost"
    UNIT_DUTIES = "unit_duties"


_Day = date  # the type, where a change's ``date`` attribute hides the name


class Change:
    """One change: its ``kind``, the ``ids`` involved (the subject first), the
    ``date`` it took effect (a last day for an end) and its message's parameters.
    Two changes are equal when their kind, ids and date are.

    A year of a province has a hundred thousand changes and a page shows two
    hundred: :meth:`deferred` leaves the parameters (names, post labels) to be
    made the first time they are read.
    """

    __slots__ = ("_make", "_params", "date", "ids", "kind")
    kind: ChangeKind
    ids: tuple[str, ...]
    date: _Day
    _params: Mapping[str, Any] | None
    _make: Callable[[], Mapping[str, Any]] | None

    def __init__(
        self, kind: ChangeKind, ids: tuple[str, ...], day: _Day, params: Mapping[str, Any] | None = None
    ) -> None:
        _put(self, "kind", kind)
        _put(self, "ids", ids)
        _put(self, "date", day)
        _put(self, "_params", MappingProxyType(dict(params or {})))
        _put(self, "_make", None)

    @classmethod
    def deferred(
        cls, kind: ChangeKind, ids: tuple[str, ...], day: _Day, make: Callable[[], Mapping[str, Any]]
    ) -> Change:
        """The change whose parameters ``make`` gives when first read (it must not fail)."""
        c = cls.__new__(cls)
        _put(c, "kind", kind)
        _put(c, "ids", ids)
        _put(c, "date", day)
        _put(c, "_params", None)
        _put(c, "_make", make)
        return c

    @property
    def params(self) -> Mapping[str, Any]:
        make = self._make
        if make is not None:  # another thread may word it at once: the same words
            _put(self, "_params", MappingProxyType(dict(make())))
            _put(self, "_make", None)
        return self._params  # type: ignore[return-value]

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"a change cannot be changed ({name})")

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Change):
            return NotImplemented
        return (self.kind, self.ids, self.date) == (other.kind, other.ids, other.date)

    def __hash__(self) -> int:
        return hash((self.kind, self.ids, self.date))

    def __repr__(self) -> str:
        return f"Change(kind={self.kind!r}, ids={self.ids!r}, date={self.date!r})"

    def __reduce__(self) -> tuple[Any, ...]:
        return (Change, (self.kind, self.ids, self.date, dict(self.params)))

    def message(self, lang: Lang = DEFAULT_LANG) -> str:
        return t(f"change.{self.kind.value}", lang, date=self.date, **self.params)

    def to_dict(self, lang: Lang = DEFAULT_LANG) -> dict[str, Any]:
        """The JSON form: ``kind``, ``ids``, ``message``, ``date``."""
        return {
            "kind": self.kind.value,
            "ids": list(self.ids),
            "message": self.message(lang),
            "date": self.date.isoformat(),
        }


_put = object.__setattr__


@dataclass(frozen=True, slots=True)
class Diff:
    """What changed from ``start`` to ``end``: the changes (by date) and the
    findings opened (found on ``end``, not on ``start``) and closed."""

    start: date
    end: date
    changes: ChangeList[Change]
    opened: list[Finding]
    closed: list[Finding]

    def to_dict(self, lang: Lang = DEFAULT_LANG) -> dict[str, Any]:
        """``{"from", "to", "changes", "opened", "closed"}`` (README)."""
        return {
            "from": self.start.isoformat(),
            "to": self.end.isoformat(),
            "changes": [c.to_dict(lang) for c in self.changes],
            "opened": [f.to_dict(lang) for f in self.opened],
            "closed": [f.to_dict(lang) for f in self.closed],
        }


#: What a change of each dated edge type is called (the schema says which types are dated).
_NOUN = {"HOLDS": "tenure", "OVERSEES": "oversight", "SUPERVISES": "supervision"}
assert set(_NOUN) == {e.value for e in DATED_EDGES}, "a dated edge type without a name for its changes"
_BEGAN = {e: ChangeKind(f"{_NOUN[e.value]}_began") for e in DATED_EDGES}
_ENDED = {e: ChangeKind(f"{_NOUN[e.value]}_ended") for e in DATED_EDGES}
_KINDS = list(ChangeKind)
_RANK = {k: i for i, k in enumerate(_KINDS)}  # the kinds' order in a list of changes


@bulk()  # many small objects and no cycles
def changes(G: ResponsibilityGraph, start: date, end: date) -> ChangeList[Change]:
    """The changes from ``start`` to ``end``, by date, then kind, then ids
    (a :class:`~queries.change_list.ChangeList`: each made when first read).

    Examples
    --------
    >>> from graph.builder import GraphBuilder
    >>> G = (GraphBuilder().organization("T", "Town", "party_committee")
    ...      .position("T-S", "T", "Secretary", "secretary").person("A", "An").person("B", "Bai")
    ...      .tenure("A", "T-S", date(2020, 1, 1), date(2024, 6, 30)).tenure("B", "T-S", date(2024, 7, 1))
    ...      .build())
    >>> [(c.kind.value, c.ids, str(c.date)) for c in changes(G, date(2024, 1, 1), date(2024, 12, 31))]
    [('tenure_ended', ('A', 'T-S'), '2024-06-30'), ('tenure_began', ('B', 'T-S'), '2024-07-01')]
    """
    check_range(start, end)
    names, ids = _Names(G), G.core.ids
    columns: dict[str, list[Any]] = {"src": [], "dst": [], "day": [], "code": [], "kind": []}
    for etype in DATED_EDGES:
        table = G.core.edges[etype]
        began, ended = edge_rows(table, start, end)
        for kinds, bound, rows in ((_BEGAN, table.start, began), (_ENDED, table.end, ended)):
            columns["src"].append(table.src[rows])
            columns["dst"].append(table.dst[rows])
            columns["day"].append(bound[rows])
            columns["code"].append(table.kind[rows])
            columns["kind"].append(np.full(len(rows), _RANK[kinds[etype]], np.int64))
    src, dst, day, code, kind = (np.concatenate(columns[k]).astype(np.int64) for k in columns)
    srcs, dsts, ons, sups, kinds = (a.tolist() for a in (src, dst, day, code, kind))  # read one at a time

    def made(row: int) -> Change:
        s, d, kind_of = srcs[row], dsts[row], _KINDS[kinds[row]]
        make = partial(_edge_params, names, kind_of, s, d, CODES[sups[row]])
        return Change.deferred(kind_of, (ids[s], ids[d]), date.fromordinal(ons[row]), make)

    others = sorted(_duty_changes(G, start, end, names), key=lambda c: (c.date, _RANK[c.kind], c.ids))
    keys = [(c.date.toordinal(), _RANK[c.kind]) for c in others]
    return ChangeList.build(
        day=day, kind=kind, src=src, dst=dst, ids=ids, make=made, others=others, other_keys=keys, labels=_KINDS
    )


class _Names:
    """Names and post labels by node index, each worked out once for a run of
    changes (ids are not looked up: at province scale that is the cost). The
    changes' parameters are made from it when first read: it is shared by them."""

    def __init__(self, G: ResponsibilityGraph) -> None:
        self.core = G.core
        self.org = post_orgs(G)
        self._names: dict[int, str] = {}
        self._posts: dict[int, str] = {}

    def name(self, node: int) -> str:
        found = self._names.get(node)
        if found is None:
            found = self._names[node] = self.core.name(node)
        return found

    def post(self, node: int) -> str:
        found = self._posts.get(node)
        if found is None:
            found = self._posts[node] = join_post(self.name(int(self.org[node])), self.name(node))
        return found


def _edge_params(names: _Names, kind: ChangeKind, src: int, dst: int, sup: str | None) -> dict[str, Any]:
    """The parameters of a change of a dated edge's message (names, post labels)."""
    ids = names.core.ids
    if kind in (ChangeKind.TENURE_BEGAN, ChangeKind.TENURE_ENDED):  # a HOLDS edge
        params: dict[str, Any] = {"person": names.name(src), "person_id": ids[src]}
        params.update(position=names.post(dst), position_id=ids[dst])
    elif kind in (ChangeKind.OVERSIGHT_BEGAN, ChangeKind.OVERSIGHT_ENDED):
        params = {"position": names.post(src), "position_id": ids[src], "org": names.name(dst), "org_id": ids[dst]}
    else:
        params = {"supervisor": names.name(src), "supervisor_id": ids[src], "org": names.name(dst)}
        params.update(org_id=ids[dst], kind=SupervisionKind(sup) if sup else None)
    return params


def _duty_changes(G: ResponsibilityGraph, start: date, end: date, names: _Names) -> list[Change]:
    """The changes of :func:`queries.change_rows.duty_rows`, each post with its duties."""
    rows = duty_rows(G, start, end)
    if not len(rows.moved):
        return []
    core = G.core
    bears = core.edges[EdgeType.BEARS]
    b_lo, b_hi = bears.leaving_spans(rows.moved)
    d_owner, d_k = ranges(b_lo, b_hi)
    duties: list[list[str]] = [[] for _ in rows.moved]
    ids = core.ids
    for o, d in zip(d_owner.tolist(), bears.dst[bears.out_perm[d_k]].tolist(), strict=True):
        duties[o].append(ids[d])
    found: list[Change] = []
    for post, is_lost, on, theirs in zip(
        rows.moved.tolist(), rows.lost.tolist(), rows.day.tolist(), duties, strict=True
    ):
        theirs.sort()
        kind = ChangeKind.DUTIES_LOST if is_lost else ChangeKind.DUTIES_GAINED
        make = partial(_duty_params, names, post, theirs, start, end)
        found.append(Change.deferred(kind, (ids[post], *theirs), date.fromordinal(on), make))
    # each unit of a moved post: its duties borne by a held post on either date
    org_of = names.org
    mine: dict[int, list[str]] = defaultdict(list)
    for post in rows.moved.tolist():
        mine[int(org_of[post])].append(ids[post])
    changed = rows.changed_units
    for org, n_before, n_after in zip(
        rows.units[changed].tolist(), rows.before[changed].tolist(), rows.after[changed].tolist(), strict=True
    ):
        params = {"org_id": ids[org], "before": n_before, "after": n_after, "start": start}
        make = partial(_unit_params, names, org, params)
        found.append(Change.deferred(ChangeKind.UNIT_DUTIES, (ids[org], *sorted(mine[org])), end, make))
    return found


def _duty_params(names: _Names, post: int, duties: list[str], start: date, end: date) -> dict[str, Any]:
    position = {"position": names.post(post), "position_id": names.core.ids[post]}
    return {**position, "count": len(duties), "duties": duties, "start": start, "end": end}


def _unit_params(names: _Names, org: int, params: dict[str, Any]) -> dict[str, Any]:
    return {"org": names.name(org), **params}


def dated_findings(G: ResponsibilityGraph, at: date) -> list[Finding]:
    """The findings of the scans that look at one day (orphans, gaps, overlaps)."""
    import queries

    return dated_scan(queries, G, at=at)


def change_counts(G: ResponsibilityGraph, start: date, end: date) -> dict[ChangeKind, int]:
    """How many changes of each kind :func:`changes` gives (every kind, zeros
    included), counted on the rows without making one."""
    check_range(start, end)
    counts = dict.fromkeys(ChangeKind, 0)
    for etype in DATED_EDGES:
        began, ended = edge_rows(G.core.edges[etype], start, end)
        counts[_BEGAN[etype]] += len(began)
        counts[_ENDED[etype]] += len(ended)
    rows = duty_rows(G, start, end)
    lost = int(rows.lost.sum())
    counts[ChangeKind.DUTIES_LOST] = lost
    counts[ChangeKind.DUTIES_GAINED] = len(rows.moved) - lost
    counts[ChangeKind.UNIT_DUTIES] = int(rows.changed_units.sum())
    return counts


@dataclass(frozen=True, slots=True)
class DiffCounts:
    """What the overview shows of a :class:`Diff`: the changes of each kind
    (every kind, zeros included) and how many findings opened and closed."""

    start: date
    end: date
    changes: Mapping[ChangeKind, int]
    opened: int
    closed: int


def diff_counts(
    G: ResponsibilityGraph,
    start: date,
    end: date,
    *,
    findings_on: Callable[[date], list[Finding]] | None = None,
) -> DiffCounts:
    """:func:`diff` counted: no change is made or named."""
    check_range(start, end)
    scan = findings_on or (lambda day: dated_findings(G, day))
    opened, closed = compare(scan(start), scan(end))
    return DiffCounts(start, end, change_counts(G, start, end), len(opened), len(closed))


@bulk()  # findings are many small objects and no cycles
def diff(
    G: ResponsibilityGraph,
    start: date,
    end: date,
    *,
    findings_on: Callable[[date], list[Finding]] | None = None,
) -> Diff:
    """What changed from ``start`` to ``end`` (see the module's text); the
    findings on each date by ``findings_on`` (default :func:`dated_findings`)."""
    check_range(start, end)
    scan = findings_on or (lambda day: dated_findings(G, day))
    opened, closed = compare(scan(start), scan(end))
    return Diff(start, end, changes(G, start, end), opened, closed)
