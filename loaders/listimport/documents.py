"""Reading the documents lists arrive in: Word, plain text or Markdown, a
spreadsheet with one clause per row, or a PDF with a text layer.

Each reader returns the document's lines (or, for a spreadsheet, its rows)
and raises :class:`DocumentError` with a message naming what is wrong with the
file — empty, too large, not the kind its name says, a scan without text —
before anything is parsed or written. What a file unpacks to is checked
against :func:`loaders.bounds.limits` before it is parsed (a
:class:`~loaders.bounds.TooLarge` names the limit passed), and a spreadsheet
is read as a stream, one row at a time.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from graph.errors import DocumentError
from loaders.bounds import Merged, TooLarge, check_document, check_lines, check_workbook, limits, open_archive
from loaders.encoding import BOMS, UndecodableText, decode_text

__all__ = ["MAX_DOCUMENT_BYTES", "SUFFIXES", "Document", "SheetRow", "read_document"]

#: The largest document read: a long list is a few hundred kB; anything near this is not one.
MAX_DOCUMENT_BYTES = 20 * 1024 * 1024
SUFFIXES = (".docx", ".txt", ".md", ".xlsx", ".xlsm", ".pdf")
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@dataclass(frozen=True, slots=True)
class SheetRow:
    """One spreadsheet row: its sheet, its row number, its cells as text."""

    sheet: str
    number: int
    cells: tuple[str, ...]


@dataclass
class Document:
    """What a reader read: the lines of a text document, or the rows of a
    spreadsheet (the first non-empty row is the header), and how it was decoded."""

    name: str
    lines: list[tuple[int, str]] = field(default_factory=list)
    rows: list[SheetRow] = field(default_factory=list)
    encoding: str = ""


def read_document(source: str | Path | IO[bytes], name: str | None = None) -> Document:
    """Read a list document from a path or a file object (an upload).

    Raises
    ------
    DocumentError
        The file is missing, empty, too large, of a kind not read, or not what
        its name says; the message names which.
    """
    data, name = _bytes(source, name)
    suffix = Path(name).suffix.lower()
    if suffix not in SUFFIXES:
        raise DocumentError("error.document_kind", name=name, accepted=" ".join(SUFFIXES))
    if not data.strip():
        raise DocumentError("error.document_empty", name=name)
    if suffix == ".docx":
        return Document(name, lines=list(_docx_lines(data, name)))
    if suffix in (".xlsx", ".xlsm"):
        return Document(name, rows=_sheet_rows(data, name))
    if suffix == ".pdf":
        return Document(name, lines=_pdf_lines(data, name))
    text, encoding = _decode(data, name)
    check_lines(text, name, limits(document=True))
    return Document(name, lines=list(enumerate(_markdown_plain(text).splitlines(), start=1)), encoding=encoding)


def _bytes(source: str | Path | IO[bytes], name: str | None) -> tuple[bytes, str]:
    if isinstance(source, (str, Path)):
        path = Path(source)
        if not path.is_file():
            raise DocumentError("error.document_missing", name=str(path))
        size = path.stat().st_size
        if size > MAX_DOCUMENT_BYTES:
            raise DocumentError(
                "error.document_too_large", name=path.name, size=_mb(size), limit=_mb(MAX_DOCUMENT_BYTES)
            )
        return path.read_bytes(), name or path.name
    data = source.read(MAX_DOCUMENT_BYTES + 1)
    label = name or getattr(source, "name", None) or "upload"
    if len(data) > MAX_DOCUMENT_BYTES:
        raise DocumentError(
            "error.document_too_large", name=label, size=f"> {_mb(MAX_DOCUMENT_BYTES)}", limit=_mb(MAX_DOCUMENT_BYTES)
        )
    return data, Path(str(label)).name


def _mb(size: int) -> str:
    return f"{size / 1024 / 1024:.1f} MB"


def _decode(data: bytes, name: str) -> tuple[str, str]:
    """Text from bytes (:func:`loaders.encoding.decode_text`). Binary data is
    refused, not decoded."""
    if not data.startswith(tuple(bom for bom, _ in BOMS)) and b"\x00" in data[:4096]:
        raise DocumentError("error.document_binary", name=name)
    try:
        text, encoding = decode_text(data)
    except UndecodableText as e:
        if e.encoding is not None:
            raise DocumentError("error.document_encoding", name=name, encoding=e.encoding) from None
        raise DocumentError("error.document_binary", name=name) from None
    if _control_share(text) > 0.01:
        raise DocumentError("error.document_binary", name=name)
    return text, encoding


def _control_share(text: str) -> float:
    sample = text[:20000]
    controls = sum(1 for ch in sample if ord(ch) < 32 and ch not in "\r\n\t\f")
    return controls / max(len(sample), 1)


_MD_PREFIX = re.compile(r"^\s{0,3}(?:#{1,6}\s+|>\s?|[-*+]\s+(?=\S))")
_MD_EMPHASIS = re.compile(r"(\*\*|__)(.+?)\1")


def _markdown_plain(text: str) -> str:
    """Markdown heading, quote and bullet marks and bold emphasis removed; other
    text (including plain text) is unchanged."""
    return "\n".join(_MD_EMPHASIS.sub(r"\2", _MD_PREFIX.sub("", line)) for line in text.splitlines())


def _open_zip(data: bytes, name: str, needed: str, kind: str) -> zipfile.ZipFile:
    """The Office package, once it is one, holds ``needed`` and stays within
    the document limits (:func:`loaders.bounds.open_archive`)."""
    try:
        archive = open_archive(io.BytesIO(data), name, limits(document=True))
    except zipfile.BadZipFile:
        raise DocumentError("error.document_not_office", name=name, kind=kind) from None
    names = archive.namelist()
    if needed not in names:
        shown = ", ".join(names[:5]) + (" …" if len(names) > 5 else "")
        archive.close()
        raise DocumentError("error.document_wrong_zip", name=name, kind=kind, members=shown or "—")
    return archive


def _damaged(name: str, error: BaseException) -> DocumentError:
    return DocumentError("error.document_unreadable", name=name, detail=f"{type(error).__name__}: {error}"[:200])


#: What reading a damaged package raises: a checksum that fails, a stream cut short, XML that does not parse.
_DAMAGE = (zipfile.BadZipFile, zlib.error, EOFError, OSError, SyntaxError, KeyError, ValueError)


def _docx_lines(data: bytes, name: str) -> Iterator[tuple[int, str]]:
    """Paragraphs and table cells in document order, with Word's automatic
    numbering written out (一、 / （一） / 1. as the numbering defines it)."""
    import docx  # python-docx
    from docx.opc.exceptions import PackageNotFoundError

    with _open_zip(data, name, "word/document.xml", "Word (.docx)") as archive:
        try:
            check_document(archive, name, limits(document=True))
        except zipfile.BadZipFile as e:
            raise _damaged(name, e) from e
    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, *_DAMAGE) as e:
        raise _damaged(name, e) from e
    numbering = _Numbering(document)
    number = 0
    for block in document.element.body.iterchildren():
        if block.tag == f"{_W}p":
            number += 1
            text = "".join(node.text or "" for node in block.iter(f"{_W}t"))
            yield number, numbering.label(block) + text
        elif block.tag == f"{_W}tbl":
            rows = [
                ["".join(node.text or "" for node in cell.iter(f"{_W}t")).strip() for cell in row.iter(f"{_W}tc")]
                for row in block.iter(f"{_W}tr")
            ]
            for text in table_lines(rows):
                number += 1
                yield number, text


#: The columns of a list kept as a table (序号 | 责任主体 | 责任内容 ...), by their headers.
_NUMBER_COLUMN = re.compile(r"^(?:序号|编号|序)$")
_SUBJECT_COLUMN = re.compile(r"责任主体|责任人|主体|责任单位|责任岗位|岗位|对象")
_CONTENT_COLUMN = re.compile(r"内容|职责|事项|任务|要求|清单")


def table_lines(rows: list[list[str]]) -> Iterator[str]:
    """A Word table as lines of text. A list kept as a table (a header naming a
    序号 column and a content column) becomes numbered items: ``N、主体：内容；…``,
    the subject carried down a merged cell, so each row reads as its own clause;
    any other table gives each row's distinct cells, spaced.

    >>> rows = [["序号", "责任主体", "责任内容"], ["1", "党委书记", "每季度讲1次党课。"], ["2", "", "带头廉洁。"]]
    >>> list(table_lines(rows))
    ['1、党委书记：每季度讲1次党课。', '2、党委书记：带头廉洁。']
    """
    header = rows[0] if rows else []
    number = next((i for i, h in enumerate(header) if _NUMBER_COLUMN.match(h)), None)
    content = [i for i, h in enumerate(header) if _CONTENT_COLUMN.search(h) and i != number]
    subject = next((i for i, h in enumerate(header) if _SUBJECT_COLUMN.search(h) and i not in content), None)
    if number is None or not content:
        for cells in rows:
            yield " ".join(c for c in dict.fromkeys(cells) if c)
        return
    held = ""
    for cells in rows[1:]:
        distinct = [c for c in dict.fromkeys(cells) if c]
        if len(distinct) == 1 and (len(cells) == 1 or cells.count(distinct[0]) == len(cells)):
            yield distinct[0]  # a row across the table: a heading ("一、党委领导班子")
            continue
        held = _cell(cells, subject) or held
        text = "；".join(c for i, c in enumerate(cells) if c and i not in (number, subject))
        n = _cell(cells, number)
        if not text:
            continue
        lead = f"{n}、" if n.isdigit() else n
        yield f"{lead}{held}：{text}" if held else f"{lead}{text}"


def _cell(cells: list[str], i: int | None) -> str:
    return cells[i] if i is not None and i < len(cells) else ""


_CN = "零一二三四五六七八九"


def _chinese(n: int) -> str:
    if n < 10:
        return _CN[n]
    if n < 20:
        return "十" + (_CN[n % 10] if n % 10 else "")
    return _CN[n // 10] + "十" + (_CN[n % 10] if n % 10 else "") if n < 100 else str(n)


class _Numbering:
    """Word's list numbering (numbering.xml), counted as the paragraphs come."""

    def __init__(self, document: Any) -> None:
        self.formats: dict[tuple[str, int], tuple[str, str, int]] = {}
        self.counters: dict[tuple[str, int], int] = {}
        self.style_numbering: dict[str, Any] = {}
        for style in document.styles.element.iter(f"{_W}style"):
            num_pr = style.find(f"{_W}pPr/{_W}numPr")
            if num_pr is not None:
                self.style_numbering[style.get(f"{_W}styleId")] = num_pr
        part = getattr(document.part, "numbering_part", None) if _has_numbering(document) else None
        if part is None:
            return
        root = part.element
        abstract = {}
        for node in root.iter(f"{_W}abstractNum"):
            levels = {}
            for lvl in node.iter(f"{_W}lvl"):
                fmt = lvl.find(f"{_W}numFmt")
                text = lvl.find(f"{_W}lvlText")
                start = lvl.find(f"{_W}start")
                levels[int(lvl.get(f"{_W}ilvl", "0"))] = (
                    fmt.get(f"{_W}val", "decimal") if fmt is not None else "decimal",
                    text.get(f"{_W}val", "") if text is not None else "",
                    int(start.get(f"{_W}val", "1")) if start is not None else 1,
                )
            abstract[node.get(f"{_W}abstractNumId")] = levels
        for num in root.iter(f"{_W}num"):
            ref = num.find(f"{_W}abstractNumId")
            if ref is None:
                continue
            # a list Word restarted is a num of its own, often with the number it starts again from
            starts = {
                int(over.get(f"{_W}ilvl", "0")): int(start.get(f"{_W}val", "1"))
                for over in num.iter(f"{_W}lvlOverride")
                if (start := over.find(f"{_W}startOverride")) is not None
            }
            for level, (fmt, text, start) in abstract.get(ref.get(f"{_W}val"), {}).items():
                self.formats[(num.get(f"{_W}numId", ""), level)] = (fmt, text, starts.get(level, start))

    def label(self, paragraph: Any) -> str:
        num_pr = paragraph.find(f"{_W}pPr/{_W}numPr")
        if num_pr is None:  # numbering may come from the paragraph's style ("List Number")
            style = paragraph.find(f"{_W}pPr/{_W}pStyle")
            style_id = style.get(f"{_W}val") if style is not None else None
            num_pr = self.style_numbering.get(style_id) if style_id else None
        if num_pr is None or not self.formats:
            return ""
        num_id_node, level_node = num_pr.find(f"{_W}numId"), num_pr.find(f"{_W}ilvl")
        num_id = num_id_node.get(f"{_W}val", "") if num_id_node is not None else ""
        level = int(level_node.get(f"{_W}val", "0")) if level_node is not None else 0
        spec = self.formats.get((num_id, level))
        if spec is None or spec[0] in ("bullet", "none"):
            return ""
        for key in [k for k in self.counters if k[0] == num_id and k[1] > level]:
            del self.counters[key]  # a higher level restarts the levels below it
        self.counters[(num_id, level)] = self.counters.get((num_id, level), spec[2] - 1) + 1
        text = spec[1]
        for lvl in range(level + 1):
            fmt = self.formats.get((num_id, lvl), ("decimal", "", 1))[0]
            value = self.counters.get((num_id, lvl), 1)
            shown = _chinese(value) if fmt.startswith(("chinese", "ideograph", "japaneseCounting")) else str(value)
            text = text.replace(f"%{lvl + 1}", shown)
        return text


