"""Files an inspector can file: the findings list (.xlsx) and a case trace
(.xlsx, JSON), in the reader's language; the reports in official-document
form (.docx) are :mod:`reports.filed`'s.

Every text cell that a spreadsheet would take for a formula (one starting
with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return) is written with
a leading apostrophe, so opening an export never runs anything.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date

from openpyxl import Workbook
from openpyxl.styles import Font

from graph.errors import Problem
from graph.i18n import Lang, t
from queries.dossier import NamedFinding
from queries.trace import Trace
from queries.trace_report import Section
from reports.sheets import fit_columns, safe_cell, save_workbook, sheet_rows

__all__ = ["MIME", "findings_xlsx", "problems_xlsx", "safe_cell", "trace_json", "trace_xlsx"]

_CJK_FONT = "SimSun"
#: The media type of each file the app hands out.
MIME = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
    "pdf": "application/pdf",
}


def findings_xlsx(findings: Sequence[NamedFinding], lang: Lang, *, at: date, source: str) -> bytes:
    """The findings list (问题清单) as a workbook: a title line, then one row per
    finding — its unit, severity, kind, message, the holders on the date of the
    posts it names, its subject and other ids."""
    wb = Workbook()
    ws = wb.active
    ws.title = t("app.findings_sheet", lang)
    ws.append([safe_cell(t("app.findings_title", lang, at=at, source=source, count=len(findings)))])
    ws["A1"].font = Font(bold=True, size=13)
    keys = (
        "col_number",
        "col_unit",
        "col_severity",
        "col_kind",
        "col_message",
        "col_holders",
        "col_subject",
        "col_ids",
    )
    sheet_rows(ws, [[t(f"app.{k}", lang) for k in keys]], bold=True)
    sheet_rows(
        ws,
        [
            (
                i,
                n.unit_name,
                t(f"severity.{n.finding.severity.value}", lang),
                t(f"finding_kind.{n.finding.kind.value}", lang),
                n.finding.message(lang),
                "；".join(
                    f"{n.names.get(post, post)}：{'、'.join(people) or t('app.vacant', lang)}"
                    for post, people in n.holders.items()
                ),
                n.finding.subject,
                "、".join(n.finding.ids[1:]),
            )
            for i, n in enumerate(findings, start=1)
        ],
    )
    fit_columns(ws, (6, 24, 8, 18, 80, 40, 22, 30))
    ws.freeze_panes = "A3"
    return save_workbook(wb)


def problems_xlsx(problems: Sequence[Problem], lang: Lang, *, source: str) -> bytes:
    """An input's problems as a workbook to fix it by: one row per problem
    (grouped ones name every row), with the cell's content as it was read and
    how many further problems it caused."""
    wb = Workbook()
    ws = wb.active
    ws.title = t("app.problems_sheet", lang)
    errors = sum(1 for p in problems if p.severity.value == "error")
    title = t("app.problems_title", lang, source=source, count=errors, notices=len(problems) - errors)
    ws.append([safe_cell(title)])
    ws["A1"].font = Font(bold=True, size=13)
    keys = ("col_file", "col_row", "col_column", "col_cell", "col_severity", "col_message", "col_rows", "col_caused")
    sheet_rows(ws, [[t(f"app.{k}", lang) for k in keys]], bold=True)
    sheet_rows(
        ws,
        [
            (
                p.file,
                p.row if p.row is not None else "",
                p.column or "",
                _cell_as_read(p),
                t(f"app.severity_{p.severity.value}", lang),
                p.message(lang),
                "、".join(map(str, p.rows)) if p.more_rows else "",
                p.caused or "",
            )
            for p in problems
        ],
    )
    fit_columns(ws, (16, 6, 14, 20, 8, 80, 24, 10))
    ws.freeze_panes = "A3"
    return save_workbook(wb)


def _cell_as_read(problem: Problem) -> str:
    """What the offending cell held (the values referred to, for a grouped reference)."""
    if "value" in problem.params:
        return str(problem.params["value"])
    values = problem.params.get("values")
    return "、".join(map(str, values)) if isinstance(values, list) else ""


def trace_xlsx(sections: Sequence[Section], lang: Lang) -> bytes:
    """A trace report as one sheet, its sections one under another."""
    wb = Workbook()
    ws = wb.active
    ws.title = t("app.trace_sheet", lang)
    for section in sections:
        ws.append([safe_cell(section.title)])
        ws.cell(ws.max_row, 1).font = Font(bold=True, size=12)
        sheet_rows(ws, [section.columns], bold=True)
        sheet_rows(ws, section.rows)
        ws.append([])
    fit_columns(ws, (26, 26, 30, 90))
    return save_workbook(wb)


def trace_json(trace: Trace, lang: Lang) -> bytes:
    """The trace in the JSON contract of ``respnet trace --json``."""
    return json.dumps(trace.to_dict(lang), ensure_ascii=False, indent=2).encode("utf-8")
