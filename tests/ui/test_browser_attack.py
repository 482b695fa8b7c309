"""The attacks of issue 16, tried against the running app in headless Chromium:

- an inspector tries a list id that climbs out of ``lists/`` and an upload
  whose file name carries U+2028: both are refused and logged, and not one
  byte of the accounts or the data folder changes;
- the three bombs (a 5 KB merged-range workbook, a Word document unpacking to
  507 MB, a million-row workbook) are each refused within 10 s and 500 MB,
  while another session's page still loads;
- the app stops within 5 s of SIGTERM, even while an upload is being read,
  and leaves no worker behind.
"""

from __future__ import annotations

import hashlib
import os
import signal
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from access.accounts import AccountRole, UserStore
from access.audit import AuditLog
from tests import bombs
from tests.helpers import copy_demo
from tests.ui.conftest import offline_page
from tests.ui.test_browser import SCREENS, SERVERS, running_app

pytestmark = pytest.mark.slow  # the running app in headless Chromium

USERS = {"wang": ("admin-pass-123", AccountRole.ADMIN), "zhao": ("inspect-pass-456", AccountRole.INSPECTOR)}
LIST_TEXT = "一、党委（党组）\n1. 每季度至少专题研究1次党风廉政建设工作。\n2. 每年至少讲1次廉政党课。\n".encode()


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("attack-home")
    store = UserStore(folder / "users.yaml")
    for name, (password, role) in USERS.items():
        store.add(name, role, password=password)
    return folder


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_demo(tmp_path_factory.mktemp("attack-data") / "江屿")


@pytest.fixture(scope="module")
def server(home: Path, data: Path) -> Iterator[str]:
    env = {"RESPNET_HOME": str(home), "RESPNET_DATA": str(data), "RESPNET_OPEN": ""}
    yield from running_app(env, "streamlit-attack.log")


def _files(*folders: Path) -> dict[str, str]:
    return {
        str(p): hashlib.sha256(p.read_bytes()).hexdigest()
        for folder in folders
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def _audit(home: Path) -> list[dict[str, Any]]:
    return list(AuditLog(home / "audit.jsonl").entries())


def _sign_in(page: Any, url: str, name: str) -> None:
    page.goto(url)
    page.get_by_role("heading", name="登录").wait_for(timeout=60_000)
    page.get_by_label("用户名").fill(name)
    page.get_by_label("密码").fill(USERS[name][0])
    page.get_by_role("button", name="登录").click()
    page.get_by_role("heading", name="总览").first.wait_for(timeout=60_000)


def _go(page: Any, title: str) -> None:
    page.locator('[data-testid="stSidebarNav"]').get_by_text(title).click()
    page.get_by_role("heading", name=title).first.wait_for(timeout=60_000)
    page.wait_for_timeout(800)


def _upload(page: Any, name: str, payload: bytes, mime: str = "application/octet-stream") -> None:
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(
        {"name": name, "mimeType": mime, "buffer": payload}
    )


def _shot(page: Any, name: str) -> None:
    SCREENS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENS / f"attack-{name}.png"), full_page=True)


@pytest.mark.parametrize("who", ["zhao", "wang"])
def test_a_list_id_climbing_out_and_a_file_name_with_a_line_break_are_refused(
    browser: Any, server: str, home: Path, data: Path, who: str
) -> None:
    before = _files(data)
    accounts = (home / "users.yaml").read_bytes(), (home / "accounts.required").read_bytes()
    with offline_page(browser, server, height=1800) as page:
        _sign_in(page, server, who)
        _go(page, "清单导入")
        # a file name that would add live YAML after the draft's `#` comment
        _upload(page, "清单\u2028users:\u2028  evil: {role: admin}.txt", LIST_TEXT, "text/plain")
        page.get_by_text("文件名含有换行或控制字符").wait_for(timeout=30_000)
        _shot(page, f"{who}-file-name")
        # a well-named file, then an id that climbs out of lists/ to the accounts file
        _upload(page, "清单.txt", LIST_TEXT, "text/plain")
        page.get_by_label("清单编码").wait_for(timeout=60_000)
        page.get_by_label("清单编码").fill(f"../../../{home.name}/users")
        page.get_by_label("清单编码").press("Enter")
        page.get_by_text("无效：它也是文件名").first.wait_for(timeout=30_000)
        _shot(page, f"{who}-list-id")
        assert page.get_by_role("button", name="保存到").count() == 0
        if who == "zhao":  # an inspector never gets a save button: saving needs the import permission
            page.get_by_label("清单编码").fill("JY-NEW")
            page.get_by_label("清单编码").press("Enter")
            page.get_by_text("保存到数据文件夹需要导入权限").wait_for(timeout=30_000)
            assert page.get_by_role("button", name="保存到").count() == 0
    assert _files(data) == before
    assert ((home / "users.yaml").read_bytes(), (home / "accounts.required").read_bytes()) == accounts
    refused = [e for e in _audit(home) if e["event"] == "list_refused" and e["user"] == who]
    assert {e["reason"] for e in refused} == {"file_name", "list_id"}
    assert any(e.get("attempted") == f"../../../{home.name}/users" for e in refused)
    assert any("\\u2028" in str(e.get("file")) for e in refused)  # the name as it came, escaped
    assert AuditLog(home / "audit.jsonl").verify() is None


def _peak_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise AssertionError("no VmHWM")


