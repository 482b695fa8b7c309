"""The app's questions answered without the whole network (issue 17, point 6):

- offline, the rounds of :mod:`graph.subgraph` driven through the in-memory
  reader give, on their parts, the views, details, careers and traces the
  whole graph gives (demo and a generated network, two dates);
- against the real server, :class:`queries.network.StoreNetwork` gives every
  answer :class:`queries.network.MemoryNetwork` gives: the same parts, and
  counts, coverage, findings (compliance over three periods), pickers and the
  top organization worked out inside the store;
- a scoped user's part read from the store is the scoped graph.
"""

from __future__ import annotations

from datetime import date

import pytest

from graph.errors import ViewTooLarge
from graph.model import ResponsibilityGraph
from graph.schema import NodeLabel
from graph.scope import scoped_graph
from graph.subgraph import Part, scope_part
from queries.network import MemoryNetwork, Mode, StoreNetwork
from queries.views import EXPLORE_EDGE_TYPES
from store.driver import Neo4jStore
from store.reader import GraphReader
from tests.networks import network
from tests.store.answers import part_answers, scan_answers
from tests.store.conftest import NEEDS_SERVER
from tests.store.test_offline import same_graph

DATES = (date(2023, 6, 30), date(2025, 1, 1))
PERIODS = (
    (date(2024, 1, 1), date(2024, 12, 31)),
    (date(2025, 1, 1), date(2025, 6, 30)),
    (date(2023, 3, 15), date(2025, 11, 30)),
)


@pytest.fixture(scope="module")
def generated() -> ResponsibilityGraph:
    return network(12)


def _compare(got: dict[str, object], want: dict[str, object]) -> None:
    assert got.keys() == want.keys()
    wrong = [key for key in want if got[key] != want[key]]
    assert not wrong, f"{len(wrong)} of {len(want)} differ, first: {wrong[0]}\n{got[wrong[0]]}\n!=\n{want[wrong[0]]}"


@pytest.mark.parametrize("which", ["demo", "generated"])
@pytest.mark.parametrize("at", DATES)
def test_parts_read_through_the_reader_answer_as_the_whole_graph(
    which: str, at: date, demo: ResponsibilityGraph, generated: ResponsibilityGraph
) -> None:
    G = demo if which == "demo" else generated
    _compare(part_answers(StoreNetwork(GraphReader(G)), G, at), part_answers(MemoryNetwork(G), G, at))


@pytest.mark.parametrize("which", ["demo", "generated"])
def test_a_scope_read_through_the_reader_is_the_scoped_graph(
    which: str, demo: ResponsibilityGraph, generated: ResponsibilityGraph
) -> None:
    G = demo if which == "demo" else generated
    orgs = G.ids(NodeLabel.ORGANIZATION)
    for roots in ([orgs[0]], [orgs[len(orgs) // 2], orgs[-1]], [o for o in orgs if G.parent(o) is None]):
        same_graph(scoped_graph(scope_part(GraphReader(G), roots).graph(), roots), scoped_graph(G, roots))


@NEEDS_SERVER
@pytest.mark.parametrize("which", ["demo", "generated"])
def test_the_store_answers_every_page_question_as_memory_does(
    which: str, store: Neo4jStore, demo: ResponsibilityGraph, generated: ResponsibilityGraph
) -> None:
    G = demo if which == "demo" else generated
    store.push(G, name="test", batch_size=97)
    mem, down = MemoryNetwork(G), StoreNetwork(store)
    for at in DATES:
        want = scan_answers(mem, G, at, PERIODS)
        assert any(want[f"findings {s} {e}"] for s, e in PERIODS)
        _compare(scan_answers(down, G, at, PERIODS), want)
        _compare(part_answers(down, G, at), part_answers(mem, G, at))
    roots = [G.ids(NodeLabel.ORGANIZATION)[1]]
    same_graph(scoped_graph(store.read_scope(roots), roots), scoped_graph(G, roots))


class Counting(GraphReader):
    """The in-memory reader, counting the nodes it hands out."""

    handed = 0

    def triples(self, name: str, **params: object) -> Part:
        part = super().triples(name, **params)
        self.handed += len(part.nodes)
        return part


@pytest.mark.parametrize("mode", ["subtree", "neighbourhood"])
def test_a_view_past_the_limit_is_refused_before_it_is_read(mode: Mode, generated: ResponsibilityGraph) -> None:
    top = MemoryNetwork(generated).top()
    assert top is not None
    whole, _ = MemoryNetwork(generated).view(top, mode, depth=3, edge_types=EXPLORE_EDGE_TYPES, at=DATES[1])
    limit = len(whole) // 3
    reader = Counting(generated)
    with pytest.raises(ViewTooLarge) as refused:
        StoreNetwork(reader, view_limit=limit).view(top, mode, depth=3, edge_types=EXPLORE_EDGE_TYPES, at=DATES[1])
    assert reader.handed <= limit  # refused on the count, not after reading
    assert f"{limit}" in refused.value.message("zh") and "层数" in refused.value.message("zh")
    view, _ = StoreNetwork(GraphReader(generated), view_limit=3 * len(whole)).view(
        top,
        mode,
        depth=3,
        edge_types=EXPLORE_EDGE_TYPES,
        at=DATES[1],
    )
    assert set(view.nodes) == set(whole.nodes)
