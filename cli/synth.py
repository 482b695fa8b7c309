"""``respnet synth``: a fictional province, written as a data folder, for benchmarks."""

from __future__ import annotations

from pathlib import Path

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from cli.base import Run, console, help_text, pass_run
from loaders.synth import synthesize

__all__ = ["synth"]


@click.command(help=help_text("synth_help"))
@click.argument("out", metavar="OUT", type=click.Path(path_type=str))
@click.option("--orgs", type=click.IntRange(min=10), default=1000, show_default=True, help=help_text("synth_orgs_help"))
@click.option("--seed", type=int, default=1, show_default=True, help=help_text("synth_seed_help"))
@click.option(
    "--years", type=click.IntRange(min=1, max=30), default=5, show_default=True, help=help_text("synth_years_help")
)
@click.option("--force", is_flag=True, help=help_text("synth_force_help"))
@pass_run
def synth(run: Run, out: str, orgs: int, seed: int, years: int, force: bool) -> None:
    path = Path(out)
    if path.exists() and any(path.iterdir()) and not force:
        run.refuse("cli.synth_exists", path=out)
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task(run.t("cli.synth_phase", phase="tree"), total=None)

        def progress(phase: str, n: int) -> None:
            if n < 0:
                bar.update(task, total=-n, completed=0)
            elif n == 0:
                bar.update(task, description=run.t("cli.synth_phase", phase=run.t(f"synth_phase.{phase}")))
            else:
                bar.advance(task, n)

        summary = synthesize(path, orgs=orgs, seed=seed, years=years, progress=progress)
    run.echo("cli.synth_written", path=out, orgs=summary.rows["organizations"])
    table = Table(title_justify="left")
    table.add_column(run.t("cli.synth_table"))
    table.add_column(run.t("cli.synth_rows"), justify="right")
    for name, count in summary.rows.items():
        table.add_row(name, f"{count:,}")
    console().print(table)
