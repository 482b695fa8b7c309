"""数据导入 Import: upload a workbook or a zip of CSV files, see every problem
(file:row:column) or a summary of what would load, and only then use it —
for this session, or saved as the data everyone is shown. Nothing the app is
showing is replaced until the upload validates; a save writes a new version
atomically and keeps the one before it (:class:`access.datasets.DatasetShelf`).
An upload is read in a worker process of its own (:func:`ui.data.read_upload`);
every refusal, switch and save is audited."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st

from access.accounts import Permission
from graph.errors import LoadError, RespnetError
from graph.errors import ProblemCode as P
from graph.i18n import t
from loaders.blank import template_workbook
from loaders.isolated import cost
from loaders.plain import has_control
from loaders.sources import max_source_bytes
from loaders.tables import TABLES
from ui.auth import audited_download, current_user, may, record, record_once, refuse, require
from ui.context import activate_upload, page_lang, problems_frame, use_saved
from ui.data import Source, dataset_for, graph_for, shelf, upload_source
from ui.exports import MIME, problems_xlsx
from ui.text import md
from ui.upload import uploader


def _save(source: Source) -> None:
    """Keep a validated upload as the shared data (a button callback)."""
    assert source.payload is not None
    if not may(Permission.IMPORT):
        record("access_denied", permission=Permission.IMPORT.value, file=source.label)
        return
    user = current_user()
    saved = shelf().save(source.label, source.payload, saved_by=user.name if user else "")
    record("import", file=source.label, sha256=saved.sha256, saved_as=saved.file)
    use_saved(str(shelf().path(saved)))


#: Problems with the file as a whole (not with a row): each is said in full above the table.
WHOLE_FILE = frozenset({P.TOO_LARGE, P.ZIP_TOO_LARGE, P.BAD_ZIP, P.BAD_ZIP_MEMBER, P.BAD_WORKBOOK})


def _refuse(message: str, **fields: Any) -> None:
    """Say why an upload is refused, audit it once, and stop."""
    refuse("upload_refused", message, note=t("app.nothing_replaced", lang), page="importer", **fields)


lang = page_lang()
require(Permission.UPLOAD, lang)
st.title(t("app.page_importer", lang))
st.markdown(t("app.import_intro", lang))
audited_download(  # the workbook to fill in, made on the click
    st,
    t("app.template_download", lang),
    lambda: template_workbook(lang),
    file_name=f"{t('app.template_file', lang)}.xlsx",
    mime=MIME["xlsx"],
    icon=":material/download:",
    what="template",
    key="import_template",
)
uploaded = uploader(
    lang, t("app.upload", lang), key="import_file", limit_bytes=max_source_bytes(), types=("xlsx", "xlsm", "zip")
)
if uploaded is None:
    st.stop()

if has_control(uploaded.name):
    _refuse(t("app.upload_bad_name", lang), file=repr(uploaded.name), reason="file_name")
source = upload_source(uploaded.name, uploaded.getvalue())
try:
    with st.spinner(t("app.validating", lang, source=md(source.label))):
        dataset = dataset_for(source.key, source)
except LoadError as e:
    record_once(
        "import_failed",
        file=source.label,
        problems=len(e.problems),
        codes=sorted({p.code.value for p in e.problems}),
        **cost(e),
    )
    st.error(t("app.import_failed", lang, source=md(source.label), count=len(e.problems)))
    for refusal in (p for p in e.problems if p.code in WHOLE_FILE):  # the file as a whole: said in full
        st.error(md(refusal.message(lang)))
    found = [*e.problems, *e.warnings]
    st.dataframe(problems_frame(found, lang), hide_index=True, placeholder="")
    audited_download(  # the report to fix the file by, made on the click
        st,
        t("app.export_problems", lang),
        lambda: problems_xlsx(found, lang, source=source.label),
        file_name=f"{t('app.problems_file', lang)}-{Path(source.label).stem}.xlsx",
        mime=MIME["xlsx"],
        icon=":material/table_view:",
        what="problems",
        key="import_problems_export",
        count=len(e.problems),
    )
    st.info(t("app.nothing_replaced", lang))
    st.stop()
except RespnetError as e:
    _refuse(md(e.message(lang)), file=source.label, reason=e.key, **cost(e))
except Exception as e:
    logging.getLogger("respnet").exception("upload %s failed", source.label)
    _refuse(t("app.upload_internal", lang, source=md(source.label)), file=source.label, reason=type(e).__name__)

st.success(t("app.import_valid", lang, source=md(source.label)))
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
    st.dataframe(problems_frame(dataset.warnings, lang), hide_index=True, placeholder="")
active = st.session_state.get("source_kind") == "upload" and st.session_state.get("upload_choice") == source.key
left, right = st.columns(2)
if active:
    left.info(t("app.import_active", lang))
else:
    left.button(t("app.use_upload", lang), type="primary", on_click=activate_upload, args=(source,), key="import_use")
current = shelf().current()
if current is not None and current.sha256 == source.key.removeprefix("upload:"):
    right.success(t("app.import_saved", lang, file=md(current.file), saved_at=md(current.saved_at)))
elif may(Permission.IMPORT):
    right.button(t("app.save_upload", lang), on_click=_save, args=(source,), key="import_save")
    right.caption(t("app.save_upload_help", lang))
else:
    right.caption(t("app.save_needs_import", lang))
