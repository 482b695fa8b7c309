"""The ``respnet`` command line: thin, over ``loaders``, ``graph`` and ``queries``.

Exit status: 0 when the command ran (findings are output, not failures);
2 for bad input (data that does not validate, a missing path, an unknown case
id, a malformed option); 1 for an internal error. ``--json`` prints one JSON
document on standard output. Help texts follow ``RESPNET_LANG`` (Chinese by
default); ``--lang`` sets the language of the output.
"""

from __future__ import annotations

import json
import os
import sys
from collections import Counter
from collections.abc import Callable, Sequence
from datetime import date
from typing import Any, NoReturn

import click
from rich.console import Console
from rich.table import Table

from graph.errors import DataSourceError, LoadError, NodeNotFound, RespnetError
from graph.i18n import Lang, resolve_lang, t
from graph.model import ResponsibilityGraph
from graph.records import Dataset
from loaders.cells import CellError, parse_date
from queries import compliance as compliance_scan
from queries import gaps as gaps_scan
from queries import orphans as orphans_scan
from queries import overlaps as overlaps_scan
from queries import trace_case
from queries.findings import Finding, FindingKind
from queries.trace import Trace
from queries.trace_report import namer, trace_sections

__all__ = ["main"]

EXIT_BAD_INPUT = 2
EXIT_INTERNAL = 1
_HELP_LANG = resolve_lang()


def _help(key: str) -> str:
    return t(f"cli.{key}", _HELP_LANG)


class ISODate(click.ParamType[date, Any]):
    """A ``YYYY-MM-DD`` option value."""

    name = "YYYY-MM-DD"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> date:
        if isinstance(value, date):
            return value
        try:
            return parse_date(str(value).strip())
        except CellError:
            self.fail(t("error.bad_date_option", _lang(ctx), value=value), param, ctx)


def _lang(ctx: click.Context | None) -> Lang:
    obj = ctx.find_root().obj if ctx else None
    return obj if obj in ("zh", "en") else resolve_lang()


def _report_lang(ctx: click.Context) -> Lang | None:
    """The language of an input-problem report: both (None) unless ``--lang`` or
    ``$RESPNET_LANG`` chose one, so whoever fixes the file can read it."""
    chosen = ctx.find_root().params.get("lang") or os.environ.get("RESPNET_LANG")
    return _lang(ctx) if chosen else None


def _console() -> Console:
    console = Console()
    if not console.is_terminal:
        console = Console(width=160)
    return console


def _fail(message: str, code: int = EXIT_BAD_INPUT) -> NoReturn:
    click.echo(message, err=True)
    sys.exit(code)


def _dataset(ctx: click.Context, data: str, as_json: bool = False) -> Dataset:
    """Read and validate DATA; bad input ends the command with its report and exit
    status 2 (as a JSON document on stdout for ``check --json``)."""
    from loaders import load_dataset

    lang = _lang(ctx)
    try:
        return load_dataset(data)
    except LoadError as e:
        if as_json:
            _emit_json(
                {
                    "ok": False,
                    "problems": [p.as_dict() for p in e.problems],
                    "warnings": [w.as_dict() for w in e.warnings],
                }
            )
            sys.exit(EXIT_BAD_INPUT)
        _fail(e.report(_report_lang(ctx)) + _warnings_text(e.warnings, lang))
    except DataSourceError as e:
        _fail(e.message(lang))


def _load(ctx: click.Context, data: str) -> ResponsibilityGraph:
    """The graph of DATA (see :func:`_dataset` for bad input)."""
    from graph.builder import build_graph

    return build_graph(_dataset(ctx, data))


def _emit_json(payload: Any) -> None:
    click.echo(json.dumps(payload, ensure_ascii=False, indent=2))


def _print_findings(ctx: click.Context, findings: Sequence[Finding], empty: str, as_json: bool) -> None:
    lang = _lang(ctx)
    if as_json:
        _emit_json([f.to_dict(lang) for f in findings])
        return
    console = _console()
    if not findings:
        console.print(empty)
        return
    table = Table(show_lines=False)
    for key in ("kind", "subject", "message"):
        table.add_column(t(f"cli.{key}", lang), overflow="fold")
    for f in findings:
        table.add_row(t(f"finding_kind.{f.kind.value}", lang), f.subject, f.message(lang))
    console.print(table)
    counts = Counter(f.kind for f in findings)
    by_kind = [f"{t(f'finding_kind.{k.value}', lang)} {counts[k]}" for k in FindingKind if counts[k]]
    console.print(t("cli.total", lang, count=len(findings), by_kind=by_kind))


_DATA = click.argument("data", metavar="DATA", type=click.Path(path_type=str))
_JSON = click.option("--json", "as_json", is_flag=True, help=_help("json_help"))
_AT = click.option("--at", type=ISODate(), default=None, help=_help("at_help"))


