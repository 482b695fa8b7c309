"""Every page of the app on the demo data, through Streamlit's AppTest."""

from __future__ import annotations

import io
import itertools
import json
import zipfile
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import streamlit as st
from docx import Document
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.testing.v1 import AppTest

from graph.schema import EdgeType
from queries.findings import FindingKind
from tests.helpers import DEMO, ROOT, folder_to_zip

pytestmark = pytest.mark.slow  # every page through AppTest (about 17 s)

AT = date(2026, 11, 21)
PAGES = (
    *("overview", "trace", "explore", "paths", "findings", "leads", "decisions", "changes", "whatif", "dossier"),
    "people",
    *("importer", "lists", "console"),
)


def app(lang: str = "zh") -> AppTest:
    """The app on the demo data as of :data:`AT`, on its first page."""
    st.cache_data.clear()
    st.cache_resource.clear()
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.session_state["at"] = AT
    at.session_state["lang"] = lang
    at.session_state["folder"] = str(DEMO)
    return at.run()


def goto(at: AppTest, page: str) -> AppTest:
    at.switch_page(f"ui/pages/{page}.py")
    return at.run()


def texts(at: AppTest) -> str:
    """Every piece of text on the page, joined."""
    parts = [
        e.value for kind in ("title", "header", "subheader", "markdown", "caption", "text") for e in getattr(at, kind)
    ]
    parts += [str(m.label) for m in at.metric]
    return "\n".join(str(p) for p in parts)


def drawing_of(at: AppTest) -> dict[str, Any]:
    """What the page's (first) canvas was sent to draw."""
    return dict(json.loads(at.get("bidi_component")[0].proto.json))


def external_refs(html: str) -> list[str]:
    """The src/href of every tag in a page (the inline library's comments and
    strings mention URLs; only tags make a browser fetch)."""
    from html.parser import HTMLParser

    found: list[str] = []

    class Refs(HTMLParser):
        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            found.extend(v or "" for k, v in attrs if k in ("src", "href"))

    Refs().feed(html)
    return found


#: Every deferred download registered in a run, by id: AppTest keeps no media
#: manager between runs, so the callables are caught as they are registered.
_DEFERRED: dict[str, Any] = {}
_add_deferred = MediaFileManager.add_deferred


def _recording_add_deferred(self: MediaFileManager, data_callable: Any, *args: Any, **kwargs: Any) -> str:
    file_id = _add_deferred(self, data_callable, *args, **kwargs)
    _DEFERRED[file_id] = data_callable
    return file_id


MediaFileManager.add_deferred = _recording_add_deferred  # type: ignore[method-assign]


def download(button: Any) -> bytes:
    """What a download button serves when clicked: its file is made then (a
    deferred download), as the server does when the browser asks for it."""
    data = _DEFERRED[button.proto.deferred_file_id]()
    return data if isinstance(data, bytes) else str(data).encode("utf-8")


def frame_text(at: AppTest) -> str:
    return "\n".join(df.value.to_csv() for df in at.dataframe)


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_page_renders_without_error(page: str, lang: str) -> None:
    at = goto(app(lang), page)
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
    assert at.title, page


def test_the_decisions_page_shows_the_figures_of_the_command() -> None:
    at = goto(app(), "decisions")
    # the demo's whole span: 17 decisions, 2 on organizations; 11 on township (9) and village (2) levels
    assert {m.label: m.value for m in at.metric} == {
        "问责决定": "17",
        "对组织问责": "2",
        "乡镇及以下": "11",
        "不予（免予）问责": "1",
    }
    assert len(at.get("vega_lite_chart")) == 4
    shown = texts(at)
    repeat = {tuple(row) for frame in at.dataframe for row in frame.value.astype(str).values.tolist()}
    assert ("溪口镇财政所", "C2024-02、C2025-03") in repeat
    assert ("中共江屿市溪口镇委员会·镇党委委员、副镇长", "C2023-01、C2024-02、C2025-03") in repeat
    assert "期间内未发生案件的单位（执纪审查空白）（17）" in shown


