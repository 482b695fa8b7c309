"""The first version's trace, kept frozen as the reference the ``basic`` rule set
must reproduce (tests only; the role logic and its constants as they were).

The chain of responsibility behind a case (一案双查), on the case's date.

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
from datetime import date
from typing import Any

from graph.errors import CaseNotFound
from graph.model import Link, ResponsibilityGraph
from graph.schema import (
    AccountabilityRole,
    BearerRole,
    BearingSource,
    EdgeType,
    NodeLabel,
    Role,
)
from queries.trace_result import ChainLevel, Involvement, Note, SupervisorLevel, Trace

__all__ = ["trace_case"]

# the post categories as the first version knew them
SINGLE_HOLDER_ROLES = frozenset({Role.SECRETARY, Role.DISCIPLINE_SECRETARY, Role.TEAM_LEADER})
SUPERVISORY_HEAD_ROLES = frozenset({Role.DISCIPLINE_SECRETARY, Role.TEAM_LEADER})
HEAD_ROLES = frozenset({Role.SECRETARY, Role.DISCIPLINE_SECRETARY, Role.TEAM_LEADER})

_R = AccountabilityRole
_ROLE_ORDER = {role: i for i, role in enumerate(AccountabilityRole)}


class _Tracer:
    """One trace: the case, its day, the levels from its organization up, and the
    notes made along the way. One method per role of the trace."""

    def __init__(self, G: ResponsibilityGraph, case_id: str) -> None:
        self.G = G
        self.case_id = case_id
        self.day: date = G.node(case_id)["date"]
        self.org = G.out(case_id, EdgeType.OCCURRED_IN)[0].target
        self.lineage = G.lineage(self.org)
        # paths[i]: the REPORTS_TO edges from the case's organization up to lineage[i]
        self.paths: list[tuple[Link, ...]] = [()]
        for node in self.lineage[:-1]:
            self.paths.append((*self.paths[-1], G.out(node, EdgeType.REPORTS_TO)[0]))
        self.notes: list[Note] = []

    # ------------------------------------------------------------ helpers
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

    # ------------------------------------------------------------ roles
    def direct(self) -> list[Involvement]:
        """The persons the case names, each with the post they held that day
        (the one nearest the case's organization, if several)."""
        G, rank = self.G, {o: i for i, o in enumerate(self.lineage)}
        found = []
        for inv in G.out(self.case_id, EdgeType.INVOLVES):
            held = sorted(G.posts_held_on(inv.target, self.day), key=lambda h: rank.get(G.org_of(h.target), len(rank)))
            if held:
                found.append(self.involvement(held[0], G.org_of(held[0].target), (inv,)))
            else:
                found.append(Involvement(inv.target, G.name(inv.target), None, None, None, None, ((inv,),)))
        return found

    def principal(self) -> list[Involvement]:
        """The secretary of the nearest level that has a secretary post."""
        for i, level in enumerate(self.lineage):
            secretaries = self.G.positions_in(level, [Role.SECRETARY])
            if secretaries:
                return self.holders(secretaries, level, self.paths[i])
        self.note("no_secretary", org=self.G.name(self.org))
        return []

    def overseers(self) -> list[Involvement]:
        """Whoever oversaw the nearest level overseen that day."""
        for i, level in enumerate(self.lineage):
            links = self.G.overseers_on(level, self.day)
            if links:
                return [
                    e
                    for link in links
                    for e in self.holders([link.source], self.G.org_of(link.source), (*self.paths[i], link))
                ]
        self.note("no_oversight", org=self.G.name(self.org))
        return []

    def duty_leads(self, breach: Link) -> list[Involvement]:
        """The lead bearers of a breached duty: a post's holder, or the head of a
        bearing organization; a shared-role duty only for the posts overseeing
        the place (一岗双责)."""
        G, duty = self.G, breach.target
        leads = [b for b in G.bearers(duty) if b.role == BearerRole.LEAD]
        if not leads:
            self.note("breach_no_lead", duty=G.name(duty), duty_id=duty)
        shared_role = G.node(duty).get("bound_role")
        if shared_role is not None and shared_role not in SINGLE_HOLDER_ROLES:
            place = set(self.lineage)
            overseeing = [
                b
                for b in leads
                if b.origin == BearingSource.TEMPLATE
                and any(o.target in place for o in G.oversees_on(b.source, self.day))
            ]
            if leads and not overseeing:
                self.note("shared_duty_unoverseen", duty=G.name(duty), duty_id=duty, role=shared_role)
            leads = overseeing + [b for b in leads if b.origin != BearingSource.TEMPLATE]
        found = []
        for bear in leads:
            if G.label(bear.source) is NodeLabel.POSITION:
                found += self.holders([bear.source], G.org_of(bear.source), (breach, bear))
            else:
                found += self.holders(G.positions_in(bear.source, HEAD_ROLES), bear.source, (breach, bear))
        return found

    def supervisory(self) -> tuple[list[Involvement], set[str]]:
        """The heads of the bodies supervising the nearest supervised level, and those bodies."""
        for i, level in enumerate(self.lineage):
            links = self.G.supervisors_on(level, self.day)
            if links:
                heads = [h for link in links for h in self.supervisor_heads(link, self.paths[i]).heads]
                return heads, {link.source for link in links}
        self.note("no_supervision", org=self.G.name(self.org))
        return [], set()

    def chain(self) -> tuple[ChainLevel, ...]:
        """Each level above the case's organization with its secretary and supervisors."""
        G = self.G
        return tuple(
            ChainLevel(
                level,
                G.name(level),
                tuple(self.holders(G.positions_in(level, [Role.SECRETARY]), level, ())),
                tuple(self.supervisor_heads(link, ()) for link in G.supervisors_on(level, self.day)),
            )
            for level in self.lineage[1:]
        )


def _merge(entries: Iterable[Involvement], exclude: set[str]) -> tuple[Involvement, ...]:
    """One entry per (person, post), their paths joined, persons in ``exclude`` left out."""
    merged: dict[tuple[str, str | None], Involvement] = {}
    for e in entries:
        if e.person in exclude:
            continue
        key = (e.person, e.position)
        old = merged.get(key)
        merged[key] = e if old is None else old._replace(paths=tuple(dict.fromkeys(old.paths + e.paths)))
    return tuple(merged.values())


def trace_case(G: ResponsibilityGraph, case_id: str) -> Trace:
    """Trace the responsibility chain of a case on its date.

    Raises
    ------
    CaseNotFound
        ``case_id`` names no case.
    """
    if not G.has(case_id, NodeLabel.CASE):
        raise CaseNotFound(case_id=case_id)
    tr = _Tracer(G, case_id)
    # in one order whatever order the source (a file, a store) gave them in
    breaches = sorted(G.out(case_id, EdgeType.BREACHES), key=lambda e: e.target)
    principal = _merge(tr.principal(), set())
    important = [*tr.overseers(), *(e for breach in breaches for e in tr.duty_leads(breach))]
    supervisory, supervisor_orgs = tr.supervisory()
    roles = {
        _R.DIRECT: _merge(tr.direct(), set()),
        _R.PRINCIPAL_LEADERSHIP: principal,
        _R.IMPORTANT_LEADERSHIP: _merge(important, {p.person for p in principal}),
        _R.SUPERVISORY: _merge(supervisory, set()),
    }
    chain = tr.chain()
    related_orgs = set(tr.lineage) | supervisor_orgs | {e.org for es in roles.values() for e in es if e.org}
    decisions, unexamined, unfounded, mismatched = _examine(G, case_id, roles, related_orgs)
    return Trace(
        case_id,
        str(G.node(case_id).get("title", "")),
        tr.day,
        tr.org,
        G.name(tr.org),
        tuple((b.target, G.name(b.target)) for b in breaches),
        roles,
        chain,
        decisions,
        unexamined,
        unfounded,
        mismatched,
        tr.unique_notes(),
    )


def _decision_order(G: ResponsibilityGraph, decision: str) -> tuple[int, str]:
    """Decisions in the order a trace lists roles, then by whom they target."""
    return _ROLE_ORDER[AccountabilityRole(G.node(decision)["role"])], G.out(decision, EdgeType.TARGETS)[0].target


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
    for concern in sorted(G.into(case_id, EdgeType.CONCERNS), key=lambda e: _decision_order(G, e.source)):
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
