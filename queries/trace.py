"""The chain of responsibility behind a case (一案双查), as a rule set says.

Who fills each role is decided by the rules of a rule set (:mod:`rules`), each
naming how people are found — the finders below — and citing its article:

- ``named``: the persons the case names (INVOLVES), with the post they held.
- ``secretary``: the holders of the secretary posts of the case organization,
  or of its nearest ancestor that has one; with ``fallback: presiding``, a
  holder who presided (主持工作) while the post was vacant takes its place.
- ``overseers``: the holders of the posts overseeing the nearest level overseen.
- ``duty_leads`` / ``duty_assists``: the lead (assist) bearers of a breached
  duty — a post's holder, or the head of a bearing organization; a duty a
  template bound to a shared role (班子成员, 副书记 ...) only for the posts
  overseeing the place (一岗双责).
- ``supervisor_heads``: the heads of the bodies supervising the nearest
  supervised level; with ``scope: nearest_body``, a same-level commission,
  stationed team or assigned office comes before an upper one.
- for organizations, ``leading_body`` (the level whose secretary answers: 全面
  领导责任) and ``supervising_bodies`` (:mod:`queries.trace_orgs`).

Every holder is the person whose HOLDS edge is in force in the trace's window:
the case's date, or its misconduct period (``period_start``..``period_end``)
when the rule set reads periods — then every successive holder is listed with
the part of the period they cover (``interval``) and their posts today
(``now``). A case in several organizations is traced from each (``case_org``).
``chain`` gives each level above with its secretaries and supervisors;
:mod:`queries.trace_examine` compares recorded decisions with the result.
Only the case's neighbourhood is read.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from graph.errors import CaseNotFound
from graph.model import Link, ResponsibilityGraph
from graph.schema import (
    DATED_EDGES,
    SINGLE_HOLDER_ROLES,
    AccountabilityRole,
    BearerRole,
    BearingSource,
    CaseOrgRole,
    EdgeType,
    NodeLabel,
    Role,
    SupervisionKind,
    TenureCapacity,
)
from graph.temporal import Interval, uncovered
from queries.columns import presided_posts
from queries.trace_examine import examine
from queries.trace_orgs import org_entries
from queries.trace_result import (
    ChainLevel,
    Involvement,
    Note,
    Post,
    SupervisorLevel,
    Trace,
    merge_involvements,
)
from rules import Choice, Rule, RuleSet, choose, load_rule_set

__all__ = ["ChainLevel", "Involvement", "Note", "SupervisorLevel", "Trace", "trace_case"]

_ROLES = tuple(AccountabilityRole)
_SECRETARY = (Role.SECRETARY,)
_DEFAULT_HEADS = (Role.DISCIPLINE_SECRETARY, Role.TEAM_LEADER)
_new = tuple.__new__


class _Place:
    """One organization of the case, with its levels up and the edges to each."""

    def __init__(self, G: ResponsibilityGraph, org: str) -> None:
        self.org = org
        self.found: dict[str, Any] = {}  # what several rules ask of the place, worked out once
        # lineage: the organization and its ancestors (G.lineage), nearest first;
        # paths[i]: the REPORTS_TO edges from the organization up to lineage[i]
        self.lineage: list[str] = [org]
        self.paths: list[tuple[Link, ...]] = [()]
        while up := G.out(self.lineage[-1], EdgeType.REPORTS_TO):
            self.lineage.append(up[0].target)
            self.paths.append((*self.paths[-1], up[0]))


class _Tracer:
    """One trace: the case, its window, its places and the notes made along the way."""

    def __init__(self, G: ResponsibilityGraph, case_id: str, rule_set: RuleSet, today: date) -> None:
        self.G, self.case_id, self.rs, self.today = G, case_id, rule_set, today
        self.day: date = G.attr(case_id, "date")
        start, end = G.attr(case_id, "period_start"), G.attr(case_id, "period_end")
        self.period = Interval(start, end) if start and end and rule_set.uses("period") else None
        self.window = self.period or Interval(self.day, self.day)
        # the window's days, both set (what during() compares with)
        self.first: date = start if self.period else self.day
        self.last: date = end if self.period else self.day
        occurred = G.out(case_id, EdgeType.OCCURRED_IN)
        main = [o.target for o in occurred if o.role != CaseOrgRole.ALSO][:1] or [occurred[0].target]
        others = sorted(o.target for o in occurred if o.target not in main)
        orgs = main + (others if rule_set.uses("other_orgs") else [])
        self.places = [_Place(G, org) for org in orgs]
        self.notes: list[Note] = []
        self.supervised: dict[str, list[Link]] = {}
        self.held: dict[str, tuple[Link, list[Link]]] = {}  # a post's place and its terms in the window

    # ------------------------------------------------------------ helpers
    def note(self, key: str, **params: Any) -> None:
        self.notes.append(Note(key, params))

    def unique_notes(self) -> tuple[Note, ...]:
        """The notes in order, each once (a vacancy met twice is noted once)."""
        seen: dict[tuple[str, tuple[tuple[str, str], ...]], Note] = {}
        for n in self.notes:
            seen.setdefault((n.key, tuple(sorted((k, str(v)) for k, v in n.params.items()))), n)
        return tuple(seen.values())

    def during(self, links: Iterable[Link]) -> list[Link]:
        """The links in force on some day of the window (the day itself without a period)."""
        first, last, found = self.first, self.last, []
        for link in links:  # a loop, not a comprehension: no function made per call (a few links each)
            interval = link.interval
            if ((start := interval.start) is None or start <= last) and ((end := interval.end) is None or first <= end):
                found.append(link)
        return found

    def span(self, path: Sequence[Link]) -> Interval | None:
        """The part of the window every dated edge of ``path`` is in force."""
        span: Interval | None = self.window
        for link in path:
            if span is not None and link.type in DATED_EDGES:
                span = span.intersection(link.interval)
        return span

    def now(self, person: str) -> tuple[Post, ...]:
        G = self.G
        return tuple(
            Post(h.target, G.name(h.target), G.org_of(h.target), G.name(G.org_of(h.target)))
            for h in G.posts_held_on(person, self.today)
            if G.has(h.target)
        )

    def involvement(
        self, holds: Link, org: str | None, basis: Sequence[Link], rule: Rule | None, place: _Place
    ) -> Involvement:
        G, post, path = self.G, holds.target, (*basis, holds)
        # the tuple made directly: Involvement(...) goes through a Python-level __new__
        return _new(
            Involvement,
            (
                holds.source,
                G.name(holds.source),
                post,
                G.name(post),
                org,
                G.name(org) if org else None,
                (path,),
                (rule.id,) if rule else (),
                rule.citation if rule else None,
                place.org,
                self.span(path) if self.period else None,
                self.now(holds.source) if self.period else None,
                holds.kind,
            ),
        )

    def holders(
        self, posts: Iterable[str], org: str, basis: Sequence[Link], rule: Rule | None, place: _Place
    ) -> list[Involvement]:
        """Holders in the window of ``posts`` (all in ``org``); a note for each vacant one."""
        G, found, held = self.G, [], self.held
        for post in posts:
            got = held.get(post)
            if got is None:  # several rules and the chain ask for the same posts: read once
                got = held[post] = (G.out(post, EdgeType.IN)[0], self.during(G.into(post, EdgeType.HOLDS)))
            in_link, holds = got
            path = (*basis, in_link)
            if self.period:  # on one day, every edge of the path was picked in force already
                holds = [h for h in holds if self.span((*path, h)) is not None]
            if not holds:
                key = "vacant_during" if self.period else "vacant"
                self.note(key, position=self.G.name(post), position_id=post, org=self.G.name(org))
            found += [self.involvement(h, org, path, rule, place) for h in holds]
        return found

    def head_posts(self, org: str, rule: Rule | None) -> list[str]:
        heads = rule.head_roles if rule and rule.head_roles else _DEFAULT_HEADS
        fallback = rule.else_roles if rule and rule.else_roles else _SECRETARY
        return self.G.positions_in(org, heads) or self.G.positions_in(org, fallback)

    def supervisor_heads(self, link: Link, basis: Sequence[Link], rule: Rule | None, place: _Place) -> SupervisorLevel:
        sup = link.source
        heads = self.head_posts(sup, rule)
        if not heads:
            self.note("supervisor_no_head", org=self.G.name(sup), org_id=sup)
        found = self.holders(heads, sup, (*basis, link), rule, place)
        return SupervisorLevel(sup, self.G.name(sup), link.kind, tuple(found))

    def supervisors(self, org: str) -> list[Link]:
        """The SUPERVISES links into ``org`` in the window, by supervising body
        (a store gives them back in its own order); asked of the levels above
        by the rules and again by the chain: worked out once."""
        found = self.supervised.get(org)
        if found is None:
            links = self.during(self.G.into(org, EdgeType.SUPERVISES))
            found = self.supervised[org] = sorted(links, key=lambda e: (e.source, e.kind or "")) if links else links
        return found

    def nearest_secretary(self, place: _Place) -> tuple[int, list[str]] | None:
        """The nearest level with a secretary post and those posts (asked by two rules: worked out once)."""
        if "secretary" not in place.found:
            place.found["secretary"] = next(
                (
                    (i, posts)
                    for i, level in enumerate(place.lineage)
                    if (posts := self.G.positions_in(level, _SECRETARY))
                ),
                None,
            )
        return place.found["secretary"]  # type: ignore[no-any-return]

    def supervision(self, place: _Place, scope: str) -> tuple[int, list[Link]] | None:
        """The supervision links of the nearest supervised level; with
        ``nearest_body``, the same-level, stationed or assigned ones before upper ones."""
        key = f"supervision:{scope}"
        if key not in place.found:
            place.found[key] = None
            for i, level in enumerate(place.lineage):
                links = self.supervisors(level)
                if links:
                    if scope == "nearest_body":
                        close = [link for link in links if link.kind != SupervisionKind.UPPER]
                        links = close or links
                    place.found[key] = (i, links)
                    break
        return place.found[key]  # type: ignore[no-any-return]

    # ------------------------------------------------------------ finders of people
    def named(self, rule: Rule, place: _Place) -> list[Involvement]:
        """The persons the case names, each with the post they held (the one
        nearest the case's organization, if several)."""
        G, rank = self.G, {o: i for i, o in enumerate(place.lineage)}
        found = []
        # by id: a store gives them back in its own order, whatever order the file listed them in
        for inv in sorted(G.out(self.case_id, EdgeType.INVOLVES), key=lambda e: e.target):
            held = self.during(G.out(inv.target, EdgeType.HOLDS))
            held = sorted(held, key=lambda h: rank.get(G.org_of(h.target), len(rank)))
            if held:
                org = G.org_of(held[0].target)
                home = next((p for p in self.places if org in p.lineage), place)
                found.append(self.involvement(held[0], org, (inv,), rule, home))
            else:
                now = self.now(inv.target) if self.period else None
                found.append(
                    Involvement(
                        inv.target,
                        G.name(inv.target),
                        None,
                        None,
                        None,
                        None,
                        ((inv,),),
                        (rule.id,),
                        rule.citation,
                        place.org,
                        self.window if self.period else None,
                        now,
                    )
                )
        return found

    def secretary(self, rule: Rule, place: _Place) -> list[Involvement]:
        """The secretary of the nearest level that has a secretary post (or who presided)."""
        nearest = self.nearest_secretary(place)
        if nearest is None:
            self.note("no_secretary", org=self.G.name(place.org))
            return []
        i, secretaries = nearest
        level = place.lineage[i]
        found = self.holders(secretaries, level, place.paths[i], rule, place)
        if rule.fallback == "presiding":
            found += self.presiding(level, secretaries, found, rule, place, i)
        return found

    def presiding(
        self, level: str, secretaries: list[str], held: list[Involvement], rule: Rule, place: _Place, i: int
    ) -> list[Involvement]:
        """Who presided (主持工作) over ``level`` on days of the window its secretary post was vacant."""
        G = self.G
        covered = [inv.paths[0][-1].interval for inv in held]
        found = []
        presided = presided_posts(G)
        for post in G.positions_in(level):
            if post in secretaries or post not in presided:
                continue
            for h in self.during(G.into(post, EdgeType.HOLDS)):
                if h.kind != TenureCapacity.PRESIDING:
                    continue
                gap = uncovered(h.interval.intersection(self.window), covered)
                if gap is None:
                    continue
                inv = self.involvement(h, level, (*place.paths[i], G.out(post, EdgeType.IN)[0]), rule, place)
                found.append(inv._replace(interval=gap) if self.period else inv)
                self.note("presiding", org=G.name(level), person=G.name(h.source), position=G.name(post))
        return found

    def overseers(self, rule: Rule, place: _Place) -> list[Involvement]:
        """Whoever oversaw the nearest level overseen in the window."""
        for i, level in enumerate(place.lineage):
            links = self.during(self.G.into(level, EdgeType.OVERSEES))
            if links:
                return [
                    e
                    for link in links
                    for e in self.holders(
                        [link.source], self.G.org_of(link.source), (*place.paths[i], link), rule, place
                    )
                ]
        self.note("no_oversight", org=self.G.name(place.org))
        return []

    def duty_leads(self, rule: Rule, place: _Place) -> list[Involvement]:
        return self.bearers_of_breaches(rule, place, BearerRole.LEAD)

    def duty_assists(self, rule: Rule, place: _Place) -> list[Involvement]:
        return self.bearers_of_breaches(rule, place, BearerRole.ASSIST)

    def bearers_of_breaches(self, rule: Rule, place: _Place, role: BearerRole) -> list[Involvement]:
        # in one order whatever order the source (a file, a store) gave them in
        breaches = sorted(self.G.out(self.case_id, EdgeType.BREACHES), key=lambda e: e.target)
        return [e for breach in breaches for e in self.duty_bearers(breach, rule, place, role)]

    def duty_bearers(self, breach: Link, rule: Rule, place: _Place, role: BearerRole) -> list[Involvement]:
        """The bearers of a breached duty in ``role``: a post's holder, or the head
        of a bearing organization; a shared-role duty only for the posts overseeing
        the place (一岗双责)."""
        G, duty = self.G, breach.target
        bearers = [b for b in G.bearers(duty) if b.role == role]
        if not bearers and role is BearerRole.LEAD:
            self.note("breach_no_lead", duty=G.name(duty), duty_id=duty)
        shared_role = G.attr(duty, "bound_role")
        if shared_role is not None and shared_role not in SINGLE_HOLDER_ROLES:
            where = set(place.lineage)
            overseeing = [
                b
                for b in bearers
                if b.origin == BearingSource.TEMPLATE
                and any(o.target in where for o in self.during(G.out(b.source, EdgeType.OVERSEES)))
            ]
            if bearers and not overseeing and role is BearerRole.LEAD:
                self.note("shared_duty_unoverseen", duty=G.name(duty), duty_id=duty, role=shared_role)
            bearers = overseeing + [b for b in bearers if b.origin != BearingSource.TEMPLATE]
        heads = rule.heads or (Role.SECRETARY, Role.DISCIPLINE_SECRETARY, Role.TEAM_LEADER)
        found = []
        for bear in bearers:
            if G.label(bear.source) is NodeLabel.POSITION:
                found += self.holders([bear.source], G.org_of(bear.source), (breach, bear), rule, place)
            else:
                found += self.holders(G.positions_in(bear.source, heads), bear.source, (breach, bear), rule, place)
        return found

    def supervisor_heads_of(self, rule: Rule, place: _Place) -> list[Involvement]:
        """The heads of the bodies supervising the nearest supervised level."""
        found = self.supervision(place, rule.scope)
        if found is None:
            self.note("no_supervision", org=self.G.name(place.org))
            return []
        i, links = found
        return [h for link in links for h in self.supervisor_heads(link, place.paths[i], rule, place).heads]

    # ------------------------------------------------------------ the chain
    def chain(self) -> tuple[ChainLevel, ...]:
        """Each level above the case's organizations with its secretaries and supervisors."""
        G = self.G
        rule = next((r for r in self.rs.rules if r.find == "supervisor_heads"), None)
        levels: dict[str, ChainLevel] = {}
        for place in self.places:
            for level in place.lineage[1:]:
                if level in levels:
                    continue
                levels[level] = ChainLevel(
                    level,
                    G.name(level),
                    tuple(self.holders(G.positions_in(level, _SECRETARY), level, (), None, place)),
                    tuple(self.supervisor_heads(link, (), rule, place) for link in self.supervisors(level)),
                )
        return tuple(levels.values())


_PEOPLE_FINDERS = {
    "named": _Tracer.named,
    "secretary": _Tracer.secretary,
    "overseers": _Tracer.overseers,
    "duty_leads": _Tracer.duty_leads,
    "duty_assists": _Tracer.duty_assists,
    "supervisor_heads": _Tracer.supervisor_heads_of,
}


def trace_case(
    G: ResponsibilityGraph, case_id: str, rules: RuleSet | str | None = None, *, today: date | None = None
) -> Trace:
    """Trace the responsibility chain of a case with a rule set (the default
    ``wenze2019``; the version in force on the case's date is used).

    Raises
    ------
    CaseNotFound
        ``case_id`` names no case.
    rules.RuleSetError
        ``rules`` names no rule set.

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
    >>> tr = trace_case(G, "K1", "basic")
    >>> tr.people(AccountabilityRole.PRINCIPAL_LEADERSHIP), tr.people(AccountabilityRole.IMPORTANT_LEADERSHIP)
    (['A'], ['X'])
    >>> [link.type.value for link in tr.roles[AccountabilityRole.PRINCIPAL_LEADERSHIP][0].basis]
    ['REPORTS_TO', 'IN', 'HOLDS']
    >>> trace_case(G, "K1").people(AccountabilityRole.PRINCIPAL_LEADERSHIP)  # 问责条例 art. 6: 直接主管
    ['A', 'X']
    """
    if not G.has(case_id, NodeLabel.CASE):
        raise CaseNotFound(case_id=case_id)
    chosen = rules if isinstance(rules, RuleSet) else load_rule_set(rules)
    choice: Choice = choose(chosen, G.attr(case_id, "period_end") or G.attr(case_id, "date"))
    rs = choice.rule_set
    tr = _Tracer(G, case_id, rs, today or date.today())
    found: dict[str, list[Involvement]] = {}
    for rule in rs.rules:
        places = tr.places[:1] if rule.find == "named" else tr.places
        found[rule.id] = [e for place in places for e in _PEOPLE_FINDERS[rule.find](tr, rule, place)]
    by_role: dict[str, list[Rule]] = {}
    for rule in rs.rules:
        by_role.setdefault(rule.role, []).append(rule)
    unfiltered = {role: {e.person for r in rules for e in found[r.id]} for role, rules in by_role.items()}
    roles: dict[AccountabilityRole, tuple[Involvement, ...]] = {}
    for role in _ROLES:
        entries = [
            e
            for r in by_role.get(role, ())
            for e in found[r.id]
            if not any(e.person in unfiltered.get(x, ()) for x in r.exclude)
        ]
        roles[role] = merge_involvements(entries)
    organizations = org_entries(tr, rs)
    chain = tr.chain()
    if tr.period:
        tr.note("fixed_hierarchy")
    investigated = G.attr(case_id, "investigated_by") if rs.uses("investigated_by") else None
    related = {o for p in tr.places for o in p.lineage}
    related |= {e.org for es in roles.values() for e in es if e.org} | {o.org for o in organizations}
    exam = examine(G, case_id, roles, organizations, related, rs, investigated)
    if investigated and exam.spared:
        tr.note("investigator", org=G.name(investigated) if G.has(investigated) else investigated, org_id=investigated)
    main = tr.places[0].org
    return Trace(
        case_id,
        str(G.attr(case_id, "title") or ""),
        tr.day,
        main,
        G.name(main),
        tuple((b.target, G.name(b.target)) for b in sorted(G.out(case_id, EdgeType.BREACHES), key=lambda e: e.target)),
        roles,
        chain,
        exam.decisions,
        exam.unexamined,
        exam.unfounded,
        exam.mismatched,
        tr.unique_notes(),
        choice,
        tuple((p.org, G.name(p.org)) for p in tr.places),
        tr.period,
        (investigated, G.name(investigated) if G.has(investigated) else investigated) if investigated else None,
        organizations,
    )
