"""Nodes and edges in, what vis-network draws out (plain JSON data for the
canvas, :mod:`ui.canvas`).

The browser is never asked for a long physics run: up to
:data:`PHYSICS_MAX_NODES` nodes settle by physics once and then freeze;
larger drawings get their positions from Python and no physics at all.
Layered drawings (a chain of levels) get rows by level, computed here too,
each row as wide as its labels so no two overlap.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import networkx as nx

__all__ = ["PHYSICS_MAX_NODES", "DrawEdge", "DrawNode", "drawing"]

#: Above this many nodes the browser runs no physics.
PHYSICS_MAX_NODES = 150


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
    label_of = {n.id: n.label for n in nodes}
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
        widths = [_label_width(label_of[node]) for node in ordered]  # labels never overlap in a row
        width = sum(widths) + _GAP * (len(ordered) - 1)
        left = centre - width / 2
        for node, w in zip(ordered, widths, strict=True):
            x[node] = left + w / 2
            positions[node] = (x[node], row_index * _GAP_Y)
            left += w + _GAP
    return positions


_GAP_X, _GAP_Y, _GAP = 210.0, 95.0, 24.0


def _label_width(label: str) -> float:
    """About how wide a label draws at 13 px: a CJK character a full em, others
    half; the widest line counts, and never less than a node's own width."""
    widest = max((sum(13.0 if ord(c) > 0x2E80 else 7.0 for c in line) for line in label.split("\n")), default=0.0)
    return max(widest + 16.0, 60.0)


def drawing(nodes: list[DrawNode], edges: list[DrawEdge], *, hierarchical: bool = False) -> dict[str, Any]:
    """What the canvas (:mod:`ui.canvas`) draws: vis-network's nodes, edges and
    options as plain JSON data — positions computed here for layered and
    large drawings, physics in the browser only for small ones."""
    physics = len(nodes) <= PHYSICS_MAX_NODES and not hierarchical
    positions: dict[str, tuple[float, float]] = {}
    if hierarchical:
        positions = _layered_positions(nodes, edges)
    elif not physics:
        positions = _positions(nodes, edges)
    drawn_nodes = []
    for n in nodes:
        item: dict[str, Any] = {
            "id": n.id,
            "label": n.label,
            "title": n.title,
            "shape": n.shape,
            "size": n.size,
            "font": {"size": 13, "face": _FONT, "color": "#ffffff" if n.shape == "box" else "#222222"},
            "color": n.color if n.border is None else {"background": n.color, "border": n.border},
        }
        if n.border is not None:
            item["borderWidth"] = 4
        if n.id in positions:
            item["x"], item["y"] = positions[n.id]
            item["physics"] = False
        drawn_nodes.append(item)
    drawn_edges = [
        {
            "id": f"e{i}",
            "from": e.source,
            "to": e.target,
            "label": e.label,
            "title": e.title or e.label,
            "color": e.color,
            "dashes": e.dashes,
            "width": e.width,
            "arrows": "to",
            "font": {"size": 10, "align": "middle", "color": "#555555", "face": _FONT},
        }
        for i, e in enumerate(edges)
    ]
    return {"nodes": drawn_nodes, "edges": drawn_edges, "options": _options(physics=physics)}


_FONT = '"Noto Sans CJK SC", "WenQuanYi Micro Hei", "Microsoft YaHei", "PingFang SC", sans-serif'


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
            "barnesHut": {"gravitationalConstant": -1800, "springLength": 90, "avoidOverlap": 0.8},
            "stabilization": {"enabled": True, "iterations": 300, "fit": True},
        }
    return options
