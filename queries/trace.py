"""The chain of responsibility behind a case (一案双查), on the case's date.

For a case that occurred in organization O on day D (every "holder" below is
the person whose HOLDS edge is in force on D, inclusive dates):

- ``direct``: the persons the case names as directly responsible (INVOLVES).
- ``principal_leadership``: the holders of the secretary posts of O, or of its
  nearest ancestor that has a secretary post.
- ``important_leadership``: the holders of the posts that oversee O on D (or O's
  nearest ancestor overseen on D), and of the posts that lead-bear a breached
  duty (for a duty an organization bears: the holders of its head posts),
  minus the persons already in principal leadership. A duty a template bound
  to a shared role (班子成员, 副书记, ...) is borne by each such post for the
  organizations it oversees (一岗双责), so only the bearers overseeing O or an
  ancestor of O on D count for it — not every member of the committee.
- ``supervisory``: the holders of the discipline secretary / team leader posts
  of the organizations supervising O on D (or O's nearest ancestor supervised
  on D); a supervising body with neither post (a village supervision
  committee) answers through its secretary (head) post.
- ``chain``: each level above O (O itself excluded), nearest first, with its
  secretaries and supervisors on D.
- Where decisions are recorded: ``unexamined`` (in a role, held to no account),
  ``unfounded`` (held to account, in no role and outside the chain) and
  ``mismatched`` (held to account in a role the trace does not give them).

Every person comes with ``basis``: the edges that put them there. Only the
case's neighbourhood is read: its organization's ancestors, their posts and
dated edges, the breached duties' bearers.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from graph.errors import CaseNotFound
from graph.i18n import DEFAULT_LANG, Lang, t
from graph.model import Link, ResponsibilityGraph
from graph.schema import (
    HEAD_ROLES,
    SINGLE_HOLDER_ROLES,
    SUPERVISORY_HEAD_ROLES,
    AccountabilityRole,
    BearerRole,
    BearingSource,
    EdgeType,
    NodeLabel,
    Role,
)

__all__ = ["ChainLevel", "Involvement", "Note", "SupervisorLevel", "Trace", "trace_case"]

_R = AccountabilityRole


@dataclass(frozen=True, slots=True)
class Involvement:
    """A person in a role of the trace, with the post and organization that put
    them there and the edges that prove it.

    ``paths`` holds one chain of edges per reason (oversight, a breached duty,
    ...); ``basis`` is every edge of them, each once.
    """

    person: str
    person_name: str
    position: str | None
    position_title: str | None
    org: str | None
    org_name: str | None
    paths: tuple[tuple[Link, ...], ...]

    @property
    def basis(self) -> tuple[Link, ...]:
        return tuple(dict.fromkeys(link for path in self.paths for link in path))

    def to_dict(self) -> dict[str, Any]:
        return {
            "person": self.person,
            "person_name": self.person_name,
            "position": self.position,
            "position_title": self.position_title,
            "org": self.org,
            "org_name": self.org_name,
            "basis": [link.as_dict() for link in self.basis],
            "paths": [[link.as_dict() for link in path] for path in self.paths],
        }


@dataclass(frozen=True, slots=True)
class SupervisorLevel:
    """An organization supervising a level on the date, and its heads then."""

    org: str
    org_name: str
    kind: str | None
    heads: tuple[Involvement, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "org": self.org,
            "org_name": self.org_name,
            "kind": self.kind,
            "heads": [h.to_dict() for h in self.heads],
        }


@dataclass(frozen=True, slots=True)
class ChainLevel:
    """One level above the case's organization."""

    org: str
    org_name: str
    secretary: tuple[Involvement, ...]
    supervisors: tuple[SupervisorLevel, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "org": self.org,
            "org_name": self.org_name,
            "secretary": [s.to_dict() for s in self.secretary],
            "supervisors": [s.to_dict() for s in self.supervisors],
        }


@dataclass(frozen=True, slots=True)
class Note:
    """Something the trace could not establish (a vacancy, a missing link)."""

    key: str
    params: Mapping[str, Any] = field(default_factory=dict)

    def localize(self, lang: Lang = DEFAULT_LANG) -> str:
        return t(f"trace.{self.key}", lang, **self.params)


