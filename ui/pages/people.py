"""人员与岗位 People & posts: a person's posts, oversight and duties over time,
and who held a post when (with its vacancies), as timelines and tables."""

from __future__ import annotations

from datetime import date, timedelta

import altair as alt
import pandas as pd
import streamlit as st

from graph.model import ResponsibilityGraph
from graph.schema import NodeLabel
from graph.temporal import day_text
from queries.labels import post_label
from queries.people import Span, career, post_history
from ui.context import Context, current
from ui.data import details_for
from ui.pickers import pick
from ui.text import md

#: The span a timeline draws: dates beyond it (9999-12-31 for "no end", 0001-01-01) are drawn at its edge.
_EARLIEST, _HORIZON_YEARS = date(1900, 1, 1), 5


def _drawn(day: date, latest: date) -> date:
    return min(max(day, _EARLIEST), latest)


def _timeline(ctx: Context, G: ResponsibilityGraph, spans: list[Span], row_of: dict[str, str], by_person: bool) -> None:
    """A Gantt chart of spans; open ends run to the date, unknown starts from a
    year before; a date far outside the calendar the chart can draw is drawn
    at its edge (the table gives it as written)."""
    latest = date(min(ctx.at.year + _HORIZON_YEARS, 2200), 12, 31)
    records = []
    for span in spans:
        end = _drawn(span.interval.end or max(ctx.at, span.interval.start or ctx.at), latest)
        start = _drawn(span.interval.start or end - timedelta(days=365), end)
        records.append(
            {
                "row": row_of[span.kind] + " · " + _subject(ctx, G, span, by_person),
                "kind": row_of[span.kind],
                "start": pd.Timestamp(start),
                "end": pd.Timestamp(end + timedelta(days=1)),
            }
        )
    if not records:
        return
    frame = pd.DataFrame(records)
    chart = (
        alt.Chart(frame)
        .mark_bar(cornerRadius=3)
        .encode(
            x=alt.X("start:T", title="", axis=alt.Axis(format="%Y-%m")),
            x2="end:T",
            y=alt.Y("row:N", title="", sort=None, axis=alt.Axis(labelLimit=420)),
            color=alt.Color("kind:N", title=""),
            tooltip=["row", alt.Tooltip("start:T", format="%Y-%m-%d"), alt.Tooltip("end:T", format="%Y-%m-%d")],
        )
        .properties(height=max(120, 26 * len(frame)))
    )
    rule = alt.Chart(pd.DataFrame({"at": [pd.Timestamp(ctx.at)]})).mark_rule(color="#D62728").encode(x="at:T")
    st.altair_chart(chart + rule, width="stretch")


def _subject(ctx: Context, G: ResponsibilityGraph, span: Span, by_person: bool) -> str:
    """What a span is about: the post a person held, the holder of a post (in
    a post's history), the organization overseen or the duty borne."""
    if span.kind == "vacant":
        return ctx.t("app.vacant")
    if span.kind == "holds":
        post = post_label(G, span.subject)
        return post if by_person or not span.person else G.name(span.person)
    return G.name(span.subject)[:40]


def _table(
    ctx: Context, G: ResponsibilityGraph, spans: list[Span], row_of: dict[str, str], by_person: bool
) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                ctx.t("app.col_kind"): row_of[s.kind],
                ctx.t("app.col_subject_name"): _subject(ctx, G, s, by_person),
                ctx.t("app.col_via"): G.name(s.via) if s.via else "",
                ctx.t("app.col_start"): day_text(s.interval.start),
                ctx.t("app.col_end"): day_text(s.interval.end),
                ctx.t("app.col_now"): "✓" if s.interval.contains(ctx.at) else "",
            }
            for s in spans
        ]
    )


ctx = current()
src = ctx.source
st.title(ctx.t("app.page_people"))
row_of = {k: ctx.t(f"app.span_{k}") for k in ("holds", "oversees", "bears", "vacant")}
row_mode = st.radio(
    ctx.t("app.people_mode"),
    ["person", "post"],
    index=1 if "post" in st.query_params and "person" not in st.query_params else 0,
    format_func=lambda m: ctx.t(f"app.mode_{m}"),
    horizontal=True,
    key="people_mode",
)
if row_mode == "person":
    person = pick(
        ctx,
        NodeLabel.PERSON,
        ctx.t("app.pick_person"),
        key="people_person",
        show=lambda c: f"{c.name}（{c.id}）",
        url="person",
    )
    st.query_params.pop("post", None)
    if person is None:
        st.stop()
    G = details_for(src.key, (person,), src)
    spans = career(G, person)
    kinds = st.multiselect(
        ctx.t("app.span_kinds"),
        ["holds", "oversees", "bears"],
        default=["holds", "oversees"],
        format_func=lambda k: row_of[k],
        key="people_kinds",
    )
    spans = [s for s in spans if s.kind in kinds]
    posts = [post_label(G, h.target) for h in G.posts_held_on(person, ctx.at)]
    st.caption(ctx.t("app.person_now", at=ctx.at, posts="、".join(md(p) for p in posts) or ctx.t("cli.nobody")))
else:
    post = pick(
        ctx,
        NodeLabel.POSITION,
        ctx.t("app.pick_post"),
        key="people_post",
        show=lambda c: f"{c.name}（{c.id}）",
        url="post",
    )
    st.query_params.pop("person", None)
    if post is None:
        st.stop()
    G = details_for(src.key, (post,), src)
    spans = post_history(G, post)
    holders = [G.name(h.source) for h in G.holders_on(post, ctx.at)]
    st.caption(ctx.t("app.post_now", at=ctx.at, holders="、".join(md(h) for h in holders) or ctx.t("app.vacant")))
if spans:
    _timeline(ctx, G, spans, row_of, row_mode == "person")
    st.dataframe(_table(ctx, G, spans, row_of, row_mode == "person"), hide_index=True)
else:
    st.info(ctx.t("app.no_spans"))
