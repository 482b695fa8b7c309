"""Edge ends given by place (graph.core.Ends) against the records read plainly.

The builder gives the end of an edge that is the record's own node (a post's
IN, a duty's DEFINED_IN, a case's OCCURRED_IN ...) by its row, and the template
bearings' duty and bearer by where binding found them, instead of looking
each id up. Here every edge of the built graph is compared with what the
records say, id by id, on the demo and on a generated town, both when the
bearings are placed and when (the records copied) they are looked up."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

import numpy as np
import pytest

from graph.binding import BoundAssignments
from graph.builder import build_graph
from graph.core import GraphCore
from graph.errors import GraphError
from graph.given import EdgeColumns, Ends, NodeColumns
from graph.records import Dataset
from graph.schema import EdgeType, NodeLabel
from loaders import load_dataset
from loaders.synth import synthesize
from tests.helpers import DEMO

E = EdgeType


def _plain(ds: Dataset) -> dict[EdgeType, Counter[tuple[str, str]]]:
    """Each edge type's (source id, target id) pairs, read from the records."""
    pairs: dict[EdgeType, list[tuple[str, str]]] = {
        E.REPORTS_TO: [(o.id, o.parent_id) for o in ds.organizations if o.parent_id],
        E.IN: [(p.id, p.org_id) for p in ds.positions],
        E.HOLDS: [(t.person_id, t.position_id) for t in ds.tenures],
        E.DEFINED_IN: [(d.id, d.list_id) for d in ds.duties if d.list_id],
        E.DECOMPOSES: [(d.parent_id, d.id) for d in ds.duties if d.parent_id],
        E.BEARS: [(a.bearer_id, a.duty_id) for a in ds.assignments],
        E.OCCURRED_IN: [(c.id, org) for c in ds.cases for org in c.org_ids],
        E.BREACHES: [(c.id, duty) for c in ds.cases for duty in c.breached_duty_ids],
        E.INVOLVES: [(c.id, person) for c in ds.cases for person in c.direct_person_ids],
        E.CONCERNS: [(d.id, d.case_id) for d in ds.decisions],
        E.TARGETS: [(d.id, d.target_id) for d in ds.decisions],
        E.FULFILS: [(r.id, r.duty_id) for r in ds.records],
        E.PERFORMED: [(r.person_id, r.id) for r in ds.records],
    }
    return {etype: Counter(found) for etype, found in pairs.items()}


def _built(core: GraphCore) -> dict[EdgeType, Counter[tuple[str, str]]]:
    ids = core.ids
    return {
        etype: Counter((ids[s], ids[d]) for s, d in zip(table.src.tolist(), table.dst.tolist(), strict=True))
        for etype, table in core.edges.items()
    }


@pytest.fixture(scope="module")
def town(tmp_path_factory: pytest.TempPathFactory) -> Dataset:
    folder = tmp_path_factory.mktemp("town")
    synthesize(folder, orgs=300, seed=4)
    return load_dataset(folder)


@pytest.mark.parametrize("source", ["demo", "town"])
def test_every_edge_joins_the_nodes_its_record_names(source: str, town: Dataset) -> None:
    ds = load_dataset(DEMO) if source == "demo" else town
    bearings = ds.assignments
    assert isinstance(bearings, BoundAssignments)
    assert bearings.placed(ds.duties, ds.organizations, ds.positions) is not None  # the placed path is taken
    copied = replace(ds, organizations=list(ds.organizations), positions=list(ds.positions))
    assert bearings.placed(copied.duties, copied.organizations, copied.positions) is None  # and here it is not
    expected = _plain(ds)
    assert sum(expected[E.BEARS].values()) > len(bearings.written) > 0  # template bearings and written ones
    for dataset in (ds, copied):
        built = _built(build_graph(dataset).core)
        for etype, pairs in expected.items():
            assert built[etype] == pairs, etype


def test_ends_given_by_place_are_checked_like_ids() -> None:
    nodes = {
        NodeLabel.ORGANIZATION: NodeColumns(["A", "B"], {"name": ["甲", "乙"], "kind": ["unit", "unit"]}),
        NodeLabel.POSITION: NodeColumns(["A-S"], {"title": ["书记"], "role": ["secretary"]}),
    }

    def build(src: Ends, dst: list[str]) -> GraphCore:
        return GraphCore.build(nodes, {E.IN: EdgeColumns(src, dst)})

    core = build(Ends.of(NodeLabel.POSITION, [0]), ["B"])
    assert [(core.ids[s], core.ids[d]) for s, d in zip(core.edges[E.IN].src, core.edges[E.IN].dst, strict=True)] == [
        ("A-S", "B")
    ]
    with pytest.raises(ValueError, match="outside"):
        build(Ends.of(NodeLabel.POSITION, [1]), ["B"])
    with pytest.raises(GraphError) as wrong:  # an organization cannot be IN: named by its id in the error
        build(Ends.of(NodeLabel.ORGANIZATION, [1]), ["A"])
    assert wrong.value.params["node_id"] == "B" and wrong.value.params["source"] == "B"
    mixed = Ends(["A-S"], np.array([0], dtype=np.int8), np.array([0], dtype=np.int32))
    assert len(mixed) == 2
