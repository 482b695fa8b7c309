"""Time: inclusive date intervals with an open end.

Every dated edge (HOLDS, OVERSEES, SUPERVISES) is in force on the days
``start <= d <= end``; a missing ``end`` means "still in force" and a missing
``start`` means "since before the records begin". One definition, used by the
loaders' checks, the graph's indexes and every analysis.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from graph.errors import RespnetError

__all__ = ["Interval", "Term", "check_range", "day_text", "iso_utc", "local_time", "uncovered"]


def day_text(day: date | None) -> str:
    """A bound of an interval as text: ISO, or "…" when open."""
    return day.isoformat() if day else "…"


def local_time(moment: datetime) -> str:
    """A stored moment as the machine's clock shows it, to the minute (a moment
    without a zone is UTC: SQLite hands them back so).

    >>> local_time(datetime(2026, 12, 2, 1, 30)) == local_time(datetime(2026, 12, 2, 1, 30, tzinfo=UTC))
    True
    """
    return _aware(moment).astimezone().strftime("%Y-%m-%d %H:%M")


def iso_utc(moment: datetime) -> str:
    """A stored moment in ISO 8601 with its zone, in UTC (for JSON).

    >>> iso_utc(datetime(2026, 12, 2, 21, 44, 38))
    '2026-12-02T21:44:38+00:00'
    """
    return _aware(moment).astimezone(UTC).isoformat()


def _aware(moment: datetime) -> datetime:
    """A moment with its zone; one without is UTC (SQLite hands them back so)."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


@dataclass(frozen=True, slots=True)
class Interval:
    """The days from ``start`` to ``end``, both included; ``None`` is unbounded.

    Examples
    --------
    >>> term = Interval(date(2021, 7, 1), date(2024, 6, 30))
    >>> term.contains(date(2024, 6, 30)), term.contains(date(2024, 7, 1))
    (True, False)
    >>> term.overlaps(Interval(date(2024, 6, 30), None))
    True
    >>> Interval(date(2024, 7, 1), None).contains(date(2099, 1, 1))
    True
    """

    start: date | None = None
    end: date | None = None

    def contains(self, day: date) -> bool:
        """Whether the interval is in force on ``day``."""
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)

    def overlaps(self, other: Interval) -> bool:
        """Whether some day lies in both intervals."""
        return (self.start is None or other.end is None or self.start <= other.end) and (
            other.start is None or self.end is None or other.start <= self.end
        )

    def intersection(self, other: Interval) -> Interval | None:
        """The days in both intervals, or None when they do not overlap.

        >>> Interval(date(2021, 1, 1), None).intersection(Interval(None, date(2022, 6, 30)))
        Interval(start=datetime.date(2021, 1, 1), end=datetime.date(2022, 6, 30))
        """
        if not self.overlaps(other):
            return None
        starts = [d for d in (self.start, other.start) if d]
        ends = [d for d in (self.end, other.end) if d]
        return Interval(max(starts) if starts else None, min(ends) if ends else None)

    def text(self) -> str:
        """The interval as ``start~end``, open bounds as "…".

        >>> Interval(date(2024, 7, 1)).text()
        '2024-07-01~…'
        """
        return f"{day_text(self.start)}~{day_text(self.end)}"

    def is_valid(self) -> bool:
        """False when the end lies before the start."""
        return self.start is None or self.end is None or self.start <= self.end

    def as_dict(self) -> dict[str, str | None]:
        """ISO strings for JSON; ``None`` stays ``None``."""
        return {
            "start": self.start.isoformat() if self.start else None,
            "end": self.end.isoformat() if self.end else None,
        }


def uncovered(span: Interval | None, covers: list[Interval] | tuple[Interval, ...]) -> Interval | None:
    """The days of ``span`` no interval of ``covers`` holds, as one interval from
    the first such day to the last (None when every day is covered). An open
    ``span`` counts as uncovered only when nothing covers any of it.

    >>> term = Interval(date(2024, 1, 1), date(2024, 6, 30))
    >>> uncovered(term, [Interval(None, date(2023, 12, 31)), Interval(date(2024, 3, 1), None)])
    Interval(start=datetime.date(2024, 1, 1), end=datetime.date(2024, 2, 29))
    >>> uncovered(term, [Interval(date(2020, 1, 1), None)]) is None
    True
    """
    if span is None or span.start is None or span.end is None:
        return span if span is not None and not any(c.overlaps(span) for c in covers) else None
    first: date | None = None
    last: date | None = None
    day: date | None = span.start  # the first day not yet known to be covered (None: none is left)
    for c in sorted((c for c in covers if c.overlaps(span)), key=lambda c: c.start or date.min):
        assert day is not None
        if c.start is not None and c.start > day:  # a gap before this cover
            first = first or day
            last = min(date.fromordinal(c.start.toordinal() - 1), span.end)
        if c.end is None or c.end >= span.end:
            day = None
            break
        day = max(day, date.fromordinal(c.end.toordinal() + 1))
    if day is not None and day <= span.end:  # a gap after the last cover
        first, last = first or day, span.end
    return Interval(first, last) if first is not None else None


def check_range(start: date, end: date) -> None:
    """Refuse a range whose start lies after its end."""
    if start > end:
        raise RespnetError("error.bad_range", start=start, end=end)


@dataclass(frozen=True, slots=True)
class Term:
    """One term of a post: who held it, from, to (None: open)."""

    person: str
    start: date | None
    end: date | None

    @property
    def interval(self) -> Interval:
        return Interval(self.start, self.end)

    def covers(self, day: date) -> bool:
        return self.interval.contains(day)

    def days_in(self, first: date, last: date) -> tuple[date, date] | None:
        """The days of ``[first, last]`` the term covers, or None."""
        both = self.interval.intersection(Interval(first, last))
        return (both.start or first, both.end or last) if both else None