@dataclass(frozen=True, slots=True)
class Trace:
    """The result of :func:`trace_case`; see the module for the semantics."""

    case: str
    title: str
    date: date
    org: str
    org_name: str
    breached: tuple[tuple[str, str], ...]
    roles: Mapping[AccountabilityRole, tuple[Involvement, ...]]
    chain: tuple[ChainLevel, ...]
    decisions: tuple[Mapping[str, Any], ...]
    unexamined: tuple[Mapping[str, Any], ...] | None
    unfounded: tuple[Mapping[str, Any], ...] | None
    mismatched: tuple[Mapping[str, Any], ...] | None
    notes: tuple[Note, ...]

    def people(self, role: AccountabilityRole) -> list[str]:
        """The person ids in ``role``, in order."""
        return [i.person for i in self.roles[role]]

    def to_dict(self, lang: Lang = DEFAULT_LANG) -> dict[str, Any]:
        """The JSON form of DESIGN.md's trace contract."""

        def opt(items: tuple[Mapping[str, Any], ...] | None) -> list[dict[str, Any]] | None:
            return None if items is None else [_plain(i, lang) for i in items]

        return {
            "case": self.case,
            "title": self.title,
            "date": self.date.isoformat(),
            "org": self.org,
            "org_name": self.org_name,
            "breached_duties": [{"id": d, "text": text} for d, text in self.breached],
            "roles": {role.value: [i.to_dict() for i in self.roles[role]] for role in AccountabilityRole},
            "chain": [level.to_dict() for level in self.chain],
            "decisions": [_plain(d, lang) for d in self.decisions],
            "unexamined": opt(self.unexamined),
            "unfounded": opt(self.unfounded),
            "mismatched": opt(self.mismatched),
            "notes": [n.localize(lang) for n in self.notes],
        }


def _plain(item: Mapping[str, Any], lang: Lang) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in item.items():
        if isinstance(value, (list, tuple)):
            out[key] = [v.value if isinstance(v, AccountabilityRole) else v for v in value]
        elif isinstance(value, date):
            out[key] = value.isoformat()
        else:
            out[key] = value.value if isinstance(value, AccountabilityRole) else value
    return out


class _Tracer:
    """The state of one trace: the graph, the day, the notes made so far."""

    def __init__(self, G: ResponsibilityGraph, day: date) -> None:
        self.G = G
        self.day = day
        self.notes: list[Note] = []

    def note(self, key: str, **params: Any) -> None:
        self.notes.append(Note(key, params))

    def unique_notes(self) -> tuple[Note, ...]:
        """The notes in order, each once (a vacancy met twice is noted once)."""
        seen: dict[tuple[str, tuple[tuple[str, str], ...]], Note] = {}
        for n in self.notes:
            seen.setdefault((n.key, tuple(sorted((k, str(v)) for k, v in n.params.items()))), n)
        return tuple(seen.values())

    def involvement(self, holds: Link, org: str | None, basis: Sequence[Link]) -> Involvement:
        G, post = self.G, holds.target
        return Involvement(
            holds.source,
            G.name(holds.source),
            post,
            G.name(post),
            org,
            G.name(org) if org else None,
            ((*basis, holds),),
        )

    def holders(self, posts: Iterable[str], org: str, basis: Sequence[Link]) -> list[Involvement]:
        """Holders on the day of ``posts`` (all in ``org``); a note for each vacant one."""
        found = []
        for post in posts:
            in_link = self.G.out(post, EdgeType.IN)[0]
            holds = self.G.holders_on(post, self.day)
            if not holds:
                self.note("vacant", position=self.G.name(post), position_id=post, org=self.G.name(org))
            found += [self.involvement(h, org, (*basis, in_link)) for h in holds]
        return found

    def supervisor_heads(self, link: Link, basis: Sequence[Link]) -> SupervisorLevel:
        sup = link.source
        heads = self.G.positions_in(sup, SUPERVISORY_HEAD_ROLES) or self.G.positions_in(sup, [Role.SECRETARY])
        if not heads:
            self.note("supervisor_no_head", org=self.G.name(sup), org_id=sup)
        return SupervisorLevel(sup, self.G.name(sup), link.kind, tuple(self.holders(heads, sup, (*basis, link))))


