"""Data sources and cached access to the graph and everything derived from it.

A :class:`Source` names where the data comes from — a data folder, a workbook
or zip file on disk, or an uploaded file held in the session — and carries a
``key`` that changes when, and only when, its content may have changed: for a
folder, the names, sizes and modification times of its files; for an upload,
the SHA-256 of its bytes. Every cached function is keyed on that ``key``, so
the graph is built once per source and switching pages or dates never reads
a file again.
"""

from __future__ import annotations

import hashlib
import io
import logging
import os
from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import streamlit as st

from access.datasets import DatasetShelf
from access.paths import datasets_folder, tidy
from graph.builder import build_graph
from graph.errors import LoadError, RespnetError, StoreError
from graph.model import ResponsibilityGraph
from graph.records import Dataset
from graph.schema import EdgeType, NodeLabel
from graph.scope import scoped_graph
from loaders import load_dataset, parse_input
from loaders.isolated import Isolated, attach_cost, read_isolated
from loaders.readers import RawInput
from loaders.snapshot import STAGES, Progress, load_graph_cached
from queries.compliance import default_period
from queries.coverage import LevelCoverage
from queries.decisions import DecisionFigures, decisions
from queries.dossier import NamedFinding, Placed
from queries.findings import Finding, FindingKind
from queries.handover import Handovers, handover_counts
from queries.network import Choice, MemoryNetwork, Mode, Network, StoreNetwork
from queries.paths import MAX_HOPS, LinkPath
from queries.search import Hit
from queries.timeline import DataSpan, Diff, DiffCounts, diff, diff_counts
from queries.trace import Trace
from queries.views import View
from queries.whatif import Move, MoveKind, WhatIf, whatif
from ui.loading import Show, hold, when_dropped
from ui.store import store_for

if TYPE_CHECKING:
    from store.driver import Connection

__all__ = [
    "DEMO",
    "Source",
    "all_findings",
    "around_for",
    "choices",
    "coverage_by_level",
    "dataset_for",
    "dated_for",
    "decisions_for",
    "default_period",
    "default_source",
    "details_for",
    "diff_counts_for",
    "diff_for",
    "explore_view",
    "finding_counts",
    "finding_places",
    "folder_source",
    "graph_for",
    "handover_counts_for",
    "handovers_for",
    "memory_graph",
    "named",
    "named_findings",
    "neo4j_source",
    "network_for",
    "node_counts",
    "on_demo",
    "opening_source",
    "org_counts",
    "paths_for",
    "people_of",
    "read_upload",
    "search_for",
    "shelf",
    "span_for",
    "stopping",
    "tidy_once",
    "top_org",
    "trace_for",
    "upload_source",
    "whatif_for",
]

DEMO = Path(__file__).resolve().parent.parent / "data" / "demo"


@dataclass(frozen=True)
class Source:
    """Where the data comes from; ``key`` identifies its content."""

    kind: Literal["path", "upload", "neo4j"]
    label: str
    key: str
    path: str | None = None
    payload: bytes | None = field(default=None, repr=False, compare=False)
    conn: Connection | None = field(default=None, repr=False, compare=False)
    #: The organization subtrees a scoped user may see (empty: everything).
    scope: tuple[str, ...] = ()

    def scoped(self, roots: tuple[str, ...]) -> Source:
        """The same data seen through a user's scope: its own ``key``, so every
        cached analysis of it is computed on the scoped graph, apart from the whole's."""
        return replace(self, key=f"{self.key}#scope={'|'.join(roots)}", scope=roots)

    def whole(self) -> Source:
        """The same data without a scope."""
        return replace(self, key=self.key.partition("#scope=")[0], scope=())

    def open(self) -> str | io.BytesIO:
        """What the loaders read: the path, or the uploaded bytes as a file."""
        if self.payload is not None:
            buffer = io.BytesIO(self.payload)
            buffer.name = self.label
            return buffer
        assert self.path is not None
        return self.path


