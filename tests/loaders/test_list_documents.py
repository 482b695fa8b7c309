"""Every kind of document the importer reads gives the same clauses; bad files
get a clear message and nothing is written; a parsed template loads through
the normal loader and binds to the demo data."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from cli import main
from graph.errors import DocumentError
from loaders import load_dataset
from loaders.listimport import bind_counts, check_draft, draft_yaml, import_list, load_with_draft
from loaders.listimport.documents import MAX_DOCUMENT_BYTES
from tests.helpers import copy_demo
from tests.loaders.list_samples import EXPECTED, SAMPLE, docx_bytes, fake_docx, pdf_bytes, xlsx_bytes
from tests.loaders.test_list_structure import _row

_PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4
_BOMB = io.BytesIO()
with __import__("zipfile").ZipFile(_BOMB, "w", compression=8) as _archive:  # 16 MB of zeros packs to ~16 kB
    _archive.writestr("word/document.xml", bytes(16 * 1024 * 1024))
_NEWS = "记者从市纪委获悉，今年以来全市开展专项整治。\n已有0人发表了评论"
SAMPLE_MD = "# 江屿市机关党建责任清单（示例）\n\n" + "\n\n".join(SAMPLE.splitlines()[1:])


@pytest.mark.parametrize(
    ("name", "payload"),
    [
        ("清单.txt", lambda: SAMPLE.encode("utf-8")),
        ("清单-bom.txt", lambda: b"\xef\xbb\xbf" + SAMPLE.encode("utf-8")),
        ("清单-gbk.txt", lambda: SAMPLE.encode("gb18030")),  # what Notepad on Chinese Windows saves
        ("清单-utf16.txt", lambda: SAMPLE.encode("utf-16")),
        ("清单.md", lambda: SAMPLE_MD.encode("utf-8")),
        ("清单.docx", lambda: docx_bytes()),
        ("清单.pdf", lambda: pdf_bytes()),
    ],
)
def test_each_document_kind_gives_the_same_clauses(tmp_path: Path, name: str, payload) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / name
    path.write_bytes(payload())
    draft = import_list(path)
    assert [_row(c) for c in draft.clauses] == EXPECTED
    assert draft.title == "江屿市机关党建责任清单（示例）"
    buffer = io.BytesIO(payload())  # an upload: a file object with a name
    assert [_row(c) for c in import_list(buffer, name=name).clauses] == EXPECTED


def test_word_numbering_is_written_out_as_word_shows_it(tmp_path: Path) -> None:
    path = tmp_path / "自动编号.docx"
    path.write_bytes(docx_bytes(numbered=True))  # every "1."/"2." item in one Word list, numbered 1, 2, 3 …
    draft = import_list(path)
    assert [c.clause for c in draft.clauses][:4] == ["2.1", "2.2", "3.3", "3.4"]  # Word continues the list
    assert [c.text for c in draft.clauses] == [c.text for c in import_list(_txt(tmp_path)).clauses]


def _txt(tmp_path: Path) -> Path:
    path = tmp_path / "清单.txt"
    path.write_text(SAMPLE, "utf-8")
    return path


def test_spreadsheet_one_clause_per_row_with_merged_bearers(tmp_path: Path) -> None:
    path = tmp_path / "清单.xlsx"
    path.write_bytes(xlsx_bytes())
    draft = import_list(path)
    assert draft.title == "江屿市机关党建责任清单（示例）"
    assert [c.clause for c in draft.clauses] == [str(n) for n in range(1, 13)]
    assert [_row(c)[1:] for c in draft.clauses] == [e[1:] for e in EXPECTED]


def _cli(*args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(main, ["--lang", "zh", *args])


@pytest.mark.parametrize(
    ("name", "make", "says"),
    [
        ("empty.txt", lambda p: p.write_bytes(b""), "是空的"),
        ("blank.docx", lambda p: p.write_bytes(b"  \n"), "是空的"),
        (
            "picture.txt",
            lambda p: p.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4),
            "不是文本文件",
        ),
        ("list.exe", lambda p: p.write_bytes(b"MZ\x90\x00"), "不是可导入的清单文件"),
        ("scan.pdf", lambda p: p.write_bytes(pdf_bytes([])), "没有文字层"),
        ("not.pdf", lambda p: p.write_text("一、党支部书记", "utf-8"), "不是 PDF"),
        ("data.docx", lambda p: fake_docx(p), "不是 Word (.docx) 文件：其中是 data.csv"),
        ("text.docx", lambda p: p.write_text("一、党支部书记\n1.每月至少1次。", "utf-8"), "不是 Word (.docx) 文件"),
        ("data.xlsx", lambda p: fake_docx(p), "不是 Excel (.xlsx) 文件"),
        ("bomb.docx", lambda p: p.write_bytes(_BOMB.getvalue()), "过大"),  # expands a thousandfold
        ("huge.txt", lambda p: p.write_bytes(SAMPLE.encode() * (50 * 1024 * 1024 // len(SAMPLE.encode()) + 1)), "过大"),
        (
            "news.txt",
            lambda p: p.write_text("记者从市纪委获悉，今年以来全市开展专项整治。\n已有0人发表了评论", "utf-8"),
            "没有识别出任何编号条款",
        ),
    ],
)
def test_bad_files_get_a_clear_message_and_nothing_is_written(tmp_path: Path, name: str, make, says: str) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / name
    make(path)
    with pytest.raises(DocumentError, match=re.escape(says)):
        import_list(path)
    out = tmp_path / "lists" / "x.yaml"
    result = _cli("import-list", str(path), "-o", str(out))
    assert result.exit_code == 2, result.output
    assert says in result.output
    assert "Traceback" not in result.output
    assert not out.exists() and not (tmp_path / "lists").exists()


def test_fifty_megabyte_upload_is_refused_without_reading_it_all() -> None:
    class Endless(io.RawIOBase):
        name = "big.txt"
        served = 0

        def readable(self) -> bool:
            return True

        def readinto(self, buffer) -> int:  # type: ignore[no-untyped-def]
            n = len(buffer)
            buffer[:n] = b"a" * n
            self.served += n
            return n

    stream = Endless()
    with pytest.raises(DocumentError, match="过大"):
        import_list(io.BufferedReader(stream), name="big.txt")
    assert stream.served <= MAX_DOCUMENT_BYTES + 2 * 1024 * 1024


def test_round_trip_through_the_loader_binds_to_the_demo(tmp_path: Path) -> None:
    source = tmp_path / "清单.docx"
    source.write_bytes(docx_bytes())
    draft = import_list(source, list_id="JY-IMPORT")
    problems, clauses = check_draft(draft)
    assert [p.code.value for p in problems] == ["unparsed_frequency", "unparsed_frequency"]  # 4.2 定期…, 7.2 1-2次
    assert len(clauses) == 12

    folder = copy_demo(tmp_path / "demo")
    (folder / "lists" / "JY-IMPORT.yaml").write_text(draft_yaml(draft), "utf-8")
    dataset = load_dataset(folder)  # the normal loader, from the file
    loaded = sorted((c for c in dataset.clauses if c.list_id == "JY-IMPORT"), key=lambda c: c.clause)
    assert [(c.clause, c.kind.value, c.frequency) for c in loaded][:3] == [
        ("2.1", "principal", "每年至少2次"),
        ("2.2", "principal", ""),
        ("3.1", "first_responsible", "每半年至少1次"),
    ]
    counts = bind_counts(loaded, dataset)
    demo_kinds = {o.kind.value for o in dataset.organizations}
    for clause, org_kind, *_ in EXPECTED:
        assert (counts[clause] > 0) == (org_kind in demo_kinds), clause
    assert counts["7.1"] == sum(1 for o in dataset.organizations if o.kind.value == "branch")
    bound = {d.id for d in dataset.duties if d.list_id == "JY-IMPORT"}
    assert any(duty.endswith(f"@{o.id}") for duty in bound for o in dataset.organizations if o.kind.value == "branch")

    def key(c):  # type: ignore[no-untyped-def]
        return (c.list_id, c.clause)

    assert sorted(load_with_draft(folder, draft.id, draft_yaml(draft)).clauses, key=key) == sorted(
        dataset.clauses, key=key
    )


def test_cli_writes_the_draft_and_its_report(tmp_path: Path) -> None:
    source = tmp_path / "清单.txt"
    source.write_text(SAMPLE, "utf-8")
    out = tmp_path / "lists" / "jy-import.yaml"
    result = _cli("import-list", str(source), "-o", str(out))
    assert result.exit_code == 0, result.output
    assert "已写入草稿" in result.output and "12 条条款" in result.output
    assert "总体要求、原则等章节" in result.output  # the lines not placed are listed
    text = out.read_text("utf-8")
    assert text.startswith("# 由 respnet import-list 从 清单.txt 生成的草稿") and "id: JY-IMPORT" in text
    again = _cli("import-list", str(source), "-o", str(out))
    assert again.exit_code == 2 and "已存在" in again.output and out.read_text("utf-8") == text
    as_json = _cli("import-list", str(source), "-o", str(out), "--force", "--json", "--id", "JY-9")
    payload = json.loads(as_json.stdout)
    assert payload["ok"] and payload["valid"] and payload["clauses"] == 12 and payload["list"]["id"] == "JY-9"
    assert {n["code"] for n in payload["notes"]} >= {"general_section", "frequency_unparsed", "alternative_kind"}
    english = CliRunner().invoke(main, ["--lang", "en", "import-list", str(source), "-o", str(out), "--force"])
    assert "Draft written to" in english.output and "not placed" in english.output
