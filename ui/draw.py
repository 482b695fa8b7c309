"""The one pyvis helper: nodes and edges in, a self-contained HTML page out.

The page carries vis-network's script and style inline (from the pyvis
package; no CDN, no temp files), shows a node's details in a side panel when
it is clicked, and never asks the browser for a long physics run: up to
:data:`PHYSICS_MAX_NODES` nodes settle by physics once and then freeze;
larger drawings get their positions from Python and no physics at all.
Layered drawings (a chain of levels) get rows by level, computed here too.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import networkx as nx
import pyvis
from jinja2 import ChoiceLoader, Environment, FileSystemLoader
from pyvis.network import Network

__all__ = ["PHYSICS_MAX_NODES", "DrawEdge", "DrawNode", "network_html"]

#: Above this many nodes the browser runs no physics.
PHYSICS_MAX_NODES = 150

_TEMPLATES = Path(__file__).resolve().parent / "templates"
_PYVIS_TEMPLATES = Path(pyvis.__file__).resolve().parent / "templates"
_ENV = Environment(
    loader=ChoiceLoader([FileSystemLoader(str(_TEMPLATES)), FileSystemLoader(str(_PYVIS_TEMPLATES))]),
    autoescape=False,
)


@dataclass(frozen=True, slots=True)
class DrawNode:
    """A node as drawn: ``title`` is the plain-text tooltip and detail panel."""

    id: str
    label: str
    title: str
    color: str
    shape: str = "dot"
    size: int = 14
    level: int | None = None
    border: str | None = None


@dataclass(frozen=True, slots=True)
class DrawEdge:
    source: str
    target: str
    label: str
    color: str = "#9aa5b1"
    dashes: bool = False
    width: float = 1.0
    title: str = ""


def _positions(nodes: list[DrawNode], edges: list[DrawEdge]) -> dict[str, tuple[float, float]]:
    """A fast, deterministic layout computed here, so the browser needs no physics:
    a short spring layout for a few hundred nodes, rings otherwise."""
    if len(nodes) > RADIAL_MIN_NODES:
        return _radial_positions(nodes, edges)
    g = nx.Graph()
    g.add_nodes_from(n.id for n in nodes)
    g.add_edges_from((e.source, e.target) for e in edges)
    scale = 60.0 * len(nodes) ** 0.5
    layout = nx.spring_layout(g, seed=7, iterations=40, scale=scale)
    return {node: (float(x), float(y)) for node, (x, y) in layout.items()}


#: Above this many nodes the layout is rings by distance (linear time), not springs.
RADIAL_MIN_NODES = 300


def _radial_positions(nodes: list[DrawNode], edges: list[DrawEdge]) -> dict[str, tuple[float, float]]:
    """Each connected part as rings around its best-connected node: a node's
    ring is its distance from the centre, its angle follows its parent's, so
    branches stay together. Linear in nodes and edges."""
    neighbours: dict[str, list[str]] = {n.id: [] for n in nodes}
    for e in edges:
        if e.source in neighbours and e.target in neighbours and e.source != e.target:
            neighbours[e.source].append(e.target)
            neighbours[e.target].append(e.source)
    by_degree = sorted(neighbours, key=lambda node: (-len(neighbours[node]), node))
    positions: dict[str, tuple[float, float]] = {}
    offset = 0.0
    for root in by_degree:
        if root in positions:
            continue
        rings: list[list[str]] = [[root]]
        angle = {root: 0.0}
        seen = {root}
        while rings[-1]:
            ring: list[tuple[float, str]] = []
            for parent in rings[-1]:
                for child in neighbours[parent]:
                    if child not in seen:
                        seen.add(child)
                        ring.append((angle[parent], child))
            ring.sort()
            for i, (_, child) in enumerate(ring):
                angle[child] = 2 * math.pi * i / max(len(ring), 1)
            rings.append([child for _, child in ring])
        radii = [0.0]
        for ring_nodes in rings[1:]:  # wide enough for its nodes, 40 px apart
            radii.append(max(radii[-1] + _GAP_Y * 1.6, len(ring_nodes) * 40.0 / (2 * math.pi)))
        radius = radii[-2] if len(radii) > 1 else 0.0
        centre = offset + radius
        for r, ring_nodes in zip(radii, rings, strict=True):
            for node in ring_nodes:
                positions[node] = (centre + r * math.cos(angle[node]), r * math.sin(angle[node]))
        offset = centre + radius + _GAP_X
    return positions


def _layered_positions(nodes: list[DrawNode], edges: list[DrawEdge]) -> dict[str, tuple[float, float]]:
    """Rows by ``level``, top-down; inside a row, nodes ordered by the mean
    position of their neighbours in the rows above (one barycentre sweep), so
    a post sits under its organization and a holder under the post."""
    rows: dict[int, list[str]] = {}
    for n in nodes:
        rows.setdefault(n.level or 0, []).append(n.id)
    neighbours: dict[str, list[str]] = {n.id: [] for n in nodes}
    for e in edges:
        if e.source in neighbours and e.target in neighbours:
            neighbours[e.source].append(e.target)
            neighbours[e.target].append(e.source)
    x: dict[str, float] = {}
    positions: dict[str, tuple[float, float]] = {}
    for row_index, level in enumerate(sorted(rows)):
        members = rows[level]
        wanted = {}
        for i, node in enumerate(members):
            placed = [x[m] for m in neighbours[node] if m in x]
            wanted[node] = sum(placed) / len(placed) if placed else i * _GAP_X
        ordered = sorted(members, key=lambda node: wanted[node])
        centre = sum(wanted.values()) / len(ordered) if row_index else 0.0
        width = (len(ordered) - 1) * _GAP_X
        for i, node in enumerate(ordered):
            x[node] = centre + i * _GAP_X - width / 2
            positions[node] = (x[node], row_index * _GAP_Y)
    return positions


_GAP_X, _GAP_Y = 210.0, 95.0


def network_html(
    nodes: list[DrawNode],
    edges: list[DrawEdge],
    *,
    hint: str,
    hierarchical: bool = False,
    height: int = 620,
) -> str:
    """The HTML page of a drawing. ``hint`` fills the detail panel until a node
    is clicked."""
    net = Network(height=f"{height}px", width="100%", directed=True, cdn_resources="in_line", heading=hint)
    net.templateEnv = _ENV
    net.path = "network.html"
    physics = len(nodes) <= PHYSICS_MAX_NODES and not hierarchical
    positions: dict[str, tuple[float, float]] = {}
    if hierarchical:
        positions = _layered_positions(nodes, edges)
    elif not physics:
        positions = _positions(nodes, edges)
    for n in nodes:
        extra: dict[str, Any] = {"title": n.title, "size": n.size, "font": {"size": 13, "face": "sans-serif"}}
        if n.id in positions:
            extra["x"], extra["y"] = positions[n.id]
            extra["physics"] = False
        color: Any = n.color if n.border is None else {"background": n.color, "border": n.border}
        if n.border is not None:
            extra["borderWidth"] = 3
        net.add_node(n.id, label=n.label, shape=n.shape, color=color, **extra)
    for e in edges:
        net.add_edge(
            e.source,
            e.target,
            label=e.label,
            title=e.title or e.label,
            color=e.color,
            dashes=e.dashes,
            width=e.width,
            arrows="to",
            font={"size": 10, "align": "middle", "color": "#555"},
        )
    net.options = _options(physics=physics)
    page: str = net.generate_html()
    return page


def _options(*, physics: bool) -> dict[str, Any]:
    options: dict[str, Any] = {
        "interaction": {"hover": True, "tooltipDelay": 150, "navigationButtons": False, "keyboard": False},
        "edges": {"smooth": {"enabled": True, "type": "continuous"}},
        "physics": {"enabled": False},
    }
    if physics:
        options["physics"] = {
            "enabled": True,
            "solver": "barnesHut",
            "barnesHut": {"gravitationalConstant": -6000, "springLength": 120, "avoidOverlap": 0.2},
            "stabilization": {"enabled": True, "iterations": 300, "fit": True},
        }
    return options
