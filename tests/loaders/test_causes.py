"""One cause, one report: a missing sheet is one problem, a bad row's knock-on
problems elsewhere are counted under it, repeated problems are grouped, and no
message names an exception class."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from graph.errors import LoadError
from loaders import load_dataset
from tests.helpers import copy_demo, edit_rows, folder_to_workbook


def _problems(source: Path) -> list:  # type: ignore[type-arg]
    with pytest.raises(LoadError) as caught:
        load_dataset(source)
    return caught.value.problems


def test_a_workbook_without_its_list_sheet_gives_one_grouped_problem(tmp_path: Path) -> None:
    book = folder_to_workbook(Path("data/demo"), tmp_path / "demo.xlsx")
    wb = openpyxl.load_workbook(book)
    del wb["责任清单"]
    wb.save(book)
    (problem,) = _problems(book)
    assert (problem.file, problem.row, problem.column, problem.code) == ("清单条款", 2, "清单编码", "none_of_label")
    assert problem.params["count"] == len(problem.rows) > 50
    assert problem.params["values"] == ["JY-2R", "SC-3L5P"]
    assert problem.caused > 0  # the records and cases naming those clauses, not listed
    zh, en = problem.message("zh"), problem.message("en")
    assert "责任清单" in zh and "未逐一列出" in zh and "responsibility list" in en


def test_a_bad_tenure_row_gives_no_knock_on_problem_in_another_file(tmp_path: Path) -> None:
    folder = copy_demo(tmp_path)

    def typo(rows):  # type: ignore[no-untyped-def]
        for row in rows:
            if row["person_id"] == "P017":  # P017 recorded meetings by clause, through this post
                row["person_id"] = "P0177"
        return rows

    edit_rows(folder, "tenures", typo)
    (problem,) = _problems(folder)
    assert (problem.file, problem.column, problem.code) == ("tenures.csv", "person_id", "unknown_ref")
    assert problem.caused == 3 and "3" in problem.message("zh")
    assert problem.as_dict()["caused"] == 3


def test_a_refused_tenure_cell_counts_the_records_it_left_unresolved(tmp_path: Path) -> None:
    folder = copy_demo(tmp_path)

    def bad(rows):  # type: ignore[no-untyped-def]
        for row in rows:
            if row["person_id"] == "P017":
                row["start"] = "2021年1月"
        return rows

    edit_rows(folder, "tenures", bad)
    (problem,) = _problems(folder)
    assert (problem.file, problem.code, problem.caused) == ("tenures.csv", "bad_date_format", 3)


def test_the_same_problem_in_many_rows_is_reported_once_with_its_rows(tmp_path: Path) -> None:
    folder = copy_demo(tmp_path)

    def union(rows):  # type: ignore[no-untyped-def]
        for row in rows[:6]:
            row["kind"] = "工会"
        return rows

    edit_rows(folder, "organizations", union)
    (problem,) = _problems(folder)
    assert problem.code == "bad_vocab" and problem.rows == (2, 3, 4, 5, 6, 7)
    assert "共 6 行" in problem.message("zh") and "2、3、4、5、6" in problem.message("zh")
    assert problem.as_dict()["rows"] == [2, 3, 4, 5, 6, 7]


@pytest.mark.parametrize("name", ["broken.zip", "broken.xlsx"])
@pytest.mark.parametrize("content", [b"not an archive at all", b"PK\x03\x04garbage"])
def test_a_damaged_file_is_explained_in_words_not_exception_names(tmp_path: Path, name: str, content: bytes) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    (problem,) = _problems(path)
    for lang in ("zh", "en"):
        text = problem.message(lang)
        assert "BadZip" not in text and "Error" not in text and "Exception" not in text, text
    assert "损坏" in problem.message("zh")
