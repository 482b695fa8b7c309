"""Snapshots of built graphs, keyed on the content of their sources.

Reading and validating a province takes a while; the graph it gives is the
same as long as the files are. :func:`load_graph_cached` hashes the files the
readers would read (the tables and ``lists/*.yaml`` of a folder, or the bytes
of a workbook or archive), and keeps the built graph under that hash in the
project's own cache folder (``$RESPNET_CACHE``, else
``$XDG_CACHE_HOME/respnet``, else ``~/.cache/respnet``). The next start with
the same files reads the snapshot and skips parsing altogether.

A snapshot is a pickle, and unpickling runs code, so one is only ever read
from that folder: a folder this user owns and nobody else may write to, a file
this user owns named after the hash, whose header repeats the hash and the
snapshot format. Anything else is ignored and rebuilt, never loaded.

The folder is kept within bounds: after a snapshot is written, snapshots
unused for ``$RESPNET_CACHE_DAYS`` days (30) go, then the least recently used
until the folder holds at most ``$RESPNET_CACHE_MB`` megabytes (8,192); the
one just written always stays. Reading a snapshot marks it used.

A long load reports its stages (:data:`STAGES`) to a ``progress`` callback,
with the share of the whole load done when each begins.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import stat
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from graph.builder import build_graph
from graph.core import bulk
from graph.errors import Problem
from graph.model import ResponsibilityGraph
from loaders import parse_input, read_source
from loaders.atomic import atomic_file
from loaders.readers import WORKBOOK_SUFFIXES

__all__ = ["FORMAT", "STAGES", "Loaded", "Progress", "cache_folder", "evict", "load_graph_cached", "source_hash"]

#: Bumped whenever the graph's stored shape changes, so old snapshots are not read.
FORMAT = 8
_MAGIC = b"respnet-snapshot"

#: The stages of a load, each with the share of a cold load done when it begins
#: (measured at 100,000 organizations: reading is a tenth, validating and binding
#: about half, building a third, writing the snapshot the rest). A warm load is
#: "hash" then "snapshot".
STAGES = {"hash": 0.0, "snapshot": 0.02, "read": 0.02, "validate": 0.12, "build": 0.6, "write": 0.92}

#: Called with a stage of :data:`STAGES` and the share of the load done.
Progress = Callable[[str, float], None]


def _quiet(stage: str, done: float) -> None:
    """No progress shown."""


@dataclass
class Loaded:
    """A graph and how it was had: ``from_snapshot`` when parsing was skipped."""

    graph: ResponsibilityGraph
    warnings: list[Problem] = field(default_factory=list)
    from_snapshot: bool = False
    key: str = ""


def cache_folder() -> Path:
    """The project's snapshot folder (made, private to this user, on first use)."""
    root = os.environ.get("RESPNET_CACHE")
    if root:
        folder = Path(root)
    else:
        base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
        folder = Path(base) / "respnet"
    folder = folder / "snapshots"
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    return folder


def _limit(name: str, default: float) -> float:
    """A positive number from the environment, else ``default``."""
    try:
        value = float(os.environ.get(name, ""))
    except ValueError:
        return default
    return value if value > 0 else default


def evict(folder: Path, keep: str | None = None, *, now: float | None = None) -> list[Path]:
    """Remove snapshots unused for ``$RESPNET_CACHE_DAYS`` days, then the least
    recently used until the folder is within ``$RESPNET_CACHE_MB``; never the
    snapshot ``keep``. Returns what was removed."""
    max_age = _limit("RESPNET_CACHE_DAYS", 30) * 86400
    max_bytes = _limit("RESPNET_CACHE_MB", 8192) * 2**20
    now = time.time() if now is None else now
    files = []
    for file in folder.glob("*.pickle"):
        with contextlib.suppress(OSError):
            info = file.stat()
            files.append((info.st_mtime, info.st_size, file))
    files.sort(key=lambda item: item[0])  # least recently used first
    total = sum(size for _, size, _ in files)
    removed = []
    for used, size, file in files:
        if file.stem == keep:
            continue
        if now - used > max_age or total > max_bytes:
            with contextlib.suppress(OSError):
                file.unlink()
                removed.append(file)
                total -= size
    return removed


