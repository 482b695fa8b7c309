"""Reports in official-document form (公文格式), as .docx on A4.

What a filed report needs, after GB/T 9704-2012 as far as a generated report
can follow it: A4 paper with its margins (top 37 mm, bottom 35 mm, left 28 mm,
right 26 mm); the title in 小标宋 (二号), the body in 仿宋 (三号, tables 四号
and 小四), headings 一、二、… in 黑体; a 文号 and 承办人 line to fill or filled;
the date made and the date the data were evaluated on; page numbers as a
field (— 1 —) in the footer; a 依据 section with the rule set's citations;
结论 and 建议 sections left to complete; and real document metadata — title,
the signed-in user as author, the time made.

Fonts: each role's first installed candidate (``fc-list``) is named; where
none is installed the usual name is written with a fallback (``w:altName`` in
the font table), so Word and LibreOffice draw 宋体 / a CJK sans instead of
boxes on a machine without it.

Names, never internal ids: every text goes through :func:`plain`, which takes
the ids of the graph out of parentheses (``陈振宇（P005）`` → ``陈振宇``); cells
that are an id are given the node's name.
"""

from __future__ import annotations

import functools
import io
import re
import shutil
import subprocess
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.oxml import serialize_part_xml
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.text.paragraph import Paragraph

from graph.i18n import Lang, t
from graph.temporal import local_time
from queries.trace_report import Section

__all__ = ["FONTS", "Paper", "official_docx", "plain"]

#: Candidates per role, the usual name first; the last is the fallback written into the font table.
FONTS: dict[str, tuple[str, ...]] = {
    "title": ("方正小标宋简体", "方正小标宋_GBK", "小标宋", "华文中宋", "宋体"),
    "body": ("仿宋_GB2312", "仿宋", "FangSong", "STFangsong", "宋体"),
    "heading": ("黑体", "SimHei", "方正黑体_GBK", "宋体"),
}
#: Point sizes: 二号 22, 三号 16, 四号 14, 小四 12.
_SIZE = {"title": 22, "body": 16, "heading": 16, "table": 12, "small": 12}
_NUMERALS = "一二三四五六七八九十"


@functools.cache
def _installed() -> frozenset[str]:
    """The font families installed here (empty without fontconfig)."""
    if not shutil.which("fc-list"):
        return frozenset()
    try:
        found = subprocess.run(["fc-list", ":", "family"], capture_output=True, text=True, timeout=20).stdout
    except (OSError, subprocess.SubprocessError):
        return frozenset()
    return frozenset(name.strip() for line in found.splitlines() for name in line.split(","))


def font(role: str) -> str:
    """The font named for ``role``: the first candidate installed, else the usual name."""
    installed = _installed()
    return next((name for name in FONTS[role] if name in installed), FONTS[role][0])


_CLAUSE = r"[^\s、（）()/，,@]+/\d+(?![\d@])"
_CLAUSES = re.compile(rf"{_CLAUSE}(?:、{_CLAUSE})*")


def _clauses(refs: str, name: Callable[[str], str | None]) -> str:
    """``LIST/49、LIST/50`` as ``《the list's title》第49、50条`` (left as written unless each names a list)."""
    pairs = [ref.rsplit("/", 1) for ref in refs.split("、")]
    if not all(name(lst) for lst, _ in pairs):
        return refs
    grouped: dict[str, list[str]] = {}
    for lst, number in pairs:
        grouped.setdefault(lst, []).append(number)
    return "、".join(f"《{name(lst)}》第{'、'.join(numbers)}条" for lst, numbers in grouped.items())


def plain(text: str, name: Callable[[str], str | None]) -> str:
    """``text`` without internal ids: a bracketed part that is an id (``name``
    gives a name for ids, None for anything else) is dropped, an id among
    other parts of a bracket is left out, a list's clause (``LIST/49``) is
    cited by the list's title, and text that is an id is replaced by its name.

    >>> names = {"P005": "陈振宇", "JY-M2": "市委常委、副市长", "L1": "责任清单"}.get
    >>> plain("陈振宇（P005）任市委常委、副市长（JY-M2，班子成员）", names)
    '陈振宇任市委常委、副市长（班子成员）'
    >>> plain("承担2项责任（L1/49、L1/50）", names)
    '承担2项责任（《责任清单》第49、50条）'
    >>> plain("陈振宇 (P005)、市委常委、副市长 (JY-M2)", names)
    '陈振宇、市委常委、副市长'
    >>> plain("JY-M2", names), plain("2025 (annual)", names)
    ('市委常委、副市长', '2025 (annual)')
    """
    whole = name(text.strip())
    if whole:
        return whole

    def bracket(m: re.Match[str]) -> str:
        space, opening, inside, closing = m.groups()
        parts = [p for p in re.split(r"，|, ", inside) if not name(p.strip())]
        if not parts:
            return ""  # with the space before it
        comma = "，" if opening == "（" else ", "
        return f"{space}{opening}{comma.join(parts)}{closing}"

    text = re.sub(r"( ?)([（(])([^（）()]*)([）)])", bracket, text)
    text = _CLAUSES.sub(lambda m: _clauses(m.group(0), name), text)
    return re.sub(r" ?\(\)|（）", "", text)


