"""数据导入 Import: upload a workbook or a zip of CSV files, see every problem
(file:row:column) or a summary of what would load, and only then use it.
Nothing the app is showing is replaced until the upload validates."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from graph.errors import LoadError, RespnetError
from graph.i18n import t
from loaders.tables import TABLES
from ui.context import activate_upload, page_lang, problems_frame
from ui.data import dataset_for, graph_for, upload_source

lang = page_lang()
st.title(t("app.page_importer", lang))
st.markdown(t("app.import_intro", lang))
uploaded = st.file_uploader(t("app.upload", lang), type=["xlsx", "xlsm", "zip"], key="import_file")
if uploaded is None:
    st.stop()

source = upload_source(uploaded.name, uploaded.getvalue())
try:
    with st.spinner(t("app.validating", lang, source=source.label)):
        dataset = dataset_for(source.key, source)
except LoadError as e:
    st.error(t("app.import_failed", lang, source=source.label, count=len(e.problems)))
    st.dataframe(problems_frame([*e.problems, *e.warnings], lang), hide_index=True)
    st.info(t("app.nothing_replaced", lang))
    st.stop()
except RespnetError as e:
    st.error(e.message(lang))
    st.info(t("app.nothing_replaced", lang))
    st.stop()

st.success(t("app.import_valid", lang, source=source.label))
counts = [
    {
        t("app.col_table", lang): f"{spec.names[0]} ({spec.key})",
        t("app.col_count", lang): len(getattr(dataset, spec.key)),
    }
    for spec in TABLES
]
counts.append({t("app.col_table", lang): t("app.col_lists", lang), t("app.col_count", lang): len(dataset.lists)})
left, right = st.columns(2)
left.markdown(f"**{t('app.would_load', lang)}**")
left.dataframe(pd.DataFrame(counts), hide_index=True)
G = graph_for(source.key, source)
right.markdown(f"**{t('app.would_build', lang)}**")
right.dataframe(
    pd.DataFrame(
        [
            {t("app.col_kind", lang): t(f"node_label.{label.value}", lang), t("app.col_count", lang): n}
            for label, n in G.node_counts().items()
        ]
    ),
    hide_index=True,
)
if dataset.warnings:
    st.warning(t("cli.warnings", lang, count=len(dataset.warnings)))
    st.dataframe(problems_frame(dataset.warnings, lang), hide_index=True)
active = st.session_state.get("source_kind") == "upload" and st.session_state.get("upload_choice") == source.key
if active:
    st.info(t("app.import_active", lang))
else:
    st.button(t("app.use_upload", lang), type="primary", on_click=activate_upload, args=(source,), key="import_use")
