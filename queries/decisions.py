"""What the recorded accountability decisions show as a whole.

Published reviews of 问责 read the decisions together: how many of those held
to account sit at township level or below (问下不问上), which responsibility
line they were held on (主体 / 监督 / 直接), how many decisions fell on an
organization, which units had no case at all over a period (执纪审查空白), and
which units and posts come back. :func:`decisions` gives those figures; the
CLI prints them (``respnet decisions``) and the app charts them.

Definitions (also in the README):

- a decision counts when its date lies in ``[start, end]`` (inclusive);
- a person's level is the level of the organization of the post they held on
  the decision's date — of several, the one in the case's organization or
  above it, else the first by id — and ``"none"`` when they held none; an
  organization's level is its own;
- ``without_cases``: organizations, other than supervising bodies (纪委, 派驻组,
  监督检查室, 村务监督委员会), in which no case dated in the period occurred;
- ``repeat``: organizations in which two or more cases dated in the period
  occurred; ``repeat_posts``: posts whose holders were held to account
  (every role but exonerated) in two or more cases decided in the period.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from graph.i18n import Lang, t
from graph.model import ResponsibilityGraph
from graph.schema import LEVELS, DecisionRole, EdgeType, NodeLabel, OrgKind, level_rank
from queries.labels import level_label, post_label

__all__ = ["LINES", "LOCAL_LEVELS", "NO_LEVEL", "DecisionFigures", "decisions", "level_name"]

NO_LEVEL = "none"
#: The levels of the data format at township and below (问下不问上 counts those held to account there).
LOCAL_LEVELS = LEVELS[LEVELS.index("乡") :]
#: The responsibility lines the decision roles fall on (主体 / 监督 / 直接); exonerated falls on none.
LINES: dict[DecisionRole, str] = {
    DecisionRole.PRINCIPAL_LEADERSHIP: "principal",
    DecisionRole.IMPORTANT_LEADERSHIP: "principal",
    DecisionRole.OVERALL_LEADERSHIP: "principal",
    DecisionRole.SUPERVISORY: "supervisory",
    DecisionRole.DIRECT: "direct",
}
#: Organizations that supervise rather than run a unit: no case is expected to occur in them.
_SUPERVISING = frozenset(
    {
        OrgKind.DISCIPLINE_COMMISSION,
        OrgKind.ORGAN_DISCIPLINE_COMMISSION,
        OrgKind.STATIONED_TEAM,
        OrgKind.SUPERVISION_OFFICE,
        OrgKind.VILLAGE_SUPERVISION,
    }
)


@dataclass(frozen=True)
class DecisionFigures:
    start: date
    end: date
    total: int
    by_role: dict[str, int]
    by_line: dict[str, int]
    by_level: dict[str, int]
    organizations: int
    without_cases: list[dict[str, str]]
    repeat: list[dict[str, Any]]
    repeat_posts: list[dict[str, Any]]
    by_year: dict[str, int]
    names: dict[str, str] = field(default_factory=dict, compare=False)

    def to_dict(self) -> dict[str, Any]:
        """The JSON of ``respnet decisions --json``."""
        return {
            "from": self.start.isoformat(),
            "to": self.end.isoformat(),
            "total": self.total,
            "by_role": self.by_role,
            "by_level": self.by_level,
            "organizations": self.organizations,
            "without_cases": self.without_cases,
            "repeat": self.repeat,
            "by_year": self.by_year,
            "by_line": self.by_line,
            "repeat_posts": self.repeat_posts,
        }


def level_name(level: str, lang: Lang) -> str:
    """A level of :attr:`DecisionFigures.by_level` in ``lang`` (``none``: held no post)."""
    return t("decisions.no_level", lang) if level == NO_LEVEL else level_label(level, lang)


def _in(day: Any, start: date, end: date) -> bool:
    return isinstance(day, date) and start <= day <= end


def _post_on(G: ResponsibilityGraph, person: str, day: date, case: str | None) -> str | None:
    """The post ``person`` held on ``day`` that the decision reads (see the module's docstring)."""
    held = sorted(link.target for link in G.posts_held_on(person, day))
    if not held:
        return None
    if case is not None:
        places = {o for link in G.out(case, EdgeType.OCCURRED_IN) for o in G.lineage(link.target)}
        for post in held:
            if G.org_of(post) in places:
                return post
    return held[0]


def _level(G: ResponsibilityGraph, org: str) -> str:
    return str(G.attr(org, "level") or NO_LEVEL)


def _sorted_counts(counter: Counter[str]) -> dict[str, int]:
    return dict(sorted(counter.items()))


def decisions(G: ResponsibilityGraph, start: date, end: date) -> DecisionFigures:
    """The figures of the decisions dated from ``start`` to ``end`` (see the module's docstring)."""
    by_role: Counter[str] = Counter()
    by_line: Counter[str] = Counter()
    by_level: Counter[str] = Counter()
    by_year: Counter[str] = Counter()
    organizations = 0
    post_cases: defaultdict[str, set[str]] = defaultdict(set)
    total = 0
    for decision in G.ids(NodeLabel.DECISION):
        node = G.node(decision)
        day = node.get("date")
        if not isinstance(day, date) or not _in(day, start, end):
            continue
        total += 1
        role = DecisionRole(node["role"])
        by_role[role.value] += 1
        if role in LINES:
            by_line[LINES[role]] += 1
        by_year[str(day.year)] += 1
        case = next((link.target for link in G.out(decision, EdgeType.CONCERNS)), None)
        for target in G.out(decision, EdgeType.TARGETS):
            if G.label(target.target) is NodeLabel.ORGANIZATION:
                organizations += 1
                by_level[_level(G, target.target)] += 1
                continue
            post = _post_on(G, target.target, day, case)
            by_level[NO_LEVEL if post is None else _level(G, G.org_of(post))] += 1
            if post is not None and case is not None and role is not DecisionRole.EXONERATED:
                post_cases[post].add(case)

    cases_in: defaultdict[str, set[str]] = defaultdict(set)
    for case in G.ids(NodeLabel.CASE):
        if _in(G.attr(case, "date"), start, end):
            for link in G.out(case, EdgeType.OCCURRED_IN):
                cases_in[link.target].add(case)
    units = [o for o in G.ids(NodeLabel.ORGANIZATION) if G.attr(o, "kind") not in _SUPERVISING]
    return DecisionFigures(
        start=start,
        end=end,
        total=total,
        by_role=_sorted_counts(by_role),
        by_line=_sorted_counts(by_line),
        by_level=dict(sorted(by_level.items(), key=lambda kv: (kv[0] == NO_LEVEL, level_rank(kv[0])))),
        organizations=organizations,
        without_cases=[{"org": o, "level": _level(G, o)} for o in sorted(units) if not cases_in.get(o)],
        repeat=_repeats("org", cases_in.items()),
        repeat_posts=_repeats("post", post_cases.items()),
        by_year=_sorted_counts(by_year),
        names={**{o: G.name(o) for o in units}, **{p: post_label(G, p) for p in post_cases}},
    )


def _repeats(key: str, found: Iterable[tuple[str, set[str]]]) -> list[dict[str, Any]]:
    return [{key: k, "cases": sorted(v)} for k, v in sorted(found, key=lambda kv: (-len(kv[1]), kv[0])) if len(v) > 1]
