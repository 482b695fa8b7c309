"""Signing in to the running app in headless Chromium: an administrator and a
unit inspector scoped to one township, each with screenshots saved under
tests/output/screens/ (signin-*.png)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from access.accounts import AccountRole, UserStore
from access.audit import AuditLog
from tests.ui.conftest import offline_page
from tests.ui.test_browser import SCREENS, running_app

pytestmark = pytest.mark.slow  # the running app in headless Chromium

ADMIN, ADMIN_PW = "wang", "admin-pass-123"
UNIT, UNIT_PW = "li", "scoped-pass-789"


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("signin-home")
    store = UserStore(folder / "users.yaml")
    store.add(ADMIN, AccountRole.ADMIN, password=ADMIN_PW, display="王主任")
    store.add(UNIT, AccountRole.UNIT_INSPECTOR, password=UNIT_PW, scope=("XK",), display="李检查")
    return folder


@pytest.fixture(scope="module")
def secured(home: Path) -> Iterator[str]:
    yield from running_app({"RESPNET_HOME": str(home)}, "streamlit-signin.log")


@pytest.fixture()
def page(browser, secured):  # type: ignore[no-untyped-def]
    with offline_page(browser, secured, height=1400) as page:
        yield page


def _sign_in(page, url: str, name: str, password: str, shot: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(url)
    page.get_by_role("heading", name="登录").wait_for(timeout=60_000)
    assert page.get_by_text("组织").count() == 0 or page.locator('[data-testid="stMetric"]').count() == 0
    page.get_by_label("用户名").fill(name)
    page.get_by_label("密码").fill(password)
    page.wait_for_timeout(300)
    SCREENS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENS / f"signin-{shot}-form.png"))
    page.get_by_role("button", name="登录").click()


def _settle(page, title: str) -> None:  # type: ignore[no-untyped-def]
    page.get_by_role("heading", name=title).first.wait_for(timeout=60_000)
    page.wait_for_timeout(2000)
    assert page.locator('[data-testid="stException"]').count() == 0


def test_a_wrong_password_is_refused_in_the_browser(page, secured) -> None:  # type: ignore[no-untyped-def]
    _sign_in(page, secured, ADMIN, "not-the-password", "wrong")
    page.get_by_text("用户名或密码不正确").wait_for(timeout=30_000)
    assert page.locator('[data-testid="stMetric"]').count() == 0
    page.screenshot(path=str(SCREENS / "signin-wrong.png"))


def test_the_administrator_signs_in_and_reads_the_audit_log(page, secured, home) -> None:  # type: ignore[no-untyped-def]
    _sign_in(page, secured, ADMIN, ADMIN_PW, "admin")
    _settle(page, "总览")
    assert page.get_by_text("王主任").count() > 0
    assert page.get_by_text("开放模式").count() == 0
    nav = page.locator('[data-testid="stSidebarNav"]').inner_text()
    assert "系统管理" in nav and "数据导入" in nav
    page.screenshot(path=str(SCREENS / "signin-admin-overview.png"))
    page.locator('[data-testid="stSidebarNav"]').get_by_text("系统管理").click()
    _settle(page, "系统管理")
    page.get_by_text("日志完整").wait_for(timeout=30_000)
    page.screenshot(path=str(SCREENS / "signin-admin-audit.png"))
    events = [(e["event"], e.get("user")) for e in AuditLog(home / "audit.jsonl").entries()]
    assert ("sign_in", ADMIN) in events
    signed = next(e for e in AuditLog(home / "audit.jsonl").entries() if e["event"] == "sign_in")
    assert signed["role"] == "admin" and signed["method"] == "password" and signed["time"]


def test_a_unit_inspector_signs_in_and_sees_only_their_township(page, secured, home) -> None:  # type: ignore[no-untyped-def]
    _sign_in(page, secured, UNIT, UNIT_PW, "unit")
    _settle(page, "总览")
    assert page.get_by_text("查看范围：XK").count() > 0
    nav = page.locator('[data-testid="stSidebarNav"]').inner_text()
    assert "系统管理" not in nav and "数据导入" not in nav and "Cypher" not in nav
    page.screenshot(path=str(SCREENS / "signin-unit-overview.png"))
    page.locator('[data-testid="stSidebarNav"]').get_by_text("案件溯源").click()
    _settle(page, "案件溯源")
    body = page.locator("body").inner_text()
    assert "住建局" not in body and "C2026-04" not in body
    page.screenshot(path=str(SCREENS / "signin-unit-trace.png"))
    viewed = [e for e in AuditLog(home / "audit.jsonl").entries() if e["event"] == "trace_view"]
    assert viewed and viewed[-1]["user"] == UNIT and viewed[-1]["case"] in {"C2023-01", "C2024-02", "C2025-03"}
