"""The investigation workspace in a real browser (issue 21): the search box
reaches a dossier by name and by pinyin initials; a path between two people
is told in sentences and changes with the date; a click on the canvas shows a
node's details on the view's date; a double-click expands; findings are drawn
with a legend; PNG and SVG exports download; a saved view reopened by its URL
gives the same page; every page's time to settle is printed; the server log
holds no deprecation warning. Screenshots go to tests/output/screens/."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from typing import Any

import pytest

from tests.ui.conftest import CHROMIUM, offline_page

pytestmark = pytest.mark.slow  # the running app in headless Chromium

if not CHROMIUM.exists():
    pytest.skip("browser tests skipped: no Chromium at /usr/bin/chromium", allow_module_level=True)
pytest.importorskip("playwright.sync_api", reason="browser tests skipped: playwright is not installed")

from tests.ui.test_browser import SCREENS, running_app  # noqa: E402

LOG = "streamlit-workspace.log"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app on the demo, open, with a home of its own (saved views)."""
    home = tmp_path_factory.mktemp("home")
    yield from running_app({"RESPNET_HOME": str(home)}, log_name=LOG)


@pytest.fixture()
def page(browser, server):  # type: ignore[no-untyped-def]
    with offline_page(browser, server, height=1800) as page:
        yield page


def _settle(page: Any, title: str, timeout: float = 60_000) -> float:
    """Wait until the page's title shows, the app has stopped running (no
    status widget for half a second) and any drawing is drawn; the seconds it took."""
    started = time.monotonic()
    page.get_by_role("heading", name=title).first.wait_for(timeout=timeout)
    quiet_since = None
    while time.monotonic() - started < timeout / 1000:
        running = page.locator('[data-testid="stStatusWidget"]').count() > 0
        now = time.monotonic()
        if running:
            quiet_since = None
        elif quiet_since is None:
            quiet_since = now
        elif now - quiet_since >= 0.5:
            if page.locator(".rn-canvas").count():  # a drawing settles when vis-network has drawn it
                page.locator(".rn-canvas[data-drawn]").first.wait_for(state="attached", timeout=timeout)
                return max(quiet_since, time.monotonic()) - started
            return quiet_since - started
        page.wait_for_timeout(100)
    raise AssertionError(f"{title}: the page did not settle")


def _canvas(page: Any) -> Any:
    """The canvas of the page, once drawn."""
    root = page.locator(".rn-canvas[data-drawn]").first
    root.wait_for(state="attached", timeout=60_000)
    return root


def _node_count(page: Any) -> int:
    return int(page.evaluate("() => document.querySelector('.rn-canvas').network.body.data.nodes.length"))


def _spot(page: Any, node: str) -> dict[str, float]:
    """Where ``node`` is drawn, in the canvas element's own coordinates, once
    it stays there: under load the drawing can still be laid out or fitted to
    a resized frame after it was first drawn (a double-click once missed)."""

    def now() -> dict[str, float]:
        return dict(
            page.evaluate(
                "(id) => { const n = document.querySelector('.rn-canvas').network;"
                " return n.canvasToDOM(n.getPositions([id])[id]); }",
                node,
            )
        )

    deadline = time.monotonic() + 15
    spot = now()
    while time.monotonic() < deadline:
        page.wait_for_timeout(300)
        again = now()
        if again == spot:
            return spot
        spot = again
    raise AssertionError(f"{node} kept moving for 15 s")


def _search(page: Any, text: str) -> None:
    box = page.get_by_placeholder(re.compile("拼音首字母"))
    box.fill(text)
    box.press("Enter")


def test_search_by_name_and_by_pinyin_initials_reaches_the_dossier(page, server) -> None:  # type: ignore[no-untyped-def]
    page.goto(server)
    _settle(page, "总览")
    for text in ("许晓东", "xxd"):
        _search(page, text)
        hit = page.get_by_role("link", name="许晓东（P036）")
        hit.wait_for(timeout=30_000)
        page.screenshot(path=str(SCREENS / f"search-{text}.png"))
        hit.click()
        _settle(page, "档案")
        page.get_by_role("heading", name="许晓东（P036）").wait_for(timeout=30_000)
        assert "person=P036" in page.url
        assert page.get_by_text("镇党委书记", exact=False).count() > 0
    page.screenshot(path=str(SCREENS / "dossier-person.png"), full_page=True)


