"""Overlapping, unclear ownership (责任交叉重叠) and the "三转" conflict rule.

- ``multiple_leads``: a duty with more than one lead bearer. The posts a
  template bound by a shared role (班子成员, 副书记, 纪检委员, 其他) each bear
  that duty for their own part (一岗双责) and count as one lead together;
  single-holder roles, organizations and explicit assignments count one each.
- ``overlapping_oversight``: an organization overseen by more than one post on
  the date.
- ``conflict_of_interest``: a discipline secretary or team leader post that
  oversees any organization on the date.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from functools import partial

import numpy as np

from graph.core import CODE, bulk
from graph.model import ResponsibilityGraph
from graph.schema import SINGLE_HOLDER_ROLES, SUPERVISORY_HEAD_ROLES, BearerRole, BearingSource, EdgeType, NodeLabel
from queries.columns import codes, isin, members
from queries.findings import Finding, FindingKind, sort_findings
from queries.labels import bearer_label, post_label, short_text

__all__ = [
    "conflict_of_interest",
    "conflicts_of_interest",
    "multiple_lead",
    "multiple_leads",
    "overlapping_overseers",
    "overlapping_oversight",
    "overlaps",
]


def multiple_leads(G: ResponsibilityGraph) -> list[Finding]:
    """Duties with more than one lead bearer (see the module's counting rule).

    Examples
    --------
    >>> from graph.builder import GraphBuilder
    >>> G = (GraphBuilder().organization("A", "Office A", "unit").organization("B", "Office B", "unit")
    ...      .duty("D", "Audit spending", "principal").bears("A", "D").bears("B", "D")
    ...      .duty("E", "Train staff", "principal").bears("A", "E").bears("B", "E", "assist").build())
    >>> [f.ids for f in multiple_leads(G)]
    [('D', 'A', 'B')]
    """
    core = G.core
    bears = core.edges[EdgeType.BEARS]
    n = len(core.ids)
    bound, _ = codes(G, NodeLabel.DUTY, "bound_role")
    shared_duty = (bound != 0) & ~isin(G, NodeLabel.DUTY, "bound_role", SINGLE_HOLDER_ROLES)
    shared = np.zeros(n, dtype=bool)
    shared[core.of_label(NodeLabel.DUTY)[shared_duty]] = True
    lead = bears.role == CODE[BearerRole.LEAD.value]
    group = lead & shared[bears.dst] & (bears.origin == CODE[BearingSource.TEMPLATE.value])
    parties = np.bincount(bears.dst[lead & ~group], minlength=n) + (np.bincount(bears.dst[group], minlength=n) > 0)
    hit = lead & (parties[bears.dst] > 1)
    kind = FindingKind.MULTIPLE_LEADS
    return [
        Finding.deferred(kind, (duty, *leads), partial(multiple_lead, G, duty, leads))
        for duty, leads in members(core, bears.dst[hit], bears.src[hit]).items()
    ]


def multiple_lead(G: ResponsibilityGraph, duty: str, bearers: Iterable[str]) -> Finding:
    """The finding for a duty led by several ``bearers`` (G need hold only the
    duty and the bearers, posts with their organizations)."""
    ordered = sorted(bearers)
    return Finding(
        FindingKind.MULTIPLE_LEADS,
        (duty, *ordered),
        {
            "duty": short_text(G.name(duty)),
            "duty_id": duty,
            "count": len(ordered),
            "bearers": [bearer_label(G, b) for b in ordered],
        },
    )


def overlapping_oversight(G: ResponsibilityGraph, *, at: date) -> list[Finding]:
    """Organizations overseen by more than one post on ``at``.

    Examples
    --------
    >>> from graph.builder import GraphBuilder
    >>> G = (GraphBuilder().organization("C", "City", "party_committee").organization("U", "Bureau", "unit")
    ...      .position("M1", "C", "Member 1", "member").position("M2", "C", "Member 2", "member")
    ...      .oversight("M1", "U", date(2024, 1, 1)).oversight("M2", "U", date(2025, 3, 1)).build())
    >>> overlapping_oversight(G, at=date(2025, 2, 28)), [f.ids for f in overlapping_oversight(G, at=date(2025, 3, 1))]
    ([], [('U', 'M1', 'M2')])
    """
    core = G.core
    oversees = core.edges[EdgeType.OVERSEES]
    live = oversees.in_force(at)
    n = len(core.ids)
    pairs = np.unique(oversees.dst[live].astype(np.int64) * n + oversees.src[live])  # each (org, post) once
    orgs, posts = pairs // n, pairs % n
    hit = np.bincount(orgs, minlength=n)[orgs] > 1
    kind = FindingKind.OVERLAPPING_OVERSIGHT
    return [
        Finding.deferred(kind, (org, *posts), partial(overlapping_overseers, G, org, posts, at))
        for org, posts in members(core, orgs[hit], posts[hit]).items()
    ]


def overlapping_overseers(G: ResponsibilityGraph, org: str, posts: Iterable[str], at: date) -> Finding:
    """The finding for an organization overseen by several ``posts`` on ``at``."""
    ordered = sorted(set(posts))
    return Finding(
        FindingKind.OVERLAPPING_OVERSIGHT,
        (org, *ordered),
        {
            "at": at,
            "org": G.name(org),
            "org_id": org,
            "count": len(ordered),
            "positions": [post_label(G, p) for p in ordered],
        },
        {"at": at.isoformat()},
    )


def conflicts_of_interest(G: ResponsibilityGraph, *, at: date) -> list[Finding]:
    """Discipline secretary and team leader posts that oversee organizations on ``at``.

    Examples
    --------
    >>> from graph.builder import GraphBuilder
    >>> G = (GraphBuilder().organization("T", "Town", "party_committee").organization("F", "Finance office", "unit")
    ...      .position("T-D", "T", "Discipline secretary", "discipline_secretary")
    ...      .oversight("T-D", "F", date(2024, 1, 1)).build())
    >>> [f.ids for f in conflicts_of_interest(G, at=date(2024, 1, 1))]
    [('T-D', 'F')]
    """
    core = G.core
    head = np.zeros(len(core.ids), dtype=bool)
    head[core.of_label(NodeLabel.POSITION)[isin(G, NodeLabel.POSITION, "role", SUPERVISORY_HEAD_ROLES)]] = True
    oversees = core.edges[EdgeType.OVERSEES]
    hit = oversees.in_force(at) & head[oversees.src]
    kind = FindingKind.CONFLICT_OF_INTEREST
    return [
        Finding.deferred(kind, (post, *orgs), partial(conflict_of_interest, G, post, orgs, at))
        for post, orgs in members(core, oversees.src[hit], oversees.dst[hit]).items()
    ]


def conflict_of_interest(G: ResponsibilityGraph, post: str, orgs: Iterable[str], at: date) -> Finding:
    """The finding for a supervisory head post overseeing ``orgs`` on ``at``."""
    ordered = sorted(set(orgs))
    role = G.attr(post, "role")
    return Finding(
        FindingKind.CONFLICT_OF_INTEREST,
        (post, *ordered),
        {
            "at": at,
            "role": role,
            "position": post_label(G, post),
            "position_id": post,
            "orgs": [G.name(o) for o in ordered],
        },
        {"at": at.isoformat(), "role": role},
    )


@bulk()  # findings are many small objects and no cycles
def overlaps(G: ResponsibilityGraph, *, at: date) -> list[Finding]:
    """All three overlap scans, sorted by kind then ids."""
    return sort_findings(
        [
            *multiple_leads(G),
            *overlapping_oversight(G, at=at),
            *conflicts_of_interest(G, at=at),
        ]
    )