def test_overview_counts_coverage_and_findings_links() -> None:
    at = app()
    assert [m.label for m in at.metric] == ["组织", "岗位", "人员", "责任事项", "案件"]
    assert at.metric[0].value == "34"
    assert "纵向到底、横向到边" in texts(at)
    frames = frame_text(at)
    assert "乡镇" in frames and "村（社区）" in frames
    # a chart, not only a table: the level counts, the coverage, the changes of the last year and the findings
    assert len(at.get("vega_lite_chart")) == 4
    links = list(at.get("page_link"))
    to_findings = [link for link in links if "findings" in link.proto.page]
    to_changes = [link for link in links if "changes" in link.proto.page]
    assert len(to_findings) == 12 and len(to_changes) == 1 and len(links) == 13
    assert any("无人承担的责任：1" in link.proto.label for link in to_findings)
    assert any("交接缺失：" in link.proto.label for link in to_findings)
    assert "自 2025-11-21 至 2026-11-21" in texts(at)


def test_case_trace_shows_the_right_people_in_each_role() -> None:
    at = goto(app(), "trace")
    at.selectbox(key="trace_case").set_value("C2025-03").run()
    assert not at.exception
    roles = {m.value.strip("*"): None for m in at.markdown if m.value.startswith("**")}
    assert list(roles)[:4] == ["直接责任者", "主要领导责任者", "重要领导责任者", "监督责任"]
    columns = [c.value for c in at.get("markdown")]
    assert "朱慧" in texts(at) and "许晓东" in texts(at)
    by_role = {}
    for df in at.dataframe:
        value = df.value
        if "人员" in value.columns and "岗位" in value.columns:
            by_role[len(by_role)] = list(value["人员"])
    # the default rule set, 问责条例 (2019) art. 6: the overseers (直接主管) share 主要领导责任;
    # the same-level commission supervises, not the city's
    assert by_role[0] == ["朱慧 (P053)"]
    assert by_role[1] == ["许晓东 (P036)", "夏雨 (P038)", "秦国华 (P039)"]
    assert by_role[2] == ["（无）"]
    assert by_role[3] == ["孟凡 (P040)"]
    assert any("第六条" in str(v) for df in at.dataframe for v in df.value.to_numpy().ravel())
    # decisions compared with the chain: P035 held accountable after leaving the post
    assert any("周立群" in e.value for e in at.error)
    assert any("许晓东" in w.value for w in at.warning)
    assert columns
    at.selectbox(key="trace_rules").set_value("basic").run()  # the first version's grading
    by_role = {}
    for df in at.dataframe:
        if "人员" in df.value.columns and "岗位" in df.value.columns:
            by_role[len(by_role)] = list(df.value["人员"])
    assert by_role[1] == ["许晓东 (P036)"]
    assert by_role[2] == ["夏雨 (P038)", "秦国华 (P039)"]
    assert by_role[3] == ["唐正清 (P009)", "孟凡 (P040)"]


def test_case_trace_draws_an_inline_graph_and_offers_the_exports() -> None:
    at = goto(app(), "trace")
    at.selectbox(key="trace_case").set_value("C2024-02").run()
    [canvas] = at.get("bidi_component")
    assert canvas.proto.component_name == "respnet_canvas" and external_refs(canvas.proto.js_content) == []
    drawn = drawing_of(at)
    assert "周立群" in {n["label"] for n in drawn["nodes"]}  # the secretary on the case date, by name
    secretary = next(n for n in drawn["nodes"] if n["id"] == "XK-S")
    assert "2024-03-20 在岗：周立群" in secretary["title"]  # told on the case date, not today
    buttons = at.get("download_button")
    assert [b.proto.label for b in buttons] == ["溯源报告（Word）", "溯源报告（Excel）", "JSON"]


def test_trace_exports_are_readable_reports(tmp_path: Path) -> None:
    from loaders import load_graph
    from queries import trace_case
    from queries.trace_report import namer, trace_sections
    from reports.filed import trace_report
    from reports.paper import namer as full_names
    from reports.paper import paper
    from rules import shipped
    from ui.exports import trace_json, trace_xlsx

    G = load_graph(DEMO)
    tr = trace_case(G, "C2025-03", "basic")
    sections = trace_sections(tr, "zh", namer(G))
    front = paper("关于“溪口镇财政所虚报冒领惠农补贴问题”的责任追溯报告", "审查员", tr.date, "demo", "zh")
    doc = Document(io.BytesIO(trace_report(front, tr, full_names(G), shipped("basic"))))
    body = "\n".join(p.text for p in doc.paragraphs) + "\n".join(
        c.text for t in doc.tables for row in t.rows for c in row.cells
    )
    assert "责任追溯报告" in body and "许晓东" in body and "问责无据" in body
    assert "P036" not in body  # an official document names people, never their ids
    wb = openpyxl.load_workbook(io.BytesIO(trace_xlsx(sections, "zh")))
    cells = [str(c.value) for row in wb.active.iter_rows() for c in row if c.value]
    assert "朱慧 (P053)" in cells and "主要领导责任者" in cells
    data = json.loads(trace_json(tr, "zh"))
    assert [r["person"] for r in data["roles"]["principal_leadership"]] == ["P036"]


