"""The app's side of casework: the casebook for this session's user, and the
"make it a lead" form the findings, trace and dossier pages share."""

from __future__ import annotations

from datetime import date

import streamlit as st

from casework.book import Actor, Casebook
from casework.db import Database, database_url
from graph.errors import RespnetError
from graph.i18n import Lang, t
from graph.schema import EdgeType, NodeLabel
from ui.auth import accounts, audit_log, current_user
from ui.context import Context
from ui.data import Source, memory_graph
from ui.links import PAGE_FILES
from ui.text import md

__all__ = ["actor", "author", "casebook", "lead_form", "open_lead", "shown"]

#: Who acts when nobody signs in (the open and demo modes), as the records keep it.
OPEN_USER = t("app.open_user", "zh")


@st.cache_resource(show_spinner=False, max_entries=8)
def decision_labels(key: str, lang: Lang, _source: Source) -> dict[str, str]:
    """Every recorded decision's label (case｜who｜form), by id; made once per source and language."""
    G = memory_graph(key, _source)

    def name(node: str) -> str:
        return G.name(node) if G.has(node) else node

    return {
        d: t(
            "app.decision_choice",
            lang,
            case=name(next(iter(G.out(d, EdgeType.CONCERNS))).target),
            target=name(next(iter(G.out(d, EdgeType.TARGETS))).target),
            form=G.attr(d, "form") or "—",
        )
        for d in sorted(G.ids(NodeLabel.DECISION))
    }


@st.cache_resource(show_spinner=False)
def _database(url: str) -> Database:
    """One engine per database for the whole process (migrated on first use)."""
    return Database(url)


def casebook() -> Casebook:
    """The casebook, assigning only to existing accounts when accounts exist."""
    store = accounts()
    names = set(store.users()) if store.configured else None
    return Casebook(_database(database_url()), accounts=names, audit=audit_log())


def actor(ctx: Context) -> Actor:
    """This session's user; a scoped inspector sees the units of their scope only."""
    user = current_user()
    if user is None:
        return Actor(OPEN_USER)
    orgs = None
    if user.scoped:
        orgs = frozenset(memory_graph(ctx.source.key, ctx.source).ids(NodeLabel.ORGANIZATION))
    return Actor(user.name, user.role.value, orgs)


def author(lang: Lang) -> str:
    """The name a report carries as its author and 承办人: the signed-in user's."""
    user = current_user()
    return (user.display or user.name) if user is not None else t("app.open_user", lang)


def shown(name: str, lang: Lang) -> str:
    """A name as the records keep it, as the reader reads it (the open mode's in their language)."""
    return t("app.open_user", lang) if name == OPEN_USER else name


def open_lead(lead_id: int) -> None:
    """Go to the leads page with ``lead_id`` open."""
    st.switch_page(PAGE_FILES["leads"], query_params={"lead": str(lead_id)})


def lead_form(
    ctx: Context,
    *,
    key: str,
    title: str,
    source_kind: str,
    source_ref: str,
    org_id: str | None,
    note: str = "",
) -> None:
    """A form that makes a lead (待核实) from what the page shows — ``note``,
    when given, as its first note (the finding's message) — then opens it."""
    if not org_id:
        st.caption(ctx.t("app.lead_no_unit"))
        return
    with st.form(f"lead_form_{key}", border=True):
        st.markdown(f"**{ctx.t('app.lead_make')}**")
        made_before = casebook().leads(actor(ctx), source=(source_kind, source_ref))
        if made_before:  # said, not refused: a second lead on the same source may be meant
            st.caption(
                ctx.t(
                    "app.lead_exists",
                    leads="、".join(f"#{x.id}（{ctx.t(f'lead_status.{x.status}')}）" for x in made_before),
                )
            )
        left, right = st.columns([4, 1])
        text = left.text_input(ctx.t("leads.col_title"), value=title[:300], key=f"lead_title_{key}")
        due = right.date_input(ctx.t("leads.col_due"), value=None, min_value=date(2000, 1, 1), key=f"lead_due_{key}")
        if st.form_submit_button(ctx.t("app.lead_make_button"), icon=":material/flag:"):
            book, me = casebook(), actor(ctx)
            try:
                made = book.create_lead(
                    me, title=text, source_kind=source_kind, source_ref=source_ref, org_id=org_id, due=due
                )
                if note:
                    book.note(me, made.id, note)
            except RespnetError as e:
                st.error(md(e.message(ctx.lang)))
                return
            open_lead(made.id)
