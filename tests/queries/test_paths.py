"""Paths (queries/paths.py): equal to a brute-force search on generated
networks (Hypothesis), told in sentences on the demo, changing with the date."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from graph.errors import NodeNotFound, RespnetError
from graph.model import ResponsibilityGraph
from graph.schema import EdgeType
from loaders import load_graph
from queries.paths import PATH_EDGE_TYPES, paths
from tests.helpers import DEMO
from tests.queries.test_reference import SETTINGS, scenes


def _brute(
    G: ResponsibilityGraph, source: str, target: str, at: date, types: tuple[EdgeType, ...], hops: int
) -> list[tuple[str, ...]]:
    """Every simple path of at most ``hops`` steps, by depth-first search over
    every edge in force (either direction) between nodes that exist on the day
    (an event dated later only as an end)."""

    def exists(node: str) -> bool:
        when = G.node(node).get("date") if G.label(node).value in ("Case", "Decision", "Record") else None
        return node in (source, target) or when is None or when <= at

    near: dict[str, set[str]] = {}
    for etype in types:
        for link in G.links(etype):
            if link.in_force(at) and link.source != link.target and exists(link.source) and exists(link.target):
                near.setdefault(link.source, set()).add(link.target)
                near.setdefault(link.target, set()).add(link.source)
    found: list[tuple[str, ...]] = []

    def walk(path: list[str]) -> None:
        if path[-1] == target:
            found.append(tuple(path))
            return
        if len(path) > hops:
            return
        for other in sorted(near.get(path[-1], ())):
            if other not in path:
                walk([*path, other])

    walk([source])
    return found


@SETTINGS
@given(scenes(), st.integers(1, 4), st.integers(1, 6), st.data())
def test_paths_equal_a_brute_force_search(scene, limit: int, hops: int, data) -> None:  # type: ignore[no-untyped-def]
    G, at = scene
    nodes = sorted(G.nx.nodes)
    if len(nodes) < 2:
        return
    source = data.draw(st.sampled_from(nodes))
    target = data.draw(st.sampled_from([n for n in nodes if n != source]))
    types = data.draw(st.sampled_from([PATH_EDGE_TYPES, tuple(EdgeType)]))  # every kind: records (dated) too
    got = paths(G, source, target, at=at, limit=limit, max_hops=hops, edge_types=types)
    every = _brute(G, source, target, at, types, hops)
    assert [p.nodes for p in got] == sorted(every, key=lambda p: (len(p), p))[:limit]  # shortest, ties by id
    for p in got:
        for (a, b), link in zip(zip(p.nodes, p.nodes[1:], strict=False), p.links, strict=True):
            assert {link.source, link.target} == {a, b} and link.in_force(at) and link.type in types


def test_a_path_is_told_in_sentences_and_moves_with_the_date() -> None:
    G = load_graph(DEMO)
    [first, *_] = paths(G, "P036", "P053", at=date(2025, 6, 1))
    text = first.sentence(G)
    assert text.startswith("许晓东任中共江屿市溪口镇委员会·镇党委书记（2024-07-01起）") and text.endswith("。")
    as_json = first.to_dict(G)
    assert as_json["nodes"][0] == "P036" and as_json["nodes"][-1] == "P053"
    assert as_json["edges"][0] == {
        "type": "HOLDS",
        "source": "P036",
        "target": "XK-S",
        "start": "2024-07-01",
        "end": None,
        "sentence": "许晓东任中共江屿市溪口镇委员会·镇党委书记（2024-07-01起）",
    }
    assert paths(G, "P036", "P053", at=date(2024, 1, 1)) == []  # before 许晓东 took the post
    before = paths(G, "P035", "XK", at=date(2024, 1, 1))  # 周立群 then held it
    assert before and "2021-01-01至2024-06-30" in before[0].sentence(G)
    assert "holds" in first.sentence(G, "en")
    # a case and decisions made after the day link nothing on it
    early = paths(G, "P035", "C2024-02", at=date(2024, 4, 1), limit=10)
    assert early and not {"C2025-03", "C2025-03/P035/principal_leadership"} & {n for p in early for n in p.nodes}
    later = paths(G, "P035", "C2024-02", at=date(2025, 9, 1), limit=10)
    assert "C2025-03" in {n for p in later for n in p.nodes}


def test_bad_ends_are_refused() -> None:
    G = load_graph(DEMO)
    with pytest.raises(NodeNotFound):
        paths(G, "P036", "NOPE", at=date(2025, 1, 1))
    with pytest.raises(RespnetError):
        paths(G, "P036", "P036", at=date(2025, 1, 1))
    with pytest.raises(RespnetError):
        paths(G, "P036", "P053", at=date(2025, 1, 1), limit=0)
