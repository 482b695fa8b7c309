"""Reading: a data folder (CSV + lists/*.yaml) or one workbook into raw rows.

Nothing here interprets a cell; it finds the tables, the header row and the
columns, turns every cell into text and remembers where it stood. Problems
(an unreadable file, a missing column) are collected, never raised one by one.
"""

from __future__ import annotations

import csv
import io
import zipfile
import zlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from functools import partial
from pathlib import Path, PurePosixPath
from typing import IO, Any

from graph.errors import Problem, Severity
from graph.errors import ProblemCode as P
from graph.i18n import Phrase
from loaders.bounds import Limits, TooLarge, limits, open_archive
from loaders.encoding import DISPLAY, UndecodableText, decode_text
from loaders.tables import TABLES, Column, Table, fold_header, table_for_name

__all__ = ["RawInput", "RawTable", "TemplateFile", "read_folder", "read_zip"]

#: How many leading rows may hold a title above the header row.
HEADER_SEARCH_ROWS = 10
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")
#: CSV files at least this large are read by column with pyarrow; smaller ones
#: row by row (pyarrow's fixed cost per file, a few milliseconds, is more than
#: reading a small file takes). Both give the same result.
ARROW_MIN_BYTES = 256 * 1024


@dataclass
class RawTable:
    """One table as read, by column: its spec, the name a report uses for it,
    the mapping of column keys to the headers as written, the row number of
    each data row and each mapped column's cell texts (stripped) in row order."""

    spec: Table
    name: str
    headers: dict[str, str]  # column key -> header as written in the file
    numbers: list[int]  # the row number (1-based, as the file counts) of each data row
    cells: dict[str, list[str]]  # column key -> the cell text of each data row

    def __len__(self) -> int:
        return len(self.numbers)

    def row(self, i: int) -> dict[str, str]:
        """The cells of data row ``i`` (0-based) by column key."""
        return {key: col[i] for key, col in self.cells.items()}


@dataclass(frozen=True, slots=True)
class TemplateFile:
    name: str  # e.g. "lists/sc-3l5p.yaml"
    text: str


@dataclass
class RawInput:
    name: str
    tables: dict[str, RawTable] = field(default_factory=dict)
    templates: list[TemplateFile] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def add(
        self,
        file: str,
        row: int | None,
        column: str | None,
        code: P,
        severity: Severity = Severity.ERROR,
        **params: object,
    ) -> None:
        self.problems.append(Problem(file, row, column, code, params, severity))


def cell_text(value: Any) -> str:
    """A cell's value as text: dates ISO, whole floats without ``.0``, None empty.

    >>> [cell_text(v) for v in (None, 12.0, 3.5, datetime(2024, 7, 1), " a ")]
    ['', '12', '3.5', '2024-07-01', 'a']
    """
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time(0) else value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _header_map(spec: Table) -> dict[str, Column]:
    return {fold_header(h): col for col in spec.columns for h in (col.key, *col.headers)}


def _table_from_rows(raw: RawInput, spec: Table, name: str, rows: Iterable[tuple[int, Sequence[Any]]]) -> int | None:
    """Find the header row, map its columns, keep the non-blank data rows;
    the header's row number (None when there is none)."""
    lookup = _header_map(spec)
    header: tuple[int, list[str]] | None = None
    numbers: list[int] = []
    data: list[list[str]] = []
    first = True
    for number, values in rows:
        cells = [cell_text(v) for v in values]
        if header is None:
            if _is_header(cells, lookup):
                header = (number, cells)
            elif number >= HEADER_SEARCH_ROWS:
                break
            continue
        if first:
            first = False
            merged = _subheader(raw, name, number, header[1], cells, lookup)
            if merged is not None:
                header = (number, merged)
                continue
        if any(cells):
            numbers.append(number)
            data.append(cells)
    if header is None:
        _no_header(raw, spec, name)
        return None
    positions = _map_columns(raw, spec, name, header[0], header[1], lookup)
    cells_by_key = {key: [row[i] if i < len(row) else "" for row in data] for i, key in positions.items()}
    _add_table(raw, spec, name, header, positions, numbers, cells_by_key)
    return header[0]