def _fingerprint(path: Path) -> str:
    """Names, sizes and modification times of a folder's files (or one file's)."""
    if not path.exists():
        return "missing"
    files = [path] if path.is_file() else sorted(p for p in path.rglob("*") if p.is_file())
    parts = []
    for file in files:
        stat = file.stat()
        parts.append(f"{file.relative_to(path) if path.is_dir() else file.name}:{stat.st_size}:{stat.st_mtime_ns}")
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:16]


def folder_source(path: str) -> Source:
    """A data folder, workbook or zip on disk."""
    resolved = Path(path).expanduser()
    return Source("path", str(resolved), f"path:{resolved.resolve()}:{_fingerprint(resolved)}", str(resolved))


def upload_source(name: str, payload: bytes) -> Source:
    """An uploaded workbook or zip, held in memory."""
    digest = hashlib.sha256(payload).hexdigest()
    return Source("upload", name, f"upload:{digest}", None, payload)


def neo4j_source(conn: Connection) -> tuple[Source, dict[str, Any]]:
    """The shared store as a source, keyed on its last push's content hash, so
    the network is read again only after a push changed it; with the push record.

    Raises
    ------
    StoreError
        The store cannot be reached or holds no pushed data.
    """
    store = store_for(conn)
    meta = store.meta()
    if meta is None:
        raise StoreError("error.store_empty", where=conn.label)
    key = f"neo4j:{conn.uri}:{conn.database or ''}:{meta.get('hash')}"
    return Source("neo4j", conn.label, key, conn=conn), meta


def shelf() -> DatasetShelf:
    """The datasets an administrator saved from the import page."""
    return DatasetShelf(datasets_folder())


def default_source() -> str:
    """The data source the app opens on: the dataset an administrator saved
    last, else ``$RESPNET_DATA``, else the demo data."""
    saved_data = shelf()
    saved = saved_data.current()
    if saved is not None:
        return str(saved_data.path(saved))
    return os.environ.get("RESPNET_DATA") or str(DEMO)


def opening_source() -> Source:
    """The source of :func:`default_source`: what the sidebar opens on and what
    the server loads at its start (:mod:`ui.serve`), under one key."""
    return folder_source(default_source())


def on_demo() -> bool:
    """Whether the data the app opens on is the bundled demo (no account
    needed to look at it: :class:`access.accounts.AccessMode`)."""
    try:
        return Path(default_source()).resolve() == DEMO.resolve()
    except OSError:
        return False


@st.cache_resource(show_spinner=False)
def tidy_once() -> list[str]:
    """Remove what writes killed half-way left behind (once per app process):
    temporary files in the app's home, its saved datasets, the data folder's
    lists and the snapshot cache."""
    data = Path(os.environ.get("RESPNET_DATA") or DEMO)
    return [str(p) for p in tidy(*([data / "lists"] if data.is_dir() else []))]


def stopping() -> bool:
    """Whether the app is shutting down (a worker reading an upload is then
    stopped at once, so the app exits within seconds of SIGTERM)."""
    from streamlit.runtime import Runtime, RuntimeState

    return Runtime.exists() and Runtime.instance().state in (RuntimeState.STOPPING, RuntimeState.STOPPED)


def read_upload(payload: bytes, name: str) -> Isolated:
    """An uploaded workbook or zip, read in a worker process of its own with a
    memory and time limit (:mod:`loaders.isolated`): a file built to exhaust
    the server costs its uploader a refusal, not the other users their session.

    Raises
    ------
    DataSourceError
        The file is past a limit, or the worker ran out of time or memory.
    """
    read = read_isolated("read_source", payload, name, stop=stopping)
    logging.getLogger("respnet").info("read upload %s: %.2f s, worker peak %.0f MB", name, read.seconds, read.peak_mb)
    return read


