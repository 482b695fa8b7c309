"""Cached access to the graph and derived tables for the app."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import streamlit as st

from graph.model import ResponsibilityGraph
from loaders import load_graph
from queries import gaps, orphans, overlaps

__all__ = ["default_source", "finding_counts", "graph_for"]

DEMO = Path(__file__).resolve().parent.parent / "data" / "demo"


def default_source() -> str:
    """The data source the app opens on: ``$RESPNET_DATA`` or the demo data."""
    return os.environ.get("RESPNET_DATA") or str(DEMO)


@st.cache_resource(show_spinner=False)
def graph_for(source: str) -> ResponsibilityGraph:
    """The graph of a data source, built once per source."""
    return load_graph(source)


@st.cache_data(show_spinner=False)
def finding_counts(source: str, at: date) -> dict[str, int]:
    """Findings per kind for a source as of a date."""
    G = graph_for(source)
    counts: dict[str, int] = {}
    for finding in [*orphans(G, at=at), *gaps(G, at=at), *overlaps(G, at=at)]:
        counts[finding.kind.value] = counts.get(finding.kind.value, 0) + 1
    return counts