def test_a_finding_is_found_by_the_name_of_the_person_it_concerns(page, server) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{server}/?at=2025-06-01")
    _settle(page, "总览")
    _search(page, "孟凡")  # the discipline secretary who oversees business: the finding names only the post
    hits = page.locator('[class*="st-key-search_hits"]')
    hits.get_by_text("问题", exact=True).wait_for(timeout=30_000)
    assert hits.get_by_text("纪委书记", exact=False).count() > 0


def test_a_path_between_two_people_is_told_and_moves_with_the_date(page, server) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{server}/paths?from=P036&to=P053&at=2025-06-01")
    _settle(page, "关系路径")
    told = page.get_by_text("许晓东任中共江屿市溪口镇委员会·镇党委书记（2024-07-01起）", exact=False).first
    told.wait_for(timeout=30_000)
    assert page.get_by_text("涉及朱慧", exact=False).count() + page.get_by_text("朱慧任", exact=False).count() > 0
    _canvas(page)
    page.screenshot(path=str(SCREENS / "paths.png"), full_page=True)
    page.goto(f"{server}/paths?from=P036&to=P053&at=2024-01-01")  # before 许晓东 took the post
    _settle(page, "关系路径")
    page.get_by_text("之间没有有效路径", exact=False).wait_for(timeout=30_000)
    assert page.get_by_text("2024-07-01起", exact=False).count() == 0
    page.screenshot(path=str(SCREENS / "paths-before.png"))


def test_a_click_shows_the_node_on_the_view_date(page, server) -> None:  # type: ignore[no-untyped-def]
    # the trace of C2024-02 is told on its date, 2024-03-20: the secretary then was 周立群, not today's 许晓东
    page.goto(f"{server}/trace?case=C2024-02")
    _settle(page, "案件溯源")
    root = _canvas(page)
    spot = _spot(page, "XK-S")
    root.locator(".rn-graph canvas").click(position={"x": spot["x"], "y": spot["y"]})
    details = page.locator('[data-testid="stText"]').filter(has_text="镇党委书记")
    details.filter(has_text="2024-03-20").first.wait_for(timeout=30_000)
    text = details.first.inner_text()
    assert "周立群" in text and "许晓东" not in text, text
    page.screenshot(path=str(SCREENS / "trace-click.png"), full_page=True)


def test_double_click_expands_and_findings_are_drawn_with_a_legend(page, server) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{server}/explore?org=XK-CZS&depth=0&at=2025-06-01")
    _settle(page, "责任网络")
    root = _canvas(page)
    legend = page.locator(".rn-legend")
    for chip in ("问题：岗位空缺", "问题：责任无人承担", "问题：交叉重叠"):
        assert legend.get_by_text(chip).count() == 1, chip
    marked = page.evaluate(
        "() => document.querySelector('.rn-canvas').network.body.data.nodes.get()"
        ".filter(n => n.borderWidth).map(n => n.id)"
    )
    assert "XK-CZS" in marked  # overseen by two posts at once: drawn as an overlap
    before = _node_count(page)
    spot = _spot(page, "XK-CZS")
    root.locator(".rn-graph canvas").dblclick(position={"x": spot["x"], "y": spot["y"]})
    page.wait_for_url(re.compile("expand=XK-CZS"), timeout=30_000)
    page.wait_for_function(f"() => document.querySelector('.rn-canvas').network.body.data.nodes.length > {before}")
    assert _node_count(page) > before
    page.screenshot(path=str(SCREENS / "explore-expanded.png"), full_page=True)


