"""The overlap sweep validation runs over terms and links (loaders.validate._overlapping),
read on the dates themselves, against the same sweep read on Intervals."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from graph.temporal import Interval
from loaders.validate import _overlapping

DAYS = [None, *(date(2024, 1, 1) + timedelta(days=i) for i in range(0, 30, 3))]


@dataclass(frozen=True)
class Term:
    n: int
    start: date | None
    end: date | None


def _on_intervals(items: list[Term]) -> Iterator[tuple[Term, Term]]:
    """The sweep as it was written before, on Interval objects."""
    ordered = sorted(items, key=lambda item: item.start or date.min)
    reach: Term | None = None
    for item in ordered:
        here = Interval(item.start, item.end)
        if reach is not None and Interval(reach.start, reach.end).overlaps(here):
            yield reach, item
        if reach is None or (item.end or date.max) > (reach.end or date.max):
            reach = item


@given(st.lists(st.tuples(st.sampled_from(DAYS), st.sampled_from(DAYS)), max_size=8))
def test_the_sweep_on_dates_finds_the_pairs_it_found_on_intervals(raw: list[tuple[date | None, date | None]]) -> None:
    items = [Term(i, a, b) if a is None or b is None or a <= b else Term(i, b, a) for i, (a, b) in enumerate(raw)]
    assert list(_overlapping(items)) == list(_on_intervals(items))
