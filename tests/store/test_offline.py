"""The store's parts that need no server: rows and their decoding, batching,
parameter shapes, the trace's neighbourhood rounds, connection settings and
the messages for a server that is not there. No fake server stands in for
Neo4j: what needs one is in ``test_neo4j.py``."""

from __future__ import annotations

import socket
import subprocess
import sys
from collections.abc import Callable
from datetime import date
from typing import Any

import neo4j.time
import pytest
from neo4j import exceptions as driver_errors

from graph.errors import CaseNotFound, GraphError, StoreError
from graph.model import ResponsibilityGraph
from graph.schema import NodeLabel
from graph.subgraph import Part, graph_part, neighbourhood_part, trace_part
from queries import gaps, orphans, overlaps, pushdown, trace_case
from queries.findings import Finding, FindingKind
from queries.gaps import missing_post, unoverseen_unit, unsupervised_org, vacant_key_post
from queries.orphans import orphan_duty, vacant_bearer
from queries.overlaps import conflict_of_interest, multiple_lead, overlapping_overseers
from queries.views import DEFAULT_EDGE_TYPES, neighbourhood
from store.cypher import PROJECT_LABEL, STATEMENTS, statement
from store.driver import Connection, batches, connect, require_version, translate
from store.reader import GraphReader
from store.rows import decode_edge, decode_node, edge_row, node_row
from tests.helpers import ROOT
from tests.networks import network


def as_driver_values(props: dict[str, Any]) -> dict[str, Any]:
    """Properties as the driver hands them back: dates as neo4j.time.Date."""
    return {k: neo4j.time.Date.from_native(v) if isinstance(v, date) else v for k, v in props.items()}


def same_graph(a: ResponsibilityGraph, b: ResponsibilityGraph) -> None:
    """Equal nodes and edges, attribute values of the same types."""
    assert dict(a.nx.nodes(data=True)) == dict(b.nx.nodes(data=True))
    for node, attrs in a.nx.nodes(data=True):
        other = b.node(node)
        assert {k: type(v) for k, v in attrs.items()} == {k: type(v) for k, v in other.items()}, node
    edges_a = {(u, v, k): d for u, v, k, d in a.nx.edges(keys=True, data=True)}
    edges_b = {(u, v, k): d for u, v, k, d in b.nx.edges(keys=True, data=True)}
    assert edges_a == edges_b


def test_rows_decode_to_the_same_graph(demo: ResponsibilityGraph) -> None:
    part = Part()
    for node, attrs in demo.nx.nodes(data=True):
        row = node_row(node, attrs)
        node_id, label, decoded = decode_node([attrs["label"].value, PROJECT_LABEL], as_driver_values(row["props"]))
        assert (node_id, label) == (node, attrs["label"])
        part.add_node(node_id, decoded)
    for u, v, key, attrs in demo.nx.edges(keys=True, data=True):
        row = edge_row(u, v, key, attrs)
        assert set(row) == {"source", "target", "key", "props"}
        got_key, decoded = decode_edge(attrs["type"].value, as_driver_values(row["props"]))
        part.add_edge(u, v, got_key, decoded)
    same_graph(part.graph(), demo)


def test_rows_hold_only_store_types(demo: ResponsibilityGraph) -> None:
    rows = [node_row(n, a)["props"] for n, a in demo.nx.nodes(data=True)]
    rows += [edge_row(u, v, k, a)["props"] for u, v, k, a in demo.nx.edges(keys=True, data=True)]
    for props in rows:
        for value in props.values():
            assert type(value) in (str, int, date), (props, value)


def test_a_node_outside_the_schema_is_refused() -> None:
    with pytest.raises(GraphError, match="Organization:Person"):
        decode_node(["Organization", "Person"], {"id": "X"})


def test_batches() -> None:
    assert [list(b) for b in batches(list(range(7)), 3)] == [[0, 1, 2], [3, 4, 5], [6]]
    assert list(batches([], 3)) == []
    with pytest.raises(ValueError):
        list(batches([1], 0))


def test_whole_graph_part_round_trip(demo: ResponsibilityGraph) -> None:
    same_graph(graph_part(demo).graph(), demo)


@pytest.mark.parametrize("which", ["demo", "generated"])
def test_the_trace_needs_only_its_neighbourhood(which: str, demo: ResponsibilityGraph) -> None:
    """Each trace run on the part the four rounds read equals the trace on the
    whole network (the store reads the same part with Cypher)."""
    G = demo if which == "demo" else network(40)
    reader = GraphReader(G)
    cases = G.ids(NodeLabel.CASE)
    assert cases
    for case in cases:
        part = trace_part(reader, case).graph()
        assert len(part) < len(G)
        assert trace_case(part, case).to_dict() == trace_case(G, case).to_dict(), case
        assert trace_case(part, case).to_dict("en") == trace_case(G, case).to_dict("en"), case


def test_an_unknown_case_is_reported() -> None:
    with pytest.raises(CaseNotFound):
        trace_part(GraphReader(network(2)), "no-such-case")