def _has_numbering(document: Any) -> bool:
    try:
        return document.part.numbering_part is not None
    except (KeyError, NotImplementedError):
        return False


def _sheet_rows(data: bytes, name: str) -> list[SheetRow]:
    """Every non-empty row of every sheet, cells as text, read as a stream;
    merged cells give their value to every cell they cover (a bearer merged
    down a column)."""
    import openpyxl

    with _open_zip(data, name, "xl/workbook.xml", "Excel (.xlsx)") as archive:
        try:
            merged = check_workbook(archive, name, limits(document=True))
        except zipfile.BadZipFile as e:
            raise _damaged(name, e) from e
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as e:
        raise _damaged(name, e) from e
    rows: list[SheetRow] = []
    try:
        for sheet in workbook.worksheets:
            ranges = merged.get(str(getattr(sheet, "_worksheet_path", "")).lstrip("/"), [])
            sheet.reset_dimensions()  # the declared size is not trusted: rows are as wide as their cells
            rows.extend(_merged_rows(sheet.title, sheet.iter_rows(values_only=True), ranges))
    except TooLarge:
        raise
    except _DAMAGE as e:
        raise _damaged(name, e) from e
    finally:
        workbook.close()
    return rows


def _merged_rows(title: str, values: Iterator[tuple[object, ...]], ranges: list[Merged]) -> Iterator[SheetRow]:
    """A sheet's non-empty rows, each merged range's first value copied into
    every cell of it (the sheet's check bounded their area)."""
    firsts: dict[Merged, object] = {}
    pending = sorted(ranges, key=lambda m: m.min_row)
    active: list[Merged] = []
    for r, row in enumerate(values, start=1):
        while pending and pending[0].min_row <= r:
            active.append(pending.pop(0))
        active = [m for m in active if m.max_row >= r]
        width = max([len(row), *(m.max_col for m in active)])
        cells = list(row) + [None] * (width - len(row))
        for m in active:
            if r == m.min_row:
                firsts[m] = cells[m.min_col - 1]
            for c in range(m.min_col, m.max_col + 1):
                if cells[c - 1] is None:
                    cells[c - 1] = firsts.get(m)
        texts = tuple(_cell_text(v) for v in cells)
        if any(texts):
            yield SheetRow(title, r, texts)


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _pdf_lines(data: bytes, name: str) -> list[tuple[int, str]]:
    """The text layer, page by page; a PDF with no text anywhere is a scan."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    if not data.lstrip().startswith(b"%PDF"):
        raise DocumentError("error.document_not_pdf", name=name)
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise DocumentError("error.document_encrypted", name=name)
        bounds = limits(document=True)
        if len(reader.pages) > bounds.pages:
            raise TooLarge(name=name, limit="pages", found=f"{len(reader.pages):,}", allowed=f"{bounds.pages:,}")
        pages = [page.extract_text() or "" for page in reader.pages]
        check_lines("\n".join(pages), name, bounds)
    except DocumentError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError) as e:
        raise DocumentError("error.document_unreadable", name=name, detail=type(e).__name__) from e
    lines = [line for page in pages for line in page.splitlines()]
    if not any(line.strip() for line in lines):
        raise DocumentError("error.document_no_text", name=name, pages=len(pages))
    return list(enumerate(lines, start=1))
