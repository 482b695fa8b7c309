"""What every page has in the sidebar beyond the data source: one search box
over everything, and saved views.

- :func:`search_box`: people, posts, organizations, duties, cases (by name,
  id or pinyin initials) and findings (by message, id or the names of the
  people they concern), grouped by kind, each opening its page.
- :func:`saved_views`: save the page as it stands (its page, its query
  parameters, the date) under a name; reopen or share it by its link
  ``?view=ID``.
- :func:`open_saved_view`: a link ``?view=ID`` opened — go to the page it
  saved, with its parameters.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from urllib.parse import urlsplit

import pandas as pd
import streamlit as st

from access.accounts import User
from access.views import SavedViews
from graph.errors import RespnetError
from graph.i18n import Lang, t
from queries.compliance import default_period
from queries.findings import Finding
from queries.search import KINDS, search_findings
from ui.auth import record
from ui.context import Context
from ui.data import details_for, named_findings, search_for, span_for
from ui.links import PAGE_FILES, paged, target
from ui.text import md

__all__ = [
    "open_remembered_page",
    "open_saved_view",
    "remember_page",
    "saved_views",
    "search_box",
    "time_slider",
]

#: Hits listed per kind.
HITS_PER_KIND = 6


def search_box(ctx: Context) -> None:
    """The sidebar's search box and its hits (see the module)."""
    text = st.sidebar.text_input(
        ctx.t("app.search"), key="global_search", placeholder=ctx.t("app.search_hint"), icon=":material/search:"
    ).strip()
    if not text:
        return
    src = ctx.source
    hits = search_for(src.key, text, HITS_PER_KIND, src)
    named = named_findings(src.key, ctx.at, default_period(ctx.at), True, src)
    said = {n.finding: (n.finding.message(ctx.lang), n.people()) for n in named}
    findings = search_findings(said, text, said=said, limit=HITS_PER_KIND)
    if findings:
        hits = {**hits, "finding": findings}
    if not hits:
        st.sidebar.caption(ctx.t("app.search_none", text=md(text)))
        return
    ids = tuple(sorted({hit.id for group in hits.values() for hit in group}))
    G = details_for(src.key, ids, src)
    box = st.sidebar.container(border=True, key="search_hits")
    for kind in KINDS:
        if kind not in hits:
            continue
        box.caption(ctx.t(f"app.search_kind_{kind}"))
        for hit in hits[kind]:
            where = target(G, hit.id, on_graph=kind == "finding")
            if where is None:
                box.text(hit.name)
                continue
            page, params = where
            label = hit.name if kind == "finding" else f"{hit.name}（{hit.id}）"
            box.page_link(PAGE_FILES[page], label=md(label), query_params=params, help=md(hit.detail) or None)


def _share_link(view_id: str) -> str:
    """The link that reopens a view: the app's address with ``?view=ID``."""
    here = urlsplit(st.context.url or "")
    base = f"{here.scheme}://{here.netloc}/" if here.scheme and here.netloc else ""
    return f"{base}?view={view_id}"


def _owner(user: User | None) -> str:
    return user.name if user is not None else ""


def saved_views(lang: Lang, page: str, user: User | None) -> None:
    """Save the page as it stands, and list the views saved (see the module)."""
    views = SavedViews()
    with st.sidebar.expander(t("app.views", lang), icon=":material/bookmark:"):
        name = st.text_input(t("app.view_name", lang), key="view_name", max_chars=80)
        if st.button(t("app.view_save", lang), key="view_save", disabled=not name.strip()):
            try:
                saved = views.save(_owner(user), name, page, dict(st.query_params.to_dict()))
            except RespnetError as e:
                st.error(md(e.message(lang)))
            else:
                record("view_saved", view=saved.id, page=page)
                st.success(t("app.view_saved", lang, name=md(saved.name)))
                st.code(_share_link(saved.id), language=None)
        for view in views.mine(_owner(user)):
            link, drop = st.columns([5, 1], vertical_alignment="center")
            link.page_link(
                PAGE_FILES.get(view.page, PAGE_FILES["overview"]),
                label=md(f"{view.name}（{t(f'app.page_{view.page}', lang)}）"),
                query_params=view.params,
                icon=":material/bookmark:",
            )
            drop.button(
                "",
                icon=":material/delete:",
                key=f"view_delete_{view.id}",
                help=t("app.view_delete", lang),
                on_click=_delete,
                args=(_owner(user), view.id),
            )


