"""The findings page counted by subtree, narrowed down the tree and by level (AppTest, demo data)."""

from __future__ import annotations

import itertools
from collections import Counter

import pytest

from graph.model import ResponsibilityGraph
from graph.schema import NodeLabel
from loaders import load_graph
from queries.dossier import unit_chains
from tests.helpers import DEMO
from tests.ui.test_pages import app, goto

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def G() -> ResponsibilityGraph:
    return load_graph(DEMO)


def _units(at, G: ResponsibilityGraph) -> list[str]:  # type: ignore[no-untyped-def]
    """The units of the findings listed (by name, as the table shows them)."""
    by_name = {G.name(o): o for o in G.ids(NodeLabel.ORGANIZATION)}
    return [by_name[name] for name in at.dataframe[-1].value["所在单位"] if name]


def test_unit_chains_run_from_the_top_down_with_the_level(G: ResponsibilityGraph) -> None:
    orgs = G.ids(NodeLabel.ORGANIZATION)
    chains = unit_chains(G, orgs)
    for org in orgs:
        chain, level = chains[org]
        assert chain[-1] == org and G.parent(chain[0]) is None
        assert all(G.parent(below) == above for above, below in itertools.pairwise(chain))
        assert level == G.node(org).get("level")


def test_findings_are_counted_by_subtree_and_narrowed_down_it(G: ResponsibilityGraph) -> None:
    at = goto(app(), "findings")
    assert not at.exception
    summary = at.dataframe[0].value
    assert list(summary.columns) == ["下级单位（含其所属）", "高", "中", "低", "合计"]
    listed = at.dataframe[-1].value
    assert summary["合计"].sum() == len(listed)  # every listed finding counted once
    top = next(o for o in G.ids(NodeLabel.ORGANIZATION) if G.parent(o) is None)
    children = {G.name(c): c for c in G.ids(NodeLabel.ORGANIZATION) if G.parent(c) == top}
    below = [name for name in summary["下级单位（含其所属）"] if name in children]
    assert below, "no subtree right below the top"
    chains = unit_chains(G, G.ids(NodeLabel.ORGANIZATION))
    counted = Counter(chains[u].chain[1] for u in _units(at, G) if len(chains[u].chain) > 1)
    for name in below:
        row = summary[summary["下级单位（含其所属）"] == name].iloc[0]
        assert row["合计"] == counted[children[name]]
    # down into the subtree with the most findings: only its findings are listed
    gravest = children[below[0]]
    at.query_params["within"] = gravest
    at.run()
    assert not at.exception
    inside = _units(at, G)
    assert len(inside) == counted[gravest] > 0
    assert all(gravest in chains[u].chain for u in inside)
    assert at.query_params["within"] == gravest
    assert any(b.label == G.name(gravest) and b.disabled for b in at.button)  # the path back up
    next(b for b in at.button if b.label == "全部").click().run()
    assert "within" not in at.query_params and len(at.dataframe[-1].value) == len(listed)


def test_findings_filtered_by_the_level_of_their_unit(G: ResponsibilityGraph) -> None:
    at = goto(app(), "findings")
    chains = unit_chains(G, G.ids(NodeLabel.ORGANIZATION))
    before = _units(at, G)
    levels = Counter(chains[u].level for u in before)
    level = next(v for v, _ in levels.most_common() if v)
    at.multiselect(key="findings_levels").set_value([level]).run()
    assert not at.exception
    kept = _units(at, G)
    assert len(kept) == levels[level] and {chains[u].level for u in kept} == {level}
    assert at.query_params["levels"] == level


def test_the_lead_picker_asks_in_the_readers_language() -> None:
    """The empty picker says 请选择 (not Streamlit's own English placeholder)."""
    at = goto(app(), "findings")
    pick = next(s for s in at.selectbox if s.label == "问题（本页所列）")
    assert pick.value is None and pick.proto.placeholder == "请选择"
