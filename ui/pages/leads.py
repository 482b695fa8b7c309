"""线索与整改 Leads and rectification: the leads made from findings, traces and
units, followed from 待核实 to a decision — assigned, annotated, with files —
and the rectification ledger (整改台账) under leads and decisions, each item
red, yellow or green by its deadline and escalating along the chain as of it."""

from __future__ import annotations

import zlib
from collections.abc import Callable
from datetime import date, timedelta
from functools import partial

import pandas as pd
import streamlit as st

from access.accounts import Permission
from casework.book import NEXT, Casebook, LeadStatus, Light, light
from casework.models import Lead
from graph.errors import RespnetError
from graph.model import ResponsibilityGraph
from graph.schema import EdgeType, NodeLabel
from graph.temporal import local_time
from queries.network import Choice
from reports.filed import lead_source
from reports.paper import lead_document
from reports.paper import namer as full_names
from reports.pdf import convert, libreoffice
from ui.auth import audited_download, may
from ui.casework import actor, author, casebook, decision_labels, lead_form, shown
from ui.context import current
from ui.data import memory_graph
from ui.exports import MIME
from ui.ledger import attach_box, file_buttons, item_panel
from ui.links import keep_in_url, url_int
from ui.pickers import PICK_LIMIT as MAX_CHOICES
from ui.pickers import pick
from ui.text import md

ctx = current()
src = ctx.source
st.title(ctx.t("app.page_leads"))
st.caption(ctx.t("app.leads_intro"))
try:
    G = memory_graph(src.key, src)
    book, me = casebook(), actor(ctx)
    leads = book.leads(me)
    items = book.items(me)
    days = book.escalation_days()
except RespnetError as e:
    st.error(md(e.message(ctx.lang)))
    st.stop()
today = date.today()


def _name(node_id: str) -> str:
    return G.name(node_id) if G.has(node_id) else node_id


def _choice(c: Choice) -> str:
    return c.name


lights = [light(i, today) for i in items]
for column, label, n in zip(
    st.columns(6),
    (
        *(ctx.t(f"lead_status.{s.value}") for s in (LeadStatus.PENDING, LeadStatus.VERIFYING, LeadStatus.FILED)),
        *(ctx.t(f"light.{c.value}") for c in Light),
    ),
    (
        *(
            sum(lead.status == s for lead in leads)
            for s in (LeadStatus.PENDING, LeadStatus.VERIFYING, LeadStatus.FILED)
        ),
        *(sum(lit is c and i.status == "open" for lit, i in zip(lights, items, strict=True)) for c in Light),
    ),
    strict=True,
):
    column.metric(label, n)


def _lead_detail(book: Casebook, lead: Lead, G: ResponsibilityGraph) -> None:
    st.subheader(md(f"#{lead.id} {lead.title}"))
    st.caption(
        md(
            ctx.t(
                "app.lead_line",
                source=lead_source(lead, full_names(G), ctx.lang),
                unit=_name(lead.org_id),
                by=shown(lead.created_by, ctx.lang),
                at=local_time(lead.created_at),
            )
        )
    )
    a, b, c = st.columns(3)
    a.metric(ctx.t("leads.col_status"), ctx.t(f"lead_status.{lead.status}"))
    b.metric(ctx.t("leads.col_assignee"), lead.assignee or "—")
    c.metric(ctx.t("leads.col_due"), lead.due.isoformat() if lead.due else "—")
    moves = sorted(NEXT[LeadStatus(lead.status)], key=list(LeadStatus).index)
    for column, status in zip(st.columns(max(len(moves), 1)), moves, strict=False):
        label = ctx.t("app.lead_move", status=ctx.t(f"lead_status.{status.value}"))
        if column.button(label, key=f"move_{lead.id}_{status.value}"):
            _act(partial(book.move, me, lead.id, status.value))

    work, ledger, record = st.tabs(
        [ctx.t("app.lead_work_tab"), ctx.t("app.lead_ledger_tab"), ctx.t("app.lead_history_tab")]
    )
    with work:
        with st.form(f"assign_{lead.id}"):
            left, right = st.columns([3, 2])
            names = sorted(book.accounts) if book.accounts is not None else None
            if names is not None:
                current_index = names.index(lead.assignee) if lead.assignee in names else None
                who = left.selectbox(ctx.t("leads.col_assignee"), names, index=current_index, key=f"assignee_{lead.id}")
            else:
                who = left.text_input(ctx.t("leads.col_assignee"), value=lead.assignee or "", key=f"assignee_{lead.id}")
            due = right.date_input(ctx.t("leads.col_due"), value=lead.due, key=f"due_{lead.id}")
            if st.form_submit_button(ctx.t("app.lead_assign_button"), icon=":material/person_add:"):
                _act(lambda: book.assign(me, lead.id, who, due))
        with st.form(f"note_{lead.id}", clear_on_submit=True):
            text = st.text_area(ctx.t("app.lead_note"), key=f"note_text_{lead.id}")
            if st.form_submit_button(ctx.t("app.lead_note_button"), icon=":material/edit_note:"):
                _act(lambda: book.note(me, lead.id, text))
        for note in lead.notes:
            st.markdown(md(f"{local_time(note.at)}　{shown(note.author, ctx.lang)}：{note.text}"))
        attach_box(
            ctx,
            ctx.t("app.lead_files"),
            ctx.t("app.lead_file_button"),
            st,
            f"lead_file_{lead.id}",
            partial(book.attach, me, lead.id),
        )
        file_buttons(ctx, lead.attachments, "lead_attachment")
    with ledger:
        for item in lead.items:
            item_panel(ctx, book, me, G, item, days=days, today=today)
        _item_form(book, lead.org_id, lead_id=lead.id, key=f"lead_{lead.id}")
    with record:
        st.dataframe(
            pd.DataFrame(
                [
                    {
                        ctx.t("leads.col_time"): local_time(h.at),
                        ctx.t("leads.col_user"): shown(h.user, ctx.lang),
                        ctx.t("leads.col_action"): ctx.t(f"casework_action.{h.action}"),
                    }
                    for h in book.history(me, lead.id)
                ],
                dtype=str,
            ),
            hide_index=True,
        )
    _reports(book, lead)


