"""Every scan and the compliance rule once more, as plain loops: the reference.

The scans in :mod:`queries.orphans`, :mod:`queries.gaps`, :mod:`queries.overlaps`
and :mod:`queries.compliance` are array passes over the columnar core, fast at a
province's scale and dense to read. Here each rule is stated the slow, obvious
way — one node at a time, through :class:`~graph.model.ResponsibilityGraph`'s
typed API, with the rule and where it comes from in the docstring — and the
findings are made by the scans' own finding functions, so the two can be
compared finding by finding, message by message.

Nothing in the app or the command line calls this module: property tests
(``tests/queries/test_reference.py``, Hypothesis over generated networks) hold
each fast scan equal to its reference here. A rule changes here first.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date

from graph.frequency import Frequency, Period, calendar_windows
from graph.model import ResponsibilityGraph
from graph.schema import (
    KEY_POST_ROLES,
    SINGLE_HOLDER_ROLES,
    SUPERVISORY_HEAD_ROLES,
    UNSUPERVISED_EXEMPT_KINDS,
    BearerRole,
    BearingSource,
    EdgeType,
    NodeLabel,
    OrgKind,
    Role,
    level_rank,
)
from graph.temporal import check_range
from queries.compliance import shortfalls, underperformed, unparsed_frequency
from queries.coverage import LevelCoverage, Share
from queries.findings import Finding, sort_findings
from queries.gaps import missing_post, unoverseen_unit, unsupervised_org, vacant_key_post
from queries.handover import Succession, _handover_records, _record_for, is_handover, successions
from queries.labels import post_label
from queries.orphans import orphan_duty, vacant_bearer
from queries.overlaps import conflict_of_interest, multiple_lead, overlapping_overseers
from queries.timeline import Change, ChangeKind

__all__ = ["compliance", "coverage", "duty_changes", "gaps", "handover_changes", "orphans", "overlaps"]


# ---------------------------------------------------------------- orphans (责任空转 / 主体虚置)
def _lacks_bound_post(G: ResponsibilityGraph, duty: str) -> bool:
    """A template instance whose organization has no post of the role it was bound to."""
    attrs = G.node(duty)
    role, org = attrs.get("bound_role"), attrs.get("bound_org")
    return role is not None and not G.positions_in(str(org), [Role(role)])


def orphaned_duties(G: ResponsibilityGraph) -> list[Finding]:
    """``orphan_duty``: a duty that no organization and no post bears — nobody
    answers for it (主体虚置), whatever the date. A template instance whose
    organization lacks the bound post is not reported here: ``missing_post``
    reports that cause once, on the organization."""
    return [
        orphan_duty(G, duty)
        for duty in sorted(G.ids(NodeLabel.DUTY))
        if not G.bearers(duty) and not _lacks_bound_post(G, duty)
    ]


def vacant_bearers(G: ResponsibilityGraph, *, at: date) -> list[Finding]:
    """``vacant_bearer``: a duty borne only by posts, and every one of those
    posts without a holder on ``at`` (a tenure counts on its first and last
    day). A duty any organization bears is borne (the organization answers)."""
    found = []
    for duty in sorted(G.ids(NodeLabel.DUTY)):
        bearers = [link.source for link in G.bearers(duty)]
        if bearers and all(G.label(b) is NodeLabel.POSITION and not G.holders_on(b, at) for b in bearers):
            found.append(vacant_bearer(G, duty, bearers, at))
    return found


def orphans(G: ResponsibilityGraph, *, at: date) -> list[Finding]:
    """The orphan scans, sorted as :func:`queries.orphans` sorts them."""
    return sort_findings([*orphaned_duties(G), *vacant_bearers(G, at=at)])


# ---------------------------------------------------------------- gaps (盲区和死角)
def missing_posts(G: ResponsibilityGraph) -> list[Finding]:
    """``missing_post``: a list binds a duty to a role (班子成员, 书记 …) in an
    organization that has no post of that role, so its instance there has
    nobody; one finding per organization and role, naming every such instance."""
    unborne: dict[tuple[str, str], list[str]] = defaultdict(list)
    for duty in sorted(G.ids(NodeLabel.DUTY)):
        if _lacks_bound_post(G, duty) and not G.bearers(duty):
            attrs = G.node(duty)
            unborne[(str(attrs["bound_org"]), str(attrs["bound_role"]))].append(duty)
    return [missing_post(G, org, duties) for (org, _), duties in unborne.items()]


def vacant_key_posts(G: ResponsibilityGraph, *, at: date) -> list[Finding]:
    """``vacant_key_post``: a post only one person holds at a time (secretary,
    discipline secretary, team leader, office director) with nobody in it on ``at``."""
    return [
        vacant_key_post(G, post, at)
        for post in sorted(G.ids(NodeLabel.POSITION))
        if G.node(post)["role"] in KEY_POST_ROLES and not G.holders_on(post, at)
    ]


def unoverseen_units(G: ResponsibilityGraph, *, at: date) -> list[Finding]:
    """``unoverseen_unit``: a unit (department, town office …) that no leader's
    post oversees (分管) on ``at``: 一岗双责 has no one to carry it there."""
    return [
        unoverseen_unit(G, org, at)
        for org in sorted(G.ids(NodeLabel.ORGANIZATION))
        if G.node(org)["kind"] is OrgKind.UNIT and not G.overseers_on(org, at)
    ]


def unsupervised_orgs(G: ResponsibilityGraph, *, at: date) -> list[Finding]:
    """``unsupervised_org``: an organization with a secretary post — so a party
    organization with a leadership to supervise — that no discipline body
    supervises on ``at``. Branches, general branches, village supervision
    committees and the discipline bodies themselves are not expected to have one."""
    return [
        unsupervised_org(G, org, at)
        for org in sorted(G.ids(NodeLabel.ORGANIZATION))
        if G.node(org)["kind"] not in UNSUPERVISED_EXEMPT_KINDS
        and G.positions_in(org, [Role.SECRETARY])
        and not G.supervisors_on(org, at)
    ]


def gaps(G: ResponsibilityGraph, *, at: date) -> list[Finding]:
    """The gap scans, sorted as :func:`queries.gaps` sorts them."""
    return sort_findings(
        [*missing_posts(G), *vacant_key_posts(G, at=at), *unoverseen_units(G, at=at), *unsupervised_orgs(G, at=at)]
    )


# ---------------------------------------------------------------- overlaps (交叉重叠, 三转)
def multiple_leads(G: ResponsibilityGraph) -> list[Finding]:
    """``multiple_leads``: a duty with more than one party leading it (多头牵头).
    Each lead bearing is one party, except that the posts a list bound to a
    shared role (班子成员, 副书记 … — not a single-holder post) bear the duty
    each for their own part (一岗双责) and are one party together."""
    found = []
    for duty in sorted(G.ids(NodeLabel.DUTY)):
        bound = G.node(duty).get("bound_role")
        shared = bound is not None and Role(bound) not in SINGLE_HOLDER_ROLES
        leads = [link for link in G.bearers(duty) if link.role == BearerRole.LEAD.value]
        together = [link for link in leads if shared and link.origin == BearingSource.TEMPLATE.value]
        parties = len(leads) - len(together) + (1 if together else 0)
        if parties > 1:
            found.append(multiple_lead(G, duty, [link.source for link in leads]))
    return found


def overlapping_oversight(G: ResponsibilityGraph, *, at: date) -> list[Finding]:
    """``overlapping_oversight``: an organization overseen by more than one post on
    ``at`` (交叉分管): nobody knows whose 一岗双责 it is."""
    found = []
    for org in sorted(G.ids(NodeLabel.ORGANIZATION)):
        posts = {link.source for link in G.overseers_on(org, at)}
        if len(posts) > 1:
            found.append(overlapping_overseers(G, org, posts, at))
    return found


def conflicts_of_interest(G: ResponsibilityGraph, *, at: date) -> list[Finding]:
    """``conflict_of_interest``: the head of a discipline body (纪委书记, 纪检组长,
    室主任) oversees an organization's business on ``at``, against the rule that
    discipline bodies concentrate on supervision (“三转”: 不分管业务)."""
    found = []
    for post in sorted(G.ids(NodeLabel.POSITION)):
        orgs = {link.target for link in G.oversees_on(post, at)}
        if G.node(post)["role"] in SUPERVISORY_HEAD_ROLES and orgs:
            found.append(conflict_of_interest(G, post, orgs, at))
    return found


def overlaps(G: ResponsibilityGraph, *, at: date) -> list[Finding]:
    """The overlap scans, sorted as :func:`queries.overlaps` sorts them."""
    return sort_findings([*multiple_leads(G), *overlapping_oversight(G, at=at), *conflicts_of_interest(G, at=at)])


# ---------------------------------------------------------------- compliance (常态式履责)
def _counts(G: ResponsibilityGraph, duty: str, bearer: str, start: date, end: date) -> int:
    """The records of ``duty`` dated in ``[start, end]`` that count for ``bearer``
    (handover records never do):
    all of them for an organization; for a post, those made by whoever held the
    post on the record's date."""
    n = 0
    for link in G.records_of(duty):
        day = G.node(link.source)["date"]
        if not start <= day <= end or is_handover(G.node(link.source).get("kind")):
            continue
        person = G.performer(link.source)
        if G.label(bearer) is NodeLabel.ORGANIZATION or any(
            held.target == bearer for held in G.posts_held_on(person, day)
        ):
            n += 1
    return n


