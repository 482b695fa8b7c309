"""Coverage by level: "纵向到底、横向到边" — does responsibility reach every
level and every unit?

For each administrative level, on a date:

- ``duties_borne``: of the organizations with duties (bound to them by a list,
  or borne by them or their posts), how many have every one of those duties
  really borne — by an organization, or by a post with a holder that day
  (:func:`queries.orphans.borne_on`). A template instance whose post is
  missing counts as not borne.
- ``units_overseen``: of the units (kind ``unit``), how many a post oversees.
- ``committees_supervised``: of the organizations that should be supervised
  (:func:`queries.gaps.needs_supervision`), how many a body supervises.

The same rules as the findings, so a share below 100 % always has findings
behind it.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date

import numpy as np
import numpy.typing as npt

from graph.model import ResponsibilityGraph
from graph.schema import LABEL_CODE, EdgeType, NodeLabel, OrgKind, level_rank
from queries.columns import Mask, codes, has_edge, in_label, isin, occupied_posts
from queries.gaps import supervision_needed

__all__ = ["LevelCoverage", "Share", "coverage", "organization_counts"]


@dataclass(frozen=True, slots=True)
class Share:
    """``covered`` out of ``total``; ``ratio`` is None when there is nothing to cover."""

    covered: int = 0
    total: int = 0

    @property
    def ratio(self) -> float | None:
        return None if self.total == 0 else self.covered / self.total


@dataclass(frozen=True, slots=True)
class LevelCoverage:
    """The coverage of one level on a date."""

    level: str
    organizations: int
    duties_borne: Share
    units_overseen: Share
    committees_supervised: Share


def organization_counts(G: ResponsibilityGraph) -> dict[tuple[str, str], int]:
    """Organizations per ``(level, kind)``, levels top-down.

    Examples
    --------
    >>> from graph.builder import GraphBuilder
    >>> G = (GraphBuilder().organization("C", "City", "party_committee", level="市")
    ...      .organization("U1", "Bureau", "unit", parent="C", level="市")
    ...      .organization("T", "Town", "party_committee", parent="C", level="乡").build())
    >>> organization_counts(G)
    {('市', 'party_committee'): 1, ('市', 'unit'): 1, ('乡', 'party_committee'): 1}
    """
    level, levels = codes(G, NodeLabel.ORGANIZATION, "level")
    kind, kinds = codes(G, NodeLabel.ORGANIZATION, "kind")
    pairs = np.bincount(level.astype(np.int64) * len(kinds) + kind, minlength=len(levels) * len(kinds))
    counts: Counter[tuple[str, str]] = Counter()
    for pair in np.flatnonzero(pairs).tolist():
        counts[(levels[pair // len(kinds)] or "", str(kinds[pair % len(kinds)]))] += int(pairs[pair])
    return dict(sorted(counts.items(), key=lambda item: (level_rank(item[0][0]), item[0][1])))


def _fully_borne(G: ResponsibilityGraph, at: date) -> tuple[Mask, Mask]:
    """Which nodes are organizations with duties (bound to them, or borne by
    them or their posts), and which of those have every such duty borne on
    ``at`` (:func:`queries.orphans.borne_on`) — one pass over the bearings."""
    core = G.core
    n = len(core.ids)
    bears = core.edges[EdgeType.BEARS]
    by_post = core.labels[bears.src] == LABEL_CODE[NodeLabel.POSITION]
    borne = np.zeros(n, dtype=bool)
    borne[bears.dst[~by_post | occupied_posts(core, at)[bears.src]]] = True
    within = core.edges[EdgeType.IN]
    post_org = np.full(n, -1, dtype=np.int64)
    from_post = core.labels[within.src] == LABEL_CODE[NodeLabel.POSITION]
    post_org[within.src[from_post]] = within.dst[from_post]
    bearer_org = np.where(by_post, post_org[bears.src], bears.src)
    bound, values = codes(G, NodeLabel.DUTY, "bound_org")
    # code c is values[c]: node bound_at[c] (-1 for none); looked up once per graph
    bound_at = G.derived("coverage.bound_at", lambda: np.concatenate(([-1], core.index_of(map(str, values[1:])))))
    bound_org = bound_at[bound]
    orgs = np.concatenate((bearer_org, bound_org))
    duties = np.concatenate((bears.dst, core.of_label(NodeLabel.DUTY)))
    known = orgs >= 0
    orgs, duties = orgs[known], duties[known]
    with_duties = np.zeros(n, dtype=bool)
    with_duties[orgs] = True
    short = np.zeros(n, dtype=bool)
    short[orgs[~borne[duties]]] = True
    return with_duties, with_duties & ~short


def coverage(G: ResponsibilityGraph, *, at: date) -> list[LevelCoverage]:
    """Coverage per level on ``at``, levels top-down; see the module for the rules.

    Examples
    --------
    >>> from graph.builder import GraphBuilder
    >>> G = (GraphBuilder().organization("C", "City", "party_committee", level="市")
    ...      .organization("U", "Bureau", "unit", parent="C", level="市")
    ...      .position("C-S", "C", "Secretary", "secretary").person("P", "Wang")
    ...      .tenure("P", "C-S", date(2020, 1, 1), date(2024, 12, 31))
    ...      .oversight("C-S", "U", date(2020, 1, 1))
    ...      .duty("D", "Lead", "first_responsible").bears("C-S", "D").build())
    >>> [c] = coverage(G, at=date(2024, 6, 1))
    >>> c.duties_borne, c.units_overseen, c.committees_supervised
    (Share(covered=1, total=1), Share(covered=1, total=1), Share(covered=0, total=1))
    >>> coverage(G, at=date(2025, 1, 1))[0].duties_borne.ratio
    0.0
    """
    core = G.core
    with_duties, fully = (in_label(core, NodeLabel.ORGANIZATION, m) for m in _fully_borne(G, at))
    units = isin(G, NodeLabel.ORGANIZATION, "kind", {OrgKind.UNIT})
    overseen = in_label(core, NodeLabel.ORGANIZATION, has_edge(core, EdgeType.OVERSEES, day=at))
    needed = supervision_needed(G)
    supervised = in_label(core, NodeLabel.ORGANIZATION, has_edge(core, EdgeType.SUPERVISES, day=at))
    level, values = codes(G, NodeLabel.ORGANIZATION, "level")
    size = len(values)

    def count(mask: Mask) -> npt.NDArray[np.int64]:
        return np.bincount(level[mask], minlength=size)

    sizes = np.bincount(level, minlength=size)
    duties = (count(with_duties & fully), count(with_duties))
    units_seen = (count(units & overseen), count(units))
    checked = (count(needed & supervised), count(needed))
    rows = [(c, "" if values[c] is None else str(values[c])) for c in range(size) if sizes[c]]
    return [
        LevelCoverage(
            name,
            int(sizes[c]),
            Share(int(duties[0][c]), int(duties[1][c])),
            Share(int(units_seen[0][c]), int(units_seen[1][c])),
            Share(int(checked[0][c]), int(checked[1][c])),
        )
        for c, name in sorted(rows, key=lambda row: level_rank(row[1]))
    ]
