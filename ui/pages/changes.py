"""变化与交接 Changes: what changed between two dates — terms, oversight,
supervision, duties gained or lost, findings opened and closed — and every
change of holder in the period with what it left behind (交接检查)."""

from __future__ import annotations

from datetime import timedelta

import pandas as pd
import streamlit as st

from graph.errors import RespnetError
from queries.handover import HANDOVER_DAYS
from queries.labels import post_label
from queries.timeline import ChangeKind
from ui.context import current
from ui.data import diff_for, handovers_for, memory_graph
from ui.links import keep_in_url, paged, url_date, url_int
from ui.text import md
from ui.workspace import findings_table

ctx = current()
src = ctx.source
st.title(ctx.t("app.page_changes"))
st.caption(ctx.t("app.changes_intro"))
left, right = st.columns([3, 1])
period = left.date_input(
    ctx.t("app.changes_period"),
    value=(url_date("from") or ctx.at - timedelta(days=365), url_date("to") or ctx.at),
    key="changes_period",
)
if not (isinstance(period, tuple) and len(period) == 2):
    st.info(ctx.t("app.changes_pick_end"))
    st.stop()
start, end = period
days = int(right.number_input(ctx.t("app.handover_days"), 0, 366, url_int("days", HANDOVER_DAYS, 0, 366)))
keep_in_url(**{"from": start.isoformat(), "to": end.isoformat(), "days": str(days)})
try:
    G = memory_graph(src.key, src)
    found = diff_for(src.key, start, end, src)
    changes_of_holder = handovers_for(src.key, start, end, days, src)
except RespnetError as e:
    st.error(md(e.message(ctx.lang)))
    st.stop()

for column, label, n in zip(
    st.columns(5),
    ("changes", "opened", "closed", "handovers", "handover_gaps"),
    (len(found.changes), len(found.opened), len(found.closed), len(changes_of_holder), changes_of_holder.gaps),
    strict=True,
):
    column.metric(ctx.t(f"app.changes_{label}"), n)

changes_tab, findings_tab, handover_tab = st.tabs(
    [ctx.t("app.changes_tab"), ctx.t("app.changes_findings_tab"), ctx.t("app.changes_handover_tab")]
)
with changes_tab:
    kinds = st.multiselect(
        ctx.t("app.changes_filter"),
        list(ChangeKind),
        default=list(ChangeKind),
        format_func=lambda k: ctx.t(f"change_kind.{k.value}"),
        key="changes_kinds",
    )
    every = found.changes.of_kinds(kinds)  # none made: a page of them is, when shown
    if not every:
        st.info(ctx.t("app.changes_none", start=start, end=end))
    else:
        shown, _ = paged(ctx, every, key="changes_page", url="page")
        st.dataframe(
            pd.DataFrame(
                {
                    ctx.t("cli.date"): [c.date.isoformat() for c in shown],
                    ctx.t("app.col_kind"): [ctx.t(f"change_kind.{c.kind.value}") for c in shown],
                    ctx.t("app.col_message"): [c.message(ctx.lang) for c in shown],
                }
            ),
            hide_index=True,
            column_config={ctx.t("app.col_message"): st.column_config.TextColumn(width="large")},
        )
with findings_tab:
    for which, listed in (("opened", found.opened), ("closed", found.closed)):
        st.subheader(ctx.t(f"app.changes_{which}_on", start=start, end=end, count=len(listed)))
        if listed:
            findings_table(ctx, listed, key=which)
with handover_tab:
    st.caption(ctx.t("app.handover_caption", days=days))
    if not changes_of_holder:
        st.info(ctx.t("app.handover_none", start=start, end=end))
    else:
        held, _ = paged(ctx, changes_of_holder, key="handovers_page", url="handovers_page")
        rows = []
        for h in held:
            s = h.succession
            rows.append(
                {
                    ctx.t("app.handover_post"): post_label(G, s.position),
                    ctx.t("app.handover_from"): G.name(s.from_person),
                    ctx.t("cli.handover_left"): s.left.isoformat(),
                    ctx.t("cli.handover_to"): G.name(s.to_person) if s.to_person else ctx.t("cli.handover_nobody"),
                    ctx.t("app.handover_arrived"): s.arrived.isoformat() if s.arrived else "—",
                    ctx.t("cli.handover_vacancy"): s.vacancy_days,
                    ctx.t("cli.handover_record"): h.record or ctx.t("app.handover_missing"),
                    ctx.t("cli.handover_duties"): len(h.duties),
                    ctx.t("cli.handover_open"): len(h.cases) + len(h.findings),
                    ctx.t("cli.handover_unmet"): "；".join(
                        f"{G.name(u.duty)[:20]}（{u.window.label(ctx.lang)} {u.actual}/{u.required}）" for u in h.unmet
                    ),
                }
            )
        st.dataframe(pd.DataFrame(rows), hide_index=True)
        for h in held:
            if h.cases or h.findings:
                s = h.succession
                with st.expander(ctx.t("app.handover_items", post=G.name(s.position), left=s.left)):
                    for case in h.cases:
                        st.markdown(f"- {md(ctx.t('node_label.Case'))}：{md(G.name(case))}（{case}）")
                    for f in h.findings:
                        st.markdown(f"- {md(f.message(ctx.lang))}")
