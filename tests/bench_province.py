"""Province-scale benchmark: respnet against LadybugDB on the same generated data.

    python -m tests.bench_province --orgs 10000 --orgs 100000 [--markdown docs/performance.md]

For each size: generate the province (``respnet synth``), then in one run
measure respnet's cold load (read + validate + build), warm start from the
snapshot, peak RSS and bytes per edge, each whole-network scan and the trace
(median and p95 over 200 random cases); then LadybugDB's bulk ``COPY FROM`` of
the same graph (nodes and edges exported from respnet's graph to CSV, the
export not timed) and the same scans and trace as Cypher; and print ours ÷
LadybugDB. With two sizes it prints how each figure grew. ``--draw`` also
times the first draw of a 1,000-node view in headless Chromium.

LadybugDB (pip ``ladybug``) is a dev-only dependency; without it the
comparison columns say so and the rest still runs.
"""

from __future__ import annotations

import argparse
import csv
import gc
import os
import platform
import random
import resource
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

AT = date(2026, 6, 30)
YEAR = (date(2025, 1, 1), date(2025, 12, 31))
TRACES = 200


def graph_bytes(G: Any) -> int:
    """Bytes the built graph holds: every array, list, dict and distinct value
    reachable from it, each object counted once. (An RSS difference would not
    do: a process that freed memory before reuses it, and the difference can
    even come out negative.)"""
    import numpy as np

    return sum(
        obj.nbytes + sys.getsizeof(np.empty(0)) if isinstance(obj, np.ndarray) else sys.getsizeof(obj)
        for obj in reachable(G)
    )


def reachable(G: Any) -> Iterator[Any]:
    """Every object the graph holds, each once: containers are walked, and
    objects of :mod:`graph` by every attribute, not only what a snapshot stores
    (indexes rebuilt on load, the node positions and edge offsets, take memory
    too). Attribute values are pushed directly: a temporary dict of them would
    be freed and its id reused by the next one, which ``seen`` would then skip."""
    import numpy as np

    seen: set[int] = set()
    stack: list[Any] = [G.core.__dict__, G.__dict__]
    while stack:
        obj = stack.pop()
        if id(obj) in seen:
            continue
        seen.add(id(obj))
        yield obj
        if isinstance(obj, np.ndarray):
            continue
        if isinstance(obj, dict):
            stack.extend(obj.keys())
            stack.extend(obj.values())
        elif isinstance(obj, (list, tuple, set, frozenset)):
            stack.extend(obj)
        elif type(obj).__module__.startswith("graph."):
            slots = [n for k in type(obj).__mro__ for n in getattr(k, "__slots__", ()) if not n.startswith("__")]
            if slots:
                stack.extend(getattr(obj, n) for n in slots if hasattr(obj, n))
            else:
                stack.append(vars(obj))


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    t = time.perf_counter()
    result = fn()
    return time.perf_counter() - t, result


