"""The app on the real server: the Neo4j source opens the overview with the
pushed network, and the Cypher console answers, and refuses a write, on the
page itself; on a generated province every page opens reading only a bounded
part of it (counted at the store), never the whole network."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from graph.model import ResponsibilityGraph
from graph.schema import NodeLabel
from queries.network import VIEW_LIMIT, MemoryNetwork
from queries.views import DEFAULT_EDGE_TYPES, EXPLORE_EDGE_TYPES
from store.driver import Neo4jStore
from tests.store.conftest import NEEDS_SERVER
from tests.store.pages import PAGES, Reads, open_page
from tests.ui.test_pages import app, goto, texts

pytestmark = [NEEDS_SERVER, pytest.mark.slow]


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


#: What a page may read, in rows and nodes, against what it shows: a page
#: listing findings reads the nodes they name (with each post's organization);
#: the explore page the nodes its view selects (each with what is said of it);
#: the trace one case's surroundings; the people page one person's or post's.
#: Pickers and counts add at most ``FIXED``.
PER_FINDING, PER_VIEW_NODE, TRACE_SHARE, FIXED = 4, 2, 0.02, 500


def test_every_page_on_a_store_province_reads_a_bounded_part(
    store: Neo4jStore, province: ResponsibilityGraph, monkeypatch: pytest.MonkeyPatch
) -> None:
    store.push(province, name="省级模拟数据")
    size, on = len(province), date(2025, 1, 1)
    mem = MemoryNetwork(province)
    findings = len(mem.findings(at=on, start=date(2024, 1, 1), end=date(2024, 12, 31)))
    top = mem.top()
    assert top is not None

    def bound(page: str, state: dict[str, Any]) -> float:
        if page in ("overview", "findings", "dossier"):  # a dossier lists the findings naming them
            return PER_FINDING * findings + FIXED
        if page == "explore":
            mode, depth = state.get("explore_mode", "subtree"), state.get("explore_depth", 1)
            view, _ = mem.view(top, mode, depth=depth, edge_types=DEFAULT_EDGE_TYPES, at=on)
            return PER_VIEW_NODE * len(view) + FIXED
        return TRACE_SHARE * size if page == "trace" else FIXED

    reads = Reads(monkeypatch)
    # the root's subtree five levels down with every edge kind: most of the network, refused on its count
    opened = open_page(reads, "explore", {"explore_depth": 5, "explore_types": list(EXPLORE_EDGE_TYPES)}, on)
    warned = [w.value for w in opened.app.warning]
    assert [w for w in warned if f"上限 {VIEW_LIMIT} 个" in w], warned
    assert not opened.app.exception and not opened.app.error
    assert opened.total <= VIEW_LIMIT + FIXED, opened.rows.most_common(5)
    lines = []
    for title, (page, state) in PAGES.items():
        opened = open_page(reads, page, state, on)
        at = opened.app
        assert not at.exception and not at.error, (title, [e.value for e in at.exception], [e.value for e in at.error])
        assert at.title and at.title[0].value, title
        assert not {"all_nodes", "all_rels"} & set(opened.rows), (title, opened.rows)  # never the whole network
        most = bound(page, state)
        share = opened.total / size
        lines.append(
            f"{title}: {opened.total:,} rows and nodes ({share:.2%}; bound {most:,.0f}), {opened.seconds:.1f} s"
        )
        assert opened.total <= most, (title, opened.total, most, opened.rows.most_common(5))
    print(f"\nnodes in the network: {size:,}; findings on {on}: {findings:,}\n" + "\n".join(lines))
