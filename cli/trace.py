"""``respnet trace``: the chain of responsibility behind a case, by a rule set."""

from __future__ import annotations

from collections.abc import Callable

import click
from rich.table import Table

import rules
from access.settings import default_rule_set
from cli.base import DATABASE, JSON, NEO4J, Run, cell, console, help_text, pass_run
from queries import trace_case
from queries.trace import Trace
from queries.trace_report import namer, trace_sections

__all__ = ["trace"]


@click.command(help=help_text("trace_help"))
@click.argument("args", metavar="DATA CASE_ID", nargs=-1)
@click.option("--rules", "rule_set_name", metavar="NAME|FILE", default=None, help=help_text("rules_option_help"))
@JSON
@NEO4J
@DATABASE
@pass_run
def trace(
    run: Run, args: tuple[str, ...], rule_set_name: str | None, neo4j_uri: str | None, database: str | None
) -> None:
    rule_set = rules.load_rule_set(rule_set_name or default_rule_set())
    if len(args) != (1 if neo4j_uri else 2):
        run.refuse("cli.trace_args")
    case_id = args[-1]
    if neo4j_uri:
        with run.stored(neo4j_uri, database) as store:
            G = store.read_trace(case_id)
    else:
        G = run.graph(args[0])
    result = trace_case(G, case_id, rule_set)
    if run.as_json:
        run.emit(result.to_dict(run.lang))
    else:
        _print_trace(run, result, namer(G))


def _print_trace(run: Run, tr: Trace, name: Callable[[str], str]) -> None:
    shown = console()
    case, *sections = trace_sections(tr, run.lang, name)
    shown.print(cell(case.title))
    if tr.breached:
        shown.print(cell(f"{run.t('cli.breached')}：" + "；".join(f"{text} ({d})" for d, text in tr.breached)))
    for section in sections:
        table = Table(title=cell(section.title), title_justify="left")
        for column in section.columns:
            table.add_column(column, overflow="fold")
        for row in section.rows:
            table.add_row(*(cell(c) for c in row))
        shown.print(table)