@dataclass(frozen=True)
class Paper:
    """What heads an official report: its title and the fields around it."""

    title: str
    author: str  # the signed-in user: the document's author
    made: datetime
    evaluated: date  # the date the data were read as of
    source: str
    number: str = ""  # 文号: blank to fill by hand
    handler: str = ""  # 承办人: the author when not given
    lang: Lang = "zh"
    subject: str = ""
    keywords: tuple[str, ...] = field(default_factory=tuple)


def _run_font(run: object, role: str, size: float, *, bold: bool = False) -> None:
    name = font(role)
    run.font.name = name  # type: ignore[attr-defined]
    run.font.size = Pt(size)  # type: ignore[attr-defined]
    run.font.bold = bold  # type: ignore[attr-defined]
    fonts = run._element.get_or_add_rPr().get_or_add_rFonts()  # type: ignore[attr-defined]
    fonts.set(qn("w:eastAsia"), name)


def _para(
    doc: object,
    text: str,
    role: str = "body",
    size: float | None = None,
    *,
    bold: bool = False,
    align: Any = None,
    indent: bool = False,
) -> Paragraph:
    p: Paragraph = doc.add_paragraph()  # type: ignore[attr-defined]
    if align is not None:
        p.alignment = align
    if indent:
        p.paragraph_format.first_line_indent = Pt(2 * (size or _SIZE[role]))
    p.paragraph_format.space_after = Pt(0)
    p.paragraph_format.line_spacing = Pt(28 if (size or _SIZE[role]) >= 16 else 20)
    _run_font(p.add_run(text), role, size or _SIZE[role], bold=bold)
    return p


