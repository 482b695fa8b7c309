"""Time at province scale: ``diff`` and ``handovers`` between two dates a year apart.

    python -m tests.bench_timeline --orgs 10000 --orgs 100000 [--markdown docs/performance-timeline.md]

(``make bench-timeline``.)

For each size: generate the province (``respnet synth``), load it (the
snapshot written on the way), then time, for 2025-01-01 → 2025-12-31:
the changes alone (one pass over the dated edges, then linear in the changes),
the findings of the dated scans on both dates, the whole :func:`diff`, and
:func:`handover_gaps`; with the process's peak RSS and the peak the diff itself
allocated (tracemalloc). With two sizes it prints how each grew, beside how the
edges and the changes grew: the changes' pass should grow with them, not faster.
"""

from __future__ import annotations

import argparse
import gc
import os
import resource
import sys
import time
import tracemalloc
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

FROM, TO = date(2025, 1, 1), date(2025, 12, 31)


def _timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    t = time.perf_counter()
    result = fn()
    return time.perf_counter() - t, result


def measure(folder: Path, cache: Path) -> dict[str, Any]:
    from graph.schema import DATED_EDGES
    from loaders.snapshot import load_graph_cached
    from queries.columns import prepare
    from queries.handover import handover_gaps
    from queries.timeline import changes, dated_findings, diff

    os.environ["RESPNET_CACHE"] = str(cache)
    G = prepare(load_graph_cached(folder).graph)
    out: dict[str, Any] = {"nodes": len(G), "edges": sum(G.edge_counts().values())}
    out["dated_edges"] = sum(len(G.core.edges[e]) for e in DATED_EDGES)
    dated_findings(G, FROM)  # the scans' indexes, once, as the app has them
    out["changes_s"], found = _timed(lambda: changes(G, FROM, TO))
    out["changes"] = len(found)
    out["findings_s"], _ = _timed(lambda: (dated_findings(G, FROM), dated_findings(G, TO)))
    out["diff_s"], whole = _timed(lambda: diff(G, FROM, TO))
    gc.collect()
    tracemalloc.start()  # once more, traced (tracing slows it: not timed)
    diff(G, FROM, TO)
    out["diff_peak_mb"] = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    out["opened"], out["closed"] = len(whole.opened), len(whole.closed)
    out["handover_s"], gaps = _timed(lambda: handover_gaps(G, start=FROM, end=TO))
    out["handover_gaps"] = len(gaps)
    out["rss_peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return out


ROWS = (
    ("nodes", "nodes", "{:,}"),
    ("edges", "edges", "{:,}"),
    ("dated_edges", "dated edges (HOLDS, OVERSEES, SUPERVISES)", "{:,}"),
    ("changes", "changes 2025-01-01 → 2025-12-31", "{:,}"),
    ("opened", "findings opened", "{:,}"),
    ("closed", "findings closed", "{:,}"),
    ("changes_s", "the changes (s)", "{:.3f}"),
    ("findings_s", "dated scans on both dates (s)", "{:.3f}"),
    ("diff_s", "diff, whole (s)", "{:.3f}"),
    ("diff_peak_mb", "diff's own peak allocation (MB, tracemalloc)", "{:.1f}"),
    ("handover_gaps", "handover gaps in the year", "{:,}"),
    ("handover_s", "handover_gaps (s)", "{:.3f}"),
    ("rss_peak_mb", "process peak RSS (MB)", "{:,.0f}"),
)


def table(results: dict[int, dict[str, Any]]) -> str:
    sizes = list(results)
    lines = ["| measure | " + " | ".join(f"{n:,} orgs" for n in sizes) + " |", "|---" * (len(sizes) + 1) + "|"]
    for key, title, fmt in ROWS:
        lines.append(f"| {title} | " + " | ".join(fmt.format(results[n][key]) for n in sizes) + " |")
    if len(sizes) > 1:
        a, b = results[sizes[0]], results[sizes[-1]]
        lines.append("")
        lines.append(f"growth ×{sizes[-1] / sizes[0]:g} organizations:")
        for key in ("edges", "dated_edges", "changes", "changes_s", "diff_s", "handover_s"):
            lines.append(f"- {key}: ×{b[key] / a[key]:.1f}" if a[key] else f"- {key}: —")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orgs", type=int, action="append", help="province size (repeat for growth); default 2000")
    parser.add_argument("--markdown", type=Path, help="also write the table to this file")
    args = parser.parse_args(argv)
    from tests.bench_province import province, write_markdown

    results: dict[int, dict[str, Any]] = {}
    for orgs in args.orgs or [2000]:
        with province(orgs, "respnet-timeline") as work:
            results[orgs] = measure(work / "data", work / "cache")
        print(table({orgs: results[orgs]}), flush=True)
    if len(results) > 1:
        print(table(results))
    if args.markdown:
        write_markdown(args.markdown, f"\n{table(results)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
