"""The reports in official-document form, read back: A4 with its margins, a
page-number field, real metadata, names and full duty texts rather than ids,
the rule set's citations, 结论 and 建议 to complete; and LibreOffice's PDF and
first-page picture of them (tests/output/official-*.png, looked at)."""

from __future__ import annotations

import io
import os
import zipfile
from datetime import UTC, date, datetime

import pytest
from docx import Document
from docx.shared import Mm
from pypdf import PdfReader

from casework.book import Actor, Casebook
from casework.db import Database
from graph.model import ResponsibilityGraph
from graph.schema import EdgeType, NodeLabel
from queries.dossier import name_findings
from queries.network import MemoryNetwork
from queries.trace import trace_case
from reports.filed import findings_report, trace_report
from reports.official import FONTS, Paper, font
from reports.paper import lead_document, namer, rules_in_force
from reports.pdf import convert, first_page_png, libreoffice
from tests.helpers import ROOT

MADE = datetime(2026, 12, 2, 9, 30, tzinfo=UTC)
OUTPUT = ROOT / "tests" / "output"


def _paper(title: str) -> Paper:
    return Paper(
        title=title,
        author="审查员张三",
        made=MADE,
        evaluated=date(2026, 11, 21),
        source="演示数据",
        number="江纪〔2026〕12号",
    )


def _text(doc) -> str:  # type: ignore[no-untyped-def]
    parts = [p.text for p in doc.paragraphs]
    parts += [cell.text for table in doc.tables for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def _ids_in(text: str, G: ResponsibilityGraph) -> list[str]:
    """Every id of the graph found in ``text`` (the two-letter organization codes too)."""
    ids = {i for label in NodeLabel for i in G.ids(label)}
    return sorted(i for i in ids if i in text)


@pytest.fixture(scope="module")
def reports(demo: ResponsibilityGraph, demo_at: date, tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    G = demo
    name, rules = namer(G), rules_in_force()
    trace = trace_case(G, "C2025-03")
    found = name_findings(
        G, MemoryNetwork(G).findings(at=demo_at, start=date(2025, 1, 1), end=date(2025, 12, 31)), demo_at
    )
    db = Database(f"sqlite:///{tmp_path_factory.mktemp('db') / 'casework.sqlite'}")
    book, me = Casebook(db), Actor("审查员张三")
    lead = book.create_lead(
        me, title="江屿市统计局无人分管问题", source_kind="finding", source_ref="unoverseen_unit:TJ", org_id="TJ"
    )
    book.note(me, lead.id, "已向市委办公室核实分工调整情况。")
    book.add_item(
        me, lead_id=lead.id, org_id="TJ", measure="明确统计局分管领导并报备", deadline=date(2026, 9, 30), contact="P033"
    )
    made = {
        "trace": trace_report(_paper(f"关于“{trace.title}”的责任追溯报告"), trace, name, rules),
        "findings": findings_report(_paper("问题清单"), found, name, rules),
        "lead": lead_document(
            book, me, lead.id, G, "zh", number="江纪〔2026〕13号", source="演示数据", today=date(2026, 12, 2), made=MADE
        ),
    }
    db.close()
    return made


@pytest.mark.parametrize("kind", ["trace", "findings", "lead"])
def test_read_back(kind: str, reports: dict[str, bytes], demo: ResponsibilityGraph) -> None:
    doc = Document(io.BytesIO(reports[kind]))
    section = doc.sections[0]
    assert abs(section.page_width - Mm(210)) < Mm(1) and abs(section.page_height - Mm(297)) < Mm(1)
    assert abs(section.top_margin - Mm(37)) < Mm(1) and abs(section.left_margin - Mm(28)) < Mm(1)
    footer = section.footer._element.xml
    assert "PAGE" in footer and 'w:fldCharType="begin"' in footer
    with zipfile.ZipFile(io.BytesIO(reports[kind])) as z:  # each named font, with its fallback where not installed
        fonts = z.read("word/fontTable.xml").decode()
    for role in FONTS:
        assert f'w:name="{font(role)}"' in fonts
    assert font("body") in FONTS["body"] and font("title") in FONTS["title"]
    props = doc.core_properties
    assert props.author == "审查员张三" and props.author != "python-docx"
    assert props.created == MADE and props.title
    text = _text(doc)
    assert _ids_in(text, demo) == []  # names, never internal ids
    assert "文号：" in text and "承办人：审查员张三" in text
    assert "制作时间：" in text and "评估日期（数据截至）：" in text
    assert "《中国共产党问责条例》(2019)" in text  # the rule set's citations
    for heading in ("依据", "结论", "建议"):
        assert any(p.text.endswith(f"、{heading}") for p in doc.paragraphs)


def test_full_texts_and_what_each_report_holds(reports: dict[str, bytes], demo: ResponsibilityGraph) -> None:
    trace = _text(Document(io.BytesIO(reports["trace"])))
    breached = [link.target for link in demo.out("C2025-03", EdgeType.BREACHES)]
    assert breached
    for duty in breached:
        assert f"被违反的责任：{demo.name(duty)}" in trace  # in full, not cut with "…"
    assert "主要领导责任者" in trace and "诫勉" in trace
    findings = _text(Document(io.BytesIO(reports["findings"])))
    assert "共发现问题" in findings and "江屿市统计局" in findings
    lead = _text(Document(io.BytesIO(reports["lead"])))
    assert "江屿市统计局无人分管问题" in lead and "已向市委办公室核实分工调整情况。" in lead
    assert "明确统计局分管领导并报备" in lead and "红灯（已逾期）" in lead
    assert "江纪〔2026〕13号" in lead


needs_office = pytest.mark.skipif(
    libreoffice() is None and os.environ.get("CI", "").lower() != "true",
    reason="LibreOffice is not installed here (apt-get install libreoffice-writer-nogui); .ci/run installs it",
)


@needs_office
@pytest.mark.slow
def test_libreoffice_makes_an_a4_pdf_and_a_first_page_picture(reports: dict[str, bytes]) -> None:
    OUTPUT.mkdir(parents=True, exist_ok=True)
    pdf = PdfReader(io.BytesIO(convert(reports["trace"])))
    box = pdf.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)  # A4 in points
    assert "责任追溯报告" in pdf.pages[0].extract_text()
    assert len(pdf.pages) >= 2 and "— 2 —" in pdf.pages[1].extract_text()  # the field numbers each page
    for kind in ("trace", "lead"):
        png = first_page_png(reports[kind])
        assert png.startswith(b"\x89PNG") and len(png) > 20_000
        (OUTPUT / f"official-{kind}.png").write_bytes(png)
