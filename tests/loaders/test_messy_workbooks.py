"""Hand-made spreadsheets as offices send them: formulas (with and without the
values Excel saves), headers over two rows under merged cells, dates kept as
Excel serial numbers, files over the size limit, and thousands of empty but
formatted rows. Each loads whole with a notice, or is refused with a message
naming the cell — never half-loaded, never silently read as empty."""

from __future__ import annotations

import io
import re
import time
import zipfile
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from openpyxl.styles import PatternFill

import loaders.workbook
from graph.errors import DataSourceError, LoadError, ProblemCode, Severity
from loaders import load_dataset
from tests.helpers import DEMO, copy_demo, folder_to_workbook, read_rows, write_rows


@pytest.fixture(scope="module")
def demo_book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return folder_to_workbook(DEMO, tmp_path_factory.mktemp("book") / "江屿.xlsx")


def _edit(book: Path, out: Path, sheet: str, edit) -> Path:  # type: ignore[no-untyped-def]
    wb = openpyxl.load_workbook(book)
    edit(wb[sheet])
    wb.save(out)
    return out


def _codes(problems) -> list[ProblemCode]:  # type: ignore[no-untyped-def]
    return [p.code for p in problems]


def _saved_values(path: Path, values: dict[str, str]) -> None:
    """Give formula cells the values Excel would have saved with them (openpyxl
    writes formulas without values, as any program does)."""
    with zipfile.ZipFile(path) as z:
        members = {n: z.read(n) for n in z.namelist()}
    for name, data in members.items():
        if name.startswith("xl/worksheets/sheet"):
            text = data.decode("utf-8")
            for ref, value in values.items():
                text = re.sub(
                    rf'<c r="{ref}"([^>]*)><f>(.*?)</f><v\s*/?>(?:</v>)?',
                    lambda m, r=ref, v=value: f'<c r="{r}"{m.group(1)} t="str"><f>{m.group(2)}</f><v>{v}</v>',
                    text,
                )
            members[name] = text.encode("utf-8")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            z.writestr(name, data)


# ---------------------------------------------------------------- formulas
def test_a_formula_without_a_saved_value_is_an_error_naming_the_cell(demo_book: Path, tmp_path: Path) -> None:
    def formula(ws):  # type: ignore[no-untyped-def]
        ws["A3"] = '="P"&"002"'  # 人员 sheet, second person's id

    book = _edit(demo_book, tmp_path / "公式.xlsx", "人员", formula)
    with pytest.raises(LoadError) as caught:
        load_dataset(book)
    [p] = [p for p in caught.value.problems if p.code is ProblemCode.FORMULA_NO_VALUE]
    assert (p.file, p.row, p.column) == ("人员", 3, "A")
    assert '="P"&"002"' in p.message("zh") and "Excel" in p.message("zh") and "formula" in p.message("en")


def test_a_formula_with_its_saved_value_is_read_as_that_value(demo_book: Path, tmp_path: Path) -> None:
    def formula(ws):  # type: ignore[no-untyped-def]
        ws["A3"] = '="P"&"002"'
        ws["B3"] = '=UPPER("王")'

    book = _edit(demo_book, tmp_path / "公式.xlsx", "人员", formula)
    original = {r["id"]: r["name"] for r in read_rows(DEMO / "people.csv")}
    _saved_values(book, {"A3": "P002", "B3": original["P002"]})
    ds = load_dataset(book)
    assert {p.id: p.name for p in ds.people} == original
    [w] = [w for w in ds.warnings if w.code is ProblemCode.FORMULA_VALUES]
    assert (w.file, w.row, w.severity) == ("人员", 3, Severity.WARNING)
    assert "2" in w.message("zh") and "P002" in w.message("zh")


# ---------------------------------------------------------------- merged header cells
def _two_row_header(ws) -> None:  # type: ignore[no-untyped-def]
    """任职 sheet: 人员编码 | 岗位编码 | 任职期间 (merged over two columns), then
    起始日期 | 终止日期 under it; the first two merged down over both rows."""
    ws.insert_rows(1)
    for col, text in ((1, "人员编码"), (2, "岗位编码"), (3, "任职期间")):
        ws.cell(1, col, text)
    ws.cell(2, 1, None)
    ws.cell(2, 2, None)
    ws.merge_cells("A1:A2")
    ws.merge_cells("B1:B2")
    ws.merge_cells("C1:D1")


def test_a_header_over_two_rows_under_merged_cells_is_read_as_one(demo_book: Path, tmp_path: Path) -> None:
    book = _edit(demo_book, tmp_path / "两行表头.xlsx", "任职", _two_row_header)
    ds = load_dataset(book)
    expected = load_dataset(demo_book)
    assert ds.tenures == expected.tenures
    [w] = [w for w in ds.warnings if w.code is ProblemCode.SUBHEADER_MERGED]
    assert (w.file, w.row) == ("任职", 2) and "起始日期" in w.message("zh")


