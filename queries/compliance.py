"""Whether quantified duties were carried out (常态式履责).

- ``underperformed_duty``: a duty with a frequency requirement (每季度至少1次
  ...) whose lead bearer has fewer performance records than required in some
  calendar window (month, quarter, half-year, year, as the requirement says)
  lying wholly inside the range. A post's records are those made by whoever
  held the post on the record's date; an organization's are all the duty's
  records. One finding per duty and bearer, listing every short window.
- ``unparsed_frequency``: a duty whose frequency text could not be read; it
  was not checked, and an inspector should look at it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np
import numpy.typing as npt

from graph.core import CODE, LABEL_CODE, EdgeTable, GraphCore, bulk
from graph.errors import RespnetError
from graph.frequency import Frequency, Period, Window, calendar_windows
from graph.i18n import DEFAULT_LANG, Lang, t
from graph.model import ResponsibilityGraph
from graph.schema import BearerRole, EdgeType, NodeLabel
from queries.columns import Mask, codes, ranges, sorted_ids
from queries.findings import Finding, FindingKind, sort_findings
from queries.labels import bearer_label, short_text

__all__ = [
    "Shortfall",
    "check_range",
    "compliance",
    "default_period",
    "underperformed",
    "underperformed_duties",
    "unparsed_frequencies",
    "unparsed_frequency",
]


@dataclass(frozen=True, slots=True)
class Shortfall:
    """One window with fewer records than required."""

    window: Window
    actual: int
    required: int

    def localize(self, lang: Lang = DEFAULT_LANG) -> str:
        return t(
            "finding.window.short", lang, window=self.window.label(lang), actual=self.actual, required=self.required
        )


def default_period(at: date) -> tuple[date, date]:
    """The period compliance is checked over by default: the last whole
    calendar year before ``at``."""
    return date(at.year - 1, 1, 1), date(at.year - 1, 12, 31)


def check_range(start: date, end: date) -> None:
    if start > end:
        raise RespnetError("error.bad_range", start=start, end=end)


def underperformed_duties(G: ResponsibilityGraph, *, start: date, end: date) -> list[Finding]:
    """Lead bearers short of their duty's frequency in a window inside ``[start, end]``.

    Each record is looked at once per lead bearer of its duty, so the scan is
    linear in the records and bearings.

    Examples
    --------
    >>> import textwrap
    >>> from graph.builder import GraphBuilder
    >>> G = (GraphBuilder().organization("O", "Organ committee", "organ_committee")
    ...      .position("O-S", "O", "Secretary", "secretary").person("P", "Wang")
    ...      .tenure("P", "O-S", date(2024, 1, 1))
    ...      .duty("D", "Convene the committee", "first_responsible", frequency="每季度至少召开1次")
    ...      .bears("O-S", "D").record("R1", "D", "P", date(2025, 2, 10)).build())
    >>> [f.ids for f in underperformed_duties(G, start=date(2025, 1, 1), end=date(2025, 6, 30))]
    [('D', 'O-S')]
    >>> f = underperformed_duties(G, start=date(2025, 1, 1), end=date(2025, 6, 30))[0]
    >>> print(textwrap.fill(f.message("en"), 100))
    Organ committee·Secretary (O-S) fell short on "Convene the committee" (D, required at least 1
    time(s) every quarter): 2025 Q2: 0 of 1.
    """
    check_range(start, end)
    core = G.core
    periods, period_values = codes(G, NodeLabel.DUTY, "frequency_period")
    duties = core.of_label(NodeLabel.DUTY)
    counts_column = core.column(NodeLabel.DUTY, "frequency_count")
    required = np.zeros(len(core.ids), dtype=np.int64)
    period_of = np.zeros(len(core.ids), dtype=np.int32)
    has_rule = periods != 0
    required[duties[has_rule]] = [counts_column[k] for k in np.flatnonzero(has_rule)]
    period_of[duties] = periods
    bears = core.edges[EdgeType.BEARS]
    leads = np.flatnonzero((bears.role == CODE[BearerRole.LEAD.value]) & (period_of[bears.dst] != 0))
    leads = leads[np.argsort(bears.dst[leads], kind="stable")]
    lead_duty = bears.dst[leads]
    held = G.derived("compliance.terms", lambda: _Terms(core))
    by_record = _records(G)
    found: list[tuple[str, str, Finding]] = []
    for code in range(1, len(period_values)):
        freq_period = Period(period_values[code])
        windows = calendar_windows(freq_period, start, end)
        mine = leads[period_of[lead_duty] == code]
        if not windows or not len(mine):
            continue
        starts = np.array([w.start.toordinal() for w in windows])
        ends = np.array([w.end.toordinal() for w in windows])
        counts = _counts(core, bears, mine, by_record, held, starts, ends)
        need = required[bears.dst[mine]]
        short = counts < need[:, None]
        for row in np.flatnonzero(short.any(axis=1)).tolist():
            e = int(mine[row])
            duty, bearer, n = int(bears.dst[e]), int(bears.src[e]), int(need[row])
            shortfalls = [Shortfall(windows[w], int(counts[row, w]), n) for w in np.flatnonzero(short[row]).tolist()]
            found.append(
                (
                    core.ids[duty],
                    core.ids[bearer],
                    underperformed(G, core.ids[duty], core.ids[bearer], Frequency(freq_period, n), shortfalls),
                )
            )
    found.sort(key=lambda item: (item[0], item[1]))
    return [f for _, _, f in found]


class _Terms:
    """Who held which post when: HOLDS edges keyed by (person, post), for
    checking many (person, post, day) triples at once."""

    def __init__(self, core: GraphCore) -> None:
        holds = core.edges[EdgeType.HOLDS]
        self.n = len(core.ids)
        keys = holds.src.astype(np.int64) * self.n + holds.dst
        order = np.argsort(keys, kind="stable")
        self.keys, self.start, self.end = keys[order], holds.start[order], holds.end[order]

    def held(self, people: npt.NDArray[Any], posts: npt.NDArray[Any], days: npt.NDArray[Any]) -> Mask:
        """Whether each person held each post on each day."""
        keys = people.astype(np.int64) * self.n + posts
        owner, pos = ranges(np.searchsorted(self.keys, keys, "left"), np.searchsorted(self.keys, keys, "right"))
        day = days[owner]
        hit = (self.start[pos] <= day) & (day <= self.end[pos])
        return np.bincount(owner[hit], minlength=len(keys)) > 0


def _records(G: ResponsibilityGraph) -> tuple[npt.NDArray[Any], npt.NDArray[Any], npt.NDArray[Any]]:
    """Every performance record as (duty, day, performer), sorted by duty;
    worked out once per graph."""

    def make() -> tuple[npt.NDArray[Any], npt.NDArray[Any], npt.NDArray[Any]]:
        core = G.core
        fulfils, performed = core.edges[EdgeType.FULFILS], core.edges[EdgeType.PERFORMED]
        lo, _ = core.spans[NodeLabel.RECORD]
        # a record's row in its columns is its index less the first record's
        performer = np.full(len(core.column(NodeLabel.RECORD, "date")), -1, dtype=np.int64)
        performer[performed.dst - lo] = performed.src
        day = np.fromiter((d.toordinal() for d in core.column(NodeLabel.RECORD, "date")), dtype=np.int64)
        order = np.argsort(fulfils.dst, kind="stable")
        rec = fulfils.src[order] - lo
        return fulfils.dst[order], day[rec], performer[rec]

    return G.derived("compliance.records", make)


def _counts(
    core: GraphCore,
    bears: EdgeTable,
    leads: npt.NDArray[Any],
    by_record: tuple[npt.NDArray[Any], npt.NDArray[Any], npt.NDArray[Any]],
    held: _Terms,
    starts: npt.NDArray[Any],
    ends: npt.NDArray[Any],
) -> npt.NDArray[np.int64]:
    """Records per lead bearing (rows, in ``leads`` order) and window (columns)."""
    rec_duty, rec_day, rec_person = by_record
    lo = np.searchsorted(rec_duty, bears.dst[leads], "left")
    hi = np.searchsorted(rec_duty, bears.dst[leads], "right")
    row, rec = ranges(lo, hi)
    day = rec_day[rec]
    w = np.searchsorted(starts, day, "right") - 1
    inside = (w >= 0) & (day <= ends[np.maximum(w, 0)])
    bearer = bears.src[leads][row]
    is_org = core.labels[bearer] == LABEL_CODE[NodeLabel.ORGANIZATION]
    counted = inside & (is_org | held.held(rec_person[rec], bearer, day))
    flat = np.bincount(row[counted] * len(starts) + w[counted], minlength=len(leads) * len(starts))
    return flat.reshape(len(leads), len(starts))


def underperformed(G: ResponsibilityGraph, duty: str, bearer: str, freq: Frequency, short: list[Shortfall]) -> Finding:
    """The finding of a lead bearer short of a duty's frequency in the windows ``short``."""
    return Finding(
        FindingKind.UNDERPERFORMED_DUTY,
        (duty, bearer),
        {
            "bearer": bearer_label(G, bearer),
            "bearer_id": bearer,
            "duty": short_text(G.name(duty)),
            "duty_id": duty,
            "frequency": freq,
            "windows": short,
        },
        {
            "period": freq.period,
            "required": freq.count,
            "windows": [
                {"start": s.window.start.isoformat(), "end": s.window.end.isoformat(), "actual": s.actual}
                for s in short
            ],
        },
    )


