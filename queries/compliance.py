"""Whether quantified duties were carried out (常态式履责).

- ``underperformed_duty``: a duty with a frequency requirement (每季度至少1次
  ...) whose lead bearer has fewer performance records than required in some
  calendar window (month, quarter, half-year, year, as the requirement says)
  lying wholly inside the range. A post's records are those made by whoever
  held the post on the record's date; an organization's are all the duty's
  records. One finding per duty and bearer, listing every short window.
  Handover records (:func:`queries.handover.is_handover`) are not counted.

  Pro-rating (on unless ``prorate=False``; ``--no-prorate``): where a post was
  vacant for part of a window, what it must show is the requirement times the
  share of the window's days on which somebody held it, rounded up
  (``ceil(count * held / days)``: 1 a quarter, held 30 of 91 days, is still 1;
  3 a year, held 100 of 365 days, is 1); a post vacant for the whole window
  owes nothing there (``vacant_bearer`` tells the vacancy). The short window
  then names each holder with the days they held the post in it.
- ``unparsed_frequency``: a duty whose frequency text could not be read; it
  was not checked, and an inspector should look at it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import partial
from typing import Any

import numpy as np
import numpy.typing as npt

from graph.core import CODE, EdgeTable, GraphCore, bulk
from graph.frequency import Frequency, Period, Window, calendar_windows
from graph.i18n import DEFAULT_LANG, Lang, t
from graph.model import ResponsibilityGraph
from graph.schema import LABEL_CODE, BearerRole, EdgeType, NodeLabel
from graph.temporal import Term, check_range
from queries.columns import Mask, codes, ordinals, ranges, sorted_ids
from queries.findings import Finding, FindingKind, sort_findings
from queries.handover import handover_mask
from queries.labels import bearer_label, short_text

__all__ = [
    "Shortfall",
    "compliance",
    "default_period",
    "prorated",
    "shortfalls",
    "underperformed",
    "underperformed_duties",
    "unparsed_frequencies",
    "unparsed_frequency",
]


@dataclass(frozen=True, slots=True)
class Shortfall:
    """One window with fewer records than required; ``held`` and ``shares``
    (person id, name, days) when the requirement was pro-rated for a vacancy
    (the names filled in by :func:`underperformed`)."""

    window: Window
    actual: int
    required: int
    held: int | None = None
    shares: tuple[tuple[str, str, int], ...] = ()

    def localize(self, lang: Lang = DEFAULT_LANG) -> str:
        label = self.window.label(lang)
        if self.held is None:
            return t("finding.window.short", lang, window=label, actual=self.actual, required=self.required)
        shares = [t("finding.window.share", lang, person=name, days=days) for _, name, days in self.shares]
        return t(
            "finding.window.prorated",
            lang,
            window=label,
            actual=self.actual,
            required=self.required,
            held=self.held,
            days=window_days(self.window),
            shares=shares,
        )

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"start": self.window.start.isoformat(), "end": self.window.end.isoformat()}
        out["actual"] = self.actual
        if self.held is not None:
            holders = [{"person": person, "days": days} for person, _, days in self.shares]
            out.update(required=self.required, held_days=self.held, holders=holders)
        return out


def prorated(count: int, window: Window, terms: Sequence[Term]) -> tuple[int, int, tuple[tuple[str, int], ...]]:
    """What a post with ``terms`` owes in ``window`` when ``count`` are required
    of a post held throughout: ``(required, days held, (person, days) each)``.

    >>> from graph.frequency import window_of
    >>> q2 = window_of(Period.QUARTER, date(2025, 5, 1))  # 91 days
    >>> prorated(1, q2, [Term("A", date(2025, 6, 1), None)])
    (1, 30, (('A', 30),))
    >>> prorated(3, window_of(Period.YEAR, date(2025, 1, 1)), [Term("A", date(2025, 9, 23), None)])
    (1, 100, (('A', 100),))
    >>> prorated(1, q2, [])
    (0, 0, ())
    """
    spans = sorted(
        (span, term.person) for term in terms if (span := term.days_in(window.start, window.end)) is not None
    )
    held, reach = 0, window.start - timedelta(days=1)
    shares: dict[str, int] = {}
    for (lo, hi), person in spans:
        shares[person] = shares.get(person, 0) + (hi - lo).days + 1
        if hi > reach:  # the days of this term no earlier term covered
            held += (hi - max(lo, reach + timedelta(days=1))).days + 1
            reach = hi
    return (
        -(-count * held // window_days(window)),
        held,
        tuple(sorted(shares.items(), key=lambda item: (-item[1], item[0]))),
    )


def shortfalls(
    freq: Frequency, windows: Sequence[Window], counts: Sequence[int], terms: Sequence[Term] | None, prorate: bool
) -> list[Shortfall]:
    """The short windows of a lead bearing whose counting records number
    ``counts`` (one per window); ``terms`` are a post's (None for an
    organization, never pro-rated). One rule for every implementation."""
    short = []
    for window, n in zip(windows, counts, strict=True):
        if n >= freq.count:
            continue
        if terms is None or not prorate:
            short.append(Shortfall(window, n, freq.count))
            continue
        required, held, shares = prorated(freq.count, window, terms)
        if n < required:
            partial = held < window_days(window)
            named = tuple((person, person, days) for person, days in shares) if partial else ()
            short.append(Shortfall(window, n, required, held if partial else None, named))
    return short


def window_days(window: Window) -> int:
    return (window.end - window.start).days + 1


def default_period(at: date) -> tuple[date, date]:
    """The period compliance is checked over by default: the last whole
    calendar year before ``at``."""
    return date(at.year - 1, 1, 1), date(at.year - 1, 12, 31)


def underperformed_duties(G: ResponsibilityGraph, *, start: date, end: date, prorate: bool = True) -> list[Finding]:
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
    # a duty's period and count by its row in the duty columns (a BEARS edge always ends at a duty)
    periods, period_values = codes(G, NodeLabel.DUTY, "frequency_period")
    count_codes, count_values = codes(G, NodeLabel.DUTY, "frequency_count")
    first, _ = core.spans[NodeLabel.DUTY]
    bears = core.edges[EdgeType.BEARS]
    leads = np.flatnonzero(bears.role == CODE[BearerRole.LEAD.value])
    leads = leads[periods[bears.dst[leads] - first] != 0]
    leads = leads[np.argsort(bears.dst[leads], kind="stable")]
    lead_row = bears.dst[leads] - first
    lead_period = periods[lead_row]
    lead_need = np.array([v or 0 for v in count_values], dtype=np.int64)[count_codes[lead_row]]
    by_record = _records(G)
    found: list[tuple[str, str, Finding]] = []
    for code in range(1, len(period_values)):
        freq_period = Period(period_values[code])
        windows = calendar_windows(freq_period, start, end)
        chosen = lead_period == code
        mine, need = leads[chosen], lead_need[chosen]
        if not windows or not len(mine):
            continue
        starts = np.array([w.start.toordinal() for w in windows])
        ends = np.array([w.end.toordinal() for w in windows])
        counts = _counts(core, bears, mine, by_record, starts, ends)
        is_org = core.labels[bears.src[mine]] == LABEL_CODE[NodeLabel.ORGANIZATION]
        short = counts < need[:, None]
        if prorate:  # a post vacant for part of a window owes its share of the window's days
            rows, w = np.nonzero(short & ~is_org[:, None])
            days = _held_days(core, bears.src[mine][rows], starts[w], ends[w])
            owed = -(-need[rows] * days // (ends[w] - starts[w] + 1))
            short[rows, w] = counts[rows, w] < owed
        hit = np.flatnonzero(short.any(axis=1))
        ids, kind = core.ids, FindingKind.UNDERPERFORMED_DUTY
        frequencies = {n: Frequency(freq_period, n) for n in set(need[hit].tolist())}
        for d, b, n, row_counts, org in zip(
            bears.dst[mine[hit]].tolist(),
            bears.src[mine[hit]].tolist(),
            need[hit].tolist(),
            counts[hit].tolist(),
            is_org[hit].tolist(),
            strict=True,
        ):
            duty, bearer = ids[d], ids[b]
            worded = partial(_worded, G, duty, bearer, frequencies[n], windows, row_counts, org, prorate)
            found.append((duty, bearer, Finding.deferred(kind, (duty, bearer), worded)))
    found.sort(key=lambda item: (item[0], item[1]))
    return [f for _, _, f in found]


def _worded(
    G: ResponsibilityGraph,
    duty: str,
    bearer: str,
    freq: Frequency,
    windows: Sequence[Window],
    counts: list[int],
    is_org: bool,
    prorate: bool,
) -> Finding:
    """The finding of a lead bearing the scan found short, with its short windows."""
    missed = shortfalls(freq, windows, counts, None if is_org else G.terms(bearer), prorate)
    return underperformed(G, duty, bearer, freq, missed)


def _held_days(
    core: GraphCore, posts: npt.NDArray[Any], starts: npt.NDArray[Any], ends: npt.NDArray[Any]
) -> npt.NDArray[np.int64]:
    """On how many days of ``[starts[i], ends[i]]`` (ordinals) somebody held
    ``posts[i]``: the union of its terms in the window, as :func:`prorated`
    counts it, for every ``i`` at once."""
    holds = core.edges[EdgeType.HOLDS]
    pair, pos = ranges(*holds.entering_spans(posts))
    e = holds.in_perm[pos]  # a post's terms oldest first, so still in order once clipped to the window
    first, last = starts[pair].astype(np.int64), ends[pair].astype(np.int64)
    lo = np.maximum(holds.start[e].astype(np.int64), first)
    hi = np.minimum(holds.end[e].astype(np.int64), last)
    hi = np.where(lo <= hi, hi, first - 1)  # a term outside the window adds nothing
    # the furthest day covered by the pair's earlier terms: a running maximum per pair,
    # kept from crossing into the next pair by an offset larger than any day
    offset = pair * (1 << 24)
    reach = np.maximum.accumulate(hi + offset) - offset
    before = np.empty_like(reach)
    before[1:] = reach[:-1]
    new_pair = np.ones(len(pair), dtype=bool)
    new_pair[1:] = pair[1:] != pair[:-1]
    before = np.where(new_pair, first - 1, np.maximum(before, first - 1))
    added = np.maximum(hi - np.maximum(lo, before + 1) + 1, 0)
    return np.bincount(pair, weights=added, minlength=len(posts)).astype(np.int64)


def _held(core: GraphCore, people: npt.NDArray[Any], posts: npt.NDArray[Any], days: npt.NDArray[Any]) -> Mask:
    """Whether each person held each post on each day (read from the HOLDS
    edges entering each post: a post has a few terms)."""
    holds = core.edges[EdgeType.HOLDS]
    owner, pos = ranges(*holds.entering_spans(posts))
    e, day = holds.in_perm[pos], days[owner]
    hit = (holds.src[e] == people[owner]) & (holds.start[e] <= day) & (day <= holds.end[e])
    return np.bincount(owner[hit], minlength=len(posts)) > 0


def _records(G: ResponsibilityGraph) -> tuple[npt.NDArray[Any], npt.NDArray[Any], npt.NDArray[Any]]:
    """Every performance record as (duty, day, performer), sorted by duty,
    handover records left out (a handover performs no duty); worked out once
    per graph."""

    def make() -> tuple[npt.NDArray[Any], npt.NDArray[Any], npt.NDArray[Any]]:
        core = G.core
        fulfils, performed = core.edges[EdgeType.FULFILS], core.edges[EdgeType.PERFORMED]
        lo, _ = core.spans[NodeLabel.RECORD]
        # a record's row in its columns is its index less the first record's
        performer = np.full(len(core.column(NodeLabel.RECORD, "date")), -1, dtype=np.int64)
        performer[performed.dst - lo] = performed.src
        day = ordinals(G, NodeLabel.RECORD, "date")
        counted = ~handover_mask(G)[fulfils.src - lo]
        order = np.argsort(fulfils.dst[counted], kind="stable")
        rec = fulfils.src[counted][order] - lo
        return fulfils.dst[counted][order], day[rec], performer[rec]

    return G.derived("compliance.records", make)


def _counts(
    core: GraphCore,
    bears: EdgeTable,
    leads: npt.NDArray[Any],
    by_record: tuple[npt.NDArray[Any], npt.NDArray[Any], npt.NDArray[Any]],
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
    counted = inside & is_org
    post = np.flatnonzero(inside & ~is_org)  # only these need the holder of the post that day
    counted[post] = _held(core, rec_person[rec[post]], bearer[post], day[post])
    flat = np.bincount(row[counted] * len(starts) + w[counted], minlength=len(leads) * len(starts))
    return flat.reshape(len(leads), len(starts))


def underperformed(G: ResponsibilityGraph, duty: str, bearer: str, freq: Frequency, short: list[Shortfall]) -> Finding:
    """The finding of a lead bearer short of a duty's frequency in the windows
    ``short`` (G need hold the duty, the bearer and the holders of pro-rated windows)."""
    short = [
        replace(s, shares=tuple((p, G.name(p) if p in G else p, days) for p, _, days in s.shares)) if s.shares else s
        for s in short
    ]
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
        {"period": freq.period, "required": freq.count, "windows": [s.as_dict() for s in short]},
    )


def unparsed_frequencies(G: ResponsibilityGraph) -> list[Finding]:
    """Duties whose frequency text names a requirement that could not be read."""
    return [unparsed_frequency(G, duty) for duty in _unparsed(G)]


def unparsed_frequency(G: ResponsibilityGraph, duty: str) -> Finding:
    """The finding of a duty whose frequency text could not be read."""
    return Finding(
        FindingKind.UNPARSED_FREQUENCY,
        (duty,),
        {"duty": short_text(G.name(duty)), "duty_id": duty, "frequency": G.attr(duty, "frequency")},
    )


def _unparsed(G: ResponsibilityGraph) -> list[str]:
    texts, values = codes(G, NodeLabel.DUTY, "frequency")
    periods, _ = codes(G, NodeLabel.DUTY, "frequency_period")
    stated = np.array([i for i, v in enumerate(values) if v], dtype=np.int32)
    duties = G.core.of_label(NodeLabel.DUTY)
    return sorted_ids(G.core, duties[np.isin(texts, stated) & (periods == 0)])


@bulk()  # findings are many small objects and no cycles
def compliance(G: ResponsibilityGraph, *, start: date, end: date, prorate: bool = True) -> list[Finding]:
    """Both compliance scans over ``[start, end]`` (inclusive), sorted."""
    return sort_findings([*underperformed_duties(G, start=start, end=end, prorate=prorate), *unparsed_frequencies(G)])
