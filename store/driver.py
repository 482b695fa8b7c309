"""Neo4j as the shared store, through the official driver.

- :func:`connect` opens a checked connection (reachable, signed in, the
  database exists, Neo4j 5 or later) or raises a :class:`StoreError` whose
  message says which of those failed, in Chinese or English.
- :meth:`Neo4jStore.push` writes a validated graph: the schema first
  (constraints and indexes, ``IF NOT EXISTS``), then, range by range
  (:mod:`store.push`), only what differs from what the database holds, in
  batches of ``UNWIND $rows ... MERGE`` inside managed write transactions (the
  driver retries a failed batch; each batch is idempotent), removing what
  left the source. Only project-labelled nodes and the schema's relationship
  types are read or touched. A second push of the same data writes nothing.
- :meth:`Neo4jStore.read_graph`, :meth:`~Neo4jStore.read_trace`,
  :meth:`~Neo4jStore.read_neighbourhood` and :meth:`~Neo4jStore.read_scope`
  read the network back into a :class:`~graph.model.ResponsibilityGraph`,
  whole (the CLI's round trip; never the app) or in part; :meth:`~Neo4jStore.triples`
  and :meth:`~Neo4jStore.reach` answer the rounds of :mod:`graph.subgraph`.
- :meth:`Neo4jStore.console` runs an inspector's own Cypher in read access
  mode, with a row limit and a timeout.

Every statement comes from :mod:`store.cypher`.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from typing import Any, Protocol, Self
from urllib.parse import urlsplit

import neo4j
from neo4j import exceptions as nx_errors

from graph.errors import StoreError
from graph.model import ResponsibilityGraph
from graph.schema import EdgeType
from graph.subgraph import Part, neighbourhood_part, scope_part, trace_part
from store.cypher import (
    META_LABEL,
    PROJECT_LABEL,
    SCHEMA,
    Statement,
    statement,
)
from store.push import PushReport, batches
from store.push import push as push_graph
from store.rows import BUCKET_PROP, decode_edge, decode_node, deep_native, native, node_label, plain

__all__ = [
    "DEFAULT_BATCH",
    "SCHEMES",
    "Connection",
    "ConsoleResult",
    "Neo4jStore",
    "Progress",
    "PushReport",
    "StoreError",
    "batches",
    "connect",
    "require_version",
    "translate",
]

#: Rows per write transaction unless told otherwise.
DEFAULT_BATCH = 5000
#: URI schemes of the Bolt protocol the store accepts.
SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")
#: The oldest Neo4j major version the store's Cypher runs on.
MIN_MAJOR = 5
_META_ID = "respnet"


@dataclass(frozen=True, slots=True)
class Connection:
    """Where and as whom to connect. The password never comes from a command line."""

    uri: str
    user: str = "neo4j"
    password: str = field(default="", repr=False)
    database: str | None = None

    @classmethod
    def from_env(
        cls,
        uri: str | None = None,
        database: str | None = None,
        env: Mapping[str, str] = os.environ,
        ask: Callable[[str], str] | None = None,
    ) -> Connection:
        """A connection from ``uri`` (or ``NEO4J_URI``), ``NEO4J_USER``,
        ``NEO4J_PASSWORD`` and ``NEO4J_DATABASE``; ``ask`` is called for a
        missing password (with the user name)."""
        where = uri or env.get("NEO4J_URI", "")
        if not where:
            raise StoreError("error.store_no_uri")
        user = env.get("NEO4J_USER") or env.get("NEO4J_USERNAME") or "neo4j"
        conn = cls(where, user, "", database or env.get("NEO4J_DATABASE") or None)
        conn.check_uri()
        password = env.get("NEO4J_PASSWORD")
        if password is None:
            if ask is None:
                raise StoreError("error.store_no_password", user=user)
            password = ask(user)
        return replace(conn, password=password)

    def check_uri(self) -> None:
        parts = urlsplit(self.uri)
        if parts.scheme not in SCHEMES or not parts.hostname:
            raise StoreError("error.store_bad_uri", uri=self.uri, schemes=", ".join(SCHEMES))

    @property
    def label(self) -> str:
        """The connection as shown to users: URI and database, never the password."""
        return f"{self.uri} / {self.database or 'neo4j'}"


class Progress(Protocol):
    """Where a push reports how far it is (a progress bar, or nothing)."""

    def phase(self, name: str, total: int) -> None: ...

    def advance(self, done: int) -> None: ...


class _Quiet:
    def phase(self, name: str, total: int) -> None:
        pass

    def advance(self, done: int) -> None:
        pass


@dataclass(frozen=True, slots=True)
class ConsoleResult:
    """A console query's answer: columns, rows of plain values, whether rows
    were cut at the limit, and the project's nodes and relationships in it."""

    columns: tuple[str, ...]
    rows: tuple[tuple[Any, ...], ...]
    truncated: bool
    part: Part


