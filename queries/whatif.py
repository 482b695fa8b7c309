"""What-if (推演): the findings on a date if some changes were made, before a
分工调整 or a reshuffle is issued.

The changes are applied to a copy of the dataset in memory — never to the
data — and the graph is built again from the copy:

- ``remove_person`` P: every term of P in force on the date ends the day
  before, and any later term is dropped;
- ``end_tenure`` P:POS: P's term of POS in force on the date ends the day before;
- ``move_oversight`` POS:ORG:POS2: POS's oversight of ORG in force on the date
  ends the day before; POS2 oversees ORG from the date, to the old end;
- ``merge_orgs`` A,B: B is taken into A — B's posts, sub-organizations,
  oversight, supervision, duties and cases become A's, and B is gone.

The findings compared are those of the scans that look at one day (orphans,
gaps, overlaps) on the date, before and after.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from enum import StrEnum
from typing import Any

from graph.builder import build_graph
from graph.errors import RespnetError
from graph.i18n import DEFAULT_LANG, Lang, t
from graph.model import ResponsibilityGraph
from graph.records import Dataset, Oversight, Supervision
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
        raise RespnetError("error.bad_change", change=text, why=t(f"whatif.shape_{kind.value}"))
    return Move(kind, parts)


def _refuse(move: Move, key: str, **params: Any) -> RespnetError:
    return RespnetError("error.bad_change", change=":".join(move.args), why=t(key, **params))


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
    """``gone`` taken into ``keep``."""

    def to(org: str) -> str:
        return keep if org == gone else org

    supervision: list[Supervision] = []
    for s in ds.supervision:
        moved = replace(s, supervisor_id=to(s.supervisor_id), org_id=to(s.org_id))
        if moved.supervisor_id != moved.org_id and moved not in supervision:
            supervision.append(moved)
    return replace(
        ds,
        organizations=[
            replace(o, parent_id=to(o.parent_id) if o.parent_id else None) for o in ds.organizations if o.id != gone
        ],
        positions=[replace(p, org_id=to(p.org_id)) for p in ds.positions],
        oversight=[replace(o, org_id=to(o.org_id)) for o in ds.oversight],
        supervision=supervision,
        duties=[replace(d, bound_org=to(d.bound_org) if d.bound_org else None) for d in ds.duties],
        assignments=[replace(a, bearer_id=to(a.bearer_id)) for a in ds.assignments],
        cases=[replace(c, org_ids=tuple(dict.fromkeys(to(o) for o in c.org_ids))) for c in ds.cases],
    )


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


def whatif(ds: Dataset, G: ResponsibilityGraph, at: date, moves: Sequence[Move]) -> WhatIf:
    """The findings on ``at`` of ``G`` (the graph of ``ds``) and of a copy of
    ``ds`` with ``moves`` made; ``graph`` is the copy's graph."""
    changed = build_graph(apply_moves(ds, at, moves))
    before, after = dated_findings(G, at), dated_findings(changed, at)
    opened, closed = compare(before, after)
    return WhatIf(at, list(moves), before, after, opened, closed, changed)