def test_a_node_is_pinned_hidden_and_shown_again(page, server) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{server}/explore?org=XK&at=2025-06-01")
    _settle(page, "责任网络")
    root = _canvas(page)
    before = _node_count(page)
    spot = _spot(page, "XK-S")
    root.locator(".rn-graph canvas").click(position={"x": spot["x"], "y": spot["y"]})
    root.get_by_role("button", name="固定/取消固定").click()
    assert page.evaluate("() => document.querySelector('.rn-canvas').network.body.data.nodes.get('XK-S').fixed")
    root.get_by_role("button", name="隐藏所选").click()
    page.wait_for_function(f"() => document.querySelector('.rn-canvas').network.body.data.nodes.length < {before}")
    _settle(page, "责任网络")  # the page ran again without it ...
    _canvas(page)
    assert page.evaluate("() => document.querySelector('.rn-canvas').network.body.data.nodes.get('XK-S')") is None
    assert _node_count(page) == before - 1
    root.get_by_role("button", name="显示全部").click()  # ... until everything is shown again
    page.wait_for_function(f"() => document.querySelector('.rn-canvas').network.body.data.nodes.length === {before}")
    pinned = page.evaluate("() => document.querySelector('.rn-canvas').network.body.data.nodes.get('XK-S').fixed")
    assert pinned  # where it was pinned, it stays


def test_png_and_svg_exports_download(page, server, tmp_path) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{server}/explore?org=XK&at=2025-06-01")
    _settle(page, "责任网络")
    root = _canvas(page)
    with page.expect_download() as got:
        root.get_by_role("button", name="导出 PNG").click()
    png = tmp_path / got.value.suggested_filename
    got.value.save_as(png)
    assert png.suffix == ".png" and png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 10_000
    with page.expect_download() as got:
        root.get_by_role("button", name="导出 SVG").click()
    svg = tmp_path / got.value.suggested_filename
    got.value.save_as(svg)
    text = svg.read_text("utf-8")
    assert svg.suffix == ".svg" and text.startswith("<svg") and "许晓东" in text and "<script" not in text
    (SCREENS / "explore-export.png").write_bytes(png.read_bytes())


def test_a_saved_view_reopened_by_url_gives_the_same_page(browser, page, server) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{server}/explore?org=XK&depth=2&layout=force&select=XK-S&at=2025-06-01")
    _settle(page, "责任网络")
    _canvas(page)
    before = page.locator('[data-testid="stText"]').first.inner_text()
    page.get_by_text("保存的视图").click()
    page.get_by_label("视图名称").fill("溪口镇书记")
    page.get_by_label("视图名称").press("Enter")
    page.get_by_role("button", name="保存当前视图").click()
    code = page.locator('[data-testid="stCode"]').filter(has_text="?view=")
    code.wait_for(timeout=30_000)
    link = code.inner_text().strip()
    saved_url = page.url
    with offline_page(browser, server, height=1800) as fresh:  # another session: nothing of the first one
        assert link.startswith(server) and "?view=" in link, link
        fresh.goto(link)
        _settle(fresh, "责任网络")
        _canvas(fresh)
        fresh.wait_for_url(re.compile("select=XK-S"), timeout=30_000)
        assert fresh.locator('[data-testid="stText"]').first.inner_text() == before
        chosen = fresh.evaluate("() => document.querySelector('.rn-canvas').network.getSelectedNodes()")
        assert chosen == ["XK-S"]  # drawn selected, as it was
        for part in ("org=XK", "depth=2", "layout=force", "at=2025-06-01"):
            assert part in fresh.url and part in saved_url, (part, fresh.url)
        fresh.screenshot(path=str(SCREENS / "saved-view-reopened.png"), full_page=True)


PAGES = [
    ("", "总览"),
    ("trace?case=C2025-03", "案件溯源"),
    ("explore", "责任网络"),
    ("paths?from=P036&to=P053", "关系路径"),
    ("findings", "问题清单"),
    ("changes", "变化与交接"),
    ("whatif?moves=remove_person:P036", "推演沙盘"),
    ("dossier?org=XK-CZS", "档案"),
    ("people", "人员与岗位"),
    ("importer", "数据导入"),
    ("lists", "清单导入"),
    ("console", "Cypher 查询"),
]