# ---------------------------------------------------------------- respnet
def run_respnet(folder: Path, cache: Path) -> tuple[dict[str, Any], Any]:
    from loaders.snapshot import load_graph_cached
    from queries.columns import prepare
    from queries.compliance import compliance
    from queries.gaps import gaps
    from queries.orphans import orphans
    from queries.overlaps import overlaps
    from queries.trace import trace_case as trace

    os.environ["RESPNET_CACHE"] = str(cache)
    out: dict[str, Any] = {}
    out["load_s"], loaded = _timed(lambda: prepare(load_graph_cached(folder).graph))
    G = loaded
    out["peak_mb"] = _peak_mb()
    out["edges"] = sum(G.edge_counts().values())
    out["nodes"] = len(G)
    out["bytes_per_edge"] = graph_bytes(G) / out["edges"]
    out["edges_per_s"] = out["edges"] / out["load_s"]
    del G, loaded
    gc.collect()
    out["warm_s"], hit = _timed(lambda: load_graph_cached(folder))
    assert hit.from_snapshot, "the second start did not use the snapshot"
    G = prepare(hit.graph)
    scans = {
        "orphans": lambda: orphans(G, at=AT),
        "gaps": lambda: gaps(G, at=AT),
        "overlaps": lambda: overlaps(G, at=AT),
        "compliance": lambda: compliance(G, start=YEAR[0], end=YEAR[1]),
    }
    everything = []
    for name, scan in scans.items():
        seconds, found = _timed(scan)
        out[f"{name}_s"], out[f"{name}_n"] = seconds, len(found)
        everything.extend(found)
    out["scans_s"] = sum(out[f"{name}_s"] for name in scans)
    # a scan decides which findings hold; each one's wording is made when it is read
    # (queries.findings.Finding.deferred): timed here apart, every message of every finding
    out["wording_s"], _ = _timed(lambda: [f.message() for f in everything])
    # LadybugDB's compliance query is the rule without pro-rating (queries.compliance): its
    # count is compared with ours under the same rule; the time above is ours pro-rated
    out["compliance_plain_n"] = len(compliance(G, start=YEAR[0], end=YEAR[1], prorate=False))
    from graph.schema import NodeLabel

    cases = random.Random(7).sample(G.ids(NodeLabel.CASE), min(TRACES, len(G.ids(NodeLabel.CASE))))
    times = []
    for case in cases:
        seconds, _ = _timed(lambda case=case: trace(G, case))
        times.append(seconds)
    out["trace_median_s"] = statistics.median(times)
    out["trace_p95_s"] = statistics.quantiles(times, n=20)[-1] if len(times) > 1 else times[0]
    return out, (G, cases)


# ---------------------------------------------------------------- LadybugDB
_NODE_PROPS = {
    "Organization": ("name", "kind", "level"),
    "Position": ("title", "role"),
    "Person": ("name",),
    "Duty": ("kind", "bound_role", "frequency_period", "frequency_count"),
    "ResponsibilityList": ("title",),
    "Case": ("date", "title"),
    "Decision": ("role",),
    "Record": ("date",),
}
_DATE_PROPS = {"date"}
_INT_PROPS = {"frequency_count"}
_EDGE_PROPS = {"HOLDS": ("start", "end"), "OVERSEES": ("start", "end"), "SUPERVISES": ("kind", "start", "end")}
_EDGE_PROPS |= {"BEARS": ("role", "origin"), "INVOLVES": ("role",), "TARGETS": ("role",)}


def export_graph(G: Any, folder: Path) -> list[str]:
    """The graph as CSV per label and per (type, source label, target label); returns the DDL."""
    from graph.core import CODES, day_of
    from graph.schema import LABELS

    core = G.core
    folder.mkdir(parents=True, exist_ok=True)
    ddl = []
    for label in LABELS:
        props = _NODE_PROPS[label.value]
        types = ["INT64" if p in _INT_PROPS else "DATE" if p in _DATE_PROPS else "STRING" for p in props]
        columns = ", ".join(f"`{p}` {t}" for p, t in zip(props, types, strict=True))
        ddl.append(f"CREATE NODE TABLE `{label.value}`(id STRING PRIMARY KEY{', ' + columns if columns else ''})")
        with (folder / f"{label.value}.csv").open("w", newline="") as f:
            w = csv.writer(f)
            lo, hi = core.spans[label]
            cols = [core.column(label, p) for p in props]
            for row, i in enumerate(range(lo, hi)):
                values = [c[row] for c in cols]
                w.writerow([core.ids[i], *("" if v is None else str(v) for v in values)])
    for etype, table in core.edges.items():
        if not len(table):
            continue
        props = _EDGE_PROPS.get(etype.value, ())
        pairs: dict[tuple[str, str], list[int]] = {}
        for e in range(len(table)):
            key = (LABELS[core.labels[table.src[e]]].value, LABELS[core.labels[table.dst[e]]].value)
            pairs.setdefault(key, []).append(e)
        types = ["DATE" if p in ("start", "end") else "STRING" for p in props]
        froms = ", ".join(f"FROM `{a}` TO `{b}`" for a, b in pairs)
        columns = "".join(f", `{p}` {t}" for p, t in zip(props, types, strict=True))
        ddl.append(f"CREATE REL TABLE `{etype.value}`({froms}{columns})")
        for (a, b), numbers in pairs.items():
            with (folder / f"{etype.value}-{a}-{b}.csv").open("w", newline="") as f:
                w = csv.writer(f)
                for e in numbers:
                    row = [core.ids[table.src[e]], core.ids[table.dst[e]]]
                    for p in props:
                        if p in ("start", "end"):
                            d = day_of(int(getattr(table, p)[e]))
                            row.append(d.isoformat() if d else "")
                        else:
                            row.append(CODES[getattr(table, p)[e]] or "")
                    w.writerow(row)
    return ddl