def _subheader(
    raw: RawInput, name: str, number: int, header: list[str], below: list[str], lookup: Mapping[str, Column]
) -> list[str] | None:
    """A header spread over two rows — a merged cell above (``任职期间``) with
    the column names under it (``起始日期`` ``终止日期``) — as one row; None when
    the row under the header is not such a second header row (every filled cell
    a column name, at least one where the row above names no column)."""
    filled = [(i, c) for i, c in enumerate(below) if c]
    if not filled or any(fold_header(c) not in lookup for _, c in filled):
        return None
    above = {lookup[fold_header(c)].key for c in header if c and fold_header(c) in lookup}
    gaps = [
        c
        for i, c in filled
        if (i >= len(header) or fold_header(header[i]) not in lookup) and lookup[fold_header(c)].key not in above
    ]
    if not gaps:
        return None
    width = max(len(header), len(below))
    merged = [below[i] if i < len(below) and below[i] else (header[i] if i < len(header) else "") for i in range(width)]
    raw.add(name, number, None, P.SUBHEADER_MERGED, Severity.WARNING, columns="、".join(gaps))
    return merged


def _is_header(cells: Sequence[str], lookup: Mapping[str, Column]) -> bool:
    return any(fold_header(c) in lookup for c in cells if c)


def _no_header(raw: RawInput, spec: Table, name: str) -> None:
    raw.add(name, 1, None, P.NO_HEADER, expected=", ".join(c.display for c in spec.columns if c.required))


def _add_table(
    raw: RawInput,
    spec: Table,
    name: str,
    header: tuple[int, list[str]],
    positions: Mapping[int, str],
    numbers: list[int],
    cells: dict[str, list[str]],
) -> None:
    headers = {key: header[1][i] for i, key in positions.items()}
    for col in spec.columns:
        if col.required and col.key not in headers:
            raw.add(name, header[0], col.display, P.MISSING_COLUMN)
    raw.tables[spec.key] = RawTable(spec, name, headers, numbers, cells)


def _csv_table(raw: RawInput, spec: Table, name: str, data: bytes, text: str) -> None:
    """Read one CSV table: column by column with pyarrow when the file is
    rectangular, else (ragged rows, a title line of another width) row by row
    with the ``csv`` module. Both count rows the same way: one per record, a
    quoted line break staying inside its cell. ``data`` is ``text`` in UTF-8
    (a byte-order mark allowed)."""
    columns = _arrow_columns(data) if len(data) >= ARROW_MIN_BYTES else None
    if columns is None:
        rows = csv.reader(io.StringIO(text, newline=""))
        try:
            _table_from_rows(raw, spec, name, enumerate(rows, start=1))
        except csv.Error as e:
            raw.add(name, None, None, P.BAD_CSV, detail=str(e))
        return
    lookup = _header_map(spec)
    count = len(columns[0]) if columns else 0
    first = next(
        (r for r in range(min(count, HEADER_SEARCH_ROWS)) if _is_header([c[r] for c in columns], lookup)), None
    )
    if first is None:
        _no_header(raw, spec, name)
        return
    header = (first + 1, [c[first] for c in columns])
    if first + 1 < count:
        merged = _subheader(raw, name, first + 2, header[1], [c[first + 1] for c in columns], lookup)
        if merged is not None:
            header, first = (first + 2, merged), first + 1
    positions = _map_columns(raw, spec, name, header[0], header[1], lookup)
    kept = [c[first + 1 :] for c in columns]
    numbers = list(range(first + 2, count + 1))
    blank = [i for i, cells in enumerate(zip(*kept, strict=True)) if not any(cells)]
    if blank:
        drop = set(blank)
        numbers = [n for i, n in enumerate(numbers) if i not in drop]
        kept = [[v for i, v in enumerate(c) if i not in drop] for c in kept]
    _add_table(raw, spec, name, header, positions, numbers, {key: kept[i] for i, key in positions.items()})


