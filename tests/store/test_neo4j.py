"""Integration and conformance tests against a real Neo4j 5.

They run whenever ``NEO4J_URI`` is set (user and password from ``NEO4J_USER``
and ``NEO4J_PASSWORD``, database from ``NEO4J_DATABASE``) and are skipped with
a message otherwise; ``docker compose up --abort-on-container-exit`` starts a
throw-away Neo4j and runs them (see README). They REPLACE the respnet data of
that database (nodes labelled ``Respnet``): point them at a test server.

- round trip: push, then read back, gives an equal graph;
- an idempotent re-push writes nothing;
- deletion sync removes what left the source and leaves foreign nodes alone;
- for the demo data and a generated network, every push-down scan and every
  trace equals the networkx result, and every triple statement answers what
  the in-memory reader answers.
"""

from __future__ import annotations

import json
from datetime import date

import pytest
from click.testing import CliRunner

from cli import main
from graph.errors import StoreError
from graph.model import ResponsibilityGraph
from graph.schema import EdgeType, NodeLabel
from graph.subgraph import Part
from queries import gaps, orphans, overlaps, pushdown, trace_case
from store.driver import Connection, Neo4jStore, PushReport, connect
from store.reader import GraphReader
from tests.helpers import DEMO
from tests.networks import network
from tests.store.conftest import NEEDS_SERVER
from tests.store.test_offline import same_graph

pytestmark = [NEEDS_SERVER, pytest.mark.slow]

FOREIGN = {"a": "respnet-test-foreign-1", "b": "respnet-test-foreign-2"}
DATES = (date(2023, 6, 30), date(2025, 1, 1), date(2026, 11, 21))


def push(store: Neo4jStore, G: ResponsibilityGraph) -> PushReport:
    return store.push(G, name="test", batch_size=97)


@pytest.fixture(scope="module")
def generated() -> ResponsibilityGraph:
    return network(60)


def test_round_trip_and_idempotent_re_push(store: Neo4jStore, demo: ResponsibilityGraph) -> None:
    push(store, network(2))  # a known state, whatever an earlier run left
    first = push(store, demo)
    same_graph(store.read_graph(), demo)
    meta = store.meta()
    assert meta is not None and meta["nodes"] == len(demo) and meta["hash"]
    again = store.push(demo, name="test", batch_size=5000, pushed="later")
    assert again.unchanged, again
    assert store.meta() == meta  # same data: the push record (hash, time) is unchanged too
    same_graph(store.read_graph(), demo)
    assert first.nodes == len(demo) and not first.unchanged


class _StopAfter:
    """A progress sink that stops the push after ``n`` written ranges, as a dropped connection would."""

    def __init__(self, n: int) -> None:
        self.left = n
        self.writing = False

    def phase(self, name: str, total: int) -> None:
        self.writing = name.startswith(("nodes:", "edges:"))

    def advance(self, done: int) -> None:
        self.left -= self.writing
        if self.left < 0:
            raise ConnectionResetError("push interrupted by the test")


def test_an_interrupted_push_is_marked_and_finished_by_pushing_again(
    store: Neo4jStore, demo: ResponsibilityGraph, generated: ResponsibilityGraph
) -> None:
    push(store, demo)
    before = store.meta()
    assert before is not None and not before.get("pushing")
    with pytest.raises(ConnectionResetError):
        store.push(generated, name="test", batch_size=50, progress=_StopAfter(3), pushed="2026-11-22T00:00:00")
    half = store.meta()
    assert half is not None and half["pushing"] == "2026-11-22T00:00:00"
    assert half["hash"] == before["hash"]  # the record still names the last whole push
    store.push(generated, name="test", batch_size=50, pushed="2026-11-22T00:05:00")
    same_graph(store.read_graph(), generated)
    done = store.meta()
    assert done is not None and not done.get("pushing") and done["hash"] != before["hash"]


def test_deletion_sync_and_foreign_nodes(store: Neo4jStore, demo: ResponsibilityGraph) -> None:
    push(store, demo)
    store.write("fixture_foreign_write", **FOREIGN)
    small = network(3)
    report = store.push(small, name="small", batch_size=50)
    assert report.nodes_removed > 0 and report.edges_removed > 0
    same_graph(store.read_graph(), small)
    assert store.rows("fixture_foreign_count", **FOREIGN) == [{"found": 2}]
    # a changed property is updated, a dropped edge removed
    b = Part()
    for node, attrs in small.nx.nodes(data=True):
        b.add_node(node, dict(attrs))
    for u, v, k, attrs in small.nx.edges(keys=True, data=True):
        if attrs["type"] is not EdgeType.OVERSEES:
            b.add_edge(u, v, k, dict(attrs))
    b.nodes["T0"] = {**b.nodes["T0"], "name": "改名后的镇"}
    changed = b.graph()
    report = store.push(changed, name="changed", batch_size=50)
    assert report.nodes_written == 1 and report.edges_removed == small.edge_counts()[EdgeType.OVERSEES]
    same_graph(store.read_graph(), changed)
    assert store.rows("fixture_foreign_count", **FOREIGN) == [{"found": 2}]
    store.write("fixture_foreign_drop", **FOREIGN)