# ---------------------------------------------------------------- errors
#: What the driver raises: its own errors, socket errors, bad configuration.
_DRIVER_ERRORS: tuple[type[Exception], ...] = (nx_errors.Neo4jError, nx_errors.DriverError, OSError, ValueError)
_CONNECT_ERRORS: tuple[type[Exception], ...] = (StoreError, *_DRIVER_ERRORS)
_TYPE_NAMES = frozenset(t.value for t in EdgeType)


def _code(e: nx_errors.Neo4jError) -> str:
    return str(getattr(e, "code", "") or "")


def translate(e: Exception, conn: Connection) -> StoreError:
    """The driver's exception as the message a user can act on."""
    if isinstance(e, StoreError):
        return e
    code = _code(e) if isinstance(e, nx_errors.Neo4jError) else ""
    if isinstance(e, nx_errors.AuthError) or code.startswith("Neo.ClientError.Security.Unauthorized"):
        return StoreError("error.store_auth", user=conn.user, uri=conn.uri)
    if code == "Neo.ClientError.Database.DatabaseNotFound":
        return StoreError("error.store_no_database", database=conn.database or "neo4j", uri=conn.uri)
    if isinstance(e, nx_errors.Forbidden) or code.startswith("Neo.ClientError.Security"):
        return StoreError("error.store_forbidden", user=conn.user)
    if code == "Neo.ClientError.Statement.AccessMode":
        return StoreError("error.store_read_only")
    if "TransactionTimedOut" in code or "TransactionTimedOutClientConfiguration" in code:
        return StoreError("error.store_timeout")
    if isinstance(e, nx_errors.CypherSyntaxError) or code.startswith("Neo.ClientError.Statement"):
        return StoreError("error.store_statement", detail=getattr(e, "message", None) or str(e))
    if isinstance(e, (nx_errors.ServiceUnavailable, nx_errors.SessionExpired, OSError)):
        return StoreError("error.store_unreachable", uri=conn.uri)
    if isinstance(e, nx_errors.ConfigurationError):
        return StoreError("error.store_bad_uri", uri=conn.uri, schemes=", ".join(SCHEMES))
    return StoreError("error.store_failed", detail=f"{type(e).__name__}: {e}")


def require_version(version: str) -> None:
    """Refuse a server older than :data:`MIN_MAJOR`.

    >>> require_version("5.26.2"), require_version("2025.10.1")
    (None, None)
    """
    major = version.split(".")[0]
    if not major.isdigit() or int(major) < MIN_MAJOR:
        raise StoreError("error.store_old_version", version=version, minimum=MIN_MAJOR)


# ---------------------------------------------------------------- the store
def connect(conn: Connection, *, timeout: float = 10.0) -> Neo4jStore:
    """A checked connection to the store.

    Raises
    ------
    StoreError
        Bad URI, server unreachable, wrong credentials, missing database, or
        a Neo4j older than 5.
    """
    conn.check_uri()
    try:
        driver = neo4j.GraphDatabase.driver(
            conn.uri,
            auth=(conn.user, conn.password),
            connection_timeout=timeout,
            max_transaction_retry_time=30.0,
            user_agent="respnet",
            # the server's notes on statements (a property no node has yet ...) are not for users
            notifications_min_severity="OFF",
        )
    except _DRIVER_ERRORS as e:
        raise translate(e, conn) from None
    store = Neo4jStore(driver, conn)
    try:
        driver.verify_connectivity()
        store.check_server()
    except _CONNECT_ERRORS as e:
        driver.close()
        raise translate(e, conn) from None
    return store


