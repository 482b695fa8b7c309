"""The push at province scale: rows/s, the pushing process's peak memory above
the loaded graph, and what a re-push of unchanged data costs.

    python -m tests.bench_neo4j_push --orgs 100000 [--folder DIR]

Generates the province with ``respnet synth`` (kept in ``--folder`` for the next
run), loads it, pushes it into the server named by ``NEO4J_URI`` (its respnet
data is REPLACED: use a test server, e.g. ``python -m store.server start
--name bench``), then pushes it again. Peak memory is the process's VmHWM,
reset after loading (``/proc/self/clear_refs``), minus its VmRSS then.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from loaders import load_graph
from loaders.synth import synthesize
from store.driver import Connection, connect


def _status(field: str) -> int:
    """A VmRSS / VmHWM figure of this process, in bytes."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) * 1024
    raise KeyError(field)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--orgs", type=int, default=10_000)
    parser.add_argument("--folder", type=Path, default=Path(".neo4j/bench-data"))
    args = parser.parse_args(argv)
    if not os.environ.get("NEO4J_URI"):
        print("Neo4j push benchmark SKIPPED: NEO4J_URI is not set, so no Neo4j server was measured.")
        return 0
    data = args.folder / f"orgs-{args.orgs}"
    if not (data / "organizations.csv").is_file():
        synthesize(data, orgs=args.orgs)
    start = time.perf_counter()
    G = load_graph(data)
    nodes, edges = len(G), sum(G.edge_counts().values())
    loaded = _status("VmRSS")
    print(f"loaded {args.orgs:,} organizations: {nodes:,} nodes, {edges:,} relationships "
          f"in {time.perf_counter() - start:.1f} s; RSS {loaded / 2**30:.2f} GiB")  # fmt: skip
    Path("/proc/self/clear_refs").write_text("5")  # VmHWM starts again from VmRSS
    with connect(Connection.from_env()) as store:
        print(f"Neo4j {store.version} ({store.edition}) at {store.conn.label}")
        first = store.push(G, name=f"bench-{args.orgs}")
        peak = _status("VmHWM") - loaded
        rows = nodes + edges
        print(f"first push: {first.seconds:.1f} s, {rows / first.seconds:,.0f} rows/s; "
              f"peak RSS {peak / 2**30:.2f} GiB above the loaded graph; "
              f"{first.nodes_written:,} nodes and {first.edges_written:,} relationships written")  # fmt: skip
        again = store.push(G, name=f"bench-{args.orgs}")
        share = again.seconds / first.seconds
        counters = dict(again.counters) or "none"
        print(f"re-push of unchanged data: {again.seconds:.1f} s = {share:.1%} of the first push; "
              f"ranges read {again.ranges_read} of {again.ranges}; server counters {counters}")  # fmt: skip
        peak = _status("VmHWM") - loaded
        print(f"peak RSS over both pushes: {peak / 2**30:.2f} GiB above the loaded graph")
    return 0


if __name__ == "__main__":
    sys.exit(main())
