"""Dates as people write them: year first with slashes, dots, unpadded hyphens or
年月日, and Excel serials, each read with one notice per column; ambiguous forms
(two-digit years, the year last) refused with the accepted forms listed."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from graph.errors import LoadError
from loaders import load_dataset
from loaders.cells import ACCEPTED_DATES, written_date
from loaders.rows import _from_serial, _iso_shaped
from tests.helpers import copy_demo, edit_rows


def _with_case_date(tmp_path: Path, written: str, also: str | None = None) -> Path:
    """The demo with case C2024-02 dated ``written`` (and C2025-03 ``also``)."""
    folder = copy_demo(tmp_path)

    def edit(rows):  # type: ignore[no-untyped-def]
        for row in rows:
            if row["id"] == "C2024-02":
                row["date"] = written
            if also and row["id"] == "C2025-03":
                row["date"] = also
        return rows

    edit_rows(folder, "cases", edit)
    return folder


@pytest.mark.parametrize(
    ("written", "meant"),
    [
        ("2024/3/20", date(2024, 3, 20)),
        ("2024/03/20", date(2024, 3, 20)),
        ("2024.3.20", date(2024, 3, 20)),
        ("2024-3-20", date(2024, 3, 20)),
        ("2024年3月20日", date(2024, 3, 20)),
        ("２０２４年３月２０日", date(2024, 3, 20)),
        ("45371", date(2024, 3, 20)),  # an Excel serial: a date cell formatted "General"
    ],
)
def test_a_date_written_the_usual_ways_is_read_with_one_notice(tmp_path: Path, written: str, meant: date) -> None:
    ds = load_dataset(_with_case_date(tmp_path, written, also=written))
    assert {c.id: c.date for c in ds.cases}["C2024-02"] == meant
    notices = [w for w in ds.warnings if w.file == "cases.csv" and w.column == "date"]
    assert len(notices) == 1, [w.render("en") for w in ds.warnings]  # one per column, however many cells
    assert notices[0].params["count"] == 2 and notices[0].params["before"] == written
    assert str(meant) in notices[0].message("zh")


@pytest.mark.parametrize("written", ["20/03/2024", "03/20/2024", "24/3/20", "20.3.2024", "24年3月20日"])
def test_an_ambiguous_date_is_refused_naming_the_accepted_forms(tmp_path: Path, written: str) -> None:
    with pytest.raises(LoadError) as caught:
        load_dataset(_with_case_date(tmp_path, written))
    (problem,) = caught.value.problems
    assert (problem.file, problem.row, problem.column, problem.code) == ("cases.csv", 3, "date", "ambiguous_date")
    for lang in ("zh", "en"):
        assert ACCEPTED_DATES in problem.message(lang) and written in problem.message(lang)
    assert "2024年7月1日" in ACCEPTED_DATES and "2024/7/1" in ACCEPTED_DATES


def test_a_date_that_is_no_date_is_refused_naming_the_accepted_forms(tmp_path: Path) -> None:
    with pytest.raises(LoadError) as caught:
        load_dataset(_with_case_date(tmp_path, "2024年3月"))
    (problem,) = caught.value.problems
    assert problem.code == "bad_date_format" and ACCEPTED_DATES in problem.message("zh")


def test_a_written_date_that_does_not_exist_is_refused_as_such(tmp_path: Path) -> None:
    with pytest.raises(LoadError) as caught:
        load_dataset(_with_case_date(tmp_path, "2024/2/30"))
    (problem,) = caught.value.problems
    assert problem.code == "bad_date" and "2024-02-30" in problem.message("zh")


def test_iso_dates_give_no_notice() -> None:
    ds = load_dataset("data/demo")
    assert not [w for w in ds.warnings if w.code in ("date_written", "excel_serial_date")]


_ISO = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_CELLS = st.lists(
    st.sampled_from(["", "2024-03-20", "2024-3-20", "2024/03/20", "45292", "2024-03-2０", "2024- 3-20", "2024-1- 15"])
    | st.text(alphabet="0123456789-/.年 ", max_size=11)
    | st.from_regex(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", fullmatch=True),
    max_size=6,
)


@given(_CELLS)
@example(["2024-03-2０"])  # a full-width digit
@example(["20240-3-20", "2024-03-20"])  # the dashes elsewhere
@example(["2024-03-2", "02024-03-20"])  # lengths that join into the pattern
@example(["2024-03-2x"])  # a letter
@example(["2024-1- 15"])  # a written date ten long
def test_a_column_is_passed_over_only_when_every_cell_is_iso(texts: list[str]) -> None:
    # the fast check that lets a date column skip both rewrites: exactly "every cell
    # empty or dddd-dd-dd", and then neither rewrite would have changed a cell
    assert _iso_shaped(texts) == all(t == "" or _ISO.fullmatch(t) for t in texts)
    if _iso_shaped(texts):
        assert all(written_date(t) is None and _from_serial(t) is None for t in texts)