_AT = "date('2026-06-30')"
_LIVE = "{r}.`start` <= {d} AND ({r}.`end` IS NULL OR {r}.`end` >= {d})"
LADYBUG_SCANS = {
    "orphans": [
        "MATCH (d:Duty) WHERE d.bound_role IS NULL AND NOT EXISTS { MATCH (d)<-[:BEARS]-() } RETURN d.id",
        "MATCH (d:Duty) WHERE EXISTS { MATCH (d)<-[:BEARS]-() } AND NOT EXISTS { MATCH (d)<-[:BEARS]-(:Organization) }"
        " AND NOT EXISTS { MATCH (d)<-[:BEARS]-(:Position)<-[h:HOLDS]-(:Person) WHERE "
        + _LIVE.format(r="h", d=_AT)
        + " } RETURN d.id",
    ],
    "gaps": [
        "MATCH (d:Duty) WHERE d.bound_role IS NOT NULL AND NOT EXISTS { MATCH (d)<-[:BEARS]-() }"
        " RETURN d.bound_role, count(*)",
        "MATCH (p:Position) WHERE p.role IN ['secretary', 'discipline_secretary', 'team_leader']"
        " AND NOT EXISTS { MATCH (p)<-[h:HOLDS]-(:Person) WHERE " + _LIVE.format(r="h", d=_AT) + " } RETURN p.id",
        "MATCH (o:Organization) WHERE o.kind = 'unit' AND NOT EXISTS { MATCH (o)<-[v:OVERSEES]-(:Position) WHERE "
        + _LIVE.format(r="v", d=_AT)
        + " } RETURN o.id",
        "MATCH (o:Organization) WHERE NOT o.kind IN ['branch', 'general_branch', 'village_supervision',"
        " 'discipline_commission', 'organ_discipline_commission', 'stationed_team']"
        " AND EXISTS { MATCH (o)<-[:`IN`]-(s:Position) WHERE s.role = 'secretary' }"
        " AND NOT EXISTS { MATCH (o)<-[v:SUPERVISES]-(:Organization) WHERE "
        + _LIVE.format(r="v", d=_AT)
        + " } RETURN o.id",
    ],
    "overlaps": [
        "MATCH (d:Duty)<-[r:BEARS]-(b) WHERE r.role = 'lead'"
        " WITH d, r.origin = 'template' AND d.bound_role IS NOT NULL"
        " AND NOT d.bound_role IN ['secretary', 'discipline_secretary', 'team_leader'] AS grouped"
        " WITH d, sum(CASE WHEN grouped THEN 0 ELSE 1 END) AS solo, max(CASE WHEN grouped THEN 1 ELSE 0 END) AS grp"
        " WHERE solo + grp > 1 RETURN d.id",
        "MATCH (p:Position)-[v:OVERSEES]->(o:Organization) WHERE " + _LIVE.format(r="v", d=_AT) + ""
        " WITH o, count(DISTINCT p) AS n WHERE n > 1 RETURN o.id",
        "MATCH (p:Position)-[v:OVERSEES]->(o:Organization) WHERE p.role IN ['discipline_secretary', 'team_leader']"
        " AND " + _LIVE.format(r="v", d=_AT) + " RETURN DISTINCT p.id",
    ],
    "compliance": [
        # records per lead bearing and window of 2025, then the bearings short in some window
        "MATCH (d:Duty)<-[r:BEARS]-(b) WHERE d.frequency_period IS NOT NULL AND r.role = 'lead'"
        " OPTIONAL MATCH (d)<-[:FULFILS]-(rec:Record)<-[:PERFORMED]-(p:Person)"
        " WHERE rec.`date` >= date('2025-01-01') AND rec.`date` <= date('2025-12-31')"
        " AND (label(b) = 'Organization' OR EXISTS { MATCH (p)-[h:HOLDS]->(b) WHERE h.`start` <= rec.`date`"
        " AND (h.`end` IS NULL OR h.`end` >= rec.`date`) })"
        " WITH d, b, CASE d.frequency_period WHEN 'month' THEN date_part('month', rec.`date`) - 1"
        " WHEN 'quarter' THEN (date_part('month', rec.`date`) - 1) / 3"
        " WHEN 'half_year' THEN (date_part('month', rec.`date`) - 1) / 6 ELSE 0 END AS w, count(rec) AS n"
        " WITH d, b, collect(CASE WHEN n >= d.frequency_count THEN w END) AS met"
        " WITH d, b, size(met) AS ok, CASE d.frequency_period WHEN 'month' THEN 12 WHEN 'quarter' THEN 4"
        " WHEN 'half_year' THEN 2 ELSE 1 END AS windows WHERE ok < windows RETURN d.id, b.id",
    ],
}
LADYBUG_TRACE = [
    "MATCH (c:`Case` {id: $id})-[:OCCURRED_IN]->(o:Organization) OPTIONAL MATCH (c)-[:INVOLVES]->(p:Person)"
    " RETURN c.`date`, o.id, collect(p.id)",
    "MATCH (c:`Case` {id: $id})-[:OCCURRED_IN]->(o:Organization)-[:REPORTS_TO*0..6]->(a:Organization)"
    " MATCH (a)<-[:`IN`]-(s:Position)<-[h:HOLDS]-(who:Person)"
    " WHERE s.role IN ['secretary', 'deputy_secretary', 'member'] AND h.`start` <= c.`date`"
    " AND (h.`end` IS NULL OR h.`end` >= c.`date`) RETURN a.id, s.id, s.role, who.id",
    "MATCH (c:`Case` {id: $id})-[:OCCURRED_IN]->(o:Organization)-[:REPORTS_TO*0..6]->(a:Organization)"
    " MATCH (a)<-[v:SUPERVISES]-(sup:Organization)"
    " WHERE v.`start` <= c.`date` AND (v.`end` IS NULL OR v.`end` >= c.`date`)"
    " RETURN a.id, sup.id",
    "MATCH (c:`Case` {id: $id})-[:OCCURRED_IN]->(o:Organization)<-[v:OVERSEES]-(s:Position)<-[h:HOLDS]-(who:Person)"
    " WHERE v.`start` <= c.`date` AND (v.`end` IS NULL OR v.`end` >= c.`date`) AND h.`start` <= c.`date`"
    " AND (h.`end` IS NULL OR h.`end` >= c.`date`) RETURN s.id, who.id",
]


