"""What-if (推演): the findings on a date if some changes were made, before a
分工调整 or a reshuffle is issued.

The changes are applied to a copy in memory — never to the data:

- ``remove_person`` P: every term of P in force on the date ends the day
  before, and any later term is dropped;
- ``end_tenure`` P:POS: P's term of POS in force on the date ends the day before;
- ``move_oversight`` POS:ORG:POS2: POS's oversight of ORG in force on the date
  ends the day before; POS2 oversees ORG from the date, to the old end;
- ``merge_orgs`` A,B: B is taken into A — B's posts, sub-organizations,
  oversight, supervision, duties and cases become A's, and B is gone.

The findings compared are those of the scans that look at one day (orphans,
gaps, overlaps) on the date, before and after.

The first three move edges only: they are made on copies of the graph's term
and oversight columns (:func:`edited_graph`), everything else shared — a
province answers in seconds. A merge moves posts, organizations, duties and
cases: the dataset is copied with the moves made (:func:`apply_moves`) and
the graph built again. Both ways give the same graph (held equal by tests).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from enum import StrEnum
from typing import Any

import numpy as np
import numpy.typing as npt

from graph.builder import build_graph
from graph.core import EDGE_FIELDS, EdgeTable, GraphCore
from graph.errors import RespnetError
from graph.i18n import DEFAULT_LANG, Lang, Phrase, t
from graph.model import ResponsibilityGraph
from graph.records import Assignment, Dataset, Organization, Oversight, Supervision
from graph.schema import EdgeType, NodeLabel
from queries.findings import Finding, compare
from queries.timeline import dated_findings

__all__ = ["Move", "MoveKind", "WhatIf", "apply_moves", "parse_move", "whatif"]


class MoveKind(StrEnum):
    REMOVE_PERSON = "remove_person"
    END_TENURE = "end_tenure"
    MOVE_OVERSIGHT = "move_oversight"
    MERGE_ORGS = "merge_orgs"


#: How many parts each kind of change takes, and what separates them.
_SHAPE = {
    MoveKind.REMOVE_PERSON: (1, ":"),
    MoveKind.END_TENURE: (2, ":"),
    MoveKind.MOVE_OVERSIGHT: (3, ":"),
    MoveKind.MERGE_ORGS: (2, ","),
}


@dataclass(frozen=True, slots=True)
class Move:
    """One hypothetical change: its kind and its ids."""

    kind: MoveKind
    args: tuple[str, ...]

    def message(self, lang: Lang = DEFAULT_LANG, name: Callable[[str], str] | None = None) -> str:
        """The change in words; ``name`` tells an id's name (ids as they are without it)."""
        shown = [f"{name(a)}（{a}）" if name else a for a in self.args]
        return t(f"whatif.{self.kind.value}", lang, **dict(zip(("a", "b", "c"), shown, strict=False)))

    def to_dict(self, lang: Lang = DEFAULT_LANG) -> dict[str, Any]:
        return {"kind": self.kind.value, "args": list(self.args), "message": self.message(lang)}


def parse_move(kind: MoveKind, text: str) -> Move:
    """A change as the command line gives it (``P:POS``, ``A,B`` …).

    >>> parse_move(MoveKind.MOVE_OVERSIGHT, "XK-M1:XK-CZS:XK-M2").args
    ('XK-M1', 'XK-CZS', 'XK-M2')
    """
    count, sep = _SHAPE[kind]
    parts = tuple(p.strip() for p in text.replace("，", ",").replace("：", ":").split(sep))
    if len(parts) != count or not all(parts):
        raise RespnetError("error.bad_change", change=text, why=Phrase(f"whatif.shape_{kind.value}"))
    return Move(kind, parts)


def _refuse(move: Move, key: str, **params: Any) -> RespnetError:
    # the reason a message of its own, worded in the reader's language when the error is
    return RespnetError("error.bad_change", change=":".join(move.args), why=RespnetError(key, **params))


