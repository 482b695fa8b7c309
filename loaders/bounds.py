"""Limits on what a file unpacks to, checked before anything is built from it.

A workbook, a Word document or a zip is small on disk and may be huge once
read: a 5 KB workbook whose one merged range covers every cell of a sheet, a
document of a few MB that unpacks to half a GB, a sheet that names row
1,048,576. The readers call these checks first; each streams through the
package's index and XML (never building a tree, never holding a sheet) and
raises :class:`TooLarge` naming the limit as soon as it is passed.

The limits (:class:`Limits`) have defaults far above any real list or data
workbook of a city, and each can be changed with an environment variable:

========================  ==============================  ==========================
limit                     counts                          variable (default)
========================  ==============================  ==========================
``sheets``                sheets of a workbook            ``RESPNET_MAX_SHEETS`` (64)
``rows``                  rows of a sheet, up to the      ``RESPNET_MAX_ROWS`` (200000)
                          last row number it names
``cells``                 cells the rows make, all        ``RESPNET_MAX_CELLS`` (5000000)
                          sheets (rows × widest row)
``merged``                cells under merged ranges       ``RESPNET_MAX_MERGED_CELLS`` (1000000)
``paragraphs``            paragraphs, table rows or       ``RESPNET_MAX_PARAGRAPHS`` (50000)
                          lines of a document
``elements``              XML elements of a document      ``RESPNET_MAX_ELEMENTS`` (2000000)
``members``               files in a package or zip       ``RESPNET_MAX_MEMBERS`` (10000)
``pages``                 pages of a PDF                  ``RESPNET_MAX_PAGES`` (2000)
``unpacked``              bytes once unpacked             ``RESPNET_MAX_UNPACKED_MB`` (512; 64 for a document)
========================  ==============================  ==========================
"""

from __future__ import annotations

import os
import re
import struct
import xml.parsers.expat
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import IO

from graph.errors import DataSourceError, DocumentError
from graph.i18n import DEFAULT_LANG, Lang, t

__all__ = [
    "MAX_RATIO",
    "Limits",
    "Merged",
    "TooLarge",
    "check_document",
    "check_lines",
    "check_workbook",
    "limits",
    "open_archive",
]

#: The ratio of unpacked to packed size beyond which an archive is refused (a "zip bomb" has thousands).
MAX_RATIO = 200
_MB = 1024 * 1024


class TooLarge(DataSourceError, DocumentError):
    """A file past one of the :class:`Limits`; the message names which, what
    was found and the limit, and says nothing was read. It is a data source
    that cannot be read and a document that cannot be read as a list: either
    reader's callers catch it as theirs."""

    key = "error.upload_limit"

    def message(self, lang: Lang = DEFAULT_LANG) -> str:
        limit = str(self.params.get("limit", ""))
        variable = _ENV.get(limit, "")
        key = self.key if variable else f"{self.key}_fixed"
        return t(key, lang, **{**self.params, "limit": t(f"limit.{limit}", lang), "variable": variable})


@dataclass(frozen=True)
class Limits:
    """How much a file may unpack to (see the module's docstring)."""

    sheets: int = 64
    rows: int = 200_000
    cells: int = 5_000_000
    merged: int = 1_000_000
    paragraphs: int = 50_000
    elements: int = 2_000_000
    members: int = 10_000
    pages: int = 2_000
    unpacked: int = 512 * _MB


_ENV = {
    "sheets": "RESPNET_MAX_SHEETS",
    "rows": "RESPNET_MAX_ROWS",
    "cells": "RESPNET_MAX_CELLS",
    "merged": "RESPNET_MAX_MERGED_CELLS",
    "paragraphs": "RESPNET_MAX_PARAGRAPHS",
    "elements": "RESPNET_MAX_ELEMENTS",
    "members": "RESPNET_MAX_MEMBERS",
    "unpacked": "RESPNET_MAX_UNPACKED_MB",
    "pages": "RESPNET_MAX_PAGES",
    "ratio": "",
}