@st.cache_resource(show_spinner=False, max_entries=8)
def dataset_for(key: str, _source: Source) -> Dataset:
    """The validated dataset of a source (raises ``LoadError`` or
    ``DataSourceError``). An upload is read in a worker process
    (:func:`read_upload`) once: its refusal is kept too, so the page running
    again does not read a refused file again; a path on the server is read
    here, and a failure is not kept (the files may be fixed)."""
    if _source.payload is None:
        return load_dataset(_source.open())
    outcome = _upload_dataset(key, _source)
    if isinstance(outcome, RespnetError):
        raise outcome
    return outcome


@st.cache_resource(show_spinner=False, max_entries=16)
def _upload_dataset(key: str, _source: Source) -> Dataset | RespnetError:
    assert _source.payload is not None
    try:
        read = read_upload(_source.payload, _source.label)
        assert isinstance(read.value, RawInput)
        try:
            return parse_input(read.value)
        except LoadError as e:  # what reading it cost goes with the refusal (into the audit line)
            attach_cost(e, read.seconds, read.peak_mb)
            raise
    except RespnetError as e:
        return e


def graph_for(key: str, _source: Source, show: Show | None = None) -> ResponsibilityGraph:
    """The graph of a file or upload source, loaded once per process and ``key``
    (:mod:`ui.loading`: a folder, workbook or archive from its snapshot when the
    files are unchanged); ``show`` is told the stages while it loads. For a
    scoped source, the scoped view of it (of a store, only the scope's part is
    read). A whole store is never read into memory: see :func:`network_for`."""
    if _source.scope:
        return _scoped_graph(key, _source)
    if _source.conn is not None:
        raise AssertionError("a whole store is asked through network_for, never read into memory")
    return hold(key, lambda progress: _load(key, _source, progress), show)


def _load(key: str, source: Source, progress: Progress) -> ResponsibilityGraph:
    """A source's graph: a path through its snapshot, an upload from its validated dataset."""
    if source.path is not None:
        return load_graph_cached(source.path, progress=progress).graph
    progress("build", STAGES["build"])
    return build_graph(dataset_for(key, source))


@st.cache_resource(show_spinner=False, max_entries=8)
def _scoped_graph(key: str, _source: Source) -> ResponsibilityGraph:
    """The part of a source a scoped user sees."""
    if _source.conn is not None:
        return scoped_graph(store_for(_source.conn).read_scope(_source.scope), _source.scope)
    whole = _source.whole()
    return scoped_graph(graph_for(whole.key, whole), _source.scope)


def network_for(key: str, _source: Source) -> Network:
    """What the pages ask, answered for ``_source``: by the store itself for a
    Neo4j source (nothing read whole), else from its graph in memory."""
    if _source.conn is not None and not _source.scope:
        return _store_network(key, _source)
    return MemoryNetwork(graph_for(key, _source))


@st.cache_resource(show_spinner=False, max_entries=8)
def _store_network(key: str, _source: Source) -> Network:
    assert _source.conn is not None
    return StoreNetwork(store_for(_source.conn))


@st.cache_resource(show_spinner=False, max_entries=16)
def dated_for(key: str, at: date, _source: Source) -> list[Finding]:
    """Orphans, gaps and overlaps on ``at``: asked by the findings, a diff ending
    or starting on ``at`` and the handovers to ``at`` (held, not copied per run)."""
    return network_for(key, _source).dated_findings(at=at)


@st.cache_resource(show_spinner=False, max_entries=16)
def all_findings(key: str, at: date, period: tuple[date, date], _source: Source) -> list[Finding]:
    """Orphans, gaps and overlaps on ``at`` and compliance over ``period`` (held,
    not copied per run: a province has tens of thousands; callers do not change it)."""
    start, end = period
    return network_for(key, _source).findings(at=at, start=start, end=end, dated=dated_for(key, at, _source))


@st.cache_data(show_spinner=False, max_entries=64)
def finding_counts(key: str, at: date, period: tuple[date, date], _source: Source) -> dict[FindingKind, int]:
    """How many findings of each kind :func:`all_findings` gives (every kind, zeros included)."""
    counts = Counter(f.kind for f in all_findings(key, at, period, _source))
    return {kind: counts[kind] for kind in FindingKind}


