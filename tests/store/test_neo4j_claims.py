"""Every claim the store makes, against the real server (issue 17):

- a generated province of 2,000 organizations round-trips (nodes, edges,
  attributes, dates identical), and its push-down scans, compliance over the
  year before, coverage and counts equal the in-memory ones on three dates;
- a re-push of unchanged data writes nothing, by the server's own counters;
- nodes and relationships that are not respnet's survive every push,
  including the first one into a database (which clears respnet nodes of an
  older push format);
- the console refuses every kind of write with one message and changes nothing;
- values reach the server as parameters, never as statement text: names made
  of Cypher round-trip as they are and break nothing.
"""

from __future__ import annotations

from datetime import date

import pytest

from graph.builder import GraphBuilder
from graph.errors import StoreError
from graph.model import ResponsibilityGraph
from queries import gaps, orphans, overlaps, pushdown
from queries.network import MemoryNetwork, StoreNetwork
from store.driver import Neo4jStore
from tests.networks import network
from tests.store.conftest import NEEDS_SERVER
from tests.store.test_offline import same_graph

pytestmark = [NEEDS_SERVER, pytest.mark.slow]

FOREIGN = {"a": "respnet-test-foreign-1", "b": "respnet-test-foreign-2"}
DATES = (date(2022, 3, 1), date(2024, 7, 1), date(2026, 11, 21))


def test_a_generated_province_round_trips_and_scans_alike(store: Neo4jStore, province: ResponsibilityGraph) -> None:
    store.push(province, name="province")
    same_graph(store.read_graph(), province)
    for at in DATES:
        for scan, down in ((orphans, pushdown.orphans), (gaps, pushdown.gaps), (overlaps, pushdown.overlaps)):
            want = [f.to_dict(lang) for f in scan(province, at=at) for lang in ("zh", "en")]
            got = [f.to_dict(lang) for f in down(store, at=at) for lang in ("zh", "en")]
            assert want, (scan.__name__, at)  # a scan that finds nothing proves little
            assert got == want, (scan.__name__, at)
        mem, down = MemoryNetwork(province), StoreNetwork(store)
        assert down.coverage(at=at) == mem.coverage(at=at), at
        start, end = date(at.year - 1, 1, 1), date(at.year - 1, 12, 31)
        want = [f.to_dict(lang) for f in mem.findings(at=at, start=start, end=end) for lang in ("zh", "en")]
        got = [f.to_dict(lang) for f in down.findings(at=at, start=start, end=end) for lang in ("zh", "en")]
        assert want and got == want, at
    assert down.node_counts() == province.node_counts()
    assert down.organization_counts() == mem.organization_counts()


def test_a_smaller_network_removes_exactly_what_left(
    store: Neo4jStore, province: ResponsibilityGraph, demo: ResponsibilityGraph
) -> None:
    """From a province (sections cut in up to 32 ranges) to the demo (one range
    each): the removed counts are the data's, not the range records'."""
    store.push(province, name="province")
    report = store.push(demo, name="demo")
    kept = {n for n in province.nx if n in demo}
    assert report.nodes_removed == len(province) - len(kept)
    assert report.edges_removed == sum(province.edge_counts().values()) - sum(
        1 for u, v, k in province.nx.edges(keys=True) if demo.nx.has_edge(u, v, k)
    )
    same_graph(store.read_graph(), demo)


def test_an_unchanged_re_push_writes_nothing_by_the_servers_counters(
    store: Neo4jStore, demo: ResponsibilityGraph
) -> None:
    first = store.push(demo, name="demo", batch_size=97)
    again = store.push(demo, name="demo", batch_size=97)
    assert again.counters == (), again.counters  # nodes, relationships, properties, labels: nothing
    assert again.unchanged and again.ranges_read == 0
    changed = dict(first.counters)
    assert first.unchanged or changed.get("properties_set", 0) > 0  # the counters are read at all
    renamed = store.push(demo, name="改名后的数据集", batch_size=97)  # same data, a new name: only the record
    assert renamed.unchanged and store.meta()["name"] == "改名后的数据集"  # type: ignore[index]
    assert {name for name, _ in renamed.counters} == {"properties_set"}, renamed.counters


