"""Lists kept as spreadsheets: one clause per row.

The header row is found by its words (序号, 内容, 责任主体, 频次...), in the
first rows of each sheet; a bearer cell merged down a column reaches every row
it covers. A row's bearer, kind and category come from its own columns when
the sheet has them, otherwise from its text as for a document.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from graph.frequency import parse_frequency
from graph.schema import DutyKind, OrgKind, Role
from graph.terms import parse_term
from loaders.listimport.documents import SheetRow
from loaders.listimport.normalize import normalize, summary_notes
from loaders.listimport.notes import ImportNote, NoteCode
from loaders.listimport.structure import DraftClause, Outline, clause_from
from loaders.tables import fold_header

__all__ = ["outline_rows"]

_HEADER_ROWS = 10
_COLUMNS: dict[str, tuple[str, ...]] = {
    "clause": ("序号", "条款", "条款号", "编号", "序", "clause", "no"),
    "text": (
        "内容",
        "责任内容",
        "责任事项",
        "具体内容",
        "工作内容",
        "任务内容",
        "清单内容",
        "事项",
        "职责",
        "工作任务",
        "text",
    ),
    "bearer": ("责任主体", "适用对象", "责任岗位", "岗位", "责任人", "主体", "对象", "applies_to"),
    "org_kind": ("组织类型", "org_kind"),
    "role": ("岗位类别", "role"),
    "kind": ("责任类型", "类型", "kind"),
    "category": ("类别", "分类", "责任类别", "项目", "category"),
    "frequency": ("频次", "频次要求", "频率", "frequency"),
}
_LOOKUP = {fold_header(alias): key for key, aliases in _COLUMNS.items() for alias in aliases}


def _header(cells: tuple[str, ...]) -> dict[str, int] | None:
    found: dict[str, int] = {}
    for i, cell in enumerate(cells):
        key = _LOOKUP.get(fold_header(re.sub(r"[（(].*?[)）]", "", cell)))
        if key and key not in found:
            found[key] = i
    return found if "text" in found else None


def outline_rows(rows: list[SheetRow], title: str = "") -> Outline:
    """Clauses from spreadsheet rows (see the module's description); rows
    before the header are the title, empty clause cells are reported."""
    result = Outline(title)
    by_sheet: dict[str, list[SheetRow]] = {}
    for row in rows:
        by_sheet.setdefault(row.sheet, []).append(row)
    sheets_with_clauses = 0
    cells = _Cells()
    for sheet, sheet_rows in by_sheet.items():
        headers = ((i, _header(r.cells)) for i, r in enumerate(sheet_rows[:_HEADER_ROWS]))
        header_at, columns = next(((i, c) for i, c in headers if c), (None, None))
        if header_at is None or columns is None:
            result.notes += [
                ImportNote(NoteCode.PREAMBLE, line=r.number, text=" ".join(filter(None, r.cells))) for r in sheet_rows
            ]
            continue
        for r in sheet_rows[:header_at]:
            text = " ".join(filter(None, r.cells))
            if not result.title and len(text) <= 60:
                result.title = text
            else:
                result.notes.append(ImportNote(NoteCode.PREAMBLE, line=r.number, text=text))
        sheets_with_clauses += 1
        prefix = f"{sheets_with_clauses}." if len(by_sheet) > 1 else ""
        for index, row in enumerate(sheet_rows[header_at + 1 :], start=1):
            _row_clause(result, row, _RowCells(cells, row, columns), prefix, index, sheet)
    result.notes = summary_notes(cells.pinyin, cells.converted) + cells.notes + result.notes
    return result


@dataclass
class _Cells:
    """Normalises cells one by one, keeping what it changed for the report."""

    pinyin: int = 0
    converted: int = 0
    notes: list[ImportNote] = field(default_factory=list)

    def text(self, number: int, raw: str) -> str:
        found = normalize([(number, raw)])
        self.pinyin += found.pinyin_removed
        self.converted += found.traditional_converted
        self.notes += [n for n in found.notes if n.count is None]  # per-line notes: garbled, furniture
        return "".join(x.text for x in found.lines)


@dataclass(frozen=True)
class _RowCells:
    cells: _Cells
    row: SheetRow
    columns: dict[str, int]

    def __call__(self, key: str) -> str:
        i = self.columns.get(key)
        if i is None or i >= len(self.row.cells):
            return ""
        return self.cells.text(self.row.number, self.row.cells[i])


def _row_clause(result: Outline, row: SheetRow, cell: _RowCells, prefix: str, index: int, sheet: str) -> None:
    text = cell("text")
    if not text:
        result.notes.append(ImportNote(NoteCode.EMPTY_ROW, line=row.number, text=" ".join(filter(None, row.cells))))
        return
    number = prefix + (cell("clause").rstrip("、.．") or str(index))
    bearer_text = cell("bearer")
    category = cell("category")
    headings = [h for h in (bearer_text, category, sheet, result.title) if h]
    clause, notes = clause_from(number, text, headings, "", row.number, f"{sheet}!{row.number}")
    updates: dict[str, object] = {}
    for key, vocab in (("org_kind", OrgKind), ("role", Role), ("kind", DutyKind)):
        value = cell(key)
        if not value:
            continue
        member = parse_term(vocab, value)
        if member is None:
            notes.append(
                ImportNote(NoteCode.UNREAD_CELL, line=row.number, clause=number, text=value, params={"column": key})
            )
        else:
            updates[key] = member
    org = updates.get("org_kind", clause.org_kinds[0] if clause.org_kinds else None)
    role = updates.get("role", clause.role)
    kind = updates.get("kind", clause.kind)
    if "org_kind" in updates:
        notes = [n for n in notes if n.code not in (NoteCode.NO_APPLIES_TO, NoteCode.ALTERNATIVE_KIND)]
    if "kind" in updates:
        notes = [n for n in notes if n.code is not NoteCode.NO_KIND]
    frequency = clause.frequency
    stated = cell("frequency")
    if stated:  # the sheet's own column says it; the text's phrases do not count
        frequency = stated
        notes = [n for n in notes if n.code not in (NoteCode.FREQUENCY_UNPARSED, NoteCode.FREQUENCY_SEVERAL)]
        if not parse_frequency(stated):
            notes.append(ImportNote(NoteCode.FREQUENCY_UNPARSED, line=row.number, clause=number, text=stated))
    result.clauses.append(
        DraftClause(
            number,
            text,
            kind,  # type: ignore[arg-type]
            category or clause.category,
            frequency,
            (org,) if org else (),  # type: ignore[arg-type]
            role if org else None,  # type: ignore[arg-type]
            row.number,
            clause.marker,
        )
    )
    result.notes += notes
