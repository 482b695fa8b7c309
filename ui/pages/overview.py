"""总览 Overview: the network's size by level and kind, coverage by level
("纵向到底、横向到边") and the findings by kind, each a link to its list."""

from __future__ import annotations

from datetime import timedelta

import pandas as pd
import streamlit as st

from graph.errors import RespnetError
from graph.schema import NodeLabel, OrgKind
from queries.handover import HANDOVER_DAYS
from ui.context import current
from ui.data import (
    coverage_by_level,
    default_period,
    diff_counts_for,
    finding_counts,
    handover_counts_for,
    node_counts,
    org_counts,
)
from ui.text import md

ctx = current()
key, src = ctx.source.key, ctx.source
st.title(ctx.t("app.page_overview"))
st.caption(ctx.t("app.overview_caption", source=md(src.label), at=ctx.at))

sizes = node_counts(key, src)
for column, label in zip(
    st.columns(5),
    (NodeLabel.ORGANIZATION, NodeLabel.POSITION, NodeLabel.PERSON, NodeLabel.DUTY, NodeLabel.CASE),
    strict=True,
):
    column.metric(ctx.t(f"node_label.{label.value}"), sizes.get(label, 0))

st.subheader(ctx.t("app.by_level_kind"))
counts = pd.DataFrame(
    [
        {ctx.t("app.col_level"): ctx.level(level), ctx.t("app.col_kind"): ctx.term(OrgKind(kind)), "n": n}
        for (level, kind), n in org_counts(key, src).items()
    ]
)
left, right = st.columns([3, 2])
left.bar_chart(
    counts,
    x=ctx.t("app.col_level"),
    y="n",
    color=ctx.t("app.col_kind"),
    horizontal=True,
    x_label=ctx.t("app.col_count"),
    y_label="",
    sort=False,
)
right.dataframe(
    counts.pivot_table(
        index=ctx.t("app.col_level"), columns=ctx.t("app.col_kind"), values="n", aggfunc="sum", fill_value=0, sort=False
    ),
)

st.subheader(ctx.t("app.coverage"))
st.caption(ctx.t("app.coverage_caption"))
rows = []
for c in coverage_by_level(key, ctx.at, src):
    for metric, share in (
        ("duties", c.duties_borne),
        ("units", c.units_overseen),
        ("supervised", c.committees_supervised),
    ):
        if share.ratio is not None:
            rows.append(
                {
                    ctx.t("app.col_level"): ctx.level(c.level),
                    ctx.t("app.col_metric"): ctx.t(f"app.cov_{metric}"),
                    "%": round(100 * share.ratio, 1),
                    ctx.t("app.col_share"): f"{share.covered}/{share.total}",
                }
            )
cov = pd.DataFrame(rows)
if cov.empty:
    st.info(ctx.t("app.nothing_to_cover"))
else:
    left, right = st.columns([3, 2])
    left.bar_chart(
        cov,
        x=ctx.t("app.col_level"),
        y="%",
        color=ctx.t("app.col_metric"),
        stack=False,
        y_label="%",
        x_label="",
        sort=False,
    )
    right.dataframe(cov, hide_index=True)

st.subheader(ctx.t("app.changes_since"))
since = st.date_input(ctx.t("app.changes_since_from"), value=ctx.at - timedelta(days=365), key="overview_since")
if since <= ctx.at:
    try:
        moved = diff_counts_for(key, since, ctx.at, src)
        held, unrecorded = handover_counts_for(key, since, ctx.at, HANDOVER_DAYS, src)
    except RespnetError as e:
        st.caption(md(e.message(ctx.lang)))
    else:
        st.caption(
            ctx.t(
                "app.changes_since_caption",
                start=since,
                end=ctx.at,
                count=sum(moved.changes.values()),
                opened=moved.opened,
                closed=moved.closed,
                handovers=held,
                gaps=unrecorded,
            )
        )
        counts = {kind: n for kind, n in moved.changes.items() if n}
        if counts:
            st.bar_chart(
                pd.DataFrame(
                    {
                        ctx.t("app.col_kind"): [ctx.t(f"change_kind.{k.value}") for k in counts],
                        "n": list(counts.values()),
                    }
                ),
                x=ctx.t("app.col_kind"),
                y="n",
                horizontal=True,
                x_label=ctx.t("app.col_count"),
                y_label="",
                height=220,
            )
        st.page_link(
            "ui/pages/changes.py",
            label=ctx.t("app.changes_open_page"),
            query_params={"from": since.isoformat(), "to": ctx.at.isoformat()},
            icon=":material/history:",
        )

st.subheader(ctx.t("app.findings_by_kind"))
start, end = default_period(ctx.at)
st.caption(ctx.t("app.findings_caption", at=ctx.at, start=start, end=end))
per_kind = finding_counts(key, ctx.at, (start, end), src)
columns = st.columns(4)
for i, (kind, n) in enumerate(per_kind.items()):
    columns[i % 4].page_link(
        "ui/pages/findings.py",
        label=ctx.t("app.kind_count", kind=ctx.t(f"finding_kind.{kind.value}"), count=n),
        query_params={"kind": kind.value},
        icon=":material/error:" if n else ":material/check_circle:",
    )
st.bar_chart(
    pd.DataFrame(
        {ctx.t("app.col_kind"): [ctx.t(f"finding_kind.{k.value}") for k in per_kind], "n": list(per_kind.values())}
    ),
    x=ctx.t("app.col_kind"),
    y="n",
    horizontal=True,
    x_label=ctx.t("app.col_count"),
    y_label="",
    sort=False,
)
