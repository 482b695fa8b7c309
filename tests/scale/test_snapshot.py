"""Snapshots: a second start skips parsing, a changed file or a foreign file is never read."""

from __future__ import annotations

import os
import pickle
import shutil
import time
from datetime import date
from pathlib import Path

import pytest

import loaders.snapshot as snapshot
from graph.errors import LoadError
from loaders.snapshot import cache_folder, load_graph_cached, source_hash
from queries.gaps import gaps
from tests.helpers import DEMO


@pytest.fixture
def data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("RESPNET_CACHE", str(tmp_path / "cache"))
    shutil.copytree(DEMO, tmp_path / "demo")
    return tmp_path / "demo"


def test_second_start_uses_the_snapshot_and_gives_the_same_answers(data: Path) -> None:
    first = load_graph_cached(data)
    second = load_graph_cached(data)
    assert not first.from_snapshot and second.from_snapshot
    at = date(2026, 6, 30)
    assert [f.ids for f in gaps(first.graph, at=at)] == [f.ids for f in gaps(second.graph, at=at)]
    assert second.graph.edge_counts() == first.graph.edge_counts()
    assert [str(w) for w in second.warnings] == [str(w) for w in first.warnings]


def test_changed_source_is_parsed_again(data: Path) -> None:
    load_graph_cached(data)
    key = source_hash(data)
    with (data / "people.csv").open("a", encoding="utf-8") as f:
        f.write("P999,新来的人\n")
    assert source_hash(data) != key
    again = load_graph_cached(data)
    assert not again.from_snapshot and again.graph.has("P999")


def test_bad_input_is_not_snapshotted(data: Path) -> None:
    (data / "people.csv").write_text("id,name\nP1,甲\nP1,乙\n", encoding="utf-8")
    for _ in range(2):
        with pytest.raises(LoadError):
            load_graph_cached(data)
    assert not list(cache_folder().glob("*.pickle"))


def test_only_our_own_files_are_unpickled(data: Path) -> None:
    load_graph_cached(data)
    key = source_hash(data)
    file = cache_folder() / f"{key}.pickle"
    # a file with the right name but without the header is never unpickled
    file.write_bytes(pickle.dumps("not a graph"))
    assert not load_graph_cached(data).from_snapshot
    # a snapshot others may write to is not trusted
    assert load_graph_cached(data).from_snapshot
    os.chmod(file, 0o666)
    assert not load_graph_cached(data).from_snapshot
    os.chmod(cache_folder(), 0o777)
    assert not snapshot._trusted(cache_folder(), file)
    os.chmod(cache_folder(), 0o700)


def test_snapshot_format_is_part_of_the_key(data: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    key = source_hash(data)
    monkeypatch.setattr(snapshot, "FORMAT", snapshot.FORMAT + 1)
    assert source_hash(data) != key


def _snapshot(folder: Path, name: str, size: int, age_days: float) -> Path:
    file = folder / f"{name}.pickle"
    file.write_bytes(b"x" * size)
    used = time.time() - age_days * 86400
    os.utime(file, (used, used))
    return file


def test_snapshots_unused_too_long_or_past_the_size_cap_are_evicted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("RESPNET_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("RESPNET_CACHE_DAYS", "30")
    monkeypatch.setenv("RESPNET_CACHE_MB", "3")
    folder = cache_folder()
    mb = 2**20
    old = _snapshot(folder, "old", mb, 45)  # unused for 45 days
    least = _snapshot(folder, "least", mb, 10)  # the least recently used of the rest
    recent = _snapshot(folder, "recent", mb, 1)
    kept = _snapshot(folder, "kept", 2 * mb, 60)  # the one just written: never evicted
    removed = snapshot.evict(folder, keep="kept")
    assert set(removed) == {old, least}
    assert recent.exists() and kept.exists()
    assert sum(f.stat().st_size for f in folder.glob("*.pickle")) == 3 * mb


def test_writing_a_snapshot_evicts_and_reading_one_marks_it_used(data: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    stale = _snapshot(cache_folder(), "0" * 64, 10, 400)
    first = load_graph_cached(data)
    assert not stale.exists()  # a year unused: gone once the new snapshot was written
    file = cache_folder() / f"{first.key}.pickle"
    os.utime(file, (0, 0))
    assert load_graph_cached(data).from_snapshot
    assert time.time() - file.stat().st_mtime < 60  # read now: the last to be evicted


def test_a_snapshot_brings_its_id_index_along(data: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from graph.nodeindex import NodeIndex

    first = load_graph_cached(data).graph

    def rebuilt(ids: object) -> None:
        raise AssertionError("the id index was made again from the ids")

    monkeypatch.setattr(NodeIndex, "table", staticmethod(rebuilt))
    second = load_graph_cached(data)
    assert second.from_snapshot
    assert all(second.graph.core.pos[node_id] == i for i, node_id in enumerate(first.core.ids))
