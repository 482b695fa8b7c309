"""Files small on disk and huge once read, as an attacker would upload them:

- a 5 KB workbook whose one merged range covers ``A3:XFD1048576``;
- a Word document of a few MB that unpacks to about 507 MB, under the
  archive size (512 MB) and ratio (×200) limits of before;
- a data workbook whose sheet holds 1,048,576 rows (every row Excel allows).

Written by hand as zip packages (openpyxl would itself build the cells it
is asked to merge); :func:`main` writes them into a folder for a manual try.
"""

from __future__ import annotations

import io
import sys
import zipfile
from pathlib import Path

__all__ = ["huge_docx", "merged_xlsx", "million_row_xlsx"]

_CONTENT_TYPES_XLSX = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    "</Types>"
)
_ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="xl/workbook.xml"/></Relationships>'
)
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
    'Target="worksheets/sheet1.xml"/></Relationships>'
)
_MAIN = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
_R = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'


def _workbook(sheet: str) -> str:
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook {_MAIN} {_R}>'
        f'<sheets><sheet name="{sheet}" sheetId="1" r:id="rId1"/></sheets></workbook>'
    )


def _xlsx(sheet_name: str, write_sheet: object) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as z:
        z.writestr("[Content_Types].xml", _CONTENT_TYPES_XLSX)
        z.writestr("_rels/.rels", _ROOT_RELS)
        z.writestr("xl/workbook.xml", _workbook(sheet_name))
        z.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as f:
            write_sheet(f)  # type: ignore[operator]
    return buffer.getvalue()


def _inline(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def merged_xlsx(merge: str | None = "A3:XFD1048576", dimension: str = "A1:XFD1048576") -> bytes:
    """A list workbook of three rows and one merged range (``merge``) over the
    rest of the sheet, which claims to span ``dimension``."""

    def sheet(f: io.BufferedWriter) -> None:
        rows = [
            ("序号", "责任主体", "责任内容"),
            ("1", "党委", "每季度至少研究1次党风廉政建设工作。"),
            ("2", "", "每年至少讲1次廉政党课。"),
        ]
        body = "".join(
            f'<row r="{i}">' + "".join(_inline(f"{col}{i}", v) for col, v in zip("ABC", row, strict=True)) + "</row>"
            for i, row in enumerate(rows, start=1)
        )
        merged = f'<mergeCells count="1"><mergeCell ref="{merge}"/></mergeCells>' if merge else ""
        f.write(
            (
                f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet {_MAIN}>'
                f'<dimension ref="{dimension}"/><sheetData>{body}</sheetData>{merged}</worksheet>'
            ).encode()
        )

    return _xlsx("清单", sheet)


def million_row_xlsx(rows: int = 1_048_576) -> bytes:
    """A data workbook whose ``organizations`` sheet has a header and ``rows - 1`` rows."""

    def sheet(f: io.BufferedWriter) -> None:
        f.write(f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet {_MAIN}><sheetData>'.encode())
        f.write(
            ('<row r="1">' + _inline("A1", "id") + _inline("B1", "name") + _inline("C1", "kind") + "</row>").encode()
        )
        batch: list[str] = []
        for i in range(2, rows + 1):
            batch.append(
                f'<row r="{i}"><c r="A{i}" t="inlineStr"><is><t>O{i}</t></is></c>'
                f'<c r="B{i}" t="inlineStr"><is><t>单位{i * 7919 % 1000003}</t></is></c>'
                f'<c r="C{i}" t="inlineStr"><is><t>party_committee</t></is></c></row>'
            )
            if len(batch) == 20_000:
                f.write("".join(batch).encode())
                batch.clear()
        f.write(("".join(batch) + "</sheetData></worksheet>").encode())

    return _xlsx("organizations", sheet)


_DOCX_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    "</Types>"
)
_DOCX_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="word/document.xml"/></Relationships>'
)


def huge_docx(unpacked: int = 507 * 1024 * 1024) -> bytes:
    """A Word document whose body unpacks to about ``unpacked`` bytes at a
    ratio near ×145 (under the ×200 limit): numbered paragraphs of clause text."""
    head = (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("[Content_Types].xml", _DOCX_TYPES)
        z.writestr("_rels/.rels", _DOCX_RELS)
        with z.open("word/document.xml", "w", force_zip64=True) as f:
            f.write(head)
            written, i = len(head), 0
            text = "落实全面从严治党主体责任，每季度至少专题研究1次党风廉政建设工作。" * 18
            while written < unpacked:
                block = "".join(
                    f"<w:p><w:r><w:t>{n}. {text}{n % 97}</w:t></w:r></w:p>" for n in range(i, i + 2000)
                ).encode()
                i += 2000
                f.write(block)
                written += len(block)
            f.write(b"</w:body></w:document>")
    return buffer.getvalue()


def main(folder: str) -> None:
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    for name, make in (("merged.xlsx", merged_xlsx), ("huge.docx", huge_docx), ("million.xlsx", million_row_xlsx)):
        (out / name).write_bytes(make())
        print(out / name, (out / name).stat().st_size)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "bombs")
