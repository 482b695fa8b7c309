"""Rows to records: each cell typed by its column, every problem kept.

A row with any problem yields no record (its problems are reported); the
others become the record class of their table, whose fields are the column
keys.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import fields
from datetime import date, timedelta
from itertools import repeat
from typing import Any

from graph import records as rec
from graph.errors import Problem, Severity
from graph.errors import ProblemCode as P
from graph.schema import OrgKind
from loaders.causes import Cause
from loaders.cells import CellError, parse_date, parse_ids, parse_vocab, written_date
from loaders.readers import RawTable
from loaders.tables import CellType, Column

__all__ = ["dates", "fold_ids", "parse_cell", "parse_table"]

#: A date cell holding an Excel serial day number (five digits: 1927–2173).
_SERIAL = re.compile(r"(?:^|\x00)(\d{5})(?:\.0+)?(?=\x00|$)")
_SERIAL_CELL = re.compile(r"\d{5}(?:\.0+)?")
#: A column that may hold a date written another way than YYYY-MM-DD (found in one C-speed search).
_WRITTEN = re.compile(r"[/.年０-９]|(?:^|\x00)\d{4}-\d-|-\d(?=\x00|$)")
_EXCEL_EPOCH = date(1899, 12, 30)  # serial 1 is 1900-01-01 (past 1900-02-28, Excel's leap-day slip no longer shows)


def _empty(col: Column) -> Any:
    return {CellType.TEXT: "", CellType.IDS: ()}.get(col.kind, col.default)


def parse_cell(col: Column, text: str) -> Any:
    """The typed value of one cell (``text`` already stripped).

    Raises
    ------
    CellError
        The cell is required and empty, or its text is not of the column's type.
    """
    if not text:
        if col.required:
            raise CellError(P.REQUIRED)
        return _empty(col)
    if col.kind is CellType.DATE:
        return parse_date(text)
    if col.kind is CellType.IDS:
        ids = parse_ids(text)
        if not ids and col.required:  # only separators, such as ";;": no id given
            raise CellError(P.REQUIRED)
        return ids
    if col.kind is CellType.VOCAB:
        assert col.vocab is not None
        return parse_vocab(col.vocab, text)
    return text


def _applies_to(values: dict[str, Any]) -> rec.AppliesTo | None:
    """The ``applies_to`` of a clauses-table row (org_kind, role and level columns)."""
    kinds, role, levels = values.pop("org_kind"), values.pop("role"), values.pop("level")
    if not kinds:
        if role or levels:
            raise CellError(P.ROLE_WITHOUT_KIND)
        return None
    return rec.AppliesTo(tuple(parse_vocab(OrgKind, k) for k in kinds), role, tuple(levels))


def _rewrite(
    table: RawTable,
    warnings: list[Problem],
    kinds: tuple[CellType, ...],
    skip: Callable[[list[str]], bool],
    convert: Callable[[str], str | None],
    code: P,
) -> None:
    """Rewrite the cells of every column of ``kinds`` that ``convert`` changes
    (None: keep the cell), with one notice per column giving the count and the
    first change. ``skip`` rules out a whole column at once (the usual case)."""
    for col in table.spec.columns:
        texts = table.cells.get(col.key)
        if texts is None or col.kind not in kinds or skip(texts):
            continue
        changed: list[tuple[int, str, str]] = []
        for i, text in enumerate(texts):
            after = convert(text)
            if after is not None and after != text:
                changed.append((i, text, after))
                texts[i] = after
        if changed:
            i, before, after = changed[0]
            warnings.append(
                Problem(
                    table.name,
                    table.numbers[i],
                    table.headers[col.key],
                    code,
                    {"count": len(changed), "before": before, "after": after},
                    Severity.WARNING,
                )
            )


def _nfkc(text: str) -> str | None:
    return None if text.isascii() else unicodedata.normalize("NFKC", text).strip()


def fold_ids(table: RawTable, warnings: list[Problem]) -> None:
    """Ids typed with full-width letters or digits (``Ｐ０１``) or other
    compatibility forms are read in their standard form (Unicode NFKC: ``P01``),
    with one notice per column saying how many and showing the first. Ids in
    Chinese characters are already standard and stay as written. A column
    all in ASCII is passed over in one C-speed check."""
    _rewrite(table, warnings, (CellType.ID, CellType.IDS), lambda texts: "".join(texts).isascii(), _nfkc, P.ID_FOLDED)


def _iso_shaped(texts: list[str]) -> bool:
    """Whether every cell is empty or ``dddd-dd-dd`` in ASCII digits: then no
    cell is a serial day number or a date written another way (checked in a
    few C-speed passes, not a regular expression over every cell)."""
    given = list(filter(None, texts))
    joined = "".join(given)
    n = len(given)
    return (
        len(joined) == 10 * n
        and set(map(len, given)) <= {10}
        and joined.isascii()
        and joined.count("-") == 2 * n == joined[4::10].count("-") + joined[7::10].count("-")
        and (n == 0 or joined.replace("-", "").isdigit())
    )


def _from_serial(text: str) -> str | None:
    if not _SERIAL_CELL.fullmatch(text):
        return None
    return (_EXCEL_EPOCH + timedelta(days=int(float(text)))).isoformat()


def dates(table: RawTable, warnings: list[Problem]) -> None:
    """Dates a spreadsheet kept as its serial day numbers (``45292`` — what a
    date cell formatted "General" holds) are read as the dates they count
    (``2024-01-01``); then dates written year first the other usual ways
    (``2023/11/15``, ``2024.3.20``, ``2025-5-20``, ``2023年11月15日``) as the
    dates they name. Each with one notice per column saying how many and showing
    the first. Any other number, and ambiguous forms (``15/11/2023``,
    ``23/11/15``), stay as written and are refused, with the accepted forms
    listed. A column all in ISO form (the usual case) is checked once and left."""
    iso = [
        id(texts)
        for col in table.spec.columns
        if col.kind is CellType.DATE and (texts := table.cells.get(col.key)) is not None and _iso_shaped(texts)
    ]

    def passed_over(pattern: re.Pattern[str]) -> Callable[[list[str]], bool]:
        return lambda texts: id(texts) in iso or not pattern.search("\x00".join(texts))

    _rewrite(table, warnings, (CellType.DATE,), passed_over(_SERIAL), _from_serial, P.EXCEL_SERIAL_DATE)
    _rewrite(table, warnings, (CellType.DATE,), passed_over(_WRITTEN), written_date, P.DATE_WRITTEN)


def parse_table(
    table: RawTable, problems: list[Problem], broken: dict[str, dict[str, Cause]] | None = None
) -> list[Any]:
    """The records of one table; problems are appended to ``problems``.

    A column the file lacks takes its empty value (a missing required column
    was reported once, at the header, and its rows yield no records). The
    reference cells of a row that failed are added to ``broken`` (column key ->
    value -> where the row was reported), so later checks do not report the
    same mistake again through the rows that refer to it, but count them there.

    A table whose every cell reads is typed column by column (each distinct
    date or term parsed once); one with any bad cell is read row by row, so
    its problems come out in row order, exactly as written.
    """
    if table.spec.record is not None and all(col.key in table.headers for col in table.spec.columns if col.required):
        records = _by_column(table)
        if records is not None:
            return records
    return _by_row(table, problems, broken)


def _by_column(table: RawTable) -> list[Any] | None:
    """The records of a table with no bad cell, None if any cell is bad."""
    spec = table.spec
    n = len(table)
    values: dict[str, list[Any]] = {}
    for col in spec.columns:
        texts = table.cells.get(col.key) if col.key in table.headers else None
        if texts is None:
            values[col.attr] = [_empty(col)] * n
            continue
        parsed = _column(col, texts)
        if parsed is None:
            return None
        values[col.attr] = parsed
    src = list(map(rec.Source, repeat(table.name, n), table.numbers))
    assert spec.record is not None
    args = [
        values[f.name] if f.name in values else src if f.name == "src" else repeat(f.default, n)
        for f in fields(spec.record)
    ]
    return list(map(spec.record, *args))


def _column(col: Column, texts: list[str]) -> list[Any] | None:
    """A column's typed values, None if any cell is bad."""
    if col.required and "" in texts:
        return None
    if col.kind is CellType.TEXT:
        return texts
    if col.kind is CellType.ID:
        return [t or None for t in texts]
    typed: dict[str, Any] = {}
    for text in set(texts):
        try:
            typed[text] = parse_cell(col, text)
        except CellError:
            return None
    return list(map(typed.__getitem__, texts))


