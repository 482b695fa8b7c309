"""问题清单 Findings: orphans, gaps and overlaps on the date and compliance over
a period, as one filterable table with the messages, exported to .xlsx."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from queries.findings import FindingKind
from ui.auth import audited_download
from ui.context import current
from ui.data import all_findings, default_period
from ui.exports import findings_xlsx

ctx = current()
st.title(ctx.t("app.page_findings"))
start0, end0 = default_period(ctx.at)
wanted = [k for k in st.query_params.get_all("kind") if k in set(FindingKind)]
left, right = st.columns([3, 2])
kinds = left.multiselect(
    ctx.t("app.filter_kinds"),
    list(FindingKind),
    default=[FindingKind(k) for k in wanted] or list(FindingKind),
    format_func=lambda k: ctx.t(f"finding_kind.{k.value}"),
    key="findings_kinds",
)
period = right.date_input(
    ctx.t("app.compliance_period"),
    value=(start0, end0),
    key="findings_period",
    help=ctx.t("app.compliance_period_help"),
)
start, end = period if isinstance(period, tuple) and len(period) == 2 else (start0, end0)
text = st.text_input(ctx.t("app.filter_text"), key="findings_text", placeholder=ctx.t("app.filter_text_hint"))

found = all_findings(ctx.source.key, ctx.at, (start, end), ctx.source)
chosen = set(kinds)
shown = [
    f for f in found if f.kind in chosen and (not text or text in f.message(ctx.lang) or any(text in i for i in f.ids))
]
st.caption(ctx.t("app.findings_shown", shown=len(shown), total=len(found), at=ctx.at, start=start, end=end))
frame = pd.DataFrame(
    [
        {
            ctx.t("app.col_kind"): ctx.t(f"finding_kind.{f.kind.value}"),
            ctx.t("app.col_message"): f.message(ctx.lang),
            ctx.t("app.col_subject"): f.subject,
            ctx.t("app.col_ids"): "、".join(f.ids[1:]),
        }
        for f in shown
    ],
    columns=[ctx.t(f"app.{c}") for c in ("col_kind", "col_message", "col_subject", "col_ids")],
)
st.dataframe(
    frame,
    hide_index=True,
    height=min(38 * (len(shown) + 1) + 3, 640),
    column_config={ctx.t("app.col_message"): st.column_config.TextColumn(width="large")},
)
file_name = f"{ctx.t('app.findings_file')}-{ctx.at}.xlsx"
audited_download(  # made on the click, with its audit line
    st,
    ctx.t("app.export_findings"),
    lambda: findings_xlsx(shown, ctx.lang, at=ctx.at, source=ctx.source.label),
    file_name=file_name,
    mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    icon=":material/table_view:",
    disabled=not shown,
    what="findings",
    key="findings_export",
    count=len(shown),
)