def limits(*, document: bool = False) -> Limits:
    """The limits in force: the defaults (a document may unpack to 64 MB, a
    data workbook or zip to 512 MB), changed by any variable that is set."""
    base = Limits(unpacked=64 * _MB) if document else Limits()
    changes: dict[str, int] = {}
    for name, variable in _ENV.items():
        if not hasattr(base, name):
            continue
        value = os.environ.get(variable, "").strip()
        if not value:
            continue
        try:
            number = float(value)
        except ValueError:
            continue
        if number > 0:
            changes[name] = int(number * _MB) if name == "unpacked" else int(number)
    return replace(base, **changes)


def _refuse(name: str, limit: str, found: object, allowed: object) -> TooLarge:
    return TooLarge(name=name, limit=limit, found=found, allowed=allowed)


# ---------------------------------------------------------------- archives
_EOCD = b"PK\x05\x06"
_EOCD64_LOCATOR = b"PK\x06\x07"


def _declared_members(f: IO[bytes]) -> int | None:
    """How many files a zip's central directory says it holds, read from its
    end record without reading the directory itself (None: no end record)."""
    f.seek(0, os.SEEK_END)
    size = f.tell()
    f.seek(max(0, size - (65_535 + 22)))
    tail = f.read()
    at = tail.rfind(_EOCD)
    if at < 0 or len(tail) < at + 22:
        return None
    (count,) = struct.unpack("<H", tail[at + 10 : at + 12])
    locator = tail.rfind(_EOCD64_LOCATOR, 0, at)
    if count == 0xFFFF and locator >= 0 and len(tail) >= locator + 20:
        (offset,) = struct.unpack("<Q", tail[locator + 8 : locator + 16])
        f.seek(offset)
        record = f.read(56)
        if record[:4] == b"PK\x06\x06" and len(record) >= 40:
            (count,) = struct.unpack("<Q", record[32:40])
    return int(count)


def open_archive(source: str | Path | IO[bytes], name: str, bounds: Limits) -> zipfile.ZipFile:
    """Open a zip (a data archive, a workbook, a Word document) once its end
    record, its file count and what its files unpack to are within ``bounds``.

    Raises
    ------
    zipfile.BadZipFile
        Not a zip at all (the caller says what it should have been).
    TooLarge
        Too many files, too many bytes once unpacked, or a ratio of unpacked
        to packed size past :data:`MAX_RATIO`.
    """
    if isinstance(source, (str, Path)):
        with open(source, "rb") as f:
            declared = _declared_members(f)
    else:
        declared = _declared_members(source)
        source.seek(0)
    if declared is not None and declared > bounds.members:
        raise _refuse(name, "members", declared, bounds.members)
    archive = zipfile.ZipFile(source)  # a path: the archive opens and closes its own file
    members = [m for m in archive.infolist() if not m.is_dir()]
    unpacked = sum(m.file_size for m in members)
    packed = sum(m.compress_size for m in members) or 1
    if len(members) > bounds.members:
        archive.close()
        raise _refuse(name, "members", len(members), bounds.members)
    if unpacked > bounds.unpacked:
        archive.close()
        raise _refuse(name, "unpacked", _mb(unpacked), _mb(bounds.unpacked))
    if unpacked / packed > MAX_RATIO:
        archive.close()
        raise _refuse(name, "ratio", f"×{round(unpacked / packed)}", f"×{MAX_RATIO}")
    return archive


def _mb(size: int) -> str:
    return f"{size / _MB:.1f} MB"


# ---------------------------------------------------------------- XML, streamed
class _Stop(Exception):
    """Raised from inside the XML handler to stop at the first limit passed."""

    def __init__(self, error: TooLarge) -> None:
        self.error = error


