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

from bisect import bisect_right
from dataclasses import dataclass
from datetime import date

from graph.errors import RespnetError
from graph.frequency import Frequency, Period, Window, calendar_windows
from graph.i18n import DEFAULT_LANG, Lang, t
from graph.model import ResponsibilityGraph
from graph.schema import BearerRole, NodeLabel
from queries.findings import Finding, FindingKind, sort_findings
from queries.labels import bearer_label, short_text

__all__ = ["compliance", "underperformed_duties", "unparsed_frequencies"]


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


def _check_range(start: date, end: date) -> None:
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
    _check_range(start, end)
    windows_of: dict[Period, list[Window]] = {}
    found = []
    for duty in G.ids(NodeLabel.DUTY):
        attrs = G.node(duty)
        period = attrs.get("frequency_period")
        if not period:
            continue
        freq = Frequency(Period(period), attrs["frequency_count"])
        windows = windows_of.setdefault(freq.period, calendar_windows(freq.period, start, end))
        if not windows:
            continue
        starts = [w.start for w in windows]
        leads = [b.source for b in G.bearers(duty) if b.role == BearerRole.LEAD]
        counts: dict[str, list[int]] = {bearer: [0] * len(windows) for bearer in leads}
        for rec in G.records_of(duty):
            day: date = G.node(rec.source)["date"]
            i = bisect_right(starts, day) - 1
            if i < 0 or day > windows[i].end:
                continue
            person = G.performer(rec.source)
            held = {h.target for h in G.posts_held_on(person, day)}
            for bearer in leads:
                if G.label(bearer) is NodeLabel.ORGANIZATION or bearer in held:
                    counts[bearer][i] += 1
        for bearer in leads:
            short = [
                Shortfall(w, n, freq.count) for w, n in zip(windows, counts[bearer], strict=True) if n < freq.count
            ]
            if short:
                found.append(
                    Finding(
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
                                {
                                    "start": s.window.start.isoformat(),
                                    "end": s.window.end.isoformat(),
                                    "actual": s.actual,
                                }
                                for s in short
                            ],
                        },
                    )
                )
    return found


def unparsed_frequencies(G: ResponsibilityGraph) -> list[Finding]:
    """Duties whose frequency text names a requirement that could not be read."""
    return [
        Finding(
            FindingKind.UNPARSED_FREQUENCY,
            (duty,),
            {"duty": short_text(G.name(duty)), "duty_id": duty, "frequency": G.node(duty)["frequency"]},
        )
        for duty in G.ids(NodeLabel.DUTY)
        if G.node(duty).get("frequency") and not G.node(duty).get("frequency_period")
    ]


def compliance(G: ResponsibilityGraph, *, start: date, end: date) -> list[Finding]:
    """Both compliance scans over ``[start, end]`` (inclusive), sorted."""
    return sort_findings([*underperformed_duties(G, start=start, end=end), *unparsed_frequencies(G)])