@pytest.mark.parametrize("arrow", [False, True])
def test_a_csv_saved_from_such_a_sheet_reads_the_same(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, arrow: bool
) -> None:
    if arrow:
        monkeypatch.setattr(loaders.readers, "ARROW_MIN_BYTES", 0)
    folder = copy_demo(tmp_path / "csv")
    rows = read_rows(folder / "tenures.csv")
    lines = ["person_id,position_id,任职期间,,capacity", ",,start,end,"]
    lines += [f"{r['person_id']},{r['position_id']},{r['start']},{r['end']},{r['capacity']}" for r in rows]
    (folder / "tenures.csv").write_text("\n".join(lines) + "\n", "utf-8")
    ds = load_dataset(folder)
    assert ds.tenures == load_dataset(DEMO).tenures
    [w] = [w for w in ds.warnings if w.code is ProblemCode.SUBHEADER_MERGED]
    assert w.row == 2


def test_a_data_row_under_the_header_is_not_taken_for_a_second_header(tmp_path: Path) -> None:
    # the first data row is data even when it has few cells: only column names make a second header row
    ds = load_dataset(DEMO)
    assert not [w for w in ds.warnings if w.code is ProblemCode.SUBHEADER_MERGED]


# ---------------------------------------------------------------- Excel serial dates
def test_dates_kept_as_excel_serial_numbers_are_read_as_dates(demo_book: Path, tmp_path: Path) -> None:
    def serials(ws):  # type: ignore[no-untyped-def]
        for row in ws.iter_rows(min_row=2):
            cell = row[2]  # 起始日期
            if isinstance(cell.value, str) and cell.value:
                cell.value = (date.fromisoformat(cell.value) - date(1899, 12, 30)).days
                cell.number_format = "General"

    book = _edit(demo_book, tmp_path / "序号日期.xlsx", "任职", serials)
    ds = load_dataset(book)
    assert ds.tenures == load_dataset(demo_book).tenures
    [w] = [w for w in ds.warnings if w.code is ProblemCode.EXCEL_SERIAL_DATE]
    assert w.file == "任职" and w.row == 2 and "44197" in w.message("zh") and "2021-01-01" in w.message("zh")


def test_a_serial_date_in_a_csv_is_read_and_other_numbers_are_still_refused(tmp_path: Path) -> None:
    folder = copy_demo(tmp_path / "csv")
    rows = read_rows(folder / "tenures.csv")
    rows[0]["start"] = "44197"  # 2021-01-01
    write_rows(folder / "tenures.csv", rows, list(rows[0]))
    assert load_dataset(folder).tenures == load_dataset(DEMO).tenures
    rows[0]["start"] = "2021"  # a year alone is not a serial date: refused, not guessed
    write_rows(folder / "tenures.csv", rows, list(rows[0]))
    with pytest.raises(LoadError) as caught:
        load_dataset(folder)
    assert ProblemCode.BAD_DATE_FORMAT in _codes(caught.value.problems)


# ---------------------------------------------------------------- size limit
def test_a_file_over_the_size_limit_is_refused_before_reading(demo_book: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    size = demo_book.stat().st_size
    monkeypatch.setenv("RESPNET_MAX_UPLOAD_MB", str(size / 2 / 1048576))
    called: list[object] = []
    monkeypatch.setattr(loaders.workbook, "read_workbook", lambda *a, **k: called.append(a))
    for source in (demo_book, io.BytesIO(demo_book.read_bytes())):
        with pytest.raises(DataSourceError) as caught:
            load_dataset(source, "江屿.xlsx")
        assert caught.value.key == "error.source_too_large"
        assert "江屿.xlsx" in caught.value.message("zh") and "MB" in caught.value.message("en")
    assert not called
    monkeypatch.setenv("RESPNET_MAX_UPLOAD_MB", str(size * 2 / 1048576))
    monkeypatch.undo()
    assert load_dataset(demo_book).people


def test_the_importer_page_refuses_a_file_over_the_limit(monkeypatch: pytest.MonkeyPatch, demo_book: Path) -> None:
    from tests.ui.test_pages import app, goto

    monkeypatch.setenv("RESPNET_MAX_UPLOAD_MB", "0.001")
    at = goto(app(), "importer")
    at.file_uploader[0].set_value(("江屿.xlsx", demo_book.read_bytes(), "application/octet-stream")).run()
    assert not at.exception
    assert any("超过上限" in e.value for e in at.error)
    assert any("未被替换" in i.value for i in at.info)
    assert at.session_state["source_kind"] == "path"


# ---------------------------------------------------------------- formatted empty rows
@pytest.mark.slow  # a sheet with 30,000 formatted empty rows (about 4 s)
def test_thousands_of_empty_formatted_rows_are_skipped_quickly(demo_book: Path, tmp_path: Path) -> None:
    fill = PatternFill("solid", fgColor="FFFF00")

    def styled(ws):  # type: ignore[no-untyped-def]
        last = ws.max_row
        for r in range(last + 1, last + 30_001):
            for c in range(1, 5):
                ws.cell(r, c).fill = fill
        ws.cell(last + 30_000, 1).number_format = "@"

    book = _edit(demo_book, tmp_path / "空行.xlsx", "任职", styled)
    started = time.perf_counter()
    ds = load_dataset(book)
    seconds = time.perf_counter() - started
    print(f"\n30,000 formatted empty rows: loaded in {seconds:.2f} s")
    assert ds.tenures == load_dataset(demo_book).tenures
    assert seconds < 20