def underperformed_duties(G: ResponsibilityGraph, *, start: date, end: date, prorate: bool = True) -> list[Finding]:
    """``underperformed_duty``: a duty whose list sets a frequency (每季度至少召开1次 …)
    and a lead bearer of it with fewer counting records than required in some
    calendar window (month, quarter, half-year, year) lying wholly inside
    ``[start, end]``; one finding per duty and bearer, naming every short window."""
    check_range(start, end)
    found = []
    for duty in sorted(G.ids(NodeLabel.DUTY)):
        attrs = G.node(duty)
        if not attrs.get("frequency_period"):
            continue
        freq = Frequency(Period(attrs["frequency_period"]), int(attrs["frequency_count"]))
        windows = calendar_windows(freq.period, start, end)
        leads = sorted(link.source for link in G.bearers(duty) if link.role == BearerRole.LEAD.value)
        for bearer in leads:
            counts = [_counts(G, duty, bearer, w.start, w.end) for w in windows]
            terms = G.terms(bearer) if G.label(bearer) is NodeLabel.POSITION else None
            short = shortfalls(freq, windows, counts, terms, prorate)
            if short:
                found.append(underperformed(G, duty, bearer, freq, short))
    return found


def unparsed_frequencies(G: ResponsibilityGraph) -> list[Finding]:
    """``unparsed_frequency``: a duty whose frequency text could not be read as a
    requirement; it was not checked, and an inspector should read it."""
    return [
        unparsed_frequency(G, duty)
        for duty in sorted(G.ids(NodeLabel.DUTY))
        if G.node(duty).get("frequency") and not G.node(duty).get("frequency_period")
    ]