@st.cache_data(show_spinner=False, max_entries=8)
def span_for(key: str, _source: Source) -> DataSpan:
    """The first and last dated fact of a source, and its last record."""
    return network_for(key, _source).span()


def memory_graph(key: str, source: Source) -> ResponsibilityGraph:
    """The graph of a source held in memory; a Neo4j source has none (the
    pages over time and the sandbox need one), which is said as an error."""
    if source.conn is not None and not source.scope:
        raise RespnetError("error.needs_memory")
    return graph_for(key, source)


@st.cache_resource(show_spinner=False, max_entries=16)
def diff_for(key: str, start: date, end: date, _source: Source) -> Diff:
    """What changed from ``start`` to ``end`` (:func:`queries.timeline.diff`)."""
    return diff(memory_graph(key, _source), start, end, findings_on=lambda day: dated_for(key, day, _source))


@st.cache_data(show_spinner=False, max_entries=16)
def diff_counts_for(key: str, start: date, end: date, _source: Source) -> DiffCounts:
    """How much changed from ``start`` to ``end`` (:func:`queries.timeline.diff_counts`)."""
    G = memory_graph(key, _source)
    return diff_counts(G, start, end, findings_on=lambda day: dated_for(key, day, _source))


@st.cache_resource(show_spinner=False, max_entries=16)
def handovers_for(key: str, start: date, end: date, days: int, _source: Source) -> Handovers:
    """The changes of holder from ``start`` to ``end`` (:class:`queries.handover.Handovers`:
    each worked out when a page first shows it)."""
    G = memory_graph(key, _source)
    return Handovers(G, start=start, end=end, days=days, findings=dated_for(key, end, _source))


@st.cache_resource(show_spinner=False, max_entries=16)
def decisions_for(key: str, start: date, end: date, _source: Source) -> DecisionFigures:
    """The accountability decisions' figures from ``start`` to ``end`` (:func:`queries.decisions.decisions`)."""
    return decisions(memory_graph(key, _source), start, end)


@st.cache_data(show_spinner=False, max_entries=16)
def handover_counts_for(key: str, start: date, end: date, days: int, _source: Source) -> tuple[int, int]:
    """How many changes of holder from ``start`` to ``end``, and how many without
    a handover record (:func:`queries.handover.handover_counts`)."""
    return handover_counts(memory_graph(key, _source), start=start, end=end, days=days)


@st.cache_resource(show_spinner=False, max_entries=16)
def whatif_for(key: str, at: date, moves: tuple[tuple[str, tuple[str, ...]], ...], _source: Source) -> WhatIf:
    """The findings on ``at`` before and after ``moves`` (kind, ids), on a copy (:func:`queries.whatif.whatif`)."""
    G = memory_graph(key, _source)
    made = [Move(MoveKind(kind), args) for kind, args in moves]
    return whatif(G, at, made, dataset=lambda: dataset_for(key, _source))


@st.cache_data(show_spinner=False, max_entries=64)
def coverage_by_level(key: str, at: date, _source: Source) -> list[LevelCoverage]:
    return network_for(key, _source).coverage(at=at)


@st.cache_data(show_spinner=False, max_entries=8)
def org_counts(key: str, _source: Source) -> dict[tuple[str, str], int]:
    return network_for(key, _source).organization_counts()


@st.cache_data(show_spinner=False, max_entries=8)
def node_counts(key: str, _source: Source) -> dict[NodeLabel, int]:
    return network_for(key, _source).node_counts()


@st.cache_data(show_spinner=False, max_entries=256)
def choices(key: str, label: NodeLabel, text: str, limit: int, _source: Source) -> list[Choice]:
    """A picker's entries (see :meth:`queries.network.Network.choices`)."""
    return network_for(key, _source).choices(label, text, limit)


@st.cache_data(show_spinner=False, max_entries=256)
def named(key: str, label: NodeLabel, ids: tuple[str, ...], _source: Source) -> list[Choice]:
    """Picker entries of the nodes ``ids`` (see :meth:`queries.network.Network.named`)."""
    return network_for(key, _source).named(label, ids)


