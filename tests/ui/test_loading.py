"""The app's graphs: loaded once per process through the snapshot, shared by every
session, the stages shown, a failure not kept, at most so many held."""

from __future__ import annotations

import shutil
import threading
import time
from datetime import date
from pathlib import Path

import pytest

from graph.builder import GraphBuilder
from graph.errors import LoadError
from graph.model import ResponsibilityGraph
from loaders.snapshot import STAGES, cache_folder
from tests.helpers import DEMO
from ui import loading


@pytest.fixture(autouse=True)
def empty() -> None:
    loading.forget()


def _graph() -> ResponsibilityGraph:
    return GraphBuilder().organization("T", "Town", "party_committee").build()


def test_sessions_asking_at_once_share_one_load_and_see_its_stages() -> None:
    calls, seen = [], []
    release = threading.Event()

    def load(progress):  # type: ignore[no-untyped-def]
        calls.append(1)
        progress("read", 0.1)
        release.wait(5)
        return _graph()

    got: list[ResponsibilityGraph] = []
    threads = [
        threading.Thread(target=lambda: got.append(loading.hold("k", load, lambda s, d: seen.append((s, d)))))
        for _ in range(8)
    ]
    for thread in threads:
        thread.start()
    time.sleep(0.6)  # the waiting sessions poll the load's stage while it runs
    assert not loading.held("k")
    release.set()
    for thread in threads:
        thread.join(10)
    assert len(calls) == 1 and len(got) == 8 and all(g is got[0] for g in got)
    assert ("read", 0.1) in seen and loading.held("k")


def test_a_failed_load_is_said_to_every_waiter_and_not_kept() -> None:
    def bad(progress):  # type: ignore[no-untyped-def]
        raise LoadError([])

    for _ in range(2):
        with pytest.raises(LoadError):
            loading.hold("bad", bad)
    assert not loading.held("bad")
    assert loading.hold("bad", lambda progress: _graph()).has("T")  # the files were fixed


def test_at_most_so_many_graphs_are_held(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RESPNET_GRAPHS", "2")
    for key in ("a", "b"):
        loading.hold(key, lambda progress: _graph())
    loading.hold("a", lambda progress: _graph())  # "a" used again: "b" is the least recently used
    loading.hold("c", lambda progress: _graph())
    assert loading.held("a") and loading.held("c") and not loading.held("b")


def test_graphs_past_the_memory_budget_are_let_go(monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.networks import network

    size = network(400).core.held_bytes()
    budget = int(size * 2.5 // 2**20)
    assert 2 * size <= budget * 2**20 < 3 * size  # room for two, not three
    monkeypatch.setenv("RESPNET_GRAPHS", "10")
    monkeypatch.setenv("RESPNET_GRAPH_MB", str(budget))
    for key in ("a", "b", "c"):
        loading.hold(key, lambda progress: network(400))
    assert not loading.held("a") and loading.held("b") and loading.held("c")
    monkeypatch.setenv("RESPNET_GRAPH_MB", "1")  # less than one: the one just loaded stays
    loading.hold("d", lambda progress: network(400))
    assert [k for k in "abcd" if loading.held(k)] == ["d"]


def test_caches_of_what_was_made_from_a_graph_are_cleared_when_it_is_dropped(monkeypatch: pytest.MonkeyPatch) -> None:
    """Findings word themselves from their graph when read, so a cache holding
    them would keep a dropped province alive beside its reloaded copy."""
    import gc
    import weakref

    from queries.orphans import orphans
    from ui import data, subtrees

    monkeypatch.setenv("RESPNET_GRAPHS", "1")
    kept: list[object] = []
    monkeypatch.setattr(loading, "_LISTENERS", [kept.clear])
    orphan = GraphBuilder().organization("T", "Town", "party_committee").duty("D", "职责", "principal")
    first = loading.hold("a", lambda progress: orphan.build())
    kept.extend(orphans(first, at=date(2025, 1, 1)))  # a cache holding what was made from "a", not yet worded
    assert len(kept) == 1
    gone = weakref.ref(first)
    del first
    loading.hold("b", lambda progress: _graph())  # "a" is dropped
    gc.collect()
    assert gone() is None and not kept
    monkeypatch.undo()
    for cache in (data.all_findings, data.named_findings, data.diff_for, data.whatif_for, subtrees.select):
        assert cache.clear in loading._LISTENERS  # the app's caches of findings let go too


def test_the_app_loads_a_folder_through_its_snapshot_with_stages(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ui.data import folder_source, graph_for

    monkeypatch.setenv("RESPNET_CACHE", str(tmp_path / "cache"))
    shutil.copytree(DEMO, tmp_path / "demo")
    source = folder_source(str(tmp_path / "demo"))
    stages: list[str] = []
    cold = graph_for(source.key, source, lambda stage, done: stages.append(stage))
    assert stages == ["hash", "snapshot", "read", "validate", "build", "write"]
    assert [STAGES[s] for s in stages] == sorted(STAGES[s] for s in stages)
    assert len(list(cache_folder().glob("*.pickle"))) == 1
    assert graph_for(source.key, source) is cold  # held: no stage, nothing read
    loading.forget()  # a new process: the snapshot, not the files
    stages.clear()
    warm = graph_for(source.key, source, lambda stage, done: stages.append(stage))
    assert stages == ["hash", "snapshot"] and warm is not cold
    assert warm.edge_counts() == cold.edge_counts()


def test_what_later_pages_import_is_imported_in_the_background_once() -> None:
    """In a fresh interpreter: the app's frame does not import them (nor the Neo4j
    driver, 0.1-0.3 s of a cold start, imported when a store is asked for), one
    thread does, once."""
    import subprocess
    import sys

    script = (
        "import sys, ui.context, ui.data\n"
        "from ui import loading\n"
        "before = [m for m in (*loading.LATER, 'neo4j') if m in sys.modules]\n"
        "first = loading.warm_imports()\n"
        "assert loading.warm_imports() is first\n"
        "first.join(60)\n"
        "print(before, [m for m in loading.LATER if m not in sys.modules], first.name)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=True)
    assert done.stdout.split() == ["[]", "[]", "respnet-warm"]