def _stream(archive: zipfile.ZipFile, member: str, start: Callable[[str, dict[str, str]], None]) -> None:
    """Feed ``member`` to an expat parser calling ``start(tag, attrs)`` for
    every element (the tag as written, a prefix included); no text, no tree
    is kept."""
    parser = xml.parsers.expat.ParserCreate()
    parser.buffer_text = True
    parser.StartElementHandler = start
    with archive.open(member) as f:
        while chunk := f.read(1 << 20):
            parser.Parse(chunk, False)
        parser.Parse(b"", True)


_CELL_REF = re.compile(r"\$?([A-Za-z]{1,3})\$?(\d+)")


def _column(letters: str) -> int:
    """The column number of a cell reference's letters (``A1`` → 1, ``XFD9`` → 16384)."""
    n = 0
    for ch in letters:
        o = ord(ch) | 32  # lower case
        if 97 <= o <= 122:
            n = n * 26 + o - 96
        elif ch != "$":
            break
    return n


def _ref(text: str) -> tuple[int, int] | None:
    m = _CELL_REF.fullmatch(text.strip())
    return (int(m.group(2)), _column(m.group(1))) if m else None


@dataclass(frozen=True)
class Merged:
    """One merged range of a sheet: its first and last row and column (1-based, inclusive)."""

    min_row: int
    min_col: int
    max_row: int
    max_col: int


@dataclass
class _Counts:
    """What the parts of a workbook named so far, for the limits across them."""

    name: str
    bounds: Limits
    sheets: int = 0
    strings: int = 0
    cells: int = 0  # of the parts already read


class _Part:
    """One XML part of a workbook, counted as it streams by: its rows (up to
    the last row number named), its widest row, its merged ranges; the sheets
    a workbook part names and the strings a shared-strings part holds."""

    def __init__(self, counts: _Counts) -> None:
        self.counts, self.bounds, self.name = counts, counts.bounds, counts.name
        self.row = self.col = self.widest = self.merged_cells = 0
        self.merged: list[Merged] = []

    @property
    def cells(self) -> int:
        return self.row * self.widest

    def start(self, tag: str, attrs: dict[str, str]) -> None:
        if ":" in tag:
            tag = tag.rpartition(":")[2]
        if tag == "c":
            r = attrs.get("r")
            self.col = _column(r) if r else self.col + 1
            if self.col > self.widest:
                self.widest = self.col
                self._check_cells()
        elif tag == "row":
            r = attrs.get("r", "")
            self.row = int(r) if r.isdigit() else self.row + 1
            self.col = 0
            if self.row > self.bounds.rows:
                raise _Stop(_refuse(self.name, "rows", f"≥ {self.row:,}", f"{self.bounds.rows:,}"))
            self._check_cells()
        elif tag == "si":
            self.counts.strings += 1
            self._check_cells()
        elif tag == "mergeCell":
            self._merge(attrs.get("ref", ""))
        elif tag == "sheet":
            self.counts.sheets += 1
            if self.counts.sheets > self.bounds.sheets:
                raise _Stop(_refuse(self.name, "sheets", f"≥ {self.counts.sheets}", self.bounds.sheets))

    def _merge(self, ref: str) -> None:
        parts = [_ref(p) for p in ref.split(":")]
        if len(parts) != 2 or not parts[0] or not parts[1]:
            return
        (r1, c1), (r2, c2) = parts[0], parts[1]
        self.merged_cells += (abs(r2 - r1) + 1) * (abs(c2 - c1) + 1)
        if self.merged_cells > self.bounds.merged:
            raise _Stop(_refuse(self.name, "merged", f"≥ {self.merged_cells:,}", f"{self.bounds.merged:,}"))
        self.merged.append(Merged(min(r1, r2), min(c1, c2), max(r1, r2), max(c1, c2)))

    def _check_cells(self) -> None:
        total = self.counts.cells + self.counts.strings + self.cells
        if total > self.bounds.cells:
            raise _Stop(_refuse(self.name, "cells", f"≥ {total:,}", f"{self.bounds.cells:,}"))