def _by_row(table: RawTable, problems: list[Problem], broken: dict[str, dict[str, Cause]] | None) -> list[Any]:
    spec = table.spec
    make: Callable[..., Any] = spec.record or rec.Clause
    complete = all(col.key in table.headers for col in spec.columns if col.required)
    out: list[Any] = []
    for i, number in enumerate(table.numbers):
        cells = table.row(i)
        values: dict[str, Any] = {}
        ok = complete
        for col in spec.columns:
            header = table.headers.get(col.key)
            if header is None:
                values[col.attr] = _empty(col)
                continue
            try:
                values[col.attr] = parse_cell(col, cells.get(col.key, ""))
            except CellError as e:
                problems.append(Problem(table.name, number, header, e.code, e.params))
                ok = False
        if not ok:
            if broken is not None:  # what refers to this row is counted under its report
                for key in ("id", "person_id"):
                    if cells.get(key):
                        broken.setdefault(key, {}).setdefault(cells[key], (table.name, number))
            continue
        if spec.record is None:  # clauses: the org_kind, role and level columns make applies_to
            try:
                values["applies_to"] = _applies_to(values)
            except CellError as e:
                problems.append(
                    Problem(table.name, number, table.headers.get("org_kind", "org_kind"), e.code, e.params)
                )
                continue
        out.append(make(**values, src=rec.Source(table.name, number)))
    return out
