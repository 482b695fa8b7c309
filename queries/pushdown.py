"""The whole-network scans run inside a store, for networks larger than memory.

The store answers the Cypher scans of :mod:`store.cypher` (``orphan_duties``,
``vacant_bearers``, ``missing_posts`` ...) with the ids each finding names;
then only those nodes, with each post's organization, are read back, and the
same finding constructors the in-memory scans use write the messages. So a
push-down scan returns the findings :func:`queries.orphans`,
:func:`queries.gaps` and :func:`queries.overlaps` return on the same network.

This module runs no driver code: ``source`` is anything with ``rows`` and
``context`` (the Neo4j store in :mod:`store.driver`).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any, Protocol

from graph.model import ResponsibilityGraph
from graph.schema import (
    KEY_POST_ROLES,
    SINGLE_HOLDER_ROLES,
    SUPERVISORY_HEAD_ROLES,
    UNSUPERVISED_EXEMPT_KINDS,
    BearerRole,
    BearingSource,
    OrgKind,
    Role,
)
from queries.findings import Finding, sort_findings
from queries.gaps import missing_post, unoverseen_unit, unsupervised_org, vacant_key_post
from queries.orphans import orphan_duty, vacant_bearer
from queries.overlaps import conflict_of_interest, multiple_lead, overlapping_overseers

__all__ = ["ScanSource", "gaps", "orphans", "overlaps"]


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
