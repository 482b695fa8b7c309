"""Both input forms, both header languages: the same data gives the same graph."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from graph.builder import build_graph
from loaders import load_dataset, load_graph
from tests.helpers import (
    DEMO,
    folder_to_workbook,
    folder_to_zip,
    folder_with_chinese_headers,
    graph_signature,
    read_rows,
    write_rows,
)


@pytest.fixture(scope="module")
def demo_signature():  # type: ignore[no-untyped-def]
    return graph_signature(load_graph(DEMO))


def test_demo_loads_with_only_the_expected_notice() -> None:
    ds = load_dataset(DEMO)
    assert [(w.file, w.row, w.column, w.code) for w in ds.warnings] == [
        ("decisions.csv", 5, "form", "form_unrecognised"),  # 批评教育 is none of art. 8's forms: kept as written
        ("duties.csv", 8, "frequency", "unparsed_frequency"),
    ]


def test_workbook_with_chinese_sheets_and_headers_gives_the_same_graph(tmp_path: Path, demo_signature) -> None:  # type: ignore[no-untyped-def]
    book = folder_to_workbook(DEMO, tmp_path / "江屿市.xlsx", chinese=True)
    assert graph_signature(load_graph(book)) == demo_signature


def test_workbook_with_english_sheets_and_a_title_row_gives_the_same_graph(tmp_path: Path, demo_signature) -> None:  # type: ignore[no-untyped-def]
    book = folder_to_workbook(DEMO, tmp_path / "demo.xlsx", chinese=False, title_row=True)
    assert graph_signature(load_graph(book)) == demo_signature


def test_workbook_from_a_file_object(tmp_path: Path, demo_signature) -> None:  # type: ignore[no-untyped-def]
    book = folder_to_workbook(DEMO, tmp_path / "upload.xlsx")
    upload = io.BytesIO(book.read_bytes())
    assert graph_signature(build_graph(load_dataset(upload, name="upload.xlsx"))) == demo_signature


def test_csv_folder_with_chinese_names_headers_and_bom_gives_the_same_graph(tmp_path: Path, demo_signature) -> None:  # type: ignore[no-untyped-def]
    folder = folder_with_chinese_headers(DEMO, tmp_path / "中文")
    assert (folder / "任职.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    assert "人员编码" in (folder / "任职.csv").read_text("utf-8-sig").splitlines()[0]
    assert graph_signature(load_graph(folder)) == demo_signature


def test_bom_and_column_order_do_not_matter(tmp_path: Path, demo_signature) -> None:  # type: ignore[no-untyped-def]
    import shutil

    folder = tmp_path / "d"
    shutil.copytree(DEMO, folder)
    rows = read_rows(folder / "organizations.csv")
    write_rows(folder / "organizations.csv", rows, list(reversed(list(rows[0]))), encoding="utf-8-sig")
    assert graph_signature(load_graph(folder)) == demo_signature


def test_empty_end_means_in_force_and_optional_tables_may_be_absent(tmp_path: Path) -> None:
    write_rows(
        tmp_path / "organizations.csv", [{"id": "O", "name": "Office", "kind": "unit", "level": "", "parent_id": ""}]
    )
    write_rows(tmp_path / "positions.csv", [{"id": "S", "org_id": "O", "title": "书记", "role": "书记"}])
    write_rows(tmp_path / "people.csv", [{"id": "P", "name": "王"}])
    write_rows(tmp_path / "tenures.csv", [{"person_id": "P", "position_id": "S", "start": "2020-01-01", "end": ""}])
    G = load_graph(tmp_path)
    [holds] = G.holders_on("S", __import__("datetime").date(2999, 1, 1))
    assert holds.source == "P" and G.node("S")["role"] == "secretary"


@pytest.mark.parametrize("top", [None, "江屿市数据"])
def test_zip_of_csv_files_gives_the_same_graph(tmp_path: Path, demo_signature, top: str | None) -> None:  # type: ignore[no-untyped-def]
    data = folder_to_zip(DEMO, top=top)
    assert graph_signature(load_graph(io.BytesIO(data), name="上传.zip")) == demo_signature
    (tmp_path / "demo.zip").write_bytes(data)
    assert graph_signature(load_graph(tmp_path / "demo.zip")) == demo_signature


def test_zip_with_a_name_climbing_out_is_refused_whole() -> None:
    import zipfile

    from graph.errors import LoadError

    buffer = io.BytesIO(folder_to_zip(DEMO))
    with zipfile.ZipFile(buffer, "a") as archive:
        archive.writestr("../../etc/evil.csv", "id\n1\n")
    with pytest.raises(LoadError) as caught:
        load_dataset(io.BytesIO(buffer.getvalue()), name="x.zip")
    assert [p.code for p in caught.value.problems] == ["zip_unsafe_name"]


def test_zip_bomb_is_refused_before_reading() -> None:
    import zipfile

    from graph.errors import LoadError

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("organizations.csv", b"0" * 50_000_000)
    with pytest.raises(LoadError) as caught:
        load_dataset(io.BytesIO(buffer.getvalue()), name="bomb.zip")
    assert [p.code for p in caught.value.problems] == ["zip_too_large"]


def test_not_a_zip_is_reported() -> None:
    from graph.errors import LoadError

    with pytest.raises(LoadError) as caught:
        load_dataset(io.BytesIO(b"plain text"), name="fake.zip")
    assert [p.code for p in caught.value.problems] == ["bad_zip"]
