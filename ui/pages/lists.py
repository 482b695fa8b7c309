"""清单导入 List import: upload a responsibility list as Word, text, a
spreadsheet or a PDF; review the parsed clauses in an editable table (who each
applies to, kind, category, frequency); see every line that was not placed;
save the template into the data folder only once it validates there.

The document is read in a worker process of its own (:mod:`loaders.isolated`).
A file name with a line break or control character, or a list id that is not
one (:func:`loaders.listimport.valid_list_id`), is refused and audited;
saving needs the import permission, goes only into the data folder's
``lists/`` (:func:`loaders.listimport.save_template`) and is audited."""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st

from access.accounts import Permission
from graph.errors import LoadError, NoClausesFound, RespnetError, Severity
from graph.i18n import Lang, t
from loaders.atomic import OutsideFolder
from loaders.cells import CellError, parse_written_date
from loaders.isolated import cost
from loaders.listimport import (
    MAX_DOCUMENT_BYTES,
    SUFFIXES,
    ImportNote,
    check_draft,
    draft_yaml,
    list_id_for,
    save_template,
    valid_list_id,
)
from loaders.plain import has_control, one_line
from ui.auth import audited_download, may, record, refuse, require
from ui.context import optional, page_lang, problems_frame
from ui.data import upload_source
from ui.listdraft import (
    binding_preview,
    clauses_from_frame,
    draft_for,
    editor_config,
    frame_for,
    lists_folder,
    review_frame,
)
from ui.text import md
from ui.upload import uploader


def _notes_frame(notes: list[ImportNote], lang: Lang) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                t("app.col_row", lang): str(n.line) if n.line is not None else "",
                t("app.lists_col_clause", lang): n.clause or "",
                t("app.col_message", lang): n.message(lang),
                t("app.lists_col_source_text", lang): n.text,
            }
            for n in notes
        ],
        dtype=str,  # text throughout: no mixed column for Arrow
    )


def _refuse(message: str, **fields: Any) -> None:
    """Say why, audit the attempt once, and stop."""
    refuse("list_refused", message, **fields)


def _save(folder: Path, list_id: str, text: str) -> None:
    """Write the template into the data folder (a button callback), audited."""
    if not may(Permission.IMPORT):
        record("access_denied", permission=Permission.IMPORT.value, list=one_line(list_id))
        return
    try:
        target = save_template(folder, list_id, text)
    except OutsideFolder:
        record("list_refused", reason="list_id", attempted=one_line(list_id))
        st.session_state["_lists_saved"] = None
        return
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    record("list_save", list=list_id, file=str(target), sha256=digest)
    st.session_state["_lists_saved"] = str(target)


lang = page_lang()
require(Permission.LISTS, lang)
st.title(t("app.page_lists", lang))
st.markdown(t("app.lists_intro", lang))
title_hint = st.text_input(
    t("app.lists_title_hint", lang), key="lists_title_hint", help=t("app.lists_title_hint_help", lang)
)
uploaded = uploader(
    lang,
    t("app.lists_upload", lang),
    key="lists_file",
    limit_bytes=MAX_DOCUMENT_BYTES,
    types=[s.lstrip(".") for s in SUFFIXES],
)
if uploaded is None:
    st.stop()

if has_control(uploaded.name):
    _refuse(t("app.upload_bad_name", lang), reason="file_name", file=repr(uploaded.name))
payload = uploaded.getvalue()
digest = upload_source(uploaded.name, payload).key.removeprefix("upload:")
try:
    with st.spinner(t("app.lists_reading", lang, name=md(uploaded.name))):
        parsed = draft_for(digest, uploaded.name, title_hint.strip(), payload)
except NoClausesFound as e:
    st.error(md(e.message(lang)))
    st.dataframe(_notes_frame(e.notes, lang), hide_index=True, placeholder="")  # type: ignore[arg-type]
    st.stop()
except RespnetError as e:
    _refuse(md(e.message(lang)), reason=e.key, file=uploaded.name, **cost(e))

summary = [n for n in parsed.notes if n.count is not None]
if summary:
    st.info(md("；".join(n.message(lang) for n in summary)))

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
    placeholder="",  # an empty cell shows empty, never "None"
    key=f"lists_editor_{digest}",
)

unplaced = parsed.unplaced
with st.expander(t("app.lists_unplaced", lang, count=len(unplaced)), expanded=bool(unplaced)):
    if unplaced:
        st.dataframe(_notes_frame(unplaced, lang), hide_index=True, placeholder="")
    else:
        st.caption(t("app.lists_all_placed", lang))

issued: date | None = None
problems_extra: list[str] = []
if issued_text.strip():
    try:
        issued = parse_written_date(issued_text.strip())
    except CellError:
        problems_extra.append(t("error.bad_date_option", lang, value=issued_text))
draft = parsed.with_clauses(clauses_from_frame(edited, parsed))
draft.id, draft.title, draft.issuer, draft.issued = list_id.strip(), title.strip(), issuer.strip(), issued
if not valid_list_id(draft.id):  # it names the file: never a path
    _refuse(t("app.lists_bad_id", lang, value=md(one_line(draft.id))), reason="list_id", attempted=one_line(draft.id))
problems, _ = check_draft(draft, lang)
yaml_text = draft_yaml(draft, lang)
errors = [p for p in problems if p.severity is Severity.ERROR]

st.subheader(t("app.lists_check", lang))
for message in problems_extra:
    st.error(message)
if problems:
    (st.error if errors else st.warning)(
        t("app.lists_problems", lang, errors=len(errors), warnings=len(problems) - len(errors))
    )
    st.dataframe(review_frame(problems, draft, yaml_text, lang), hide_index=True, placeholder="")

ctx = optional()
folder = lists_folder(ctx.source if ctx else None)
audited_download(
    st,
    t("app.lists_download", lang),
    lambda: yaml_text.encode("utf-8"),
    file_name=f"{draft.id}.yaml",
    mime="application/x-yaml",
    what="list_draft",
    key=f"lists_download_{digest}",
    list=draft.id,
)
if not may(Permission.IMPORT):
    st.info(t("app.lists_save_needs_import", lang))
    st.stop()
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
    st.error(t("app.lists_folder_invalid", lang, folder=md(folder), count=len(e.problems)))
    st.dataframe(problems_frame([*e.problems, *e.warnings], lang), hide_index=True, placeholder="")
    st.stop()
bound = sum(1 for n in counts.values() if n)
st.success(
    t("app.lists_valid", lang, folder=md(folder), bound=bound, clauses=len(counts), instances=sum(counts.values()))
)
if bound < len(counts):
    st.caption(t("app.lists_unbound", lang, clauses="、".join(md(k) for k, n in counts.items() if not n)))
replace = True
if target.exists():
    replace = st.checkbox(t("app.lists_replace", lang, path=md(target)), key=f"lists_replace_{digest}")
st.button(
    t("app.lists_save", lang, path=md(target)),
    type="primary",
    disabled=not replace,
    key=f"lists_save_{digest}",
    on_click=_save,
    args=(folder, draft.id, yaml_text),
)
saved = st.session_state.pop("_lists_saved", False)
if saved:
    st.success(t("app.lists_saved", lang, path=md(saved)))
elif saved is None:
    st.error(t("app.lists_bad_id", lang, value=md(one_line(draft.id))))
