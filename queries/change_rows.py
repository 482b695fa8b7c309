"""Which rows change between two dates, as arrays (the passes behind
:func:`queries.timeline.changes`, before anything is named).

A year of a province has a hundred thousand changes. The overview only counts
them (:func:`queries.timeline.diff_counts`), the changes page lists them: both
start from the same rows, worked out here once per question.

- :func:`edge_rows`: the dated edges of a type that began in ``(start, end]``
  and those that ended in ``[start, end)``.
- :func:`duty_rows`: the posts bearing duties held on one date and vacant on
  the other (the day it happened), and the units whose count of duties borne
  by a held post changed with them. :func:`queries.reference.duty_changes`
  states the same rule one post at a time.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import numpy.typing as npt

from graph.core import EdgeTable
from graph.model import ResponsibilityGraph
from graph.schema import EdgeType
from queries.columns import occupied_posts, post_orgs, ranges

__all__ = ["DutyRows", "duty_rows", "edge_rows"]

Ints = npt.NDArray[np.int64]


def edge_rows(table: EdgeTable, start: date, end: date) -> tuple[Ints, Ints]:
    """The rows of ``table`` that began in ``(start, end]`` and those that ended in ``[start, end)``."""
    first, last = start.toordinal(), end.toordinal()
    began = np.flatnonzero((table.start > first) & (table.start <= last))
    ended = np.flatnonzero((table.end >= first) & (table.end < last))
    return began, ended


@dataclass(frozen=True, slots=True)
class DutyRows:
    """Posts whose borne duties gained or lost a holder, and their units.

    ``moved``: the posts (node indices); ``lost``: held on ``start``, vacant
    on ``end`` (else the other way); ``day``: the ordinal the change took
    effect (a lost post's last term end in ``[start, end)``, a gained one's
    first start in ``(start, end]``, else ``end``). ``units``: the posts'
    organizations, each once, with their count of duties borne by a held post
    ``before`` (on ``start``) and ``after`` (on ``end``).
    """

    moved: Ints
    lost: npt.NDArray[np.bool_]
    day: Ints
    units: Ints
    before: Ints
    after: Ints

    @property
    def changed_units(self) -> npt.NDArray[np.bool_]:
        """Which of ``units`` bear a different count on the two dates."""
        changed: npt.NDArray[np.bool_] = self.before != self.after
        return changed


_NONE = np.zeros(0, dtype=np.int64)


def duty_rows(G: ResponsibilityGraph, start: date, end: date) -> DutyRows:
    """The posts bearing duties held on one of ``start``, ``end`` and vacant on the other."""
    core = G.core
    holds, within = core.edges[EdgeType.HOLDS], core.edges[EdgeType.IN]
    was, now = occupied_posts(core, start), occupied_posts(core, end)
    borne = _borne_counts(G)
    moved = np.flatnonzero((borne > 0) & (was != now))
    if not len(moved):
        return DutyRows(_NONE, np.zeros(0, dtype=np.bool_), _NONE, _NONE, _NONE, _NONE)
    first, last = start.toordinal(), end.toordinal()
    owner, k = ranges(*holds.entering_spans(moved))
    e = holds.in_perm[k]
    ends, starts = holds.end[e].astype(np.int64), holds.start[e].astype(np.int64)
    latest = np.full(len(moved), -1, dtype=np.int64)
    hit = (ends >= first) & (ends < last)
    np.maximum.at(latest, owner[hit], ends[hit])
    earliest = np.full(len(moved), np.iinfo(np.int64).max, dtype=np.int64)
    hit = (starts > first) & (starts <= last)
    np.minimum.at(earliest, owner[hit], starts[hit])
    lost = was[moved]
    day = np.where(lost, np.where(latest >= 0, latest, last), np.where(earliest <= last, earliest, last))
    units = np.unique(post_orgs(G)[moved])
    p_owner, p_k = ranges(*within.entering_spans(units))
    posts = within.src[within.in_perm[p_k]]
    before = np.bincount(p_owner, weights=borne[posts] * was[posts], minlength=len(units)).astype(np.int64)
    after = np.bincount(p_owner, weights=borne[posts] * now[posts], minlength=len(units)).astype(np.int64)
    return DutyRows(moved, lost, day, units, before, after)


def _borne_counts(G: ResponsibilityGraph) -> Ints:
    """How many duties each node bears (BEARS edges leaving it), by index."""
    bears = G.core.edges[EdgeType.BEARS]
    lo, hi = bears.leaving_spans(np.arange(len(G.core.ids)))
    return (hi - lo).astype(np.int64)
