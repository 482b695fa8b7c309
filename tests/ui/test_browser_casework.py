"""From finding to closed rectification in a real browser (issue 23), on
SQLite and on a real PostgreSQL: a finding on the statistics bureau made into a
lead, assigned, annotated; a rectification item past its deadline escalates to
the overseer and then the secretary who held those posts **on the deadline**
(the fixture changes the bureau's overseer between the finding and the
deadline); 销号 is refused without evidence and done with it. Screenshots:
tests/output/screens/casework-*.png."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from tests.ui.conftest import CHROMIUM, offline_page

pytestmark = pytest.mark.slow  # the running app in headless Chromium

if not CHROMIUM.exists():
    pytest.skip("browser tests skipped: no Chromium at /usr/bin/chromium", allow_module_level=True)
pytest.importorskip("playwright.sync_api", reason="browser tests skipped: playwright is not installed")

from casework.book import Actor, Casebook  # noqa: E402
from casework.db import Database  # noqa: E402
from tests.helpers import reshuffled_demo  # noqa: E402
from tests.ui.test_browser import SCREENS, running_app  # noqa: E402
from tests.ui.test_browser_workspace import _settle  # noqa: E402


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def server(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    home = tmp_path_factory.mktemp("home")
    data = reshuffled_demo(tmp_path_factory.mktemp("data"))
    if request.param == "sqlite":
        url = f"sqlite:///{home / 'casework.sqlite'}"
    else:
        url = request.getfixturevalue("postgres").database()
    env = {"RESPNET_HOME": str(home), "RESPNET_DATA": str(data), "RESPNET_DB_URL": url}
    for address in running_app(env, log_name=f"streamlit-casework-{request.param}.log"):
        yield address, url


def _pick(page: Any, label: str, option: str) -> None:
    """Choose ``option`` (a text it contains) in the selectbox labelled ``label``."""
    page.get_by_label(label).first.click()
    page.get_by_role("option", name=option).first.click()


def test_finding_to_lead_to_escalation_to_closing(browser: Any, server: tuple[str, str], tmp_path: Path) -> None:
    address, url = server
    kind = "postgresql" if url.startswith("postgresql") else "sqlite"
    with offline_page(browser, address, height=2200) as page:
        # the finding, seen on 2026-03-01 (when 吴丽华's post oversaw the bureau)
        page.goto(f"{address}/findings?at=2026-03-01&q=江屿市统计局")
        _settle(page, "问题清单")
        _pick(page, "问题（本页所列）", "没有任何监督主体")
        page.get_by_role("button", name="立为线索").click()
        _settle(page, "线索与整改")
        page.get_by_role("heading", name="#1 江屿市统计局无人监督的组织问题").wait_for(timeout=30_000)
        page.get_by_text("没有任何监督主体对其实施监督").first.wait_for()  # the finding's message, the first note

        # assigned, with a note
        page.get_by_label("承办人").first.fill("审查员张三")
        page.get_by_role("button", name="保存指派").click()
        page.locator('[data-testid="stMetricValue"]', has_text="审查员张三").wait_for(timeout=30_000)
        _settle(page, "线索与整改")  # the run over: no stale copy of a widget left
        page.get_by_label("核查记录").fill("已调取市政府领导分工文件，统计局分管领导于7月调整。")
        page.get_by_role("button", name="添加记录").click()
        page.get_by_text("已调取市政府领导分工文件").wait_for(timeout=30_000)
        _settle(page, "线索与整改")
        page.get_by_role("button", name="转为「核实中」").click()
        page.locator('[data-testid="stMetricValue"]', has_text="核实中").wait_for(timeout=30_000)
        _settle(page, "线索与整改")
        picker = page.locator('[data-testid="stSelectbox"]', has_text="打开线索").first
        shown = picker.locator("input").input_value()
        assert shown.endswith("（核实中）"), shown  # the new status at once, not the one the lead was opened with
        page.screenshot(path=str(SCREENS / f"casework-lead-{kind}.png"), full_page=True)

        # a rectification item whose deadline (2026-09-30) is long past
        page.get_by_role("tab", name="整改事项").click()
        _settle(page, "线索与整改")
        page.get_by_label("整改措施").locator("visible=true").first.fill("明确统计局分管领导并向市纪委报备")
        form = page.locator('[data-testid="stForm"]:visible', has_text="新增整改事项").first
        form.get_by_role("spinbutton", name="year, 整改期限").click()  # the date's segments, typed in turn
        page.keyboard.type("20260930", delay=40)
        page.keyboard.press("Escape")  # the calendar the typing opened
        form.get_by_role("button", name="加入整改台账").click()
        box = page.locator(".st-key-item_box_1")  # the item's box (its container's key)
        box.get_by_text("红灯（已逾期）").wait_for(timeout=30_000)
        _settle(page, "线索与整改")
        text = box.inner_text()
        # the overseer and then the secretary holding those posts on the deadline
        overseer = text.index(
            "分管领导（逾期第7天，2026-10-07，已提醒）：罗文斌（中共江屿市委员会·市委常委、宣传部部长）"
        )
        secretary = text.index(
            "主要负责人（书记）（逾期第14天，2026-10-14，已提醒）：马骏（江屿市统计局·党组书记、局长）"
        )
        assert overseer < secretary
        assert "吴丽华" not in text  # she oversaw the bureau when the finding was made, not on the deadline
        assert "市委常委、宣传部部长 —分管→ 江屿市统计局 [2026-07-01~…]" in text  # the edge that says why
        page.screenshot(path=str(SCREENS / f"casework-escalation-{kind}.png"), full_page=True)

        # 销号 refused without evidence, done with it
        box.get_by_role("button", name="销号").click()
        page.get_by_text("尚未上传整改佐证材料，不能销号").wait_for(timeout=30_000)
        _settle(page, "线索与整改")
        evidence = tmp_path / "分工调整通知.txt"
        evidence.write_text("市政府办公室关于调整市政府领导工作分工的通知（演示）", "utf-8")
        box.locator('input[type="file"]').set_input_files(str(evidence))
        box.get_by_role("button", name="上传佐证").click()
        box.get_by_role("button", name="分工调整通知.txt").wait_for(timeout=30_000)
        _settle(page, "线索与整改")
        box.get_by_role("button", name="销号").click()
        page.get_by_text("已销号（匿名（开放模式））").wait_for(timeout=30_000)
        _settle(page, "线索与整改")
        page.screenshot(path=str(SCREENS / f"casework-closed-{kind}.png"), full_page=True)

    db = Database(url)  # what the app committed, read back from the database itself
    lead = Casebook(db).lead(Actor("check"), 1)
    assert (lead.status, lead.assignee, lead.org_id) == ("verifying", "审查员张三", "TJ")
    assert lead.source_ref == "unsupervised_org:TJ"
    (item,) = lead.items
    assert (item.status, item.deadline, [e.name for e in item.evidence]) == (
        "closed",
        date(2026, 9, 30),
        ["分工调整通知.txt"],
    )
    actions = [h.action for h in Casebook(db).history(Actor("check"), 1)]
    assert actions == [
        "lead_created",
        "lead_note",
        "lead_assigned",
        "lead_note",
        "lead_status",
        "item_created",
        "item_evidence",
        "item_closed",
    ]
    db.close()


@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
def test_the_app_killed_while_saving_keeps_the_last_committed_state(
    browser: Any, kind: str, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    """Notes are being saved from the page when the app's process gets SIGKILL;
    after a restart the lead opens with every note that committed, each whole."""
    import signal

    from sqlalchemy import text

    from casework.models import Note
    from tests.ui.test_browser import SERVERS

    home = tmp_path / "home"
    home.mkdir()
    url = (
        f"sqlite:///{home / 'casework.sqlite'}" if kind == "sqlite" else request.getfixturevalue("postgres").database()
    )
    db = Database(url)
    lead = Casebook(db).create_lead(
        Actor("admin"), title="溪口镇财政所问题", source_kind="unit", source_ref="XK-CZS", org_id="XK-CZS"
    )
    db.close()
    env = {"RESPNET_HOME": str(home), "RESPNET_DB_URL": url}
    note = "核查记录" * 500  # long enough that a cut write would show

    first = running_app(env, log_name=f"streamlit-casework-kill-{kind}.log")
    address = next(first)
    with offline_page(browser, address, height=1600) as page:
        page.goto(f"{address}/leads?lead={lead.id}")
        _settle(page, "线索与整改")
        # a run under way may still show its stale copy of the note form beside the new one: the box
        # and its button are taken from the same (first) form, so they never come from different copies
        form = page.get_by_test_id("stForm").filter(has=page.get_by_label("核查记录")).first
        for _ in range(10):  # saves one after another, not waiting for them
            form.get_by_label("核查记录").fill(note)
            form.get_by_role("button", name="添加记录").click()
        SERVERS[address].send_signal(signal.SIGKILL)  # at once: the last saves are under way or not yet begun
        SERVERS[address].wait(timeout=30)
    first.close()

    db = Database(url)
    with db.session() as s:
        if db.engine.dialect.name == "sqlite":
            assert s.execute(text("PRAGMA integrity_check")).scalar() == "ok"
        kept = s.query(Note).filter(Note.lead_id == lead.id).all()
        assert all(n.text == note for n in kept)  # each committed note whole
        noted = s.execute(text("SELECT count(*) FROM history WHERE action = 'lead_note'")).scalar()
        assert noted == len(kept)  # a note and its history row together, or neither
        print(f"{kind}: {len(kept)} of 10 notes committed before the kill")
    db.close()

    again = running_app(env, log_name=f"streamlit-casework-restart-{kind}.log")  # restart: the same database
    address = next(again)
    with offline_page(browser, address, height=1600) as page:
        page.goto(f"{address}/leads?lead={lead.id}")
        _settle(page, "线索与整改")
        page.get_by_role("heading", name=f"#{lead.id} 溪口镇财政所问题").wait_for(timeout=30_000)
        page.get_by_label("核查记录").fill("重启后补充记录")
        page.get_by_role("button", name="添加记录").click()
        page.get_by_text("重启后补充记录").wait_for(timeout=30_000)
    again.close()
    db = Database(url)
    assert len(Casebook(db).lead(Actor("admin"), lead.id).notes) == len(kept) + 1
    db.close()
