"""Bad input: every problem reported at once, located as file:row:column, in
Chinese and English, and nothing loaded."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest

from graph.errors import DataSourceError, LoadError
from loaders import load_dataset
from tests.helpers import DEMO as DEMO_FOLDER
from tests.helpers import copy_demo, edit_rows, folder_to_workbook, read_rows, write_rows


def set_cell(table: str, row_id: tuple[str, str], column: str, value: str) -> Callable[[Path], None]:
    """Set ``column`` to ``value`` in the row whose ``row_id[0]`` column is ``row_id[1]``."""
    key, wanted = row_id

    def mutate(folder: Path) -> None:
        def edit(rows):  # type: ignore[no-untyped-def]
            hits = [r for r in rows if r[key] == wanted]
            assert hits, (table, row_id)
            hits[0][column] = value
            return rows

        edit_rows(folder, table, edit)

    return mutate


def append_row(table: str, row: dict[str, str]) -> Callable[[Path], None]:
    def mutate(folder: Path) -> None:
        edit_rows(folder, table, lambda rows: [*rows, row])

    return mutate


def line_of(folder: Path, table: str, key: str, value: str) -> int:
    """The spreadsheet row (header = 1) of the first row whose ``key`` is ``value``."""
    for i, row in enumerate(read_rows(folder / f"{table}.csv"), start=2):
        if row[key] == value:
            return i
    raise AssertionError(value)


def delete(name: str) -> Callable[[Path], None]:
    return lambda folder: (folder / name).unlink()


def drop_column(table: str, column: str) -> Callable[[Path], None]:
    def mutate(folder: Path) -> None:
        rows = read_rows(folder / f"{table}.csv")
        write_rows(folder / f"{table}.csv", rows, [k for k in rows[0] if k != column])

    return mutate


def reencode(table: str, encoding: str) -> Callable[[Path], None]:
    def mutate(folder: Path) -> None:
        path = folder / f"{table}.csv"
        path.write_bytes(path.read_text("utf-8").encode(encoding))

    return mutate


def corrupt_line(table: str, line: int, junk: bytes) -> Callable[[Path], None]:
    """Put bytes no text encoding reads at the start of ``line`` (1-based)."""

    def mutate(folder: Path) -> None:
        path = folder / f"{table}.csv"
        lines = path.read_bytes().split(b"\n")
        lines[line - 1] = junk + lines[line - 1]
        path.write_bytes(b"\n".join(lines))

    return mutate


@pytest.mark.parametrize("encoding", ["gbk", "gb18030", "utf-16", "utf-8-sig"])
def test_other_encodings_excel_writes_are_read_with_a_notice(tmp_path: Path, encoding: str) -> None:
    folder = copy_demo(tmp_path)
    for table in ("people", "organizations"):
        reencode(table, encoding)(folder)
    loaded = load_dataset(folder)
    assert loaded.people == load_dataset(DEMO_FOLDER).people
    notices = [w for w in loaded.warnings if w.code == "read_as_encoding"]
    if encoding.startswith("gb"):
        assert sorted(w.file for w in notices) == ["organizations.csv", "people.csv"]
        assert "GB18030" in notices[0].render("zh") and "GB18030" in notices[0].render("en")
    else:
        assert not notices


def edit_yaml(old: str, new: str) -> Callable[[Path], None]:
    def mutate(folder: Path) -> None:
        path = folder / "lists" / "sc-3l5p.yaml"
        text = path.read_text("utf-8")
        assert old in text
        path.write_text(text.replace(old, new, 1), "utf-8")

    return mutate


# (name, mutation, expected code, file, row (int, or (table, key, value) to look up), column, words in the message)
CASES = [
    (
        "unknown person in a tenure",
        set_cell("tenures", ("person_id", "P009"), "person_id", "P999"),
        "unknown_ref",
        "tenures.csv",
        ("tenures", "position_id", "JY-JW-S"),
        "person_id",
        "P999",
    ),
    (
        "duplicate organization id",
        append_row("organizations", {"id": "CZ", "name": "重复", "kind": "unit"}),
        "duplicate_id",
        "organizations.csv",
        36,
        "id",
        "organizations.csv:6",
    ),
    (
        "parent cycle",
        set_cell("organizations", ("id", "JY"), "parent_id", "XK-V1"),
        "parent_cycle",
        "organizations.csv",
        2,
        "parent_id",
        "XK-V1 → XK",
    ),
    (
        "end before start",
        set_cell("tenures", ("position_id", "JY-M3"), "end", "2020-05-01"),
        "end_before_start",
        "tenures.csv",
        ("tenures", "position_id", "JY-M3"),
        "end",
        "2020-05-01",
    ),
    (
        "date that is not a date",
        set_cell("cases", ("id", "C2024-02"), "date", "2024年3月"),
        "bad_date_format",
        "cases.csv",
        3,
        "date",
        "2024/7/1",
    ),
    (
        "date with the year last",
        set_cell("cases", ("id", "C2024-02"), "date", "20/03/2024"),
        "ambiguous_date",
        "cases.csv",
        3,
        "date",
        "2024年7月1日",
    ),
    (
        "date that does not exist",
        set_cell("tenures", ("position_id", "JY-M3"), "start", "2021-02-30"),
        "bad_date",
        "tenures.csv",
        ("tenures", "position_id", "JY-M3"),
        "start",
        "2021-02-30",
    ),
    (
        "unknown organization kind",
        set_cell("organizations", ("id", "TJ"), "kind", "工会"),
        "bad_vocab",
        "organizations.csv",
        18,
        "kind",
        "party_committee（党委）",
    ),
    (
        "two secretaries at once",
        append_row("tenures", {"person_id": "P003", "position_id": "XK-S", "start": "2024-06-01", "end": ""}),
        "two_holders",
        "tenures.csv",
        ("tenures", "person_id", "P036"),
        "start",
        "tenures.csv:61",
    ),
    (
        "a case's organizations only separators (found by the fuzz test)",
        set_cell("cases", ("id", "C2024-02"), "org_id", ";;"),
        "required",
        "cases.csv",
        3,
        "org_id",
        "必填",
    ),
    (
        "empty required cell",
        set_cell("people", ("id", "P020"), "name", ""),
        "required",
        "people.csv",
        21,
        "name",
        "必填",
    ),
    (
        "missing required column",
        drop_column("positions", "role"),
        "missing_column",
        "positions.csv",
        1,
        "role（岗位类别）",
        "缺少",
    ),
    ("missing required table", delete("organizations.csv"), "missing_table", "organizations.csv", None, None, "组织"),
    (
        "person as a bearer",
        set_cell("assignments", ("duty_id", "D-TJ-01"), "bearer_id", "P032"),
        "wrong_ref",
        "assignments.csv",
        11,
        "bearer_id",
        "人员",
    ),
    (
        "duty decomposition cycle",
        set_cell("duties", ("id", "D-JY-01"), "parent_id", "D-JY-01-CZ"),
        "duty_cycle",
        "duties.csv",
        2,
        "parent_id",
        "D-JY-01",
    ),
    (
        "record whose clause nobody held",
        set_cell("records", ("id", "R019"), "person_id", "P020"),
        "record_clause_unresolved",
        "records.csv",
        20,
        "duty_id",
        "JY-2R/10",
    ),
    (
        "unknown breached duty",
        set_cell("cases", ("id", "C2026-05"), "breached_duty_ids", "D-TJ-01;D-NONE"),
        "unknown_ref",
        "cases.csv",
        6,
        "breached_duty_ids",
        "D-NONE",
    ),
    (
        "decision on an unknown case",
        set_cell("decisions", ("target_id", "P043"), "case_id", "C1999-01"),
        "unknown_ref",
        "decisions.csv",
        5,
        "case_id",
        "C1999-01",
    ),
    (
        "self supervision",
        set_cell("supervision", ("org_id", "JY"), "org_id", "JY-JW"),
        "self_supervision",
        "supervision.csv",
        2,
        "org_id",
        "JY-JW",
    ),
    (
        "bad vocabulary in a template",
        edit_yaml('clause: "44", kind: first_responsible', 'clause: "44", kind: 主要责任'),
        "bad_vocab",
        "lists/sc-3l5p.yaml",
        61,
        "kind",
        "主要责任",
    ),
    (
        "template with a yaml syntax error",
        edit_yaml("clauses:\n", "clauses: [\n"),
        "yaml_syntax",
        "lists/sc-3l5p.yaml",
        12,
        None,
        "YAML",
    ),
    ("neither UTF-8 nor GB18030", corrupt_line("people", 2, b"\xff\xfe"), "not_utf8", "people.csv", 2, None, "GB18030"),
    (
        "UTF-16 mark, not UTF-16",
        lambda f: (f / "people.csv").write_bytes(b"\xff\xfeP\x00\x00\xd8"),
        "bad_encoding",
        "people.csv",
        1,
        None,
        "UTF-16",
    ),
    (
        "duplicate assignment",
        append_row("assignments", {"duty_id": "D-TJ-01", "bearer_id": "TJ-S", "role": "配合"}),
        "duplicate_assignment",
        "assignments.csv",
        13,
        "bearer_id",
        "assignments.csv:11",
    ),
]


@pytest.mark.parametrize(("name", "mutate", "code", "file", "row", "column", "words"), CASES, ids=[c[0] for c in CASES])
def test_each_bad_input_is_reported_precisely_and_nothing_loads(  # type: ignore[no-untyped-def]
    tmp_path, name, mutate, code, file, row, column, words
) -> None:
    folder = copy_demo(tmp_path)
    if isinstance(row, tuple):
        row = line_of(folder, *row)
    mutate(folder)
    with pytest.raises(LoadError) as caught:
        load_dataset(folder)
    matches = [p for p in caught.value.problems if p.code == code]
    assert matches, [p.render() for p in caught.value.problems]
    problem = matches[0]
    assert (problem.file, problem.row, problem.column) == (file, row, column), problem.render()
    both = problem.render()
    assert words in both
    zh, en = problem.message("zh"), problem.message("en")
    assert zh != en and zh in both and en in both
    assert both.startswith(f"{file}:{row if row is not None else '-'}:{column or '-'}: ")


def test_a_derived_decision_id_that_clashes_is_a_load_problem(tmp_path: Path) -> None:
    folder = copy_demo(tmp_path)
    append_row("duties", {"id": "C2026-05/P033/direct", "text": "撞号", "kind": "principal"})(folder)
    append_row("decisions", {"case_id": "C2026-05", "target_id": "P033", "role": "direct"})(folder)
    with pytest.raises(LoadError) as caught:
        load_dataset(folder)
    assert [(p.file, p.row, p.code) for p in caught.value.problems] == [("decisions.csv", 19, "duplicate_id")]


def test_distinct_bad_inputs_get_distinct_messages() -> None:
    assert len({c[2] for c in CASES}) >= 10


def test_one_mistake_is_reported_once_not_through_every_row_that_refers_to_it(tmp_path: Path) -> None:
    folder = copy_demo(tmp_path)
    set_cell("organizations", ("id", "TJ"), "kind", "工会")(folder)  # TJ has posts, oversight, a case ...
    set_cell("tenures", ("person_id", "P017"), "start", "2021/13/01")(folder)  # P017 made records by clause
    with pytest.raises(LoadError) as caught:
        load_dataset(folder)
    assert [(p.file, p.code) for p in caught.value.problems] == [
        ("organizations.csv", "bad_vocab"),
        ("tenures.csv", "bad_date"),
    ]


def test_every_problem_is_reported_at_once_in_file_order(tmp_path: Path) -> None:
    folder = copy_demo(tmp_path)
    for mutate in (
        set_cell("people", ("id", "P020"), "name", ""),
        set_cell("tenures", ("person_id", "P009"), "person_id", "P999"),
        set_cell("organizations", ("id", "TJ"), "kind", "工会"),
        set_cell("cases", ("id", "C2024-02"), "date", "2024年3月"),
    ):
        mutate(folder)
    with pytest.raises(LoadError) as caught:
        load_dataset(folder)
    problems = caught.value.problems
    assert [p.file for p in problems] == sorted(p.file for p in problems)
    assert {p.code for p in problems} >= {"required", "unknown_ref", "bad_vocab", "bad_date_format"}
    report = caught.value.report()
    assert report.splitlines()[0].startswith("数据未通过校验")
    assert len(report.splitlines()) == len(problems) + 1


def test_workbook_problems_name_the_sheet(tmp_path: Path) -> None:
    book = folder_to_workbook(copy_demo(tmp_path), tmp_path / "bad.xlsx", chinese=True)
    wb = openpyxl.load_workbook(book)
    ws = wb["任职"]
    headers = [c.value for c in ws[1]]
    ws.cell(row=5, column=headers.index("终止日期") + 1, value="2000-01-01")
    wb.save(book)
    with pytest.raises(LoadError) as caught:
        load_dataset(book)
    [problem] = caught.value.problems
    assert (problem.file, problem.row, problem.column, problem.code) == ("任职", 5, "终止日期", "end_before_start")


def test_excel_dates_and_numeric_ids_are_read_as_text(tmp_path: Path) -> None:
    import datetime

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "组织"
    ws.append(["编码", "名称", "类型"])
    ws.append([101, "某局", "单位"])
    ws2 = wb.create_sheet("岗位")
    ws2.append(["编码", "所属组织", "职务名称", "岗位类别"])
    ws2.append([201, 101, "局长", "书记"])
    ws3 = wb.create_sheet("人员")
    ws3.append(["编码", "姓名"])
    ws3.append([301, "某人"])
    ws4 = wb.create_sheet("任职")
    ws4.append(["人员编码", "岗位编码", "起始日期", "终止日期"])
    ws4.append([301, 201, datetime.datetime(2022, 3, 1), None])
    wb.save(tmp_path / "n.xlsx")
    ds = load_dataset(tmp_path / "n.xlsx")
    assert ds.tenures[0].start == datetime.date(2022, 3, 1) and ds.positions[0].org_id == "101"


@pytest.mark.parametrize(
    ("make", "code"),
    [
        (lambda p: p.write_bytes(b"PK\x03\x04 not really a zip"), "bad_workbook"),
        (lambda p: p.write_text("id,name\n", "utf-8"), "bad_workbook"),
    ],
)
def test_a_file_that_is_not_a_workbook(tmp_path: Path, make, code) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "x.xlsx"
    make(path)
    with pytest.raises(LoadError) as caught:
        load_dataset(path)
    assert [p.code for p in caught.value.problems] == [code]


def test_missing_path_and_wrong_kind_of_path(tmp_path: Path) -> None:
    with pytest.raises(DataSourceError, match="找不到数据源"):
        load_dataset(tmp_path / "nope")
    (tmp_path / "notes.txt").write_text("x", "utf-8")
    with pytest.raises(DataSourceError, match="Unrecognised data source"):
        load_dataset(tmp_path / "notes.txt")


def test_unknown_columns_and_files_are_reported_not_lost(tmp_path: Path) -> None:
    folder = copy_demo(tmp_path)
    rows = read_rows(folder / "people.csv")
    for r in rows:
        r["备注"] = "x"
    write_rows(folder / "people.csv", rows)
    (folder / "notes.csv").write_text("a\n1\n", "utf-8")
    ds = load_dataset(folder)
    found = {(w.file, w.code, w.column) for w in ds.warnings}
    assert ("people.csv", "unknown_column", "备注") in found
    assert ("notes.csv", "unknown_file", None) in found


def test_full_width_and_padded_ids_are_read_in_standard_form_with_a_notice(tmp_path: Path) -> None:
    folder = copy_demo(tmp_path)
    people = read_rows(folder / "people.csv")
    first = people[0]["id"]
    wide = "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in first)  # ASCII → full-width
    people[0]["id"] = f" {wide}\u3000"
    write_rows(folder / "people.csv", people, list(people[0]))
    loaded = load_dataset(folder)
    assert [p.id for p in loaded.people] == [p.id for p in load_dataset(DEMO_FOLDER).people]
    (notice,) = [w for w in loaded.warnings if w.code == "id_folded"]
    assert (notice.file, notice.row, notice.params["count"], notice.params["after"]) == ("people.csv", 2, 1, first)
    assert wide in notice.render("zh") and first in notice.render("en")
