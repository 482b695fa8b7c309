"""Refused uploads leave no traceback in the server's log: every refusal is said
to the user in words and logged, if at all, as one line."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers import copy_demo, edit_rows, folder_to_zip
from tests.loaders.list_samples import pdf_bytes
from tests.ui.conftest import offline_page
from tests.ui.test_browser import SCREENS, _open, running_app

pytestmark = pytest.mark.slow  # the running app in headless Chromium

LOG = "streamlit-refusals.log"


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    yield from running_app({}, log_name=LOG)


def _upload(page, url: str, title: str, path: Path, says: str) -> None:  # type: ignore[no-untyped-def]
    _open(page, url, title)
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(path))
    page.get_by_text(says, exact=False).first.wait_for(timeout=60_000)
    page.wait_for_timeout(1500)  # tables render after the text
    assert page.locator('[data-testid="stException"]').count() == 0


def test_no_refused_upload_writes_a_traceback(browser, server, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    bad_data = copy_demo(tmp_path / "bad")
    edit_rows(bad_data, "organizations", lambda rows: [{**rows[0], "kind": "工会"}, *rows[1:]])
    (bad_data / "unknown.csv").write_text("a,b\n1,2\n", "utf-8")  # a whole-file notice (no row) beside row problems
    files = {
        "扫描件.pdf": pdf_bytes([]),
        "新闻.txt": "记者从市纪委获悉。\n今年以来开展专项整治。".encode(),
        "损坏.docx": b"PK\x03\x04 not really a document",
        "损坏.zip": b"not a zip at all",
        "损坏.xlsx": b"PK\x03\x04garbage",
        "有误.zip": folder_to_zip(bad_data),
    }
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    with offline_page(browser, server, height=1800) as page:
        _upload(page, f"{server}/lists", "清单导入", tmp_path / "扫描件.pdf", "没有文字层")
        _upload(page, f"{server}/lists", "清单导入", tmp_path / "新闻.txt", "没有识别出任何编号条款")
        _upload(page, f"{server}/lists", "清单导入", tmp_path / "损坏.docx", "损坏.docx")
        _upload(page, f"{server}/importer", "数据导入", tmp_path / "损坏.zip", "未通过校验")
        _upload(page, f"{server}/importer", "数据导入", tmp_path / "损坏.xlsx", "未通过校验")
        _upload(page, f"{server}/importer", "数据导入", tmp_path / "有误.zip", "未通过校验")
    log = (SCREENS.parent / LOG).read_text("utf-8", errors="replace")
    assert "Traceback" not in log and "ArrowTypeError" not in log and "ArrowInvalid" not in log, log[-3000:]
