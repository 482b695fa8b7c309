"""The ``respnet`` command line: thin, over ``loaders``, ``graph``, ``queries`` and ``access``.

The analyses live here; list documents and synthetic data in :mod:`cli.documents`;
accounts and the audit log in :mod:`cli.access`.

Exit status: 0 when the command ran (findings are output, not failures);
2 for bad input (data that does not validate, a missing path, an unknown case
id, a malformed option); 3 when Neo4j cannot be used (unreachable, wrong
credentials, missing database, too old); 1 for an internal error. ``--json`` prints one JSON
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
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar

import click
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from graph.errors import DataSourceError, LoadError, NodeNotFound, RespnetError
from graph.i18n import Lang, resolve_lang, t
from graph.model import ResponsibilityGraph
from graph.records import Dataset
from loaders.cells import CellError, parse_date
from loaders.plain import printable
from queries import compliance as compliance_scan
from queries import gaps as gaps_scan
from queries import orphans as orphans_scan
from queries import overlaps as overlaps_scan
from queries import pushdown, trace_case
from queries.findings import Finding, FindingKind
from queries.trace import Trace
from queries.trace_report import namer, trace_sections

if TYPE_CHECKING:
    from store.driver import Neo4jStore

__all__ = ["main"]

EXIT_BAD_INPUT = 2
EXIT_INTERNAL = 1
EXIT_STORE = 3
EXIT_NOT_WHOLE = 1  # `respnet audit verify`: the log is not whole
_HELP_LANG = resolve_lang()


_T = TypeVar("_T")


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


def _out(text: str) -> str:
    """Text for the terminal: control characters from the data shown as escapes, never acting."""
    return printable(text, keep="\n")


def _cell(text: str) -> str:
    """Text for a rich table or line (its own line breaks kept, as in a trace's
    bases): also not read as rich's ``[markup]`` (links, colours)."""
    return escape(printable(text, keep="\n"))


def _fail(message: str, code: int = EXIT_BAD_INPUT) -> NoReturn:
    click.echo(_out(message), err=True)
    sys.exit(code)


def _dataset(ctx: click.Context, data: str, as_json: bool = False) -> Dataset:
    """Read and validate DATA; bad input ends the command with its report and exit
    status 2 (as a JSON document on stdout for ``check --json``)."""
    from loaders import load_dataset

    return _reading(ctx, lambda: load_dataset(data), as_json)


def _reading(ctx: click.Context, read: Callable[[], _T], as_json: bool = False) -> _T:
    lang = _lang(ctx)
    try:
        return read()
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
    """The graph of DATA, from its snapshot when the files have not changed
    (see :mod:`loaders.snapshot`; :func:`_dataset` for bad input)."""
    from loaders.snapshot import load_graph_cached

    return _reading(ctx, lambda: load_graph_cached(data).graph)


def _emit_json(payload: Any) -> None:
    click.echo(json.dumps(payload, ensure_ascii=False, indent=2))


def _print_findings(ctx: click.Context, findings: Sequence[Finding], empty: str, as_json: bool) -> None:
    lang = _lang(ctx)
    if as_json:
        _emit_json([f.to_dict(lang) for f in findings])
        return
    console = _console()
    if not findings:
        console.print(_cell(empty))
        return
    table = Table(show_lines=False)
    for key in ("kind", "subject", "message"):
        table.add_column(t(f"cli.{key}", lang), overflow="fold")
    for f in findings:
        table.add_row(t(f"finding_kind.{f.kind.value}", lang), _cell(f.subject), _cell(f.message(lang)))
    console.print(table)
    counts = Counter(f.kind for f in findings)
    by_kind = [f"{t(f'finding_kind.{k.value}', lang)} {counts[k]}" for k in FindingKind if counts[k]]
    console.print(t("cli.total", lang, count=len(findings), by_kind=by_kind))


_DATA = click.argument("data", metavar="DATA", type=click.Path(path_type=str))
_MAYBE_DATA = click.argument("data", metavar="DATA", type=click.Path(path_type=str), required=False)
_JSON = click.option("--json", "as_json", is_flag=True, help=_help("json_help"))
_AT = click.option("--at", type=ISODate(), default=None, help=_help("at_help"))
_NEO4J = click.option("--neo4j-uri", "neo4j_uri", metavar="URI", default=None, help=_help("neo4j_uri_help"))
_DATABASE = click.option("--database", metavar="NAME", default=None, help=_help("database_help"))


