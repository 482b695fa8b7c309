"""问题清单 Findings: orphans, gaps and overlaps on the date and compliance over
a period — each with its severity, its unit and the people it concerns on the
date, each opening on the graph; counted by the subtrees of the tree and
narrowed down it (:mod:`ui.subtrees`), filtered by kind, severity, level and
text, a page of them at a time; exported to .xlsx and .docx."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

import pandas as pd
import streamlit as st

from graph.errors import RespnetError
from graph.schema import level_rank
from queries.compliance import default_period
from queries.findings import FindingKind, Severity
from queries.labels import short_text
from reports.filed import findings_report
from reports.paper import namer as full_names
from reports.paper import paper, rules_in_force
from ui.auth import audited_download
from ui.casework import author, lead_form
from ui.context import current
from ui.data import finding_places, memory_graph, named_findings, people_of, span_for
from ui.exports import MIME, findings_xlsx
from ui.links import keep_in_url, on_graph_at, paged, url_date, url_list
from ui.subtrees import select, subtree_table, within

ctx = current()
st.title(ctx.t("app.page_findings"))
start0, end0 = default_period(ctx.at)
wanted = [k for k in (*st.query_params.get_all("kind"), *url_list("kinds")) if k in set(FindingKind)]
left, middle, right = st.columns([3, 2, 2])
kinds = left.multiselect(
    ctx.t("app.filter_kinds"),
    list(FindingKind),
    default=[FindingKind(k) for k in dict.fromkeys(wanted)] or list(FindingKind),
    format_func=lambda k: ctx.t(f"finding_kind.{k.value}"),
    key="findings_kinds",
)
severities = middle.multiselect(
    ctx.t("app.col_severity"),
    list(Severity),
    default=[Severity(s) for s in url_list("severity") if s in set(Severity)] or list(Severity),
    format_func=lambda s: ctx.t(f"severity.{s.value}"),
    key="findings_severity",
)
period = right.date_input(
    ctx.t("app.compliance_period"),
    value=(url_date("from") or start0, url_date("to") or end0),
    key="findings_period",
    help=ctx.t("app.compliance_period_help"),
)
start, end = period if isinstance(period, tuple) and len(period) == 2 else (start0, end0)
latest = span_for(ctx.source.key, ctx.source).latest_record
checked_end = end
if latest is not None and end > latest:  # windows ending after the last record are not checked unless asked
    if not st.checkbox(ctx.t("app.compliance_allow_future"), key="findings_future"):
        checked_end = max(start, latest)
    st.warning(ctx.t("app.compliance_future", end=end, latest=latest), icon=":material/event_busy:")
text = st.text_input(
    ctx.t("app.filter_text"),
    value=st.query_params.get("q", ""),
    key="findings_text",
    placeholder=ctx.t("app.filter_text_hint"),
)
keep_in_url(  # the page's state, for a link or a saved view
    kinds=",".join(k.value for k in kinds) if len(kinds) < len(FindingKind) else None,
    severity=",".join(s.value for s in severities) if len(severities) < len(Severity) else None,
    q=text or None,
    **{"from": start.isoformat(), "to": end.isoformat()},
)
st.query_params.pop("kind", None)

# placed by unit for every finding; the people named too only when the text may be a name
named = named_findings(ctx.source.key, ctx.at, (start, checked_end), bool(text), ctx.source)
places = finding_places(ctx.source.key, ctx.at, (start, checked_end), ctx.source)
present = sorted({p.level for p in places.values() if p.level}, key=level_rank)
levels = st.multiselect(
    ctx.t("app.filter_levels"),
    present,
    default=[v for v in url_list("levels") if v in present],
    format_func=ctx.level,
    key="findings_levels",
    placeholder=ctx.t("app.filter_levels_all"),
)
keep_in_url(levels=",".join(levels) or None)
chosen_within = within(ctx, places)
filters = (
    tuple(sorted(k.value for k in kinds)),
    tuple(sorted(s.value for s in severities)),
    tuple(levels),
    text,
    ctx.lang,
)
period_checked = (start, checked_end)
selection = select(
    ctx.source.key, ctx.at, period_checked, bool(text), filters, chosen_within.org, chosen_within.chain, ctx.source
)
shown = selection.shown
st.caption(ctx.t("app.findings_shown", shown=len(shown), total=len(named), at=ctx.at, start=start, end=end))
subtree_table(ctx, chosen_within, selection.counts)


def _on_graph(unit: str | None, subject: str) -> str:
    """A link that opens the finding on the graph around its unit, on the page's date."""
    if unit is None:
        return ""
    page, params = on_graph_at(unit, subject)
    return f"{page}?" + urlencode({**params, "at": ctx.at.isoformat()})


