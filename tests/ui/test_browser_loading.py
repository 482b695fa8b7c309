"""A cold start in the browser: the load's stages on a progress bar, then the
overview; the snapshot written; a second server process starts from it."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("playwright.sync_api")

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


def _app(province: Path, cache: Path, home: Path) -> Iterator[str]:
    env = {"RESPNET_DATA": str(province), "RESPNET_CACHE": str(cache), "RESPNET_HOME": str(home), "RESPNET_OPEN": "1"}
    yield from running_app(env, log_name="streamlit-loading.log")


def test_a_cold_start_shows_the_stages_then_the_overview(browser, province, tmp_path) -> None:  # type: ignore[no-untyped-def]
    cache, home = tmp_path / "cache", tmp_path / "home"
    home.mkdir()
    seen: list[str] = []
    for base in _app(province, cache, home):
        with offline_page(browser, base, height=900) as page:
            page.goto(f"{base}/?at=2026-06-30")
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
    stages = "".join(seen)
    assert "正在载入" in stages and "秒" in stages
    assert any(s in stages for s in ("读取数据文件", "校验并绑定清单", "构建责任网络")), seen
    [snapshot] = (cache / "snapshots").glob("*.pickle")
    os.utime(snapshot, (0, 0))
    for base in _app(province, cache, home):  # a new process: from the snapshot
        with offline_page(browser, base, height=900) as page:
            page.goto(f"{base}/?at=2026-06-30")
            _settle(page, "总览")
    assert time.time() - snapshot.stat().st_mtime < 600, "the second start did not read the snapshot"
    log = (SCREENS.parent / "streamlit-loading.log").read_text(encoding="utf-8", errors="replace")
    assert "Traceback" not in log