def _ids(ds: Dataset) -> dict[str, set[str]]:
    return {
        "person": {p.id for p in ds.people},
        "position": {p.id for p in ds.positions},
        "org": {o.id for o in ds.organizations},
    }


def apply_moves(ds: Dataset, at: date, moves: Sequence[Move]) -> Dataset:
    """A copy of ``ds`` with ``moves`` made on ``at`` (``ds`` is not changed)."""
    before = at - timedelta(days=1)
    out = replace(ds, warnings=list(ds.warnings))
    for move in moves:
        known = _ids(out)
        if move.kind is MoveKind.REMOVE_PERSON:
            (person,) = move.args
            if person not in known["person"]:
                raise _refuse(move, "whatif.unknown", what=person)
            out.tenures = [
                replace(u, end=before) if u.person_id == person and u.interval.contains(at) else u
                for u in out.tenures
                if not (u.person_id == person and u.start > at)
            ]
        elif move.kind is MoveKind.END_TENURE:
            person, post = move.args
            ended = [
                u for u in out.tenures if u.person_id == person and u.position_id == post and u.interval.contains(at)
            ]
            if not ended:
                raise _refuse(move, "whatif.no_term", person=person, position=post, at=at)
            out.tenures = [replace(u, end=before) if u in ended else u for u in out.tenures]
        elif move.kind is MoveKind.MOVE_OVERSIGHT:
            post, org, to = move.args
            if to not in known["position"]:
                raise _refuse(move, "whatif.unknown", what=to)
            hit = [o for o in out.oversight if o.position_id == post and o.org_id == org and o.interval.contains(at)]
            if not hit:
                raise _refuse(move, "whatif.no_oversight", position=post, org=org, at=at)
            kept = [replace(o, end=before) for o in hit if o.start is None or o.start < at]
            out.oversight = [*(o for o in out.oversight if o not in hit), *kept, Oversight(to, org, at, hit[0].end)]
        else:
            keep, gone = move.args
            for org in move.args:
                if org not in known["org"]:
                    raise _refuse(move, "whatif.unknown", what=org)
            if keep == gone:
                raise _refuse(move, "whatif.same_org")
            out = _merge(out, keep, gone)
        out.oversight = _one_per_pair(out.oversight, at)
        out.tenures = [u for u in out.tenures if u.interval.is_valid()]  # a term begun on the day is no more
    return out


def _one_per_pair(oversight: list[Oversight], at: date) -> list[Oversight]:
    """One oversight per post and organization (the graph keeps one edge per
    pair): the one in force on ``at`` where there is one, else the latest."""
    chosen: dict[tuple[str, str], Oversight] = {}
    for o in oversight:
        pair = (o.position_id, o.org_id)
        held = chosen.get(pair)
        if held is None or (
            not held.interval.contains(at)
            and (o.interval.contains(at) or (o.start or date.min) > (held.start or date.min))
        ):
            chosen[pair] = o
    return list(chosen.values())