def compliance(G: ResponsibilityGraph, *, start: date, end: date, prorate: bool = True) -> list[Finding]:
    """The compliance scans over ``[start, end]``, sorted as :func:`queries.compliance` sorts them."""
    return sort_findings([*underperformed_duties(G, start=start, end=end, prorate=prorate), *unparsed_frequencies(G)])


# ---------------------------------------------------------------- coverage (纵向到底、横向到边)
def coverage(G: ResponsibilityGraph, *, at: date) -> list[LevelCoverage]:
    """Per level, top-down: of the organizations with duties (bound to them, or
    borne by them or their posts), those whose every duty is borne on ``at``
    (by an organization, or a post with a holder that day); of the units, those
    a post oversees on ``at``; of the organizations that need supervision
    (a secretary post, not an exempt kind), those a body supervises on ``at``."""
    duties_of: dict[str, set[str]] = defaultdict(set)
    for duty in G.ids(NodeLabel.DUTY):
        for bearing in G.bearers(duty):
            org = G.org_of(bearing.source) if G.label(bearing.source) is NodeLabel.POSITION else bearing.source
            if org is not None:
                duties_of[org].add(duty)
        bound = G.node(duty).get("bound_org")
        if bound:
            duties_of[str(bound)].add(duty)

    def borne(duty: str) -> bool:
        return any(
            G.label(b.source) is not NodeLabel.POSITION or not G.is_vacant(b.source, at) for b in G.bearers(duty)
        )

    rows: dict[str, list[list[int]]] = defaultdict(lambda: [[0, 0], [0, 0], [0, 0]])
    sizes: Counter[str] = Counter()
    for org in G.ids(NodeLabel.ORGANIZATION):
        level = G.node(org).get("level") or ""
        sizes[level] += 1
        duties, units, supervised = rows[level]
        if duties_of.get(org):
            duties[0] += all(borne(d) for d in duties_of[org])
            duties[1] += 1
        if G.node(org)["kind"] == OrgKind.UNIT:
            units[0] += bool(G.overseers_on(org, at))
            units[1] += 1
        if G.node(org)["kind"] not in UNSUPERVISED_EXEMPT_KINDS and G.positions_in(org, [Role.SECRETARY]):
            supervised[0] += bool(G.supervisors_on(org, at))
            supervised[1] += 1
    return [
        LevelCoverage(level, sizes[level], *(Share(*pair) for pair in rows[level]))
        for level in sorted(sizes, key=level_rank)
    ]


