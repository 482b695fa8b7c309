"""Handover records and every change of holder in a period at once, from the columns.

Which records are handovers is told here (:func:`is_handover`, :func:`handover_mask`),
for the changes below and for compliance, which leaves them out of its counts.

:func:`queries.handover.successions` tells a post's changes of holder from its
terms, and :func:`queries.handover.handovers` words each with its duties and
open items. Counting the changes and finding those without a handover record
(the overview's figures, the ``handover_gap`` scan) needs neither, only the
rules; at a province's scale (80,000 changes a year) a loop over posts and
term objects takes seconds. Here the same rules are applied to arrays: each
term ending in the period is paired with every term of its post (a few each)
and with the handover records of the two people, and each rule is one pass
over the pairs. The tests hold the answers equal to the per-post ones.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np
import numpy.typing as npt

from graph.core import NO_START
from graph.model import ResponsibilityGraph
from graph.schema import EdgeType, NodeLabel
from queries.columns import codes, ordinals, ranges

__all__ = [
    "HANDOVER_KIND",
    "HANDOVER_MARK",
    "Changes",
    "bearings",
    "change_order",
    "changes",
    "handover_mask",
    "is_handover",
]

#: A record of this kind, or whose kind names :data:`HANDOVER_MARK`, is a handover.
HANDOVER_KIND = "handover"
HANDOVER_MARK = "交接"

I64 = npt.NDArray[np.int64]
_FIRST_DAY, _LAST_DAY = date.min.toordinal(), date.max.toordinal()
_NONE = np.iinfo(np.int64).max


@dataclass(frozen=True)
class Changes:
    """The changes of holder of a period, one per row, in no set order: the post,
    who left and the day, who followed (-1: nobody) and their first day, the
    days nobody held the post, and whether a handover record covers it."""

    post: I64
    leaver: I64
    left: I64
    successor: I64
    arrived: I64
    vacancy: I64
    recorded: npt.NDArray[np.bool_]

    def __len__(self) -> int:
        return len(self.post)


def is_handover(kind: str | None) -> bool:
    """Whether a record's kind says it is a handover.

    >>> is_handover("离任交接"), is_handover(" Handover "), is_handover("会议")
    (True, True, False)
    """
    text = (kind or "").strip().lower()
    return text == HANDOVER_KIND or HANDOVER_MARK in text


def handover_mask(G: ResponsibilityGraph) -> npt.NDArray[np.bool_]:
    """Which records (in their column order) are handovers; once per graph."""

    def make() -> npt.NDArray[np.bool_]:
        kinds, values = codes(G, NodeLabel.RECORD, "kind")
        mask: npt.NDArray[np.bool_] = np.array([is_handover(v) for v in values], dtype=bool)[kinds]
        return mask

    return G.derived("handover.mask", make)


def _first_by(owner: I64, key: I64, n: int) -> I64:
    """For each of ``n`` owners the position (in ``owner``) of its least ``key``; -1 if none."""
    best = np.full(n, -1, dtype=np.int64)
    if len(owner):
        order = np.lexsort((key, owner))
        lead = np.ones(len(order), dtype=bool)
        lead[1:] = owner[order][1:] != owner[order][:-1]
        best[owner[order][lead]] = order[lead]
    return best


def _successors(G: ResponsibilityGraph, owner: I64, began: I64, person: I64, n: int) -> I64:
    """The pair of each ending term that names its successor: the candidate
    first in the terms' order, by first day and then by the person's id."""
    best = _first_by(owner, began, n)
    found = best >= 0
    # candidates starting on the same day as the best: decided by the id, as the terms are sorted
    tied = (began == began[np.maximum(best, 0)[owner]]) & found[owner]
    counts = np.bincount(owner[tied], minlength=n)
    pairs = np.flatnonzero(tied & (counts > 1)[owner])
    if len(pairs):  # one sort of every tied candidate, the first by id taking each change
        ids, settled = G.core.ids, set()
        by_id = sorted(zip(owner[pairs].tolist(), pairs.tolist(), strict=True), key=lambda x: (x[0], ids[person[x[1]]]))
        for o, p in by_id:
            if o not in settled:
                settled.add(o)
                best[o] = p
    return best


def _handover_records(G: ResponsibilityGraph) -> tuple[I64, I64, I64]:
    """Every handover record as (person, day, duty: -1 for none), by person;
    once per graph."""

    def make() -> tuple[I64, I64, I64]:
        core = G.core
        lo, _ = core.spans[NodeLabel.RECORD]
        rows = np.flatnonzero(handover_mask(G))
        records = rows + lo
        performed, fulfils = core.edges[EdgeType.PERFORMED], core.edges[EdgeType.FULFILS]
        p_lo, p_hi = performed.entering_spans(records)
        f_lo, f_hi = fulfils.leaving_spans(records)
        has = p_hi > p_lo
        person = performed.src[performed.in_perm[p_lo[has]]].astype(np.int64)
        duty = np.full(len(records), -1, dtype=np.int64)
        fulfilling = f_hi > f_lo  # a record's duty: the first it fulfils, as G.out gives them
        duty[fulfilling] = fulfils.dst[fulfils.out_perm[f_lo[fulfilling]]]
        day = ordinals(G, NodeLabel.RECORD, "date")[rows]
        order = np.argsort(person, kind="stable")
        return person[order], day[has][order], duty[has][order]

    return G.derived("handover.record_arrays", make)


def _recorded(G: ResponsibilityGraph, post: I64, people: tuple[I64, I64], lo: I64, hi: I64) -> npt.NDArray[np.bool_]:
    """Whether a handover record of either of ``people`` (-1: none) dated in
    ``[lo, hi]`` counts for each change: on a duty its post bears, or on any
    duty when the post bears none."""
    by, day, duty = _handover_records(G)
    bears = G.core.edges[EdgeType.BEARS]
    b_lo, b_hi = bears.leaving_spans(post)
    bears_none = b_hi == b_lo
    found = np.zeros(len(post), dtype=bool)
    for who in people:
        r_lo, r_hi = np.searchsorted(by, who, "left"), np.searchsorted(by, who, "right")
        r_hi = np.where(who >= 0, r_hi, r_lo)
        owner, r = ranges(r_lo, r_hi)
        ok = (day[r] >= lo[owner]) & (day[r] <= hi[owner])
        # the record's duty among those its change's post bears (the post's own run of BEARS)
        q, k = ranges(b_lo[owner], b_hi[owner])
        borne = np.zeros(len(r), dtype=bool)
        borne[q[bears.dst[bears.out_perm[k]] == duty[r][q]]] = True
        ok &= bears_none[owner] | (borne & (duty[r] >= 0))
        found[owner[ok]] = True
    return found


def changes(G: ResponsibilityGraph, start: date, end: date, days: int) -> Changes:
    """Every change of holder whose leaving day lies in ``[start, end]``, as
    :func:`queries.handover.successions` gives them, with whether a handover
    record within ``days`` covers it (:func:`queries.handover._record_for`)."""
    holds = G.core.edges[EdgeType.HOLDS]
    first, last = start.toordinal(), end.toordinal()
    t = np.flatnonzero((holds.end >= first) & (holds.end <= last) & (holds.end != _LAST_DAY))
    n = len(t)
    # every ending term paired with every term of its post
    lo, hi = holds.entering_spans(holds.dst[t])
    owner, k = ranges(lo, hi)
    u = holds.in_perm[k]
    src = holds.src.astype(np.int64)
    end_t = holds.end[t].astype(np.int64)
    start_u, end_u = holds.start[u].astype(np.int64), holds.end[u].astype(np.int64)
    after = end_t[owner] + 1
    covers = (start_u <= after) & (after <= end_u)
    same = src[u] == src[t][owner]
    goes_on = np.zeros(n, dtype=bool)
    goes_on[owner[same & covers]] = True  # the same holder the next day: no change
    covered = np.zeros(n, dtype=bool)
    covered[owner[~same & covers]] = True
    # the successor: another's term that began after the leaving one and outlasts it
    began_u = np.maximum(start_u, _FIRST_DAY)
    began_t = np.maximum(holds.start[t].astype(np.int64), _FIRST_DAY)
    later = np.flatnonzero(~same & (began_u > began_t[owner]) & (end_u > end_t[owner]))
    pick = _successors(G, owner[later], began_u[later], src[u[later]], n)
    followed = pick >= 0
    successor = np.where(followed, src[u[later[np.maximum(pick, 0)]]] if len(later) else -1, -1)
    arrived = np.where(followed, start_u[later[np.maximum(pick, 0)]] if len(later) else 0, 0)
    # the vacancy: up to the next start of another, else to the period's end
    nxt = ~same & (start_u != NO_START) & (start_u > end_t[owner])
    soonest = np.full(n, _NONE, dtype=np.int64)
    np.minimum.at(soonest, owner[nxt], start_u[nxt])
    vacancy = np.where(covered, 0, np.where(soonest < _NONE, soonest - end_t - 1, np.maximum(0, last - end_t))).astype(
        np.int64
    )
    keep = ~goes_on
    post = holds.dst[t].astype(np.int64)[keep]
    leaver, left, successor, arrived = src[t][keep], end_t[keep], successor[keep], arrived[keep]
    window_hi = np.where(successor >= 0, np.maximum(left, arrived), left) + days
    recorded = _recorded(G, post, (leaver, successor), left - days, window_hi)
    return Changes(post, leaver, left, successor, arrived, vacancy[keep], recorded)


def bearings(G: ResponsibilityGraph, post: str) -> list[tuple[str, int, int]]:
    """The duties ``post`` bears as (duty id, duty node, bearer role code), by
    duty id: read from the BEARS columns, without making an edge or looking an
    id up (a province lists tens of thousands of changes of holder)."""
    core = G.core
    table = core.edges[EdgeType.BEARS]
    numbers = table.leaving(core.pos[post])
    duties, roles = table.dst[numbers].tolist(), table.role[numbers].tolist()
    return sorted(zip([core.ids[d] for d in duties], duties, roles, strict=True))


def change_order(
    ids: Sequence[str], post: int, leaver: int, left: int, successor: int, arrived: int
) -> tuple[Any, ...]:
    """Where a change of holder (node indices and day ordinals, as :func:`changes`
    gives them) comes in the list: by leaving day, post and who left; then (one
    person leaving a post twice on a day, from two terms) by who came and when,
    a change with no one after last."""
    followed = successor >= 0
    return (left, ids[post], ids[leaver], not followed, ids[successor] if followed else "", arrived if followed else 0)
