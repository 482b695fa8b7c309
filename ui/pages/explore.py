"""责任网络 Explore: an organization's subtree or neighbourhood on the date, as
an interactive graph (click a node for its details and duties), folded by
level or kind when it is too large to read."""

from __future__ import annotations

from typing import Literal

import pandas as pd
import streamlit as st
import streamlit.components.v1 as components

from graph.errors import ViewTooLarge
from graph.model import ResponsibilityGraph
from graph.schema import NodeLabel
from queries.network import Mode
from queries.views import DEFAULT_EDGE_TYPES, EXPLORE_EDGE_TYPES, aggregate
from ui.context import current
from ui.data import details_for, explore_view, top_org
from ui.graphs import draw_aggregate, draw_view, legend, node_details
from ui.pickers import pick
from ui.text import md

#: Views with more nodes than this are folded into groups.
NODE_CAP = 300

ctx = current()
src = ctx.source
st.title(ctx.t("app.page_explore"))
org = pick(
    ctx,
    NodeLabel.ORGANIZATION,
    ctx.t("app.pick_org"),
    key="explore_org",
    show=lambda c: f"{c.name}（{c.id}）",
    first=(st.query_params.get("org"), top_org(src.key, src)),
    help=ctx.t("app.pick_org_help"),
)
if org is None:
    st.stop()
st.query_params["org"] = org
left, middle, right = st.columns([2, 2, 5])
mode: Mode = left.radio(
    ctx.t("app.view_mode"),
    ["subtree", "neighbourhood"],
    format_func=lambda m: ctx.t(f"app.mode_{m}"),
    horizontal=True,
    key="explore_mode",
)
depth = middle.slider(ctx.t("app.depth"), 0 if mode == "subtree" else 1, 5, 1, key="explore_depth")
types = right.multiselect(
    ctx.t("app.edge_kinds"),
    EXPLORE_EDGE_TYPES,
    default=DEFAULT_EDGE_TYPES,
    format_func=lambda e: ctx.t(f"edge_type.{e.value}"),
    key="explore_types",
)
try:
    view, G = explore_view(src.key, org, mode, depth, tuple(types), ctx.at, src)
except ViewTooLarge as e:  # a store's network: nothing past the limit is read
    st.warning(md(e.message(ctx.lang)))
    st.stop()

drawn: ResponsibilityGraph | None = None
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
    components.html(draw_aggregate(ctx, aggregate(G, view, by=by)), height=640)
else:
    st.caption(ctx.t("app.view_size", nodes=len(view), edges=len(view.links), at=ctx.at))
    legend(ctx)
    drawn = details_for(src.key, view.nodes, src)  # what the drawing says of each node, the focus's included
    components.html(draw_view(ctx, drawn, view), height=640)

st.markdown(f"#### {ctx.t('app.node_details')}")
focus = st.selectbox(
    ctx.t("app.pick_node"), view.nodes, format_func=lambda n: f"{G.name(n)}（{n}）", key="explore_node"
)
facts = drawn if drawn is not None else details_for(src.key, (focus,), src)
st.text(node_details(ctx, facts, focus))
duties = (
    sorted(facts.duties_of(focus), key=lambda link: link.target)
    if facts.label(focus) in (NodeLabel.ORGANIZATION, NodeLabel.POSITION)
    else ()
)
if duties:
    st.dataframe(
        pd.DataFrame(
            [
                {
                    ctx.t("app.col_duty"): facts.name(link.target),
                    ctx.t("app.col_kind"): ctx.term(facts.node(link.target)["kind"]),
                    ctx.t("app.col_bearer_role"): ctx.t(f"bearer_role.{link.role}") if link.role else "",
                    ctx.t("app.col_frequency"): facts.node(link.target).get("frequency") or "",
                    ctx.t("app.col_id"): link.target,
                }
                for link in duties
            ]
        ),
        hide_index=True,
    )