@pytest.fixture(scope="module")
def bomb_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The bombs as files: the browser reads them from disk as a user's would
    (a buffer handed to Playwright crosses its pipe first, which takes longer
    than the app does to refuse it)."""
    folder = tmp_path_factory.mktemp("bombs")
    made = {"merged.xlsx": bombs.merged_xlsx, "huge.docx": bombs.huge_docx, "million.xlsx": bombs.million_row_xlsx}
    for name, make in made.items():
        (folder / name).write_bytes(make())
    return {name: folder / name for name in made}


@pytest.mark.parametrize(
    ("name", "page_title", "says"),
    [
        ("merged.xlsx", "清单导入", "合并单元格覆盖的单元格数"),
        ("huge.docx", "清单导入", "解压后大小"),
        ("million.xlsx", "数据导入", "工作表行数"),
        ("merged.xlsx", "数据导入", "合并单元格覆盖的单元格数"),
    ],
)
def test_each_bomb_is_refused_in_seconds_while_another_session_still_loads(
    browser: Any, server: str, home: Path, bomb_files: dict[str, Path], name: str, page_title: str, says: str
) -> None:
    with offline_page(browser, server, height=1400) as attacker, offline_page(browser, server, height=1400) as other:
        _sign_in(attacker, server, "wang")
        _go(attacker, page_title)
        _sign_in(other, server, "zhao")
        started = time.monotonic()
        attacker.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(bomb_files[name])
        other.reload()  # another user's page, loaded while the bomb is being read
        other.get_by_role("heading", name="登录").wait_for(timeout=30_000)
        other_loaded = time.monotonic() - started
        attacker.get_by_text(says).first.wait_for(timeout=10_000)
        refused = time.monotonic() - started
        _shot(attacker, f"bomb-{page_title}-{name}")
    server_peak = _peak_mb(SERVERS[server].pid)
    line = [e for e in _audit(home) if e["event"] in ("upload_refused", "list_refused", "import_failed")][-1]
    print(f"{name} on {page_title}: refused after {refused:.1f} s; another session loaded after {other_loaded:.1f} s;")
    print(f"  worker peak {line['peak_mb']} MB in {line['seconds']} s; the app's own peak so far {server_peak:.0f} MB")
    assert refused < 10
    assert other_loaded < 10
    assert line["user"] == "wang" and line["file"] == name
    assert float(line["peak_mb"]) < 500 and float(line["seconds"]) < 10  # the worker that read it
    assert server_peak < 500  # the app itself never grew


def _workers() -> list[int]:
    found = []
    for proc in Path("/proc").iterdir():
        if proc.name.isdigit():
            try:
                command = (proc / "cmdline").read_bytes()
            except OSError:
                continue
            if b"loaders.isolated" in command:
                found.append(int(proc.name))
    return found


def _parent(pid: int) -> int | None:
    try:
        return int(Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()[1])
    except (OSError, ValueError, IndexError):
        return None


def test_the_app_stops_within_five_seconds_of_sigterm_while_reading_an_upload(
    browser: Any, home: Path, data: Path, bomb_files: dict[str, Path]
) -> None:
    env = {"RESPNET_HOME": str(home), "RESPNET_DATA": str(data), "RESPNET_OPEN": ""}
    apps = running_app(env, "streamlit-sigterm.log")
    url = next(apps)
    process = SERVERS[url]
    with offline_page(browser, url, height=1200) as page:
        _sign_in(page, url, "wang")
        _go(page, "数据导入")
        page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(bomb_files["million.xlsx"])
        deadline = time.monotonic() + 10
        while not _workers() and time.monotonic() < deadline:  # the upload is being read in its worker
            time.sleep(0.05)
        assert _workers(), "no worker was reading the upload"
        mine = [pid for pid in _workers() if _parent(pid) == process.pid]  # not another test's worker
        assert mine, "no worker of this app was reading the upload"
        started = time.monotonic()
        os.kill(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=5)
        finally:
            stopped = time.monotonic() - started
    print(f"the app stopped {stopped:.2f} s after SIGTERM")
    assert process.returncode is not None and stopped < 5
    time.sleep(0.5)
    assert [pid for pid in mine if pid in _workers()] == []
    with pytest.raises(StopIteration):
        next(apps)


def test_an_export_is_made_on_the_click_audited_with_its_hash_and_not_served_for_ever(
    browser: Any, server: str, home: Path
) -> None:
    import urllib.error
    import urllib.request

    with offline_page(browser, server, height=1800) as page:
        _sign_in(page, server, "zhao")
        _go(page, "案件溯源")
        page.get_by_role("button", name="溯源报告（Word）").wait_for(timeout=30_000)
        # nothing is on the server for an export nobody asked for
        assert page.locator('a[href*="/media/"]').count() == 0
        before = len([e for e in _audit(home) if e["event"] == "export"])
        with page.expect_download() as caught:
            page.get_by_role("button", name="溯源报告（Word）").click()
        download = caught.value
        served = Path(download.path()).read_bytes()
        url = download.url
        page.wait_for_timeout(500)
        exports = [e for e in _audit(home) if e["event"] == "export"]
        assert len(exports) == before + 1
        line = exports[-1]
        assert line["user"] == "zhao" and line["what"] == "trace" and str(line["file"]).endswith(".docx")
        assert line["sha256"] == hashlib.sha256(served).hexdigest() and line["bytes"] == len(served)
        assert served[:2] == b"PK"
        address = url if url.startswith("http") else f"{server}{url}"
        with urllib.request.urlopen(address, timeout=10) as reply:  # right after the click it still answers ...
            assert reply.read() == served
        # ... but the file's address does not outlive the page's next runs
        for _ in range(3):
            page.get_by_text("评估日期").first.click()  # any interaction runs the page again
            page.keyboard.press("Escape")
            _go(page, "问题清单")
            _go(page, "案件溯源")
        with pytest.raises(urllib.error.HTTPError) as gone:
            urllib.request.urlopen(address, timeout=10)
        assert gone.value.code == 404
