"""Benchmark of the Neo4j store: rows/s for a push, seconds per push-down scan
and per trace read, against the server named by ``NEO4J_URI``.

    python -m tests.bench_neo4j [--towns N]

Without ``NEO4J_URI`` it says plainly that it was skipped (exit 0). It
REPLACES respnet's data in that database: point it at a test server.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from datetime import date

from graph.errors import StoreError
from graph.schema import NodeLabel
from queries import gaps, orphans, overlaps, pushdown
from store.driver import Connection, connect
from tests.networks import network

AT = date(2025, 6, 1)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--towns", type=int, default=2000, help="size of the generated network")
    args = parser.parse_args(argv)
    if not os.environ.get("NEO4J_URI"):
        print("Neo4j benchmark SKIPPED: NEO4J_URI is not set, so no Neo4j server was measured.")
        return 0
    G = network(args.towns)
    rows = len(G) + sum(G.edge_counts().values())
    try:
        with connect(Connection.from_env()) as store:
            print(f"Neo4j {store.version} ({store.edition}) at {store.conn.label}; {len(G)} nodes, {rows} rows")
            start = time.perf_counter()
            store.push(G, name=f"bench-{args.towns}")
            cold = time.perf_counter() - start
            print(f"push (empty or changed database): {cold:.2f} s, {rows / cold:,.0f} rows/s")
            start = time.perf_counter()
            report = store.push(G, name=f"bench-{args.towns}")
            print(f"re-push of the same data: {time.perf_counter() - start:.2f} s (unchanged: {report.unchanged})")
            for name, down, scan in (
                ("orphans", pushdown.orphans, orphans),
                ("gaps", pushdown.gaps, gaps),
                ("overlaps", pushdown.overlaps, overlaps),
            ):
                start = time.perf_counter()
                found = down(store, at=AT)
                took = time.perf_counter() - start
                start = time.perf_counter()
                same = found == scan(G, at=AT)
                mem = time.perf_counter() - start
                print(f"push-down {name}: {took:.3f} s, {len(found)} findings (networkx {mem:.3f} s, equal: {same})")
            times = []
            for case in G.ids(NodeLabel.CASE)[:200]:
                start = time.perf_counter()
                store.read_trace(case)
                times.append(time.perf_counter() - start)
            print(f"trace neighbourhood read: median {statistics.median(times) * 1000:.1f} ms over {len(times)} cases")
    except StoreError as e:
        print(f"Neo4j benchmark failed: {e.message('en')}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