class Neo4jStore:
    """The responsibility network in Neo4j. Open it with :func:`connect`."""

    def __init__(self, driver: neo4j.Driver, conn: Connection) -> None:
        self._driver = driver
        self.conn = conn
        self.version = ""
        self.edition = ""
        #: the server's counters summed over every write this store made
        self.counters: Counter[str] = Counter()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._driver.close()

    # ------------------------------------------------------------ plumbing
    @contextmanager
    def _errors(self) -> Iterator[None]:
        try:
            yield
        except StoreError:
            raise
        except _DRIVER_ERRORS as e:
            raise translate(e, self.conn) from None

    def _session(self, *, write: bool = False) -> neo4j.Session:
        mode = neo4j.WRITE_ACCESS if write else neo4j.READ_ACCESS
        return self._driver.session(database=self.conn.database, default_access_mode=mode)

    def rows(self, name: str, /, **params: Any) -> list[dict[str, Any]]:
        """The rows of read statement ``name`` (in a managed read transaction),
        the driver's dates as ``datetime.date``."""
        found = self.run_statement(statement(name), params)
        return [{k: deep_native(v) for k, v in row.items()} for row in found]

    def write(self, name: str, /, **params: Any) -> list[dict[str, Any]]:
        """The rows of write statement ``name`` (in a managed write transaction)."""
        return self.run_statement(statement(name), params)

    def run_statement(self, stmt: Statement, params: dict[str, Any]) -> list[dict[str, Any]]:
        """``stmt`` in a managed transaction of its access mode (retried by the
        driver); a write's counters (the server's own) are added to :attr:`counters`."""
        stmt.check(params)
        counts: dict[str, int] = {}

        def work(tx: neo4j.ManagedTransaction) -> list[dict[str, Any]]:
            result = tx.run(stmt.text, params)
            rows = [record.data() for record in result]
            counters = result.consume().counters
            counts.clear()
            counts.update({k: v for k, v in vars(counters).items() if isinstance(v, int) and v and k[0] != "_"})
            return rows

        with self._errors(), self._session(write=stmt.write) as session:
            rows = session.execute_write(work) if stmt.write else session.execute_read(work)
        self.counters.update(counts)
        return rows

    def check_server(self) -> None:
        """Read the server's version; refuse a Neo4j older than 5."""
        row = self.rows("server_components")[0]
        self.version = str(row["versions"][0])
        self.edition = str(row["edition"])
        require_version(self.version)

    def ensure_schema(self) -> None:
        """Create the constraints and indexes that are missing (``IF NOT EXISTS``)."""
        for stmt in SCHEMA:
            self.run_statement(stmt, {})

    def meta(self) -> dict[str, Any] | None:
        """The last push's record: content hash, dataset name, time, counts."""
        found = self.rows("meta_read", meta_id=_META_ID)
        return found[0] if found else None

    # ------------------------------------------------------------ push
    def push(
        self,
        G: ResponsibilityGraph,
        *,
        name: str = "",
        batch_size: int = DEFAULT_BATCH,
        progress: Progress | None = None,
        pushed: str = "",
        full: bool = False,
    ) -> PushReport:
        """Make the database hold exactly ``G`` (within the project's labels),
        comparing and writing it range by range (:mod:`store.push`).

        While a push writes, the push record carries ``pushing`` (its start),
        cleared when it finishes; the record's content hash changes only then,
        so an app that read the store before keeps showing that (whole)
        network, and one that reads it meanwhile is warned the data may be
        half old, half new. A push that stopped half-way is finished by
        pushing again.
        """
        stamp = pushed or datetime.now(UTC).isoformat(timespec="seconds")
        bar = progress or _Quiet()
        return push_graph(self, G, meta_id=_META_ID, name=name, batch_size=batch_size, bar=bar, pushed=stamp, full=full)

    # ------------------------------------------------------------ read back
    def triples(self, name: str, **params: Any) -> Part:
        """A triple statement's answer as a part (see :class:`graph.subgraph.Reader`)."""
        stmt = statement(name)
        stmt.check(params)

        def work(tx: neo4j.ManagedTransaction) -> Part:
            part = Part()
            for record in tx.run(stmt.text, params):
                _add_triple(part, record["a"], record["r"], record["b"], record.get("source"), record.get("target"))
            return part

        with self._errors(), self._session() as session:
            return session.execute_read(work)

    def reach(self, ids: list[str], types: list[str], at: date | None) -> int:
        """How many nodes ``expand`` would return for these parameters (counted in the store)."""
        return int(self.rows("expand_count", ids=ids, types=types, at=at)[0]["nodes"])

    def read_graph(self, progress: Progress | None = None) -> ResponsibilityGraph:
        """The whole network."""
        bar = progress or _Quiet()
        bar.phase("read_nodes", 1)
        part = Part()
        for r in self.rows("all_nodes"):
            node_id, _, attrs = decode_node(r["labels"], r["props"])
            part.add_node(node_id, attrs)
        bar.advance(1)
        bar.phase("read_edges", 1)
        for r in self.rows("all_rels"):
            key, attrs = decode_edge(r["type"], r["props"])
            part.add_edge(r["source"], r["target"], key, attrs)
        bar.advance(1)
        return part.graph()

    def read_trace(self, case_id: str) -> ResponsibilityGraph:
        """The part of the network the trace of ``case_id`` reads."""
        return trace_part(self, case_id).graph()

    def read_neighbourhood(
        self,
        ids: Iterable[str],
        *,
        depth: int = 1,
        edge_types: Iterable[EdgeType] = tuple(EdgeType),
        at: date | None = None,
    ) -> ResponsibilityGraph:
        """Every node within ``depth`` hops of ``ids`` (see :func:`graph.subgraph.neighbourhood_part`)."""
        return neighbourhood_part(self, ids, depth=depth, edge_types=edge_types, at=at).graph()

    def read_scope(self, roots: Iterable[str]) -> ResponsibilityGraph:
        """What a user scoped to the subtrees under ``roots`` may see, with a
        little around it (:func:`graph.subgraph.scope_part`; cut by :func:`graph.scope.scoped_graph`)."""
        return scope_part(self, roots).graph()

    def context(self, ids: Iterable[str]) -> ResponsibilityGraph:
        """The nodes ``ids`` with each post's organization: what findings name."""
        part = Part()
        for batch in batches(sorted(set(ids)), DEFAULT_BATCH):
            part.merge(self.triples("nodes_with_org", ids=list(batch)))
        return part.graph()

    def count(self) -> int:
        return int(self.rows("count_nodes")[0]["nodes"])

    # ------------------------------------------------------------ console
    def console(
        self, text: str, params: Mapping[str, Any] | None = None, *, limit: int = 1000, timeout: float = 10.0
    ) -> ConsoleResult:
        """Run an inspector's read-only query: read access mode, at most ``limit``
        rows kept, cancelled by the server after ``timeout`` seconds. A query
        that would write is refused and its transaction rolled back."""

        @neo4j.unit_of_work(timeout=timeout)
        def work(tx: neo4j.ManagedTransaction) -> ConsoleResult:
            result = tx.run(text, dict(params or {}))
            records = result.fetch(limit + 1)
            summary = result.consume()
            if summary.query_type not in (None, "r"):
                raise StoreError("error.store_read_only")
            part = Part()
            for record in records[:limit]:
                for value in record.values():
                    _collect(part, value)
            rows = tuple(tuple(_cell(v) for v in record.values()) for record in records[:limit])
            return ConsoleResult(tuple(result.keys()), rows, len(records) > limit, part)

        with self._errors(), self._session() as session:
            found = session.execute_read(work)
        loose = found.part.unplaced_posts()
        if loose:  # a post is drawn and named with its organization
            found.part.merge(self.triples("nodes_with_org", ids=loose))
        return found


