"""The shape of the graph is declared once, in ``graph/schema.py``.

Every other module that names several edge types together is listed here with
why it does; a new literal list of edge types anywhere fails this test until it
is either derived from :data:`graph.schema.EDGES` or added below with its reason.
"""

from __future__ import annotations

import ast
from datetime import date
from pathlib import Path

import pytest

from graph.builder import build_graph
from graph.schema import DATED_EDGES, EDGE_PROPS, EDGES, KEYED_EDGES, NODES, VOCABULARY_ATTRS, EdgeType, NodeLabel
from loaders import load_dataset
from tests.architecture import PACKAGES

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "data" / "demo"

#: (module, the edge types named together) -> why it is not the schema's business.
ALLOWED: dict[tuple[str, frozenset[str]], str] = {
    (
        "graph/schema.py",
        frozenset(EdgeType.__members__),
    ): "the declaration itself",
    (
        "graph/builder.py",
        frozenset(EdgeType.__members__),
    ): "how each edge type is made from the records (a use per type)",
    (
        "queries/whatif.py",
        frozenset({"HOLDS", "OVERSEES"}),
    ): "the two edge types a what-if's moves of edges edit (terms and oversight); a merge rebuilds the graph",
    (
        "graph/subgraph.py",
        frozenset({"IN", "HOLDS", "OVERSEES", "BEARS"}),
    ): "which edges a node's details read from a store",
    (
        "graph/subgraph.py",
        frozenset({"IN", "HOLDS", "BEARS"}),
    ): "the order a subtree hangs posts, holders and duties on",
    ("graph/subgraph.py", frozenset({"IN", "OVERSEES", "BEARS"})): "what a chosen holder's posts bring along",
    (
        "queries/views.py",
        frozenset({"REPORTS_TO", "IN", "HOLDS", "OVERSEES", "SUPERVISES", "BEARS"}),
    ): "the edge kinds the explore view offers (a choice for the reader)",
    ("queries/views.py", frozenset({"OCCURRED_IN", "BREACHES"})): "a trace drawing's edges from the case",
    ("store/reader.py", frozenset({"OCCURRED_IN", "BREACHES", "INVOLVES"})): "the trace round that reads a case",
    (
        "ui/graphs.py",
        frozenset({"REPORTS_TO", "OVERSEES", "SUPERVISES", "BEARS", "BREACHES", "INVOLVES", "TARGETS"}),
    ): "a colour per edge type in the drawings",
    ("ui/graphs.py", frozenset({"TARGETS", "SUPERVISES"})): "the edges drawn dashed",
    (
        "queries/paths.py",
        frozenset({"DEFINED_IN", "FULFILS", "PERFORMED"}),
    ): "the hubs a path does not run through by default (a choice for the reader)",
}


def _sources() -> list[Path]:
    files = [p for package in PACKAGES for p in sorted((ROOT / package).rglob("*.py"))]
    return [*files, ROOT / "app.py"]


def _literal_edge_lists(path: Path) -> list[tuple[int, frozenset[str]]]:
    """Each tuple, list, set or dict literal naming two or more edge types (through
    ``EdgeType`` or a name bound to it, such as ``E = EdgeType``)."""
    tree = ast.parse(path.read_text("utf-8"))
    aliases = {"EdgeType"}
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign):
            for target in node.targets:
                pairs = (
                    list(zip(target.elts, node.value.elts, strict=False))
                    if isinstance(target, ast.Tuple) and isinstance(node.value, ast.Tuple)
                    else [(target, node.value)]
                )
                for name, value in pairs:
                    if isinstance(name, ast.Name) and isinstance(value, ast.Name) and value.id == "EdgeType":
                        aliases.add(name.id)

    def member(node: ast.AST | None) -> str | None:
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in aliases:
            return node.attr if node.attr in EdgeType.__members__ else None
        return None

    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Tuple | ast.List | ast.Set):
            elements: list[ast.expr | None] = list(node.elts)
        elif isinstance(node, ast.Dict):
            elements = list(node.keys)
        else:
            continue
        named = {m for m in map(member, elements) if m}
        if len(named) >= 2:
            found.append((node.lineno, frozenset(named)))
    return found


def test_no_module_lists_edge_types_the_schema_does_not_know_of() -> None:
    seen: dict[str, list[str]] = {}
    unexplained = []
    for path in _sources():
        where = path.relative_to(ROOT).as_posix()
        for line, named in _literal_edge_lists(path):
            seen.setdefault(where, []).append(",".join(sorted(named)))
            if (where, named) not in ALLOWED:
                unexplained.append(f"{where}:{line} names {sorted(named)}")
    assert not unexplained, "derive these from graph.schema.EDGES, or say why here:\n" + "\n".join(unexplained)
    stale = [key for key in ALLOWED if key[0] not in seen or ",".join(sorted(key[1])) not in seen[key[0]]]
    assert not stale, f"listed here but gone from the code: {stale}"


def test_the_schemas_own_sets_are_written_out_nowhere_else() -> None:
    derived = {frozenset(e.name for e in DATED_EDGES), frozenset(e.name for e in KEYED_EDGES)}
    for path in _sources():
        if path.name == "schema.py" and path.parent.name == "graph":
            continue
        for line, named in _literal_edge_lists(path):
            assert named not in derived, f"{path.relative_to(ROOT)}:{line} writes out a set graph.schema derives"


def test_the_literal_scan_can_fail(tmp_path: Path) -> None:
    probe = tmp_path / "probe.py"
    probe.write_text("from graph.schema import EdgeType as X\nE = EdgeType\nA = (E.HOLDS, E.OVERSEES)\n", "utf-8")
    assert _literal_edge_lists(probe) == [(3, frozenset({"HOLDS", "OVERSEES"}))]


def test_the_declarations_agree_with_each_other() -> None:
    assert set(EDGES) == set(EdgeType) and set(NODES) == set(NodeLabel)
    for etype, spec in EDGES.items():
        assert {name for name, _ in spec.props} <= set(EDGE_PROPS), etype
        assert set(spec.key) <= {"start", *EDGE_PROPS}, etype
        assert ("start" in spec.key) == spec.dated, etype  # parallel terms differ by their start
    assert {EdgeType.HOLDS, EdgeType.OVERSEES, EdgeType.SUPERVISES} == DATED_EDGES
    for (label, name), vocabulary in VOCABULARY_ATTRS.items():
        assert name in [a.name for a in NODES[label].attrs] and vocabulary is not None


@pytest.fixture(scope="module")
def demo_graph():  # type: ignore[no-untyped-def]
    return build_graph(load_dataset(DEMO))


def test_the_built_graph_has_exactly_the_declared_attributes(demo_graph) -> None:  # type: ignore[no-untyped-def]
    for label, spec in NODES.items():
        assert list(demo_graph.core.cols[label]) == [a.name for a in spec.attrs], label
        for attr in spec.attrs:
            if attr.vocabulary is None:
                continue
            values = {v for v in demo_graph.core.cols[label][attr.name] if v is not None}
            assert all(isinstance(v, attr.vocabulary) for v in values), (label, attr.name)


def test_dated_edges_carry_their_dates_and_undated_ones_none(demo_graph) -> None:  # type: ignore[no-untyped-def]
    for etype in EdgeType:
        links = list(demo_graph.links(etype))
        as_json = [link.as_dict() for link in links]
        if etype in DATED_EDGES:
            assert links and all("start" in d for d in as_json), etype
        else:
            assert all("start" not in d for d in as_json), etype
            assert all(link.interval.contains(date(1900, 1, 1)) for link in links), etype