def run_ladybug(G: Any, cases: list[str], work: Path, *, scans: bool = True) -> dict[str, Any]:
    """LadybugDB's COPY of the graph and, with ``scans``, its scans and traces."""
    try:
        import ladybug
    except ImportError:
        return {"missing": True}
    export = work / "ladybug-csv"
    ddl = export_graph(G, export)
    db = ladybug.Database(str(work / "lb.db"))
    conn = ladybug.Connection(db)
    for statement in ddl:
        conn.execute(statement)
    files = sorted(export.glob("*.csv"))
    t = time.perf_counter()
    for f in [f for f in files if "-" not in f.stem]:
        conn.execute(f"COPY `{f.stem}` FROM '{f}' (header=false)")
    for f in [f for f in files if "-" in f.stem]:
        rel, a, b = f.stem.split("-", 2)
        conn.execute(f"COPY `{rel}` FROM '{f}' (header=false, from='{a}', to='{b}')")
    out: dict[str, Any] = {"load_s": time.perf_counter() - t}
    if not scans:
        conn.close()
        db.close()
        return out
    for name, statements in LADYBUG_SCANS.items():
        t = time.perf_counter()
        rows = 0
        for statement in statements:
            result = conn.execute(statement)
            rows += len(result.get_all())
        out[f"{name}_s"], out[f"{name}_n"] = time.perf_counter() - t, rows
    out["scans_s"] = sum(out[f"{name}_s"] for name in LADYBUG_SCANS)
    times = []
    for case in cases:
        t = time.perf_counter()
        for statement in LADYBUG_TRACE:
            conn.execute(statement, {"id": case}).get_all()
        times.append(time.perf_counter() - t)
    out["trace_median_s"] = statistics.median(times)
    out["trace_p95_s"] = statistics.quantiles(times, n=20)[-1] if len(times) > 1 else times[0]
    conn.close()
    db.close()
    return out


