"""The list import page: upload, review, and save only once the draft validates
in the data folder in use."""

from __future__ import annotations

from pathlib import Path

import yaml

from loaders import load_dataset
from loaders.listimport import check_draft, import_text
from tests.helpers import copy_demo
from tests.loaders.list_samples import SAMPLE, pdf_bytes
from tests.ui.test_pages import app, goto, texts
from ui.listdraft import clauses_from_frame, frame_for


def _page(folder: Path, lang: str = "zh"):  # type: ignore[no-untyped-def]
    at = app(lang)
    at.session_state["folder"] = str(folder)
    return goto(at.run(), "lists")


def test_upload_review_and_save_into_the_data_folder(tmp_path: Path) -> None:
    folder = copy_demo(tmp_path / "demo")
    at = _page(folder)
    at.text_input(key="lists_title_hint").set_value("").run()
    at.file_uploader[0].set_value(("jy-import.txt", SAMPLE.encode("utf-8"), "text/plain")).run()
    assert not at.exception
    assert len(at.data_editor) == 1
    shown = texts(at)
    assert "条款（12 条" in shown
    assert [e.label for e in at.main.expander] == ["未归入条款的内容（2 行）"]
    assert any("12 条条款有 12 条可绑定到组织" in s.value for s in at.success)
    target = folder / "lists" / "JY-IMPORT.yaml"
    assert not target.exists()  # nothing written before the reviewer asks
    save = next(b for b in at.button if b.key and b.key.startswith("lists_save_"))
    save.click().run()
    assert target.exists() and any("已保存" in s.value for s in at.success)
    saved = yaml.safe_load(target.read_text("utf-8"))
    assert saved["id"] == "JY-IMPORT" and len(saved["clauses"]) == 12
    assert any(c.list_id == "JY-IMPORT" for c in load_dataset(folder).clauses)
    at.run()
    again = next(b for b in at.button if b.key and b.key.startswith("lists_save_"))
    assert again.disabled  # an existing file is replaced only when the reviewer ticks the box


def test_a_draft_with_errors_cannot_be_saved(tmp_path: Path) -> None:
    folder = copy_demo(tmp_path / "demo")
    at = _page(folder, "en")
    text = "一、工作任务\n1.对党员干部开展廉洁教育。\n2.每年安排1-2次专项整治。\n"  # no bearer, no kind
    at.file_uploader[0].set_value(("tasks.md", text.encode("utf-8"), "text/markdown")).run()
    assert not at.exception
    assert any("errors to fix" in e.value for e in at.error)
    assert any("Fix the errors above before saving" in i.value for i in at.info)
    assert not [b for b in at.button if b.key and b.key.startswith("lists_save_")]
    assert not (folder / "lists" / "TASKS.yaml").exists()


def test_a_scan_and_a_news_page_are_explained(tmp_path: Path) -> None:
    at = _page(copy_demo(tmp_path / "demo"))
    at.file_uploader[0].set_value(("scan.pdf", pdf_bytes([]), "application/pdf")).run()
    assert any("没有文字层" in e.value for e in at.error) and not at.exception
    at.file_uploader[0].set_value(
        ("news.txt", "记者从市纪委获悉。\n今年以来开展专项整治。".encode(), "text/plain")
    ).run()
    assert any("没有识别出任何编号条款" in e.value for e in at.error)
    assert len(at.dataframe) == 1  # the lines, each with what became of it


def test_the_reviewers_edits_are_what_is_checked() -> None:
    draft = import_text(SAMPLE, "JY-IMPORT")
    frame = frame_for(draft, "zh")
    assert list(frame["reads_as"])[:2] == ["每年至少2次", ""]
    assert "无法识别" in frame.loc[frame["clause"] == "7.2", "reads_as"].item()
    frame.loc[frame["clause"] == "2.2", "kind"] = None  # the reviewer clears a kind
    frame.loc[frame["clause"] == "7.2", "frequency"] = "每年至少2次"  # and settles a frequency
    frame.loc[frame["clause"] == "8.1", "text"] = ""  # and deletes a clause's text
    edited = draft.with_clauses(clauses_from_frame(frame, draft))
    problems, clauses = check_draft(edited)
    assert [(p.code.value, p.column) for p in problems if p.severity.value == "error"] == [("required", "kind")]
    assert [p.code.value for p in problems if p.severity.value == "warning"] == ["unparsed_frequency"]  # 4.2 only
    assert clauses == [] and len(edited.clauses) == 11
    assert edited.clauses[-1].line == 21  # a clause keeps its source line through the edit


def test_the_review_names_table_rows_and_columns_and_shows_empty_cells_empty(tmp_path: Path) -> None:
    at = _page(copy_demo(tmp_path / "demo"))
    text = "一、工作任务\n1.对党员干部开展廉洁教育。\n2.每年安排1-2次专项整治。\n"  # no post, no kind
    at.file_uploader[0].set_value(("tasks.md", text.encode("utf-8"), "text/markdown")).run()
    editor, review = at.data_editor[0], at.dataframe[-1]
    for shown in (editor, review):  # a missing value is drawn empty, never "None"
        assert shown.proto.HasField("placeholder") and shown.proto.placeholder == ""
    frame = review.value
    assert list(frame.columns) == ["表中第几行", "条款号", "列", "级别", "说明"]
    kinds = frame[frame["说明"] == "必填项为空"]
    assert set(zip(kinds["表中第几行"], kinds["条款号"], kinds["列"], strict=True)) >= {
        ("1", "1.1", "责任类型"),
        ("2", "1.2", "责任类型"),
    }
    assert "applies_to" not in frame.to_csv() and "kind" not in set(frame["列"])


def test_the_binding_summary_counts_only_clauses_that_bind() -> None:
    from graph.records import AppliesTo, Clause
    from graph.schema import DutyKind, OrgKind
    from loaders.listimport import bind_counts

    demo = load_dataset("data/demo")
    clauses = [
        Clause(
            "NEW", "1", "每季度至少召开1次会议", DutyKind.PRINCIPAL, applies_to=AppliesTo((OrgKind.PARTY_COMMITTEE,))
        ),
        Clause("NEW", "2", "开展廉洁教育", DutyKind.PRINCIPAL),  # no applies_to: one duty nobody bears
        Clause("NEW", "3", "开展警示教育", DutyKind.PRINCIPAL),
    ]
    counts = bind_counts(clauses, demo)
    assert counts["2"] == counts["3"] == 0 and counts["1"] > 0
    assert sum(1 for n in counts.values() if n) == 1