def test_explore_draws_a_subtree_and_aggregates_a_large_view() -> None:
    at = goto(app(), "explore")
    at.selectbox(key="explore_org").set_value("XK").run()
    assert not at.exception
    assert len(drawing_of(at)["nodes"]) > 10
    assert any("个节点" in c.value for c in at.caption)
    at.query_params["select"] = "XK-S"  # what a click on the canvas leaves in the URL
    at.run()
    assert "镇党委书记" in texts(at) and "许晓东" in texts(at)
    assert any("承担方式" in df.value.columns for df in at.dataframe)
    # the whole city with duties is far above the cap: drawn as groups
    at.selectbox(key="explore_org").set_value("JY").run()
    at.slider(key="explore_depth").set_value(5).run()
    at.multiselect(key="explore_types").select(EdgeType.BEARS).run()
    assert any("已按组汇总显示" in i.value for i in at.info)
    groups = drawing_of(at)["nodes"]
    assert groups and all(n["id"].startswith("Organization|") or "|" in n["id"] for n in groups)  # groups, not nodes


def test_findings_filter_by_kind_from_the_link_and_export() -> None:
    at = app()
    at.query_params["kind"] = "vacant_key_post"
    at = goto(at, "findings")
    kinds = at.multiselect(key="findings_kinds").value
    assert [k.value for k in kinds] == ["vacant_key_post"]
    summary, table = at.dataframe  # by subtree, then every finding
    assert {"下级单位（含其所属）", "高", "中", "低", "合计"} <= set(summary.value.columns)
    assert set(table.value["类型"]) == {"关键岗位空缺"} and set(table.value["级别"]) == {"中"}
    assert len(table.value) == 3
    assert all(link.startswith("explore?org=") for link in table.value["打开"])  # each opens on the graph
    at.text_input(key="findings_text").set_value("EDU-B1").run()
    assert len(at.dataframe[-1].value) == 1
    buttons = at.get("download_button")  # the list as a workbook and as a report in official form
    assert [b.proto.label for b in buttons] == ["导出问题清单（Excel）", "导出问题清单（公文格式 .docx）"]


def test_findings_xlsx_neutralises_formulas() -> None:
    from queries.dossier import NamedFinding
    from queries.findings import Finding, FindingKind
    from ui.exports import findings_xlsx

    f = Finding(FindingKind.ORPHAN_DUTY, ("=HYPERLINK(1)",), {"duty": "=cmd|' /C calc'!A0", "duty_id": "+1"})
    named = NamedFinding(f, "=U", "=SUM(1)", {"=P": ["@人"]}, {"=P": "-岗位"})
    wb = openpyxl.load_workbook(io.BytesIO(findings_xlsx([named], "zh", at=AT, source="x")))
    values = [c.value for row in wb.active.iter_rows() for c in row if isinstance(c.value, str)]
    assert not any(v.startswith(("=", "+", "-", "@")) for v in values)
    assert "'=HYPERLINK(1)" in values


def test_people_page_shows_a_career_and_a_post_history() -> None:
    at = goto(app(), "people")
    at.selectbox(key="people_person").set_value("P035").run()
    [table] = at.dataframe
    assert "镇党委书记" in "".join(table.value["对象"])
    assert len(at.get("vega_lite_chart")) == 1
    at.radio(key="people_mode").set_value("post").run()
    at.selectbox(key="people_post").set_value("XK-S").run()
    history = at.dataframe[0].value
    assert list(history["对象"]) == ["周立群", "许晓东"]
    assert list(history["起"]) == ["2021-01-01", "2024-07-01"]