def _merge(entries: Iterable[Involvement], exclude: set[str]) -> tuple[Involvement, ...]:
    """One entry per (person, post), their paths joined, persons in ``exclude`` left out."""
    merged: dict[tuple[str, str | None], Involvement] = {}
    for e in entries:
        if e.person in exclude:
            continue
        key = (e.person, e.position)
        old = merged.get(key)
        merged[key] = e if old is None else replace(old, paths=tuple(dict.fromkeys(old.paths + e.paths)))
    return tuple(merged.values())


def trace_case(G: ResponsibilityGraph, case_id: str) -> Trace:
    """Trace the responsibility chain of a case on its date.

    Raises
    ------
    CaseNotFound
        ``case_id`` names no case.

    Examples
    --------
    >>> from graph.builder import GraphBuilder
    >>> G = (GraphBuilder()
    ...      .organization("T", "Town committee", "party_committee")
    ...      .organization("V", "Village", "unit", parent="T")
    ...      .position("T-S", "T", "Secretary", "secretary").position("T-M", "T", "Member", "member")
    ...      .person("A", "An").person("B", "Bai").person("X", "Xu")
    ...      .tenure("A", "T-S", date(2020, 1, 1), date(2023, 6, 30)).tenure("B", "T-S", date(2023, 7, 1))
    ...      .tenure("X", "T-M", date(2020, 1, 1)).oversight("T-M", "V", date(2020, 1, 1))
    ...      .case("K1", date(2023, 5, 4), "V", "Misused funds").build())
    >>> tr = trace_case(G, "K1")
    >>> tr.people(AccountabilityRole.PRINCIPAL_LEADERSHIP), tr.people(AccountabilityRole.IMPORTANT_LEADERSHIP)
    (['A'], ['X'])
    >>> [link.type.value for link in tr.roles[AccountabilityRole.PRINCIPAL_LEADERSHIP][0].basis]
    ['REPORTS_TO', 'IN', 'HOLDS']
    """
    if not G.has(case_id, NodeLabel.CASE):
        raise CaseNotFound(case_id=case_id)
    case = G.node(case_id)
    day: date = case["date"]
    org = G.out(case_id, EdgeType.OCCURRED_IN)[0].target
    tr = _Tracer(G, day)
    lineage = G.lineage(org)
    # paths[i]: the REPORTS_TO edges from the case's organization up to lineage[i]
    paths: list[tuple[Link, ...]] = [()]
    for node in lineage[:-1]:
        paths.append((*paths[-1], G.out(node, EdgeType.REPORTS_TO)[0]))

    # direct: the persons the case names, with the post each held that day
    direct = []
    for inv in G.out(case_id, EdgeType.INVOLVES):
        held = G.posts_held_on(inv.target, day)
        rank = {o: i for i, o in enumerate(lineage)}
        held = sorted(held, key=lambda h: rank.get(G.org_of(h.target), len(rank)))
        if held:
            post_org = G.org_of(held[0].target)
            direct.append(tr.involvement(held[0], post_org, (inv,)))
        else:
            direct.append(Involvement(inv.target, G.name(inv.target), None, None, None, None, ((inv,),)))

    # principal leadership: the secretary of the nearest level that has one
    principal: list[Involvement] = []
    for i, level in enumerate(lineage):
        secretaries = G.positions_in(level, [Role.SECRETARY])
        if secretaries:
            principal = tr.holders(secretaries, level, paths[i])
            break
    else:
        tr.note("no_secretary", org=G.name(org))

    # important leadership: who oversaw the place, who led the breached duties
    important: list[Involvement] = []
    for i, level in enumerate(lineage):
        overseers = G.overseers_on(level, day)
        if overseers:
            for link in overseers:
                important += tr.holders([link.source], G.org_of(link.source), (*paths[i], link))
            break
    else:
        tr.note("no_oversight", org=G.name(org))
    breached = []
    for breach in G.out(case_id, EdgeType.BREACHES):
        duty = breach.target
        breached.append((duty, G.name(duty)))
        leads = [b for b in G.bearers(duty) if b.role == BearerRole.LEAD]
        if not leads:
            tr.note("breach_no_lead", duty=G.name(duty), duty_id=duty)
        shared_role = G.node(duty).get("bound_role")
        if shared_role is not None and shared_role not in SINGLE_HOLDER_ROLES:
            place = set(lineage)
            overseeing = [
                b
                for b in leads
                if b.origin == BearingSource.TEMPLATE and any(o.target in place for o in G.oversees_on(b.source, day))
            ]
            if leads and not overseeing:
                tr.note("shared_duty_unoverseen", duty=G.name(duty), duty_id=duty, role=shared_role)
            leads = overseeing + [b for b in leads if b.origin != BearingSource.TEMPLATE]
        for bear in leads:
            bearer = bear.source
            if G.label(bearer) is NodeLabel.POSITION:
                important += tr.holders([bearer], G.org_of(bearer), (breach, bear))
            else:
                important += tr.holders(G.positions_in(bearer, HEAD_ROLES), bearer, (breach, bear))

    # supervisory: the heads of whoever supervised the nearest supervised level
    supervisory: list[Involvement] = []
    supervisor_orgs: set[str] = set()
    for i, level in enumerate(lineage):
        links = G.supervisors_on(level, day)
        if links:
            for link in links:
                supervisor_orgs.add(link.source)
                supervisory += tr.supervisor_heads(link, paths[i]).heads
            break
    else:
        tr.note("no_supervision", org=G.name(org))

    chain = []
    for level in lineage[1:]:
        secretary = tuple(tr.holders(G.positions_in(level, [Role.SECRETARY]), level, ()))
        sups = tuple(tr.supervisor_heads(link, ()) for link in G.supervisors_on(level, day))
        chain.append(ChainLevel(level, G.name(level), secretary, sups))

    principal_people = {p.person for p in principal}
    roles = {
        _R.DIRECT: _merge(direct, set()),
        _R.PRINCIPAL_LEADERSHIP: _merge(principal, set()),
        _R.IMPORTANT_LEADERSHIP: _merge(important, principal_people),
        _R.SUPERVISORY: _merge(supervisory, set()),
    }
    related_orgs = set(lineage) | supervisor_orgs | {e.org for es in roles.values() for e in es if e.org}
    decisions, unexamined, unfounded, mismatched = _examine(G, case_id, roles, related_orgs)
    return Trace(
        case_id,
        str(case.get("title", "")),
        day,
        org,
        G.name(org),
        tuple(breached),
        roles,
        tuple(chain),
        decisions,
        unexamined,
        unfounded,
        mismatched,
        tr.unique_notes(),
    )


