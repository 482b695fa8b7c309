"""档案 Dossier: everything the network says of one person (``?person=ID``) or
one unit (``?org=ID``) on the date — posts and dates, oversight, duties,
cases and roles, decisions, records, findings; a unit's holders, overseers,
supervisors, duties, cases and coverage — each row opening its own page."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from graph.schema import DutyKind, NodeLabel
from queries.compliance import default_period
from queries.dossier import person_dossier, role_text, span_text, unit_dossier
from ui.casework import lead_form
from ui.context import current
from ui.data import all_findings, around_for
from ui.links import PAGE_FILES, target
from ui.pickers import pick
from ui.text import md

ctx = current()
src = ctx.source
st.title(ctx.t("app.page_dossier"))
kind = st.radio(
    ctx.t("app.dossier_kind"),
    ["person", "org"],
    index=0 if "person" in st.query_params or "org" not in st.query_params else 1,
    format_func=lambda k: ctx.t(f"app.dossier_{k}"),
    horizontal=True,
    key="dossier_kind",
)
label = NodeLabel.PERSON if kind == "person" else NodeLabel.ORGANIZATION
other = "org" if kind == "person" else "person"
st.query_params.pop(other, None)
node = pick(
    ctx, label, ctx.t(f"app.pick_{kind}"), key=f"dossier_{kind}", show=lambda c: f"{c.name}（{c.id}）", url=kind
)
if node is None:
    st.stop()
G = around_for(src.key, node, src)
findings = all_findings(src.key, ctx.at, default_period(ctx.at), src)
make = person_dossier if kind == "person" else unit_dossier
d = make(G, node, at=ctx.at, findings=findings, lang=ctx.lang)
st.subheader(md(f"{d['name']}（{node}）"))
st.caption(ctx.t("app.details_on", at=ctx.at))


def _table(title: str, rows: list[dict[str, Any]], *, links: dict[str, str] | None = None) -> None:
    st.markdown(f"#### {title}")
    if not rows:
        st.caption(ctx.t("cli.nobody"))
        return
    config = {column: st.column_config.LinkColumn(column, display_text=r"\?[a-z]+=(.*)") for column in links or {}}
    st.dataframe(pd.DataFrame(rows, dtype=str), hide_index=True, column_config=config)


def _link(page: str, **params: str) -> str:
    """A relative link to a page of the app with its query parameters."""
    return f"{page}?" + "&".join(f"{k}={v}" for k, v in params.items())


def _findings(items: list[dict[str, Any]]) -> None:
    _table(
        ctx.t(f"app.dossier_findings_{kind}"),
        [
            {
                ctx.t("app.col_severity"): ctx.t(f"severity.{f['severity']}"),
                ctx.t("app.col_message"): f["message"],
                ctx.t("app.col_holders"): "；".join(
                    f"{f['names'].get(p, p)}：{'、'.join(n) or ctx.t('app.vacant')}" for p, n in f["holders"].items()
                ),
            }
            for f in items
        ],
    )


t = ctx.t
if kind == "person":
    posts = [
        {
            t("app.col_post"): p["name"],
            t("app.col_dates"): span_text(p),
            t("app.col_now"): "✓" if p["current"] else "",
            t("app.col_id"): p["position"],
        }
        for p in d["posts"]
    ]
    _table(t("app.dossier_posts"), posts)
    _table(
        t("app.dossier_oversight"),
        [
            {
                t("app.col_org"): o["name"],
                t("app.col_dates"): span_text(o),
                t("app.col_open"): _link("dossier", org=o["org"]),
            }
            for o in d["oversight"]
        ],
        links={t("app.col_open"): ""},
    )
    _table(
        t("app.dossier_duties"),
        [
            {t("app.col_duty"): x["text"], t("app.col_kind"): ctx.term(DutyKind(x["kind"])), t("app.col_id"): x["duty"]}
            for x in d["duties"]
        ],
    )
    _table(
        t("app.dossier_cases"),
        [
            {
                t("app.col_case"): f"{c['case']} {c['title']}",
                t("app.col_date"): c["date"] or "",
                t("app.col_roles"): "、".join(role_text(r, ctx.lang) for r in c["roles"]),
                t("app.col_open"): _link("trace", case=c["case"]),
            }
            for c in d["cases"]
        ],
        links={t("app.col_open"): ""},
    )
    _table(
        t("app.dossier_decisions"),
        [
            {
                t("app.col_case"): x["case"] or "",
                t("app.col_roles"): ctx.t(f"decision_role.{x['role']}") if x["role"] else "",
                t("app.col_form"): x["form"] or "",
                t("app.col_date"): x["date"] or "",
            }
            for x in d["decisions"]
        ],
    )
    _table(
        t("app.dossier_records"),
        [
            {
                t("app.col_date"): r["date"] or "",
                t("app.col_kind"): r["kind"] or "",
                t("app.col_duty"): G.name(r["duty"]) if r["duty"] else "",
                t("app.col_note"): r["note"] or "",
            }
            for r in d["records"]
        ],
    )
else:
    cov = d["coverage"]
    m1, m2, m3 = st.columns(3)
    m1.metric(t("app.dossier_borne"), f"{cov['borne']} / {cov['duties']}")
    m2.metric(t("app.dossier_overseen"), t("app.yes") if cov["overseen"] else t("app.no"))
    m3.metric(t("app.dossier_supervised"), t("app.yes") if cov["supervised"] else t("app.no"))
    _table(
        t("app.dossier_posts"),
        [
            {
                t("app.col_post"): p["name"],
                t("app.col_holders"): "、".join(h["name"] for h in p["holders"]) or t("app.vacant"),
                t("app.col_id"): p["position"],
            }
            for p in d["posts"]
        ],
    )
    _table(
        t("app.dossier_overseers"),
        [
            {
                t("app.col_post"): o["name"],
                t("app.col_holders"): "、".join(h["name"] for h in o["holders"]) or t("app.vacant"),
                t("app.col_dates"): span_text(o),
            }
            for o in d["overseers"]
        ],
    )
    _table(
        t("app.dossier_supervisors"),
        [
            {
                t("app.col_org"): s["name"],
                t("app.col_dates"): span_text(s),
                t("app.col_open"): _link("dossier", org=s["org"]),
            }
            for s in d["supervisors"]
        ],
        links={t("app.col_open"): ""},
    )
    _table(
        t("app.dossier_duties"),
        [
            {
                t("app.col_duty"): x["text"],
                t("app.col_kind"): ctx.term(DutyKind(x["kind"])),
                t("app.col_bearer"): G.name(x["bearer"]),
                t("app.col_borne"): "✓" if x["borne"] else t("app.vacant"),
            }
            for x in d["duties"]
        ],
    )
    _table(
        t("app.dossier_cases"),
        [
            {
                t("app.col_case"): f"{c['case']} {c['title']}",
                t("app.col_date"): c["date"] or "",
                t("app.col_open"): _link("trace", case=c["case"]),
            }
            for c in d["cases"]
        ],
        links={t("app.col_open"): ""},
    )
_findings(d["findings"])
if kind == "org":  # the unit itself made a lead
    lead_form(
        ctx,
        key=f"unit_{node}",
        title=ctx.t("app.lead_unit_title", unit=d["name"]),
        source_kind="unit",
        source_ref=node,
        org_id=node,
    )
found = target(G, node, on_graph=True)
if found is not None:
    st.page_link(PAGE_FILES[found[0]], label=t("app.open_on_graph"), icon=":material/hub:", query_params=found[1])
