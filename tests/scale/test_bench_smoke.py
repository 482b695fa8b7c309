"""The province benchmark at a small size, as a smoke test: every figure is
measured, respnet and LadybugDB agree on what the scans find, and the bounds
that hold at any size hold here too."""

from __future__ import annotations

import pytest

from tests import bench_province as bench

pytestmark = pytest.mark.slow  # a small province benchmark


@pytest.fixture(scope="module")
def figures(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict, dict]:  # type: ignore[type-arg]
    from loaders.synth import synthesize

    work = tmp_path_factory.mktemp("bench")
    synthesize(work / "data", orgs=1500, seed=1)
    ours, (G, cases) = bench.run_respnet(work / "data", work / "cache")
    theirs = bench.run_ladybug(G, cases, work)
    return ours, theirs


def test_every_figure_is_measured(figures: tuple[dict, dict]) -> None:  # type: ignore[type-arg]
    ours, theirs = figures
    for key, _, _ in bench.ROWS:
        assert ours[key] > 0, key
    assert not theirs.get("missing"), "LadybugDB (a dev dependency) is not installed"
    for key in ("load_s", "orphans_s", "gaps_s", "overlaps_s", "compliance_s", "trace_median_s"):
        assert theirs[key] > 0, key
    print(bench.table({1500: figures}))


def test_scans_find_the_same_things_in_both(figures: tuple[dict, dict]) -> None:  # type: ignore[type-arg]
    ours, theirs = figures
    # LadybugDB's gaps query counts missing posts per role, ours per organization and role
    for name in ("orphans", "overlaps"):
        assert ours[f"{name}_n"] == theirs[f"{name}_n"], name
    # its compliance query has no pro-rating for vacancies: the same rule gives the same count,
    # and pro-rating only takes findings away (a post vacant a whole window owes nothing there)
    assert ours["compliance_plain_n"] == theirs["compliance_n"]
    assert ours["compliance_n"] <= ours["compliance_plain_n"]


def test_size_free_bounds(figures: tuple[dict, dict]) -> None:  # type: ignore[type-arg]
    ours, _ = figures
    assert ours["trace_median_s"] <= 0.001
    assert ours["bytes_per_edge"] <= 600
    assert ours["warm_s"] < ours["load_s"]


def test_graph_bytes_counts_every_array_and_index_the_graph_holds(demo) -> None:  # type: ignore[no-untyped-def]
    """Every edge table's arrays and offsets, the node id dict and the label
    arrays are among what the figure counts (a first version walked temporary
    dicts whose reused ids made it skip whole tables)."""
    core = demo.core
    wanted = {id(core.pos), id(core.labels), id(core.rows), id(core.ids)}
    for table in core.edges.values():
        wanted |= {id(getattr(table, name)) for name in table._ARRAYS}
        wanted |= {id(table._out.off), id(table._in.off)}
    found = {id(obj) for obj in bench.reachable(demo)}
    assert wanted <= found


def test_a_graphs_held_bytes_are_about_what_counting_every_object_finds(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The app weighs each graph it holds by an estimate from samples (milliseconds,
    where counting every object of a province takes seconds): near the count once
    a graph is big enough to matter (a small one's fixed costs, the arrays' headers
    and the vocabularies, are left out: under 100 KB)."""
    from loaders import load_graph
    from loaders.synth import synthesize
    from tests.networks import network

    synthesize(tmp_path / "s", orgs=500)
    for G in (network(400), load_graph(tmp_path / "s")):
        counted = bench.graph_bytes(G)
        assert 0.9 <= G.core.held_bytes() / counted <= 1.1, G.core.held_bytes() / counted
        assert counted > 1_000_000  # big enough that the fixed costs are a few percent
