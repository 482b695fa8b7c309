"""Time in a real browser (issue 22): the Changes page tells the demo's
reshuffles, the findings they opened and closed and the handover check; the
overview and the findings page count handover gaps; the What-if sandbox shows
the findings a reshuffle would open, from its URL and from the picks; the time
slider on the explore page moves the page's date. Screenshots go to
tests/output/screens/ (changes*.png, whatif*.png, explore-slider.png)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import unquote

import pytest

from tests.ui.conftest import CHROMIUM, offline_page

pytestmark = pytest.mark.slow  # the running app in headless Chromium

if not CHROMIUM.exists():
    pytest.skip("browser tests skipped: no Chromium at /usr/bin/chromium", allow_module_level=True)
pytest.importorskip("playwright.sync_api", reason="browser tests skipped: playwright is not installed")

from tests.ui.test_browser import SCREENS, running_app  # noqa: E402
from tests.ui.test_browser_workspace import _settle  # noqa: E402


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    home = tmp_path_factory.mktemp("home")
    yield from running_app({"RESPNET_HOME": str(home)}, log_name="streamlit-timeline.log")


@pytest.fixture()
def page(browser, server):  # type: ignore[no-untyped-def]
    with offline_page(browser, server, height=1600) as page:
        yield page


def _metrics(page: Any, count: int) -> dict[str, str]:
    """Each metric's label and value, as shown (once ``count`` of them are)."""
    page.locator('[data-testid="stMetric"]').nth(count - 1).wait_for(timeout=30_000)
    found = {}
    for metric in page.locator('[data-testid="stMetric"]').all():
        label = metric.locator('[data-testid="stMetricLabel"]').inner_text().strip()
        found[label] = metric.locator('[data-testid="stMetricValue"]').inner_text().strip()
    return found


def test_the_changes_page_tells_the_reshuffles_and_the_handovers(page, server) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{server}/changes?at=2026-06-30&from=2024-01-01&to=2025-12-31")
    _settle(page, "变化与交接")
    # 2024-2025 on the demo: 15 changes; 3 findings opened, 5 closed; 3 changes of holder, one with a record (R026)
    assert _metrics(page, 5) == {
        "变化": "15",
        "新出现的问题": "3",
        "已消除的问题": "5",
        "人员变动": "3",
        "缺交接记录": "2",
    }
    page.screenshot(path=str(SCREENS / "changes.png"), full_page=True)
    page.get_by_role("tab", name="交接检查").click()
    page.get_by_text("市委常委、副市长（2025-06-30离任）的未结事项").wait_for(timeout=30_000)
    page.get_by_text("市委常委、副市长（2025-06-30离任）的未结事项").click()
    page.locator("li:visible", has_text="江屿市住房和城乡建设局").first.wait_for(timeout=30_000)
    page.screenshot(path=str(SCREENS / "changes-handover.png"), full_page=True)
    page.get_by_role("tab", name="问题的增减").click()
    page.get_by_text("2025-12-31 新出现（2024-01-01 时没有）的问题：3 条").wait_for(timeout=30_000)
    page.screenshot(path=str(SCREENS / "changes-findings.png"), full_page=True)


def test_handover_gaps_on_the_overview_and_the_findings_page(page, server) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{server}/?at=2026-06-30")
    _settle(page, "总览")
    link = page.get_by_role("link", name=re.compile("交接缺失：[1-9]"))
    link.wait_for(timeout=30_000)
    page.get_by_text(re.compile("人员变动 [1-9]\\d* 次")).wait_for(timeout=30_000)  # the "changes since" line
    page.screenshot(path=str(SCREENS / "overview-changes.png"), full_page=True)
    link.click()
    _settle(page, "问题清单")
    assert "kinds=handover_gap" in page.url
    page.get_by_text(re.compile("显示 [1-9]\\d* / ")).wait_for(timeout=30_000)
    page.screenshot(path=str(SCREENS / "findings-handover.png"), full_page=True)


def test_the_whatif_sandbox_from_its_url_and_from_a_pick(page, server) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{server}/whatif?at=2026-06-01&moves=remove_person:P036;move_oversight:XK-JW-S:XK-AJZ:XK-DS")
    _settle(page, "推演沙盘")
    shown = _metrics(page, 4)
    assert shown == {
        "调整前问题（2026-06-01）": "7",
        "调整后问题（2026-06-01）": "11",
        "新增问题": "5",
        "消除问题": "1",
    }, shown
    page.get_by_text("许晓东（P036）离开所有岗位").wait_for(timeout=30_000)
    page.get_by_text("溪口镇安全生产监督管理站（XK-AJZ）的分管由", exact=False).wait_for(timeout=30_000)
    page.screenshot(path=str(SCREENS / "whatif.png"), full_page=True)
    page.get_by_role("button", name="清空").click()
    _settle(page, "推演沙盘")
    page.get_by_text("请在上方选择调整并点“加入推演”。").wait_for(timeout=30_000)
    assert "moves=" not in page.url
    page.get_by_text("任职结束").click()  # the kind of change: a person, then one of the posts they hold that day
    _settle(page, "推演沙盘")
    person = page.get_by_role("combobox").first
    person.click()
    person.fill("许晓东")
    page.get_by_role("option", name="许晓东（P036）").wait_for(timeout=30_000)
    person.press("Enter")
    _settle(page, "推演沙盘")
    page.get_by_role("button", name="加入推演").click()
    _settle(page, "推演沙盘")
    assert "moves=end_tenure:P036:XK-S" in unquote(page.url)
    page.get_by_text("许晓东（P036）不再担任中共江屿市溪口镇委员会·镇党委书记", exact=False).wait_for(timeout=30_000)
    assert _metrics(page, 4)["新增问题"] == "5"  # the secretary's four duties and the key post
    page.screenshot(path=str(SCREENS / "whatif-picked.png"), full_page=True)


def test_the_time_slider_moves_the_explore_page(page, server) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{server}/explore?org=XK&at=2025-06-01")
    _settle(page, "责任网络")
    handle = page.get_by_role("slider").first
    handle.focus()
    handle.press("Home")  # the earliest date in the data
    _settle(page, "责任网络")
    page.wait_for_function("() => location.search.includes('at=2021-01-01')", timeout=30_000)
    page.get_by_text("2021-01-01", exact=False).first.wait_for(timeout=30_000)
    page.screenshot(path=str(SCREENS / "explore-slider.png"), full_page=True)


def test_a_date_outside_the_data_is_said_on_the_page(page, server) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{server}/?at=2019-01-01")
    _settle(page, "总览")
    page.get_by_text("所选日期2019-01-01早于数据中最早的日期2021-01-01", exact=False).wait_for(timeout=30_000)
    page.goto(f"{server}/?at=2024-06-01")
    _settle(page, "总览")
    assert page.get_by_text("数据中最早的日期", exact=False).count() == 0
    assert page.get_by_text("数据中最晚的日期", exact=False).count() == 0
