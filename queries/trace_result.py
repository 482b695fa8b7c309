"""What a trace returns: the persons in each role with their basis, the chain of
levels above, the comparison with recorded decisions, and notes; with the JSON
form of DESIGN.md's trace contract."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any, NamedTuple

from graph.i18n import DEFAULT_LANG, Lang, t
from graph.model import Link
from graph.schema import AccountabilityRole, DecisionRole, OrgAccountabilityRole
from graph.temporal import Interval
from rules import Choice, Citation

__all__ = [
    "ChainLevel",
    "Involvement",
    "Note",
    "OrgInvolvement",
    "Post",
    "SupervisorLevel",
    "Trace",
    "merge_involvements",
]


@dataclass(frozen=True, slots=True)
class Post:
    """A post someone holds (their post today, for 终身问责)."""

    position: str
    position_title: str
    org: str
    org_name: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "position": self.position,
            "position_title": self.position_title,
            "org": self.org,
            "org_name": self.org_name,
        }


class Involvement(NamedTuple):
    """A person in a role of the trace, with the post and organization that put
    them there and the edges that prove it (a named tuple: a trace makes a few
    dozen, in a third of a frozen dataclass's time).

    ``paths`` holds one chain of edges per reason (oversight, a breached duty,
    ...); ``basis`` is every edge of them, each once. ``rules`` names the rule
    behind each path (the first is ``rule``, cited by ``citation``);
    ``case_org`` is the case organization the entry was traced from. With a
    misconduct period, ``interval`` is the part of it the entry covers and
    ``now`` the posts the person holds today (empty: no post).
    """

    person: str
    person_name: str
    position: str | None
    position_title: str | None
    org: str | None
    org_name: str | None
    paths: tuple[tuple[Link, ...], ...]
    rules: tuple[str, ...] = ()
    citation: Citation | None = None
    case_org: str | None = None
    interval: Interval | None = None
    now: tuple[Post, ...] | None = None
    capacity: str | None = None

    @property
    def basis(self) -> tuple[Link, ...]:
        return tuple(dict.fromkeys(link for path in self.paths for link in path))

    @property
    def rule(self) -> str | None:
        return self.rules[0] if self.rules else None

    def to_dict(self) -> dict[str, Any]:
        out = {
            "person": self.person,
            "person_name": self.person_name,
            "position": self.position,
            "position_title": self.position_title,
            "org": self.org,
            "org_name": self.org_name,
            "basis": [link.as_dict() for link in self.basis],
            "paths": [[link.as_dict() for link in path] for path in self.paths],
            "rule": self.rule,
            "rules": list(self.rules),
            "citation": self.citation.to_dict() if self.citation else None,
            "case_org": self.case_org,
            "capacity": self.capacity,
        }
        if self.now is not None:
            out["interval"] = self.interval.as_dict() if self.interval else None
            out["now"] = [p.to_dict() for p in self.now]
        return out


def merge_involvements(entries: Iterable[Involvement]) -> tuple[Involvement, ...]:
    """One entry per (person, post, interval): the paths of the same person in
    the same post joined, each path with the first rule that found it."""
    merged: dict[tuple[str, str | None, Interval | None], Involvement] = {}
    for e in entries:
        key = (e.person, e.position, e.interval)
        old = merged.get(key)
        if old is None:
            merged[key] = e
            continue
        pairs: dict[tuple[Link, ...], str] = {}
        for path, rule in (
            *zip(old.paths, _rule_per_path(old), strict=True),
            *zip(e.paths, _rule_per_path(e), strict=True),
        ):
            pairs.setdefault(path, rule)
        merged[key] = old._replace(paths=tuple(pairs), rules=tuple(pairs.values()))
    return tuple(merged.values())


def _rule_per_path(e: Involvement) -> tuple[str, ...]:
    """The rule of each path of ``e`` ("" where none)."""
    return tuple(e.rules[i] if i < len(e.rules) else (e.rules[-1] if e.rules else "") for i in range(len(e.paths)))


@dataclass(frozen=True, slots=True)
class OrgInvolvement:
    """An organization held accountable as a body (问责条例 arts. 5, 6)."""

    org: str
    org_name: str
    role: OrgAccountabilityRole
    paths: tuple[tuple[Link, ...], ...]
    rule: str
    citation: Citation
    case_org: str | None = None

    @property
    def basis(self) -> tuple[Link, ...]:
        return tuple(dict.fromkeys(link for path in self.paths for link in path))

    def to_dict(self) -> dict[str, Any]:
        return {
            "org": self.org,
            "org_name": self.org_name,
            "role": self.role.value,
            "basis": [link.as_dict() for link in self.basis],
            "rule": self.rule,
            "citation": self.citation.to_dict(),
            "case_org": self.case_org,
        }


class SupervisorLevel(NamedTuple):
    """An organization supervising a level on the date, and its heads then (a
    named tuple, as :class:`Involvement`: a trace makes one per body above)."""

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


class ChainLevel(NamedTuple):
    """One level above the case's organization (a named tuple, as :class:`SupervisorLevel`)."""

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
    rule_set: Choice | None = None
    orgs: tuple[tuple[str, str], ...] = ()
    period: Interval | None = None
    investigated_by: tuple[str, str] | None = None
    organizations: tuple[OrgInvolvement, ...] = ()

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
            "rule_set": self.rule_set.to_dict(lang) if self.rule_set else None,
            "orgs": [{"org": o, "org_name": name} for o, name in self.orgs],
            "period": self.period.as_dict() if self.period else None,
            "investigated_by": (
                {"org": self.investigated_by[0], "org_name": self.investigated_by[1]} if self.investigated_by else None
            ),
            "organizations": [o.to_dict() for o in self.organizations],
        }


_ROLES = (AccountabilityRole, DecisionRole, OrgAccountabilityRole)


def _plain(item: Mapping[str, Any], lang: Lang) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in item.items():
        if isinstance(value, (list, tuple)):
            out[key] = [v.value if isinstance(v, _ROLES) else v for v in value]
        elif isinstance(value, date):
            out[key] = value.isoformat()
        else:
            out[key] = value.value if isinstance(value, _ROLES) else value
    return out
