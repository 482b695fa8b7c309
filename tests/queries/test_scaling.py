"""Every scan runs in time linear in the graph (indexes built once, no rescan per
finding): at 8× the size a scan takes about 8× as long, far from the 64× of a
quadratic scan. Both sizes are well past the CPU caches (a graph of a few
thousand nodes fits in them and runs faster per node, which would read as
super-linear growth). The province-scale benchmark is its own issue; this
guards the shape of the algorithms."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import date

import pytest

from graph.model import ResponsibilityGraph
from queries import compliance, gaps, orphans, overlaps, trace_case
from tests.networks import network

pytestmark = pytest.mark.slow  # times scans on generated networks

D = date
AT = D(2025, 6, 1)


SCANS: dict[str, Callable[[ResponsibilityGraph], object]] = {
    "orphans": lambda G: orphans(G, at=AT),
    "gaps": lambda G: gaps(G, at=AT),
    "overlaps": lambda G: overlaps(G, at=AT),
    "compliance": lambda G: compliance(G, start=D(2025, 1, 1), end=D(2025, 12, 31)),
}


def best_of(fn: Callable[[], object], runs: int = 3) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


@pytest.fixture(scope="module")
def graphs() -> tuple[ResponsibilityGraph, ResponsibilityGraph]:
    small, large = network(500), network(4000)
    for G in (small, large):
        G.node_counts()  # build the index before timing
    return small, large


@pytest.mark.parametrize("name", list(SCANS))
def test_scans_grow_linearly(graphs, name: str) -> None:  # type: ignore[no-untyped-def]
    small, large = graphs
    scan = SCANS[name]
    n_small, n_large = len(scan(small)), len(scan(large))  # type: ignore[arg-type]
    assert n_small > 0 and 7 * n_small <= n_large <= 9 * n_small  # the same gaps at every size
    ratio = best_of(lambda: scan(large)) / best_of(lambda: scan(small))
    print(f"{name}: ×8 nodes -> ×{ratio:.1f} time")
    assert ratio < 20, f"{name} grew ×{ratio:.1f} for ×8 input: not linear"


def test_trace_time_does_not_grow_with_the_graph(graphs) -> None:  # type: ignore[no-untyped-def]
    small, large = graphs
    t_small = best_of(lambda: [trace_case(small, f"T{t}-K") for t in range(0, 500, 10)], 5)
    t_large = best_of(lambda: [trace_case(large, f"T{t}-K") for t in range(0, 4000, 80)], 5)
    print(f"trace: ×8 nodes -> ×{t_large / t_small:.1f} time")
    assert t_large / t_small < 3