# ---------------------------------------------------------------- Neo4j
def _store(ctx: click.Context, uri: str | None, database: str | None) -> Neo4jStore:
    """A checked connection; the password from $NEO4J_PASSWORD or a prompt."""
    from store.driver import Connection, connect

    lang = _lang(ctx)

    def ask(user: str) -> str:
        return str(click.prompt(t("cli.password_prompt", lang, user=user), hide_input=True, err=True))

    conn = Connection.from_env(uri, database, ask=ask if sys.stdin.isatty() else None)
    store = connect(conn)
    click.echo(_out(t("cli.connected", lang, version=store.version, edition=store.edition, where=conn.label)), err=True)
    return store


def _stored(ctx: click.Context, uri: str, database: str | None) -> Neo4jStore:
    """A connection to a database that holds pushed data."""
    store = _store(ctx, uri, database)
    meta = store.meta()
    if meta is None:
        store.close()
        _fail(t("error.store_empty", _lang(ctx), where=store.conn.label), EXIT_STORE)
    if meta.get("pushing"):  # a push is writing, or stopped half-way: say so, on stderr
        click.echo(_out(t("cli.store_pushing", _lang(ctx), where=store.conn.label, pushing=meta["pushing"])), err=True)
    return store


def _one_source(ctx: click.Context, data: str | None, uri: str | None) -> None:
    if data and uri:
        _fail(t("cli.source_both", _lang(ctx)))
    if not data and not uri:
        _fail(t("cli.source_none", _lang(ctx)))


