"""The store side by side at province scale (``make bench-neo4j``).

    python -m tests.bench_neo4j_province --orgs 10000 --orgs 100000 [--markdown FILE]

For each size: generates the province (``respnet synth``, kept under
``.neo4j/bench-data``), loads it, starts a fresh local Neo4j (instance
``bench``, :mod:`store.server`) and measures

- the push: rows/s, the pushing process's peak RSS above the loaded graph
  (VmHWM reset after loading), and the re-push of unchanged data as a share
  of the first;
- Neo4j's own bulk importer on the same rows (``neo4j-admin database import
  full`` from the same artifacts, into the stopped server, counts checked
  afterwards): the anchor for rows/s;
- each push-down scan and the trace read from the store against the
  in-memory figures, as ratios, in one run;
- PROFILE db hits of every scan statement and the indexes it seeks.

It prints what it measured and, with ``--markdown``, writes the tables.
"""

from __future__ import annotations

import argparse
import csv
import os
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

from graph.model import ResponsibilityGraph, edge_attrs
from graph.schema import EdgeType, NodeLabel
from loaders import load_graph
from loaders.synth import synthesize
from queries import gaps, orphans, overlaps, pushdown, trace_case
from store.driver import Connection, Neo4jStore, connect
from store.rows import edge_row, node_row
from store.server import Instance, Server

AT = date(2025, 6, 1)
ROOT = Path(__file__).resolve().parent.parent
SCANS: tuple[tuple[str, Callable[..., Any], Callable[..., Any]], ...] = (
    ("orphans", pushdown.orphans, orphans),
    ("gaps", pushdown.gaps, gaps),
    ("overlaps", pushdown.overlaps, overlaps),
)


def _status(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) * 1024
    raise KeyError(field)


def _best(run: Callable[[], Any], times: int = 3) -> tuple[float, Any]:
    """The median seconds of ``times`` runs, and the last answer."""
    took, answer = [], None
    for _ in range(times):
        start = time.perf_counter()
        answer = run()
        took.append(time.perf_counter() - start)
    return statistics.median(took), answer


