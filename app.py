"""respnet — the inspector's app.

This is the core engine's overview page: it loads the data source (the demo
data by default, or ``$RESPNET_DATA``) and shows the network's size and the
findings per kind as of a date. The full multipage app is built on top of it.
"""

from __future__ import annotations

from datetime import date

import streamlit as st

from graph.errors import LoadError, RespnetError
from graph.i18n import LANGS, Lang, t
from ui.data import default_source, finding_counts, graph_for

st.set_page_config(page_title="respnet", layout="wide")

lang: Lang = st.sidebar.radio(
    t("app.language", "zh") + " / Language",
    LANGS,
    format_func=lambda code: {"zh": "中文", "en": "English"}[code],
    horizontal=True,
)
source = st.sidebar.text_input(t("app.data_source", lang), value=default_source())
at = st.sidebar.date_input(t("app.as_of", lang), value=date.today())

st.title(t("app.title", lang))
st.caption(t("app.placeholder", lang))

try:
    G = graph_for(source)
except LoadError as e:
    st.error(t("app.load_failed", lang))
    st.code("\n".join(p.render(lang) for p in e.problems))
    st.stop()
except RespnetError as e:
    st.error(e.message(lang))
    st.stop()

st.subheader(t("app.nodes", lang))
st.table({t(f"node_label.{label.value}", lang): [n] for label, n in G.node_counts().items()})
st.subheader(t("app.findings", lang))
counts = finding_counts(source, at)
st.bar_chart({t(f"finding_kind.{kind}", lang): n for kind, n in counts.items()}, horizontal=True)
