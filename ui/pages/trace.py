"""案件溯源 Case trace (一案双查): who was directly responsible, who held the
leadership and supervisory posts on the case date and why, the chain above,
how the recorded decisions compare — as tables, a graph and filed reports."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from access.settings import default_rule_set
from graph.schema import AccountabilityRole, NodeLabel
from queries.trace_report import namer, section_rows, trace_sections
from queries.views import trace_view
from reports.filed import trace_report
from reports.paper import namer as full_names
from reports.paper import paper
from rules import DEFAULT_RULE_SET, rule_set_names, shipped
from ui.auth import audited_download, record_once
from ui.casework import author, lead_form
from ui.context import current
from ui.data import details_for, node_counts, trace_for
from ui.exports import MIME, trace_json, trace_xlsx
from ui.graphs import legend, node_details, show, view_drawing
from ui.pickers import pick
from ui.text import md
from ui.workspace import time_slider

ctx = current()
st.title(ctx.t("app.page_trace"))
if not node_counts(ctx.source.key, ctx.source).get(NodeLabel.CASE):
    st.info(ctx.t("app.no_cases"))
    st.stop()
case = pick(
    ctx,
    NodeLabel.CASE,
    ctx.t("app.pick_case"),
    key="trace_case",
    show=lambda c: f"{c.id} · {c.name}（{c.date}）",
    first=(st.query_params.get("case"),),
)
if case is None:
    st.stop()
st.query_params["case"] = case
rule_names = rule_set_names()
default = default_rule_set() or DEFAULT_RULE_SET
asked = st.query_params.get("rules")
rules = st.selectbox(
    ctx.t("app.trace_rules"),
    rule_names,
    index=rule_names.index(asked if asked in rule_names else default),
    format_func=lambda n: (
        f"{shipped(n).name(ctx.lang)}" + (f"（{ctx.t('cli.rules_default')}）" if n == default else "")
    ),
    key="trace_rules",
)
st.query_params["rules"] = rules
tr, G = trace_for(ctx.source.key, case, rules, ctx.source)
record_once("trace_view", case=case, rules=rules)
sections = trace_sections(tr, ctx.lang, namer(G))
st.subheader(md(sections[0].title))
if tr.period:
    st.caption(ctx.t("app.trace_caption_period", period=tr.period.text()))
else:
    st.caption(ctx.t("app.trace_caption", date=tr.date))
if tr.rule_set:
    st.caption(md(tr.rule_set.because(ctx.lang)))

columns = st.columns(len(AccountabilityRole))
for column, role in zip(columns, AccountabilityRole, strict=True):
    names = "、".join(md(inv.person_name) for inv in tr.roles[role]) or ctx.t("cli.nobody")
    column.markdown(f"**{ctx.term(role)}**")
    column.write(names)

if tr.organizations:
    st.markdown(
        f"**{ctx.t('cli.organizations')}**："
        + "；".join(
            f"{md(o.org_name)}（{ctx.term(o.role)}，{md(o.citation.text(ctx.lang))}）" for o in tr.organizations
        )
    )
if tr.unexamined:
    names_ = "、".join(md(i.get("person_name") or i["target_name"]) for i in tr.unexamined)
    st.warning(ctx.t("app.unexamined_line", names=names_))
if tr.unfounded:
    st.error(ctx.t("app.unfounded_line", names="、".join(md(i["target_name"]) for i in tr.unfounded)))
for note in tr.notes:
    st.info(md(note.localize(ctx.lang)))

st.markdown(f"#### {ctx.t('app.trace_graph')}")
legend(
    ctx,
    roles=True,
    labels=(NodeLabel.ORGANIZATION, NodeLabel.POSITION, NodeLabel.DUTY, NodeLabel.CASE, NodeLabel.DECISION),
)
view = trace_view(G, tr)
drawn = details_for(ctx.source.key, view.nodes, ctx.source)
told = time_slider(
    ctx, f"trace_time_{case}", value=tr.date, label="app.time_slider_trace"
)  # the case's date, or another
st.caption(ctx.t("app.trace_graph_hint", date=told))
picked = show(
    ctx,
    view_drawing(ctx, drawn, view, at=told, hierarchical=True),  # every node told as on that date
    key="trace_canvas",
    file=f"{ctx.t('app.trace_file')}-{case}",
    hierarchical=True,
    height=660,
)
if picked.selected and picked.selected in view.nodes:
    st.text(node_details(ctx, drawn, picked.selected, told))

for section in sections:
    st.markdown(f"#### {md(section.title) if section.key != 'case' else ctx.t('cli.breached')}")
    st.dataframe(pd.DataFrame(section_rows(section)), hide_index=True)


def _official() -> bytes:
    """The trace as a report in official-document form."""
    title = ctx.t("report.trace_title", title=tr.title)
    front = paper(title, author(ctx.lang), tr.date, ctx.source.label, ctx.lang, number=number)
    return trace_report(front, tr, full_names(G), shipped(rules))


lead_form(ctx, key=f"case_{case}", title=tr.title, source_kind="case", source_ref=case, org_id=tr.org)
st.markdown(f"#### {ctx.t('app.export')}")
number = st.text_input(ctx.t("app.report_number"), key="trace_report_number")
stem = f"{ctx.t('app.trace_file')}-{case}"
exports = (
    ("docx", lambda: _official(), ":material/description:"),
    ("xlsx", lambda: trace_xlsx(sections, ctx.lang), ":material/table_view:"),
    ("json", lambda: trace_json(tr, ctx.lang), ":material/data_object:"),
)
for column, (suffix, make, icon) in zip(st.columns(len(exports)), exports, strict=True):
    audited_download(  # made on the click, with its audit line
        column,
        ctx.t(f"app.export_{suffix}"),
        make,
        file_name=f"{stem}.{suffix}",
        mime=MIME[suffix],
        icon=icon,
        what="trace",
        key=f"trace_export_{suffix}",
        case=case,
    )
