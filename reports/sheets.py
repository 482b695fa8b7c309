"""Workbooks written safely: every text cell a spreadsheet would take for a
formula (one starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage
return) is written with a leading apostrophe, so opening an export never runs
anything."""

from __future__ import annotations

import io
from collections.abc import Sequence

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

__all__ = ["fit_columns", "safe_cell", "save_workbook", "sheet_rows"]

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> object:
    """A value a spreadsheet shows as written: formula-like text neutralised.

    >>> safe_cell("=1+2"), safe_cell("-"), safe_cell("党委"), safe_cell(3)
    ("'=1+2", "'-", '党委', 3)
    """
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def sheet_rows(ws, rows: Sequence[Sequence[object]], *, bold: bool = False) -> None:  # type: ignore[no-untyped-def]
    for row in rows:
        ws.append([safe_cell(v) for v in row])
        if bold:
            for cell in ws[ws.max_row]:
                cell.font = Font(bold=True)


def fit_columns(ws, widths: Sequence[int]) -> None:  # type: ignore[no-untyped-def]
    for i, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    for row in ws.iter_rows():
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")


def save_workbook(wb: Workbook) -> bytes:
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
