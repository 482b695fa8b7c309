"""The leads and the rectification ledger as rows (for JSON) and as a workbook."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font

from casework.book import light
from casework.models import Lead, RectItem
from graph.i18n import Lang, t
from graph.temporal import iso_utc, local_time
from reports.sheets import fit_columns, save_workbook, sheet_rows

__all__ = ["item_row", "lead_row", "leads_xlsx"]


def item_row(item: RectItem, today: date) -> dict[str, Any]:
    """A ledger item as JSON, with its light read on ``today``."""
    return {
        "id": item.id,
        "lead": item.lead_id,
        "decision": item.decision_ref,
        "org": item.org_id,
        "measure": item.measure,
        "deadline": item.deadline.isoformat(),
        "contact": item.contact,
        "status": item.status,
        "light": light(item, today).value,
        "closed_at": iso_utc(item.closed_at) if item.closed_at else None,
        "closed_by": item.closed_by,
        "evidence": [{"name": a.name, "sha256": a.sha256, "size": a.size} for a in item.evidence],
    }


def lead_row(lead: Lead, today: date) -> dict[str, Any]:
    """A lead as JSON: its fields, notes, files and ledger items."""
    return {
        "id": lead.id,
        "title": lead.title,
        "source": {"kind": lead.source_kind, "ref": lead.source_ref},
        "org": lead.org_id,
        "status": lead.status,
        "assignee": lead.assignee,
        "due": lead.due.isoformat() if lead.due else None,
        "created_at": iso_utc(lead.created_at),
        "created_by": lead.created_by,
        "notes": [{"at": iso_utc(n.at), "author": n.author, "text": n.text} for n in lead.notes],
        "files": [{"name": a.name, "sha256": a.sha256, "size": a.size} for a in lead.attachments],
        "items": [item_row(i, today) for i in lead.items],
    }


def leads_xlsx(leads: Sequence[Lead], items: Sequence[RectItem], lang: Lang, *, today: date) -> bytes:
    """Two sheets: the leads (问题线索) and the ledger (整改台账), each row as read on ``today``."""
    wb = Workbook()
    ws = wb.active
    ws.title = t("leads.sheet_leads", lang)
    keys: tuple[str, ...] = ("col_id", "col_title", "col_source", "col_org", "col_status", "col_assignee", "col_due")
    keys += ("col_notes", "col_files")
    sheet_rows(ws, [[t(f"leads.{k}", lang) for k in keys]], bold=True)
    sheet_rows(
        ws,
        [
            (
                lead.id,
                lead.title,
                f"{t(f'lead_source.{lead.source_kind}', lang)}：{lead.source_ref}",
                lead.org_id,
                t(f"lead_status.{lead.status}", lang),
                lead.assignee or "",
                lead.due.isoformat() if lead.due else "",
                "\n".join(f"{local_time(n.at)} {n.author}：{n.text}" for n in lead.notes),
                "\n".join(f"{a.name} ({a.sha256})" for a in lead.attachments),
            )
            for lead in leads
        ],
    )
    fit_columns(ws, (8, 36, 30, 14, 10, 12, 12, 60, 40))
    ws.freeze_panes = "A2"
    ledger = wb.create_sheet(t("leads.sheet_items", lang))
    keys = ("col_id", "col_title", "col_org", "col_measure", "col_deadline", "col_contact", "col_status")
    keys += ("col_light", "col_evidence")
    sheet_rows(ledger, [[t(f"leads.{k}", lang) for k in keys]], bold=True)
    sheet_rows(
        ledger,
        [
            (
                item.id,
                item.lead_id or item.decision_ref or "",
                item.org_id,
                item.measure,
                item.deadline.isoformat(),
                item.contact or "",
                t(f"item_status.{item.status}", lang),
                t(f"light.{light(item, today).value}", lang),
                "\n".join(f"{a.name} ({a.sha256})" for a in item.evidence),
            )
            for item in items
        ],
    )
    fit_columns(ledger, (8, 14, 14, 50, 12, 12, 10, 16, 40))
    ledger.freeze_panes = "A2"
    for sheet in (ws, ledger):
        for cell in sheet[1]:
            cell.font = Font(bold=True)
    return save_workbook(wb)
