"""关系路径 Paths: how two things — people, posts, units, duties, cases — are
linked on the date: the shortest paths along the links in force that day,
each step a sentence with its dates, drawn on the canvas."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from graph.errors import RespnetError
from graph.schema import EdgeType
from queries.paths import PATH_EDGE_TYPES
from queries.views import View
from ui.context import current
from ui.data import paths_for
from ui.graphs import legend, show, view_drawing
from ui.links import keep_in_url, url_int, url_list
from ui.pickers import pick_any
from ui.text import md

ctx = current()
src = ctx.source
st.title(ctx.t("app.page_paths"))
st.caption(ctx.t("app.paths_intro"))
left, right = st.columns(2)
with left:
    source = pick_any(ctx, ctx.t("app.path_from"), key="paths_from", url="from")
with right:
    target = pick_any(ctx, ctx.t("app.path_to"), key="paths_to", url="to")
limit_col, kinds_col = st.columns([1, 4])
limit = limit_col.number_input(ctx.t("app.path_max"), 1, 10, url_int("max", 3, 1, 10), key="paths_max")
st.query_params["max"] = str(limit)
types = kinds_col.multiselect(
    ctx.t("app.edge_kinds"),
    list(EdgeType),
    default=[e for e in EdgeType if e.value in url_list("kinds")] or list(PATH_EDGE_TYPES),
    format_func=lambda e: ctx.t(f"edge_type.{e.value}"),
    key="paths_types",
)
keep_in_url(kinds=None if tuple(types) == PATH_EDGE_TYPES else ",".join(e.value for e in types))
if not source or not target:
    st.info(ctx.t("app.paths_pick"))
    st.stop()
try:
    found, G = paths_for(src.key, source, target, ctx.at, int(limit), tuple(types), src)
except RespnetError as e:
    st.warning(md(e.message(ctx.lang)))
    st.stop()
if not found:
    st.warning(ctx.t("app.paths_none", source=md(G.name(source)), target=md(G.name(target)), at=ctx.at))
    st.stop()
st.success(ctx.t("app.paths_found", count=len(found), source=md(G.name(source)), target=md(G.name(target)), at=ctx.at))
for i, p in enumerate(found, 1):
    st.markdown(f"**{ctx.t('app.path_n', n=i, steps=len(p))}** {md(p.sentence(G, ctx.lang))}")
    with st.expander(ctx.t("app.path_steps")):
        st.dataframe(
            pd.DataFrame(
                [
                    {
                        ctx.t("app.col_kind"): ctx.t(f"edge_type.{e['type']}"),
                        ctx.t("app.col_from"): G.name(e["source"]),
                        ctx.t("app.col_to"): G.name(e["target"]),
                        ctx.t("app.col_start"): e["start"] or "",
                        ctx.t("app.col_end"): e["end"] or "",
                        ctx.t("app.col_sentence"): e["sentence"],
                    }
                    for e in p.to_dict(G, ctx.lang)["edges"]
                ],
                dtype=str,
            ),
            hide_index=True,
        )
nodes = tuple(dict.fromkeys(n for p in found for n in p.nodes))
links = tuple(dict.fromkeys(link for p in found for link in p.links))
legend(ctx)
show(  # layered: organizations above their posts, posts above their holders
    ctx,
    view_drawing(ctx, G, View(source, nodes, links), at=ctx.at, hierarchical=True),
    key="paths_canvas",
    file=f"{source}-{target}-{ctx.at}",
    hierarchical=True,
    height=480,
)