@click.group(help=_help("main_help"), context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--lang", type=click.Choice(["zh", "en"]), default=None, help=_help("lang_help"))
@click.version_option(package_name="respnet")
@click.pass_context
def main(ctx: click.Context, lang: str | None) -> None:
    ctx.obj = resolve_lang(lang)


@main.command(help=_help("check_help"))
@_DATA
@_JSON
@click.pass_context
def check(ctx: click.Context, data: str, as_json: bool) -> None:
    from graph.builder import build_graph

    lang = _lang(ctx)
    dataset = _dataset(ctx, data, as_json)
    G = build_graph(dataset)
    nodes = {label.value: n for label, n in G.node_counts().items()}
    edges = {etype.value: n for etype, n in G.edge_counts().items() if n}
    if as_json:
        _emit_json(
            {
                "ok": True,
                "name": dataset.name,
                "nodes": nodes,
                "edges": edges,
                "warnings": [w.as_dict() for w in dataset.warnings],
            }
        )
        return
    console = _console()
    console.print(t("cli.valid", lang, name=dataset.name))
    for title, counts, vocab in (("nodes", nodes, "node_label"), ("edges", edges, "edge_type")):
        table = Table(t(f"cli.{title}", lang), t("cli.count", lang))
        for name, n in counts.items():
            table.add_row(f"{t(f'{vocab}.{name}', lang)} ({name})", str(n))
        console.print(table)
    text = _warnings_text(dataset.warnings, lang)
    if text:
        click.echo(text.lstrip("\n"))


def _warnings_text(warnings: Sequence[Any], lang: Lang) -> str:
    if not warnings:
        return ""
    return "\n" + "\n".join([t("cli.warnings", lang, count=len(warnings)), *(w.render(lang) for w in warnings)])


def _scan_command(name: str, scan: Callable[..., list[Finding]]) -> None:
    @main.command(name=name, help=_help(f"{name}_help"))
    @_DATA
    @_AT
    @_JSON
    @click.pass_context
    def command(ctx: click.Context, data: str, at: date | None, as_json: bool) -> None:
        day = at or date.today()
        findings = scan(_load(ctx, data), at=day)
        _print_findings(ctx, findings, t("cli.none_found", _lang(ctx), at=day), as_json)


_scan_command("orphans", orphans_scan)
_scan_command("gaps", gaps_scan)
_scan_command("overlaps", overlaps_scan)


@main.command(help=_help("compliance_help"))
@_DATA
@click.option("--from", "start", type=ISODate(), required=True, help=_help("from_help"))
@click.option("--to", "end", type=ISODate(), required=True, help=_help("to_help"))
@_JSON
@click.pass_context
def compliance(ctx: click.Context, data: str, start: date, end: date, as_json: bool) -> None:
    lang = _lang(ctx)
    if start > end:
        _fail(t("error.bad_range", lang, start=start, end=end))
    findings = compliance_scan(_load(ctx, data), start=start, end=end)
    _print_findings(ctx, findings, t("cli.none_found_range", lang, start=start, end=end), as_json)


@main.command(help=_help("trace_help"))
@_DATA
@click.argument("case_id", metavar="CASE_ID")
@_JSON
@click.pass_context
def trace(ctx: click.Context, data: str, case_id: str, as_json: bool) -> None:
    lang = _lang(ctx)
    G = _load(ctx, data)
    try:
        result = trace_case(G, case_id)
    except NodeNotFound as e:
        _fail(e.message(lang))
    if as_json:
        _emit_json(result.to_dict(lang))
    else:
        _print_trace(result, lang, namer(G))


def _print_trace(tr: Trace, lang: Lang, name: Callable[[str], str]) -> None:
    console = _console()
    case, *sections = trace_sections(tr, lang, name)
    console.print(case.title)
    if tr.breached:
        console.print(f"{t('cli.breached', lang)}：" + "；".join(f"{text} ({d})" for d, text in tr.breached))
    for section in sections:
        table = Table(title=section.title, title_justify="left")
        for column in section.columns:
            table.add_column(column, overflow="fold")
        for row in section.rows:
            table.add_row(*row)
        console.print(table)


def run() -> None:
    """Entry point: :func:`main` with unexpected errors turned into one line."""
    try:
        main(standalone_mode=True)
    except RespnetError as e:
        _fail(e.message(resolve_lang()))
    except Exception as e:
        if os.environ.get("RESPNET_DEBUG"):
            raise
        _fail(t("cli.internal_error", resolve_lang(), detail=f"{type(e).__name__}: {e}"), EXIT_INTERNAL)


if __name__ == "__main__":
    run()
