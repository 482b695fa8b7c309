"""The list importer page's helpers: the parsed draft as an editable table
and back, cached parsing, and where a saved template goes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st

from graph.errors import Problem, RespnetError
from graph.frequency import parse_frequency
from graph.i18n import Lang, t, term
from graph.schema import DutyKind, OrgKind, Role
from loaders.isolated import read_isolated
from loaders.listimport import DraftClause, ListDraft, bind_counts, load_with_draft
from loaders.listimport.draft import clause_at, clause_lines
from ui.data import Source, stopping

__all__ = [
    "COLUMNS",
    "binding_preview",
    "clauses_from_frame",
    "draft_for",
    "editor_config",
    "frame_for",
    "lists_folder",
]

#: The editable columns, in order.
COLUMNS = ("clause", "text", "org_kinds", "role", "kind", "category", "frequency", "reads_as", "review")


def draft_for(digest: str, name: str, title: str, _payload: bytes) -> ListDraft:
    """The draft of an uploaded document, read in a worker process of its own
    (:mod:`loaders.isolated`) once per digest: a refusal is kept as well, so
    the page running again never reads a refused file again.

    Raises
    ------
    RespnetError
        Whatever reading it raised (:class:`~graph.errors.DocumentError`,
        :class:`~loaders.bounds.TooLarge` …), the first time or from the cache.
    """
    outcome = _draft(digest, name, title, _payload)
    if isinstance(outcome, RespnetError):
        raise outcome
    return outcome


@st.cache_data(show_spinner=False, max_entries=16)
def _draft(digest: str, name: str, title: str, _payload: bytes) -> ListDraft | RespnetError:
    try:
        draft = read_isolated("import_list", _payload, name, stop=stopping, title=title).value
    except RespnetError as e:
        return e
    assert isinstance(draft, ListDraft)
    return draft


@st.cache_data(show_spinner=False, max_entries=16)
def binding_preview(source_key: str, list_id: str, text: str, _folder: Path) -> dict[str, int]:
    """How many duties each clause of the template ``text`` makes in the data
    folder once saved there (cached on the folder's content key and the text,
    so a rerun of the page does not read the folder again).

    Raises
    ------
    LoadError
        The folder with the template does not validate.
    """
    dataset = load_with_draft(_folder, list_id, text)
    return bind_counts([c for c in dataset.clauses if c.list_id == list_id], dataset)


def reads_as(frequency: str, lang: Lang) -> str:
    """What the compliance check will take a frequency to mean."""
    if not frequency:
        return ""
    value = parse_frequency(frequency)
    return value.label(lang) if value else t("app.lists_unreadable", lang)  # type: ignore[union-attr]


def frame_for(draft: ListDraft, lang: Lang) -> pd.DataFrame:
    """The draft's clauses as the editor's table, with what each frequency
    reads as and what the reviewer should check."""
    rows = []
    notes = draft.notes_by_clause()
    for c in draft.clauses:
        rows.append(
            {
                "clause": c.clause,
                "text": c.text,
                "org_kinds": [k.value for k in c.org_kinds],
                "role": c.role.value if c.role else None,
                "kind": c.kind.value if c.kind else None,
                "category": c.category,
                "frequency": c.frequency,
                "reads_as": reads_as(c.frequency, lang),
                "review": "；".join(n.message(lang) for n in notes.get(c.clause, [])),
            }
        )
    return pd.DataFrame(rows, columns=list(COLUMNS))


#: The review table's column (message key) for each key of the template a problem names.
_COLUMN_OF = {
    "clause": "app.lists_col_clause",
    "text": "app.lists_col_text",
    "kind": "app.lists_col_kind",
    "category": "app.lists_col_category",
    "frequency": "app.lists_col_frequency",
    "applies_to": "app.lists_col_org_kind",
    "org_kind": "app.lists_col_org_kind",
    "role": "app.lists_col_role",
    "level": "app.lists_col_org_kind",
    "id": "app.lists_id",
    "title": "app.lists_title",
    "issuer": "app.lists_issuer",
    "issued": "app.lists_issued",
}


def review_frame(problems: list[Problem], draft: ListDraft, text: str, lang: Lang) -> pd.DataFrame:
    """The draft's problems as the reviewer sees the draft: the row of the
    clauses table (and its clause number) and the table's own column names,
    never the template's line numbers or keys; nothing shown as "None"."""
    lines = clause_lines(text)
    rows = []
    for p in problems:
        i = clause_at(lines, p.row)
        i = i if i is not None and i < len(draft.clauses) else None
        column = p.column or ""
        rows.append(
            {
                t("app.lists_col_table_row", lang): str(i + 1) if i is not None else "",
                t("app.lists_col_clause", lang): draft.clauses[i].clause
                if i is not None and i < len(draft.clauses)
                else "",
                t("app.col_column", lang): t(_COLUMN_OF[column], lang) if column in _COLUMN_OF else column,
                t("app.col_severity", lang): t(f"app.severity_{p.severity.value}", lang),
                t("app.col_message", lang): p.message(lang),
            }
        )
    return pd.DataFrame(rows, dtype=str)