def _xml_parts(archive: zipfile.ZipFile) -> list[str]:
    """Every member that holds XML, whatever its name: a package may name its
    parts as it likes (its relationships, not its names, say what each is),
    so every one a reader might parse is checked."""
    parts = []
    for info in archive.infolist():
        if info.is_dir():
            continue
        with archive.open(info) as f:
            head = f.read(64).lstrip(b"\xef\xbb\xbf \t\r\n")
        if head.startswith((b"<", b"\xff\xfe<", b"\xfe\xff\x00<")):
            parts.append(info.filename)
    return parts


def check_workbook(archive: zipfile.ZipFile, name: str, bounds: Limits) -> dict[str, list[Merged]]:
    """Check a workbook's sheets against ``bounds`` before any is read; the
    merged ranges of each part that has any, by part name
    (``xl/worksheets/sheet1.xml``).

    The cells counted are those a reader makes: every row up to the last row
    number a sheet names, each as wide as the widest row (a reader fills the
    gaps), so a sheet naming only cell XFD1048576 counts as the billions it
    would become. Shared strings count as cells too.

    Raises
    ------
    TooLarge
        The first limit passed.
    zipfile.BadZipFile
        A part that is damaged or not well-formed XML.
    """
    counts = _Counts(name, bounds)
    merged: dict[str, list[Merged]] = {}
    for member in _xml_parts(archive):
        part = _Part(counts)
        _parse(archive, member, part.start, name)
        counts.cells += part.cells
        if part.merged:
            merged[member] = part.merged
    return merged


def check_document(archive: zipfile.ZipFile, name: str, bounds: Limits) -> None:
    """Check a Word document's parts against ``bounds`` before it is parsed:
    their XML elements, and their paragraphs and table rows together.

    Raises
    ------
    TooLarge
        The first limit passed.
    zipfile.BadZipFile
        A part that is damaged or not well-formed XML.
    """
    elements = paragraphs = 0

    def count(tag: str, attrs: dict[str, str]) -> None:
        nonlocal elements, paragraphs
        elements += 1
        if elements > bounds.elements:
            raise _Stop(_refuse(name, "elements", f"≥ {elements:,}", f"{bounds.elements:,}"))
        if tag.rpartition(":")[2] in ("p", "tr"):
            paragraphs += 1
            if paragraphs > bounds.paragraphs:
                raise _Stop(_refuse(name, "paragraphs", f"≥ {paragraphs:,}", f"{bounds.paragraphs:,}"))

    for part in _xml_parts(archive):
        _parse(archive, part, count, name)


def _parse(archive: zipfile.ZipFile, member: str, handler: Callable[[str, dict[str, str]], None], name: str) -> None:
    try:
        _stream(archive, member, handler)
    except _Stop as stop:
        raise stop.error from None
    except (xml.parsers.expat.ExpatError, zipfile.BadZipFile, OSError, EOFError, ValueError) as e:
        # damaged XML or a member whose bytes do not match its checksum: the reader reports it as damage
        raise zipfile.BadZipFile(f"{member}: {type(e).__name__}") from e


_LINE_BREAKS = ("\n", "\r", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029")


def check_lines(text: str, name: str, bounds: Limits) -> None:
    """Check a text document's lines (every kind of line break counts) against ``bounds``.

    >>> check_lines("一、\\n二、", "a.txt", Limits(paragraphs=2))
    >>> check_lines("\\u2028" * 3, "a.txt", Limits(paragraphs=2))  # doctest: +IGNORE_EXCEPTION_DETAIL
    Traceback (most recent call last):
    loaders.bounds.TooLarge: too many lines
    """
    lines = sum(text.count(brk) for brk in _LINE_BREAKS) + 1
    if lines > bounds.paragraphs:
        raise _refuse(name, "paragraphs", f"{lines:,}", f"{bounds.paragraphs:,}")
