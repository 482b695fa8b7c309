"""``respnet import-list``: a list document (Word, PDF, text) to a template draft, checked."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.table import Table

from cli.base import JSON, Run, cell, console, help_text, out, pass_run
from graph.errors import NoClausesFound
from loaders.atomic import atomic_write, clean_stale
from loaders.listimport import check_draft, draft_yaml, list_id_for
from loaders.listimport import import_list as read_list


@click.command(name="import-list", help=help_text("import_help"))
@click.argument("file", metavar="FILE", type=click.Path(path_type=str))
@click.option("-o", "--output", metavar="lists/NAME.yaml", required=True, help=help_text("import_output_help"))
@click.option("--id", "list_id", metavar="ID", default=None, help=help_text("import_id_help"))
@click.option("--title", default="", help=help_text("import_title_help"))
@click.option("--force", is_flag=True, help=help_text("import_force_help"))
@JSON
@pass_run
def import_list(run: Run, file: str, output: str, list_id: str | None, title: str, force: bool) -> None:
    if os.path.exists(output) and not force:
        run.refuse("cli.import_exists", path=output)
    try:
        with Console(stderr=True).status(run.t("cli.import_reading", name=os.path.basename(file))):
            draft = read_list(file, list_id=list_id or list_id_for(output), title=title)
    except NoClausesFound as e:
        if run.as_json:
            run.emit({"ok": False, "error": e.message(run.lang), "notes": [n.as_dict() for n in e.notes]})  # type: ignore[attr-defined]
            sys.exit(e.exit_code)
        _print_notes(run, e.notes, err=True)
        raise
    problems, _ = check_draft(draft, run.lang)
    errors = [p for p in problems if p.severity.value == "error"]
    target = Path(output)
    clean_stale(target.parent)
    atomic_write(target.parent, target.name, draft_yaml(draft, run.lang).encode("utf-8"))
    if run.as_json:
        run.emit(
            {
                "ok": True,
                "output": output,
                "valid": not errors,
                "list": {
                    "id": draft.id,
                    "title": draft.title,
                    "issuer": draft.issuer,
                    "issued": draft.issued.isoformat() if draft.issued else None,
                },
                "clauses": len(draft.clauses),
                "notes": [n.as_dict() for n in draft.notes],
                "problems": [p.as_dict() for p in problems],
            }
        )
        return
    _print_notes(run, draft.notes)
    summary = run.t("cli.import_written", path=output, clauses=len(draft.clauses), unplaced=len(draft.unplaced))
    click.echo(out(summary))
    if problems:
        run.echo("cli.import_check", count=len(problems))
        for p in problems:
            click.echo(out(f"  {p.render(run.lang)}"))
    run.echo("cli.import_valid" if not errors else "cli.import_invalid", path=output)


def _print_notes(run: Run, notes: Sequence[Any], err: bool = False) -> None:
    if not notes:
        return
    table = Table(title=run.t("cli.import_notes"), title_justify="left")
    for key in ("import_line", "import_clause", "message", "import_text"):
        table.add_column(run.t(f"cli.{key}"), overflow="fold")
    for n in notes:
        table.add_row(str(n.line or ""), cell(n.clause or ""), cell(n.message(run.lang)), cell(n.excerpt))
    console(stderr=err).print(table)