def _sources(path: Path) -> list[Path]:
    """The files a reader reads from ``path``, in a fixed order."""
    if path.is_dir():
        tables = [f for f in path.iterdir() if f.is_file() and not f.name.startswith((".", "~$"))]
        lists = path / "lists"
        templates = [f for f in lists.iterdir() if f.is_file()] if lists.is_dir() else []
        return sorted(tables) + sorted(templates)
    return [path]


def source_hash(path: Path) -> str:
    """SHA-256 over the names and bytes of the files read from ``path``, with
    the snapshot format, so a changed file or a changed format gives a new key."""
    digest = hashlib.sha256(f"{_MAGIC.decode()}:{FORMAT}".encode())
    for file in _sources(path):
        name = file.relative_to(path).as_posix() if path.is_dir() else file.suffix.lower()
        digest.update(name.encode() + b"\0")
        with file.open("rb") as f:
            for chunk in iter(lambda: f.read(1 << 20), b""):
                digest.update(chunk)
        digest.update(b"\0")
    return digest.hexdigest()


def _trusted(folder: Path, file: Path) -> bool:
    """Whether ``file`` may be unpickled: ours, in our folder, which only we can write."""
    uid = os.getuid() if hasattr(os, "getuid") else None
    try:
        for item in (folder, file):
            info = item.lstat()
            if stat.S_ISLNK(info.st_mode) or (uid is not None and info.st_uid != uid):
                return False
            if info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
                return False
    except OSError:
        return False
    return file.parent == folder


def _read(folder: Path, key: str) -> Loaded | None:
    file = folder / f"{key}.pickle"
    if not file.is_file() or not _trusted(folder, file):
        return None
    header = f"{_MAGIC.decode()}:{FORMAT}:{key}\n".encode()
    try:
        with file.open("rb") as f:
            if f.read(len(header)) != header:
                return None
            with bulk(keep=True):
                graph, warnings = pickle.load(f)  # our own file, checked above
    except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError, ValueError, TypeError):
        return None
    if not isinstance(graph, ResponsibilityGraph):
        return None
    with contextlib.suppress(OSError):  # used now: the last to be evicted
        os.utime(file)
    return Loaded(graph, list(warnings), True, key)


def _write(folder: Path, key: str, loaded: Loaded) -> None:
    header = f"{_MAGIC.decode()}:{FORMAT}:{key}\n".encode()
    with atomic_file(folder, f"{key}.pickle", mode=0o600) as f:
        f.write(header)
        pickle.dump((loaded.graph, loaded.warnings), f, protocol=pickle.HIGHEST_PROTOCOL)


def load_graph_cached(source: str | Path, *, use_cache: bool = True, progress: Progress = _quiet) -> Loaded:
    """The graph of a data folder, workbook or archive: from its snapshot when
    the files are unchanged, else read, validated, built and snapshotted (and
    the cache folder then kept within its bounds: :func:`evict`). Each stage
    is reported to ``progress`` as it begins.

    Raises
    ------
    DataSourceError, LoadError
        As :func:`loaders.load_dataset` (bad input is never snapshotted).
    """
    path = Path(source)
    cacheable = path.is_dir() or (path.is_file() and path.suffix.lower() in (*WORKBOOK_SUFFIXES, ".zip"))
    if not use_cache or not cacheable:
        return _build(path, "", progress)
    folder = cache_folder()
    progress("hash", STAGES["hash"])
    key = source_hash(path)
    progress("snapshot", STAGES["snapshot"])
    hit = _read(folder, key)
    if hit is not None:
        return hit
    loaded = _build(path, key, progress)
    progress("write", STAGES["write"])
    with contextlib.suppress(OSError):  # a full or read-only disk costs the next start time, nothing else
        _write(folder, key, loaded)
        evict(folder, keep=key)
    return loaded


def _build(path: Path, key: str, progress: Progress) -> Loaded:
    """Read, validate and build, each stage reported."""
    with bulk(keep=True):
        progress("read", STAGES["read"])
        raw = read_source(path)
        progress("validate", STAGES["validate"])
        dataset = parse_input(raw)
        del raw
        progress("build", STAGES["build"])
        loaded = Loaded(build_graph(dataset), dataset.warnings, False, key)
        del dataset
    return loaded
