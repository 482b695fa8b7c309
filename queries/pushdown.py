"""The whole-network scans run inside a store, for networks larger than memory.

The store answers the Cypher scans of :mod:`store.cypher_scans` (``orphan_duties``,
``vacant_bearers``, ``missing_posts`` ...) with the ids each finding names;
then only those nodes, with each post's organization, are read back, and the
same finding constructors the in-memory scans use write the messages. So a
push-down scan returns the findings :func:`queries.orphans`,
:func:`queries.gaps`, :func:`queries.overlaps` and :func:`queries.compliance`
return on the same network; :func:`coverage` and :func:`organization_counts`
return what :mod:`queries.coverage` does, from counts the store makes.

This module runs no driver code: ``source`` is anything with ``rows`` and
``context`` (the Neo4j store in :mod:`store.driver`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import date
from typing import Any, Protocol

from graph.frequency import Frequency, Period, calendar_windows
from graph.model import ResponsibilityGraph
from graph.schema import (
    KEY_POST_ROLES,
    SINGLE_HOLDER_ROLES,
    SUPERVISORY_HEAD_ROLES,
    UNSUPERVISED_EXEMPT_KINDS,
    BearerRole,
    BearingSource,
    NodeLabel,
    OrgKind,
    Role,
    level_rank,
)
from graph.temporal import Term, check_range
from queries.compliance import Shortfall, shortfalls, underperformed, unparsed_frequency
from queries.coverage import LevelCoverage, Share
from queries.findings import Finding, sort_findings
from queries.gaps import missing_post, unoverseen_unit, unsupervised_org, vacant_key_post
from queries.handover import (
    HANDOVER_DAYS,
    HANDOVER_KIND,
    HANDOVER_MARK,
    check_period,
    gap_finding,
    gaps_of,
)
from queries.orphans import orphan_duty, vacant_bearer
from queries.overlaps import conflict_of_interest, multiple_lead, overlapping_overseers
from queries.timeline import DataSpan

__all__ = [
    "ScanSource",
    "compliance",
    "coverage",
    "data_span",
    "gaps",
    "handover_gaps",
    "node_counts",
    "organization_counts",
    "orphans",
    "overlaps",
]


class ScanSource(Protocol):
    """A store that runs named scan statements and reads nodes back by id."""

    def rows(self, name: str, /, **params: Any) -> list[dict[str, Any]]: ...

    def context(self, ids: Iterable[str]) -> ResponsibilityGraph: ...


def _values(members: Iterable[Any]) -> list[str]:
    return sorted(str(m.value) for m in members)


def _named(rows: list[dict[str, Any]], *fields: str) -> list[str]:
    """Every id the rows name in ``fields`` (single ids or lists of ids)."""
    ids: list[str] = []
    for row in rows:
        for name in fields:
            value = row[name]
            ids.extend(value if isinstance(value, list) else [value])
    return ids


def orphans(source: ScanSource, *, at: date) -> list[Finding]:
    """:func:`queries.orphans` inside the store."""
    orphan = source.rows("orphan_duties")
    vacant = source.rows("vacant_bearers", at=at)
    C = source.context([*_named(orphan, "duty"), *_named(vacant, "duty", "posts")])
    return sort_findings(
        [
            *(orphan_duty(C, r["duty"]) for r in orphan),
            *(vacant_bearer(C, r["duty"], r["posts"], at) for r in vacant),
        ]
    )


def gaps(source: ScanSource, *, at: date) -> list[Finding]:
    """:func:`queries.gaps` inside the store."""
    missing = source.rows("missing_posts")
    vacant = source.rows("vacant_key_posts", at=at, roles=_values(KEY_POST_ROLES))
    unoverseen = source.rows("unoverseen_units", at=at, kind=OrgKind.UNIT.value)
    unsupervised = source.rows(
        "unsupervised_orgs", at=at, exempt=_values(UNSUPERVISED_EXEMPT_KINDS), secretary=Role.SECRETARY.value
    )
    C = source.context(
        [
            *_named(missing, "org", "duties"),
            *_named(vacant, "post", "org"),
            *_named(unoverseen, "org"),
            *_named(unsupervised, "org"),
        ]
    )
    return sort_findings(
        [
            *(missing_post(C, r["org"], r["duties"]) for r in missing),
            *(vacant_key_post(C, r["post"], at) for r in vacant),
            *(unoverseen_unit(C, r["org"], at) for r in unoverseen),
            *(unsupervised_org(C, r["org"], at) for r in unsupervised),
        ]
    )


def overlaps(source: ScanSource, *, at: date) -> list[Finding]:
    """:func:`queries.overlaps` inside the store."""
    leads = source.rows(
        "multiple_leads",
        lead=BearerRole.LEAD.value,
        single_roles=_values(SINGLE_HOLDER_ROLES),
        template=BearingSource.TEMPLATE.value,
    )
    overseen = source.rows("overlapping_oversight", at=at)
    conflicts = source.rows("conflicts_of_interest", at=at, roles=_values(SUPERVISORY_HEAD_ROLES))
    C = source.context(
        [*_named(leads, "duty", "bearers"), *_named(overseen, "org", "posts"), *_named(conflicts, "post", "orgs")]
    )
    return sort_findings(
        [
            *(multiple_lead(C, r["duty"], r["bearers"]) for r in leads),
            *(overlapping_overseers(C, r["org"], r["posts"], at) for r in overseen),
            *(conflict_of_interest(C, r["post"], r["orgs"], at) for r in conflicts),
        ]
    )


def compliance(source: ScanSource, *, start: date, end: date, prorate: bool = True) -> list[Finding]:
    """:func:`queries.compliance` inside the store: the store finds the lead
    bearings short in some calendar window and gives the days of the records
    that count for each; the shortfalls are told here."""
    check_range(start, end)
    windows = {p: calendar_windows(p, start, end) for p in Period}  # once: the store gets them, and the rows use them
    spans = {p.value: [{"start": w.start, "end": w.end} for w in ws] for p, ws in windows.items()}
    leads = source.rows(
        "compliance_leads",
        lead=BearerRole.LEAD.value,
        start=start,
        end=end,
        windows=spans,
        handover=HANDOVER_KIND,
        mark=HANDOVER_MARK,
    )
    short: list[tuple[str, str, Frequency, list[Shortfall]]] = []
    for r in leads:
        freq = Frequency(Period(r["period"]), int(r["count"]))
        days, mine = r["days"], windows[freq.period]
        counts = [sum(w.start <= d <= w.end for d in days) for w in mine]
        terms = [Term(x["person"], x["start"], x["end"]) for x in r["terms"]] if r["post"] else None
        missed = shortfalls(freq, mine, counts, terms, prorate)
        if missed:
            short.append((r["duty"], r["bearer"], freq, missed))
    unparsed = source.rows("unparsed_frequencies")
    holders = (p for *_, missed in short for s in missed for p, _, _ in s.shares)
    C = source.context(
        [*(i for duty, bearer, _, _ in short for i in (duty, bearer)), *holders, *_named(unparsed, "duty")]
    )
    short.sort(key=lambda item: (item[0], item[1]))
    return sort_findings(
        [
            *(underperformed(C, duty, bearer, freq, missed) for duty, bearer, freq, missed in short),
            *(unparsed_frequency(C, r["duty"]) for r in unparsed),
        ]
    )


def handover_gaps(source: ScanSource, *, start: date, end: date, days: int = HANDOVER_DAYS) -> list[Finding]:
    """:func:`queries.handover_gaps` inside the store: the store gives each
    changed post's terms and handover records; the changes are told here."""
    check_period(start, end, days)
    rows = source.rows("handover_posts", start=start, end=end, handover=HANDOVER_KIND, mark=HANDOVER_MARK)
    found = []
    for r in rows:  # the rows name what the findings say: no node is read besides
        terms = [Term(x["person"], x["start"], x["end"]) for x in r["terms"]]
        names = {x["person"]: x["name"] for x in r["terms"]}
        records = [(x["id"], x["person"], x["date"]) for x in r["records"]]
        found += [
            gap_finding(s, r["label"], names, int(r["duties"]), days)
            for s in gaps_of(r["post"], terms, records, start, end, days)
        ]
    return sort_findings(found)


