"""The app on the real server: the Neo4j source opens the overview with the
pushed network, and the Cypher console answers, and refuses a write, on the
page itself."""

from __future__ import annotations

from graph.model import ResponsibilityGraph
from graph.schema import NodeLabel
from store.driver import Neo4jStore
from tests.store.conftest import NEEDS_SERVER
from tests.ui.test_pages import app, goto, texts

pytestmark = NEEDS_SERVER


def test_the_app_reads_the_pushed_network_and_its_console_answers(store: Neo4jStore, demo: ResponsibilityGraph) -> None:
    store.push(demo, name="演示数据")
    at = app()
    at.session_state["source_kind"] = "neo4j"
    at.run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert "演示数据" in "\n".join(c.value for c in at.sidebar.caption)
    orgs = str(len(demo.ids(NodeLabel.ORGANIZATION)))
    assert any(orgs == str(m.value) for m in at.metric), [m.value for m in at.metric]
    at = goto(at, "console")
    at.button[0].click().run()  # the example query, on the demo's first organization
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert at.dataframe, texts(at)
    before = store.count()
    at.text_area[0].set_value("MATCH (n:Person) DETACH DELETE n")
    at.button[0].click().run()
    assert [e.value for e in at.error] == ["查询控制台只能读取数据：该语句会修改数据库，已拒绝执行，未做任何更改。"]
    assert store.count() == before
