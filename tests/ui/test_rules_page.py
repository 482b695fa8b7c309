"""The rule sets in the app: the trace page's choice and citations, the
administrator's default (which the command line follows too)."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from access.accounts import UserStore
from access.settings import default_rule_set, set_default_rule_set
from cli import main
from tests.helpers import DEMO
from tests.ui.test_pages import app, goto, texts
from tests.ui.test_trust import accounts, home, sign_in  # noqa: F401 - the fixtures


def _people(at):  # type: ignore[no-untyped-def]
    found = []
    for df in at.dataframe:
        if "人员" in df.value.columns and "岗位" in df.value.columns:
            found.append(list(df.value["人员"]))
    return found


def test_the_trace_page_shows_a_period_an_acting_head_and_organizations() -> None:
    at = goto(app(), "trace")
    at.selectbox(key="trace_case").set_value("C2024-06").run()
    assert not at.exception
    body = texts(at)
    assert "《中国共产党问责条例》（2019年修订）" in body and "2019-09-01" in body
    assert "全面领导责任" in body and "中共江屿市莲湖街道工作委员会" in body
    cells = " ".join(str(v) for df in at.dataframe for v in df.value.to_numpy().ravel())
    for phrase in ("主持工作", "2022-09-01~2023-12-31", "无现职", "第六条", "三个区分开来", "不予（免予）问责"):
        assert phrase in cells, phrase
    principal = _people(at)[1]
    assert principal[:3] == ["邵晨 (P047)", "吕振华 (P054)", "邵文博 (P056)"]
    at.selectbox(key="trace_case").set_value("C2025-07").run()  # a case in two organizations
    cells = " ".join(str(v) for df in at.dataframe for v in df.value.to_numpy().ravel())
    assert "江屿市住房和城乡建设局 (ZJ)、江屿市财政局 (CZ)" in cells and "谢婉清 (P014)" in cells


def test_the_administrators_default_holds_in_the_app_and_on_the_command_line(
    accounts: UserStore,  # noqa: F811
    home: Path,  # noqa: F811
) -> None:
    assert default_rule_set() is None
    try:
        at = goto(sign_in(app(), "wang"), "admin")
        assert not at.exception
        at.selectbox(key="admin_rules").set_value("basic").run()
        at.button(key="admin_rules_save").click().run()
        assert default_rule_set() == "basic"
        audit = [json.loads(line) for line in (home / "audit.jsonl").read_text("utf-8").splitlines()]
        assert any(e.get("event") == "rules_default" and e.get("rules") == "basic" for e in audit)
        at = goto(sign_in(app(), "wang"), "trace")
        at.selectbox(key="trace_case").set_value("C2025-03").run()
        assert _people(at)[1] == ["许晓东 (P036)"]  # basic grades the overseers 重要
        out = json.loads(CliRunner().invoke(main, ["trace", str(DEMO), "C2025-03", "--json"]).output)
        assert out["rule_set"]["id"] == "basic"
    finally:
        set_default_rule_set("wenze2019")
