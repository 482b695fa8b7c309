"""The app's pages on a Neo4j source at province scale (``make bench-neo4j-pages``).

    python -m tests.bench_neo4j_pages --orgs 10000 [--markdown FILE]

Run where ``NEO4J_URI`` names a server whose respnet data may be replaced
(``make bench-neo4j-pages`` starts a fresh one). Generates the province
(``respnet synth``, kept under ``.neo4j/bench-data``), pushes it, then opens
every page as an inspector would — each in a fresh session with every cache
cleared — and prints what the store handed it (rows and nodes, and their
share of the network's nodes) and how long the page took, the deepest views
included (the root's subtree at depth 5 with every edge kind).
"""

from __future__ import annotations

import argparse
import os
import time
from datetime import date
from pathlib import Path

import pytest

from loaders import load_graph
from loaders.synth import synthesize
from queries.views import EXPLORE_EDGE_TYPES
from store.driver import Connection, connect
from tests.store.pages import PAGES, Reads, open_page

ROOT = Path(__file__).resolve().parent.parent
AT = date(2025, 1, 1)
DEEP = {
    "explore, subtree of 5, every edge kind (folded)": (
        "explore",
        {"explore_depth": 5, "explore_types": list(EXPLORE_EDGE_TYPES)},
    ),
    "explore, neighbourhood of 4": ("explore", {"explore_mode": "neighbourhood", "explore_depth": 4}),
}


def run(orgs: int) -> list[str]:
    folder = ROOT / ".neo4j" / "bench-data" / f"orgs-{orgs}"
    if not (folder / "organizations.csv").exists():
        synthesize(folder, orgs=orgs)
    G = load_graph(folder)
    size = len(G)
    with connect(Connection.from_env()) as store:
        started = time.perf_counter()
        store.push(G, name=f"synth {orgs}")
        pushed = time.perf_counter() - started
    rows = [
        f"### {orgs:,} organizations ({size:,} nodes; pushed in {pushed:.0f} s), as of {AT}",
        "",
        "| page | rows and nodes read | share of the network | seconds | |",
        "|---|---:|---:|---:|---|",
    ]
    with pytest.MonkeyPatch.context() as patch:
        reads = Reads(patch)
        for title, (page, state) in {**PAGES, **DEEP}.items():
            opened = open_page(reads, page, state, AT)
            failed = [e.value for e in (*opened.app.exception, *opened.app.error)]
            assert not failed, (title, failed)
            assert not {"all_nodes", "all_rels"} & set(opened.rows), title
            refused = "refused: over the view limit" if any("上限" in w.value for w in opened.app.warning) else ""
            rows.append(
                f"| {title} | {opened.total:,} | {opened.total / size:.2%} | {opened.seconds:.1f} | {refused} |"
            )
            print(rows[-1], flush=True)
    return rows


def main() -> None:
    os.environ.setdefault("STREAMLIT_LOGGER_LEVEL", "error")  # AppTest outside a server warns on every cache call
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orgs", type=int, action="append", required=True)
    parser.add_argument("--markdown", type=Path)
    args = parser.parse_args()
    lines = [line for orgs in args.orgs for line in (*run(orgs), "")]
    print("\n".join(lines))
    if args.markdown:
        args.markdown.write_text("\n".join(lines), encoding="utf-8")


if __name__ == "__main__":
    main()