def _arrow_columns(data: bytes) -> list[list[str]] | None:
    """Every column of a rectangular CSV as stripped text, None when pyarrow
    cannot read it as one rectangle (the caller then reads it row by row)."""
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.csv as pacsv

    body = data[3:] if data.startswith(b"\xef\xbb\xbf") else data
    first_line = body.split(b"\n", 1)[0].decode("utf-8", errors="replace")
    try:
        width = len(next(csv.reader([first_line]), []))
    except csv.Error:
        return None
    if width == 0 or b"\x00" in body:
        return None
    try:
        table = pacsv.read_csv(
            pa.py_buffer(body),
            read_options=pacsv.ReadOptions(autogenerate_column_names=True, use_threads=True),
            parse_options=pacsv.ParseOptions(newlines_in_values=True, ignore_empty_lines=False),
            convert_options=pacsv.ConvertOptions(
                column_types={f"f{i}": pa.string() for i in range(width)},
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return None
    if table.num_columns != width:
        return None
    # stripped by Arrow (the same characters as str.strip, every code point checked in the tests)
    return [pc.utf8_trim_whitespace(table.column(i)).to_pylist() for i in range(width)]


def _map_columns(
    raw: RawInput, spec: Table, name: str, row: int, cells: list[str], lookup: dict[str, Column]
) -> dict[int, str]:
    positions: dict[int, str] = {}
    seen: dict[str, str] = {}
    for i, header in enumerate(cells):
        if not header:
            continue
        col = lookup.get(fold_header(header))
        if col is None:
            raw.add(name, row, header, P.UNKNOWN_COLUMN, Severity.WARNING)
        elif col.key in seen:
            raw.add(name, row, header, P.DUPLICATE_COLUMN, other=seen[col.key])
        else:
            seen[col.key] = header
            positions[i] = col.key
    return positions


def _claim(raw: RawInput, spec: Table, name: str, claimed: dict[str, str]) -> bool:
    """Record that ``name`` supplies ``spec``; report a second file for the same table."""
    if spec.key in claimed:
        raw.add(name, None, None, P.DUPLICATE_TABLE, other=claimed[spec.key], table=spec.key)
        return False
    claimed[spec.key] = name
    return True


def _check_required_tables(raw: RawInput, claimed: dict[str, str], suffix: str) -> None:
    for spec in TABLES:
        if spec.required and spec.key not in claimed:
            raw.add(f"{spec.key}{suffix}", None, None, P.MISSING_TABLE, names=f"{spec.key} / {spec.names[0]}")


def _decode(raw: RawInput, data: bytes, name: str) -> tuple[str, str] | None:
    """The text of a file and its encoding (:func:`loaders.encoding.decode_text`),
    with a notice when it was not UTF-8; None, with the problem reported, when
    unreadable."""
    try:
        text, encoding = decode_text(data)
    except UndecodableText as e:
        line = _line_of(data, e.offset)
        if e.encoding is None:
            raw.add(name, line, None, P.NOT_UTF8)
        else:
            raw.add(name, line, None, P.BAD_ENCODING, encoding=DISPLAY[e.encoding])
        return None
    if encoding == "gb18030":
        raw.add(name, None, None, P.READ_AS_ENCODING, Severity.WARNING, encoding=DISPLAY[encoding])
    return text, encoding


def _line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


#: A file of a data folder or archive: its path inside it ("lists/x.yaml") and
#: a way to read its bytes (None when they cannot be read: the reader said why).
Entry = tuple[str, Callable[[], bytes | None]]


def _read_entries(raw: RawInput, entries: Iterable[Entry]) -> RawInput:
    """Read the tables (``*.csv`` at the top) and the list templates
    (``lists/*.yaml``) among ``entries``, in name order."""
    claimed: dict[str, str] = {}
    for name, read in sorted(entries):
        folder, _, base = name.rpartition("/")
        if base.startswith((".", "~$")) or (folder and folder.split("/")[0].startswith(("__MACOSX", "."))):
            continue
        suffix = PurePosixPath(base).suffix.lower()
        if folder == "lists" and suffix in (".yaml", ".yml"):
            data = read()
            decoded = _decode(raw, data, name) if data is not None else None
            if decoded is not None:
                raw.templates.append(TemplateFile(name, decoded[0]))
            continue
        spec = table_for_name(PurePosixPath(base).stem) if suffix == ".csv" and not folder else None
        if spec is None:
            raw.add(name, None, None, P.UNKNOWN_FILE, Severity.WARNING)
            continue
        if not _claim(raw, spec, name, claimed):
            continue
        data = read()
        decoded = _decode(raw, data, name) if data is not None else None
        if decoded is not None and data is not None:
            text, encoding = decoded
            # pyarrow reads UTF-8 only: the bytes as they are, else the text re-encoded
            utf8 = data if encoding in ("utf-8", "utf-8-sig") else text.encode("utf-8")
            _csv_table(raw, spec, name, utf8, text)
    _check_required_tables(raw, claimed, ".csv")
    return raw


def read_folder(path: Path) -> RawInput:
    """Read a data folder: ``*.csv`` tables (English or Chinese file names) and
    the responsibility-list templates in ``lists/*.yaml``."""
    entries: list[Entry] = []
    for file in path.iterdir():
        if file.is_file():
            entries.append((file.name, file.read_bytes))
        elif file.is_dir() and file.name == "lists":
            entries.extend((f"lists/{f.name}", f.read_bytes) for f in file.iterdir() if f.is_file())
    return _read_entries(RawInput(path.name), entries)


def open_or_report(
    raw: RawInput,
    source: Path | IO[bytes],
    label: str,
    *,
    too_large: P,
    damaged: P,
    check: Callable[[zipfile.ZipFile, str, Limits], object] | None = None,
) -> zipfile.ZipFile | None:
    """The archive, opened within the limits (and passed through ``check``),
    or None with the reason added to ``raw``: past a limit, or not a zip."""
    try:
        archive = open_archive(source, label, limits())
        if check is not None:
            try:
                check(archive, label, limits())
            except BaseException:
                archive.close()
                raise
    except TooLarge as e:
        raw.add(label, None, None, too_large, detail=e)
        return None
    except (zipfile.BadZipFile, OSError) as e:
        raw.add(label, None, None, damaged, detail=damage(e))
        return None
    return archive


def damage(error: BaseException) -> Phrase:
    """Why a file could not be opened, in words (never the exception's class name)."""
    if isinstance(error, zipfile.BadZipFile):
        return Phrase("load.damage.checksum" if "CRC" in str(error) else "load.damage.not_zip")
    if isinstance(error, (zlib.error, EOFError, SyntaxError, ValueError, KeyError)):
        return Phrase("load.damage.corrupt")
    if isinstance(error, OSError):
        return Phrase("load.damage.unreadable")
    return Phrase("load.damage.foreign")


def read_zip(source: Path | IO[bytes], name: str | None = None) -> RawInput:
    """Read a zip of a data folder: the CSV tables and ``lists/*.yaml`` at its
    top, or inside one folder that holds everything. Nothing is unpacked to
    disk; the archive is checked against :func:`loaders.bounds.limits` before
    any file is read; names that climb out of the archive and nested archives
    are refused; a file whose bytes fail their checksum is reported by name."""
    label = Path(str(name or (source.name if isinstance(source, Path) else getattr(source, "name", "data.zip")))).name
    raw = RawInput(label)
    archive = open_or_report(raw, source, label, too_large=P.ZIP_TOO_LARGE, damaged=P.BAD_ZIP)
    if archive is None:
        return raw
    with archive:
        members = [m for m in archive.infolist() if not m.is_dir()]
        safe = []
        unsafe = False
        for member in members:
            path = PurePosixPath(member.filename.replace("\\", "/"))
            if path.is_absolute() or ".." in path.parts:
                raw.add(label, None, None, P.ZIP_UNSAFE_NAME, member=member.filename)
                unsafe = True
            elif path.suffix.lower() in (".zip", ".7z", ".rar", ".gz", ".tar"):
                raw.add(member.filename, None, None, P.UNKNOWN_FILE, Severity.WARNING)
            else:
                safe.append((path, member))
        if unsafe:
            return raw
        tops = {p.parts[0] for p, _ in safe if len(p.parts) > 1 and p.parts[0] != "lists"}
        flat = any(len(p.parts) == 1 for p, _ in safe)
        strip = 1 if len(tops) == 1 and not flat else 0

        def read(member: zipfile.ZipInfo) -> bytes | None:
            try:
                return archive.read(member)
            except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as e:  # a checksum or stream that does not hold
                raw.add(label, None, None, P.BAD_ZIP_MEMBER, member=member.filename, detail=damage(e))
                return None

        entries: list[Entry] = [("/".join(path.parts[strip:]), partial(read, member)) for path, member in safe]
        return _read_entries(raw, entries)
