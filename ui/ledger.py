"""One rectification item on the page: its light, the escalation as of its
deadline (who each step reaches and the edges that say why), its evidence,
and 销号 — refused, with the reason, until evidence is attached."""

from __future__ import annotations

from datetime import date
from functools import partial
from typing import Literal

import streamlit as st

from casework import files
from casework.book import Actor, Casebook, ItemStatus, Light, light
from casework.models import RectItem
from graph.errors import RespnetError
from graph.model import ResponsibilityGraph
from queries.escalation import escalation
from ui.casework import shown
from ui.context import Context
from ui.text import md

__all__ = ["BADGE", "item_panel"]

#: The badge colour of each light.
BADGE: dict[Light, Literal["red", "orange", "green"]] = {Light.RED: "red", Light.YELLOW: "orange", Light.GREEN: "green"}


def _escalation(ctx: Context, G: ResponsibilityGraph, item: RectItem, days: tuple[int, ...], today: date) -> None:
    if not G.has(item.org_id):
        st.caption(ctx.t("app.escalation_no_unit", org=item.org_id))
        return
    st.markdown(f"**{ctx.t('app.escalation_title', deadline=item.deadline)}**")
    for reach in escalation(G, item.org_id, item.deadline, today, contact=item.contact, days=days):
        state = ctx.t("app.escalation_reached" if reach.reached else "app.escalation_pending")
        st.markdown(
            ctx.t(
                "app.escalation_line",
                step=md(ctx.t(f"escalation.{reach.step.value}")),
                after=reach.after_days,
                on=reach.on,
                state=state,
                who=md(reach.who(ctx.lang)),
            )
        )
        if reach.why:
            st.caption(md(ctx.t("app.escalation_why", why=reach.because(G, ctx.lang))))


def item_panel(
    ctx: Context,
    book: Casebook,
    me: Actor,
    G: ResponsibilityGraph,
    item: RectItem,
    *,
    days: tuple[int, ...],
    today: date,
) -> None:
    """The item in a bordered box, with what may be done to it."""
    lit = light(item, today)
    closed = item.status == ItemStatus.CLOSED
    with st.container(border=True, key=f"item_box_{item.id}"):
        head, badge = st.columns([5, 1])
        head.markdown(f"**{md(ctx.t('app.item_head', id=item.id, measure=item.measure))}**")
        with badge:
            st.badge(ctx.t(f"light.{lit.value}"), color=BADGE[lit])
        contact = G.name(item.contact) if item.contact and G.has(item.contact) else item.contact or "—"
        st.caption(
            md(
                ctx.t(
                    "app.item_line",
                    unit=G.name(item.org_id) if G.has(item.org_id) else item.org_id,
                    deadline=item.deadline,
                    contact=contact,
                    status=ctx.t(f"item_status.{item.status}"),
                )
            )
        )
        if not closed:
            _escalation(ctx, G, item, days, today)
        for found in item.evidence:
            st.download_button(
                ctx.t("app.item_evidence_file", name=found.name, sha=found.sha256[:12]),
                partial(files.read, found.sha256),
                file_name=found.name,
                on_click="ignore",
                key=f"evidence_{found.id}",
                icon=":material/attach_file:",
            )
        if closed:
            st.success(ctx.t("app.item_closed", by=shown(item.closed_by or "—", ctx.lang)), icon=":material/task_alt:")
            return
        turn = st.session_state.get(f"evidence_turn_{item.id}", 0)
        upload = st.file_uploader(ctx.t("app.item_evidence"), key=f"evidence_upload_{item.id}_{turn}")
        left, right = st.columns(2)
        if left.button(ctx.t("app.item_evidence_button"), key=f"evidence_button_{item.id}", disabled=upload is None):
            try:
                assert upload is not None
                book.add_evidence(me, item.id, upload.name, upload.getvalue())
            except RespnetError as e:
                st.error(md(e.message(ctx.lang)))
            else:
                st.session_state[f"evidence_turn_{item.id}"] = turn + 1
                st.rerun()
        if right.button(ctx.t("app.item_close_button"), key=f"close_{item.id}", type="primary"):
            try:
                book.close_item(me, item.id)
            except RespnetError as e:
                st.error(md(e.message(ctx.lang)), icon=":material/block:")
            else:
                st.rerun()
