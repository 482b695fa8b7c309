"""The running app in a real browser: Debian's headless Chromium driven by
Playwright. Every page loads, the case trace draws its graph on a canvas, a
click on a node fills the detail panel, nothing is fetched from outside the
machine, and a screenshot of each page is saved under tests/output/screens/."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator

import pytest

from tests.helpers import DEMO, ROOT
from tests.ui.conftest import CHROMIUM, offline_page

pytestmark = pytest.mark.slow  # the running app in headless Chromium

SCREENS = ROOT / "tests" / "output" / "screens"
#: The process of each app :func:`running_app` started, by its address.
SERVERS: dict[str, subprocess.Popen[bytes]] = {}

if not CHROMIUM.exists():
    pytest.skip(
        "browser tests skipped: no Chromium at /usr/bin/chromium (install Debian's chromium and fonts-wqy-microhei; "
        ".ci/run does)",
        allow_module_level=True,
    )
playwright = pytest.importorskip("playwright.sync_api", reason="browser tests skipped: playwright is not installed")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    """The app, open (the test home has no accounts)."""
    yield from running_app({})


def running_app(extra_env: dict[str, str], log_name: str = "streamlit-server.log") -> Iterator[str]:
    """Start the app on a free port with ``extra_env``; yield its address; stop it."""
    port = _free_port()
    env = {**os.environ, "RESPNET_DATA": str(DEMO), "RESPNET_LANG": "zh", **extra_env}
    command = [
        sys.executable,
        "-m",
        "cli",
        "app",  # as `make run` starts it: the data loading from the start (ui.serve)
        "--server.port",
        str(port),
        "--server.address",
        "127.0.0.1",
        "--server.headless",
        "true",
    ]
    # the server's log goes to a file: an unread pipe fills up and blocks the server
    SCREENS.mkdir(parents=True, exist_ok=True)
    log_path = SCREENS.parent / log_name
    log = log_path.open("wb")
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as reply:
                    if reply.status == 200:
                        break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"the app did not start:\n{log_path.read_text(errors='replace')}")
                time.sleep(0.5)
        SERVERS[url] = process
        yield url
    finally:
        SERVERS.pop(url, None)
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            raise
        finally:
            log.close()


@pytest.fixture()
def page(browser, server):  # type: ignore[no-untyped-def]
    with offline_page(browser, server, height=2200) as page:
        yield page


def _open(page, url: str, title: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(url)
    page.get_by_role("heading", name=title).first.wait_for(timeout=60_000)
    page.wait_for_timeout(1500)  # charts and tables settle
    if page.locator('[data-testid="stDataFrame"]').count():  # a table's cells, not its skeleton, in the screenshot
        cell = page.locator('[data-testid="stDataFrame"] [role="gridcell"]').first
        with contextlib.suppress(playwright.TimeoutError):  # every table on the page may be empty
            cell.wait_for(state="attached", timeout=15_000)
        page.wait_for_timeout(500)


def _canvas(page):  # type: ignore[no-untyped-def]
    """The page's canvas, once vis-network has drawn on it."""
    root = page.locator(".rn-canvas[data-drawn]").first
    root.wait_for(state="attached", timeout=60_000)
    return root


_INK = """() => {
  const c = document.querySelector('.rn-graph canvas');
  const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
  let ink = 0;
  for (let i = 0; i < d.length; i += 4) { if (d[i + 3] > 0 && (d[i] < 240 || d[i + 1] < 240 || d[i + 2] < 240)) ink++; }
  return ink;
}"""


@pytest.mark.parametrize(
    ("path", "title"),
    [
        ("", "总览"),
        ("explore", "责任网络"),
        ("findings", "问题清单"),
        ("people", "人员与岗位"),
        ("importer", "数据导入"),
        ("lists", "清单导入"),
        ("console", "Cypher 查询"),
    ],
)
def test_page_loads_and_is_captured(page, server, path: str, title: str) -> None:  # type: ignore[no-untyped-def]
    _open(page, f"{server}/{path}", title)
    assert page.locator('[data-testid="stException"]').count() == 0
    if path == "explore":
        _canvas(page)
        assert page.evaluate(_INK) > 500
    SCREENS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENS / f"{path or 'overview'}.png"))


_SAID = """(zone) => [
  zone.querySelector('button p'), zone.querySelector('[data-testid="stFileUploaderDropzoneInstructions"] span')
].map((e) => [getComputedStyle(e).fontSize, getComputedStyle(e, '::after').content])"""


