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

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date

from graph.model import ResponsibilityGraph
from graph.schema import NodeLabel, OrgKind, level_rank
from queries.gaps import needs_supervision
from queries.orphans import borne_on

__all__ = ["LevelCoverage", "Share", "coverage", "organization_counts"]


@dataclass(frozen=True, slots=True)
class Share:
    """``covered`` out of ``total``; ``ratio`` is None when there is nothing to cover."""

    covered: int = 0
    total: int = 0

    @property
    def ratio(self) -> float | None:
        return None if self.total == 0 else self.covered / self.total

    def add(self, hit: bool) -> Share:
        return Share(self.covered + hit, self.total + 1)


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
    counts = Counter((G.node(o).get("level", ""), str(G.node(o)["kind"])) for o in G.ids(NodeLabel.ORGANIZATION))
    return dict(sorted(counts.items(), key=lambda item: (level_rank(item[0][0]), item[0][1])))


def _fully_borne_orgs(G: ResponsibilityGraph, at: date) -> dict[str, bool]:
    """Each organization with duties -> whether all of them are borne on ``at``."""
    result: dict[str, bool] = {}
    for duty in G.ids(NodeLabel.DUTY):
        orgs = {G.org_of(b.source) if G.label(b.source) is NodeLabel.POSITION else b.source for b in G.bearers(duty)}
        bound = G.node(duty).get("bound_org")
        if bound:
            orgs.add(bound)
        if not orgs:
            continue
        borne = borne_on(G, duty, at)
        for org in orgs:
            result[org] = result.get(org, True) and borne
    return result


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
    borne = _fully_borne_orgs(G, at)
    rows: dict[str, dict[str, Share]] = defaultdict(lambda: defaultdict(Share))
    sizes: Counter[str] = Counter()
    for org in G.ids(NodeLabel.ORGANIZATION):
        level = G.node(org).get("level", "")
        sizes[level] += 1
        shares = rows[level]
        if org in borne:
            shares["duties"] = shares["duties"].add(borne[org])
        if G.node(org)["kind"] == OrgKind.UNIT:
            shares["units"] = shares["units"].add(bool(G.overseers_on(org, at)))
        if needs_supervision(G, org):
            shares["supervised"] = shares["supervised"].add(bool(G.supervisors_on(org, at)))
    return [
        LevelCoverage(level, sizes[level], rows[level]["duties"], rows[level]["units"], rows[level]["supervised"])
        for level in sorted(sizes, key=level_rank)
    ]
