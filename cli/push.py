"""``respnet push``: a data folder written to Neo4j, validated first, in batches, resumable."""

from __future__ import annotations

import time
from datetime import UTC, datetime

import click

from cli.base import DATA, DATABASE, JSON, Run, help_text, out, pass_run
from cli.progress import PushProgress
from graph.builder import build_graph

__all__ = ["push"]


@click.command(help=help_text("push_help"))
@DATA
@click.option("--neo4j-uri", "neo4j_uri", metavar="URI", default=None, help=help_text("push_uri_help"))
@DATABASE
@click.option(
    "--batch-size", type=click.IntRange(1, 1_000_000), default=5000, show_default=True, help=help_text("batch_help")
)
@click.option("--full", is_flag=True, help=help_text("push_full_help"))
@JSON
@pass_run
def push(run: Run, data: str, neo4j_uri: str | None, database: str | None, batch_size: int, full: bool) -> None:
    dataset = run.dataset(data)  # validation first: bad data never reaches the database
    G = build_graph(dataset)
    started = time.perf_counter()
    with run.store(neo4j_uri, database) as store, PushProgress(run.lang) as bar:
        where = store.conn.label
        try:
            report = store.push(
                G,
                name=dataset.name,
                batch_size=batch_size,
                progress=bar,
                pushed=datetime.now(UTC).isoformat(),
                full=full,
            )
        except BaseException as e:  # recorded, then raised as it was: running the push again finishes it
            run.audit("push_failed", data, where=where, error=type(e).__name__)
            raise
    seconds = time.perf_counter() - started
    run.audit("push", data, where=where, nodes=report.nodes, edges=report.edges)
    if run.as_json:
        run.emit({"ok": True, "where": where, "seconds": round(seconds, 3), **report.as_dict()})
        return
    click.echo(out(run.t("cli.pushed", where=where, seconds=f"{seconds:.1f}", **report.as_dict())))
    if report.unchanged:
        run.echo("cli.push_unchanged")