def _merge(ds: Dataset, keep: str, gone: str) -> Dataset:
    """``gone`` taken into ``keep``: what was ``gone``'s is ``keep``'s, each bearing
    of a duty once (the first), and ``keep`` reports to where ``gone`` did when it
    reported to ``gone``."""

    def to(org: str) -> str:
        return keep if org == gone else org

    parent_of_gone = next((o.parent_id for o in ds.organizations if o.id == gone), None)

    def parent(o: Organization) -> str | None:
        if o.parent_id is None:
            return None
        if o.id == keep and o.parent_id == gone:
            return to(parent_of_gone) if parent_of_gone and to(parent_of_gone) != keep else None
        return to(o.parent_id)

    supervision: list[Supervision] = []
    for s in ds.supervision:
        moved = replace(s, supervisor_id=to(s.supervisor_id), org_id=to(s.org_id))
        if moved.supervisor_id != moved.org_id and moved not in supervision:
            supervision.append(moved)
    bearings: dict[tuple[str, str], Assignment] = {}
    for a in ds.assignments:
        bearings.setdefault((a.duty_id, to(a.bearer_id)), replace(a, bearer_id=to(a.bearer_id)))
    return replace(
        ds,
        organizations=[replace(o, parent_id=parent(o)) for o in ds.organizations if o.id != gone],
        positions=[replace(p, org_id=to(p.org_id)) for p in ds.positions],
        oversight=[replace(o, org_id=to(o.org_id)) for o in ds.oversight],
        supervision=supervision,
        duties=[replace(d, bound_org=to(d.bound_org) if d.bound_org else None) for d in ds.duties],
        assignments=list(bearings.values()),
        cases=[replace(c, org_ids=tuple(dict.fromkeys(to(o) for o in c.org_ids))) for c in ds.cases],
    )


class _Rows:
    """One edge type's columns, in the order of the dataset's rows, being edited."""

    def __init__(self, table: EdgeTable) -> None:
        self.cols = {name: getattr(table, name).copy() for name in EDGE_FIELDS}

    def __getitem__(self, name: str) -> npt.NDArray[Any]:
        column: npt.NDArray[Any] = self.cols[name]
        return column

    def in_force(self, day: int) -> npt.NDArray[np.bool_]:
        return (self["start"] <= day) & (self["end"] >= day)

    def take(self, rows: npt.NDArray[Any]) -> None:
        """Keep ``rows`` (a mask or indices), in that order."""
        self.cols = {name: column[rows] for name, column in self.cols.items()}

    def table(self) -> EdgeTable:
        return EdgeTable(*(self.cols[name] for name in EDGE_FIELDS))


def edited_graph(G: ResponsibilityGraph, at: date, moves: Sequence[Move]) -> ResponsibilityGraph | None:
    """``G`` with ``moves`` made as :func:`apply_moves` makes them on its dataset,
    on copies of the term and oversight columns (every other column shared);
    None when a move merges organizations (that one needs the dataset)."""
    if any(move.kind is MoveKind.MERGE_ORGS for move in moves):
        return None
    if not moves:
        return G
    core, day = G.core, at.toordinal()
    holds, oversees = _Rows(core.edges[EdgeType.HOLDS]), _Rows(core.edges[EdgeType.OVERSEES])

    def node(node_id: str, label: NodeLabel) -> int:
        return core.pos[node_id] if G.has(node_id, label) else -1

    for move in moves:
        if move.kind is MoveKind.REMOVE_PERSON:
            person = node(move.args[0], NodeLabel.PERSON)
            if person < 0:
                raise _refuse(move, "whatif.unknown", what=move.args[0])
            mine = holds["src"] == person
            holds["end"][mine & holds.in_force(day)] = day - 1
            holds.take(~(mine & (holds["start"] > day)))
        elif move.kind is MoveKind.END_TENURE:
            person, post = node(move.args[0], NodeLabel.PERSON), node(move.args[1], NodeLabel.POSITION)
            ended = (holds["src"] == person) & (holds["dst"] == post) & holds.in_force(day) & (person >= 0)
            if not ended.any():
                raise _refuse(move, "whatif.no_term", person=move.args[0], position=move.args[1], at=at)
            holds["end"][ended] = day - 1
        else:
            post, org, to = (node(move.args[i], label) for i, label in enumerate(_OVERSIGHT_ENDS))
            if to < 0:
                raise _refuse(move, "whatif.unknown", what=move.args[2])
            hit = (oversees["src"] == post) & (oversees["dst"] == org) & oversees.in_force(day) & (post >= 0)
            if not hit.any():
                raise _refuse(move, "whatif.no_oversight", position=move.args[0], org=move.args[1], at=at)
            until = oversees["end"][np.flatnonzero(hit)[0]]
            kept = hit & (oversees["start"] < day)
            oversees["end"][kept] = day - 1
            oversees.take(np.concatenate((np.flatnonzero(~hit), np.flatnonzero(kept))))
            added = {"src": to, "dst": org, "start": day, "end": until, "role": 0, "kind": 0, "origin": 0}
            oversees.cols = {
                name: np.concatenate((column, np.array([added[name]], dtype=column.dtype)))
                for name, column in oversees.cols.items()
            }
        _one_per_pair_rows(oversees, day)
        holds.take(holds["start"] <= holds["end"])  # a term begun on the day is no more
    edges = {**core.edges, EdgeType.HOLDS: holds.table(), EdgeType.OVERSEES: oversees.table()}
    index = (core.pos.order, core.pos.starts)
    return ResponsibilityGraph(GraphCore(core.ids, core.labels, core.rows, core.cols, edges, index))


