"""One rectification item on the page: its light, the escalation as of its
deadline (who each step reaches and the edges that say why), its evidence,
and 销号 — refused, with the reason, until evidence is attached."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from functools import partial
from typing import Any, Literal

import streamlit as st

from casework import files
from casework.book import Actor, Casebook, ItemStatus, Light, light
from casework.files import MAX_BYTES
from casework.models import Attachment, RectItem
from graph.errors import RespnetError
from graph.model import ResponsibilityGraph
from queries.escalation import escalation
from ui.casework import shown
from ui.context import Context
from ui.text import md
from ui.upload import uploader

__all__ = ["BADGE", "attach_box", "file_buttons", "item_panel"]

#: The badge colour of each light.
BADGE: dict[Light, Literal["red", "orange", "green"]] = {Light.RED: "red", Light.YELLOW: "orange", Light.GREEN: "green"}


def file_buttons(ctx: Context, kept: Sequence[Attachment], key: str) -> None:
    """A download button per attached file, named with the start of its hash (read on the click)."""
    for found in kept:
        st.download_button(
            ctx.t("app.item_evidence_file", name=found.name, sha=found.sha256[:12]),
            partial(files.read, found.sha256),
            file_name=found.name,
            on_click="ignore",
            key=f"{key}_{found.id}",
            icon=":material/attach_file:",
        )


def attach_box(
    ctx: Context, label: str, action: str, where: Any, key: str, attach: Callable[[str, bytes], object]
) -> None:
    """A file uploader and its button ``action`` (drawn in ``where``, a column or the page);
    the file is attached on the click, then the uploader is emptied and the page
    shown again, or the refusal is said."""
    turn = st.session_state.get(f"{key}_turn", 0)
    upload = uploader(ctx.lang, label, key=f"{key}_upload_{turn}", limit_bytes=MAX_BYTES)
    if where.button(action, key=f"{key}_button", disabled=upload is None):
        assert upload is not None
        try:
            attach(upload.name, upload.getvalue())
        except RespnetError as e:
            st.error(md(e.message(ctx.lang)))
        else:
            st.session_state[f"{key}_turn"] = turn + 1
            st.rerun()


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
        file_buttons(ctx, item.evidence, "evidence")
        if closed:
            st.success(ctx.t("app.item_closed", by=shown(item.closed_by or "—", ctx.lang)), icon=":material/task_alt:")
            return
        left, right = st.columns(2)
        attach_box(
            ctx,
            ctx.t("app.item_evidence"),
            ctx.t("app.item_evidence_button"),
            left,
            f"evidence_{item.id}",
            partial(book.add_evidence, me, item.id),
        )
        if right.button(ctx.t("app.item_close_button"), key=f"close_{item.id}", type="primary"):
            try:
                book.close_item(me, item.id)
            except RespnetError as e:
                st.error(md(e.message(ctx.lang)), icon=":material/block:")
            else:
                st.rerun()
