"""The problems of a refused upload as a workbook to fix it by."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pytest

from graph.errors import LoadError
from loaders import load_dataset
from tests.helpers import copy_demo, edit_rows
from ui.exports import problems_xlsx


def test_the_report_names_each_cause_its_rows_its_cell_and_what_it_caused(tmp_path: Path) -> None:
    folder = copy_demo(tmp_path)

    def bad(rows):  # type: ignore[no-untyped-def]
        for row in rows[:3]:
            row["kind"] = "工会"
        return rows

    edit_rows(folder, "organizations", bad)
    with pytest.raises(LoadError) as caught:
        load_dataset(folder)
    data = problems_xlsx(caught.value.problems, "zh", source="demo.zip")
    ws = openpyxl.load_workbook(io.BytesIO(data)).active
    rows = list(ws.iter_rows(values_only=True))
    assert "demo.zip" in rows[0][0] and "1 个问题、0 条提示" in rows[0][0]
    assert rows[1] == ("文件/工作表", "行", "列", "单元格内容", "级别", "说明", "同样问题的各行", "连带问题数")
    (problem,) = rows[2:]
    assert problem[:4] == ("organizations.csv", 2, "kind", "工会")
    assert problem[6] == "2、3、4" and "共 3 行" in problem[5]
    english = openpyxl.load_workbook(io.BytesIO(problems_xlsx(caught.value.problems, "en", source="x"))).active
    assert next(english.iter_rows(min_row=2, max_row=2, values_only=True))[3] == "Cell as read"


@pytest.mark.slow  # the app through AppTest
def test_the_import_page_offers_the_template_and_a_refused_uploads_report(tmp_path: Path) -> None:
    from tests.helpers import folder_to_zip
    from tests.ui.test_pages import app, goto

    at = goto(app(), "importer")
    labels = [str(b.proto.label) for b in at.get("download_button")]
    assert "下载填报模板（.xlsx）" in labels
    folder = copy_demo(tmp_path)
    edit_rows(folder, "organizations", lambda rows: [{**rows[0], "kind": "工会"}, *rows[1:]])
    at.file_uploader[0].set_value(("bad.zip", folder_to_zip(folder), "application/zip")).run()
    labels = [str(b.proto.label) for b in at.get("download_button")]
    assert "下载问题清单（.xlsx）" in labels and not at.exception


@pytest.mark.slow  # the app through AppTest
def test_the_template_filled_with_the_demo_uploads_as_the_demo(tmp_path: Path) -> None:
    import queries
    from graph.builder import build_graph
    from tests.loaders.test_blank import AT, _findings, filled_template
    from tests.ui.test_pages import app, goto

    book = filled_template(tmp_path, "zh")
    at = goto(app(), "importer")
    at.file_uploader[0].set_value((book.name, book.read_bytes(), "application/octet-stream")).run()
    assert any("校验通过" in s.value for s in at.success) and not at.exception
    at.button(key="import_use").click().run()
    goto(at, "overview")
    assert at.metric[0].value == "34"
    goto(at, "findings")
    assert not at.exception
    demo = build_graph(load_dataset("data/demo"))
    assert len(queries.gaps(demo, at=AT)) > 0 and _findings(load_dataset(book)) == _findings(load_dataset("data/demo"))


def test_a_missing_sheet_is_one_row_naming_the_values_referred_to(tmp_path: Path) -> None:
    from tests.helpers import folder_to_workbook

    book = folder_to_workbook(Path("data/demo"), tmp_path / "demo.xlsx")
    wb = openpyxl.load_workbook(book)
    del wb["责任清单"]
    wb.save(book)
    with pytest.raises(LoadError) as caught:
        load_dataset(book)
    found = [*caught.value.problems, *caught.value.warnings]
    sheet = openpyxl.load_workbook(io.BytesIO(problems_xlsx(found, "zh", source=book.name))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert "1 个问题、2 条提示" in rows[0][0]
    assert rows[2][:4] == ("清单条款", 2, "清单编码", "JY-2R、SC-3L5P") and rows[2][7] > 0