def _delete(owner: str, view_id: str) -> None:
    """Delete one of the owner's views (a button's callback), with its audit line."""
    if SavedViews().delete(owner, view_id):
        record("view_deleted", view=view_id)


def open_saved_view(lang: Lang) -> None:
    """When the URL names a saved view (``?view=ID``), open its page with its
    parameters (its date too); an unknown id is said, not guessed."""
    view_id = st.query_params.get("view")
    if not view_id:
        return
    view = SavedViews().get(view_id)
    if view is None or view.page not in PAGE_FILES:
        st.query_params.pop("view", None)
        st.warning(t("app.view_unknown", lang, view=md(view_id)))
        return
    if "at" in view.params:
        st.session_state.pop("at", None)  # the view's date, not the sidebar's last one
    record("view_opened", view=view.id, page=view.page)
    st.switch_page(PAGE_FILES[view.page], query_params=view.params)


_ASKED = "_respnet_asked_page"


def remember_page() -> None:
    """Note the page the address names on a session's first run (before the
    sign-in form may stop it, which loses the page from the address)."""
    if _ASKED not in st.session_state:
        path = urlsplit(st.context.url or "").path.rstrip("/").rpartition("/")[2]
        st.session_state[_ASKED] = path if path in PAGE_FILES else ""


def open_remembered_page(current: str, allowed: Iterable[str]) -> None:
    """Once signed in, go to the page the first address named, with its
    query parameters (once per session; only a page this user may open)."""
    asked = st.session_state.get(_ASKED)
    if asked and asked != (current or "overview") and asked in set(allowed):
        st.session_state[_ASKED] = ""
        st.switch_page(PAGE_FILES[asked], query_params=st.query_params.to_dict())
    st.session_state[_ASKED] = ""


def _follow(key: str) -> None:
    """The slider moved: the sidebar's date follows it."""
    st.session_state["at"] = st.session_state[key]


def time_slider(ctx: Context, key: str, *, value: date | None = None, label: str = "app.time_slider") -> date:
    """A slider over the data's dates. Without ``value`` it is the sidebar's
    date (each moves the other: the page shows posts, oversight and findings
    on the day dragged to); with ``value`` it starts there and moves only
    this drawing (the trace: the case's date)."""
    span = span_for(ctx.source.key, ctx.source)
    start = value or ctx.at
    lo = min(d for d in (span.earliest, start, ctx.at) if d)
    hi = max(d for d in (span.latest, start, ctx.at) if d)
    if value is None and st.session_state.get(key) != ctx.at:
        st.session_state[key] = ctx.at  # the sidebar moved: the slider follows
    elif key not in st.session_state:
        st.session_state[key] = start
    picked: date = st.slider(
        t(label, ctx.lang),
        min_value=lo,
        max_value=hi,
        key=key,
        format="YYYY-MM-DD",
        on_change=_follow if value is None else None,
        args=(key,) if value is None else None,
    )
    return picked


def findings_table(ctx: Context, every: Sequence[Finding], *, key: str) -> None:
    """A list of findings as a table, a page at a time: kind, severity, message (the
    Changes and What-if pages; the findings page has its own, with units and people)."""
    findings, _ = paged(ctx, every, key=f"findings_table_{key}", url=f"{key}_page")
    st.dataframe(
        pd.DataFrame(
            {
                t("app.col_kind", ctx.lang): [t(f"finding_kind.{f.kind.value}", ctx.lang) for f in findings],
                t("app.col_severity", ctx.lang): [t(f"severity.{f.severity.value}", ctx.lang) for f in findings],
                t("app.col_message", ctx.lang): [f.message(ctx.lang) for f in findings],
            }
        ),
        hide_index=True,
        column_config={t("app.col_message", ctx.lang): st.column_config.TextColumn(width="large")},
    )
