"""Blind spots (盲区和死角): missing and vacant posts, units nobody oversees,
organizations nobody supervises.

- ``missing_post``: a template binds a role to an organization that has no post
  of that role (subject: the organization; then the unborne duty instances).
- ``vacant_key_post``: a secretary, discipline secretary or team leader post
  with no holder on the date.
- ``unoverseen_unit``: an organization of kind ``unit`` with no OVERSEES edge
  in force on the date.
- ``unsupervised_org``: an organization with a secretary post, other than
  branches, general branches, village supervision committees and discipline
  bodies, with no SUPERVISES edge in force on the date.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date
from functools import partial

import numpy as np

from graph.core import bulk
from graph.model import ResponsibilityGraph
from graph.schema import KEY_POST_ROLES, UNSUPERVISED_EXEMPT_KINDS, EdgeType, NodeLabel, OrgKind, Role
from queries.columns import Mask, codes, has_edge, in_label, isin, occupied_posts, post_orgs, sorted_ids
from queries.findings import Finding, FindingKind, sort_findings

__all__ = [
    "gaps",
    "missing_post",
    "missing_posts",
    "needs_supervision",
    "supervision_needed",
    "unoverseen_unit",
    "unoverseen_units",
    "unsupervised_org",
    "unsupervised_orgs",
    "vacant_key_post",
    "vacant_key_posts",
]


def missing_posts(G: ResponsibilityGraph) -> list[Finding]:
    """One finding per organization and role a template needs but the
    organization lacks; ids are the organization, then the duty instances.

    Examples
    --------
    >>> from graph.builder import GraphBuilder
    >>> G = (GraphBuilder().organization("B", "Branch", "branch").responsibility_list("L", "Branch list")
    ...      .duty("L/1@B", "Chair branch meetings", "first_responsible", clause="1",
    ...            list_id="L", bound_org="B", bound_role="secretary").build())
    >>> [(f.ids, f.details["role"]) for f in missing_posts(G)]
    [(('B', 'L/1@B'), 'secretary')]
    """
    core = G.core
    borne = in_label(core, NodeLabel.DUTY, has_edge(core, EdgeType.BEARS))
    bound, _ = codes(G, NodeLabel.DUTY, "bound_role")
    orgs, roles = core.column(NodeLabel.DUTY, "bound_org"), core.column(NodeLabel.DUTY, "bound_role")
    lo, _ = core.spans[NodeLabel.DUTY]
    unborne: dict[tuple[str, Role], list[str]] = defaultdict(list)
    for row in np.flatnonzero(~borne & (bound != 0)).tolist():
        unborne[(orgs[row], roles[row])].append(core.ids[lo + row])
    kind = FindingKind.MISSING_POST
    found = []
    for (org, _), duties in unborne.items():
        duties.sort()
        found.append(Finding.deferred(kind, (org, *duties), partial(missing_post, G, org, duties)))
    return sorted(found, key=lambda f: f.ids)


def missing_post(G: ResponsibilityGraph, org: str, duties: Sequence[str]) -> Finding:
    """The finding for an organization lacking the post its template ``duties``
    were bound to (G need hold only the organization and the duties)."""
    ordered = sorted(duties)
    role = G.attr(ordered[0], "bound_role")
    clauses = [f"{G.attr(d, 'list_id')}/{G.attr(d, 'clause')}" for d in ordered]
    return Finding(
        FindingKind.MISSING_POST,
        (org, *ordered),
        {"org": G.name(org), "org_id": org, "role": role, "count": len(ordered), "clauses": clauses},
        {"role": role},
    )


def vacant_key_posts(G: ResponsibilityGraph, *, at: date) -> list[Finding]:
    """Key posts (secretary, discipline secretary, team leader) vacant on ``at``.

    Examples
    --------
    >>> from graph.builder import GraphBuilder
    >>> G = (GraphBuilder().organization("T", "Town", "party_committee")
    ...      .position("T-D", "T", "Discipline secretary", "discipline_secretary").build())
    >>> [f.ids for f in vacant_key_posts(G, at=date(2025, 1, 1))]
    [('T-D', 'T')]
    """
    core = G.core
    key = isin(G, NodeLabel.POSITION, "role", KEY_POST_ROLES)
    held = in_label(core, NodeLabel.POSITION, occupied_posts(core, at))
    org = post_orgs(G)
    kind = FindingKind.VACANT_KEY_POST
    return [
        Finding.deferred(kind, (post, core.ids[org[core.pos[post]]]), partial(vacant_key_post, G, post, at))
        for post in sorted_ids(core, core.of_label(NodeLabel.POSITION)[key & ~held])
    ]


def vacant_key_post(G: ResponsibilityGraph, post: str, at: date) -> Finding:
    """The finding for a key post vacant on ``at`` (G need hold only the post and its organization)."""
    org = G.org_of(post)
    role = G.attr(post, "role")
    return Finding(
        FindingKind.VACANT_KEY_POST,
        (post, org),
        {"at": at, "org": G.name(org), "position": G.name(post), "position_id": post, "role": role},
        {"at": at.isoformat(), "role": role},
    )


def needs_supervision(G: ResponsibilityGraph, org_id: str) -> bool:
    """Whether an organization should have a supervising body: it has a
    secretary post and is not a branch, general branch, village supervision
    committee or discipline body."""
    return G.attr(org_id, "kind") not in UNSUPERVISED_EXEMPT_KINDS and bool(G.positions_in(org_id, [Role.SECRETARY]))


def supervision_needed(G: ResponsibilityGraph) -> Mask:
    """:func:`needs_supervision` of every organization at once (in column order)."""
    core = G.core
    posts = core.of_label(NodeLabel.POSITION)
    secretaries = np.zeros(len(core.ids), dtype=bool)
    secretaries[posts[isin(G, NodeLabel.POSITION, "role", {Role.SECRETARY})]] = True
    within = core.edges[EdgeType.IN]
    with_secretary = np.zeros(len(core.ids), dtype=bool)
    with_secretary[within.dst[secretaries[within.src]]] = True
    exempt = isin(G, NodeLabel.ORGANIZATION, "kind", UNSUPERVISED_EXEMPT_KINDS)
    needed: Mask = ~exempt & in_label(core, NodeLabel.ORGANIZATION, with_secretary)
    return needed


def unoverseen_units(G: ResponsibilityGraph, *, at: date) -> list[Finding]:
    """Units (kind ``unit``) that no post oversees on ``at``.

    Examples
    --------
    >>> from graph.builder import GraphBuilder
    >>> G = (GraphBuilder().organization("C", "City", "party_committee")
    ...      .organization("U", "Bureau", "unit", parent="C").position("C-M", "C", "Member", "member")
    ...      .oversight("C-M", "U", date(2023, 1, 1), date(2024, 12, 31)).build())
    >>> unoverseen_units(G, at=date(2024, 6, 1)), [f.ids for f in unoverseen_units(G, at=date(2025, 1, 1))]
    ([], [('U',)])
    """
    core = G.core
    units = isin(G, NodeLabel.ORGANIZATION, "kind", {OrgKind.UNIT})
    overseen = in_label(core, NodeLabel.ORGANIZATION, has_edge(core, EdgeType.OVERSEES, day=at))
    orgs = core.of_label(NodeLabel.ORGANIZATION)[units & ~overseen]
    kind = FindingKind.UNOVERSEEN_UNIT
    return [Finding.deferred(kind, (org,), partial(unoverseen_unit, G, org, at)) for org in sorted_ids(core, orgs)]


def unoverseen_unit(G: ResponsibilityGraph, org: str, at: date) -> Finding:
    """The finding for a unit nobody oversees on ``at``."""
    return Finding(
        FindingKind.UNOVERSEEN_UNIT, (org,), {"at": at, "org": G.name(org), "org_id": org}, {"at": at.isoformat()}
    )


def unsupervised_orgs(G: ResponsibilityGraph, *, at: date) -> list[Finding]:
    """Organizations with a secretary post (branches, general branches, village
    supervision committees and discipline bodies excepted) that no organization
    supervises on ``at``.

    Examples
    --------
    >>> from graph.builder import GraphBuilder
    >>> G = (GraphBuilder().organization("C", "City committee", "party_committee")
    ...      .organization("CD", "City commission", "discipline_commission", parent="C")
    ...      .organization("B", "Branch", "branch", parent="C")
    ...      .position("C-S", "C", "Secretary", "secretary").position("B-S", "B", "Secretary", "secretary")
    ...      .build())
    >>> [f.ids for f in unsupervised_orgs(G, at=date(2025, 1, 1))]
    [('C',)]
    """
    core = G.core
    supervised = in_label(core, NodeLabel.ORGANIZATION, has_edge(core, EdgeType.SUPERVISES, day=at))
    orgs = core.of_label(NodeLabel.ORGANIZATION)[supervision_needed(G) & ~supervised]
    kind = FindingKind.UNSUPERVISED_ORG
    return [Finding.deferred(kind, (org,), partial(unsupervised_org, G, org, at)) for org in sorted_ids(core, orgs)]


def unsupervised_org(G: ResponsibilityGraph, org: str, at: date) -> Finding:
    """The finding for an organization nobody supervises on ``at``."""
    kind = G.attr(org, "kind")
    return Finding(
        FindingKind.UNSUPERVISED_ORG,
        (org,),
        {"at": at, "org": G.name(org), "org_id": org, "kind": kind},
        {"at": at.isoformat(), "kind": kind},
    )


@bulk()  # findings are many small objects and no cycles
def gaps(G: ResponsibilityGraph, *, at: date) -> list[Finding]:
    """All four gap scans, sorted by kind then ids."""
    return sort_findings(
        [
            *missing_posts(G),
            *vacant_key_posts(G, at=at),
            *unoverseen_units(G, at=at),
            *unsupervised_orgs(G, at=at),
        ]
    )
