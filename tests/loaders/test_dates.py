"""Dates as people write them: year first with slashes, dots, unpadded hyphens or
年月日, and Excel serials, each read with one notice per column; ambiguous forms
(two-digit years, the year last) refused with the accepted forms listed."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from graph.errors import LoadError
from loaders import load_dataset
from loaders.cells import ACCEPTED_DATES
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