# ---------------------------------------------------------------- bulk import
def _csv_value(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _node_files(G: ResponsibilityGraph, folder: Path) -> Iterator[Path]:
    """One CSV per label in neo4j-admin's header form (typed columns)."""
    core = G.core
    for label in NodeLabel:
        members = core.of_label(label)
        names = list(core.cols[label])
        types = {}
        for name in names:
            sample = next((v for v in core.cols[label][name] if v is not None), None)
            types[name] = ":date" if isinstance(sample, date) else ":long" if isinstance(sample, int) else ""
        path = folder / f"nodes-{label.value}.csv"
        with path.open("w", newline="", encoding="utf-8") as f:
            out = csv.writer(f)
            out.writerow(["id:ID", ":LABEL", *(f"{n}{types[n]}" for n in names)])
            for i in members.tolist():
                props = node_row(core.ids[i], core.attrs(i))["props"]
                out.writerow([core.ids[i], f"Respnet;{label.value}", *(_csv_value(props.get(n)) for n in names)])
        yield path


_EDGE_COLUMNS = ("key", "start", "end", "role", "kind", "origin")


def _edge_files(G: ResponsibilityGraph, folder: Path) -> Iterator[Path]:
    for etype in EdgeType:
        path = folder / f"rels-{etype.value}.csv"
        with path.open("w", newline="", encoding="utf-8") as f:
            out = csv.writer(f)
            out.writerow([":START_ID", ":END_ID", ":TYPE", "key", "start:date", "end:date", "role", "kind", "origin"])
            for e in range(len(G.core.edges[etype])):
                link = G.link_at(etype, e)
                props = edge_row(link.source, link.target, link.key, edge_attrs(link))["props"]
                out.writerow(
                    [link.source, link.target, etype.value, *(_csv_value(props.get(c)) for c in _EDGE_COLUMNS)]
                )
        yield path


def bulk_import(server: Server, G: ResponsibilityGraph) -> dict[str, float]:
    """``neo4j-admin database import full`` of ``G`` into the stopped server;
    seconds writing the CSVs and importing, and the counts it then holds."""
    folder = server.i.home / "import" / "bench"
    folder.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    nodes, rels = list(_node_files(G, folder)), list(_edge_files(G, folder))
    written = time.perf_counter() - start
    server.stop()
    start = time.perf_counter()
    args = ["database", "import", "full", "neo4j", "--overwrite-destination", "--skip-bad-relationships=false"]
    args += [f"--nodes={p}" for p in nodes] + [f"--relationships={p}" for p in rels]
    server.admin(*args)
    imported = time.perf_counter() - start
    env = server.start()
    with connect(Connection(env["NEO4J_URI"], "neo4j", env["NEO4J_PASSWORD"])) as store:
        counts = store.count(), store.rows("count_rels")[0]["rels"]
    return {"csv": written, "import": imported, "nodes": counts[0], "rels": counts[1]}


# ---------------------------------------------------------------- profiles
_SCAN_STATEMENTS = {
    "orphan_duties": {},
    "vacant_bearers": {"at": AT},
    "missing_posts": {},
    "vacant_key_posts": {"at": AT, "roles": ["discipline_secretary", "secretary", "team_leader"]},
    "unoverseen_units": {"at": AT, "kind": "unit"},
    "unsupervised_orgs": {"at": AT, "exempt": ["discipline_commission"], "secretary": "secretary"},
    "multiple_leads": {"lead": "lead", "single_roles": ["discipline_secretary", "secretary", "team_leader"],
                       "template": "template"},
    "overlapping_oversight": {"at": AT},
    "conflicts_of_interest": {"at": AT, "roles": ["discipline_secretary", "secretary"]},
}  # fmt: skip


def _plan_walk(plan: Any) -> Iterator[Any]:
    yield plan
    for child in plan.get("children", []):
        yield from _plan_walk(child)


def profiles(store: Neo4jStore) -> list[tuple[str, int, str]]:
    """Each scan statement's db hits and the index operators in its plan."""
    from store.cypher import statement

    out = []
    with store._driver.session(database=store.conn.database) as session:
        for name, params in _SCAN_STATEMENTS.items():
            stmt = statement(name)
            stmt.check(params)
            result = session.run("PROFILE " + stmt.text, params)  # type: ignore[arg-type]
            for _ in result:  # the profile is kept only for a result read to its end
                pass
            summary = result.consume()
            steps = list(_plan_walk(summary.profile))
            hits = sum(int(step.get("dbHits", 0)) for step in steps)
            seeks = sorted(
                {
                    f"{step['operatorType'].split('@')[0]} {step.get('args', {}).get('Details', '')}".strip()
                    for step in steps
                    if "Index" in step["operatorType"]
                }
            )
            out.append((name, hits, "; ".join(seeks) or "label scans only"))
    return out


# ---------------------------------------------------------------- one size
def measure(orgs: int, lines: list[str]) -> None:
    data = ROOT / ".neo4j" / "bench-data" / f"orgs-{orgs}"
    if not (data / "organizations.csv").is_file():
        synthesize(data, orgs=orgs)
    start = time.perf_counter()
    G = load_graph(data)
    nodes, edges = len(G), sum(G.edge_counts().values())
    rows = nodes + edges
    loaded = _status("VmRSS")
    say = lines.append
    print(f"{orgs:,} organizations: {nodes:,} nodes, {edges:,} relationships, loaded in "
          f"{time.perf_counter() - start:.1f} s, RSS {loaded / 2**30:.2f} GiB", flush=True)  # fmt: skip
    server = Server(Instance("bench"))
    env = server.start(fresh=True)
    try:
        with connect(Connection(env["NEO4J_URI"], "neo4j", env["NEO4J_PASSWORD"])) as store:
            Path("/proc/self/clear_refs").write_text("5")
            first = store.push(G, name=f"bench-{orgs}")
            peak = (_status("VmHWM") - loaded) / 2**30
            again = store.push(G, name=f"bench-{orgs}")
            print(f"push {first.seconds:.1f} s = {rows / first.seconds:,.0f} rows/s, peak {peak:.2f} GiB above "
                  f"the loaded graph; re-push {again.seconds:.1f} s ({again.seconds / first.seconds:.1%}), "
                  f"counters {dict(again.counters) or 'none'}", flush=True)  # fmt: skip
            counters = dict(again.counters) or "none"
            say(f"| {orgs:,} | {rows:,} | push | {first.seconds:.1f} | {rows / first.seconds:,.0f} | "
                f"peak {peak:.2f} GiB above the loaded graph; re-push {again.seconds:.1f} s = "
                f"{again.seconds / first.seconds:.1%}, server counters: {counters} |")  # fmt: skip
            scans = []
            for name, down, scan in SCANS:
                t_store, got = _best(lambda d=down: d(store, at=AT))  # type: ignore[misc]
                t_mem, want = _best(lambda s=scan: s(G, at=AT))  # type: ignore[misc]
                same = [f.to_dict() for f in got] == [f.to_dict() for f in want]
                scans.append(f"| {orgs:,} | {name} | {t_store * 1000:,.0f} | {t_mem * 1000:,.1f} | "
                             f"{t_store / t_mem:,.0f}× | {len(got):,} | {same} |")  # fmt: skip
                print(scans[-1], flush=True)
            cases = G.ids(NodeLabel.CASE)[:50]
            t_store = statistics.median(_best(lambda c=c: trace_case(store.read_trace(c), c), 1)[0] for c in cases)  # type: ignore[misc]
            t_mem = statistics.median(_best(lambda c=c: trace_case(G, c), 1)[0] for c in cases)  # type: ignore[misc]
            scans.append(f"| {orgs:,} | trace (median of {len(cases)} cases) | {t_store * 1000:,.1f} | "
                         f"{t_mem * 1000:,.2f} | {t_store / t_mem:,.0f}× | | |")  # fmt: skip
            print(scans[-1], flush=True)
            hits = profiles(store)
        bulk = bulk_import(server, G)
        ok = bulk["nodes"] == nodes and bulk["rels"] == edges
        print(f"neo4j-admin import: CSV {bulk['csv']:.1f} s, import {bulk['import']:.1f} s = "
              f"{rows / bulk['import']:,.0f} rows/s; counts equal: {ok}", flush=True)  # fmt: skip
        say(f"| {orgs:,} | {rows:,} | neo4j-admin database import full | {bulk['import']:.1f} | "
            f"{rows / bulk['import']:,.0f} | writing its CSVs took {bulk['csv']:.1f} s more; "
            f"counts after import equal: {ok}; push / import = {first.seconds / bulk['import']:.1f}× |")  # fmt: skip
        lines.append("")
        lines.extend(scans)
        lines.append("")
        lines.extend(f"| {orgs:,} | `{name}` | {n:,} | {seeks} |" for name, n, seeks in hits)
        lines.append("")
    finally:
        server.stop()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--orgs", type=int, action="append")
    parser.add_argument("--markdown", type=Path)
    args = parser.parse_args(argv)
    os.environ.setdefault("RESPNET_NEO4J_HEAP", "4g")
    os.environ.setdefault("RESPNET_NEO4J_PAGECACHE", "4g")
    lines: list[str] = []
    for orgs in args.orgs or [10_000]:
        measure(orgs, lines)
    if args.markdown:
        args.markdown.write_text("\n".join(lines) + "\n", "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