def test_invalid_upload_shows_its_errors_and_changes_nothing(tmp_path: Path) -> None:
    from tests.helpers import copy_demo, edit_rows

    folder = copy_demo(tmp_path / "bad")

    def break_it(rows):  # type: ignore[no-untyped-def]
        rows[0]["parent_id"] = "NOWHERE"
        return rows

    edit_rows(folder, "organizations", break_it)
    at = goto(app(), "importer")
    at.file_uploader[0].set_value(("bad.zip", folder_to_zip(folder), "application/zip")).run()
    assert not at.exception
    assert any("未通过校验" in e.value for e in at.error)
    problems = at.dataframe[0].value
    assert "organizations.csv" in set(problems["文件/工作表"]) and "NOWHERE" in problems.to_csv()
    assert not at.main.button  # nothing to use
    assert at.session_state["source_kind"] == "path"
    assert "uploads" not in at.session_state
    goto(at, "overview")
    assert at.metric[0].value == "34"


def test_valid_upload_is_summarised_then_used_on_request(tmp_path: Path) -> None:
    from tests.helpers import copy_demo, edit_rows

    folder = copy_demo(tmp_path / "good")

    def drop_villages(rows):  # type: ignore[no-untyped-def]
        return rows

    edit_rows(folder, "organizations", drop_villages)
    at = goto(app(), "importer")
    at.file_uploader[0].set_value(("城市.zip", folder_to_zip(folder, top="城市"), "application/zip")).run()
    assert any("校验通过" in s.value for s in at.success)
    assert at.session_state["source_kind"] == "path"  # not yet used
    at.button(key="import_use").click().run()
    assert at.session_state["source_kind"] == "upload"
    goto(at, "overview")
    assert not at.exception and at.metric[0].value == "34"
    assert "城市.zip" in texts(at)


def test_switching_pages_and_dates_does_not_reload_files(monkeypatch: pytest.MonkeyPatch) -> None:
    import ui.data
    from ui.loading import forget

    calls: list[str] = []

    def counting(name, real):  # type: ignore[no-untyped-def]
        def count(*args, **kwargs):  # type: ignore[no-untyped-def]
            calls.append(name)
            return real(*args, **kwargs)

        return count

    monkeypatch.setattr(ui.data, "load_dataset", counting("dataset", ui.data.load_dataset))
    monkeypatch.setattr(ui.data, "load_graph_cached", counting("graph", ui.data.load_graph_cached))
    forget()  # as in a fresh process: the graph is loaded once, then held
    at = app()
    for page in PAGES:
        goto(at, page)
    at.session_state["at"] = date(2024, 1, 1)
    goto(at, "overview")
    goto(at, "findings")
    assert not at.exception
    assert calls == ["graph"]


def test_english_switch_changes_every_label() -> None:
    import re

    cjk = re.compile(r"[\u4e00-\u9fff]")
    at = app("en")
    for page in PAGES:
        goto(at, page)
        labels = [
            w.label
            for kind in ("selectbox", "multiselect", "radio", "text_input", "date_input", "slider")
            for w in getattr(at, kind)
        ]
        labels += [at.title[0].value] + [str(m.label) for m in at.metric]
        labels += [b.proto.label for b in at.get("download_button")]
        assert not [label for label in labels if cjk.search(label) and label != "语言 / Language"], page


def test_the_canvas_module_loads_nothing_from_the_network() -> None:
    from ui.canvas import module_source
    from ui.draw import DrawEdge, DrawNode, drawing

    assert external_refs(module_source()) == []
    assert "vis.Network" in module_source()
    data = drawing(
        [DrawNode("a", "中共江屿市委员会", "</script><b>x</b>", "#fff"), DrawNode("b", "书记", "", "#000")],
        [DrawEdge("a", "b", "设于")],
    )
    assert data["nodes"][0]["title"] == "</script><b>x</b>"  # data, never markup: it travels as JSON


def test_large_drawings_ask_no_physics_of_the_browser() -> None:
    from ui.draw import PHYSICS_MAX_NODES, DrawNode, drawing

    nodes = [DrawNode(str(i), str(i), "", "#fff") for i in range(PHYSICS_MAX_NODES + 1)]
    large = drawing(nodes, [])
    assert large["options"]["physics"] == {"enabled": False} and all("x" in n for n in large["nodes"])
    assert drawing(nodes[:10], [])["options"]["physics"]["enabled"] is True


def test_layered_rows_never_overlap_their_labels() -> None:
    from ui.draw import DrawNode, _label_width, drawing

    nodes = [DrawNode(f"n{i}", "中共江屿市溪口镇委员会" * (1 + i % 2), "", "#fff", "box", level=0) for i in range(6)]
    placed = sorted((n["x"], _label_width(n["label"])) for n in drawing(nodes, [], hierarchical=True)["nodes"])
    for (x1, w1), (x2, w2) in itertools.pairwise(placed):
        assert x2 - w2 / 2 >= x1 + w1 / 2, (x1, w1, x2, w2)