# ---------------------------------------------------------------- drawing
def first_draw_seconds(nodes: int = 1000) -> float | None:
    """Seconds from navigation to vis-network's first ``afterDrawing`` for a
    ``nodes``-node drawing, in headless Chromium; None without a browser."""
    chromium = "/usr/bin/chromium"
    if not Path(chromium).exists():
        return None
    from playwright.sync_api import sync_playwright

    from tests.canvas_page import canvas_page
    from ui.canvas import TEXT_KEYS, canvas_data
    from ui.draw import DrawEdge, DrawNode

    rng = random.Random(3)
    drawn = [DrawNode(f"n{i}", f"节点{i}", f"节点{i}", "#4c78a8") for i in range(nodes)]
    links = [DrawEdge(f"n{i}", f"n{rng.randrange(i)}", "") for i in range(1, nodes)]
    t = time.perf_counter()
    texts = dict.fromkeys(TEXT_KEYS, "")
    page_html = canvas_page(canvas_data(drawn, links, text=texts, file="bench"))
    python_s = time.perf_counter() - t
    # after the page's scripts ran (the network is made), the second animation
    # frame is the one painted with the drawing in it
    hook = (
        "<script>requestAnimationFrame(() => requestAnimationFrame(() => {"
        " window.__drawn = performance.now(); }));</script></body>"
    )
    page_html = page_html.replace("</body>", hook, 1)
    with tempfile.TemporaryDirectory() as tmp:
        file = Path(tmp) / "view.html"
        file.write_text(page_html, encoding="utf-8")
        flags = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium, args=flags, headless=True)
            page = browser.new_page()
            page.goto(file.as_uri())
            page.wait_for_function("window.__drawn !== undefined", timeout=30000)
            browser_ms = page.evaluate("window.__drawn")
            physics = page.evaluate("document.querySelector('.rn-canvas').network.physics.options.enabled")
            browser.close()
    assert not physics, "a 1,000-node view asked the browser for physics"
    return python_s + browser_ms / 1000


# ---------------------------------------------------------------- report
ROWS = [
    ("load_s", "cold load+validate+build (s)", "ratio"),
    ("warm_s", "warm start from snapshot (s)", "ratio_load"),
    ("edges_per_s", "edges/s (cold)", None),
    ("bytes_per_edge", "bytes per edge (everything the built graph holds)", None),
    ("peak_mb", "peak RSS (MB)", None),
    ("orphans_s", "orphans scan (s)", "ratio"),
    ("gaps_s", "gaps scan (s)", "ratio"),
    ("overlaps_s", "overlaps scan (s)", "ratio"),
    ("compliance_s", "compliance scan, one year (s)", "ratio"),
    ("scans_s", "all four scans together (s)", "ratio"),
    ("wording_s", "wording every finding of the four, after (s)", None),
    ("trace_median_s", "trace median (s)", "ratio"),
    ("trace_p95_s", "trace p95 (s)", "ratio"),
]


