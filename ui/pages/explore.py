"""责任网络 Explore: an organization's subtree or neighbourhood on the date, as
an interactive graph (click a node for its details and duties), folded by
level or kind when it is too large to read."""

from __future__ import annotations

from typing import Literal

import pandas as pd
import streamlit as st
import streamlit.components.v1 as components

from graph.schema import NodeLabel
from queries.views import DEFAULT_EDGE_TYPES, EXPLORE_EDGE_TYPES, aggregate
from ui.context import current
from ui.data import explore_view
from ui.graphs import draw_aggregate, draw_view, legend, node_details

#: Views with more nodes than this are folded into groups.
NODE_CAP = 300

ctx = current()
G = ctx.G
st.title(ctx.t("app.page_explore"))
orgs = G.ids(NodeLabel.ORGANIZATION)
wanted = st.query_params.get("org")
top = next((o for o in orgs if G.parent(o) is None), orgs[0])
org = st.selectbox(
    ctx.t("app.pick_org"),
    orgs,
    index=orgs.index(wanted) if wanted in orgs else orgs.index(top),
    format_func=lambda o: f"{G.name(o)}（{o}）",
    key="explore_org",
    help=ctx.t("app.pick_org_help"),
)
st.query_params["org"] = org
left, middle, right = st.columns([2, 2, 5])
mode = left.radio(
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
view = explore_view(ctx.source.key, org, mode, depth, tuple(types), ctx.at, ctx.source)

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
    components.html(draw_view(ctx, view), height=640)

st.markdown(f"#### {ctx.t('app.node_details')}")
focus = st.selectbox(
    ctx.t("app.pick_node"), view.nodes, format_func=lambda n: f"{G.name(n)}（{n}）", key="explore_node"
)
st.text(node_details(ctx, focus))
duties = G.duties_of(focus) if G.label(focus) in (NodeLabel.ORGANIZATION, NodeLabel.POSITION) else ()
if duties:
    st.dataframe(
        pd.DataFrame(
            [
                {
                    ctx.t("app.col_duty"): G.name(link.target),
                    ctx.t("app.col_kind"): ctx.term(G.node(link.target)["kind"]),
                    ctx.t("app.col_bearer_role"): ctx.t(f"bearer_role.{link.role}") if link.role else "",
                    ctx.t("app.col_frequency"): G.node(link.target).get("frequency") or "",
                    ctx.t("app.col_id"): link.target,
                }
                for link in duties
            ]
        ),
        hide_index=True,
    )