def test_neighbourhood_part_holds_the_view(demo: ResponsibilityGraph, demo_at: date) -> None:
    orgs = demo.ids(NodeLabel.ORGANIZATION)
    for node in (orgs[0], orgs[len(orgs) // 2], demo.ids(NodeLabel.PERSON)[0]):
        view = neighbourhood(demo, node, at=demo_at, depth=2, edge_types=DEFAULT_EDGE_TYPES)
        part = neighbourhood_part(GraphReader(demo), [node], depth=2, edge_types=DEFAULT_EDGE_TYPES, at=demo_at)
        G = part.graph()
        assert set(view.nodes) <= set(G.nx.nodes)
        extra = set(G.nx.nodes) - set(view.nodes)
        assert all(G.label(n) is NodeLabel.ORGANIZATION for n in extra)  # posts' organizations


class Recorder:
    """Runs the push-down scans' statements against nothing: checks that each call
    names exactly the statement's parameters, with values of store types."""

    def __init__(self) -> None:
        self.calls: list[str] = []

    def rows(self, name: str, **params: Any) -> list[dict[str, Any]]:
        statement(name).check(params)
        for value in params.values():
            assert isinstance(value, (str, date, list)), (name, value)
            if isinstance(value, list):
                assert all(isinstance(v, str) for v in value), (name, value)
        self.calls.append(name)
        return []

    def context(self, ids: Any) -> ResponsibilityGraph:
        assert list(ids) == []
        return Part().graph()


def test_push_down_scans_call_their_statements_with_the_declared_parameters() -> None:
    rec = Recorder()
    at = date(2025, 1, 1)
    assert (
        pushdown.orphans(rec, at=at) == [] and pushdown.gaps(rec, at=at) == [] and pushdown.overlaps(rec, at=at) == []
    )
    assert rec.calls == [
        "orphan_duties",
        "vacant_bearers",
        "missing_posts",
        "vacant_key_posts",
        "unoverseen_units",
        "unsupervised_orgs",
        "multiple_leads",
        "overlapping_oversight",
        "conflicts_of_interest",
    ]


def test_graph_reader_checks_parameter_shapes(demo: ResponsibilityGraph) -> None:
    with pytest.raises(ValueError, match="trace_ring"):
        GraphReader(demo).triples("trace_ring", orgs=[])


def test_write_statements_are_marked() -> None:
    for name, stmt in STATEMENTS.items():
        writes = any(word in stmt.text for word in ("MERGE", "DELETE", "CREATE", "SET "))
        assert stmt.write == writes, name


REBUILD: dict[FindingKind, Callable[[ResponsibilityGraph, Finding, date], Finding]] = {
    FindingKind.ORPHAN_DUTY: lambda C, f, at: orphan_duty(C, f.ids[0]),
    FindingKind.VACANT_BEARER: lambda C, f, at: vacant_bearer(C, f.ids[0], f.ids[1:], at),
    FindingKind.MISSING_POST: lambda C, f, at: missing_post(C, f.ids[0], f.ids[1:]),
    FindingKind.VACANT_KEY_POST: lambda C, f, at: vacant_key_post(C, f.ids[0], at),
    FindingKind.UNOVERSEEN_UNIT: lambda C, f, at: unoverseen_unit(C, f.ids[0], at),
    FindingKind.UNSUPERVISED_ORG: lambda C, f, at: unsupervised_org(C, f.ids[0], at),
    FindingKind.MULTIPLE_LEADS: lambda C, f, at: multiple_lead(C, f.ids[0], f.ids[1:]),
    FindingKind.OVERLAPPING_OVERSIGHT: lambda C, f, at: overlapping_overseers(C, f.ids[0], f.ids[1:], at),
    FindingKind.CONFLICT_OF_INTEREST: lambda C, f, at: conflict_of_interest(C, f.ids[0], f.ids[1:], at),
}


@pytest.mark.parametrize("which", ["demo", "generated"])
def test_findings_rebuilt_from_ids_and_named_nodes_are_the_same(
    which: str, demo: ResponsibilityGraph, demo_at: date
) -> None:
    """The push-down path gets only ids from the store, reads the named nodes
    back (``nodes_with_org``) and builds findings with the constructors the
    in-memory scans use: on that small graph they must come out the same."""
    G, at = (demo, demo_at) if which == "demo" else (network(30), date(2025, 6, 1))
    kinds = set()
    for scan in (orphans, gaps, overlaps):
        for f in scan(G, at=at):
            C = GraphReader(G).triples("nodes_with_org", ids=sorted(set(f.ids))).graph()
            rebuilt = REBUILD[f.kind](C, f, at)
            assert rebuilt.to_dict("zh") == f.to_dict("zh") and rebuilt.to_dict("en") == f.to_dict("en")
            kinds.add(f.kind)
    assert len(kinds) >= 5, kinds


# ---------------------------------------------------------------- connections
def test_connection_settings_come_from_the_environment() -> None:
    env = {"NEO4J_URI": "bolt://db.example:7687", "NEO4J_USER": "inspector", "NEO4J_PASSWORD": "s3cret"}
    conn = Connection.from_env(env=env)
    assert (conn.uri, conn.user, conn.password, conn.database) == (
        "bolt://db.example:7687",
        "inspector",
        "s3cret",
        None,
    )
    assert "s3cret" not in repr(conn) and "s3cret" not in conn.label
    assert Connection.from_env("neo4j://other:7687", "audit", env=env).database == "audit"
    asked = Connection.from_env("bolt://x:1", env={}, ask=lambda user: f"typed-for-{user}")
    assert asked.password == "typed-for-neo4j"


@pytest.mark.parametrize(
    ("env", "uri", "key"),
    [
        ({}, None, "error.store_no_uri"),
        ({}, "localhost:7687", "error.store_bad_uri"),
        ({}, "http://localhost:7474", "error.store_bad_uri"),
        ({}, "bolt://x:7687", "error.store_no_password"),
    ],
)
def test_bad_connection_settings(env: dict[str, str], uri: str | None, key: str) -> None:
    with pytest.raises(StoreError) as caught:
        Connection.from_env(uri, env=env)
    assert caught.value.key == key
    assert caught.value.message("zh") != caught.value.message("en")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_an_unreachable_server_gives_one_clear_message() -> None:
    uri = f"bolt://127.0.0.1:{free_port()}"
    with pytest.raises(StoreError) as caught:
        connect(Connection(uri, "neo4j", "pw"), timeout=3)
    assert caught.value.key == "error.store_unreachable"
    assert caught.value.message("zh") == f"无法连接 Neo4j 服务器 {uri}：服务器未启动、地址或端口有误，或网络不通。"
    assert uri in caught.value.message("en") and "Cannot reach" in caught.value.message("en")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_cli_on_an_unreachable_server(lang: str) -> None:
    uri = f"bolt://127.0.0.1:{free_port()}"
    done = subprocess.run(
        [sys.executable, "-c", "import cli; cli.run()", "--lang", lang, "gaps", "--neo4j-uri", uri],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={"NEO4J_PASSWORD": "pw", "PATH": "/usr/bin:/bin"},
        stdin=subprocess.DEVNULL,
    )
    assert done.returncode == 3
    assert "Traceback" not in done.stderr
    assert ("无法连接" if lang == "zh" else "Cannot reach") in done.stderr


def test_cli_push_validates_before_connecting(tmp_path: Any) -> None:
    from tests.helpers import copy_demo, read_rows, write_rows

    data = copy_demo(tmp_path)
    rows = read_rows(data / "positions.csv")
    rows[0]["org_id"] = "NO-SUCH-ORG"
    write_rows(data / "positions.csv", rows)
    done = subprocess.run(
        [sys.executable, "-c", "import cli; cli.run()", "push", str(data), "--neo4j-uri", "bolt://127.0.0.1:1"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={"NEO4J_PASSWORD": "pw", "PATH": "/usr/bin:/bin"},
        stdin=subprocess.DEVNULL,
    )
    assert done.returncode == 2, done.stderr  # the data's report, not a connection error
    assert "NO-SUCH-ORG" in done.stderr and "无法连接" not in done.stderr


def hydrate(code: str, message: str = "boom") -> driver_errors.Neo4jError:
    return driver_errors.Neo4jError._hydrate_neo4j(code=code, message=message)


@pytest.mark.parametrize(
    ("error", "key"),
    [
        (lambda: hydrate("Neo.ClientError.Security.Unauthorized"), "error.store_auth"),
        (lambda: hydrate("Neo.ClientError.Database.DatabaseNotFound"), "error.store_no_database"),
        (lambda: hydrate("Neo.ClientError.Security.Forbidden"), "error.store_forbidden"),
        (lambda: hydrate("Neo.ClientError.Statement.AccessMode"), "error.store_read_only"),
        (lambda: hydrate("Neo.ClientError.Transaction.TransactionTimedOutClientConfiguration"), "error.store_timeout"),
        (lambda: hydrate("Neo.ClientError.Statement.SyntaxError"), "error.store_statement"),
        (lambda: driver_errors.ServiceUnavailable("down"), "error.store_unreachable"),
        (lambda: driver_errors.ConfigurationError("bad"), "error.store_bad_uri"),
    ],
)
def test_driver_errors_become_messages(error: Any, key: str) -> None:
    found = translate(error(), Connection("bolt://db:7687", "inspector", "pw", "audit"))
    assert found.key == key
    for lang in ("zh", "en"):
        assert "{" not in found.message(lang)  # every placeholder filled


def test_an_old_server_is_refused() -> None:
    with pytest.raises(StoreError) as caught:
        require_version("4.4.30")
    assert caught.value.key == "error.store_old_version" and "4.4.30" in caught.value.message("en")
    require_version("5.0.0")