def _examine(
    G: ResponsibilityGraph,
    case_id: str,
    roles: Mapping[AccountabilityRole, tuple[Involvement, ...]],
    related_orgs: set[str],
) -> tuple[tuple[Mapping[str, Any], ...], Any, Any, Any]:
    """Compare the recorded decisions with the trace's roles (None when no
    decision is recorded for the case)."""
    decided: dict[str, list[AccountabilityRole]] = {}
    decisions = []
    for concern in G.into(case_id, EdgeType.CONCERNS):
        node = G.node(concern.source)
        target = G.out(concern.source, EdgeType.TARGETS)[0].target
        decided.setdefault(target, []).append(node["role"])
        decisions.append(
            {
                "target": target,
                "target_name": G.name(target),
                "role": node["role"],
                "form": node.get("form", ""),
                "date": node.get("date"),
            }
        )
    if not decisions:
        return (), None, None, None
    in_roles: dict[str, list[AccountabilityRole]] = {}
    for role, entries in roles.items():
        for e in entries:
            in_roles.setdefault(e.person, [])
            if role not in in_roles[e.person]:
                in_roles[e.person].append(role)
    unexamined = tuple(
        {"person": p, "person_name": G.name(p), "roles": rs} for p, rs in in_roles.items() if p not in decided
    )
    unfounded = []
    mismatched = []
    for target, rs in decided.items():
        if G.label(target) is NodeLabel.PERSON:
            if target not in in_roles:
                unfounded.append({"target": target, "target_name": G.name(target), "roles": rs})
            elif not set(rs) & set(in_roles[target]):
                mismatched.append(
                    {"person": target, "person_name": G.name(target), "decided": rs, "traced": in_roles[target]}
                )
        elif target not in related_orgs:
            unfounded.append({"target": target, "target_name": G.name(target), "roles": rs})
    return tuple(decisions), unexamined, tuple(unfounded), tuple(mismatched)