# ---------------------------------------------------------------- driver values
def _is_project(node: neo4j.graph.Node | None) -> bool:
    return node is not None and PROJECT_LABEL in node.labels and META_LABEL not in node.labels


def _add_node(part: Part, node: neo4j.graph.Node) -> str:
    node_id, _, attrs = decode_node(node.labels, dict(node))
    part.add_node(node_id, attrs)
    return node_id


def _add_triple(part: Part, a: Any, r: Any, b: Any, source: str | None = None, target: str | None = None) -> None:
    """A triple into ``part``: the nodes given, and the relationship between
    ``source`` and ``target`` (by default ``a``'s and ``b``'s ids)."""
    for node in (a, b):
        if node is not None:
            _add_node(part, node)
    if r is not None and (source or a is not None) and (target or b is not None):
        key, attrs = decode_edge(r.type, dict(r))
        part.add_edge(source or a["id"], target or b["id"], key, attrs)


def _collect(part: Part, value: Any) -> None:
    """Project nodes and relationships (whose ends are project nodes) in a console value."""
    if isinstance(value, neo4j.graph.Node):
        if _is_project(value) and node_label(value.labels) is not None:
            _add_node(part, value)
    elif isinstance(value, neo4j.graph.Relationship):
        a, b = value.start_node, value.end_node
        ends = [n for n in (a, b) if n is not None and _is_project(n) and isinstance(n.get("id"), str)]
        if len(ends) == 2 and value.type in _TYPE_NAMES:
            source, target = (_add_node(part, n) for n in ends)
            key, attrs = decode_edge(value.type, dict(value))
            part.add_edge(source, target, key, attrs)
    elif isinstance(value, neo4j.graph.Path):
        for item in (*value.nodes, *value.relationships):
            _collect(part, item)
    elif isinstance(value, list):
        for item in value:
            _collect(part, item)


def _cell(value: Any) -> Any:
    """A console value as something a table shows."""
    if isinstance(value, neo4j.graph.Node):  # without the push's bucket: not the inspector's data
        return {"labels": sorted(value.labels), **plain({k: v for k, v in value.items() if k != BUCKET_PROP})}
    if isinstance(value, neo4j.graph.Relationship):
        start = value.start_node.get("id") if value.start_node is not None else None
        end = value.end_node.get("id") if value.end_node is not None else None
        return {"type": value.type, "from": start, "to": end, **plain(dict(value))}
    if isinstance(value, neo4j.graph.Path):
        return [_cell(n) for n in value.nodes]
    if isinstance(value, list):
        return [_cell(v) for v in value]
    if isinstance(value, dict):
        return {k: _cell(v) for k, v in value.items()}
    return native(value)