def data_span(source: ScanSource) -> DataSpan:
    """:func:`queries.timeline.data_span` inside the store."""
    row = source.rows("data_span")[0]
    return DataSpan(min(row["firsts"], default=None), max(row["lasts"], default=None), row["latest_record"])


def node_counts(source: ScanSource) -> dict[NodeLabel, int]:
    """Nodes per label, as :meth:`~graph.model.ResponsibilityGraph.node_counts` gives them."""
    return {NodeLabel(r["label"]): int(r["n"]) for r in source.rows("label_counts") if r["n"]}


def organization_counts(source: ScanSource) -> dict[tuple[str, str], int]:
    """:func:`queries.coverage.organization_counts` inside the store."""
    counts = {(r["level"], r["kind"]): int(r["n"]) for r in source.rows("org_counts")}
    return dict(sorted(counts.items(), key=lambda item: (level_rank(item[0][0]), item[0][1])))


def coverage(source: ScanSource, *, at: date) -> list[LevelCoverage]:
    """:func:`queries.coverage.coverage` inside the store: one count per level and rule."""
    sizes: Counter[str] = Counter()
    for (level, _), n in organization_counts(source).items():
        sizes[level] += n
    shares: dict[str, dict[str, Share]] = {level: {} for level in sizes}
    for metric, rows in (
        ("duties", source.rows("coverage_duties", at=at)),
        ("units", source.rows("coverage_units", at=at, kind=OrgKind.UNIT.value)),
        (
            "supervised",
            source.rows(
                "coverage_supervised", at=at, exempt=_values(UNSUPERVISED_EXEMPT_KINDS), secretary=Role.SECRETARY.value
            ),
        ),
    ):
        for r in rows:
            if r["total"]:
                shares[r["level"]][metric] = Share(int(r["covered"]), int(r["total"]))
    return [
        LevelCoverage(
            level, sizes[level], *(shares[level].get(metric, Share()) for metric in ("duties", "units", "supervised"))
        )
        for level in sorted(sizes, key=level_rank)
    ]
