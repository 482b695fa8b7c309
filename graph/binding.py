"""Template binding: how a province-wide responsibility list reaches each unit.

A clause with ``applies_to {org_kind, role, level}`` becomes one duty instance
per matching organization, with the id ``{list_id}/{clause}@{org_id}``, borne
(as lead) by every post of that role in the organization, or by the
organization itself when no role is given. When the organization has no post
of the role, the instance is still made, with no bearer: the gap analysis
reports it as ``missing_post``. A clause without ``applies_to`` becomes one
duty with the id ``{list_id}/{clause}``, borne by whatever the assignments say.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import replace
from itertools import repeat

from graph.records import AppliesTo, Assignment, Clause, Dataset, Duty, Organization, Position
from graph.schema import BearerRole, BearingSource, OrgKind, Role

__all__ = ["bind_clauses", "expand_templates", "instance_id", "split_instance_id"]


def instance_id(list_id: str, clause: str, org_id: str) -> str:
    """The id of a clause's instance at an organization.

    >>> instance_id("SC", "3", "ORG-7")
    'SC/3@ORG-7'
    """
    return f"{list_id}/{clause}@{org_id}"


def split_instance_id(duty_id: str) -> tuple[str, str] | None:
    """``(template_key, org_id)`` for an instance id, None for any other id.

    >>> split_instance_id("SC/3@ORG-7"), split_instance_id("D-12")
    (('SC/3', 'ORG-7'), None)
    """
    key, sep, org = duty_id.rpartition("@")
    return (key, org) if sep and "/" in key and org else None


def bind_clauses(
    clauses: Iterable[Clause], organizations: Iterable[Organization], positions: Iterable[Position]
) -> tuple[list[Duty], list[Assignment]]:
    """The duties and bearings the clauses of responsibility lists produce.

    Runs in time linear in the number of clauses, organizations, posts and
    instances made.

    Examples
    --------
    >>> from graph.records import AppliesTo
    >>> orgs = [Organization("B1", "Branch 1", OrgKind.BRANCH), Organization("B2", "Branch 2", OrgKind.BRANCH)]
    >>> posts = [Position("B1-S", "B1", "Branch secretary", Role.SECRETARY)]
    >>> clause = Clause("L", "1", "Hold branch meetings", "first_responsible",
    ...                 applies_to=AppliesTo((OrgKind.BRANCH,), Role.SECRETARY))
    >>> duties, bearings = bind_clauses([clause], orgs, posts)
    >>> [d.id for d in duties], [(a.bearer_id, a.duty_id) for a in bearings]
    (['L/1@B1', 'L/1@B2'], [('B1-S', 'L/1@B1')])
    """
    by_kind: dict[OrgKind, list[Organization]] = defaultdict(list)
    for org in organizations:
        by_kind[org.kind].append(org)
    posts: dict[Role, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for post in positions:
        posts[post.role][post.org_id].append(post.id)

    # the organizations each ``applies_to`` matches, found once: a list's clauses
    # mostly share a few (every branch, every town committee ...)
    matched: dict[AppliesTo, list[str]] = {}
    duties: list[Duty] = []
    bearings: list[Assignment] = []
    for clause in clauses:
        target = clause.applies_to
        if target is None:
            duties.append(clause.duty(clause.key))
            continue
        orgs = matched.get(target)
        if orgs is None:
            orgs = matched[target] = [
                org.id
                for kind in dict.fromkeys(target.org_kinds)
                for org in by_kind.get(kind, ())
                if not target.levels or org.level in target.levels
            ]
        ids = [f"{clause.key}@{org}" for org in orgs]  # instance_id, without a call per instance
        duties.extend(map(clause.duty, ids, orgs, repeat(target.role)))
        if target.role is None:
            pairs: list[tuple[str, str]] = list(zip(ids, orgs, strict=True))
        else:
            of_role = posts.get(target.role, {})
            pairs = [
                (duty_id, bearer) for duty_id, org in zip(ids, orgs, strict=True) for bearer in of_role.get(org, ())
            ]
        bearings.extend(
            map(
                Assignment,
                [duty_id for duty_id, _ in pairs],
                [bearer for _, bearer in pairs],
                repeat(BearerRole.LEAD),
                repeat(BearingSource.TEMPLATE),
                repeat(clause.src),
            )
        )
    return duties, bearings


def expand_templates(dataset: Dataset) -> Dataset:
    """A copy of ``dataset`` whose duties and assignments include what its list
    clauses bind to. Expanding an expanded dataset returns it unchanged."""
    if dataset.expanded:
        return dataset
    duties, bearings = bind_clauses(dataset.clauses, dataset.organizations, dataset.positions)
    return replace(
        dataset,
        duties=[*dataset.duties, *duties],
        assignments=[*dataset.assignments, *bearings],
        expanded=True,
    )
