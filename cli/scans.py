"""``respnet check``, the scans (``orphans``, ``gaps``, ``overlaps``) and ``compliance``:
from a data folder, or inside Neo4j with ``--neo4j-uri``."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import click
from rich.table import Table

from cli.base import AT, DATA, DATABASE, JSON, MAYBE_DATA, NEO4J, ISODate, Run, cell, console, help_text, out, pass_run
from graph.builder import build_graph
from queries import compliance as compliance_scan
from queries import gaps as gaps_scan
from queries import orphans as orphans_scan
from queries import overlaps as overlaps_scan
from queries import pushdown
from queries.findings import Finding
from queries.timeline import data_span

__all__ = ["check", "compliance", "gaps", "orphans", "overlaps"]


@click.command(help=help_text("check_help"))
@DATA
@JSON
@pass_run
def check(run: Run, data: str) -> None:
    run.problems_as_json = run.as_json
    dataset = run.dataset(data)
    G = build_graph(dataset)
    nodes = {label.value: n for label, n in G.node_counts().items()}
    edges = {etype.value: n for etype, n in G.edge_counts().items() if n}
    if run.as_json:
        run.emit(
            {
                "ok": True,
                "name": dataset.name,
                "nodes": nodes,
                "edges": edges,
                "warnings": [w.as_dict() for w in dataset.warnings],
            }
        )
        return
    shown = console()
    shown.print(cell(run.t("cli.valid", name=dataset.name)))
    for title, counts, vocab in (("nodes", nodes, "node_label"), ("edges", edges, "edge_type")):
        table = Table(run.t(f"cli.{title}"), run.t("cli.count"))
        for name, n in counts.items():
            table.add_row(f"{run.t(f'{vocab}.{name}')} ({name})", str(n))
        shown.print(table)
    text = run.warnings_text(dataset.warnings)
    if text:
        click.echo(out(text.lstrip("\n")))


def _scan_command(
    name: str, scan: Callable[..., list[Finding]], pushed_down: Callable[..., list[Finding]]
) -> click.Command:
    @click.command(name=name, help=help_text(f"{name}_help"))
    @MAYBE_DATA
    @AT
    @JSON
    @NEO4J
    @DATABASE
    @pass_run
    def command(run: Run, data: str | None, at: date | None, neo4j_uri: str | None, database: str | None) -> None:
        run.one_source(data, neo4j_uri)
        day = at or date.today()
        if neo4j_uri:
            with run.stored(neo4j_uri, database) as store:
                run.warn_outside(pushdown.data_span(store), day)
                findings = pushed_down(store, at=day)
        else:
            G = run.graph(str(data))
            run.warn_outside(data_span(G), day)
            findings = scan(G, at=day)
        run.findings(findings, run.t("cli.none_found", at=day))

    return command


orphans = _scan_command("orphans", orphans_scan, pushdown.orphans)
gaps = _scan_command("gaps", gaps_scan, pushdown.gaps)
overlaps = _scan_command("overlaps", overlaps_scan, pushdown.overlaps)


@click.command(help=help_text("compliance_help"))
@MAYBE_DATA
@click.option("--from", "start", type=ISODate(), required=True, help=help_text("from_help"))
@click.option("--to", "end", type=ISODate(), required=True, help=help_text("to_help"))
@click.option("--allow-future", "allow_future", is_flag=True, help=help_text("allow_future_help"))
@click.option("--prorate/--no-prorate", default=True, show_default=True, help=help_text("prorate_help"))
@JSON
@NEO4J
@DATABASE
@pass_run
def compliance(
    run: Run,
    data: str | None,
    start: date,
    end: date,
    allow_future: bool,
    prorate: bool,
    neo4j_uri: str | None,
    database: str | None,
) -> None:
    run.one_source(data, neo4j_uri)  # a backwards range is refused by the scan itself
    if neo4j_uri:  # counted inside the store: only the findings' nodes are read
        with run.stored(neo4j_uri, database) as store:
            span = pushdown.data_span(store)
            run.warn_outside(span, start)
            span.check_period(end, allow_future=allow_future)
            findings = pushdown.compliance(store, start=start, end=end, prorate=prorate)
    else:
        G = run.graph(str(data))
        span = data_span(G)
        run.warn_outside(span, start)
        span.check_period(end, allow_future=allow_future)
        findings = compliance_scan(G, start=start, end=end, prorate=prorate)
    run.findings(findings, run.t("cli.none_found_range", start=start, end=end))
