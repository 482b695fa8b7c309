"""The graphs of the app's sources, each loaded once per process.

A province takes seconds to load even from its snapshot and a minute from its
files; every session of the app shares one graph per source. The first session
to ask for a source loads it and shows the stages (:data:`loaders.snapshot.STAGES`)
as a progress bar; a session asking while that load runs waits for it and shows
the same bar. A failed load is not kept: the next ask tries again (the files
may have been fixed). At most ``$RESPNET_GRAPHS`` graphs (3) are held, together
at most ``$RESPNET_GRAPH_MB`` megabytes (half the machine's memory by default;
a graph is counted by :meth:`graph.core.GraphCore.held_bytes`); the least
recently used goes first, never the one just loaded.

Once the first page is drawn, :func:`warm_imports` imports in the background
what the other pages will need (the casework store's SQLAlchemy and Alembic,
the charts' Altair …): an inspector's first visit to those pages no longer
waits for them.

This is a plain process-level store rather than ``st.cache_resource``: a cached
function may not draw a progress bar it did not create (Streamlit replays what
a cached function drew), and the bar is what a cold start needs.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from graph.model import ResponsibilityGraph
from loaders.snapshot import Progress

__all__ = ["LATER", "Show", "forget", "held", "hold", "warm_imports", "when_dropped"]

#: Called with a stage and the share of the load done (see ``Progress``), while a load runs.
Show = Callable[[str, float], None]


@dataclass
class _Slot:
    """One source's graph, or the load that is making it."""

    ready: threading.Event = field(default_factory=threading.Event)
    stage: str = "hash"
    done: float = 0.0
    graph: ResponsibilityGraph | None = None
    error: BaseException | None = None
    used: float = field(default_factory=time.monotonic)
    size: int = 0  # bytes, once loaded


_SLOTS: dict[str, _Slot] = {}
_LOCK = threading.Lock()


def _capacity() -> int:
    try:
        return max(1, int(os.environ.get("RESPNET_GRAPHS", "3")))
    except ValueError:
        return 3


def _budget() -> int:
    """Bytes the held graphs may take together: ``$RESPNET_GRAPH_MB``, else half the memory."""
    try:
        return max(1, int(os.environ["RESPNET_GRAPH_MB"])) * 2**20
    except (KeyError, ValueError):
        try:
            return os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE") // 2
        except (ValueError, OSError, AttributeError):
            return 8 * 2**30


def hold(key: str, load: Callable[[Progress], ResponsibilityGraph], show: Show | None = None) -> ResponsibilityGraph:
    """The graph under ``key``: held already, or loaded now by ``load`` (which
    reports its stages), or awaited from another session's load of it.
    ``show`` is told each stage while this session waits or loads.

    Raises
    ------
    Whatever ``load`` raised (in every session that waited for it).
    """
    with _LOCK:
        slot = _SLOTS.get(key)
        mine = slot is None
        if slot is None:
            slot = _SLOTS[key] = _Slot()
        slot.used = time.monotonic()
    if mine:
        return _load(key, slot, load, show)
    while not slot.ready.wait(0.2):
        if show is not None:
            show(slot.stage, slot.done)
    if slot.error is not None:
        raise slot.error
    assert slot.graph is not None
    return slot.graph


def _load(
    key: str, slot: _Slot, load: Callable[[Progress], ResponsibilityGraph], show: Show | None
) -> ResponsibilityGraph:
    def report(stage: str, done: float) -> None:
        slot.stage, slot.done = stage, done
        if show is not None:
            show(stage, done)

    try:
        slot.graph = load(report)
        slot.size = slot.graph.core.held_bytes()
    except BaseException as e:
        slot.error = e
        with _LOCK:
            if _SLOTS.get(key) is slot:
                del _SLOTS[key]
        raise
    finally:
        slot.ready.set()
    _trim(keep=key)
    return slot.graph


def _trim(keep: str) -> None:
    """Drop the least recently used graphs past the capacity or the memory budget
    (never ``keep``, never a load in progress)."""
    with _LOCK:
        loaded = sorted((s.used, k) for k, s in _SLOTS.items() if s.ready.is_set() and k != keep)
        held, budget = sum(s.size for s in _SLOTS.values()), _budget()
        dropped = []
        for _, k in loaded:
            if len(_SLOTS) <= _capacity() and held <= budget:
                break
            held -= _SLOTS.pop(k).size
            dropped.append(k)
    if dropped:
        _dropped()


_LISTENERS: list[Callable[[], None]] = []


def when_dropped(clear: Callable[[], None]) -> None:
    """Call ``clear`` whenever a graph is let go: a cache of what was made from
    a graph (findings word themselves from it when read) must not keep a
    dropped province alive beside its reloaded copy."""
    _LISTENERS.append(clear)


def _dropped() -> None:
    for clear in _LISTENERS:
        clear()


def held(key: str) -> bool:
    """Whether the graph under ``key`` is loaded and held."""
    slot = _SLOTS.get(key)
    return slot is not None and slot.ready.is_set() and slot.graph is not None


def forget(key: str | None = None) -> None:
    """Let go of one graph, or of all (tests, and an administrator's reload)."""
    with _LOCK:
        if key is None:
            _SLOTS.clear()
        else:
            _SLOTS.pop(key, None)
    _dropped()


#: What pages other than the overview import that costs their first visit, in
#: seconds here (2026-12-04): the casework store with SQLAlchemy and Alembic
#: 0.38, its forms 0.14, Altair (charts) 0.16, openpyxl (exports) 0.07.
LATER = ("casework.book", "ui.casework", "reports.filed", "altair", "openpyxl")
_warming: list[threading.Thread] = []


def warm_imports(modules: tuple[str, ...] = LATER) -> threading.Thread:
    """Import ``modules`` in a thread of their own, once per process (the
    thread, started by the first call)."""
    with _LOCK:
        if not _warming:
            _warming.append(threading.Thread(target=_import, args=(modules,), name="respnet-warm", daemon=True))
            _warming[0].start()
        return _warming[0]


def _import(modules: tuple[str, ...]) -> None:
    import importlib
    import logging

    for name in modules:
        try:
            importlib.import_module(name)
        except Exception:  # a page importing it will say what is wrong
            logging.getLogger("respnet").warning("could not import %s ahead of its page", name, exc_info=True)
