"""People and posts over time: a person's career in the network, and who held
a post when.

- :func:`career`: every post a person held, the organizations they oversaw
  through it and the duties it bore, each with the days it lasted (oversight
  and duties only for the days the person held the post).
- :func:`post_history`: the holders of a post in order, with the vacancies
  between them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from graph.model import ResponsibilityGraph
from graph.schema import EdgeType, NodeLabel
from graph.temporal import Interval

__all__ = ["Span", "career", "post_history"]

SpanKind = Literal["holds", "oversees", "bears", "vacant"]


@dataclass(frozen=True, slots=True)
class Span:
    """Something true over ``interval``: a person holds a post (``subject`` =
    the post), oversees an organization or bears a duty through a post
    (``via``), or a post stands vacant (``subject`` = the post)."""

    kind: SpanKind
    subject: str
    interval: Interval
    via: str | None = None
    person: str | None = None


def career(G: ResponsibilityGraph, person_id: str) -> list[Span]:
    """A person's posts, oversight and duties, in order of their start.

    Examples
    --------
    >>> from graph.builder import GraphBuilder
    >>> G = (GraphBuilder().organization("T", "Town", "party_committee")
    ...      .organization("U", "Finance office", "unit", parent="T")
    ...      .position("T-M", "T", "Member", "member").person("P", "Wang")
    ...      .tenure("P", "T-M", date(2020, 1, 1), date(2023, 12, 31))
    ...      .oversight("T-M", "U", date(2022, 1, 1))
    ...      .duty("D", "Dual duty", "dual_duty").bears("T-M", "D").build())
    >>> [(s.kind, s.subject, s.interval.start.year, s.interval.end.year) for s in career(G, "P")]
    [('holds', 'T-M', 2020, 2023), ('bears', 'D', 2020, 2023), ('oversees', 'U', 2022, 2023)]
    """
    G.require(person_id, NodeLabel.PERSON)
    spans: list[Span] = []
    for held in G.out(person_id, EdgeType.HOLDS):
        post = held.target
        spans.append(Span("holds", post, held.interval, None, person_id))
        for oversight in G.out(post, EdgeType.OVERSEES):
            both = held.interval.intersection(oversight.interval)
            if both:
                spans.append(Span("oversees", oversight.target, both, post, person_id))
        spans.extend(Span("bears", bears.target, held.interval, post, person_id) for bears in G.duties_of(post))
    order = {"holds": 0, "bears": 1, "oversees": 2}
    return sorted(spans, key=lambda s: (s.interval.start or date.min, order[s.kind], s.subject))


def post_history(G: ResponsibilityGraph, position_id: str) -> list[Span]:
    """The holders of a post in order of their start, with a ``vacant`` span
    for every stretch of days between two tenures (and after the last one, if
    it ended). The time before the first tenure is unknown, not vacant.

    Examples
    --------
    >>> from graph.builder import GraphBuilder
    >>> G = (GraphBuilder().organization("T", "Town", "party_committee")
    ...      .position("T-S", "T", "Secretary", "secretary").person("A", "Wang").person("B", "Li")
    ...      .tenure("A", "T-S", date(2020, 1, 1), date(2023, 6, 30))
    ...      .tenure("B", "T-S", date(2023, 9, 1), date(2025, 12, 31)).build())
    >>> for s in post_history(G, "T-S"):
    ...     print(s.kind, s.person, s.interval.start, s.interval.end)
    holds A 2020-01-01 2023-06-30
    vacant None 2023-07-01 2023-08-31
    holds B 2023-09-01 2025-12-31
    vacant None 2026-01-01 None
    >>> G = (GraphBuilder().organization("T", "Town", "party_committee")
    ...      .position("T-S", "T", "Secretary", "secretary").person("A", "Wang")
    ...      .tenure("A", "T-S", date(2020, 1, 1), date.max).build())
    >>> [(s.kind, s.interval.end) for s in post_history(G, "T-S")]  # held to the calendar's end: never vacant
    [('holds', datetime.date(9999, 12, 31))]
    """
    G.require(position_id, NodeLabel.POSITION)
    tenures = sorted(G.into(position_id, EdgeType.HOLDS), key=lambda h: h.interval.start or date.min)
    spans: list[Span] = []
    covered_to: date | None = None  # last day some tenure covers so far
    open_ended = False
    for held in tenures:
        start = held.interval.start
        if covered_to is not None and not open_ended and start and start > covered_to + _DAY:
            spans.append(Span("vacant", position_id, Interval(covered_to + _DAY, start - _DAY)))
        spans.append(Span("holds", position_id, held.interval, None, held.source))
        if held.interval.end is None:
            open_ended = True
        elif covered_to is None or held.interval.end > covered_to:
            covered_to = held.interval.end
    if tenures and not open_ended and covered_to is not None and covered_to < date.max:
        spans.append(Span("vacant", position_id, Interval(covered_to + _DAY, None)))
    return spans


_DAY = timedelta(days=1)
