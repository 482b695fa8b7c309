"""``respnet diff``, ``respnet handover`` and ``respnet whatif``: time as a
dimension — what changed between two dates, what each change of holder left
behind, and what a reshuffle would do before it is issued."""

from __future__ import annotations

from datetime import date

import click
from rich.table import Table

from cli.base import DATA, JSON, ISODate, Run, cell, console, help_text, pass_run
from queries.findings import Finding
from queries.handover import HANDOVER_DAYS, handovers
from queries.labels import bearer_label, post_label
from queries.timeline import data_span, dated_findings, diff
from queries.whatif import Move, MoveKind, parse_move, whatif

__all__ = ["diff_command", "handover", "whatif_command"]

FROM = click.option("--from", "start", type=ISODate(), required=True, help=help_text("from_help"))
TO = click.option("--to", "end", type=ISODate(), required=True, help=help_text("to_help"))


def _table(run: Run, *keys: str) -> Table:
    """A table whose columns fold long text instead of cutting it."""
    table = Table()
    for key in keys:
        table.add_column(run.t(key), overflow="fold")
    return table


def _findings_table(run: Run, title: str, findings: list[Finding]) -> None:
    shown = console()
    shown.print(cell(run.t(title, count=len(findings))))
    if findings:
        table = _table(run, "cli.kind", "cli.message")
        for f in findings:
            table.add_row(run.t(f"finding_kind.{f.kind.value}"), cell(f.message(run.lang)))
        shown.print(table)


@click.command(name="diff", help=help_text("diff_help"))
@DATA
@FROM
@TO
@JSON
@pass_run
def diff_command(run: Run, data: str, start: date, end: date) -> None:
    G = run.graph(data)
    run.warn_outside(data_span(G), start, end)
    found = diff(G, start, end)
    if run.as_json:
        run.emit(found.to_dict(run.lang))
        return
    shown = console()
    shown.print(cell(run.t("cli.diff_title", start=start, end=end, count=len(found.changes))))
    table = _table(run, "cli.date", "cli.kind", "cli.message")
    for c in found.changes:
        table.add_row(c.date.isoformat(), run.t(f"change_kind.{c.kind.value}"), cell(c.message(run.lang)))
    shown.print(table)
    _findings_table(run, "cli.diff_opened", found.opened)
    _findings_table(run, "cli.diff_closed", found.closed)


@click.command(help=help_text("handover_help"))
@DATA
@FROM
@TO
@click.option(
    "--days",
    type=click.IntRange(0, 366),
    default=HANDOVER_DAYS,
    show_default=True,
    help=help_text("handover_days_help"),
)
@JSON
@pass_run
def handover(run: Run, data: str, start: date, end: date, days: int) -> None:
    G = run.graph(data)
    run.warn_outside(data_span(G), start, end)
    found = handovers(G, start=start, end=end, days=days, findings=dated_findings(G, end))
    if run.as_json:
        run.emit([h.to_dict(G, run.lang) for h in found])
        return
    shown = console()
    shown.print(cell(run.t("cli.handover_title", start=start, end=end, count=len(found))))
    table = _table(
        run, *(f"cli.handover_{k}" for k in ("post", "left", "to", "vacancy", "duties", "unmet", "open", "record"))
    )
    for h in found:
        s = h.succession
        table.add_row(
            cell(f"{post_label(G, s.position)}\n{G.name(s.from_person)}（{s.left}）"),
            s.left.isoformat(),
            cell(f"{G.name(s.to_person)}（{s.arrived}）" if s.to_person else run.t("cli.handover_nobody")),
            str(s.vacancy_days),
            str(len(h.duties)),
            cell("\n".join(f"{u.duty} {u.window.label(run.lang)} {u.actual}/{u.required}" for u in h.unmet)),
            str(len(h.cases) + len(h.findings)),
            h.record or run.t("cli.handover_none"),
        )
    shown.print(table)


@click.command(name="whatif", help=help_text("whatif_help"))
@DATA
@click.option("--at", type=ISODate(), required=True, help=help_text("whatif_at_help"))
@click.option("--remove-person", "remove", multiple=True, metavar="P", help=help_text("whatif_remove_help"))
@click.option("--end-tenure", "end_tenure", multiple=True, metavar="P:POS", help=help_text("whatif_end_help"))
@click.option("--move-oversight", "move", multiple=True, metavar="POS:ORG:POS2", help=help_text("whatif_move_help"))
@click.option("--merge-orgs", "merge", multiple=True, metavar="A,B", help=help_text("whatif_merge_help"))
@JSON
@pass_run
def whatif_command(
    run: Run,
    data: str,
    at: date,
    remove: tuple[str, ...],
    end_tenure: tuple[str, ...],
    move: tuple[str, ...],
    merge: tuple[str, ...],
) -> None:
    moves: list[Move] = [
        parse_move(kind, text)
        for kind, given in (
            (MoveKind.REMOVE_PERSON, remove),
            (MoveKind.END_TENURE, end_tenure),
            (MoveKind.MOVE_OVERSIGHT, move),
            (MoveKind.MERGE_ORGS, merge),
        )
        for text in given
    ]
    if not moves:
        run.refuse("cli.whatif_nothing")
    G = run.graph(data)
    run.warn_outside(data_span(G), at)
    result = whatif(G, at, moves, dataset=lambda: run.dataset(data))
    if run.as_json:
        run.emit(result.to_dict(run.lang))
        return
    shown = console()
    shown.print(
        cell(
            run.t(
                "cli.whatif_title",
                at=at,
                changes=[m.message(run.lang, lambda i: bearer_label(G, i) if i in G else i) for m in moves],
            )
        )
    )
    shown.print(cell(run.t("cli.whatif_counts", before=len(result.before), after=len(result.after))))
    _findings_table(run, "cli.diff_opened", result.opened)
    _findings_table(run, "cli.diff_closed", result.closed)
