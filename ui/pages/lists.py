"""清单导入 List import: upload a responsibility list as Word, text, a
spreadsheet or a PDF; review the parsed clauses in an editable table (who each
applies to, kind, category, frequency); see every line that was not placed;
save the template into the data folder only once it validates there."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from graph.errors import DocumentError, LoadError, NoClausesFound, Severity
from graph.i18n import Lang, t
from loaders.cells import CellError, parse_date
from loaders.listimport import (
    SUFFIXES,
    ImportNote,
    check_draft,
    draft_yaml,
    list_id_for,
    write_atomically,
)
from ui.auth import require
from ui.context import optional, page_lang, problems_frame
from ui.data import upload_source
from ui.listdraft import binding_preview, clauses_from_frame, draft_for, editor_config, frame_for, lists_folder
from ui.users import Permission


def _notes_frame(notes: list[ImportNote], lang: Lang) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                t("app.col_row", lang): n.line if n.line is not None else "",
                t("app.lists_col_clause", lang): n.clause or "",
                t("app.col_message", lang): n.message(lang),
                t("app.lists_col_source_text", lang): n.text,
            }
            for n in notes
        ]
    )


lang = page_lang()
require(Permission.LISTS, lang)
st.title(t("app.page_lists", lang))
st.markdown(t("app.lists_intro", lang))
title_hint = st.text_input(
    t("app.lists_title_hint", lang), key="lists_title_hint", help=t("app.lists_title_hint_help", lang)
)
uploaded = st.file_uploader(t("app.lists_upload", lang), type=[s.lstrip(".") for s in SUFFIXES], key="lists_file")
if uploaded is None:
    st.stop()

payload = uploaded.getvalue()
digest = upload_source(uploaded.name, payload).key.removeprefix("upload:")
try:
    with st.spinner(t("app.lists_reading", lang, name=uploaded.name)):
        parsed = draft_for(digest, uploaded.name, title_hint.strip(), payload)
except NoClausesFound as e:
    st.error(e.message(lang))
    st.dataframe(_notes_frame(e.notes, lang), hide_index=True)  # type: ignore[arg-type]
    st.stop()
except DocumentError as e:
    st.error(e.message(lang))
    st.stop()

summary = [n for n in parsed.notes if n.count is not None]
if summary:
    st.info("；".join(n.message(lang) for n in summary))

left, middle, right = st.columns([1, 3, 1])
list_id = left.text_input(t("app.lists_id", lang), value=list_id_for(uploaded.name), key=f"lists_id_{digest}")
title = middle.text_input(t("app.lists_title", lang), value=parsed.title, key=f"lists_title_{digest}")
issued_text = right.text_input(
    t("app.lists_issued", lang), value=parsed.issued.isoformat() if parsed.issued else "", key=f"lists_issued_{digest}"
)
issuer = st.text_input(t("app.lists_issuer", lang), value=parsed.issuer, key=f"lists_issuer_{digest}")

st.subheader(t("app.lists_clauses", lang, count=len(parsed.clauses)))
st.caption(t("app.lists_clauses_help", lang))
edited = st.data_editor(
    frame_for(parsed, lang),
    column_config=editor_config(lang),
    num_rows="dynamic",
    hide_index=True,
    key=f"lists_editor_{digest}",
)

unplaced = parsed.unplaced
with st.expander(t("app.lists_unplaced", lang, count=len(unplaced)), expanded=bool(unplaced)):
    if unplaced:
        st.dataframe(_notes_frame(unplaced, lang), hide_index=True)
    else:
        st.caption(t("app.lists_all_placed", lang))

issued: date | None = None
problems_extra: list[str] = []
if issued_text.strip():
    try:
        issued = parse_date(issued_text.strip())
    except CellError:
        problems_extra.append(t("error.bad_date_option", lang, value=issued_text))
draft = parsed.with_clauses(clauses_from_frame(edited, parsed))
draft.id, draft.title, draft.issuer, draft.issued = list_id.strip(), title.strip(), issuer.strip(), issued
problems, _ = check_draft(draft, lang)
errors = [p for p in problems if p.severity is Severity.ERROR]

st.subheader(t("app.lists_check", lang))
for message in problems_extra:
    st.error(message)
if problems:
    (st.error if errors else st.warning)(
        t("app.lists_problems", lang, errors=len(errors), warnings=len(problems) - len(errors))
    )
    st.dataframe(problems_frame(problems, lang), hide_index=True)

ctx = optional()
folder = lists_folder(ctx.source if ctx else None)
yaml_text = draft_yaml(draft, lang)
st.download_button(
    t("app.lists_download", lang), yaml_text.encode("utf-8"), file_name=f"{draft.id}.yaml", mime="application/x-yaml"
)
if folder is None:
    st.info(t("app.lists_no_folder", lang))
    st.stop()
if errors or problems_extra:
    st.info(t("app.lists_fix_first", lang))
    st.stop()

target = folder / "lists" / f"{draft.id}.yaml"
try:
    counts = binding_preview(ctx.source.key if ctx else "", draft.id, yaml_text, folder)
except LoadError as e:
    st.error(t("app.lists_folder_invalid", lang, folder=str(folder), count=len(e.problems)))
    st.dataframe(problems_frame([*e.problems, *e.warnings], lang), hide_index=True)
    st.stop()
bound = sum(1 for n in counts.values() if n)
st.success(
    t("app.lists_valid", lang, folder=str(folder), bound=bound, clauses=len(counts), instances=sum(counts.values()))
)
if bound < len(counts):
    st.caption(t("app.lists_unbound", lang, clauses="、".join(k for k, n in counts.items() if not n)))
replace = True
if target.exists():
    replace = st.checkbox(t("app.lists_replace", lang, path=str(target)), key=f"lists_replace_{digest}")
if st.button(
    t("app.lists_save", lang, path=str(target)), type="primary", disabled=not replace, key=f"lists_save_{digest}"
):
    write_atomically(target, yaml_text)
    st.success(t("app.lists_saved", lang, path=str(target)))