def _act(change: Callable[[], object]) -> None:
    """Do a change; on refusal say why, else show the page again with it."""
    try:
        change()
    except RespnetError as e:
        st.error(md(e.message(ctx.lang)))
    else:
        st.rerun()


def _people_in(org: str) -> list[str]:
    """Who held a post in ``org`` today: the contacts an item may name."""
    return sorted({h.source for p in G.positions_in(org) for h in G.holders_on(p, today)}) if G.has(org) else []


def _item_form(book: Casebook, org: str, *, key: str, lead_id: int | None = None, decision: str | None = None) -> None:
    with st.form(f"item_form_{key}", clear_on_submit=True):
        st.markdown(f"**{ctx.t('app.item_add')}**")
        measure = st.text_area(ctx.t("leads.col_measure"), key=f"item_measure_{key}")
        left, right = st.columns(2)
        deadline = left.date_input(
            ctx.t("leads.col_deadline"), value=today + timedelta(days=30), key=f"item_deadline_{key}"
        )
        people = _people_in(org)
        contact = right.selectbox(
            ctx.t("leads.col_contact"),
            people,
            index=None,
            format_func=_name,
            key=f"item_contact_{key}",
            placeholder=ctx.t("app.item_contact_none"),
        )
        if st.form_submit_button(ctx.t("app.item_add_button"), icon=":material/playlist_add:"):
            _act(
                lambda: book.add_item(
                    me,
                    org_id=org,
                    measure=measure,
                    deadline=deadline,
                    contact=contact,
                    lead_id=lead_id,
                    decision_ref=decision,
                )
            )


def _reports(book: Casebook, lead: Lead) -> None:
    number = st.text_input(ctx.t("app.report_number"), key=f"report_number_{lead.id}")

    def make() -> bytes:
        return lead_document(book, me, lead.id, G, ctx.lang, number=number, source=src.label, author=author(ctx.lang))

    left, right = st.columns(2)
    audited_download(
        left,
        ctx.t("app.report_docx"),
        make,
        file_name=f"{ctx.t('app.lead_file_name', id=lead.id)}.docx",
        mime=MIME["docx"],
        what="lead_report",
        key=f"lead_docx_{lead.id}",
        icon=":material/description:",
        lead=lead.id,
    )
    audited_download(
        right,
        ctx.t("app.report_pdf"),
        lambda: convert(make()),
        file_name=f"{ctx.t('app.lead_file_name', id=lead.id)}.pdf",
        mime=MIME["pdf"],
        what="lead_report_pdf",
        key=f"lead_pdf_{lead.id}",
        icon=":material/picture_as_pdf:",
        disabled=libreoffice() is None,
        lead=lead.id,
    )
    if libreoffice() is None:
        right.caption(ctx.t("error.no_libreoffice"))