@pytest.mark.parametrize("which", ["demo", "generated"])
def test_push_down_scans_and_traces_equal_networkx(
    which: str, store: Neo4jStore, demo: ResponsibilityGraph, generated: ResponsibilityGraph
) -> None:
    G = demo if which == "demo" else generated
    push(store, G)
    for at in DATES:
        for scan, down in ((orphans, pushdown.orphans), (gaps, pushdown.gaps), (overlaps, pushdown.overlaps)):
            want = [f.to_dict(lang) for f in scan(G, at=at) for lang in ("zh", "en")]
            got = [f.to_dict(lang) for f in down(store, at=at) for lang in ("zh", "en")]
            assert got == want, (scan.__name__, at)
    for case in G.ids(NodeLabel.CASE):
        assert trace_case(store.read_trace(case), case).to_dict() == trace_case(G, case).to_dict(), case


def test_triple_statements_answer_as_the_in_memory_reader(store: Neo4jStore, demo: ResponsibilityGraph) -> None:
    push(store, demo)
    mem = GraphReader(demo)
    orgs = demo.ids(NodeLabel.ORGANIZATION)
    posts = demo.ids(NodeLabel.POSITION)
    calls = [
        ("nodes_with_org", {"ids": [*orgs[:5], *posts[:20], "NO-SUCH-ID"]}),
        ("expand", {"ids": orgs[:10], "types": [t.value for t in EdgeType], "at": None}),
        ("expand", {"ids": orgs[:10], "types": ["HOLDS", "OVERSEES"], "at": date(2025, 1, 1)}),
        ("posts_in", {"orgs": orgs}),
        ("post_context", {"posts": posts}),
        ("trace_ring", {"orgs": orgs, "duties": demo.ids(NodeLabel.DUTY), "persons": demo.ids(NodeLabel.PERSON)}),
        *(("trace_case", {"case_id": c}) for c in demo.ids(NodeLabel.CASE)),
    ]
    for name, params in calls:
        got, want = store.triples(name, **params), mem.triples(name, **params)
        assert got.nodes == want.nodes, name
        assert got.edges == want.edges, name
    for ids, types, at in (
        (orgs[:10], [t.value for t in EdgeType], None),
        ([*orgs, *posts], ["HOLDS", "OVERSEES", "IN"], date(2025, 1, 1)),
        (["NO-SUCH-ID"], ["IN"], None),
    ):
        assert store.reach(ids, types, at) == mem.reach(ids, types, at) > 0 or ids == ["NO-SUCH-ID"]
    among = {"ids": [*orgs, *posts], "types": [t.value for t in EdgeType], "at": date(2025, 1, 1)}
    assert store.triples("among", **among).edges == mem.triples("among", **among).edges


def test_console_reads_and_refuses_writes(store: Neo4jStore, demo: ResponsibilityGraph) -> None:
    push(store, demo)
    org = next(o for o in demo.ids(NodeLabel.ORGANIZATION) if len(demo.positions_in(o)) > 1)
    found = store.console(
        "MATCH (p:Position)-[r:IN]->(o:Organization {id: $org}) RETURN p, r, o", {"org": org}, limit=1000
    )
    assert found.columns == ("p", "r", "o") and found.rows and not found.truncated
    assert all("_b" not in cell for row in found.rows for cell in row if isinstance(cell, dict))
    assert set(found.part.ids(NodeLabel.POSITION)) == set(demo.positions_in(org))
    assert len(found.part.edges) == len(demo.positions_in(org))
    cut = store.console("MATCH (n:Respnet) RETURN n.id AS id", limit=5)
    assert len(cut.rows) == 5 and cut.truncated
    before = store.count()
    for text in ("CREATE (:Respnet {id: 'intruder'})", "MATCH (n:Person) DETACH DELETE n"):
        with pytest.raises(StoreError) as caught:
            store.console(text)
        assert caught.value.key == "error.store_read_only"
    assert store.count() == before


def test_wrong_credentials_and_missing_database() -> None:
    base = Connection.from_env()
    with pytest.raises(StoreError) as caught:
        connect(Connection(base.uri, base.user, base.password + "-wrong", base.database))
    assert caught.value.key == "error.store_auth"
    with pytest.raises(StoreError) as caught:
        s = connect(Connection(base.uri, base.user, base.password, "no-such-database"))
        s.meta()
    assert caught.value.key == "error.store_no_database"


def test_the_cli_counts_compliance_inside_the_store(store: Neo4jStore, demo: ResponsibilityGraph) -> None:
    """``respnet compliance --neo4j-uri`` gives what it gives on the files, reading no whole network."""
    push(store, demo)
    span = ["--from", "2024-01-01", "--to", "2025-06-30", "--json"]
    on_files = CliRunner().invoke(main, ["compliance", str(DEMO), *span])
    in_store = CliRunner().invoke(main, ["compliance", "--neo4j-uri", store.conn.uri, *span])
    assert on_files.exit_code == in_store.exit_code == 0, (on_files.output, in_store.output)
    assert json.loads(in_store.stdout) == json.loads(on_files.stdout)  # the connection line goes to stderr
    assert json.loads(on_files.stdout)  # findings to compare
