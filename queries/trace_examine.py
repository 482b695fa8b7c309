"""How the recorded decisions on a case compare with its trace.

``unexamined``: in a role of the trace (a person, or an organization the rule
set holds to account), with no decision — a decision not to hold them to
account (``exonerated``) counts as examined; ``unfounded``: held to account,
in no role and outside the chain; ``mismatched``: held to account in a role
the trace does not give them. The heads of the body that investigated the
case are not "unexamined" for not having found it, unless the rule set says so.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from graph.model import ResponsibilityGraph
from graph.records import form_kind
from graph.schema import AccountabilityRole, DecisionRole, EdgeType, NodeLabel
from queries.trace_result import Involvement, OrgInvolvement
from rules import RuleSet

__all__ = ["Examination", "examine"]

_ORDER = {role: i for i, role in enumerate(DecisionRole)}
_Items = tuple[Mapping[str, Any], ...]


@dataclass(frozen=True, slots=True)
class Examination:
    """The decisions, and the three comparisons (None when no decision is recorded)."""

    decisions: _Items
    unexamined: _Items | None
    unfounded: _Items | None
    mismatched: _Items | None
    spared: bool = False  # the investigator's heads were left out of ``unexamined``


def _decisions(G: ResponsibilityGraph, case_id: str) -> list[tuple[int, str, DecisionRole, str]]:
    """The case's decisions in the order a trace lists roles, then by whom they
    target: ``(order, target, role, decision)`` each, read once."""
    found = []
    for concern in G.into(case_id, EdgeType.CONCERNS):
        decision = concern.source
        role = DecisionRole(G.attr(decision, "role"))
        found.append((_ORDER[role], G.out(decision, EdgeType.TARGETS)[0].target, role, decision))
    found.sort(key=lambda d: d[:2])
    return found


def examine(
    G: ResponsibilityGraph,
    case_id: str,
    roles: Mapping[AccountabilityRole, tuple[Involvement, ...]],
    organizations: tuple[OrgInvolvement, ...],
    related_orgs: set[str],
    rule_set: RuleSet,
    investigated_by: str | None,
) -> Examination:
    decided: dict[str, list[DecisionRole]] = {}
    decisions = []
    for _, target, decision_role, decision in _decisions(G, case_id):
        decided.setdefault(target, []).append(decision_role)
        form = G.attr(decision, "form") or ""
        kind = form_kind(form)
        decisions.append(
            {
                "target": target,
                "target_name": G.name(target),
                "role": decision_role,
                "form": form,
                "date": G.attr(decision, "date"),
                "note": G.attr(decision, "note") or "",
                "form_kind": kind.value if kind else None,
                "target_kind": "organization" if G.label(target) is NodeLabel.ORGANIZATION else "person",
            }
        )
    if not decisions:
        return Examination((), None, None, None)
    spare = investigated_by if investigated_by and not rule_set.examine_investigator else None
    in_roles: dict[str, list[AccountabilityRole]] = {}
    spared: set[str] = set()
    for role, entries in roles.items():
        for e in entries:
            if spare and role is AccountabilityRole.SUPERVISORY and e.org == spare:
                spared.add(e.person)
                continue
            in_roles.setdefault(e.person, [])
            if role not in in_roles[e.person]:
                in_roles[e.person].append(role)
    org_roles: dict[str, list[Any]] = {}
    for o in organizations:
        if o.org == spare:
            spared.add(o.org)
            continue
        org_roles.setdefault(o.org, []).append(o.role)
    unexamined: list[Mapping[str, Any]] = [
        {"person": p, "person_name": G.name(p), "roles": rs} for p, rs in in_roles.items() if p not in decided
    ]
    unexamined += [
        {"target": o, "target_name": G.name(o), "roles": rs, "target_kind": "organization"}
        for o, rs in org_roles.items()
        if o not in decided
    ]
    unfounded: list[Mapping[str, Any]] = []
    mismatched: list[Mapping[str, Any]] = []
    for target, rs in decided.items():
        held = [r for r in rs if r is not DecisionRole.EXONERATED]
        if not held:
            continue
        if G.label(target) is NodeLabel.PERSON:
            if target not in in_roles and target not in spared:
                unfounded.append({"target": target, "target_name": G.name(target), "roles": held})
            elif target in in_roles and not set(held) & set(in_roles[target]):
                mismatched.append(
                    {"person": target, "person_name": G.name(target), "decided": held, "traced": in_roles[target]}
                )
        elif target in org_roles:
            if not set(held) & set(org_roles[target]):
                mismatched.append(
                    {
                        "target": target,
                        "target_name": G.name(target),
                        "decided": held,
                        "traced": org_roles[target],
                        "target_kind": "organization",
                    }
                )
        elif target not in related_orgs:
            unfounded.append({"target": target, "target_name": G.name(target), "roles": held})
    return Examination(tuple(decisions), tuple(unexamined), tuple(unfounded), tuple(mismatched), bool(spared))
