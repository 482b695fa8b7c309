"""The one search (queries/search.py): by name, id and pinyin, grouped and
ranked; findings by the names of the people they concern."""

from __future__ import annotations

from datetime import date

from graph.builder import GraphBuilder
from loaders import load_graph
from queries import overlaps
from queries.dossier import name_findings
from queries.search import pinyin_keys, search_findings, search_nodes
from tests.helpers import DEMO


def test_names_ids_and_pinyin_find_the_demo_people() -> None:
    G = load_graph(DEMO)
    for text in ("许晓东", "P036", "xxd", "XXD", "xuxiaodong", "xuxiao"):
        hits = search_nodes(G, text)
        assert hits["Person"][0].id == "P036", text
    assert search_nodes(G, "") == {} and search_nodes(G, "没有这个人") == {}
    finance = search_nodes(G, "财政所")
    assert set(finance) == {"Position", "Organization", "Case"}
    assert finance["Organization"][0].id == "XK-CZS"


def test_exact_before_prefix_before_contains_and_limits_per_kind() -> None:
    b = GraphBuilder()
    for i, name in enumerate(("王小明", "小明", "李小明", "张三")):
        b.person(f"P{i}", name)
    G = b.build()
    assert [h.name for h in search_nodes(G, "小明")["Person"]] == ["小明", "王小明", "李小明"]
    assert len(search_nodes(G, "小明", limit=2)["Person"]) == 2
    assert pinyin_keys("江屿市") == ("jys", "jiangyushi")


def test_a_finding_is_found_by_the_holder_it_never_names() -> None:
    G = load_graph(DEMO)
    at = date(2025, 6, 1)
    named = name_findings(G, overlaps(G, at=at), at)
    said = {n.finding: (n.finding.message(), n.people()) for n in named}
    assert not any("孟凡" in message for message, _ in said.values())  # messages name posts ...
    hits = search_findings(said, "孟凡", said=said)
    assert hits and all(h.kind == "finding" for h in hits)  # ... the search finds the person all the same
    assert {h.id for h in hits} == {n.finding.subject for n in named if "孟凡" in n.people()}


def test_the_index_finds_what_a_loop_over_every_entry_finds() -> None:
    from queries.search import _index, _keys, _rank

    G = load_graph(DEMO)
    index = _index(G)
    for needle in ("x", "xxd", "镇", "财政所", "p0", "jy-", "书记", "zhu", "c2025", "·"):
        every = {e.id for e in index.entries if _rank(needle, *_keys(e)) is not None}
        hits = search_nodes(G, needle, limit=10_000)
        assert {h.id for group in hits.values() for h in group} == every, needle