class _Group(click.Group):
    """The command group: the project's own errors end a command with their
    message in the chosen language and the exit status each error class carries
    (:attr:`graph.errors.RespnetError.exit_code`: 3 for Neo4j, 2 otherwise)."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except RespnetError as e:
            _fail(e.message(_lang(ctx)), e.exit_code)


@click.group(cls=_Group, help=_help("main_help"), context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--lang", type=click.Choice(["zh", "en"]), default=None, help=_help("lang_help"))
@click.version_option(package_name="respnet")
@click.pass_context
def main(ctx: click.Context, lang: str | None) -> None:
    from access.paths import tidy

    ctx.obj = resolve_lang(lang)
    tidy()  # what a killed write left behind


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
    console.print(_cell(t("cli.valid", lang, name=dataset.name)))
    for title, counts, vocab in (("nodes", nodes, "node_label"), ("edges", edges, "edge_type")):
        table = Table(t(f"cli.{title}", lang), t("cli.count", lang))
        for name, n in counts.items():
            table.add_row(f"{t(f'{vocab}.{name}', lang)} ({name})", str(n))
        console.print(table)
    text = _warnings_text(dataset.warnings, lang)
    if text:
        click.echo(_out(text.lstrip("\n")))


def _warnings_text(warnings: Sequence[Any], lang: Lang) -> str:
    if not warnings:
        return ""
    return "\n" + "\n".join([t("cli.warnings", lang, count=len(warnings)), *(w.render(lang) for w in warnings)])


def _scan_command(name: str, scan: Callable[..., list[Finding]], pushed_down: Callable[..., list[Finding]]) -> None:
    @main.command(name=name, help=_help(f"{name}_help"))
    @_MAYBE_DATA
    @_AT
    @_JSON
    @_NEO4J
    @_DATABASE
    @click.pass_context
    def command(
        ctx: click.Context,
        data: str | None,
        at: date | None,
        as_json: bool,
        neo4j_uri: str | None,
        database: str | None,
    ) -> None:
        _one_source(ctx, data, neo4j_uri)
        day = at or date.today()
        if neo4j_uri:
            with _stored(ctx, neo4j_uri, database) as store:
                findings = pushed_down(store, at=day)
        else:
            findings = scan(_load(ctx, str(data)), at=day)
        _print_findings(ctx, findings, t("cli.none_found", _lang(ctx), at=day), as_json)


_scan_command("orphans", orphans_scan, pushdown.orphans)
_scan_command("gaps", gaps_scan, pushdown.gaps)
_scan_command("overlaps", overlaps_scan, pushdown.overlaps)


@main.command(help=_help("push_help"))
@_DATA
@click.option("--neo4j-uri", "neo4j_uri", metavar="URI", default=None, help=_help("push_uri_help"))
@_DATABASE
@click.option(
    "--batch-size", type=click.IntRange(1, 1_000_000), default=5000, show_default=True, help=_help("batch_help")
)
@click.option("--full", is_flag=True, help=_help("push_full_help"))
@_JSON
@click.pass_context
def push(
    ctx: click.Context,
    data: str,
    neo4j_uri: str | None,
    database: str | None,
    batch_size: int,
    full: bool,
    as_json: bool,
) -> None:
    import time
    from datetime import UTC, datetime

    from graph.builder import build_graph

    lang = _lang(ctx)
    dataset = _dataset(ctx, data)  # validation first: bad data never reaches the database
    G = build_graph(dataset)
    started = time.perf_counter()
    from cli.progress import PushProgress

    with _store(ctx, neo4j_uri, database) as store, PushProgress(lang) as bar:
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
            _audit("push_failed", data, where=where, error=type(e).__name__)
            raise
    seconds = time.perf_counter() - started
    _audit("push", data, where=where, nodes=report.nodes, edges=report.edges)
    if as_json:
        _emit_json({"ok": True, "where": store.conn.label, "seconds": round(seconds, 3), **report.as_dict()})
        return
    click.echo(t("cli.pushed", lang, where=store.conn.label, seconds=f"{seconds:.1f}", **report.as_dict()))
    if report.unchanged:
        click.echo(t("cli.push_unchanged", lang))


@main.command(help=_help("compliance_help"))
@_MAYBE_DATA
@click.option("--from", "start", type=ISODate(), required=True, help=_help("from_help"))
@click.option("--to", "end", type=ISODate(), required=True, help=_help("to_help"))
@_JSON
@_NEO4J
@_DATABASE
@click.pass_context
def compliance(
    ctx: click.Context,
    data: str | None,
    start: date,
    end: date,
    as_json: bool,
    neo4j_uri: str | None,
    database: str | None,
) -> None:
    lang = _lang(ctx)
    if start > end:
        _fail(t("error.bad_range", lang, start=start, end=end))
    _one_source(ctx, data, neo4j_uri)
    if neo4j_uri:  # counted inside the store: only the findings' nodes are read
        with _stored(ctx, neo4j_uri, database) as store:
            findings = pushdown.compliance(store, start=start, end=end)
    else:
        findings = compliance_scan(_load(ctx, str(data)), start=start, end=end)
    _print_findings(ctx, findings, t("cli.none_found_range", lang, start=start, end=end), as_json)


@main.command(help=_help("trace_help"))
@click.argument("args", metavar="DATA CASE_ID", nargs=-1)
@click.option("--rules", "rule_set_name", metavar="NAME|FILE", default=None, help=_help("rules_option_help"))
@_JSON
@_NEO4J
@_DATABASE
@click.pass_context
def trace(
    ctx: click.Context,
    args: tuple[str, ...],
    rule_set_name: str | None,
    as_json: bool,
    neo4j_uri: str | None,
    database: str | None,
) -> None:
    from access.settings import default_rule_set
    from rules import load_rule_set

    lang = _lang(ctx)
    rule_set = load_rule_set(rule_set_name or default_rule_set())
    if len(args) != (1 if neo4j_uri else 2):
        _fail(t("cli.trace_args", lang))
    case_id = args[-1]
    if neo4j_uri:
        with _stored(ctx, neo4j_uri, database) as store:
            try:
                G = store.read_trace(case_id)
            except NodeNotFound as e:
                _fail(e.message(lang))
    else:
        G = _load(ctx, args[0])
    try:
        result = trace_case(G, case_id, rule_set)
    except NodeNotFound as e:
        _fail(e.message(lang))
    if as_json:
        _emit_json(result.to_dict(lang))
    else:
        _print_trace(result, lang, namer(G))


def _print_trace(tr: Trace, lang: Lang, name: Callable[[str], str]) -> None:
    console = _console()
    case, *sections = trace_sections(tr, lang, name)
    console.print(_cell(case.title))
    if tr.breached:
        console.print(_cell(f"{t('cli.breached', lang)}：" + "；".join(f"{text} ({d})" for d, text in tr.breached)))
    for section in sections:
        table = Table(title=_cell(section.title), title_justify="left")
        for column in section.columns:
            table.add_column(column, overflow="fold")
        for row in section.rows:
            table.add_row(*(_cell(cell) for cell in row))
        console.print(table)


def _audit(event: str, source: str | None, **fields: Any) -> None:
    """An audit event from the command line, under the operating-system user."""
    import getpass

    from access.audit import AuditLog

    try:
        who = getpass.getuser()
    except (KeyError, OSError):
        who = None
    AuditLog.default().append(event, user=who, role="cli", source=source, **fields)


def run() -> None:
    """Entry point: :func:`main` with unexpected errors turned into one line."""
    try:
        main(standalone_mode=True)
    except RespnetError as e:  # raised before a command ran (the group's own options)
        _fail(e.message(resolve_lang()), e.exit_code)
    except Exception as e:
        if os.environ.get("RESPNET_DEBUG"):
            raise
        _fail(t("cli.internal_error", resolve_lang(), detail=f"{type(e).__name__}: {e}"), EXIT_INTERNAL)


# the command families kept in modules of their own register on ``main`` (after it exists)
from cli import access, documents, rules  # noqa: E402, F401
