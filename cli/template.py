"""``respnet template``: the workbook to fill in (填报模板)."""

from __future__ import annotations

from pathlib import Path

import click

from cli.base import Run, help_text, pass_run
from loaders.atomic import atomic_write
from loaders.blank import template_workbook

__all__ = ["template"]


@click.command(help=help_text("template_help"))
@click.argument("out", metavar="OUT.xlsx", type=click.Path(path_type=str))
@click.option("--force", is_flag=True, help=help_text("template_force_help"))
@pass_run
def template(run: Run, out: str, force: bool) -> None:
    target = Path(out)
    if target.suffix.lower() != ".xlsx":
        run.refuse("cli.template_suffix", path=out)
    if target.exists() and not force:
        run.refuse("cli.template_exists", path=out)
    target.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(target.parent, target.name, template_workbook(run.lang))
    run.echo("cli.template_written", path=out)
