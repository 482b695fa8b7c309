"""Clause references resolved: ``{list_id}/{clause}`` in a record or a case
names the duty instance of that clause the person's post (or the case's
organization) bears. Each index is built on first use: most sources refer to
instances by id."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date
from functools import cached_property

from graph.records import Assignment, Dataset, Duty, Tenure

__all__ = ["Resolver"]


class Resolver:
    """Resolves ``{list_id}/{clause}`` references to the duty instances they mean."""

    def __init__(
        self, ds: Dataset, duties: Sequence[Duty], assignments: Sequence[Assignment], tenures: Sequence[Tenure]
    ) -> None:
        # each index is built on first use: most sources refer to instances by id
        self._ds, self._duties, self._assignments, self._tenures = ds, duties, assignments, tenures

    @cached_property
    def instances(self) -> dict[str, list[Duty]]:
        out: dict[str, list[Duty]] = defaultdict(list)
        for d in self._duties:
            if d.template_key:
                out[d.template_key].append(d)
        return out

    @cached_property
    def bearers(self) -> dict[str, set[str]]:
        out: dict[str, set[str]] = defaultdict(set)
        for a in self._assignments:
            out[a.duty_id].add(a.bearer_id)
        return out

    @cached_property
    def terms(self) -> dict[str, list[Tenure]]:
        out: dict[str, list[Tenure]] = defaultdict(list)
        for t in self._tenures:
            out[t.person_id].append(t)
        return out

    @cached_property
    def org_of(self) -> dict[str, str]:
        return {p.id: p.org_id for p in self._ds.positions}

    @cached_property
    def parent(self) -> dict[str, str | None]:
        return {o.id: o.parent_id for o in self._ds.organizations}

    def for_person(self, key: str, person: str, day: date) -> list[str]:
        """Instances of ``key`` borne by a post ``person`` held on ``day`` (or by its organization)."""
        posts = {t.position_id for t in self.terms.get(person, ()) if t.interval.contains(day)}
        orgs = {self.org_of[p] for p in posts if p in self.org_of}
        return [
            d.id
            for d in self.instances.get(key, ())
            if self.bearers[d.id] & posts or (d.bound_role is None and d.bound_org in orgs)
        ]

    def for_org(self, key: str, org: str) -> str | None:
        """The instance of ``key`` at ``org`` or its nearest ancestor that has one."""
        at = {d.bound_org: d.id for d in self.instances.get(key, ())}
        node: str | None = org
        seen: set[str] = set()
        while node is not None and node not in seen:
            if node in at:
                return at[node]
            seen.add(node)
            node = self.parent.get(node)
        return None
