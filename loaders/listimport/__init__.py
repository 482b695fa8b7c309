"""The list importer: responsibility lists from the documents inspectors have.

``import_list(path)`` reads a Word file, a text or Markdown file, a
spreadsheet (one clause per row) or a PDF with a text layer; normalises the
text (:mod:`.normalize`); reads its numbering, headings and clauses
(:mod:`.structure`, :mod:`.sheet`); and returns a :class:`ListDraft` — the
template a person reviews — with a note for every line it did not place and
every value it could not read. Nothing is written here: :func:`draft_yaml`
gives the text, and the CLI and the app write it only when asked.
"""

from __future__ import annotations

from pathlib import Path
from typing import IO

from graph.errors import NoClausesFound
from loaders.listimport.documents import MAX_DOCUMENT_BYTES, SUFFIXES, read_document
from loaders.listimport.draft import (
    ListDraft,
    bind_counts,
    check_draft,
    draft_yaml,
    list_id_for,
    load_with_draft,
    save_template,
    valid_list_id,
)
from loaders.listimport.normalize import normalize
from loaders.listimport.notes import ImportNote, NoteCode
from loaders.listimport.sheet import outline_rows
from loaders.listimport.structure import DraftClause, parse_outline, starts_item

__all__ = [
    "MAX_DOCUMENT_BYTES",
    "SUFFIXES",
    "DraftClause",
    "ImportNote",
    "ListDraft",
    "NoteCode",
    "bind_counts",
    "check_draft",
    "draft_yaml",
    "import_list",
    "import_text",
    "list_id_for",
    "load_with_draft",
    "save_template",
    "valid_list_id",
]


def import_text(
    text: str, list_id: str = "LIST", title: str = "", source: str = "", lines: list[tuple[int, str]] | None = None
) -> ListDraft:
    """A draft from a document's text (or its numbered ``lines``).

    Raises
    ------
    NoClausesFound
        The text holds no numbered clause; the error carries the notes.
    """
    normalized = normalize(lines if lines is not None else list(enumerate(text.splitlines(), start=1)), starts_item)
    found = parse_outline(normalized.lines, title)
    notes = normalized.notes + found.notes
    if not found.clauses:
        raise NoClausesFound(source or list_id, notes)
    return ListDraft(list_id, found.title, found.issuer, found.issued, found.clauses, notes, source)


def import_list(
    source: str | Path | IO[bytes], name: str | None = None, list_id: str | None = None, title: str = ""
) -> ListDraft:
    """Read a list document and return the draft template.

    Parameters
    ----------
    source
        A path, or a file object with ``name`` giving the file's name.
    list_id
        The id of the list; by default made from the file's name.
    title
        The list's title when the document does not state one.

    Raises
    ------
    DocumentError
        The file cannot be read as a list (empty, too large, wrong kind, a
        scan); :class:`~graph.errors.NoClausesFound` when it has no clause.
    """
    document = read_document(source, name)
    list_id = list_id or list_id_for(document.name)
    if document.rows:
        found = outline_rows(document.rows, title)
        if not found.clauses:
            raise NoClausesFound(document.name, found.notes)
        return ListDraft(list_id, found.title, found.issuer, found.issued, found.clauses, found.notes, document.name)
    return import_text("", list_id, title, document.name, document.lines)
