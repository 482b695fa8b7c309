"""问责决定分析 Decisions: what the recorded decisions show together — by the
level of those held to account (问下不问上), by responsibility line, per year,
on organizations — and the units with no case in the period (执纪审查空白),
the units and posts that come back. Charts save as pictures from their menu."""

from __future__ import annotations

import json
from collections.abc import Callable

import altair as alt
import pandas as pd
import streamlit as st

from graph.errors import RespnetError
from graph.schema import DecisionRole, level_rank
from queries.decisions import LOCAL_LEVELS, NO_LEVEL, level_name
from ui.auth import audited_download
from ui.context import current
from ui.data import decisions_for, span_for
from ui.exports import MIME
from ui.links import keep_in_url, paged, url_date
from ui.text import md

ctx = current()
src = ctx.source
st.title(ctx.t("app.page_decisions"))
st.caption(ctx.t("app.decisions_intro"))
span = span_for(src.key, src)
first, last = span.earliest or ctx.at.replace(month=1, day=1), span.latest or ctx.at
period = st.date_input(
    ctx.t("app.decisions_period"), value=(url_date("from") or first, url_date("to") or last), key="decisions_period"
)
if not (isinstance(period, tuple) and len(period) == 2):
    st.stop()
start, end = period
keep_in_url(**{"from": start.isoformat(), "to": end.isoformat()})
try:
    found = decisions_for(src.key, start, end, src)
except RespnetError as e:
    st.error(md(e.message(ctx.lang)))
    st.stop()
low = sum(n for level, n in found.by_level.items() if level in LOCAL_LEVELS)
for column, label, n in zip(
    st.columns(4),
    ("decisions_total", "decisions_orgs", "decisions_low", "decisions_exonerated"),
    (found.total, found.organizations, low, found.by_role.get(DecisionRole.EXONERATED.value, 0)),
    strict=True,
):
    column.metric(ctx.t(f"app.{label}"), n)
if not found.total:
    st.info(ctx.t("app.decisions_none"))


def _bars(counts: dict[str, int], label: Callable[[str], str], title: str) -> None:
    """A bar chart of ``counts``, one bar per key in order, each named by ``label``."""
    frame = pd.DataFrame({"what": [label(k) for k in counts], "n": list(counts.values())})
    height = 60 + 36 * len(frame)
    chart = (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            x=alt.X("n:Q", title=ctx.t("decisions.count"), axis=alt.Axis(tickMinStep=1)),
            y=alt.Y("what:N", title="", sort=None, axis=alt.Axis(labelLimit=300)),
            tooltip=[alt.Tooltip("what:N", title=title), alt.Tooltip("n:Q", title=ctx.t("decisions.count"))],
        )
        .properties(height=height - 50)
    )
    st.markdown(f"**{md(title)}**")
    st.altair_chart(chart, width="stretch", height=height)


if found.total:
    left, right = st.columns(2)
    with left:
        _bars(found.by_level, lambda k: level_name(k, ctx.lang), ctx.t("decisions.by_level"))
        _bars(found.by_role, lambda k: ctx.t(f"decision_role.{k}"), ctx.t("decisions.by_role"))
    with right:
        _bars(found.by_line, lambda k: ctx.t(f"decisions.line_{k}"), ctx.t("decisions.by_line"))
        _bars(found.by_year, str, ctx.t("decisions.by_year"))

name = found.names.get
st.markdown(f"#### {ctx.t('app.decisions_without')}（{len(found.without_cases)}）")
by_level: dict[str, int] = {}
for row in found.without_cases:
    by_level[row["level"]] = by_level.get(row["level"], 0) + 1
if by_level:
    st.caption(
        ctx.t("app.decisions_without_levels")
        + "："
        + "；".join(
            f"{level_name(k, ctx.lang)} {n}"
            for k, n in sorted(by_level.items(), key=lambda kv: level_rank(kv[0]))
            if k != NO_LEVEL
        )
    )
    ordered = sorted(found.without_cases, key=lambda r: level_rank(r["level"]))
    rows_shown, _ = paged(ctx, ordered, key="decisions_without_page", url="without_page")
    st.dataframe(
        pd.DataFrame(
            [
                {
                    ctx.t("app.col_unit"): name(r["org"], r["org"]),
                    ctx.t("app.col_level"): level_name(r["level"], ctx.lang),
                }
                for r in rows_shown
            ],
            dtype=str,
        ),
        hide_index=True,
        height=min(38 * (len(rows_shown) + 1) + 3, 320),
    )
for title, rows, key in (
    ("decisions_repeat", found.repeat, "org"),
    ("decisions_repeat_posts", found.repeat_posts, "post"),
):
    st.markdown(f"#### {ctx.t(f'app.{title}')}（{len(rows)}）")
    if not rows:
        continue
    listed, _ = paged(ctx, rows, key=f"{title}_page", url=f"{key}_page")
    st.dataframe(
        pd.DataFrame(
            [
                {ctx.t(f"app.col_repeat_{key}"): name(r[key], r[key]), ctx.t("app.col_cases"): "、".join(r["cases"])}
                for r in listed
            ],
            dtype=str,
        ),
        hide_index=True,
        height=min(38 * (len(listed) + 1) + 3, 320),
    )
audited_download(
    st,
    ctx.t("app.decisions_json"),
    lambda: json.dumps(found.to_dict(), ensure_ascii=False, indent=2).encode(),
    file_name=f"decisions-{start}-{end}.json",
    mime=MIME["json"],
    what="decisions",
    key="decisions_json",
    icon=":material/data_object:",
)
