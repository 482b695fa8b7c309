"""Frequency requirements (频次要求): free text parsed into a period and a count.

Only what the text states is taken: a calendar period (每月 / 每季度 / 每半年 /
每年) and a minimum count followed by 次 or 回. Text that names a frequency
this module cannot read unambiguously (no count, two periods, a range, 每两年,
定期) parses to :data:`UNPARSED`; it is kept and reported, never guessed.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from functools import lru_cache
from typing import Final

from graph.i18n import DEFAULT_LANG, Lang, t

__all__ = [
    "UNPARSED",
    "Frequency",
    "Period",
    "Window",
    "calendar_windows",
    "parse_chinese_number",
    "parse_frequency",
    "window_of",
]


class Period(StrEnum):
    """Calendar periods a requirement can name, with their length in months."""

    MONTH = "month"
    QUARTER = "quarter"
    HALF_YEAR = "half_year"
    YEAR = "year"

    @property
    def months(self) -> int:
        return {"month": 1, "quarter": 3, "half_year": 6, "year": 12}[self.value]


@dataclass(frozen=True, slots=True)
class Frequency:
    """At least ``count`` times in every calendar ``period``."""

    period: Period
    count: int

    def label(self, lang: Lang = DEFAULT_LANG) -> str:
        """The requirement as text.

        >>> Frequency(Period.QUARTER, 1).label()
        '每季度至少1次'
        """
        return t("frequency.text", lang, period=t(f"period.{self.period.value}", lang), count=self.count)

    localize = label


class _Unparsed:
    """Marker for text that names a frequency but cannot be read unambiguously."""

    _instance: _Unparsed | None = None

    def __new__(cls) -> _Unparsed:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "UNPARSED"

    def __bool__(self) -> bool:
        return False


UNPARSED: Final = _Unparsed()

_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_NUMERAL = r"\d+|[零〇一二两三四五六七八九十]+"
_PERIOD_RE = re.compile(r"每(?:一)?(?:个)?(?P<p>半年|季度|季|月|年度|年)")
_COUNT_RE = re.compile(rf"(?P<n>{_NUMERAL})(?:个)?(?:次|回)")
_RANGE_RE = re.compile(rf"(?:{_NUMERAL})\s*(?:-|~|—|至|到)\s*(?:{_NUMERAL})(?:次|回)")
_MULTI_YEAR_RE = re.compile(rf"每(?:{_NUMERAL})(?:个)?(?:年|月|季度)")
_PERIODS = {
    "半年": Period.HALF_YEAR,
    "季度": Period.QUARTER,
    "季": Period.QUARTER,
    "月": Period.MONTH,
    "年度": Period.YEAR,
    "年": Period.YEAR,
}


def parse_chinese_number(text: str) -> int | None:
    """Arabic or Chinese numerals up to 99.

    >>> [parse_chinese_number(s) for s in ("2", "一", "两", "十", "十二", "二十", "三十五", "百")]
    [2, 1, 2, 10, 12, 20, 35, None]
    """
    if text.isdigit():
        return int(text)
    if not text or any(ch not in _DIGITS and ch != "十" for ch in text):
        return None
    if "十" not in text:
        return _DIGITS[text] if len(text) == 1 else None
    tens, _, ones = text.partition("十")
    if len(tens) > 1 or len(ones) > 1 or "十" in ones:
        return None
    return (_DIGITS[tens] if tens else 1) * 10 + (_DIGITS[ones] if ones else 0)


@lru_cache(maxsize=4096)  # clause instances share their text: parse each text once
def parse_frequency(text: str | None) -> Frequency | _Unparsed | None:
    """Read a frequency requirement.

    Returns a :class:`Frequency`, ``None`` when the text is empty (no
    requirement), or :data:`UNPARSED` when it names one this function cannot
    read without guessing.

    Examples
    --------
    >>> parse_frequency("每季度至少召开1次")
    Frequency(period=<Period.QUARTER: 'quarter'>, count=1)
    >>> parse_frequency("每半年應當至少主持召開一次")
    Frequency(period=<Period.HALF_YEAR: 'half_year'>, count=1)
    >>> parse_frequency("每年不少于两次"), parse_frequency("")
    (Frequency(period=<Period.YEAR: 'year'>, count=2), None)
    >>> [parse_frequency(s) for s in ("定期", "每月召开", "每两年至少1次", "每年1-2次")]
    [UNPARSED, UNPARSED, UNPARSED, UNPARSED]
    >>> parse_frequency("每年不少于2次；每年到联系点不少于6次"), parse_frequency("每年听取2次，每年报告2次")
    (UNPARSED, Frequency(period=<Period.YEAR: 'year'>, count=2))
    """
    if text is None:
        return None
    norm = re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))
    if not norm:
        return None
    periods = _PERIOD_RE.findall(norm)
    if len(set(map(_PERIODS.get, periods))) != 1 or _MULTI_YEAR_RE.search(norm) or _RANGE_RE.search(norm):
        return UNPARSED
    marks = list(_PERIOD_RE.finditer(norm))
    counts: set[int | None] = set()
    for i, mark in enumerate(marks):  # the count each period mention states, up to the next one
        end = marks[i + 1].start() if i + 1 < len(marks) else len(norm)
        count_match = _COUNT_RE.search(norm, mark.end(), end)
        if count_match is not None or i == 0:
            counts.add(parse_chinese_number(count_match.group("n")) if count_match else None)
    if len(counts) != 1:
        return UNPARSED  # two different counts for one period: which one is meant is not said
    count = counts.pop()
    if not count:
        return UNPARSED
    return Frequency(_PERIODS[marks[0].group("p")], count)


@dataclass(frozen=True, slots=True, order=True)
class Window:
    """One calendar window, both ends inclusive."""

    start: date
    end: date
    period: Period

    def label(self, lang: Lang = DEFAULT_LANG) -> str:
        """The window's name.

        >>> Window(date(2025, 4, 1), date(2025, 6, 30), Period.QUARTER).label()
        '2025年第2季度'
        """
        y, m = self.start.year, self.start.month
        if self.period is Period.MONTH:
            return t("window.month", lang, year=y, month=f"{m:02d}" if lang == "en" else m)
        if self.period is Period.QUARTER:
            return t("window.quarter", lang, year=y, quarter=(m - 1) // 3 + 1)
        if self.period is Period.HALF_YEAR:
            return t("window.h1" if m == 1 else "window.h2", lang, year=y)
        return t("window.year", lang, year=y)


def _add_months(year: int, month: int, months: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + months
    return index // 12, index % 12 + 1


def window_of(period: Period, day: date) -> Window:
    """The calendar window of ``period`` that holds ``day``.

    >>> window_of(Period.HALF_YEAR, date(2025, 8, 15)).label("en")
    '2025 H2'
    """
    month = day.month - (day.month - 1) % period.months
    next_year, next_month = _add_months(day.year, month, period.months)
    last = date.max if next_year > date.max.year else date(next_year, next_month, 1) - timedelta(days=1)
    return Window(date(day.year, month, 1), last, period)


def calendar_windows(period: Period, start: date, end: date) -> list[Window]:
    """The calendar windows of ``period`` lying wholly inside ``[start, end]``.

    >>> [w.label("en") for w in calendar_windows(Period.QUARTER, date(2025, 2, 1), date(2025, 12, 31))]
    ['2025 Q2', '2025 Q3', '2025 Q4']
    >>> calendar_windows(Period.YEAR, date(2025, 1, 2), date(2025, 12, 31))
    []
    >>> [w.label("en") for w in calendar_windows(Period.HALF_YEAR, date(9999, 1, 1), date(9999, 12, 31))]
    ['9999 H1', '9999 H2']
    """
    step = period.months
    year, month = start.year, start.month - (start.month - 1) % step
    windows: list[Window] = []
    while True:
        next_year, next_month = _add_months(year, month, step)
        # the last day of the window (the calendar's last day stands in for "the day before year 10000")
        w_start = date(year, month, 1)
        w_end = date.max if next_year > date.max.year else date(next_year, next_month, 1) - timedelta(days=1)
        if w_end > end:
            return windows
        if w_start >= start:
            windows.append(Window(w_start, w_end, period))
        if w_end == date.max:
            return windows
        year, month = next_year, next_month