def _page_number(paragraph: Paragraph) -> None:
    """``— PAGE —`` as a field, so every page shows its own number."""
    _run_font(paragraph.add_run("— "), "body", 14)
    run = paragraph.add_run()
    _run_font(run, "body", 14)
    for kind, text in (("begin", None), (None, "PAGE"), ("separate", None), (None, "1"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        elif text == "PAGE":
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = " PAGE "
        else:
            element = OxmlElement("w:t")
            element.text = text
        run._element.append(element)
    _run_font(paragraph.add_run(" —"), "body", 14)


def _font_fallbacks(doc: object) -> None:
    """Each named font in the font table, with its fallback as ``w:altName``."""
    part = doc.part  # type: ignore[attr-defined]
    table = next((rel.target_part for rel in part.rels.values() if rel.reltype == RT.FONT_TABLE), None)
    if table is None:
        return
    root = parse_xml(table.blob)
    have = {f.get(qn("w:name")) for f in root.findall(qn("w:font"))}
    for role, candidates in FONTS.items():
        name = font(role)
        if name in have:
            continue
        entry = OxmlElement("w:font")
        entry.set(qn("w:name"), name)
        root.append(entry)
        settings = [("w:charset", "86"), ("w:family", "modern" if role == "heading" else "roman")]  # 86: GB2312
        if name != candidates[-1]:
            settings.insert(0, ("w:altName", candidates[-1]))
        for tag, value in settings:
            element = OxmlElement(tag)
            element.set(qn("w:val"), value)
            entry.append(element)
    table._blob = serialize_part_xml(root)


#: The width of the text block: A4 less the left and right margins (mm).
_TEXT_WIDTH = 210 - 28 - 26


def _display(text: str) -> int:
    """How wide ``text`` prints: a CJK character takes two columns."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _widths(section: Section) -> list[float]:
    """Column widths (mm) by how much each column holds: long texts get the room,
    no column narrower than its title's longest word."""
    weights = []
    for i, title in enumerate(section.columns):
        longest = max([_display(title), *(_display(row[i]) for row in section.rows)])
        word = max((_display(w) for w in title.split()), default=0)
        weights.append(max(min(max(longest, 14), 80), word + 2))
    total = sum(weights)
    return [_TEXT_WIDTH * w / total for w in weights]


def _table(doc: Any, section: Section, cell_text: Callable[[str], str]) -> None:
    table = doc.add_table(rows=1, cols=len(section.columns))
    table.style = "Table Grid"
    table.autofit = False
    widths = _widths(section)
    for column, width in zip(table.columns, widths, strict=True):
        column.width = Mm(width)  # the grid LibreOffice lays out by; Word reads the cells'
    for row_cells, texts, bold in (
        (table.rows[0].cells, section.columns, True),
        *((table.add_row().cells, row, False) for row in section.rows),
    ):
        for cell, text, width in zip(row_cells, texts, widths, strict=True):
            cell.width = Mm(width)
            p = cell.paragraphs[0]
            p.paragraph_format.space_after = Pt(0)
            _run_font(p.add_run(cell_text(text) if not bold else text), "body", _SIZE["table"], bold=bold)


def _numbered(i: int, title: str, lang: Lang) -> str:
    """A heading numbered 一、二、… (in English 1. 2. …).

    >>> _numbered(0, "依据", "zh"), _numbered(11, "建议", "zh"), _numbered(2, "Basis", "en")
    ('一、依据', '12、建议', '3. Basis')
    """
    if lang != "zh":
        return f"{i + 1}. {title}"
    return f"{_NUMERALS[i] if i < len(_NUMERALS) else i + 1}、{title}"


def official_docx(
    paper: Paper,
    sections: Sequence[Section],
    citations: Sequence[str],
    *,
    name: Callable[[str], str | None] = lambda _: None,
    conclusion: str = "",
    advice: str = "",
) -> bytes:
    """The report: front matter, each section under 一、二、…, then 依据,
    结论 and 建议; every text made :func:`plain` with ``name``."""
    lang = paper.lang
    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    section.footer_distance = Mm(28 - 21)  # the page number 7 mm below the text block's edge
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _page_number(footer)

    blank = "＿" * 8
    _para(
        doc, t("report.number", lang, number=paper.number or blank), size=_SIZE["small"], align=WD_ALIGN_PARAGRAPH.RIGHT
    )
    _para(doc, "")
    _para(doc, plain(paper.title, name), "title", align=WD_ALIGN_PARAGRAPH.CENTER)
    _para(doc, "")
    for key, value in (
        ("report.handler", paper.handler or paper.author),
        ("report.made", local_time(paper.made)),
        ("report.evaluated", paper.evaluated.isoformat()),
        ("report.source", paper.source),
    ):
        _para(doc, t(key, lang, value=value), size=_SIZE["small"])

    text = functools.partial(plain, name=name)
    numbered = [*((s.title, s) for s in sections), (t("report.basis", lang), None)]
    for i, (title, body) in enumerate(numbered):
        _para(doc, _numbered(i, text(title), lang), "heading")
        if body is None:
            for j, citation in enumerate(dict.fromkeys(citations), start=1):
                _para(doc, f"{j}. {citation}", indent=True)
            if not citations:
                _para(doc, t("report.no_citations", lang), indent=True)
        elif len(body.columns) == 1:
            for (line,) in body.rows:
                _para(doc, text(line), indent=True)
        else:
            _table(doc, body, text)
    for i, (key, filled) in enumerate(
        (("report.conclusion", conclusion), ("report.advice", advice)), start=len(numbered)
    ):
        _para(doc, _numbered(i, t(key, lang), lang), "heading")
        _para(doc, filled or t("report.to_complete", lang), indent=True)
        if not filled:
            for _ in range(3):
                _para(doc, "")
    _para(doc, "")
    _para(doc, t("report.signature", lang, handler=paper.handler or paper.author), align=WD_ALIGN_PARAGRAPH.RIGHT)
    _para(doc, paper.made.date().isoformat(), align=WD_ALIGN_PARAGRAPH.RIGHT)

    normal = doc.styles["Normal"]
    normal.font.name = font("body")
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), font("body"))
    props = doc.core_properties
    props.title = plain(paper.title, name)
    props.author = props.last_modified_by = paper.author
    made = paper.made.astimezone(UTC).replace(tzinfo=None) if paper.made.tzinfo else paper.made
    props.created = props.modified = made
    props.revision = 1
    props.subject = paper.subject
    props.keywords = "；".join(paper.keywords)
    props.comments = t("report.made_by", lang)
    props.language = "zh-CN" if lang == "zh" else "en"
    _font_fallbacks(doc)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
