"""``respnet decisions`` — what the recorded decisions show as a whole — and
``respnet leads`` — the leads and the rectification ledger kept by the app,
listed, shown and exported (:mod:`casework`)."""

from __future__ import annotations

import getpass
import json
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import click
from rich.table import Table

from cli.base import DATA, JSON, ISODate, Run, cell, console, help_text, pass_run
from graph.temporal import check_range
from queries.decisions import decisions as decision_figures
from queries.decisions import level_name
from queries.timeline import data_span

__all__ = ["decisions", "leads"]

if TYPE_CHECKING:
    from casework.book import Actor, Casebook


def _table(run: Run, *keys: str) -> Table:
    table = Table()
    for key in keys:
        table.add_column(run.t(key), overflow="fold")
    return table


@click.command(help=help_text("decisions_help"))
@DATA
@click.option("--from", "start", type=ISODate(), default=None, help=help_text("decisions_from_help"))
@click.option("--to", "end", type=ISODate(), default=None, help=help_text("decisions_to_help"))
@JSON
@pass_run
def decisions(run: Run, data: str, start: date | None, end: date | None) -> None:
    G = run.graph(data)
    span = data_span(G)
    start = start or span.earliest or date(date.today().year, 1, 1)
    end = end or span.latest or date.today()
    check_range(start, end)
    run.warn_outside(span, start, end)
    found = decision_figures(G, start, end)
    if run.as_json:
        run.emit(found.to_dict())
        return
    shown = console()
    shown.print(cell(run.t("decisions.title", start=start, end=end, total=found.total, orgs=found.organizations)))
    for title, counts, label in (
        ("decisions.by_level", found.by_level, lambda k: level_name(k, run.lang)),
        ("decisions.by_line", found.by_line, lambda k: run.t(f"decisions.line_{k}")),
        ("decisions.by_role", found.by_role, lambda k: run.t(f"decision_role.{k}")),
        ("decisions.by_year", found.by_year, str),
    ):
        table = _table(run, title, "decisions.count")
        for key, n in counts.items():
            table.add_row(label(key), str(n))
        shown.print(table)
    name = found.names.get
    shown.print(cell(run.t("decisions.without_cases", count=len(found.without_cases))))
    shown.print(
        cell(
            "、".join(f"{name(w['org'], w['org'])}（{level_name(w['level'], run.lang)}）" for w in found.without_cases)
            or "—"
        )
    )
    for key, rows, field in (
        ("decisions.repeat", found.repeat, "org"),
        ("decisions.repeat_posts", found.repeat_posts, "post"),
    ):
        shown.print(cell(run.t(key, count=len(rows))))
        for row in rows:
            shown.print(cell(f"  {name(row[field], row[field])}：{'、'.join(row['cases'])}"))


# ---------------------------------------------------------------- leads
@click.group(help=help_text("leads_help"))
def leads() -> None:
    pass


def _book() -> Casebook:
    from casework.book import Casebook
    from casework.db import Database

    return Casebook(Database())


def _me() -> Actor:
    """The CLI acts as the machine's user, unscoped: it runs where the database is."""
    from casework.book import Actor

    return Actor(getpass.getuser(), "cli")


@leads.command(name="list", help=help_text("leads_list_help"))
@click.option("--status", type=click.Choice(["pending", "verifying", "filed", "concluded", "dismissed"]), default=None)
@click.option("--assignee", default=None, metavar="ACCOUNT")
@JSON
@pass_run
def list_leads(run: Run, status: str | None, assignee: str | None) -> None:
    from reports.leads import lead_row

    found = _book().leads(_me(), status=status, assignee=assignee)
    if run.as_json:
        run.emit([lead_row(lead, date.today()) for lead in found])
        return
    keys = ("col_id", "col_title", "col_org", "col_status", "col_assignee", "col_due", "col_items")
    table = _table(run, *(f"leads.{k}" for k in keys))
    for lead in found:
        table.add_row(
            str(lead.id),
            cell(lead.title),
            lead.org_id,
            run.t(f"lead_status.{lead.status}"),
            lead.assignee or "—",
            lead.due.isoformat() if lead.due else "—",
            str(len(lead.items)),
        )
    console().print(table)
    console().print(cell(run.t("leads.total", count=len(found))))


@leads.command(name="items", help=help_text("leads_items_help"))
@click.option("--open", "open_only", is_flag=True, help=help_text("leads_open_help"))
@JSON
@pass_run
def list_items(run: Run, open_only: bool) -> None:
    from reports.leads import item_row

    rows = [item_row(item, date.today()) for item in _book().items(_me(), status="open" if open_only else None)]
    if run.as_json:
        run.emit(rows)
        return
    keys = ("col_id", "col_org", "col_measure", "col_deadline", "col_light", "col_status")
    table = _table(run, *(f"leads.{k}" for k in keys))
    for row in rows:
        table.add_row(
            str(row["id"]),
            row["org"],
            cell(row["measure"]),
            row["deadline"],
            run.t(f"light.{row['light']}"),
            run.t(f"item_status.{row['status']}"),
        )
    console().print(table)


@leads.command(name="export", help=help_text("leads_export_help"))
@click.argument("target", type=click.Path(dir_okay=False, path_type=Path))
@pass_run
def export(run: Run, target: Path) -> None:
    from reports.leads import item_row, lead_row, leads_xlsx

    book, me, today = _book(), _me(), date.today()
    found, items = book.leads(me), book.items(me)
    suffix = target.suffix.lower()
    if suffix not in (".json", ".xlsx"):
        run.refuse("error.leads_export_suffix", name=target.name)
    if suffix == ".json":
        doc = {"leads": [lead_row(lead, today) for lead in found], "items": [item_row(i, today) for i in items]}
        data = json.dumps(doc, ensure_ascii=False, indent=2).encode()
    else:
        data = leads_xlsx(found, items, run.lang, today=today)
    target.write_bytes(data)
    run.echo("leads.exported", count=len(found), items=len(items), path=target)


@leads.command(name="report", help=help_text("leads_report_help"))
@click.argument("lead_id", metavar="N", type=int)
@DATA
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True)
@click.option("--number", default="", metavar="文号", help=help_text("report_number_help"))
@click.option("--pdf", is_flag=True, help=help_text("report_pdf_help"))
@pass_run
def report(run: Run, lead_id: int, data: str, output: Path, number: str, pdf: bool) -> None:
    from reports.paper import lead_document

    G = run.graph(data)
    book, me = _book(), _me()
    docx = lead_document(book, me, lead_id, G, run.lang, number=number, source=data)
    output.write_bytes(docx)
    run.echo("cli.report_written", path=output)
    if pdf:
        from reports.pdf import convert

        target = output.with_suffix(".pdf")
        target.write_bytes(convert(docx))
        run.echo("cli.report_written", path=target)