@st.cache_data(show_spinner=False, max_entries=8)
def top_org(key: str, _source: Source) -> str | None:
    return network_for(key, _source).top()


@st.cache_resource(show_spinner=False, max_entries=64)
def explore_view(
    key: str, node: str, mode: Mode, depth: int, edge_types: tuple[EdgeType, ...], at: date, _source: Source
) -> tuple[View, ResponsibilityGraph]:
    """The subtree or neighbourhood of ``node`` on ``at``, with a graph that can group it."""
    return network_for(key, _source).view(node, mode, depth=depth, edge_types=edge_types, at=at)


@st.cache_resource(show_spinner=False, max_entries=64)
def trace_for(key: str, case_id: str, rules: str, _source: Source) -> tuple[Trace, ResponsibilityGraph]:
    """The trace of ``case_id`` by the rule set ``rules``, with a graph that names everything in it."""
    return network_for(key, _source).trace(case_id, rules)


@st.cache_resource(show_spinner=False, max_entries=64)
def details_for(key: str, ids: tuple[str, ...], _source: Source) -> ResponsibilityGraph:
    """A graph that answers what the app says of ``ids`` (see :meth:`queries.network.Network.details`)."""
    return network_for(key, _source).details(ids)


@st.cache_data(show_spinner=False, max_entries=256)
def search_for(key: str, text: str, limit: int, _source: Source) -> dict[str, list[Hit]]:
    """Nodes matching ``text``, by kind (see :meth:`queries.network.Network.search`)."""
    return network_for(key, _source).search(text, limit)


@st.cache_resource(show_spinner=False, max_entries=64)
def paths_for(
    key: str, source: str, target: str, at: date, limit: int, edge_types: tuple[EdgeType, ...], _source: Source
) -> tuple[list[LinkPath], ResponsibilityGraph]:
    """The shortest paths between two nodes on ``at``, with a graph that names their nodes."""
    return network_for(key, _source).paths(source, target, at=at, limit=limit, edge_types=edge_types, max_hops=MAX_HOPS)


@st.cache_resource(show_spinner=False, max_entries=64)
def around_for(key: str, node: str, _source: Source) -> ResponsibilityGraph:
    """A graph that answers the dossier of ``node``."""
    return network_for(key, _source).around(node)


@st.cache_resource(show_spinner=False, max_entries=16)
def named_findings(key: str, at: date, period: tuple[date, date], people: bool, _source: Source) -> list[NamedFinding]:
    """The findings of :func:`all_findings`, each with its unit and, with
    ``people``, the people it concerns on ``at`` (:meth:`queries.network.Network.name_findings`;
    held, not copied per run)."""
    return network_for(key, _source).name_findings(all_findings(key, at, period, _source), at, people=people)


@st.cache_resource(show_spinner=False, max_entries=16)
def finding_places(key: str, at: date, period: tuple[date, date], _source: Source) -> dict[str, Placed]:
    """The units of the findings of ``at`` and ``period``, each with its chain
    from the top and its level (:meth:`queries.network.Network.chains`)."""
    named = named_findings(key, at, period, False, _source)
    return network_for(key, _source).chains(tuple(sorted({n.unit for n in named if n.unit})))


# findings word themselves from their graph when read: what holds them lets go with it
for _cache in (dated_for, all_findings, named_findings, diff_for, handovers_for, whatif_for):
    when_dropped(_cache.clear)


def people_of(key: str, at: date, findings: list[Finding], source: Source) -> list[NamedFinding]:
    """Some findings (a page of them), each with the people it concerns on ``at``."""
    return _people_of(key, at, tuple((f.kind.value, f.ids) for f in findings), findings, source)


@st.cache_data(show_spinner=False, max_entries=64)
def _people_of(
    key: str, at: date, which: tuple[tuple[str, tuple[str, ...]], ...], _findings: list[Finding], _source: Source
) -> list[NamedFinding]:
    return network_for(key, _source).name_findings(_findings, at)  # ``which`` names the findings for the cache