leads_tab, ledger_tab, settings_tab = st.tabs([ctx.t("app.leads_tab"), ctx.t("app.ledger_tab"), ctx.t("app.days_tab")])
with leads_tab:
    if leads:
        st.dataframe(
            pd.DataFrame(
                [
                    {
                        ctx.t("leads.col_id"): str(lead.id),
                        ctx.t("leads.col_title"): lead.title,
                        ctx.t("leads.col_org"): _name(lead.org_id),
                        ctx.t("leads.col_status"): ctx.t(f"lead_status.{lead.status}"),
                        ctx.t("leads.col_assignee"): lead.assignee or "",
                        ctx.t("leads.col_due"): lead.due.isoformat() if lead.due else "",
                        ctx.t("leads.col_items"): str(len(lead.items)),
                    }
                    for lead in leads
                ],
                dtype=str,
            ),
            hide_index=True,
            height=min(38 * (len(leads) + 1) + 3, 320),
        )
    else:
        st.info(ctx.t("app.leads_none"))
    lead_labels = {lead.id: f"#{lead.id} {lead.title}（{ctx.t(f'lead_status.{lead.status}')}）" for lead in leads}
    ids = list(lead_labels)
    wanted = url_int("lead", 0, 0, 10**9)
    chosen = st.selectbox(
        ctx.t("app.lead_pick"),
        ids,
        index=ids.index(wanted) if wanted in ids else None,
        format_func=lead_labels.__getitem__,
        # the labels in the key: a lead's new status is shown at once (a kept widget showed the old label)
        key=f"lead_pick_{wanted}_{zlib.crc32('|'.join(lead_labels.values()).encode())}",
        placeholder=ctx.t("app.lead_pick_hint"),
    )
    keep_in_url(lead=str(chosen) if chosen else None)
    if wanted and wanted not in ids:
        st.warning(ctx.t("error.casework_no_lead", id=wanted))
    if chosen:
        _lead_detail(book, next(x for x in leads if x.id == chosen), G)
    with st.expander(ctx.t("app.lead_from_unit"), icon=":material/add:"):
        org = pick(ctx, NodeLabel.ORGANIZATION, ctx.t("leads.col_org"), key="lead_unit_pick", show=_choice, empty=True)
        if org:
            lead_form(
                ctx,
                key="unit",
                title=ctx.t("app.lead_unit_title", unit=_name(org)),
                source_kind="unit",
                source_ref=org,
                org_id=org,
            )

with ledger_tab:
    if items:
        st.dataframe(
            pd.DataFrame(
                [
                    {
                        ctx.t("leads.col_light"): ctx.t(f"light.{lit.value}"),
                        ctx.t("leads.col_org"): _name(i.org_id),
                        ctx.t("leads.col_measure"): i.measure,
                        ctx.t("leads.col_deadline"): i.deadline.isoformat(),
                        ctx.t("leads.col_status"): ctx.t(f"item_status.{i.status}"),
                        ctx.t("leads.col_source"): f"#{i.lead_id}" if i.lead_id else i.decision_ref or "",
                    }
                    for lit, i in zip(lights, items, strict=True)
                ],
                dtype=str,
            ),
            hide_index=True,
        )
    for item in items:
        if item.decision_ref:
            item_panel(ctx, book, me, G, item, days=days, today=today)
    labels = decision_labels(src.key, ctx.lang, src)
    decisions = list(labels)
    if len(decisions) > MAX_CHOICES:  # a province's thousands: a few characters first
        asked = st.text_input(ctx.t("app.pick_search", count=len(decisions)), key="decision_search").strip()
        decisions = [d for d in decisions if asked and (asked in labels[d] or asked in d)][:MAX_CHOICES]
    decision = st.selectbox(
        ctx.t("app.item_decision_pick"),
        decisions,
        index=None,
        key="decision_pick",
        format_func=labels.__getitem__,
        placeholder=ctx.t("app.choose"),
    )
    if decision:
        case = next(iter(G.out(decision, EdgeType.CONCERNS))).target
        place = next(iter(G.out(case, EdgeType.OCCURRED_IN)), None)
        _item_form(book, place.target if place else "", key="decision", decision=decision)

with settings_tab:
    st.caption(ctx.t("app.days_intro"))
    with st.form("escalation_days"):
        values = [
            column.number_input(ctx.t(f"escalation.{step}"), 0, 3650, value, key=f"days_{step}")
            for column, step, value in zip(
                st.columns(4), ("contact", "overseer", "secretary", "commission"), days, strict=True
            )
        ]
        if st.form_submit_button(ctx.t("app.days_save"), disabled=not may(Permission.IMPORT)):
            _act(lambda: book.set_escalation_days(me, [int(v) for v in values]))