@pytest.mark.parametrize(
    ("path", "title", "lang", "button", "line"),
    [
        ("importer", "数据导入", "zh", "选择文件", "每个文件不超过 200 MB，格式 XLSX、XLSM、ZIP"),
        ("lists", "清单导入", "zh", "选择文件", "每个文件不超过 20 MB，格式 DOCX、TXT、MD、XLSX、XLSM、PDF"),
        ("importer", "Import", "en", "Browse files", "up to 200 MB per file: XLSX, XLSM, ZIP"),
    ],
)
def test_an_uploader_says_respnets_own_limit_in_the_readers_language(  # type: ignore[no-untyped-def]
    page, server, path: str, title: str, lang: str, button: str, line: str
) -> None:
    """Not Streamlit's English "Upload" and its server's "1GB per file"."""
    _open(page, f"{server}/{path}", "数据导入" if path == "importer" else title)
    if lang == "en":
        page.get_by_text("English", exact=True).first.click()
        page.get_by_role("heading", name=title).first.wait_for(timeout=60_000)
        page.wait_for_timeout(500)
    (button_size, button_text), (line_size, line_text) = page.locator(
        '[data-testid="stFileUploaderDropzone"]'
    ).first.evaluate(_SAID)
    assert (button_size, line_size) == ("0px", "0px")  # Streamlit's own words take no room
    assert button_text == f'"{button}"' and line in line_text


def test_case_trace_draws_the_chain_and_a_click_shows_details(page, server) -> None:  # type: ignore[no-untyped-def]
    _open(page, f"{server}/trace?case=C2025-03", "案件溯源")
    assert page.get_by_text("许晓东").count() > 0
    root = _canvas(page)
    assert int(root.get_attribute("data-drawn")) > 10
    assert page.evaluate(_INK) > 2000  # the canvas is drawn, not blank
    # vis-network from the app's static folder (the browser keeps it), not sent inside the page
    loaded = page.evaluate("() => [...document.scripts].map(s => s.src).filter(Boolean)")
    assert [src for src in loaded if src.startswith(f"{server}/app/static/vis-network-")], loaded
    spot = page.evaluate(
        "() => { const n = document.querySelector('.rn-canvas').network;"
        " return n.canvasToDOM(n.getPositions(['P036'])['P036']); }"
    )
    root.locator(".rn-graph canvas").click(position={"x": spot["x"], "y": spot["y"]})
    details = page.locator('[data-testid="stText"]').filter(has_text="许晓东")
    details.first.wait_for(timeout=10_000)
    assert "镇党委书记" in details.first.inner_text()
    SCREENS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENS / "trace.png"))


def test_a_list_document_is_uploaded_and_reviewed(page, server, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from tests.loaders.list_samples import docx_bytes

    source = tmp_path / "江屿清单.docx"
    source.write_bytes(docx_bytes())
    _open(page, f"{server}/lists", "清单导入")
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(source))
    page.get_by_text("条款（12 条", exact=False).wait_for(timeout=60_000)
    page.get_by_text("可绑定到组织", exact=False).wait_for(timeout=60_000)
    page.locator('[data-testid="stDataFrame"]').first.wait_for(timeout=60_000)  # the grid renders after the text
    assert page.locator('[data-testid="stException"]').count() == 0
    SCREENS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENS / "lists-review.png"), full_page=True)


def test_the_list_review_speaks_in_table_rows_and_chinese_columns(page, server, tmp_path) -> None:  # type: ignore[no-untyped-def]
    source = tmp_path / "任务.md"  # no post, no kind, an unreadable frequency: a table of things to fix
    source.write_text("一、工作任务\n1.对党员干部开展廉洁教育。\n2.每年安排1-2次专项整治。\n", "utf-8")
    _open(page, f"{server}/lists", "清单导入")
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(source))
    page.get_by_text("个错误必须修改", exact=False).wait_for(timeout=60_000)
    review = page.locator('[data-testid="stDataFrame"]').last
    review.locator('[role="gridcell"]').first.wait_for(state="attached", timeout=60_000)
    headers = [h.inner_text().strip() for h in review.locator('[role="columnheader"]').all()]
    assert {"表中第几行", "条款号", "列", "说明"} <= set(headers), headers
    cells = [c.inner_text().strip() for c in page.locator('[role="gridcell"]').all()]
    assert "责任类型" in cells and "适用组织类型" in cells  # the table's own column names
    assert not {"kind", "applies_to", "None", "nan"} & set(cells), cells
    assert not any("applies_to" in c or "None" in c for c in cells)
    SCREENS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENS / "lists-problems.png"), full_page=True)
