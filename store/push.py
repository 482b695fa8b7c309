"""Making Neo4j hold exactly a graph, in buckets, in bounded memory.

Every node falls in one of 65,536 buckets by a hash of its id (its ``_b``
property, indexed); a relationship falls in its start node's bucket. Each
label and each relationship type is a *section*, cut into ``K`` bucket ranges
(a power of two, about :data:`BUCKET_ROWS` rows each, from the section's size
only). A push:

1. hashes every row of the graph into its range's sum (order-free, 64 bits;
   relationship rows hashed as NumPy columns), holding one number per range;
2. reads the hash each range had when last written (one small record per
   range) and keeps the ranges whose hash differs;
3. for each such range, reads what the database holds in it, writes only the
   rows that differ and removes those gone from the source, in write
   transactions of ``batch_size`` rows, and then records the range's hash.

So an unchanged re-push reads only the range records and writes nothing; a
push never holds more than one range's rows in Python, whatever the size of
the network; a push stopped half-way leaves every finished range recorded
and is finished by pushing again. A node whose label changed keeps its id,
its relationships and its place; it only changes label.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from graph.model import ResponsibilityGraph, edge_attrs
from graph.schema import EdgeType, NodeLabel
from store.cypher import bucket_rows, delete_nodes, statement, upsert_nodes, upsert_rels
from store.rows import BUCKET_PROP, edge_row, node_row, plain

if TYPE_CHECKING:
    from store.driver import Neo4jStore, Progress

__all__ = ["BUCKETS", "BUCKET_ROWS", "PushReport", "batches", "bucket_count", "id_hashes", "push"]

#: Buckets a node id can fall in (the range of ``_b``).
BUCKETS = 1 << 16
#: About how many rows one bucket range holds.
BUCKET_ROWS = 2048

U64 = npt.NDArray[np.uint64]


@dataclass(frozen=True, slots=True)
class PushReport:
    """What a push changed, and what the server said it did."""

    nodes_written: int
    edges_written: int
    nodes_removed: int
    edges_removed: int
    nodes: int
    edges: int
    #: ranges compared against the database, of all ranges
    ranges_read: int = 0
    ranges: int = 0
    seconds: float = 0.0
    #: the servers' own counters, summed over every write (nodes_created, properties_set ...)
    counters: tuple[tuple[str, int], ...] = ()

    def as_dict(self) -> dict[str, int]:
        return {
            "nodes_written": self.nodes_written,
            "edges_written": self.edges_written,
            "nodes_removed": self.nodes_removed,
            "edges_removed": self.edges_removed,
            "nodes": self.nodes,
            "edges": self.edges,
        }

    @property
    def unchanged(self) -> bool:
        return not (self.nodes_written or self.edges_written or self.nodes_removed or self.edges_removed)


def bucket_count(rows: int) -> int:
    """Ranges a section of ``rows`` rows is cut into: a power of two, about
    :data:`BUCKET_ROWS` rows each.

    >>> bucket_count(0), bucket_count(2048), bucket_count(2049), bucket_count(10**9)
    (1, 1, 2, 65536)
    """
    k = 1
    while k * BUCKET_ROWS < rows and k < BUCKETS:
        k *= 2
    return k


def id_hashes(ids: Sequence[str]) -> U64:
    """A 64-bit hash of every id; its top 16 bits are the id's bucket.

    >>> int(id_hashes(["O1"])[0]) == int(id_hashes(["X", "O1"])[1])
    True
    """
    out = np.empty(len(ids), dtype=np.uint64)
    for i, node_id in enumerate(ids):
        out[i] = int.from_bytes(hashlib.blake2b(node_id.encode(), digest_size=8).digest(), "little")
    return out


def _mix(x: U64) -> U64:
    """SplitMix64's finalizer on a column (wrapping arithmetic)."""
    x = (x ^ (x >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    x = (x ^ (x >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    return x ^ (x >> np.uint64(31))


def _row_hash(props: dict[str, Any]) -> int:
    text = repr(sorted(props.items())).encode()
    return int.from_bytes(hashlib.blake2b(text, digest_size=8).digest(), "little")


@dataclass
class _Section:
    """One label's nodes or one type's relationships, cut into ranges."""

    kind: NodeLabel | EdgeType
    members: npt.NDArray[np.int64]  # node numbers or edge numbers
    bucket: npt.NDArray[np.int64]  # each member's range
    k: int
    hashes: list[str]

    @property
    def name(self) -> str:
        return f"{'nodes' if isinstance(self.kind, NodeLabel) else 'edges'}:{self.kind.value}"

    @property
    def prefix(self) -> str:
        return f"respnet:{self.name}:"

    def record(self, b: int) -> str:
        return f"{self.prefix}{self.k}:{b}"

    def span(self, b: int) -> tuple[int, int]:
        width = BUCKETS // self.k
        return b * width, (b + 1) * width

    def ranges(self) -> Iterator[tuple[int, npt.NDArray[np.int64]]]:
        order = np.argsort(self.bucket, kind="stable")
        cuts = np.searchsorted(self.bucket[order], np.arange(self.k + 1))
        for b in range(self.k):
            yield b, self.members[order[cuts[b] : cuts[b + 1]]]


def _summed(bucket: npt.NDArray[np.int64], row_hash: U64, k: int) -> list[str]:
    """Each range's row count and the sum of its rows' hashes (mod 2**64)."""
    counts = np.bincount(bucket, minlength=k)
    sums = np.zeros(k, dtype=np.uint64)
    np.add.at(sums, bucket, row_hash)
    return [f"{int(c)}-{int(s):016x}" for c, s in zip(counts, sums, strict=True)]


class _Plan:
    """The sections of a graph with their ranges' hashes."""

    def __init__(self, G: ResponsibilityGraph, bar: Progress) -> None:
        self.G = G
        core = G.core
        bar.phase("hashing", len(NodeLabel) + len(EdgeType))
        self.id_hash = id_hashes(core.ids)
        self.node_b = (self.id_hash >> np.uint64(48)).astype(np.int64)
        self.sections: list[_Section] = []
        for label in NodeLabel:
            members = core.of_label(label).astype(np.int64)
            k = bucket_count(len(members))
            row_hash = np.fromiter(
                (_row_hash(self.node_props(int(i))) for i in members), dtype=np.uint64, count=len(members)
            )
            bucket = self.node_b[members] * k // BUCKETS
            self.sections.append(_Section(label, members, bucket, k, _summed(bucket, row_hash, k)))
            bar.advance(1)
        for etype in EdgeType:
            table = core.edges[etype]
            members = np.arange(len(table), dtype=np.int64)
            k = bucket_count(len(members))
            h = _mix(self.id_hash[table.src] ^ np.uint64(int.from_bytes(etype.value.encode()[:8], "little")))
            for column in (self.id_hash[table.dst], table.start, table.end, table.role, table.kind, table.origin):
                h = _mix(h ^ column.astype(np.uint64))
            bucket = self.node_b[table.src].astype(np.int64) * k // BUCKETS
            self.sections.append(_Section(etype, members, bucket, k, _summed(bucket, h, k)))
            bar.advance(1)

    def node_props(self, i: int) -> dict[str, Any]:
        core = self.G.core
        props: dict[str, Any] = node_row(core.ids[i], core.attrs(i))["props"]
        props[BUCKET_PROP] = int(self.node_b[i])
        return props

    def edge_row(self, etype: EdgeType, e: int) -> dict[str, Any]:
        link = self.G.link_at(etype, e)
        return edge_row(link.source, link.target, link.key, edge_attrs(link))

    def content_hash(self) -> str:
        digest = hashlib.sha256()
        for section in self.sections:
            digest.update(f"{section.name}\n{section.k}\n{','.join(section.hashes)}\n".encode())
        return digest.hexdigest()


def batches(rows: Sequence[Any], size: int) -> Iterator[Sequence[Any]]:
    """``rows`` in slices of at most ``size``.

    >>> [list(b) for b in batches([1, 2, 3, 4, 5], 2)]
    [[1, 2], [3, 4], [5]]
    """
    if size < 1:
        raise ValueError("batch size must be at least 1")
    for i in range(0, len(rows), size):
        yield rows[i : i + size]


class _Writer:
    """Writes one range's differences in transactions of ``size`` rows."""

    def __init__(self, store: Neo4jStore, size: int, bar: Progress) -> None:
        self.store, self.size, self.bar = store, size, bar
        self.written = {"nodes": 0, "edges": 0}
        #: range records of an earlier cut removed (nodes too, by the server's count, but not data)
        self.records_dropped = 0

    def send(self, name: str, param: str, rows: Sequence[Any], check: bool = False) -> None:
        stmt = statement(name)
        for chunk in batches(rows, self.size):
            result = self.store.run_statement(stmt, {param: list(chunk)})
            if check and result and result[0].get("written") != len(chunk):
                raise _incomplete(name, len(chunk), result[0].get("written"))

    def nodes(self, plan: _Plan, section: _Section, b: int, members: npt.NDArray[np.int64]) -> None:
        label = section.kind
        assert isinstance(label, NodeLabel)
        lo, hi = section.span(b)
        have = {r["id"]: plain(r["props"]) for r in self.store.run_statement(bucket_rows(label), {"lo": lo, "hi": hi})}
        ids = plan.G.core.ids
        rows = []
        for i in members.tolist():
            props = plan.node_props(i)
            if have.pop(ids[i], None) != props:
                rows.append({"id": ids[i], "props": props})
        # what is left was in this range and is not a node of this label now: removed,
        # unless the node has another label now (its upsert moves it, relationships kept)
        gone = sorted(n for n in have if n not in plan.G)
        self.send(upsert_nodes(label).name, "rows", rows, check=True)
        self.send(delete_nodes().name, "ids", gone)
        self.written["nodes"] += len(rows)
        self.bar.advance(len(members))

    def edges(self, plan: _Plan, section: _Section, b: int, members: npt.NDArray[np.int64]) -> None:
        etype = section.kind
        assert isinstance(etype, EdgeType)
        lo, hi = section.span(b)
        found = self.store.run_statement(bucket_rows(etype), {"lo": lo, "hi": hi})
        have = {(r["source"], r["key"], r["target"]): plain(r["props"]) for r in found}
        rows = []
        for e in members.tolist():
            row = plan.edge_row(etype, e)
            if have.pop((row["source"], row["key"], row["target"]), None) != row["props"]:
                rows.append(row)
        gone = [{"type": etype.value, "source": u, "key": key, "target": v} for u, key, v in sorted(have)]
        self.send(upsert_rels(etype).name, "rows", rows, check=True)
        self.send("delete_rels", "rows", gone)
        self.written["edges"] += len(rows)
        self.bar.advance(len(members))


def _incomplete(phase: str, expected: int, got: object) -> Exception:
    from graph.errors import StoreError

    return StoreError("error.store_incomplete", phase=phase, expected=expected, got=got)


def push(
    store: Neo4jStore,
    G: ResponsibilityGraph,
    *,
    meta_id: str,
    name: str,
    batch_size: int,
    bar: Progress,
    pushed: str,
    full: bool = False,
) -> PushReport:
    """Make the database hold exactly ``G`` (see the module's description).
    ``full`` compares every range, not only those whose hash changed."""
    if batch_size < 1:
        raise ValueError("batch size must be at least 1")
    began = time.perf_counter()
    counted = store.counters.copy()
    store.ensure_schema()
    plan = _Plan(G, bar)
    todo: list[tuple[_Section, list[int]]] = []
    legacy = False
    for section in plan.sections:
        held = {r["id"]: r["hash"] for r in store.rows("buckets_read", prefix=section.prefix)}
        legacy |= not held
        wanted = [b for b in range(section.k) if full or held.get(section.record(b)) != section.hashes[b]]
        stale = set(held) - {section.record(b) for b in range(section.k)}
        todo.append((section, wanted if not stale else list(range(section.k))))
    content = plan.content_hash()
    edges = sum(G.edge_counts().values())
    meta = store.meta()
    whole = meta is not None and meta.get("hash") == content and not meta.get("pushing") and meta.get("name") == name
    writer = _Writer(store, batch_size, bar)
    ranges_read = sum(len(w) for _, w in todo)
    if ranges_read or not whole:
        store.write("meta_begin", meta_id=meta_id, pushing=pushed or "?")
        for section, wanted in todo:
            if isinstance(section.kind, EdgeType) and legacy:
                legacy = False  # nodes written by a push before ranges existed, and not rewritten: gone
                store.write("unbucketed_drop")
            _write_section(writer, plan, section, set(wanted))
        store.write(
            "meta_write",
            meta_id=meta_id,
            hash=content,
            name=name,
            pushed=pushed,
            nodes=len(G),
            edges=edges,
        )
    counters = store.counters - counted
    return PushReport(
        writer.written["nodes"],
        writer.written["edges"],
        # the server's count (with what a push before ranges left), less the range records
        counters.get("nodes_deleted", 0) - writer.records_dropped,
        counters.get("relationships_deleted", 0),  # with those a removed node took with it
        len(G),
        edges,
        ranges_read,
        sum(s.k for s in plan.sections),
        time.perf_counter() - began,
        tuple(sorted(counters.items())),
    )


def _write_section(writer: _Writer, plan: _Plan, section: _Section, wanted: set[int]) -> None:
    if not wanted:
        return
    write: Callable[[_Plan, _Section, int, npt.NDArray[np.int64]], None] = (
        writer.nodes if isinstance(section.kind, NodeLabel) else writer.edges
    )
    total = int(np.isin(section.bucket, sorted(wanted)).sum())
    writer.bar.phase(section.name, total)
    store = writer.store
    for b, members in section.ranges():
        if b in wanted:
            write(plan, section, b, members)
            store.write("bucket_write", bucket_id=section.record(b), hash=section.hashes[b])
    keep = [section.record(b) for b in range(section.k)]
    writer.records_dropped += store.write("buckets_drop", prefix=section.prefix, keep=keep)[0]["dropped"]
