"""A fictional responsibility list, and the same list as each kind of document
the importer reads. The city, its bodies and the wording are made up."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from tests.helpers import shared as shared_folder

SAMPLE = """江屿市机关党建责任清单（示例）
（2024年3月1日印发）
一、总体要求
坚持党要管党、全面从严治党。
二、党委（党组）领导班子
1.每年至少召开2次常委会会议，专题研究全面从严治党工作。
2.支持纪委查处违纪违法问题。
三、党委书记
1.每半年至少主持召开1次专题会议研究党风廉政建设。
2.重要工作亲自部署、重大问题亲自过问。
四、党委班子成员
（一）每年与分管单位主要负责人开展廉政谈话不少于1次。
（二）落实“一岗双责”，定期听取分管领域汇报。
五、机关党委
1.协助责任。协助党组抓好机关党的建设。
2.推进责任。每季度至少召开1次机关党委委员会议。
六、机关纪委书记
1.每半年至少听取1次党支部纪检委员工作汇报。
七、党支部书记
1.每月至少召开1次支部委员会会议。
2.每年安排1-2次专题组织生活会。
八、村务监督委员会
1.监督村务公开，实行财务“双签字”。
"""

#: (clause, org_kind, role, kind, category, frequency as the compliance check reads it), checked by reading SAMPLE.
EXPECTED = [
    ("2.1", "party_committee", None, "principal", "", "每年至少2次"),
    ("2.2", "party_committee", None, "principal", "支持", ""),  # opens with the category word 支持
    ("3.1", "party_committee", "secretary", "first_responsible", "", "每半年至少1次"),
    ("3.2", "party_committee", "secretary", "first_responsible", "", ""),
    ("4.1", "party_committee", "member", "dual_duty", "", "每年至少1次"),
    ("4.2", "party_committee", "member", "dual_duty", "落实", None),
    ("5.1", "organ_committee", None, "principal", "协助", ""),
    ("5.2", "organ_committee", None, "principal", "推进", "每季度至少1次"),
    ("6.1", "organ_discipline_commission", "discipline_secretary", "supervisory", "", "每半年至少1次"),
    ("7.1", "branch", "secretary", "first_responsible", "", "每月至少1次"),
    ("7.2", "branch", "secretary", "first_responsible", "", None),
    ("8.1", "village_supervision", None, "supervisory", "", ""),
]


def clause_lines() -> list[tuple[str, str]]:
    """(heading, clause text) for each clause line of SAMPLE, for table-shaped documents."""
    out: list[tuple[str, str]] = []
    heading = ""
    for line in SAMPLE.splitlines()[4:]:
        if line[1] == "、" and line[0] in "二三四五六七八":
            heading = line[2:]
        elif line.startswith(("1.", "2.", "（一）", "（二）")):
            out.append((heading, line.split(".", 1)[1] if "." in line[:3] else line[3:]))
    return out


def docx_bytes(text: str = SAMPLE, numbered: bool = False) -> bytes:
    """The text as a Word file; with ``numbered``, the "1." items use Word's own numbering."""
    import docx

    document = docx.Document()
    for line in text.splitlines():
        if numbered and line[:2] in ("1.", "2."):
            document.add_paragraph(line[2:], style="List Number")
        else:
            document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def pdf_bytes(lines: list[str] | None = None) -> bytes:
    """The text as a PDF with a text layer (an empty list: a page with only a drawing, like a scan)."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer)
    page.setFont("STSong-Light", 11)
    y = 800
    for line in SAMPLE.splitlines() if lines is None else lines:
        page.drawString(50, y, line)
        y -= 18
    page.rect(100, 100, 300, 200, fill=1)
    page.showPage()
    page.save()
    return buffer.getvalue()


def xlsx_bytes() -> bytes:
    """The clauses as a sheet, one per row, the bearer merged down its rows."""
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "清单"
    sheet.append(["江屿市机关党建责任清单（示例）"])
    sheet.append(["序号", "责任主体", "责任内容", "频次要求"])
    start, current = 3, None
    for n, (heading, text) in enumerate(clause_lines(), start=1):
        row = sheet.max_row + 1
        if heading != current:
            if current is not None and row - 1 > start:
                sheet.merge_cells(start_row=start, start_column=2, end_row=row - 1, end_column=2)
            start, current = row, heading
            sheet.append([n, heading, text, ""])
        else:
            sheet.append([n, None, text, ""])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def fake_docx(path: Path) -> Path:
    """A zip of a CSV file, named .docx."""
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("data.csv", "id,name\n1,a\n")
    return path


def shared() -> Path:
    """The real documents (see :func:`tests.helpers.shared`)."""
    return shared_folder("real_lists")


def real_list(name: str) -> str:
    """The published text of ``../shared/real_lists/{name}``, between its markers (read in place)."""
    text = next((shared() / "real_lists").glob(f"{name}*.txt")).read_text("utf-8")
    return text.split("----- BEGIN TEXT -----\n", 1)[1].split("----- END TEXT -----", 1)[0]


def seed(prefix: str) -> str:
    return next((shared() / "seeds").glob(f"{prefix}_*.txt")).read_text("utf-8")