_OVERSIGHT_ENDS = (NodeLabel.POSITION, NodeLabel.ORGANIZATION, NodeLabel.POSITION)


def _one_per_pair_rows(rows: _Rows, day: int) -> None:
    """:func:`_one_per_pair` on columns: of each post and organization's rows, the
    first in force on ``day`` where there is one, else the first of the latest
    start, at the place of the pair's first row."""
    src, dst = rows["src"].astype(np.int64), rows["dst"].astype(np.int64)
    n = len(src)
    pair = src * (int(dst.max(initial=0)) + 1) + dst
    order = np.lexsort((np.arange(n), pair))  # by pair, then by place
    cut = np.flatnonzero(np.diff(pair[order])) + 1
    lo, hi = np.concatenate(([0], cut)), np.concatenate((cut, [n]))
    twins = np.flatnonzero(hi - lo > 1)
    if not len(twins):
        return
    live, start = rows.in_force(day), rows["start"]
    place, keep = np.arange(n), np.ones(n, dtype=bool)
    for g in twins.tolist():
        at = order[lo[g] : hi[g]]
        first = live[at] if live[at].any() else start[at] == start[at].max()
        place[at[0]] = at[np.argmax(first)]
        keep[at[1:]] = False
    rows.take(place[keep])


@dataclass(frozen=True, slots=True)
class WhatIf:
    """The findings on ``at`` before and after ``moves``, and the difference."""

    at: date
    moves: list[Move]
    before: list[Finding]
    after: list[Finding]
    opened: list[Finding]
    closed: list[Finding]
    graph: ResponsibilityGraph

    def to_dict(self, lang: Lang = DEFAULT_LANG) -> dict[str, Any]:
        """``{"at", "changes", "before", "after", "opened", "closed"}`` (README)."""
        return {
            "at": self.at.isoformat(),
            "changes": [m.to_dict(lang) for m in self.moves],
            "before": [f.to_dict(lang) for f in self.before],
            "after": [f.to_dict(lang) for f in self.after],
            "opened": [f.to_dict(lang) for f in self.opened],
            "closed": [f.to_dict(lang) for f in self.closed],
        }


def whatif(
    G: ResponsibilityGraph, at: date, moves: Sequence[Move], *, dataset: Callable[[], Dataset] | None = None
) -> WhatIf:
    """The findings on ``at`` of ``G`` and of a copy with ``moves`` made;
    ``graph`` is the copy's graph. ``dataset`` gives ``G``'s dataset, read only
    when a move merges organizations (see the module).

    Raises
    ------
    RespnetError
        A move names what is not there (``error.bad_change``).
    """
    changed = edited_graph(G, at, moves)
    if changed is None:
        if dataset is None:
            raise ValueError("a merge of organizations is made on the dataset: none was given")
        changed = build_graph(apply_moves(dataset(), at, moves))
    before, after = dated_findings(G, at), dated_findings(changed, at)
    opened, closed = compare(before, after)
    return WhatIf(at, list(moves), before, after, opened, closed, changed)