def unparsed_frequencies(G: ResponsibilityGraph) -> list[Finding]:
    """Duties whose frequency text names a requirement that could not be read."""
    return [unparsed_frequency(G, duty) for duty in _unparsed(G)]


def unparsed_frequency(G: ResponsibilityGraph, duty: str) -> Finding:
    """The finding of a duty whose frequency text could not be read."""
    return Finding(
        FindingKind.UNPARSED_FREQUENCY,
        (duty,),
        {"duty": short_text(G.name(duty)), "duty_id": duty, "frequency": G.node(duty)["frequency"]},
    )


def _unparsed(G: ResponsibilityGraph) -> list[str]:
    texts, values = codes(G, NodeLabel.DUTY, "frequency")
    periods, _ = codes(G, NodeLabel.DUTY, "frequency_period")
    stated = np.array([i for i, v in enumerate(values) if v], dtype=np.int32)
    duties = G.core.of_label(NodeLabel.DUTY)
    return sorted_ids(G.core, duties[np.isin(texts, stated) & (periods == 0)])


@bulk()  # findings are many small objects and no cycles
def compliance(G: ResponsibilityGraph, *, start: date, end: date) -> list[Finding]:
    """Both compliance scans over ``[start, end]`` (inclusive), sorted."""
    return sort_findings([*underperformed_duties(G, start=start, end=end), *unparsed_frequencies(G)])
