"""``respnet import-list`` (a list document to a template draft) and
``respnet synth`` (a fictional province for benchmarks)."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.table import Table

from cli import _JSON, EXIT_BAD_INPUT, _cell, _console, _emit_json, _fail, _help, _lang, _out, main
from graph.i18n import Lang, t


@main.command(name="import-list", help=_help("import_help"))
@click.argument("file", metavar="FILE", type=click.Path(path_type=str))
@click.option("-o", "--output", metavar="lists/NAME.yaml", required=True, help=_help("import_output_help"))
@click.option("--id", "list_id", metavar="ID", default=None, help=_help("import_id_help"))
@click.option("--title", default="", help=_help("import_title_help"))
@click.option("--force", is_flag=True, help=_help("import_force_help"))
@_JSON
@click.pass_context
def import_list_command(
    ctx: click.Context, file: str, output: str, list_id: str | None, title: str, force: bool, as_json: bool
) -> None:
    from graph.errors import NoClausesFound
    from loaders.atomic import atomic_write, clean_stale
    from loaders.listimport import check_draft, draft_yaml, import_list, list_id_for

    lang = _lang(ctx)
    if os.path.exists(output) and not force:
        _fail(t("cli.import_exists", lang, path=output))
    try:
        with Console(stderr=True).status(t("cli.import_reading", lang, name=os.path.basename(file))):
            draft = import_list(file, list_id=list_id or list_id_for(output), title=title)
    except NoClausesFound as e:
        if as_json:
            _emit_json({"ok": False, "error": e.message(lang), "notes": [n.as_dict() for n in e.notes]})  # type: ignore[attr-defined]
            sys.exit(EXIT_BAD_INPUT)
        _print_notes(e.notes, lang, err=True)
        _fail(e.message(lang))
    problems, _ = check_draft(draft, lang)
    errors = [p for p in problems if p.severity.value == "error"]
    target = Path(output)
    clean_stale(target.parent)
    atomic_write(target.parent, target.name, draft_yaml(draft, lang).encode("utf-8"))
    if as_json:
        _emit_json(
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
    _print_notes(draft.notes, lang)
    summary = t("cli.import_written", lang, path=output, clauses=len(draft.clauses), unplaced=len(draft.unplaced))
    click.echo(_out(summary))
    if problems:
        click.echo(t("cli.import_check", lang, count=len(problems)))
        for p in problems:
            click.echo(_out(f"  {p.render(lang)}"))
    click.echo(_out(t("cli.import_valid" if not errors else "cli.import_invalid", lang, path=output)))


@main.command(help=_help("synth_help"))
@click.argument("out", metavar="OUT", type=click.Path(path_type=str))
@click.option("--orgs", type=click.IntRange(min=10), default=1000, show_default=True, help=_help("synth_orgs_help"))
@click.option("--seed", type=int, default=1, show_default=True, help=_help("synth_seed_help"))
@click.option(
    "--years", type=click.IntRange(min=1, max=30), default=5, show_default=True, help=_help("synth_years_help")
)
@click.option("--force", is_flag=True, help=_help("synth_force_help"))
@click.pass_context
def synth(ctx: click.Context, out: str, orgs: int, seed: int, years: int, force: bool) -> None:
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from loaders.synth import synthesize

    lang = _lang(ctx)
    path = Path(out)
    if path.exists() and any(path.iterdir()) and not force:
        _fail(t("cli.synth_exists", lang, path=out))
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task(t("cli.synth_phase", lang, phase="tree"), total=None)

        def progress(phase: str, n: int) -> None:
            if n < 0:
                bar.update(task, total=-n, completed=0)
            elif n == 0:
                bar.update(task, description=t("cli.synth_phase", lang, phase=t(f"synth_phase.{phase}", lang)))
            else:
                bar.advance(task, n)

        summary = synthesize(path, orgs=orgs, seed=seed, years=years, progress=progress)
    click.echo(_out(t("cli.synth_written", lang, path=out, orgs=summary.rows["organizations"])))
    table = Table(title_justify="left")
    table.add_column(t("cli.synth_table", lang))
    table.add_column(t("cli.synth_rows", lang), justify="right")
    for name, count in summary.rows.items():
        table.add_row(name, f"{count:,}")
    _console().print(table)


def _print_notes(notes: Sequence[Any], lang: Lang, err: bool = False) -> None:
    if not notes:
        return
    table = Table(title=t("cli.import_notes", lang), title_justify="left")
    for key in ("import_line", "import_clause", "message", "import_text"):
        table.add_column(t(f"cli.{key}", lang), overflow="fold")
    for n in notes:
        table.add_row(str(n.line or ""), _cell(n.clause or ""), _cell(n.message(lang)), _cell(n.excerpt))
    console = Console(stderr=True) if err else _console()
    console.print(table)
