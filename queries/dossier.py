"""Dossiers: everything the network says of one person or one unit on a date,
and the people a finding concerns.

- :func:`person_dossier`: posts held (with dates), the oversight those posts
  carry on the date, the duties they bear, the cases the person is involved
  in and in which roles (as a case's party, or by a decision), the decisions
  received, the records made, and the findings that name the person or a
  post they hold on the date.
- :func:`unit_dossier`: an organization's posts and their holders, its
  overseers and supervisors, the duties it and its posts bear (each marked
  borne or not on the date), its findings and cases, and its coverage.
- :func:`finding_holders`: who held, on the date, each post a finding names.

Both dossiers are plain dictionaries in stable English keys (the JSON of
``respnet person`` / ``respnet unit``); names stand beside every id.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any, NamedTuple

from graph.i18n import DEFAULT_LANG, Lang, t
from graph.model import Link, ResponsibilityGraph
from graph.schema import EdgeType, NodeLabel
from queries.findings import Finding, by_severity
from queries.labels import post_label

__all__ = [
    "NamedFinding",
    "finding_holders",
    "home_org",
    "name_findings",
    "person_dossier",
    "placed_findings",
    "role_text",
    "span_text",
    "unit_dossier",
]


def _dates(link: Link) -> dict[str, str | None]:
    return link.interval.as_dict()


def _holders(G: ResponsibilityGraph, post: str, at: date) -> list[dict[str, Any]]:
    return [
        {"person": h.source, "name": G.name(h.source), **_dates(h)}
        for h in sorted(G.holders_on(post, at), key=lambda h: h.source)
    ]


def finding_holders(G: ResponsibilityGraph, finding: Finding, at: date) -> dict[str, list[str]]:
    """Each post among the finding's ids, with the names of its holders on ``at``
    (an empty list: vacant), in the order the finding names them."""
    return {
        node: [G.name(h.source) for h in sorted(G.holders_on(node, at), key=lambda h: h.source)]
        for node in dict.fromkeys(finding.ids)
        if G.has(node, NodeLabel.POSITION)
    }


def home_org(G: ResponsibilityGraph, node: str) -> str | None:
    """The organization a node belongs to: its own, its post's, a duty's bound
    organization or first bearer's, a case's place, a person's first post's."""
    label = G.label(node)
    if label is NodeLabel.ORGANIZATION:
        return node
    if label is NodeLabel.POSITION:
        return G.org_of(node)
    if label is NodeLabel.DUTY:
        bound = G.attr(node, "bound_org")
        if bound and bound in G:
            return str(bound)
        return next((home_org(G, link.source) for link in sorted(G.bearers(node), key=lambda b: b.source)), None)
    if label is NodeLabel.CASE:  # its main organization, then the others by id
        places = sorted(G.out(node, EdgeType.OCCURRED_IN), key=lambda link: (link.role is not None, link.target))
        return places[0].target if places else None
    if label is NodeLabel.PERSON:
        held = sorted(G.out(node, EdgeType.HOLDS), key=lambda h: h.target)
        return G.org_of(held[0].target) if held else None
    return None


class Placed(NamedTuple):
    """Where an organization sits: the chain from the top down to it (itself last), and its level."""

    chain: tuple[str, ...]
    level: str | None


def unit_chains(G: ResponsibilityGraph, units: Iterable[str]) -> dict[str, Placed]:
    """Each organization of ``units`` with the chain from the top down to it
    and its level, so findings can be grouped by the subtree they fall in and
    filtered by level. Each chain is worked out once, however many ask for it."""
    chains: dict[str, tuple[str, ...]] = {}

    def chain(org: str) -> tuple[str, ...]:
        path = []
        node: str | None = org
        while node is not None and node not in chains and node not in path:
            path.append(node)
            node = G.parent(node)
        above = chains.get(node, ()) if node is not None else ()
        for i in range(len(path) - 1, -1, -1):
            above = chains[path[i]] = (*above, path[i])
        return chains[org]

    return {org: Placed(chain(org), G.attr(org, "level")) for org in units if org in G}


@dataclass(frozen=True, slots=True)
class NamedFinding:
    """A finding with the unit it belongs to and the people it concerns on its date."""

    finding: Finding
    unit: str | None
    unit_name: str
    holders: dict[str, list[str]]
    names: dict[str, str]

    def people(self) -> str:
        """Every holder named, as one line (``、`` between names)."""
        return "、".join(dict.fromkeys(n for names in self.holders.values() for n in names))


def placed_findings(findings: Iterable[Finding], units: dict[str, tuple[str | None, str]]) -> list[NamedFinding]:
    """Each finding with its unit, from ``units`` (subject → unit id and name,
    as a store works them out), and no people."""
    named = []
    for f in findings:
        unit, name = units.get(f.subject, (None, ""))
        named.append(NamedFinding(f, unit, name if unit else "", {}, {}))
    return named


def name_findings(
    G: ResponsibilityGraph, findings: Iterable[Finding], at: date, *, people: bool = True
) -> list[NamedFinding]:
    """Each finding with its unit (the organization its subject belongs to)
    and, with ``people``, the holders on ``at`` of the posts it names and the
    names of its ids (without: neither)."""
    named = []
    for f in findings:
        unit = home_org(G, f.subject) if f.subject in G else None
        named.append(
            NamedFinding(
                f,
                unit,
                G.name(unit) if unit else "",
                finding_holders(G, f, at) if people else {},
                {node: G.name(node) for node in f.ids if node in G} if people else {},
            )
        )
    return named


def _finding_dict(G: ResponsibilityGraph, finding: Finding, at: date, lang: Lang) -> dict[str, Any]:
    out = finding.to_dict(lang)
    out["holders"] = finding_holders(G, finding, at)
    out["names"] = {node: G.name(node) for node in finding.ids if node in G}
    return out


def person_dossier(
    G: ResponsibilityGraph, person: str, *, at: date, findings: Iterable[Finding] = (), lang: Lang = DEFAULT_LANG
) -> dict[str, Any]:
    """What the network says of ``person`` on ``at`` (see the module);
    ``findings`` are the findings on that date to pick theirs from.

    Examples
    --------
    >>> from graph.builder import GraphBuilder
    >>> G = (GraphBuilder().organization("T", "Town", "party_committee")
    ...      .position("T-S", "T", "Secretary", "secretary").person("P", "Wang")
    ...      .tenure("P", "T-S", date(2020, 1, 1))
    ...      .case("K", date(2024, 5, 1), "T", "Misuse of funds")
    ...      .decision("K", "P", "principal_leadership").build())
    >>> d = person_dossier(G, "P", at=date(2024, 6, 1))
    >>> [p["position"] for p in d["posts"]], d["cases"][0]["case"], d["cases"][0]["roles"]
    (['T-S'], 'K', ['decision:principal_leadership'])
    """
    G.require(person, NodeLabel.PERSON)
    held_now = {h.target for h in G.posts_held_on(person, at)}
    posts = [
        {
            "position": h.target,
            "name": post_label(G, h.target),
            "org": G.org_of(h.target),
            "role": str(G.attr(h.target, "role")),
            "current": h.in_force(at),
            "kind": h.kind,
            **_dates(h),
        }
        for h in sorted(G.out(person, EdgeType.HOLDS), key=lambda h: (h.interval.start or date.min, h.target))
    ]
    oversight = [
        {"position": post, "org": o.target, "name": G.name(o.target), **_dates(o)}
        for post in sorted(held_now)
        for o in sorted(G.oversees_on(post, at), key=lambda o: o.target)
    ]
    duties = [
        {"duty": b.target, "text": G.name(b.target), "kind": str(G.attr(b.target, "kind")), "via": post, "role": b.role}
        for post in sorted(held_now)
        for b in sorted(G.duties_of(post), key=lambda b: b.target)
    ]
    cases: dict[str, list[str]] = {}
    for inv in G.into(person, EdgeType.INVOLVES):
        cases.setdefault(inv.source, []).append(str(inv.role))
    decisions = []
    for target in G.into(person, EdgeType.TARGETS):
        decision = target.source
        attrs = G.node(decision)
        case = next((c.target for c in G.out(decision, EdgeType.CONCERNS)), None)
        decisions.append(
            {
                "decision": decision,
                "case": case,
                "role": str(attrs.get("role") or target.role or ""),
                "form": attrs.get("form"),
                "date": _iso(attrs.get("date")),
            }
        )
        if case is not None:
            cases.setdefault(case, []).append(f"decision:{attrs.get('role') or target.role}")
    records = []
    for made in G.out(person, EdgeType.PERFORMED):
        attrs = G.node(made.target)
        duty = next((f.target for f in G.out(made.target, EdgeType.FULFILS)), None)
        records.append(
            {
                "record": made.target,
                "duty": duty,
                "date": _iso(attrs.get("date")),
                "kind": attrs.get("kind"),
                "note": attrs.get("note"),
            }
        )
    concerned = {person, *held_now}
    mine = [f for f in by_severity(findings) if concerned & set(f.ids)]
    return {
        "person": person,
        "name": G.name(person),
        "at": at.isoformat(),
        "posts": posts,
        "oversight": oversight,
        "duties": duties,
        "cases": [
            {
                "case": case,
                "title": G.name(case),
                "date": _iso(G.attr(case, "date")),
                "roles": list(dict.fromkeys(roles)),
            }
            for case, roles in sorted(cases.items())
        ],
        "decisions": sorted(decisions, key=lambda d: (d["date"] or "", d["decision"])),
        "records": sorted(records, key=lambda r: (r["date"] or "", r["record"])),
        "findings": [_finding_dict(G, f, at, lang) for f in mine],
    }


def unit_dossier(
    G: ResponsibilityGraph, org: str, *, at: date, findings: Iterable[Finding] = (), lang: Lang = DEFAULT_LANG
) -> dict[str, Any]:
    """What the network says of the organization ``org`` on ``at`` (see the module).

    Examples
    --------
    >>> from graph.builder import GraphBuilder
    >>> G = (GraphBuilder().organization("T", "Town", "party_committee")
    ...      .organization("U", "Finance office", "unit", parent="T")
    ...      .position("T-M", "T", "Member", "member").person("P", "Wang")
    ...      .tenure("P", "T-M", date(2020, 1, 1)).oversight("T-M", "U", date(2022, 1, 1))
    ...      .duty("D", "Keep the books", "principal").bears("U", "D").build())
    >>> d = unit_dossier(G, "U", at=date(2024, 1, 1))
    >>> d["overseers"][0]["holders"][0]["name"], d["coverage"]
    ('Wang', {'duties': 1, 'borne': 1, 'overseen': True, 'supervised': False})
    """
    G.require(org, NodeLabel.ORGANIZATION)
    attrs = G.node(org)
    posts_in = G.positions_in(org)
    posts = [
        {"position": p, "name": G.name(p), "role": str(G.attr(p, "role")), "holders": _holders(G, p, at)}
        for p in posts_in
    ]
    overseers = [
        {"position": o.source, "name": post_label(G, o.source), "holders": _holders(G, o.source, at), **_dates(o)}
        for o in sorted(G.overseers_on(org, at), key=lambda o: o.source)
    ]
    supervisors = [
        {"org": s.source, "name": G.name(s.source), "kind": s.kind, **_dates(s)}
        for s in sorted(G.supervisors_on(org, at), key=lambda s: (s.source, s.kind or ""))
    ]
    duties = []
    for bearer in (org, *posts_in):
        for b in sorted(G.duties_of(bearer), key=lambda b: b.target):
            borne = G.label(bearer) is NodeLabel.ORGANIZATION or not G.is_vacant(bearer, at)
            duties.append(
                {
                    "duty": b.target,
                    "text": G.name(b.target),
                    "kind": str(G.attr(b.target, "kind")),
                    "bearer": bearer,
                    "role": b.role,
                    "borne": borne,
                }
            )
    concerned = {org, *posts_in}
    mine = [f for f in by_severity(findings) if concerned & set(f.ids)]
    cases = [
        {"case": c.source, "title": G.name(c.source), "date": _iso(G.attr(c.source, "date")), "role": c.role}
        for c in sorted(G.into(org, EdgeType.OCCURRED_IN), key=lambda c: c.source)
    ]
    borne_duties = {d["duty"] for d in duties if d["borne"]}
    return {
        "org": org,
        "name": G.name(org),
        "kind": str(attrs.get("kind") or ""),
        "level": attrs.get("level") or "",
        "at": at.isoformat(),
        "posts": posts,
        "overseers": overseers,
        "supervisors": supervisors,
        "duties": duties,
        "findings": [_finding_dict(G, f, at, lang) for f in mine],
        "cases": cases,
        "coverage": {
            "duties": len({d["duty"] for d in duties}),
            "borne": len(borne_duties),
            "overseen": bool(overseers),
            "supervised": bool(supervisors),
        },
    }


def _iso(value: Any) -> str | None:
    return value.isoformat() if isinstance(value, date) else (str(value) if value else None)


def span_text(item: dict[str, Any]) -> str:
    """A dossier row's dates as ``start ~ end`` (open ends as "…")."""
    return f"{item.get('start') or '…'} ~ {item.get('end') or '…'}"


def role_text(role: str, lang: Lang = DEFAULT_LANG) -> str:
    """A role in a person's case, in words: a case's own role, or ``decision:ROLE``."""
    if role.startswith("decision:"):
        return t("cli.by_decision", lang, role=t(f"decision_role.{role.removeprefix('decision:')}", lang))
    return t(f"accountability_role.{role}", lang)
