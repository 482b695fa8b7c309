"""Duties nobody really bears (责任空转 / 主体虚置).

- ``orphan_duty``: a duty no organization or post bears. Template instances
  whose organization lacks the post they were bound to are left to the gap
  scan, which reports the root cause once, as ``missing_post``.
- ``vacant_bearer``: a duty whose bearers are all posts, every one of them
  vacant on the date.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from functools import partial

import numpy as np

from graph.core import bulk
from graph.model import ResponsibilityGraph
from graph.schema import EdgeType, NodeLabel
from queries.columns import codes, has_edge, in_label, members, occupied_posts, ranges, sorted_ids
from queries.findings import Finding, FindingKind, sort_findings
from queries.labels import post_label, short_text

__all__ = ["borne_on", "orphan_duty", "orphaned_duties", "orphans", "vacant_bearer", "vacant_bearers"]


def orphaned_duties(G: ResponsibilityGraph) -> list[Finding]:
    """Duties with no BEARS edge at all (dates play no part).

    Examples
    --------
    >>> from graph.builder import GraphBuilder
    >>> G = (GraphBuilder().organization("O", "Office", "unit")
    ...      .duty("D1", "Report yearly", "principal").duty("D2", "Hold talks", "dual_duty")
    ...      .bears("O", "D2").build())
    >>> [(f.kind.value, f.ids) for f in orphaned_duties(G)]
    [('orphan_duty', ('D1',))]
    """
    core = G.core
    borne = in_label(core, NodeLabel.DUTY, has_edge(core, EdgeType.BEARS))
    bound, _ = codes(G, NodeLabel.DUTY, "bound_role")  # bound instances are reported as missing_post
    duties = core.of_label(NodeLabel.DUTY)
    kind = FindingKind.ORPHAN_DUTY
    return [
        Finding.deferred(kind, (duty,), partial(orphan_duty, G, duty))
        for duty in sorted_ids(core, duties[~borne & (bound == 0)])
    ]


def orphan_duty(G: ResponsibilityGraph, duty: str) -> Finding:
    """The finding for a duty nobody bears (G need hold only the duty)."""
    return Finding(FindingKind.ORPHAN_DUTY, (duty,), {"duty": short_text(G.name(duty)), "duty_id": duty})


def borne_on(G: ResponsibilityGraph, duty_id: str, at: date) -> bool:
    """Whether someone really bears a duty on ``at``: an organization bears it,
    or one of the posts bearing it has a holder that day."""
    return any(G.label(b.source) is not NodeLabel.POSITION or not G.is_vacant(b.source, at) for b in G.bearers(duty_id))


def vacant_bearers(G: ResponsibilityGraph, *, at: date) -> list[Finding]:
    """Duties whose every bearer is a post with no holder on ``at`` (inclusive
    tenure dates). A duty borne by any organization is never reported here.

    Examples
    --------
    >>> from graph.builder import GraphBuilder
    >>> G = (GraphBuilder().organization("O", "Office", "unit")
    ...      .position("O-S", "O", "Secretary", "secretary").person("P", "Wang")
    ...      .tenure("P", "O-S", date(2020, 1, 1), date(2024, 12, 31))
    ...      .duty("D", "Chair meetings", "first_responsible").bears("O-S", "D").build())
    >>> vacant_bearers(G, at=date(2024, 12, 31)), [f.ids for f in vacant_bearers(G, at=date(2025, 1, 1))]
    ([], [('D', 'O-S')])
    """
    core = G.core
    bears = core.edges[EdgeType.BEARS]
    lo, hi = core.spans[NodeLabel.POSITION]
    vacant = np.zeros(len(core.ids), dtype=bool)
    vacant[lo:hi] = ~occupied_posts(core, at)[lo:hi]
    # the duties some vacant post bears, then those of them every bearer of which is one
    _, pos = ranges(*bears.leaving_spans(np.flatnonzero(vacant)))
    some = np.zeros(len(core.ids), dtype=bool)
    some[bears.dst[bears.out_perm[pos]]] = True
    duties = np.flatnonzero(some)
    owner, pos = ranges(*bears.entering_spans(duties))
    e = bears.in_perm[pos]
    alive = np.bincount(owner[~vacant[bears.src[e]]], minlength=len(duties))
    hit = alive[owner] == 0
    kind = FindingKind.VACANT_BEARER
    return [
        Finding.deferred(kind, (duty, *posts), partial(vacant_bearer, G, duty, posts, at))
        for duty, posts in members(core, bears.dst[e[hit]], bears.src[e[hit]]).items()
    ]


def vacant_bearer(G: ResponsibilityGraph, duty: str, posts: Iterable[str], at: date) -> Finding:
    """The finding for a duty whose bearing ``posts`` are all vacant on ``at``
    (G need hold only the duty and the posts with their organizations)."""
    ordered = sorted(set(posts))
    return Finding(
        FindingKind.VACANT_BEARER,
        (duty, *ordered),
        {
            "at": at,
            "duty": short_text(G.name(duty)),
            "duty_id": duty,
            "positions": [post_label(G, p) for p in ordered],
        },
        {"at": at.isoformat()},
    )


@bulk()  # findings are many small objects and no cycles
def orphans(G: ResponsibilityGraph, *, at: date) -> list[Finding]:
    """Both orphan scans, sorted by kind then ids."""
    return sort_findings([*orphaned_duties(G), *vacant_bearers(G, at=at)])
