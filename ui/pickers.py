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
) -> str | None:
    """The id picked, or None when nothing matches. Until something is typed
    in the search box, ``first`` names the ids to offer (and select, the
    first of them present) even when the list leaves them out; after that,
    the first match is selected."""
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
    picked: str = st.selectbox(title, options, index=start, format_func=lambda i: show(found[i]), key=key, help=help)
    return picked
