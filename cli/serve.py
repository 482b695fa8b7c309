"""``respnet app``: the inspector's app, its data loading from the start (:mod:`ui.serve`)."""

from __future__ import annotations

import os
from pathlib import Path

import click

from cli.base import Run, help_text, pass_run

__all__ = ["app"]


@click.command(help=help_text("app_help"), context_settings={"ignore_unknown_options": True})
@click.option("--data", "data", metavar="DATA", type=click.Path(path_type=str), help=help_text("app_data_help"))
@click.option("--no-preload", is_flag=True, help=help_text("app_no_preload_help"))
@click.argument("streamlit_args", nargs=-1, type=click.UNPROCESSED)
@pass_run
def app(run: Run, data: str | None, no_preload: bool, streamlit_args: tuple[str, ...]) -> None:
    if data is not None:
        path = Path(data).expanduser()
        if not path.exists():
            run.refuse("error.source_missing", path=data)
        os.environ["RESPNET_DATA"] = str(path.resolve())
    from ui.serve import serve

    serve(streamlit_args, load_first=not no_preload)
