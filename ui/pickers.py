"""Pickers: a select box of the network's organizations, people, posts or
cases. Up to :data:`PICK_LIMIT` of them are listed whole; beyond that a search
box narrows them (up to :data:`PICK_LIMIT` matches, the first
:data:`PICK_BROWSE` before anything is typed), and only those are asked of
the source: a province in a store is never listed whole."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from graph.schema import NodeLabel
from queries.network import Choice
from ui.context import Context
from ui.data import choices, named, node_counts

__all__ = ["PICK_LIMIT", "pick"]

#: Pickers list every choice up to this many; beyond, a search box narrows them.
PICK_LIMIT = 500
#: What a picker with a search box lists before anything is typed.
PICK_BROWSE = 50


def pick(
    ctx: Context,
    label: NodeLabel,
    title: str,
    *,
    key: str,
    show: Callable[[Choice], str],
    first: tuple[str | None, ...] = (),
    help: str | None = None,
    url: str | None = None,
    empty: bool = False,
) -> str | None:
    """The id picked, or None when nothing matches (or, with ``empty``, until
    something is chosen: the box opens on 请选择). Until something is typed
    in the search box, ``first`` names the ids to offer (and select, the
    first of them present) even when the list leaves them out; after that,
    the first match is selected. With ``url``, the query parameter of that
    name is offered first, wins over the box's last value when it changed
    (a link or a saved view opened), and follows the pick."""
    asked = st.query_params.get(url) if url else None
    if asked:
        first = (asked, *first)
    src = ctx.source
    total = node_counts(src.key, src).get(label, 0)
    text, limit = "", PICK_LIMIT
    if total > PICK_LIMIT:
        text = st.text_input(ctx.t("app.pick_search", count=total), key=f"{key}_search").strip()
        limit = PICK_LIMIT if text else PICK_BROWSE
    found = {c.id: c for c in choices(src.key, label, text, limit, src)}
    if text and not found:
        st.info(ctx.t("app.pick_none", text=text))
        return None
    if len(found) == limit < total:
        st.caption(ctx.t("app.pick_more", shown=limit))
    ahead = () if text else tuple(i for i in first if i)
    missing = tuple(i for i in ahead if i not in found)
    if missing:  # asked for by id: offered even when the search leaves them out
        found = {**{c.id: c for c in named(src.key, label, missing, src)}, **found}
    options = list(found)
    if not options:
        return None
    start = next((options.index(i) for i in ahead if i in found), 0)
    if url and asked and asked in found and asked != st.session_state.get(f"_url_{key}"):
        st.session_state[key] = asked  # the link, not the box's last value
    if key in st.session_state and st.session_state[key] in found:
        start = 0  # the box's own value holds (and no default is set beside it)
    picked: str | None = st.selectbox(
        title,
        options,
        index=None if empty else start,
        format_func=lambda i: show(found[i]),
        key=key,
        help=help,
        placeholder=ctx.t("app.choose"),
    )
    if url and picked is not None:
        st.session_state[f"_url_{key}"] = picked
        st.query_params[url] = picked
    return picked


def pick_any(ctx: Context, title: str, *, key: str, url: str) -> str | None:
    """Anything in the network — a person, post, organization, duty or case —
    found by name, id or pinyin initials in a search box, then picked from
    the hits; the query parameter ``url`` fills the box when the page opens
    and follows the pick."""
    from ui.data import search_for  # the one search the sidebar's box uses too

    src = ctx.source
    asked = st.query_params.get(url) or ""
    if asked and asked != st.session_state.get(f"_url_{key}"):
        st.session_state[f"{key}_text"] = asked  # a link or saved view opened: its id, not the last text
    text = st.text_input(title, key=f"{key}_text", placeholder=ctx.t("app.search_hint")).strip()
    if not text:
        return None
    hits = [hit for group in search_for(src.key, text, 20, src).values() for hit in group]
    if not hits:
        st.caption(ctx.t("app.pick_none", text=text))
        return None
    shown = {hit.id: f"{ctx.t(f'node_label.{hit.kind}')} · {hit.name}（{hit.id}）" for hit in hits}
    options = list(shown)
    picked: str = st.selectbox(
        title, options, format_func=shown.__getitem__, key=f"{key}_pick", label_visibility="collapsed"
    )
    st.session_state[f"_url_{key}"] = picked
    st.query_params[url] = picked
    return picked
