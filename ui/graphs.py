"""How views look: colours and shapes per node label and accountability role,
node labels and detail texts in the reader's language, and the legend.

The selection of what to draw is :mod:`queries.views`; the drawing itself is
:mod:`ui.draw`. Everything here is presentation.
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from datetime import date
from typing import Any

import streamlit as st

from graph.model import Link, ResponsibilityGraph
from graph.schema import DATED_EDGES, LEVELS, AccountabilityRole, DecisionRole, EdgeType, NodeLabel, level_rank
from queries.findings import Finding, FindingKind
from queries.labels import post_label, short_text
from queries.views import AggregateView, View, held_posts, node_level
from ui.canvas import TEXT_KEYS, Canvas, canvas
from ui.context import Context
from ui.draw import DrawEdge, DrawNode

__all__ = ["aggregate_drawing", "legend", "node_details", "overlays", "show", "view_drawing"]

#: Node labels: (colour, shape).
LABEL_STYLE: dict[NodeLabel, tuple[str, str]] = {
    NodeLabel.ORGANIZATION: ("#4C78A8", "box"),
    NodeLabel.POSITION: ("#72B7B2", "ellipse"),
    NodeLabel.PERSON: ("#BAB0AC", "dot"),
    NodeLabel.DUTY: ("#EECA3B", "diamond"),
    NodeLabel.LIST: ("#D8D8D8", "database"),
    NodeLabel.CASE: ("#D62728", "star"),
    NodeLabel.DECISION: ("#9D755D", "triangle"),
    NodeLabel.RECORD: ("#C9C9C9", "square"),
}
#: Persons in a trace, by their first accountability role.
ROLE_COLOURS: dict[AccountabilityRole, str] = {
    AccountabilityRole.DIRECT: "#E45756",
    AccountabilityRole.PRINCIPAL_LEADERSHIP: "#B279A2",
    AccountabilityRole.IMPORTANT_LEADERSHIP: "#F58518",
    AccountabilityRole.SUPERVISORY: "#54A24B",
}
MARK_BORDERS = {"unexamined": "#D62728", "unfounded": "#000000"}
#: Findings drawn on the graph: a thick border of the finding's colour.
OVERLAY_BORDERS = {
    "vacant": "#D62728",
    "unborne": "#FF7F0E",
    "overlap": "#9467BD",
    "blind": "#17BECF",
    "short": "#E377C2",
    "handover": "#8C564B",
}
_OVERLAY_OF: dict[FindingKind, str] = {
    FindingKind.VACANT_KEY_POST: "vacant",
    FindingKind.VACANT_BEARER: "unborne",
    FindingKind.ORPHAN_DUTY: "unborne",
    FindingKind.MULTIPLE_LEADS: "overlap",
    FindingKind.OVERLAPPING_OVERSIGHT: "overlap",
    FindingKind.CONFLICT_OF_INTEREST: "overlap",
    FindingKind.UNOVERSEEN_UNIT: "blind",
    FindingKind.UNSUPERVISED_ORG: "blind",
    FindingKind.MISSING_POST: "blind",
    FindingKind.UNDERPERFORMED_DUTY: "short",
    FindingKind.UNPARSED_FREQUENCY: "short",
    FindingKind.HANDOVER_GAP: "handover",
}
EDGE_COLOURS: dict[EdgeType, str] = {
    EdgeType.REPORTS_TO: "#4C78A8",
    EdgeType.OVERSEES: "#F58518",
    EdgeType.SUPERVISES: "#54A24B",
    EdgeType.BEARS: "#C9A227",
    EdgeType.BREACHES: "#D62728",
    EdgeType.INVOLVES: "#E45756",
    EdgeType.TARGETS: "#9D755D",
}
_LABEL_TEXT = {label: f"node_label.{label.value}" for label in NodeLabel}
_MAX_DUTIES_LISTED = 12


def _short_label(ctx: Context, G: ResponsibilityGraph, node: str) -> str:
    label = G.label(node)
    if label is NodeLabel.DUTY:
        return short_text(G.name(node), 12)
    if label is NodeLabel.CASE:
        return f"{node}\n{short_text(G.name(node), 10)}"
    if label is NodeLabel.DECISION:
        attrs = G.node(node)
        return str(attrs.get("form") or ctx.term(DecisionRole(attrs["role"])))
    return short_text(G.name(node), 14)


def _duty_lines(ctx: Context, G: ResponsibilityGraph, bearer: str) -> list[str]:
    duties = sorted(G.duties_of(bearer), key=_target)
    lines = [f"· {short_text(G.name(link.target), 30)}" for link in duties[:_MAX_DUTIES_LISTED]]
    if len(duties) > _MAX_DUTIES_LISTED:
        lines.append(ctx.t("app.and_more", count=len(duties) - _MAX_DUTIES_LISTED))
    return [ctx.t("app.duties_count", count=len(duties)), *lines] if duties else []


def node_details(ctx: Context, G: ResponsibilityGraph, node: str, at: date | None = None) -> str:
    """The plain text shown when a node is hovered or clicked: what it is, its
    id, and its facts on ``at`` (the view's date; the sidebar's by default) —
    holders, posts held, duties borne (``G`` holds them: the whole graph, or
    the node's details read from a store)."""
    at = at or ctx.at
    label = G.label(node)
    data = G.node(node)
    lines = [G.name(node), f"{ctx.t(_LABEL_TEXT[label])} · {node}"]
    if label is NodeLabel.ORGANIZATION:
        lines.append(f"{ctx.term(data['kind'])} · {ctx.level(data.get('level', ''))}")
        lines += [
            ctx.t("app.detail_post", post=G.name(p), holders=_holders(ctx, G, p, at)) for p in G.positions_in(node)
        ]
        lines += _duty_lines(ctx, G, node)
    elif label is NodeLabel.POSITION:
        lines.append(f"{ctx.term(data['role'])} · {G.name(G.org_of(node))}")
        lines.append(ctx.t("app.detail_holders", at=at, holders=_holders(ctx, G, node, at)))
        lines += [
            ctx.t("app.detail_oversees", org=G.name(link.target))
            for link in sorted(G.oversees_on(node, at), key=_target)
        ]
        lines += _duty_lines(ctx, G, node)
    elif label is NodeLabel.PERSON:
        posts = sorted(G.posts_held_on(node, at), key=_target)
        lines += [ctx.t("app.detail_holds", post=post_label(G, h.target)) for h in posts]
        if not posts:
            lines.append(ctx.t("app.detail_no_post", at=at))
    elif label is NodeLabel.DUTY:
        lines.append(ctx.term(data["kind"]))
        if data.get("frequency"):
            lines.append(ctx.t("app.detail_frequency", value=data["frequency"]))
        lines += [ctx.t("app.detail_bearer", bearer=G.name(b.source)) for b in sorted(G.bearers(node), key=_source)]
        lines.append(G.name(node))
    elif label is NodeLabel.CASE:
        lines.append(f"{data.get('date')} · {data.get('category') or ''}")
    return "\n".join(lines)


def _target(link: Link) -> str:
    return link.target


def _source(link: Link) -> str:
    return link.source


def _holders(ctx: Context, G: ResponsibilityGraph, post: str, at: date) -> str:
    names = [G.name(h.source) for h in sorted(G.holders_on(post, at), key=_source)]
    return "、".join(names) or ctx.t("app.vacant")


def _edge(ctx: Context, link: Link) -> DrawEdge:
    label = ctx.t(f"edge_type.{link.type.value}")
    title = label
    if link.type in DATED_EDGES:
        title = f"{label} {link.interval.text()}"
    return DrawEdge(
        link.source,
        link.target,
        label,
        EDGE_COLOURS.get(link.type, "#9aa5b1"),
        dashes=link.type in (EdgeType.TARGETS, EdgeType.SUPERVISES),
        title=title,
    )


def _rank(G: ResponsibilityGraph, node: str, held: dict[str, str]) -> int:
    """Rows of a layered drawing: by level top-down, and inside a level the
    organization, then its posts, then their holders, then duties and cases."""
    offset = {
        NodeLabel.ORGANIZATION: 0,
        NodeLabel.POSITION: 1,
        NodeLabel.PERSON: 2,
        NodeLabel.DUTY: 3,
        NodeLabel.CASE: 3,
        NodeLabel.DECISION: 4,
    }.get(G.label(node), 3)
    return level_rank(node_level(G, node, held))[0] * 5 + offset


def overlays(findings: list[Finding], nodes: Iterable[str]) -> dict[str, list[Finding]]:
    """The findings to draw on each of ``nodes``: a finding on its subject, a
    vacant bearer's posts too."""
    members = set(nodes)
    found: dict[str, list[Finding]] = {}
    for f in findings:
        for node in f.ids if f.kind is FindingKind.VACANT_BEARER else f.ids[:1]:
            if node in members:
                found.setdefault(node, []).append(f)
    return found


def _overlay(f: Finding, node: str) -> str:
    return "vacant" if f.kind is FindingKind.VACANT_BEARER and node != f.subject else _OVERLAY_OF[f.kind]


def view_drawing(
    ctx: Context,
    G: ResponsibilityGraph,
    view: View,
    *,
    at: date | None = None,
    hierarchical: bool = False,
    findings: dict[str, list[Finding]] | None = None,
) -> tuple[list[DrawNode], list[DrawEdge]]:
    """What a view draws (``G`` holds the details of its nodes, told on ``at``):
    persons coloured by their role in a trace view, ``findings`` drawn on
    their nodes as coloured borders with their messages in the details."""
    held = held_posts(view)
    ranks = {node: _rank(G, node, held) for node in view.nodes} if hierarchical else {}
    rows = {rank: i for i, rank in enumerate(sorted(set(ranks.values())))}  # no empty rows
    nodes = []
    for node in view.nodes:
        label = G.label(node)
        colour, shape = LABEL_STYLE[label]
        role = view.roles.get(node)
        if role is not None:
            colour = ROLE_COLOURS[role]
        mark = view.marks.get(node)
        border = MARK_BORDERS[mark] if mark else None
        title = node_details(ctx, G, node, at)
        on_node = (findings or {}).get(node, [])
        if on_node:
            border = border or OVERLAY_BORDERS[_overlay(on_node[0], node)]
            title += "\n\n" + "\n".join(f"⚠ {f.message(ctx.lang)}" for f in on_node[:5])
        nodes.append(
            DrawNode(
                node,
                _short_label(ctx, G, node),
                title,
                colour,
                shape,
                size=22 if node == view.focus else 14,
                level=rows[ranks[node]] if hierarchical else None,
                border=border,
            )
        )
    return nodes, [_edge(ctx, link) for link in view.links]


def aggregate_drawing(ctx: Context, agg: AggregateView) -> tuple[list[DrawNode], list[DrawEdge]]:
    """What a folded view draws: one node per group, sized by its count."""
    nodes = []
    for group in agg.groups:
        colour, shape = LABEL_STYLE[group.label]
        value = ctx.level(group.value) if group.value in LEVELS or not group.value else _kind_label(ctx, group.value)
        text = ctx.t("app.group_label", label=ctx.t(_LABEL_TEXT[group.label]), value=value, count=group.size)
        size = 12 + min(40, int(group.size**0.5) * 2)
        nodes.append(DrawNode(group.key, text, text, colour, "dot" if shape == "box" else shape, size))
    edges = [
        DrawEdge(
            a,
            b,
            f"{ctx.t(f'edge_type.{etype.value}')} ×{n}",
            EDGE_COLOURS.get(etype, "#9aa5b1"),
            width=1 + min(8.0, n**0.5 / 3),
        )
        for a, b, etype, n in agg.edges
    ]
    return nodes, edges


def show(ctx: Context, drawn: tuple[list[DrawNode], list[DrawEdge]], **options: Any) -> Canvas:
    """Put a drawing on the canvas (``options`` as :func:`ui.canvas.canvas` takes
    them), its toolbar in the reader's language."""
    nodes, edges = drawn
    text = {name: ctx.t(f"app.canvas_{name}") for name in TEXT_KEYS}
    return canvas(nodes, edges, text=text, **options)


def _kind_label(ctx: Context, value: str) -> str:
    from graph.i18n import catalog  # vocabulary values of any kind

    for vocab in ("org_kind", "role", "duty_kind", "supervision_kind"):
        entry = catalog().get(f"{vocab}.{value}")
        if entry:
            return entry[ctx.lang]
    return value


def legend(
    ctx: Context, *, roles: bool = False, labels: Iterable[NodeLabel] = tuple(LABEL_STYLE), findings: bool = False
) -> None:
    """A legend of the colours in use, as one line of chips; ``findings`` adds
    the borders findings are drawn with."""
    chips = [(ctx.t(_LABEL_TEXT[label]), LABEL_STYLE[label][0], False) for label in labels]
    if roles:
        chips = [(ctx.term(role), colour, False) for role, colour in ROLE_COLOURS.items()] + chips
        chips += [(ctx.t(f"app.mark_{mark}"), colour, True) for mark, colour in MARK_BORDERS.items()]
    if findings:
        chips += [(ctx.t(f"app.overlay_{name}"), colour, True) for name, colour in OVERLAY_BORDERS.items()]
    body = "".join(
        '<span class="rn-chip" style="display:inline-block;margin:2px 10px 2px 0;white-space:nowrap">'
        '<span style="display:inline-block;width:12px;height:12px;border-radius:3px;'
        + (f"border:3px solid {colour};background:#fff;" if ring else f"background:{colour};")
        + f'vertical-align:middle;margin-right:4px"></span>{html.escape(text)}</span>'
        for text, colour, ring in chips
    )
    st.html(f'<div class="rn-legend" style="font-size:13px">{body}</div>')
