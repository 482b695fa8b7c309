from __future__ import annotations

from datetime import date
from itertools import pairwise

import pytest

from graph.frequency import UNPARSED, Frequency, Period, calendar_windows, parse_frequency

Q, H, Y, M = Period.QUARTER, Period.HALF_YEAR, Period.YEAR, Period.MONTH


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("每季度至少1次", Frequency(Q, 1)),
        ("每季度至少召开1次机关党委委员会议", Frequency(Q, 1)),
        ("每半年至少一次", Frequency(H, 1)),
        ("每年不少于1次", Frequency(Y, 1)),
        ("每年至少听取2次", Frequency(Y, 2)),
        ("每半年至少主持召开1次", Frequency(H, 1)),
        ("每月至少召开一次支委会", Frequency(M, 1)),
        ("每个季度不少于两次", Frequency(Q, 2)),
        ("每年度开展十二次", Frequency(Y, 12)),
        # the seeds' own wording, traditional characters as scraped (004)
        ("每半年應當至少主持召開1次黨組(黨委)會議", Frequency(H, 1)),
        ("機關紀委書記每半年至少聽取1次黨支部(總支)紀檢委員工作匯報", Frequency(H, 1)),
        # full-width digits and spaces
        ("每季度 至少 １ 次", Frequency(Q, 1)),
        ("", None),
        ("   ", None),
        (None, None),
        ("定期开展", UNPARSED),
        ("每月召开", UNPARSED),  # a period but no count: never guessed
        ("每两年至少1次", UNPARSED),
        ("每年1-2次", UNPARSED),
        ("每季度至少1次，每年不少于6次", UNPARSED),
        ("至少1次", UNPARSED),
        ("每年0次", UNPARSED),
    ],
)
def test_parse_frequency(text, expected) -> None:  # type: ignore[no-untyped-def]
    assert parse_frequency(text) == expected


def test_calendar_windows_lie_wholly_inside_the_range() -> None:
    windows = calendar_windows(Q, date(2025, 1, 15), date(2025, 12, 30))
    assert [(w.start, w.end) for w in windows] == [
        (date(2025, 4, 1), date(2025, 6, 30)),
        (date(2025, 7, 1), date(2025, 9, 30)),
    ]


@pytest.mark.parametrize(("period", "count"), [(M, 24), (Q, 8), (H, 4), (Y, 2)])
def test_calendar_windows_tile_whole_years(period: Period, count: int) -> None:
    windows = calendar_windows(period, date(2024, 1, 1), date(2025, 12, 31))
    assert len(windows) == count
    assert windows[0].start == date(2024, 1, 1) and windows[-1].end == date(2025, 12, 31)
    assert all(a.end.toordinal() + 1 == b.start.toordinal() for a, b in pairwise(windows))


def test_window_labels_in_both_languages() -> None:
    [h2] = calendar_windows(H, date(2025, 7, 1), date(2025, 12, 31))
    assert (h2.label("zh"), h2.label("en")) == ("2025年下半年", "2025 H2")
    [feb] = calendar_windows(M, date(2024, 2, 1), date(2024, 2, 29))
    assert (feb.label("zh"), feb.label("en"), feb.end) == ("2024年2月", "2024-02", date(2024, 2, 29))
