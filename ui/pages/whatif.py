"""推演沙盘 What-if: before a 分工调整 or a reshuffle is issued, the findings on
the date if some people left, terms ended, oversight moved or organizations
merged — worked out on a copy in memory; nothing is written to the data.

The changes are kept in the URL (``moves=kind:id:id;…``), so a sandbox can be
saved as a view and sent."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from graph.errors import RespnetError
from graph.model import ResponsibilityGraph
from graph.schema import NodeLabel
from queries.labels import bearer_label
from queries.whatif import MoveKind, parse_move
from ui.context import current
from ui.data import memory_graph, whatif_for
from ui.links import keep_in_url
from ui.pickers import pick
from ui.text import md
from ui.workspace import findings_table

ctx = current()
src = ctx.source
st.title(ctx.t("app.page_whatif"))
st.caption(ctx.t("app.whatif_intro", at=ctx.at))

_KEY = "whatif_moves"
_ARGS = {  # what each kind of change asks for, in order
    MoveKind.REMOVE_PERSON: (NodeLabel.PERSON,),
    MoveKind.END_TENURE: (NodeLabel.PERSON, NodeLabel.POSITION),
    MoveKind.MOVE_OVERSIGHT: (NodeLabel.POSITION, NodeLabel.ORGANIZATION, NodeLabel.POSITION),
    MoveKind.MERGE_ORGS: (NodeLabel.ORGANIZATION, NodeLabel.ORGANIZATION),
}


def _from_url() -> list[tuple[str, tuple[str, ...]]]:
    moves = []
    for part in st.query_params.get("moves", "").split(";"):
        kind, _, rest = part.partition(":")
        if kind in set(MoveKind) and rest:
            moves.append((kind, tuple(rest.split(":"))))
    return moves


try:
    G = memory_graph(src.key, src)
except RespnetError as e:  # a Neo4j source: the sandbox needs the data in memory
    st.error(md(e.message(ctx.lang)))
    st.stop()
_IN_FORCE: dict[
    MoveKind, Callable[[ResponsibilityGraph, str], list[str]]
] = {  # the second pick, among what the first holds on the day
    MoveKind.END_TENURE: lambda G, person: sorted(h.target for h in G.posts_held_on(person, ctx.at)),
    MoveKind.MOVE_OVERSIGHT: lambda G, post: sorted(o.target for o in G.oversees_on(post, ctx.at)),
}


if _KEY not in st.session_state:
    st.session_state[_KEY] = _from_url()
moves: list[tuple[str, tuple[str, ...]]] = st.session_state[_KEY]

with st.container(border=True):
    kind: MoveKind = st.radio(  # type: ignore[assignment]  # one of the options is always chosen
        ctx.t("app.whatif_kind"),
        list(MoveKind),
        format_func=lambda k: ctx.t(f"app.whatif_{k.value}"),
        horizontal=True,
        key="whatif_kind",
    )
    columns = st.columns(len(_ARGS[kind]))
    args: list[str | None] = []
    for i, (column, needed) in enumerate(zip(columns, _ARGS[kind], strict=True)):
        title, key = ctx.t(f"app.whatif_arg_{kind.value}_{i}"), f"whatif_{kind.value}_{i}"
        picked: str | None
        with column:
            if i == 1 and kind in _IN_FORCE and args[0]:  # only what is in force on the day can end or move
                offered = _IN_FORCE[kind](G, args[0])
                if not offered:
                    st.info(ctx.t(f"app.whatif_none_{kind.value}", at=ctx.at))
                picked = st.selectbox(  # one box per first pick: a new person offers their own posts afresh
                    title, offered, format_func=lambda i: f"{bearer_label(G, i)}（{i}）", key=f"{key}_{args[0]}"
                )
            else:
                picked = pick(ctx, needed, title, key=key, show=lambda c: f"{c.name}（{c.id}）")
        args.append(picked)
    add, clear = st.columns([1, 5])
    if add.button(ctx.t("app.whatif_add"), type="primary", disabled=not all(args), key="whatif_add"):
        sep = "," if kind is MoveKind.MERGE_ORGS else ":"
        move = parse_move(kind, sep.join(a for a in args if a))
        moves.append((move.kind.value, move.args))
    if clear.button(ctx.t("app.whatif_clear"), disabled=not moves, key="whatif_clear"):
        moves.clear()
keep_in_url(moves=";".join(":".join((k, *a)) for k, a in moves) or None)

if not moves:
    st.info(ctx.t("app.whatif_empty"))
    st.stop()
try:
    result = whatif_for(src.key, ctx.at, tuple(moves), src)
except RespnetError as e:
    st.error(md(e.message(ctx.lang)))
    if st.button(ctx.t("app.whatif_undo"), key="whatif_undo"):
        moves.pop()
        st.rerun()
    st.stop()

st.subheader(ctx.t("app.whatif_changes"))
for move in result.moves:
    st.markdown(f"- {md(move.message(ctx.lang, lambda i: bearer_label(G, i) if i in G else i))}")
for column, label, n in zip(
    st.columns(4),
    ("before", "after", "opened", "closed"),
    (len(result.before), len(result.after), len(result.opened), len(result.closed)),
    strict=True,
):
    column.metric(ctx.t(f"app.whatif_{label}", at=ctx.at), n)


st.subheader(ctx.t("app.whatif_opened_title", count=len(result.opened)))
if result.opened:
    findings_table(ctx, result.opened, key="opened")
else:
    st.success(ctx.t("app.whatif_no_opened"))
st.subheader(ctx.t("app.whatif_closed_title", count=len(result.closed)))
if result.closed:
    findings_table(ctx, result.closed, key="closed")
with st.expander(ctx.t("app.whatif_all_after", count=len(result.after))):
    findings_table(ctx, result.after, key="after")
st.caption(ctx.t("app.whatif_nothing_written"))
