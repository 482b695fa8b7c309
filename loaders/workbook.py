"""Reading one workbook whose sheets are the tables (English or Chinese sheet
names), in read-only streaming mode, once :func:`loaders.bounds.check_workbook`
has bounded what its sheets unpack to.

A formula is read as the value the file saved for it, with a notice; one
without a saved value (a workbook written by a program and never opened in
Excel) is an error naming the cell, never read as empty.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import IO, Any

from graph.errors import ProblemCode as P
from graph.errors import Severity
from loaders.blank import HELP_SHEETS
from loaders.bounds import check_workbook
from loaders.readers import (
    RawInput,
    _check_required_tables,
    _claim,
    _table_from_rows,
    cell_text,
    damage,
    open_or_report,
)
from loaders.tables import table_for_name

__all__ = ["read_workbook"]


def _has_formulas(source: Path | IO[bytes]) -> bool:
    """Whether any sheet of a workbook holds a formula (an ``<f>`` element),
    found without parsing: most workbooks have none and are read once."""
    try:
        with zipfile.ZipFile(source) as z:
            for member in z.namelist():
                if member.startswith("xl/worksheets/") and member.endswith(".xml"):
                    with z.open(member) as f:
                        tail = b""
                        while chunk := f.read(1 << 20):
                            if _FORMULA_TAG.search(tail + chunk):
                                return True
                            tail = chunk[-8:]
    except (zipfile.BadZipFile, OSError, KeyError):
        return False  # openpyxl reports the damage
    finally:
        if not isinstance(source, Path):
            source.seek(0)
    return False


_FORMULA_TAG = re.compile(rb"<(?:\w+:)?f[ >/]")


class _Formulas:
    """The formula cells met while a sheet's rows are read: those whose value
    the file saved (read as that value) and those it did not (an error each)."""

    def __init__(self) -> None:
        self.valued: list[tuple[int, int, str, Any]] = []
        self.empty: list[tuple[int, int, str]] = []

    def rows(
        self, values: Iterable[Sequence[Any]], formulas: Iterable[Sequence[Any]]
    ) -> Iterator[tuple[int, Sequence[Any]]]:
        for number, (row, texts) in enumerate(zip(values, formulas, strict=False), start=1):
            for i, f in enumerate(texts):
                formula = getattr(f, "text", f)  # an array formula is an object holding its text
                if isinstance(formula, str) and formula.startswith("="):
                    value = row[i] if i < len(row) else None
                    if value is None or value == "":
                        self.empty.append((number, i, formula))
                    else:
                        self.valued.append((number, i, formula, value))
            yield number, row

    def report(self, raw: RawInput, sheet: str, header_row: int | None) -> None:
        from openpyxl.utils import get_column_letter

        below = header_row or 0
        for number, i, formula in self.empty:
            if number > below:
                raw.add(sheet, number, get_column_letter(i + 1), P.FORMULA_NO_VALUE, formula=formula[:60])
        valued = [v for v in self.valued if v[0] > below]
        if valued:
            number, i, formula, value = valued[0]
            raw.add(
                sheet,
                number,
                get_column_letter(i + 1),
                P.FORMULA_VALUES,
                Severity.WARNING,
                count=len(valued),
                first_row=number,
                formula=formula[:60],
                value=cell_text(value),
            )


def read_workbook(source: Path | IO[bytes], name: str | None = None) -> RawInput:
    """Read one workbook whose sheets are the tables (English or Chinese sheet
    names). ``source`` is a path or a binary file object (an upload).

    A formula is read as the value the file saved for it, with a notice; one
    without a saved value (a workbook written by a program and never opened
    in Excel) is an error naming the cell, never read as empty. A header over
    two rows (merged cells above the column names) is read as one row."""
    import openpyxl  # heavy: imported only when a workbook is read

    label = name or (source.name if isinstance(source, Path) else getattr(source, "name", "workbook.xlsx"))
    label = Path(str(label)).name
    raw = RawInput(label)
    checked = open_or_report(raw, source, label, too_large=P.TOO_LARGE, damaged=P.BAD_WORKBOOK, check=check_workbook)
    if not isinstance(source, Path):
        source.seek(0)
    if checked is None:
        return raw
    checked.close()
    try:
        wb = openpyxl.load_workbook(source, read_only=True, data_only=True)
        if not isinstance(source, Path):
            source.seek(0)
        wf = openpyxl.load_workbook(source, read_only=True, data_only=False) if _has_formulas(source) else None
    except Exception as e:  # noqa: BLE001 - a damaged or foreign file raises whatever zipfile/lxml meet
        raw.add(label, None, None, P.BAD_WORKBOOK, detail=damage(e))
        return raw
    claimed: dict[str, str] = {}
    try:
        for ws in wb.worksheets:
            spec = table_for_name(ws.title)
            if spec is None:
                if ws.title.strip().lower() not in HELP_SHEETS:  # the template's notes and values: no data
                    raw.add(ws.title, None, None, P.UNKNOWN_SHEET, Severity.WARNING)
                continue
            if not _claim(raw, spec, ws.title, claimed):
                continue
            values = _rows(ws)
            if wf is None:
                _table_from_rows(raw, spec, ws.title, enumerate(values, start=1))
                continue
            found = _Formulas()
            rows = found.rows(values, _rows(wf[ws.title]))
            found.report(raw, ws.title, _table_from_rows(raw, spec, ws.title, rows))
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, SyntaxError) as e:
        # a sheet damaged past its first rows (a checksum, the XML): nothing of it is kept
        raw.add(label, None, None, P.BAD_WORKBOOK, detail=damage(e))
    finally:
        wb.close()
        if wf is not None:
            wf.close()
    _check_required_tables(raw, claimed, "")
    return raw


def _rows(ws: Any) -> Iterator[Sequence[Any]]:
    """A read-only sheet's rows as values, each as wide as its last cell: the
    dimension the file declares is not trusted (it may claim a million rows
    of sixteen thousand columns; :func:`loaders.bounds.check_workbook` has
    bounded what the sheet really names)."""
    ws.reset_dimensions()
    rows: Iterator[Sequence[Any]] = ws.iter_rows(values_only=True)
    return rows