def table(results: dict[int, tuple[dict[str, Any], dict[str, Any]]]) -> str:
    lines = []
    for orgs, (ours, lb) in results.items():
        lines.append(f"\n### --orgs {orgs:,}: {ours['nodes']:,} nodes, {ours['edges']:,} edges\n")
        lines.append("| figure | respnet | LadybugDB | respnet ÷ LadybugDB |")
        lines.append("|---|---:|---:|---:|")
        for key, name, ratio in ROWS:
            mine = ours.get(key)
            theirs = lb.get("load_s" if ratio == "ratio_load" else key) if ratio else None
            div = f"{mine / theirs:.3f}" if mine is not None and theirs else "—"
            lines.append(f"| {name} | {_fmt(mine)} | {_fmt(theirs)} | {div} |")
        if lb.get("missing"):
            lines.append("\nLadybugDB is not installed (pip install ladybug): no comparison.")
    if len(results) > 1:
        sizes = list(results.items())
        (small, (a, _)), (large, (b, _)) = sizes[0], sizes[-1]
        lines.append(f"\n### growth from --orgs {small:,} to --orgs {large:,} (×{large / small:g} organizations)\n")
        lines.append("| figure | growth |")
        lines.append("|---|---:|")
        for key, name, _ in ROWS:
            if a.get(key) and b.get(key):
                lines.append(f"| {name} | ×{b[key] / a[key]:.2f} |")
    return "\n".join(lines)


def _fmt(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        if value < 0.01:  # a trace: enough digits to tell it from a 1 ms bound
            return f"{value:.6f}"
        return f"{value:,.4f}" if value < 1 else f"{value:,.2f}" if value < 1000 else f"{value:,.0f}"
    return f"{value:,}"


def machine() -> str:
    cpu = "unknown CPU"
    try:
        with open("/proc/cpuinfo") as f:
            cpu = next(line.split(":", 1)[1].strip() for line in f if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    system = f"{platform.system()} {platform.release()}"
    return f"{cpu}, {os.cpu_count()} cores, {mem:.0f} GiB RAM, {system}, Python {platform.python_version()}"


@contextmanager
def province(orgs: int, prefix: str = "respnet-bench") -> Iterator[Path]:
    """A province of ``orgs`` organizations generated (seed 1) into ``data/`` of a
    throw-away folder, which goes when the block ends."""
    from loaders.synth import synthesize

    work = Path(tempfile.mkdtemp(prefix=f"{prefix}-{orgs}-"))
    try:
        print(f"generating --orgs {orgs:,} …", file=sys.stderr, flush=True)
        synthesize(work / "data", orgs=orgs, seed=1)
        yield work
    finally:
        shutil.rmtree(work, ignore_errors=True)


def write_markdown(path: Path, body: str) -> None:
    """A benchmark's tables, with the machine they were measured on."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"Machine: {machine()}\n{body}\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orgs", type=int, action="append", help="province size (repeat for growth); default 2000")
    parser.add_argument("--markdown", type=Path, help="also write the tables to this file")
    parser.add_argument("--draw", action="store_true", help="time a 1,000-node first draw in headless Chromium")
    parser.add_argument("--no-ladybug", action="store_true", help="skip the LadybugDB comparison")
    args = parser.parse_args(argv)
    sizes = args.orgs or [2000]
    results: dict[int, tuple[dict[str, Any], dict[str, Any]]] = {}
    for orgs in sizes:
        with province(orgs) as work:
            ours, (G, cases) = run_respnet(work / "data", work / "cache")
            print(f"respnet done: load {ours['load_s']:.1f}s", file=sys.stderr, flush=True)
            lb = {"missing": True} if args.no_ladybug else run_ladybug(G, cases, work)
            results[orgs] = (ours, lb)
            del G
        print(table({orgs: results[orgs]}), flush=True)
    report = table(results)
    if len(results) > 1:
        print("### growth" + report.split("### growth", 1)[-1] if "### growth" in report else "")
    extra = ""
    if args.draw:
        seconds = first_draw_seconds()
        extra = f"\nFirst draw of a 1,000-node view in headless Chromium: {_fmt(seconds)} s (physics off)."
        print(extra.strip())
    if args.markdown:
        write_markdown(args.markdown, f"{report}\n{extra}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