# ---------------------------------------------------------------- changes of a diff (变化)
def duty_changes(G: ResponsibilityGraph, start: date, end: date) -> list[Change]:
    """``duties_gained``/``duties_lost``: a post bearing duties held on one
    date and vacant on the other, dated the day its last term ended (or its
    first began) between them, else the later date; ``unit_duties``: a unit
    of such a post whose count of duties borne by a held post differs between
    the two dates (:func:`queries.timeline.diff`)."""
    found: list[Change] = []
    units: dict[str, list[str]] = defaultdict(list)
    for post in G.ids(NodeLabel.POSITION):
        duties = sorted(link.target for link in G.duties_of(post))
        was, now = bool(G.holders_on(post, start)), bool(G.holders_on(post, end))
        if not duties or was == now:
            continue
        terms = [link.interval for link in G.into(post, EdgeType.HOLDS)]
        if was:
            ends = [s.end for s in terms if s.end is not None and start <= s.end < end]
            kind, day = ChangeKind.DUTIES_LOST, max(ends, default=end)
        else:
            starts = [s.start for s in terms if s.start is not None and start < s.start <= end]
            kind, day = ChangeKind.DUTIES_GAINED, min(starts, default=end)
        params = {"position": post_label(G, post), "position_id": post, "count": len(duties), "duties": duties}
        found.append(Change(kind, (post, *duties), day, {**params, "start": start, "end": end}))
        units[G.org_of(post)].append(post)
    for org in sorted(units):
        held = [sum(len(G.duties_of(p)) for p in G.positions_in(org) if G.holders_on(p, d)) for d in (start, end)]
        if held[0] != held[1]:
            params = {"org": G.name(org), "org_id": org, "before": held[0], "after": held[1], "start": start}
            found.append(Change(ChangeKind.UNIT_DUTIES, (org, *sorted(units[org])), end, params))
    return found


# ---------------------------------------------------------------- handovers (变动交接)
def handover_changes(G: ResponsibilityGraph, start: date, end: date, days: int) -> list[tuple[Succession, str | None]]:
    """Every change of holder in ``[start, end]``, post by post: the post's terms
    read one post at a time and handed to :func:`queries.handover.successions`,
    each change with its first handover record (None: none). The whole-network
    pass is :func:`queries.handover_columns.changes`."""
    found = []
    for post in G.ids(NodeLabel.POSITION):
        terms = G.terms(post)
        records = _handover_records(G, post, (u.person for u in terms))
        found += [(s, _record_for(s, records, days)) for s in successions(post, terms, start, end)]
    return found