def test_foreign_nodes_and_relationships_survive_every_push(store: Neo4jStore, demo: ResponsibilityGraph) -> None:
    store.write("fixture_clear")  # a database respnet never pushed to
    store.write("fixture_foreign_write", **FOREIGN)
    try:
        for G in (demo, network(3), demo):  # the first push, then one that removes most of it
            store.push(G, name="with-foreign", batch_size=50)
            same_graph(store.read_graph(), G)
            assert store.rows("fixture_foreign_count", **FOREIGN) == [{"found": 2}]
            assert store.rows("fixture_foreign_rels", **FOREIGN) == [{"found": 1}]
    finally:
        store.write("fixture_foreign_drop", **FOREIGN)


WRITES = (
    "CREATE (:Respnet {id: 'intruder'})",
    "MERGE (n:Organization {id: 'intruder'}) RETURN n",
    "MATCH (n:Person) SET n.name = 'x'",
    "MATCH (n:Person) REMOVE n.name",
    "MATCH (n:Person) SET n:Intruder",
    "MATCH ()-[r:HOLDS]->() DELETE r",
    "MATCH (n:Person) DETACH DELETE n",
    "FOREACH (i IN [1] | CREATE (:Respnet {id: 'loop'}))",
    "CALL { CREATE (:Respnet {id: 'sub'}) } RETURN 1",
    "CREATE INDEX intruder IF NOT EXISTS FOR (n:Person) ON (n.note)",
    "DROP CONSTRAINT respnet_node_id",
    "LOAD CSV FROM 'file:///etc/passwd' AS line CREATE (:Respnet {id: line[0]})",
)


@pytest.mark.parametrize("text", WRITES)
def test_the_console_refuses_every_kind_of_write(store: Neo4jStore, demo: ResponsibilityGraph, text: str) -> None:
    store.push(demo, name="demo")
    before = (store.count(), store.rows("count_rels"), store.meta())
    with pytest.raises(StoreError) as caught:
        store.console(text)
    assert caught.value.key == "error.store_read_only", caught.value.message("en")
    assert (store.count(), store.rows("count_rels"), store.meta()) == before


HOSTILE = (
    "'}) DETACH DELETE n //",
    '"}) MATCH (m) DETACH DELETE m RETURN 1 //',
    "`Respnet`) DETACH DELETE (n",
    "$rows",
    "\\u0027; DROP CONSTRAINT respnet_node_id",
    "{id: 'x'}",
)


def test_values_are_parameters_never_statement_text(store: Neo4jStore) -> None:
    b = GraphBuilder().organization("ORG'}) DETACH DELETE n //", HOSTILE[0], "party_committee")
    for i, text in enumerate(HOSTILE):
        post = f"P{i}-{text}"
        b.position(post, "ORG'}) DETACH DELETE n //", text, "member").person(f"X{i}`$rows", text)
        b.tenure(f"X{i}`$rows", post, date(2024, 1, 1))
    G = b.build()
    store.push(G, name=HOSTILE[1])
    same_graph(store.read_graph(), G)
    assert store.meta()["name"] == HOSTILE[1]  # type: ignore[index]
    assert store.rows("count_nodes") == [{"nodes": len(G)}]
    found = store.console("MATCH (p:Person {name: $name}) RETURN p.id AS id", {"name": HOSTILE[2]})
    assert found.rows == (("X2`$rows",),)


def test_a_push_sends_only_fixed_statement_texts(store: Neo4jStore, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every statement text a push and the reads send is one of the statement
    module's fixed texts, and no value of the data appears in any of them."""
    import neo4j

    from store.cypher import SCHEMA, STATEMENTS

    fixed = {s.text for s in (*STATEMENTS.values(), *SCHEMA)}
    sent: list[str] = []
    real = neo4j.ManagedTransaction.run

    def recording(self: neo4j.ManagedTransaction, query: str, parameters: object = None, **kw: object) -> object:
        sent.append(query)
        return real(self, query, parameters, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(neo4j.ManagedTransaction, "run", recording)
    b = GraphBuilder().organization("O'}) DETACH DELETE n //", HOSTILE[0], "party_committee")
    b.position("P`$rows", "O'}) DETACH DELETE n //", HOSTILE[3], "secretary")
    G = b.build()
    store.push(G, name=HOSTILE[1])
    store.read_neighbourhood(["O'}) DETACH DELETE n //"], depth=2)
    assert sent and set(sent) <= fixed, sorted(set(sent) - fixed)[:3]
    assert not [t for t in sent for value in ("DETACH DELETE n //", "P`$rows", HOSTILE[1]) if value in t]
