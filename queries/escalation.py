"""Whom an overdue rectification item reaches, step by step, as of its deadline.

An item not closed by its deadline escalates along the responsibility chain
(经办人 → 分管领导 → 主要负责人 → 监督执纪): the unit's contact named on the
item, then the holder of the post overseeing the unit **on the deadline**, then
the unit's secretary — its 主要负责人, the first responsible for rectification
(整改第一责任人) — then the head of the organization supervising the unit. Each step is reached a set number of days
after the deadline (:data:`DEFAULT_DAYS`, configurable) and carries the graph's
edges that put that person there, so an inspector sees why it reached them.

Where the unit itself has no overseer, secretary post or supervisor on that
day, the nearest organization above it that has one stands in (as the trace
finds a case's secretary), and the REPORTS_TO edges
walked up are part of the reason.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from itertools import pairwise
from typing import Any, TypeVar

from graph.errors import RespnetError
from graph.i18n import DEFAULT_LANG, Lang, t
from graph.model import Link, ResponsibilityGraph
from graph.schema import EdgeType, NodeLabel, Role
from queries.labels import post_label
from queries.trace_report import link_text

__all__ = ["DEFAULT_DAYS", "Reach", "Step", "check_days", "escalation", "overdue_days"]

_T = TypeVar("_T")


class Step(StrEnum):
    """The steps of an escalation, in order."""

    CONTACT = "contact"
    OVERSEER = "overseer"
    SECRETARY = "secretary"
    COMMISSION = "commission"


#: Days after the deadline on which each step is reached (contact, overseer, secretary, commission head).
DEFAULT_DAYS: tuple[int, int, int, int] = (1, 7, 14, 30)
#: The posts that head a supervising organization, in the order they are looked for.
_HEADS = (Role.DISCIPLINE_SECRETARY, Role.TEAM_LEADER, Role.OFFICE_DIRECTOR, Role.SECRETARY)


def check_days(days: Sequence[int]) -> tuple[int, int, int, int]:
    """Four whole days, each step no earlier than the one before.

    >>> check_days([1, 7, 14, 30])
    (1, 7, 14, 30)
    >>> check_days([7, 1, 14, 30])  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    graph.errors.RespnetError: ...
    """
    values = tuple(int(d) for d in days)
    if len(values) != len(Step) or values[0] < 0 or any(b < a for a, b in pairwise(values)):
        raise RespnetError("error.escalation_days", days=", ".join(map(str, values)))
    return values  # type: ignore[return-value]


def overdue_days(deadline: date, today: date) -> int:
    """Days past the deadline (0 when not past it)."""
    return max(0, (today - deadline).days)


@dataclass(frozen=True, slots=True)
class Person:
    id: str
    name: str
    post: str  # the post's label (organization·title) they held on the day


@dataclass(frozen=True, slots=True)
class Reach:
    """One step of an escalation: whom it reaches, from which day, and why."""

    step: Step
    after_days: int
    on: date  # the day it is reached (deadline + after_days)
    reached: bool  # reached by ``today``
    people: tuple[Person, ...]
    why: tuple[Link, ...]  # the edges that put them there, in force on the deadline

    def who(self, lang: Lang = DEFAULT_LANG) -> str:
        if not self.people:
            return t("escalation.nobody", lang)
        return "、".join(f"{p.name}（{p.post}）" if p.post else p.name for p in self.people)

    def because(self, G: ResponsibilityGraph, lang: Lang = DEFAULT_LANG) -> str:
        return "；".join(link_text(link, lang, G.name) for link in self.why)

    def to_dict(self, G: ResponsibilityGraph, lang: Lang = DEFAULT_LANG) -> dict[str, Any]:
        return {
            "step": self.step.value,
            "after_days": self.after_days,
            "on": self.on.isoformat(),
            "reached": self.reached,
            "people": [{"id": p.id, "name": p.name, "post": p.post} for p in self.people],
            "why": self.because(G, lang),
        }


def _holders(G: ResponsibilityGraph, posts: Sequence[str], day: date) -> tuple[list[Person], list[Link]]:
    people, why = [], []
    for post in posts:
        for link in G.holders_on(post, day):
            people.append(Person(link.source, G.name(link.source), post_label(G, post)))
            why.append(link)
    return people, why


def _up_to(G: ResponsibilityGraph, org: str, found: Callable[[str], Sequence[_T]]) -> tuple[list[_T], list[Link]]:
    """What ``found`` gives for the first organization from ``org`` up where it
    gives anything, and the REPORTS_TO edges walked to get there."""
    walked: list[Link] = []
    for o in G.lineage(org):
        links = found(o)
        if links:
            return list(links), walked
        walked.extend(G.out(o, EdgeType.REPORTS_TO))
    return [], []


def escalation(
    G: ResponsibilityGraph,
    org_id: str,
    deadline: date,
    today: date,
    *,
    contact: str | None = None,
    days: Sequence[int] = DEFAULT_DAYS,
) -> list[Reach]:
    """The four steps of an item of unit ``org_id`` due on ``deadline``, read
    as ``today`` (a step is ``reached`` when today is that many days past it).

    Raises
    ------
    RespnetError
        ``org_id`` is not an organization of ``G``, or ``days`` is not four
        steps in order.
    """
    G.require(org_id, NodeLabel.ORGANIZATION)
    after = check_days(days)
    late = overdue_days(deadline, today)
    steps: list[tuple[list[Person], list[Link]]] = []

    if contact and G.has(contact, NodeLabel.PERSON):
        held = G.posts_held_on(contact, deadline)
        steps.append(([Person(contact, G.name(contact), "、".join(post_label(G, h.target) for h in held))], list(held)))
    elif contact:
        steps.append(([Person(contact, contact, "")], []))
    else:
        steps.append(([], []))

    oversight, walked = _up_to(G, org_id, lambda o: G.overseers_on(o, deadline))
    people, holds = _holders(G, [link.source for link in oversight], deadline)
    steps.append((people, [*walked, *oversight, *holds]))

    secretaries, walked = _up_to(G, org_id, lambda o: G.positions_in(o, [Role.SECRETARY]))
    people, holds = _holders(G, secretaries, deadline)
    placed = [link for p in secretaries for link in G.out(p, EdgeType.IN)]
    steps.append((people, [*walked, *placed, *holds]))

    supervision, walked = _up_to(G, org_id, lambda o: G.supervisors_on(o, deadline))
    heads: list[str] = []
    for link in supervision:
        for role in _HEADS:
            found = G.positions_in(link.source, [role])
            if found:
                heads.extend(found)
                break
    people, holds = _holders(G, heads, deadline)
    steps.append((people, [*walked, *supervision, *holds]))

    return [
        Reach(step, n, date.fromordinal(deadline.toordinal() + n), late > 0 and late >= n, tuple(people), tuple(why))
        for step, n, (people, why) in zip(Step, after, steps, strict=True)
    ]
