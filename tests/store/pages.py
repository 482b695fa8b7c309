"""Opening the app's pages on a Neo4j source and counting what the store
hands them: used by the page-reads test (``test_neo4j_app.py``) and the
pages benchmark (``tests/bench_neo4j_pages.py``)."""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from graph.subgraph import Part
from store.driver import Neo4jStore
from tests.helpers import ROOT

#: Each page as an inspector opens it: the page and the choices made on it.
PAGES: dict[str, tuple[str, dict[str, Any]]] = {
    "overview": ("overview", {}),
    "findings": ("findings", {}),
    "trace": ("trace", {}),
    "explore, subtree": ("explore", {}),
    "explore, neighbourhood of 2": ("explore", {"explore_mode": "neighbourhood", "explore_depth": 2}),
    "explore, subtree of 3 (folded)": ("explore", {"explore_depth": 3}),
    "people, a person": ("people", {}),
    "people, a post": ("people", {"people_mode": "post"}),
    "dossier, a person": ("dossier", {}),
    "dossier, a unit": ("dossier", {"dossier_kind": "org"}),
}


class Reads:
    """What the store hands the app: rows of each read statement, and nodes of
    each part read (counted for every store in the process, the app's included)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.rows: Counter[str] = Counter()
        rows, triples = Neo4jStore.rows, Neo4jStore.triples

        def counted_rows(store: Neo4jStore, name: str, /, **params: Any) -> list[dict[str, Any]]:
            found = rows(store, name, **params)
            self.rows[name] += len(found)
            return found

        def counted_triples(store: Neo4jStore, name: str, **params: Any) -> Part:
            part = triples(store, name, **params)
            self.rows[name] += len(part.nodes)
            return part

        monkeypatch.setattr(Neo4jStore, "rows", counted_rows)
        monkeypatch.setattr(Neo4jStore, "triples", counted_triples)

    @property
    def total(self) -> int:
        return sum(self.rows.values())


@dataclass(frozen=True)
class Opened:
    """One page opened: the app as it ended, what it read and how long it took."""

    app: AppTest
    rows: Counter[str]
    seconds: float

    @property
    def total(self) -> int:
        return sum(self.rows.values())


def open_page(reads: Reads, page: str, state: dict[str, Any], on: date) -> Opened:
    """``page`` opened on the Neo4j source as of ``on`` with the widget values
    ``state``, in a fresh session with every cache cleared (nothing read before is reused)."""
    st.cache_data.clear()
    st.cache_resource.clear()
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=1800)
    for key, value in {"source_kind": "neo4j", "lang": "zh", "at": on, **state}.items():
        at.session_state[key] = value
    at.switch_page(f"ui/pages/{page}.py")
    reads.rows.clear()
    started = time.perf_counter()
    at.run()
    return Opened(at, Counter(reads.rows), time.perf_counter() - started)