#: Findings per page of the table: the people of a page are read when it is shown.
PAGE_SIZE = 100
on_page, page = paged(ctx, shown, key="findings_page", size=PAGE_SIZE)
with_people = people_of(ctx.source.key, ctx.at, [n.finding for n in on_page], ctx.source)
columns = ("col_unit", "col_severity", "col_kind", "col_message", "col_holders", "col_subject", "col_open")
frame = pd.DataFrame(
    [
        {
            ctx.t("app.col_unit"): n.unit_name,
            ctx.t("app.col_severity"): ctx.t(f"severity.{n.finding.severity.value}"),
            ctx.t("app.col_kind"): ctx.t(f"finding_kind.{n.finding.kind.value}"),
            ctx.t("app.col_message"): n.finding.message(ctx.lang),
            ctx.t("app.col_holders"): "；".join(
                f"{n.names.get(post, post)}：{'、'.join(people) or ctx.t('app.vacant')}"
                for post, people in n.holders.items()
            ),
            ctx.t("app.col_subject"): n.finding.subject,
            ctx.t("app.col_open"): _on_graph(n.unit, n.finding.subject),
        }
        for n in with_people
    ],
    columns=[ctx.t(f"app.{c}") for c in columns],
    dtype=str,
)
st.dataframe(
    frame,
    hide_index=True,
    height=min(38 * (len(on_page) + 1) + 3, 640),
    column_config={
        ctx.t("app.col_message"): st.column_config.TextColumn(width="large"),
        ctx.t("app.col_open"): st.column_config.LinkColumn(display_text=ctx.t("app.open_on_graph_short")),
    },
)
file_name = f"{ctx.t('app.findings_file')}-{ctx.at}.xlsx"
audited_download(  # made on the click, with its audit line
    st,
    ctx.t("app.export_findings"),
    lambda: findings_xlsx(  # with the people of every finding exported, read on the click
        people_of(ctx.source.key, ctx.at, [n.finding for n in shown], ctx.source),
        ctx.lang,
        at=ctx.at,
        source=ctx.source.label,
    ),
    file_name=file_name,
    mime=MIME["xlsx"],
    icon=":material/table_view:",
    disabled=not shown,
    what="findings",
    key="findings_export",
    count=len(shown),
)


def _names() -> Callable[[str], str | None]:
    """Full names for the report: from the graph in memory, else from what the findings carry."""
    try:
        return full_names(memory_graph(ctx.source.key, ctx.source))
    except RespnetError:
        table = {post: name for n in named for post, name in n.names.items()}
        table |= {n.unit: n.unit_name for n in named if n.unit}
        return table.get


def _official() -> bytes:
    """The findings list as a report in official-document form."""
    front = paper(
        ctx.t("report.findings_title", source=ctx.source.label), author(ctx.lang), ctx.at, ctx.source.label, ctx.lang
    )
    every = people_of(ctx.source.key, ctx.at, [n.finding for n in shown], ctx.source)
    return findings_report(front, every, _names(), rules_in_force())


audited_download(
    st,
    ctx.t("app.findings_docx"),
    _official,
    file_name=f"{ctx.t('app.findings_file')}-{ctx.at}.docx",
    mime=MIME["docx"],
    icon=":material/description:",
    disabled=not shown,
    what="findings_report",
    key="findings_docx",
    count=len(shown),
)
if on_page:
    st.markdown(f"#### {ctx.t('app.lead_from_finding')}")
    index = st.selectbox(
        ctx.t("app.lead_finding_pick"),
        range(len(on_page)),
        index=None,
        format_func=lambda i: short_text(f"{on_page[i].unit_name}：{on_page[i].finding.message(ctx.lang)}", 90),
        key=f"lead_finding_{page}",
        placeholder=ctx.t("app.choose"),
    )
    if index is not None:
        n = on_page[index]
        lead_form(
            ctx,
            key=f"finding_{page}_{index}",
            title=ctx.t("app.lead_finding_title", unit=n.unit_name, kind=ctx.t(f"finding_kind.{n.finding.kind.value}")),
            source_kind="finding",
            source_ref=f"{n.finding.kind.value}:{','.join(n.finding.ids)}",
            org_id=n.unit,
            note=n.finding.message(ctx.lang),
        )
