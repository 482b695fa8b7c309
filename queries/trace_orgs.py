"""The organizations a rule set holds to account in a trace (:func:`org_entries`):
the level whose secretary answers for the case (``leading_body``: 全面领导责任)
and the bodies supervising the nearest supervised level (``supervising_bodies``:
监督责任), each with the edges that put it there and the article cited.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING

from graph.model import Link
from graph.schema import OrgAccountabilityRole
from queries.trace_result import OrgInvolvement
from rules import Rule, RuleSet

if TYPE_CHECKING:
    from queries.trace import _Place, _Tracer

__all__ = ["org_entries"]


def leading_body(tr: _Tracer, rule: Rule, place: _Place) -> list[OrgInvolvement]:
    nearest = tr.nearest_secretary(place)
    if nearest is None:
        return []
    i = nearest[0]
    level = place.lineage[i]
    return [_entry(tr, level, rule, place.paths[i], place)]


def supervising_bodies(tr: _Tracer, rule: Rule, place: _Place) -> list[OrgInvolvement]:
    found = tr.supervision(place, rule.scope)
    if found is None:
        return []
    i, links = found
    return [_entry(tr, link.source, rule, (*place.paths[i], link), place) for link in links]


def _entry(tr: _Tracer, org: str, rule: Rule, path: tuple[Link, ...], place: _Place) -> OrgInvolvement:
    role = OrgAccountabilityRole(rule.role)
    return OrgInvolvement(org, tr.G.name(org), role, (path,), rule.id, rule.citation, place.org)


_FINDERS: dict[str, Callable[[_Tracer, Rule, _Place], list[OrgInvolvement]]] = {
    "leading_body": leading_body,
    "supervising_bodies": supervising_bodies,
}


def org_entries(tr: _Tracer, rs: RuleSet) -> tuple[OrgInvolvement, ...]:
    """The organizations the rule set holds to account, each (org, role) once."""
    merged: dict[tuple[str, OrgAccountabilityRole], OrgInvolvement] = {}
    for rule in rs.organizations:
        for place in tr.places:
            for entry in _FINDERS[rule.find](tr, rule, place):
                key = (entry.org, entry.role)
                if key in merged:
                    old = merged[key]
                    merged[key] = replace(old, paths=tuple(dict.fromkeys(old.paths + entry.paths)))
                else:
                    merged[key] = entry
    return tuple(merged.values())
