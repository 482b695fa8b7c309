"""Files built to exhaust whoever reads them are refused by what they unpack
to, within seconds and a little memory, by the CLI (exit 2) and the loaders;
files damaged inside (a checksum that fails) are bad input, not an internal
error."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from graph.errors import DocumentError, LoadError
from loaders import load_dataset
from loaders.bounds import Limits, TooLarge, check_workbook, limits, open_archive
from loaders.listimport import import_list
from tests import bombs
from tests.helpers import DEMO, ROOT, folder_to_workbook, folder_to_zip

pytestmark = pytest.mark.slow  # archives and workbooks at the size limits (about 20 s)

_MEASURE = """
import json, resource, subprocess, sys, time

started = time.monotonic()
done = subprocess.run(sys.argv[1:], capture_output=True, text=True)
print(json.dumps({"code": done.returncode, "seconds": time.monotonic() - started,
                  "peak_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
                  "out": done.stdout, "err": done.stderr}))
"""


def measured(*args: str) -> dict[str, object]:
    """Run the ``respnet`` command line in a process of its own: exit code, seconds, peak memory, output."""
    done = subprocess.run(
        [sys.executable, "-c", _MEASURE, sys.executable, "-m", "cli", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "RESPNET_LANG": "zh"},
        check=True,
    )
    report: dict[str, object] = json.loads(done.stdout)
    return report


@pytest.fixture(scope="session")
def bomb_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("bombs")
    files = {}
    for name, make in (
        ("merged.xlsx", bombs.merged_xlsx),
        ("huge.docx", bombs.huge_docx),
        ("million.xlsx", bombs.million_row_xlsx),
    ):
        files[name] = folder / name
        files[name].write_bytes(make())
    return files


def test_the_bombs_are_what_the_issue_describes(bomb_files: dict[str, Path]) -> None:
    assert bomb_files["merged.xlsx"].stat().st_size < 5 * 1024
    with zipfile.ZipFile(bomb_files["huge.docx"]) as z:
        unpacked = sum(i.file_size for i in z.infolist())
    packed = bomb_files["huge.docx"].stat().st_size
    assert packed < 4 * 1024 * 1024 and 500 * 2**20 < unpacked < 512 * 2**20 and unpacked / packed < 200
    with zipfile.ZipFile(bomb_files["million.xlsx"]) as z, z.open("xl/worksheets/sheet1.xml") as f:
        f.seek(0, os.SEEK_END)
        assert b'<row r="1048576">' in z.read("xl/worksheets/sheet1.xml")[-400:]


@pytest.mark.parametrize(
    ("name", "command", "says"),
    [
        ("merged.xlsx", "import-list", "合并单元格覆盖的单元格数"),
        ("huge.docx", "import-list", "解压后大小"),
        ("million.xlsx", "check", "工作表行数"),
        ("million.xlsx", "import-list", "解压后大小"),  # a list document may unpack to 64 MB
        ("merged.xlsx", "check", "合并单元格覆盖的单元格数"),
    ],
)
def test_the_cli_refuses_each_bomb_in_seconds_and_little_memory(
    bomb_files: dict[str, Path], tmp_path: Path, name: str, command: str, says: str
) -> None:
    args = [command, str(bomb_files[name])]
    if command == "import-list":
        args += ["-o", str(tmp_path / "lists" / "x.yaml")]
    report = measured(*args)
    cost = f"{report['seconds']:.2f} s, peak {report['peak_mb']:.0f} MB"
    print(f"respnet {command} {name}: exit {report['code']}, {cost}")
    assert report["code"] == 2, report
    assert says in str(report["out"]) + str(report["err"])
    assert float(report["seconds"]) < 10  # type: ignore[arg-type]
    assert float(report["peak_mb"]) < 500  # type: ignore[arg-type]
    assert not (tmp_path / "lists").exists()


def test_a_declared_dimension_is_not_trusted(tmp_path: Path) -> None:
    """A sheet claiming ``A1:XFD1048576`` over three real rows reads as three rows, at once."""
    data = bombs.merged_xlsx(merge=None)
    started = time.monotonic()
    draft = import_list(io.BytesIO(data), name="清单.xlsx")
    assert time.monotonic() - started < 5
    assert [c.text for c in draft.clauses] == ["每季度至少研究1次党风廉政建设工作。", "每年至少讲1次廉政党课。"]


def test_a_small_merged_range_still_fills_its_cells() -> None:
    data = bombs.merged_xlsx(merge="B2:B3")
    draft = import_list(io.BytesIO(data), name="清单.xlsx")
    assert len(draft.clauses) == 2


def test_a_workbook_within_the_limits_reads_as_before(tmp_path: Path) -> None:
    book = folder_to_workbook(DEMO, tmp_path / "demo.xlsx")
    with open_archive(book, book.name, limits()) as archive:
        assert check_workbook(archive, book.name, limits()) == {}
    assert len(load_dataset(book).organizations) == 34


@pytest.mark.parametrize(
    ("bounds", "limit"),
    [
        (Limits(rows=10), "rows"),
        (Limits(cells=100), "cells"),
        (Limits(sheets=3), "sheets"),
        (Limits(members=5), "members"),
        (Limits(unpacked=20_000), "unpacked"),
    ],
)
def test_each_limit_refuses_a_workbook_past_it(tmp_path: Path, bounds: Limits, limit: str) -> None:
    book = folder_to_workbook(DEMO, tmp_path / "demo.xlsx")
    with pytest.raises(TooLarge) as caught, open_archive(book, book.name, bounds) as archive:
        check_workbook(archive, book.name, bounds)
    assert caught.value.params["limit"] == limit
    assert caught.value.message("zh") and caught.value.message("en")


def test_the_limits_follow_their_variables(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RESPNET_MAX_ROWS", "1000")
    monkeypatch.setenv("RESPNET_MAX_UNPACKED_MB", "8")
    monkeypatch.setenv("RESPNET_MAX_CELLS", "not a number")
    assert limits().rows == 1000 and limits().unpacked == 8 * 2**20 and limits().cells == Limits().cells
    assert limits(document=True).unpacked == 8 * 2**20


def test_a_zip_declaring_more_files_than_allowed_is_refused_before_its_index_is_read() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        for i in range(30):
            z.writestr(f"f{i}.csv", "id\n")
    with pytest.raises(TooLarge) as caught:
        open_archive(io.BytesIO(buffer.getvalue()), "many.zip", Limits(members=20))
    assert caught.value.params["limit"] == "members"


def test_a_text_list_of_too_many_lines_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RESPNET_MAX_PARAGRAPHS", "100")
    path = tmp_path / "清单.txt"
    path.write_text("一、党委\n" + "\u2028" * 200 + "1. 每季度至少1次。\n", "utf-8")
    with pytest.raises(DocumentError, match="过大"):
        import_list(path)


def _damaged(payload: bytes, member: str) -> bytes:
    """``payload`` (a zip) with one byte of ``member``'s data flipped: its checksum no longer holds."""
    with zipfile.ZipFile(io.BytesIO(payload)) as z:
        info = z.getinfo(member)
    data = bytearray(payload)
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    data[start + info.compress_size // 2] ^= 0xFF
    return bytes(data)


def _stored(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as z:
        for name, data in files.items():
            z.writestr(name, data)
    return buffer.getvalue()


def test_a_zip_member_failing_its_checksum_is_a_data_problem(tmp_path: Path) -> None:
    with zipfile.ZipFile(io.BytesIO(folder_to_zip(DEMO))) as z:
        files = {n: z.read(n) for n in z.namelist()}
    path = tmp_path / "damaged.zip"
    path.write_bytes(_damaged(_stored(files), "people.csv"))
    with pytest.raises(LoadError) as caught:
        load_dataset(path)
    damaged = [p for p in caught.value.problems if p.code == "bad_zip_member"]
    assert [(p.file, p.params["member"]) for p in damaged] == [("damaged.zip", "people.csv")]
    assert "CRC" in damaged[0].message("zh") and "BadZipFile" not in damaged[0].message("en")  # said in words
    report = measured("check", str(path))
    assert report["code"] == 2 and "people.csv" in str(report["err"]) and "内部错误" not in str(report["err"])


def test_a_damaged_workbook_or_document_is_bad_input(tmp_path: Path) -> None:
    book = folder_to_workbook(DEMO, tmp_path / "demo.xlsx")
    with zipfile.ZipFile(book) as z:
        files = {n: z.read(n) for n in z.namelist()}
    sheet = next(n for n in files if n.startswith("xl/worksheets/"))
    damaged = tmp_path / "damaged.xlsx"
    damaged.write_bytes(_damaged(_stored(files), sheet))
    report = measured("check", str(damaged))
    assert report["code"] == 2 and "内部错误" not in str(report["err"]), report
    docx = tmp_path / "damaged.docx"
    text = b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
    text += b"<w:p><w:r><w:t>1. x</w:t></w:r></w:p>" * 50 + b"</w:body></w:document>"
    package = _stored({"word/document.xml": text, "[Content_Types].xml": b"<Types/>"})
    docx.write_bytes(_damaged(package, "word/document.xml"))
    report = measured("import-list", str(docx), "-o", str(tmp_path / "x.yaml"))
    assert report["code"] == 2 and "内部错误" not in str(report["err"]), report
