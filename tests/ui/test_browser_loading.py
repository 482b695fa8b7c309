"""Loading in the browser: a source not loaded yet shows its stages on a
progress bar, then the overview; the server (``respnet app``) loads its own
data before any browser asks, writing the snapshot a second server process
starts from."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("playwright.sync_api")

from tests.helpers import copy_demo
from tests.ui.conftest import offline_page
from tests.ui.test_browser import SCREENS, running_app
from tests.ui.test_browser_workspace import _settle

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def province(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from loaders.synth import synthesize

    folder = tmp_path_factory.mktemp("province") / "data"
    # long enough to load cold that the bar is seen: about 2.4 s here (6,000 organizations
    # took 1.5 s until the loader got faster, then 0.95 s, and the bar came and went unseen)
    synthesize(folder, orgs=20000, seed=2)
    return folder


def _app(data: Path, cache: Path, home: Path) -> Iterator[str]:
    env = {"RESPNET_DATA": str(data), "RESPNET_CACHE": str(cache), "RESPNET_HOME": str(home), "RESPNET_OPEN": "1"}
    yield from running_app(env, log_name="streamlit-loading.log")


def _snapshots(cache: Path) -> list[Path]:
    return sorted((cache / "snapshots").glob("*.pickle"))


def test_a_source_not_loaded_yet_shows_the_stages_then_the_overview(browser, province, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The server opens on a small folder (loaded at its start); an inspector
    types the province's path: its cold load shows its stages on a bar."""
    cache, home = tmp_path / "cache", tmp_path / "home"
    home.mkdir()
    small = copy_demo(tmp_path)  # not the bundled demo: a folder may be chosen in the sidebar
    seen: list[str] = []
    for base in _app(small, cache, home):
        with offline_page(browser, base, height=900) as page:
            page.goto(f"{base}/?at=2026-06-30")
            _settle(page, "总览")
            box = page.get_by_role("textbox", name="路径（文件夹、.xlsx 或 .zip）")
            box.fill(str(province))
            box.press("Enter")
            bar = page.locator('[data-testid="stProgress"]')
            bar.first.wait_for(timeout=60_000)
            while bar.count():
                try:
                    seen.append(bar.first.inner_text(timeout=1_000))
                except Exception:  # noqa: BLE001 - the bar went between the count and the read
                    break
                if len(seen) == 1:
                    page.screenshot(path=str(SCREENS / "loading-progress.png"))
                page.wait_for_timeout(100)
            _settle(page, "总览")
            assert "20000" in page.locator('[data-testid="stMain"]').inner_text()  # the province's organizations
    stages = "".join(seen)
    assert "正在载入" in stages and "秒" in stages
    assert any(s in stages for s in ("读取数据文件", "校验并绑定清单", "构建责任网络")), seen
    assert len(_snapshots(cache)) == 2  # the small folder's and the province's
    log = (SCREENS.parent / "streamlit-loading.log").read_text(encoding="utf-8", errors="replace")
    assert "Traceback" not in log


def test_the_server_loads_its_data_before_anyone_asks(browser, province, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """No browser has connected: the province is read from its files and its
    snapshot written all the same (``streamlit run app.py`` waits for a
    session); the first page opens on the graph held. A second server process
    starts from that snapshot."""
    cache, home = tmp_path / "cache", tmp_path / "home"
    home.mkdir()
    for base in _app(province, cache, home):
        deadline = time.monotonic() + 120
        while not _snapshots(cache) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert _snapshots(cache), "the server did not load its data before a session asked"
        with offline_page(browser, base, height=900) as page:
            page.goto(f"{base}/?at=2026-06-30")
            _settle(page, "总览")
            assert "20000" in page.locator('[data-testid="stMain"]').inner_text()
    [snapshot] = _snapshots(cache)
    os.utime(snapshot, (0, 0))
    for base in _app(province, cache, home):  # a new process: from the snapshot
        with offline_page(browser, base, height=900) as page:
            page.goto(f"{base}/?at=2026-06-30")
            _settle(page, "总览")
    assert time.time() - snapshot.stat().st_mtime < 600, "the second start did not read the snapshot"
    log = (SCREENS.parent / "streamlit-loading.log").read_text(encoding="utf-8", errors="replace")
    assert "Traceback" not in log
