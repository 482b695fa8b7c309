"""Cypher 查询 Cypher console: read-only queries on the shared Neo4j store, for
inspectors who know Cypher. Results as a table and, where they hold the
project's nodes and relationships, as a graph."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pandas as pd
import streamlit as st

from access.accounts import Permission
from graph.errors import RespnetError
from graph.i18n import Lang, t
from graph.schema import EdgeType
from queries.views import View
from store.cypher import CONSOLE_EXAMPLE
from store.driver import ConsoleResult
from ui.auth import require
from ui.context import Context, page_lang
from ui.data import Source
from ui.graphs import show, view_drawing
from ui.store import neo4j_connection, store_for
from ui.text import md

_RESULT = "console_result"
_EXAMPLE_PARAMS = '{"org": "JY"}'


def _cell(value: Any) -> str:
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False, default=str)
    return "" if value is None else str(value)


def _table(result: ConsoleResult) -> pd.DataFrame:
    return pd.DataFrame([[_cell(v) for v in row] for row in result.rows], columns=list(result.columns))


def _graph(lang: Lang, label: str, result: ConsoleResult) -> None:
    st.subheader(t("app.console_graph", lang))
    if not result.part.nodes:
        st.caption(t("app.console_no_graph", lang))
        return
    H = result.part.graph()
    ctx = Context(lang, date.today(), Source("neo4j", label, "console"))
    nodes = tuple(H.nx.nodes)
    links = tuple(link for etype in EdgeType for link in H.links(etype))
    show(ctx, view_drawing(ctx, H, View(nodes[0], nodes, links)), key="console_canvas", file="cypher", height=520)


lang = page_lang()
require(Permission.CONSOLE, lang)  # arbitrary Cypher reads the whole store: no scoped account may run it
st.title(t("app.page_console", lang))
st.caption(t("app.console_intro", lang))
try:
    conn = neo4j_connection()
except RespnetError as e:  # a bad address, or no password configured
    st.error(md(e.message(lang)))
    st.stop()
if conn is None:
    st.info(t("app.neo4j_not_configured", lang))
    st.stop()
assert conn is not None
st.caption(md(conn.label))

with st.form("console"):
    query = st.text_area(t("app.console_query", lang), value=CONSOLE_EXAMPLE.text, height=150, key="console_query")
    params_text = st.text_area(
        t("app.console_params", lang),
        value=_EXAMPLE_PARAMS,
        height=68,
        help=t("app.console_params_help", lang, example=_EXAMPLE_PARAMS),
    )
    left, right = st.columns(2)
    limit = int(left.number_input(t("app.console_limit", lang), min_value=1, max_value=10_000, value=1000))
    timeout = float(right.number_input(t("app.console_timeout", lang), min_value=1, max_value=120, value=10))
    run = st.form_submit_button(t("app.console_run", lang), type="primary")

if run:
    st.session_state.pop(_RESULT, None)
    try:
        params = json.loads(params_text or "{}")
        if not isinstance(params, dict):
            raise ValueError(type(params).__name__)
    except ValueError as e:
        st.error(t("error.store_bad_params", lang, example=md(_EXAMPLE_PARAMS), detail=md(e)))
        st.stop()
    try:
        st.session_state[_RESULT] = store_for(conn).console(query, params, limit=limit, timeout=timeout)
    except RespnetError as e:
        st.error(md(e.message(lang)))
        st.stop()

result: ConsoleResult | None = st.session_state.get(_RESULT)
if result is not None:
    st.caption(t("app.console_rows", lang, count=len(result.rows)))
    if result.truncated:
        st.warning(t("app.console_truncated", lang, limit=len(result.rows)))
    st.dataframe(_table(result), hide_index=True)
    _graph(lang, conn.label, result)
