"""The workbook to fill in (填报模板): every input table a sheet with its headers,
a drop-down on every column that takes a vocabulary, date columns formatted as
dates, one example row, and a 说明 sheet explaining each column.

What it writes is what :func:`loaders.load_dataset` reads: the sheet names and
headers come from :data:`loaders.tables.TABLES`, the drop-downs from the
vocabularies and the translation table. The example rows are recognised on the
way back in and skipped with a notice (:func:`drop_examples`), so a template
filled in without deleting them loads as the data typed, nothing more.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from functools import cache

from graph.errors import Problem, Severity
from graph.errors import ProblemCode as P
from graph.i18n import Lang, t, term
from loaders.readers import RawTable
from loaders.tables import TABLES, CellType, Column, Table

__all__ = ["EXAMPLES", "HELP_SHEETS", "drop_examples", "template_workbook"]

#: Sheets of the template that hold no data (the loader passes them over in silence).
HELP_SHEETS = frozenset({"说明", "取值", "notes", "values"})
#: How many rows of each sheet get the drop-downs and date formats.
_ROWS = 2000

#: One fictional example row per table (vocabularies as their English keys; the
#: Chinese template shows their Chinese labels).
EXAMPLES: dict[str, dict[str, str]] = {
    "organizations": {
        "id": "SL",
        "name": "中共示例市委员会",
        "kind": "party_committee",
        "level": "市",
        "parent_id": "",
    },
    "positions": {"id": "SL-S", "org_id": "SL", "title": "市委书记", "role": "secretary"},
    "people": {"id": "P-SL-01", "name": "张示例"},
    "tenures": {"person_id": "P-SL-01", "position_id": "SL-S", "start": "2024-01-01", "end": "", "capacity": ""},
    "oversight": {"position_id": "SL-M1", "org_id": "SL-CZ", "start": "2024-01-01", "end": ""},
    "supervision": {"supervisor_id": "SL-JW", "org_id": "SL", "kind": "same_level", "start": "2024-01-01", "end": ""},
    "lists": {"id": "SL-ZT", "title": "示例市委主体责任清单", "issuer": "中共示例市委员会", "issued": "2024-03-01"},
    "clauses": {
        "list_id": "SL-ZT",
        "clause": "1",
        "text": "每季度至少召开1次专题会议研究全面从严治党工作",
        "kind": "principal",
        "category": "主体责任",
        "frequency": "每季度至少1次",
        "org_kind": "党委",
        "role": "secretary",
        "level": "",
    },
    "duties": {
        "id": "SL-D1",
        "text": "落实意识形态工作责任制",
        "kind": "principal",
        "category": "",
        "list_id": "",
        "clause": "",
        "frequency": "每半年至少1次",
        "parent_id": "",
    },
    "assignments": {"duty_id": "SL-D1", "bearer_id": "SL-S", "role": "lead"},
    "cases": {
        "id": "C-SL-01",
        "date": "2025-05-20",
        "org_id": "SL-CZ",
        "title": "示例单位违规发放津贴问题",
        "category": "违反中央八项规定精神",
        "breached_duty_ids": "SL-D1",
        "direct_person_ids": "P-SL-02",
        "period_start": "",
        "period_end": "",
        "investigated_by": "",
    },
    "decisions": {
        "case_id": "C-SL-01",
        "target_id": "P-SL-02",
        "role": "direct",
        "form": "诫勉",
        "date": "2025-08-01",
        "note": "",
    },
    "records": {
        "id": "R-SL-01",
        "duty_id": "SL-D1",
        "person_id": "P-SL-01",
        "date": "2025-03-28",
        "kind": "会议",
        "note": "第一季度专题会议",
    },
}


def _shown(col: Column, value: str, lang: Lang) -> str:
    """A cell as the template shows it: a vocabulary key as its label in ``lang``."""
    if value and col.vocab is not None:
        return term(col.vocab(value), lang) if lang == "zh" else value
    return value


def _kind_text(col: Column, lang: Lang) -> str:
    if col.vocab is not None:
        return t("template.kind_vocab", lang, values=[_shown(col, m.value, lang) for m in col.vocab])
    return t(f"template.kind_{col.kind.value}", lang)


def _header(col: Column, lang: Lang) -> str:
    return col.headers[0] if lang == "zh" else col.key


def _sheet_name(spec: Table, lang: Lang) -> str:
    return spec.names[0] if lang == "zh" else spec.key


def template_workbook(lang: Lang = "zh") -> bytes:
    """The template as .xlsx bytes, headed in ``lang`` (Chinese: the canonical headers)."""
    from openpyxl import Workbook  # heavy: imported only when a template is made
    from openpyxl.comments import Comment
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    wb = Workbook()
    notes = wb.active
    notes.title = "说明" if lang == "zh" else "notes"
    values = wb.create_sheet("取值" if lang == "zh" else "values")
    values.sheet_state = "hidden"
    bold, required_fill = Font(bold=True), PatternFill("solid", fgColor="FDE2E1")
    example_font = Font(italic=True, color="808080")
    notes.append([t("template.title", lang)])
    notes["A1"].font = Font(bold=True, size=13)
    notes.append([t("template.intro", lang)])
    notes.append([])
    notes.append([t(f"template.notes_{k}", lang) for k in ("sheet", "column", "key", "required", "kind", "example")])
    for cell in notes[notes.max_row]:
        cell.font = bold
    vocab_column = 0
    for spec in TABLES:
        ws = wb.create_sheet(_sheet_name(spec, lang))
        example = EXAMPLES[spec.key]
        ws.append([_header(col, lang) for col in spec.columns])
        ws.append([_shown(col, example.get(col.key, ""), lang) or None for col in spec.columns])
        notes.append([_sheet_name(spec, lang), t(f"template.table_{spec.key}", lang)])
        notes[notes.max_row][0].font = bold
        for i, col in enumerate(spec.columns, start=1):
            letter = get_column_letter(i)
            head = ws.cell(row=1, column=i)
            head.font = bold
            if col.required:
                head.fill = required_fill
            head.comment = Comment(_kind_text(col, lang), "respnet")
            ws.cell(row=2, column=i).font = example_font
            ws.column_dimensions[letter].width = max(12, min(40, 3 * len(_header(col, lang)) + 4))
            if col.kind is CellType.DATE:
                for row in range(2, _ROWS + 2):
                    ws.cell(row=row, column=i).number_format = "yyyy-mm-dd"
            if col.vocab is not None:
                vocab_column += 1
                where = get_column_letter(vocab_column)
                members = [_shown(col, m.value, lang) for m in col.vocab]
                values.cell(row=1, column=vocab_column, value=f"{spec.key}.{col.key}")
                for j, label in enumerate(members, start=2):
                    values.cell(row=j, column=vocab_column, value=label)
                check = DataValidation(
                    type="list",
                    formula1=f"'{values.title}'!${where}$2:${where}${len(members) + 1}",
                    allow_blank=not col.required,
                    showErrorMessage=True,
                    errorTitle=t("template.pick_title", lang),
                    error=t("template.pick_error", lang),
                )
                check.add(f"{letter}2:{letter}{_ROWS + 1}")
                ws.add_data_validation(check)
            notes.append(
                [
                    "",
                    _header(col, lang),
                    col.key,
                    t("template.yes" if col.required else "template.no", lang),
                    _kind_text(col, lang),
                    _shown(col, example.get(col.key, ""), lang),
                ]
            )
        ws.freeze_panes = "A2"
    for letter, width in zip("ABCDEF", (14, 18, 18, 8, 70, 36), strict=True):
        notes.column_dimensions[letter].width = width
    for row in notes.iter_rows(min_row=4):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


@cache  # once per table per process: every load of every table asks
def _example_texts(key: str) -> list[Mapping[str, str]]:
    """The example row of table ``key`` as the loader reads it back, in either language."""
    spec = next(t for t in TABLES if t.key == key)
    example = EXAMPLES.get(key, {})
    return [{col.key: _shown(col, example.get(col.key, ""), lang) for col in spec.columns} for lang in ("zh", "en")]


def drop_examples(table: RawTable, warnings: list[Problem]) -> None:
    """Leave out the rows of ``table`` that are the template's own example row,
    with a notice: a template filled in without deleting it loads as typed."""
    examples = _example_texts(table.spec.key)
    n = len(table)
    # one C-speed count per example rules out almost every table at once
    firsts = [(k, v) for ex in examples for k, v in list(ex.items())[:1]]
    if not any(table.cells.get(k, []).count(v) for k, v in firsts if v):
        return
    columns = {k: table.cells.get(k, [""] * n) for k in examples[0]}
    keep = [i for i in range(n) if not any(all(columns[k][i] == v for k, v in ex.items()) for ex in examples)]
    if len(keep) == len(table):
        return
    kept = set(keep)
    dropped = [table.numbers[i] for i in range(n) if i not in kept]
    warnings.append(Problem(table.name, dropped[0], None, P.EXAMPLE_ROW, {}, Severity.WARNING))
    table.numbers = [table.numbers[i] for i in keep]
    for key, texts in table.cells.items():
        table.cells[key] = [texts[i] for i in keep]
