"""Time: inclusive date intervals with an open end.

Every dated edge (HOLDS, OVERSEES, SUPERVISES) is in force on the days
``start <= d <= end``; a missing ``end`` means "still in force" and a missing
``start`` means "since before the records begin". One definition, used by the
loaders' checks, the graph's indexes and every analysis.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

__all__ = ["Interval", "day_text"]


def day_text(day: date | None) -> str:
    """A bound of an interval as text: ISO, or "…" when open."""
    return day.isoformat() if day else "…"


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