def test_every_page_settles_and_its_time_is_printed(page, server, capsys) -> None:  # type: ignore[no-untyped-def]
    times = {}
    for path, title in PAGES:
        page.goto(f"{server}/{path}")
        times[title] = _settle(page, title)
        assert page.locator('[data-testid="stException"]').count() == 0, path
    with capsys.disabled():
        print("\ntime to a settled page (demo, s): " + ", ".join(f"{t} {s:.2f}" for t, s in times.items()))
    assert all(s < 30 for s in times.values()), times


def test_the_server_log_has_no_deprecation_warning(page, server) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{server}/explore?org=XK")
    _settle(page, "责任网络")
    _canvas(page)
    log = (SCREENS.parent / LOG).read_text("utf-8", errors="replace")
    assert not re.search(r"deprecat", log, re.IGNORECASE), log[-3000:]


@pytest.fixture(scope="module")
def accounts_home(tmp_path_factory: pytest.TempPathFactory) -> Any:
    from access.accounts import AccountRole, UserStore

    folder = tmp_path_factory.mktemp("views-home")
    store = UserStore(folder / "users.yaml")
    store.add("wang", AccountRole.ADMIN, password="admin-pass-123", display="王主任")
    store.add("li", AccountRole.UNIT_INSPECTOR, password="scoped-pass-789", scope=("XK",), display="李检查")
    return folder


@pytest.fixture(scope="module")
def secured(accounts_home: Any) -> Iterator[str]:
    yield from running_app({"RESPNET_HOME": str(accounts_home)}, "streamlit-workspace-accounts.log")


def _sign_in(page: Any, url: str, name: str, password: str, title: str) -> float:
    """Open ``url``, sign in there, and wait for the page ``title`` (the link's
    own page: signing in keeps the address)."""
    page.goto(url)
    page.get_by_role("heading", name="登录").wait_for(timeout=60_000)
    page.get_by_label("用户名").fill(name)
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登录").click()
    return _settle(page, title)


def test_saved_views_belong_to_their_account_and_open_for_another(browser, secured, capsys) -> None:  # type: ignore[no-untyped-def]
    with offline_page(browser, secured, height=1600) as page:
        _sign_in(page, f"{secured}/dossier?org=XK&at=2025-06-01", "wang", "admin-pass-123", "档案")
        page.get_by_text("保存的视图").click()
        page.get_by_label("视图名称").fill("溪口镇档案")
        page.get_by_label("视图名称").press("Enter")
        page.get_by_role("button", name="保存当前视图").click()
        link = page.locator('[data-testid="stCode"]').filter(has_text="?view=")
        link.wait_for(timeout=30_000)
        shared = link.inner_text().strip()
        page.get_by_role("link", name="溪口镇档案（档案）").wait_for(timeout=30_000)  # listed for its owner
    with offline_page(browser, secured, height=1600) as page:
        admin_s = _sign_in(page, f"{secured}/admin", "wang", "admin-pass-123", "系统管理")
        with capsys.disabled():
            print(f"\ntime to a settled page (demo, s): 系统管理 {admin_s:.2f}")
    with offline_page(browser, secured, height=1600) as page:
        _sign_in(page, shared, "li", "scoped-pass-789", "档案")  # the link opens for li, on li's scope ...
        page.get_by_role("heading", name="中共江屿市溪口镇委员会（XK）").wait_for(timeout=30_000)
        assert "org=XK" in page.url and "at=2025-06-01" in page.url
        page.get_by_text("保存的视图").click()
        page.get_by_role("button", name="保存当前视图").wait_for(timeout=30_000)
        assert page.get_by_role("link", name="溪口镇档案（档案）").count() == 0  # ... but is not li's own
        page.screenshot(path=str(SCREENS / "saved-view-other-account.png"), full_page=True)
    with offline_page(browser, secured, height=1600) as page:  # its owner deletes it
        _sign_in(page, f"{secured}/dossier?org=XK", "wang", "admin-pass-123", "档案")
        page.get_by_text("保存的视图").click()
        page.get_by_role("link", name="溪口镇档案（档案）").wait_for(timeout=30_000)
        page.locator('[class*="st-key-view_delete_"] button').first.click()
        page.get_by_role("link", name="溪口镇档案（档案）").wait_for(state="detached", timeout=30_000)