def editor_config(lang: Lang) -> dict[str, Any]:
    col = st.column_config
    return {
        "clause": col.TextColumn(t("app.lists_col_clause", lang), width="small", required=True),
        "text": col.TextColumn(t("app.lists_col_text", lang), width="large", required=True),
        "org_kinds": col.MultiselectColumn(
            t("app.lists_col_org_kind", lang),
            options=[k.value for k in OrgKind],
            format_func=lambda v: term(OrgKind(v), lang),
        ),
        "role": col.SelectboxColumn(
            t("app.lists_col_role", lang),
            options=[r.value for r in Role],
            format_func=lambda v: term(Role(str(v)), lang),
        ),
        "kind": col.SelectboxColumn(
            t("app.lists_col_kind", lang),
            options=[k.value for k in DutyKind],
            format_func=lambda v: term(DutyKind(str(v)), lang),
            required=True,
        ),
        "category": col.TextColumn(t("app.lists_col_category", lang), width="small"),
        "frequency": col.TextColumn(t("app.lists_col_frequency", lang)),
        "reads_as": col.TextColumn(t("app.lists_col_reads_as", lang), disabled=True),
        "review": col.TextColumn(t("app.lists_col_review", lang), disabled=True, width="medium"),
    }


def _text(value: Any) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    return str(value).strip()


def clauses_from_frame(frame: pd.DataFrame, original: ListDraft) -> list[DraftClause]:
    """The reviewer's rows as clauses (rows without text are dropped); each
    keeps the source line of the parsed clause it started from."""
    lines = {c.clause: (c.line, c.marker) for c in original.clauses}
    out = []
    for row in frame.to_dict("records"):
        text = _text(row.get("text"))
        if not text:
            continue
        number = _text(row.get("clause"))
        kinds = row.get("org_kinds")
        org_kinds = tuple(
            OrgKind(k) for k in (list(kinds) if kinds is not None and not isinstance(kinds, float) else [])
        )
        role, kind = _text(row.get("role")), _text(row.get("kind"))  # str: the editor's cells as text
        line, marker = lines.get(number, (None, ""))
        out.append(
            DraftClause(
                number,
                text,
                DutyKind(kind) if kind else None,
                _text(row.get("category")),
                _text(row.get("frequency")),
                org_kinds,
                Role(role) if role and org_kinds else None,
                line,
                marker,
            )
        )
    return out


def lists_folder(source: Source | None) -> Path | None:
    """The folder a template is saved into: ``lists/`` of the data folder in
    use; None when the data is not a folder on disk (an upload, a workbook, Neo4j)."""
    if source is None or source.kind != "path" or source.path is None:
        return None
    folder = Path(source.path)
    return folder if folder.is_dir() else None