def test_zip_helper_round_trips() -> None:
    with zipfile.ZipFile(io.BytesIO(folder_to_zip(DEMO))) as archive:
        assert "organizations.csv" in archive.namelist()


# ---------------------------------------------------------------- Neo4j (no server here)
def unused_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_console_without_a_configured_store_says_how_to_configure(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NEO4J_URI", raising=False)
    at = goto(app(), "console")
    assert not at.exception
    assert any("NEO4J_URI" in i.value for i in at.info)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_console_on_an_unreachable_server_shows_one_clear_message(lang: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEO4J_URI", f"bolt://127.0.0.1:{unused_port()}")
    monkeypatch.setenv("NEO4J_PASSWORD", "pw")
    at = goto(app(lang), "console")
    assert not at.exception and not at.error
    at.button[0].click().run()
    assert not at.exception
    errors = [e.value for e in at.error]
    assert len(errors) == 1 and ("无法连接" if lang == "zh" else "Cannot reach") in errors[0]


def test_console_rejects_parameters_that_are_not_an_object(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEO4J_URI", f"bolt://127.0.0.1:{unused_port()}")
    monkeypatch.setenv("NEO4J_PASSWORD", "pw")
    at = goto(app(), "console")
    at.text_area[1].set_value("[1, 2]")
    at.button[0].click().run()
    assert not at.exception
    assert any("JSON 对象" in e.value for e in at.error)


def test_neo4j_source_unreachable_or_unconfigured(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NEO4J_URI", raising=False)
    at = app()
    at.session_state["source_kind"] = "neo4j"
    at.run()
    assert not at.exception
    assert any("NEO4J_URI" in i.value for i in at.sidebar.info)
    monkeypatch.setenv("NEO4J_URI", f"bolt://127.0.0.1:{unused_port()}")
    monkeypatch.setenv("NEO4J_PASSWORD", "pw")
    at.run()
    assert not at.exception
    assert any("无法连接" in e.value for e in at.sidebar.error)
    assert not at.metric  # nothing shown as if it were data


def test_console_with_a_uri_but_no_password_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEO4J_URI", "bolt://127.0.0.1:7687")
    monkeypatch.delenv("NEO4J_PASSWORD", raising=False)
    at = goto(app(), "console")
    assert not at.exception
    assert [e.value for e in at.error] == [
        "未提供 Neo4j 用户「neo4j」的密码：请设置环境变量 NEO4J_PASSWORD，或在终端中运行以便输入。"
    ]


def test_a_tenure_to_the_end_of_the_calendar_is_drawn_and_listed(tmp_path: Path) -> None:
    """A tenure ending 9999-12-31 (some systems' "no end") draws at the timeline's edge and is listed as written."""
    from tests.helpers import copy_demo, edit_rows

    folder = copy_demo(tmp_path / "far")
    edit_rows(
        folder, "positions", lambda rows: [*rows, {**rows[0], "id": "JY-X", "title": "专职副书记", "role": "other"}]
    )
    edit_rows(
        folder,
        "tenures",
        lambda rows: [*rows, {"person_id": "P001", "position_id": "JY-X", "start": "0001-01-01", "end": "9999-12-31"}],
    )
    at = app()
    at.session_state["folder"] = str(folder)
    at = goto(at.run(), "people")
    assert not at.exception and not at.error, (at.exception, [e.value for e in at.error])
    assert "9999-12-31" in frame_text(at) and "0001-01-01" in frame_text(at)
    at.radio(key="people_mode").set_value("post").run()
    at.selectbox(key="people_post").set_value("JY-X").run()
    assert not at.exception and not at.error, (at.exception, [e.value for e in at.error])
    assert "9999-12-31" in frame_text(at) and at.get("vega_lite_chart")


def test_a_picker_past_its_limit_searches_and_selects_the_first_match(tmp_path: Path) -> None:
    """More than 500 people: the picker lists the first 50 until a search, then
    up to 500 matches with the first selected; a search matching nothing says so."""
    from loaders.synth import synthesize
    from ui.pickers import PICK_BROWSE, PICK_LIMIT

    folder = tmp_path / "synth"
    synthesize(folder, orgs=120)  # about 640 people
    at = app()
    at.session_state["folder"] = str(folder)
    at = goto(at.run(), "people")
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert "查找（共" in at.text_input(key="people_person_search").label
    browse = at.selectbox(key="people_person")
    assert len(browse.options) == PICK_BROWSE < PICK_LIMIT
    wanted = browse.options[-1]  # "name（id）": search by the id
    person_id = wanted.rsplit("（", 1)[1].rstrip("）")
    at.text_input(key="people_person_search").set_value(person_id).run()
    found = at.selectbox(key="people_person")
    assert found.value == person_id and all(person_id in o for o in found.options), found.options
    assert at.dataframe  # the career of the person found
    at.text_input(key="people_person_search").set_value("没有这个人").run()
    assert any("没有名称或编码包含“没有这个人”的项" in i.value for i in at.info)


def test_a_search_selects_its_first_match_over_the_default_organization(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The explore page opens on the top organization; a search replaces it by the first match."""
    from loaders.synth import synthesize

    monkeypatch.setattr("ui.pickers.PICK_LIMIT", 40)
    monkeypatch.setattr("ui.pickers.PICK_BROWSE", 10)
    folder = tmp_path / "synth"
    synthesize(folder, orgs=120)
    at = app()
    at.session_state["folder"] = str(folder)
    at = goto(at.run(), "explore")
    top = at.selectbox(key="explore_org").value
    assert top is not None and len(at.selectbox(key="explore_org").options) == 10 + 1  # the browse list and the top
    other = next(o for o in at.selectbox(key="explore_org").options if top not in o).rsplit("（", 1)[1].rstrip("）")
    at.text_input(key="explore_org_search").set_value(other).run()
    assert at.selectbox(key="explore_org").value == other, at.selectbox(key="explore_org").options
    assert not at.exception and not at.error


def test_the_findings_page_keeps_its_state_in_the_url() -> None:
    at = app()
    at.query_params.update({"severity": "high", "from": "2025-01-01", "to": "2025-06-30", "q": "纪委"})
    at = goto(at, "findings")
    table = at.dataframe[-1].value
    assert len(table) and set(table["级别"]) == {"高"}
    assert all("纪委" in " ".join(row) for row in table.astype(str).values.tolist())
    assert at.date_input(key="findings_period").value == (date(2025, 1, 1), date(2025, 6, 30))
    at.multiselect(key="findings_kinds").set_value([FindingKind.CONFLICT_OF_INTEREST]).run()
    assert at.query_params["kinds"] == "conflict_of_interest" and at.query_params["severity"] == "high"


def test_a_ledger_item_under_a_decision_and_the_escalation_days() -> None:
    at = goto(app(), "leads")
    decision = "C2024-06/LH/overall_leadership"
    assert any(
        o.startswith("莲湖街道违规发放征地拆迁补偿款问题｜") and o.endswith("｜通报")
        for o in at.selectbox(key="decision_pick").options
    )
    at.selectbox(key="decision_pick").set_value(decision).run()
    at.text_area(key="item_measure_decision").input("街道党工委作出书面检查并限期整改")
    at.date_input(key="item_deadline_decision").set_value(date(2025, 3, 31))
    next(b for b in at.button if b.label == "加入整改台账").click().run()
    assert not at.exception and not at.error
    shown = texts(at)
    assert "整改事项 #1：街道党工委作出书面检查并限期整改" in shown
    assert "单位：中共江屿市莲湖街道工作委员会；期限：2025-03-31" in shown  # the case's place
    assert "分管领导" in shown and "监督执纪机关负责人" in shown  # its escalation, as of 2025-03-31
    for step, value in zip(("contact", "overseer", "secretary", "commission"), (0, 3, 10, 20), strict=True):
        at.number_input(key=f"days_{step}").set_value(value)
    next(b for b in at.button if b.label == "保存提醒天数").click().run()
    assert not at.error
    assert "逾期第3天" in texts(at)


def test_a_lead_about_a_unit_starts_from_no_unit_chosen() -> None:
    """The leads page's unit picker is the shared picker, opening on 请选择 (no
    unit and no form until one is chosen); choosing a unit shows its lead form."""
    at = goto(app(), "leads")
    box = at.selectbox(key="lead_unit_pick")
    assert box.value is None and box.proto.placeholder == "请选择"
    assert not any(i.value == "江屿市统计局有关问题" for i in at.text_input)
    box.set_value("TJ").run()
    assert not at.exception
    assert any(i.value == "江屿市统计局有关问题" for i in at.text_input)
