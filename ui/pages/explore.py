"""责任网络 Explore: an organization's subtree or neighbourhood on the date,
on a canvas that answers clicks — a click shows a node's details on the
view's date, a double-click expands its neighbourhood, nodes can be pinned
and hidden, findings are drawn on their nodes — folded by level or kind when
too large to read. The page's state lives in its URL (org, mode, depth,
layout, selection, expanded nodes), so a link or a saved view reopens it."""

from __future__ import annotations

from typing import Literal

import pandas as pd
import streamlit as st

from graph.errors import ViewTooLarge
from graph.model import ResponsibilityGraph
from graph.schema import NodeLabel
from queries.compliance import default_period
from queries.network import Mode
from queries.views import DEFAULT_EDGE_TYPES, EXPLORE_EDGE_TYPES, aggregate, merged
from ui.context import current
from ui.data import all_findings, details_for, explore_view, top_org
from ui.graphs import aggregate_drawing, legend, node_details, overlays, show, view_drawing
from ui.links import dossier_link, keep_in_url, url_choice, url_int, url_list
from ui.pickers import pick
from ui.text import md
from ui.workspace import time_slider

#: Views with more nodes than this are folded into groups.
NODE_CAP = 300

ctx = current()
src = ctx.source
st.title(ctx.t("app.page_explore"))
time_slider(ctx, "explore_time")  # drags the page's date: posts, oversight and findings follow
org = pick(
    ctx,
    NodeLabel.ORGANIZATION,
    ctx.t("app.pick_org"),
    key="explore_org",
    show=lambda c: f"{c.name}（{c.id}）",
    first=(top_org(src.key, src),),
    help=ctx.t("app.pick_org_help"),
    url="org",
)
if org is None:
    st.stop()
if st.session_state.get("_explore_for") != org:  # another organization: nothing carried over
    st.session_state["_explore_for"] = org
    st.session_state["explore_expanded"] = url_list("expand")
left, middle, right, far = st.columns([2, 2, 2, 4])
mode: Mode = left.radio(
    ctx.t("app.view_mode"),
    ["subtree", "neighbourhood"],
    index=["subtree", "neighbourhood"].index(url_choice("mode", ("subtree", "neighbourhood"), "subtree")),
    format_func=lambda m: ctx.t(f"app.mode_{m}"),
    horizontal=True,
    key="explore_mode",
)
lowest = 0 if mode == "subtree" else 1
depth = middle.slider(ctx.t("app.depth"), lowest, 5, url_int("depth", 1, lowest, 5), key="explore_depth")
layout = right.radio(
    ctx.t("app.layout"),
    ["layered", "force"],
    index=["layered", "force"].index(url_choice("layout", ("layered", "force"), "layered")),
    format_func=lambda m: ctx.t(f"app.layout_{m}"),
    horizontal=True,
    key="explore_layout",
)
types = far.multiselect(
    ctx.t("app.edge_kinds"),
    EXPLORE_EDGE_TYPES,
    default=[e for e in EXPLORE_EDGE_TYPES if e.value in url_list("kinds")] or DEFAULT_EDGE_TYPES,
    format_func=lambda e: ctx.t(f"edge_type.{e.value}"),
    key="explore_types",
)
show_findings = st.toggle(
    ctx.t("app.show_findings"),
    value=src.conn is None,  # in a store, drawing them reads every finding: asked for, not by default
    key="explore_findings",
    help=ctx.t("app.show_findings_help"),
)
keep_in_url(
    mode=mode,
    depth=str(depth),
    layout=layout,
    kinds=None if tuple(types) == DEFAULT_EDGE_TYPES else ",".join(e.value for e in types),
)
try:
    view, G = explore_view(src.key, org, mode, depth, tuple(types), ctx.at, src)
    expanded: list[str] = st.session_state.setdefault("explore_expanded", [])
    around = [explore_view(src.key, node, "neighbourhood", 1, tuple(types), ctx.at, src)[0] for node in expanded]
except ViewTooLarge as e:  # a store's network: nothing past the limit is read
    st.warning(md(e.message(ctx.lang)))
    st.stop()
view = merged(view, *around)
if expanded:
    st.query_params["expand"] = ",".join(expanded)
else:
    st.query_params.pop("expand", None)

drawn: ResponsibilityGraph | None = None
selected = st.query_params.get("select")
if len(view) > NODE_CAP:
    by: Literal["level", "kind"] = st.radio(
        ctx.t("app.aggregate_by"),
        ["level", "kind"],
        format_func=lambda b: ctx.t(f"app.by_{b}"),
        horizontal=True,
        key="explore_by",
    )
    st.info(ctx.t("app.aggregated", count=len(view), cap=NODE_CAP))
    legend(ctx)
    show(ctx, aggregate_drawing(ctx, aggregate(G, view, by=by)), key="explore_groups", file=f"{org}-{ctx.at}")
else:
    st.caption(ctx.t("app.view_size", nodes=len(view), edges=len(view.links), at=ctx.at))
    legend(ctx, findings=show_findings)
    drawn = details_for(src.key, view.nodes, src)  # what the drawing says of each node, the focus's included
    start, end = default_period(ctx.at)
    marks = overlays(all_findings(src.key, ctx.at, (start, end), src), view.nodes) if show_findings else {}
    picked = show(
        ctx,
        view_drawing(ctx, drawn, view, at=ctx.at, hierarchical=layout == "layered", findings=marks),
        key="explore_canvas",
        file=f"{org}-{ctx.at}",
        hierarchical=layout == "layered",
        expandable=True,
        selected=selected,
    )
    if picked.expand and picked.expand not in expanded:
        expanded.append(picked.expand)
        st.query_params["select"] = picked.expand
        st.rerun()
    if picked.selected and picked.selected != st.session_state.get("_explore_clicked"):
        st.session_state["_explore_clicked"] = picked.selected  # a new click wins over the link's selection
        selected = picked.selected

st.markdown(f"#### {ctx.t('app.node_details')}")
if selected not in view.nodes:
    selected = view.focus
st.query_params["select"] = selected
facts = drawn if drawn is not None else details_for(src.key, (selected,), src)
st.caption(ctx.t("app.details_on", at=ctx.at))
st.text(node_details(ctx, facts, selected, ctx.at))
buttons = st.columns([1, 2, 3])
if selected not in expanded and buttons[0].button(ctx.t("app.canvas_expand"), key="explore_expand_button"):
    expanded.append(selected)
    st.rerun()
dossier_link(ctx, facts, selected, buttons[1])
duties = (
    sorted(facts.duties_of(selected), key=lambda link: link.target)
    if facts.label(selected) in (NodeLabel.ORGANIZATION, NodeLabel.POSITION)
    else ()
)
if duties:
    st.dataframe(
        pd.DataFrame(
            [
                {
                    ctx.t("app.col_duty"): facts.name(link.target),
                    ctx.t("app.col_kind"): ctx.term(facts.attr(link.target, "kind")),
                    ctx.t("app.col_bearer_role"): ctx.t(f"bearer_role.{link.role}") if link.role else "",
                    ctx.t("app.col_frequency"): facts.attr(link.target, "frequency") or "",
                    ctx.t("app.col_id"): link.target,
                }
                for link in duties
            ]
        ),
        hide_index=True,
    )
