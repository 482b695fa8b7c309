"""What every ``respnet`` command shares: the typed context object (:class:`Run`),
the common options, and how text reaches the terminal.

A command takes ``run: Run`` (:data:`pass_run`) instead of click's context: it
carries the language of the output and whether the output is JSON, and reads
data, connects to the store, prints findings and writes the audit log for the
command. Errors are not turned into exit statuses here: a command raises a
:class:`graph.errors.RespnetError` (or calls :meth:`Run.refuse`) and the group
in :mod:`cli` reports it, with the status the error class carries.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any, NoReturn

import click
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from graph.errors import LoadError, RespnetError, StoreError
from graph.i18n import Lang, resolve_lang, t
from loaders.cells import CellError, parse_date
from loaders.plain import printable

if TYPE_CHECKING:
    from graph.model import ResponsibilityGraph
    from graph.records import Dataset
    from queries.findings import Finding
    from queries.timeline import DataSpan
    from store.driver import Neo4jStore

__all__ = [
    "AT",
    "DATA",
    "DATABASE",
    "JSON",
    "MAYBE_DATA",
    "NEO4J",
    "ISODate",
    "Run",
    "cell",
    "console",
    "help_text",
    "out",
    "pass_run",
]

EXIT_INTERNAL = 1
EXIT_NOT_WHOLE = 1  # `respnet audit verify`: the log is not whole
HELP_LANG = resolve_lang()


def help_text(key: str) -> str:
    """A help text, in the language of ``$RESPNET_LANG`` (help is built before ``--lang`` is read)."""
    return t(f"cli.{key}", HELP_LANG)


def out(text: str) -> str:
    """Text for the terminal: control characters from the data shown as escapes, never acting."""
    return printable(text, keep="\n")


def cell(text: str) -> str:
    """Text for a rich table or line (its own line breaks kept, as in a trace's
    bases): also not read as rich's ``[markup]`` (links, colours)."""
    return escape(printable(text, keep="\n"))


def console(stderr: bool = False) -> Console:
    """A rich console; 160 columns when the output is not a terminal."""
    made = Console(stderr=stderr)
    return made if made.is_terminal else Console(stderr=stderr, width=160)


@dataclass
class Run:
    """One command's run: its output language and form, and what it does with both.

    ``lang_chosen`` says whether ``--lang`` or ``$RESPNET_LANG`` chose the
    language; when neither did, an input-problem report is given in both, so
    whoever fixes the file can read it. ``as_json`` is set by ``--json``;
    ``problems_as_json`` by the commands whose JSON includes bad input
    (``check``).
    """

    lang: Lang = field(default_factory=resolve_lang)
    lang_chosen: bool = False
    as_json: bool = False
    problems_as_json: bool = False

    @classmethod
    def of(cls, ctx: click.Context | None) -> Run:
        """The run of ``ctx`` (a fresh one when the group did not make it: a command invoked alone)."""
        found = ctx.find_object(Run) if ctx else None
        return found if found is not None else cls()

    def t(self, key: str, **params: Any) -> str:
        return t(key, self.lang, **params)

    # ------------------------------------------------------------ refusing
    def refuse(self, key: str, **params: Any) -> NoReturn:
        """End the command as bad input (exit status 2) with the message ``key``."""
        raise RespnetError(key, **params)

    def report(self, error: RespnetError) -> NoReturn:
        """The one place an error ends a command: its message (an input report
        for bad data) on stderr, or as JSON where the command asked, and the
        exit status the error class carries."""
        if isinstance(error, LoadError):
            if self.problems_as_json:
                self.emit(
                    {
                        "ok": False,
                        "problems": [p.as_dict() for p in error.problems],
                        "warnings": [w.as_dict() for w in error.warnings],
                    }
                )
                sys.exit(error.exit_code)
            text = error.report(self.lang if self.lang_chosen else None) + self.warnings_text(error.warnings)
        else:
            text = error.message(self.lang)
        click.echo(out(text), err=True)
        sys.exit(error.exit_code)

    # ------------------------------------------------------------ output
    def emit(self, payload: Any) -> None:
        """One JSON document on stdout."""
        click.echo(json.dumps(payload, ensure_ascii=False, indent=2))

    def echo(self, key: str, *, err: bool = False, **params: Any) -> None:
        """One translated line."""
        click.echo(out(self.t(key, **params)), err=err)

    def warnings_text(self, warnings: Sequence[Any]) -> str:
        if not warnings:
            return ""
        return "\n" + "\n".join([self.t("cli.warnings", count=len(warnings)), *(w.render(self.lang) for w in warnings)])

    def findings(self, findings: Sequence[Finding], empty: str) -> None:
        """Findings as JSON or a table with counts by kind; ``empty`` when there are none."""
        from queries.findings import FindingKind

        if self.as_json:
            self.emit([f.to_dict(self.lang) for f in findings])
            return
        shown = console()
        if not findings:
            shown.print(cell(empty))
            return
        table = Table(show_lines=False)
        for key in ("kind", "subject", "message"):
            table.add_column(self.t(f"cli.{key}"), overflow="fold")
        for f in findings:
            table.add_row(self.t(f"finding_kind.{f.kind.value}"), cell(f.subject), cell(f.message(self.lang)))
        shown.print(table)
        counts = Counter(f.kind for f in findings)
        by_kind = [f"{self.t(f'finding_kind.{k.value}')} {counts[k]}" for k in FindingKind if counts[k]]
        shown.print(self.t("cli.total", count=len(findings), by_kind=by_kind))

    def warn_outside(self, span: DataSpan, *days: date) -> None:
        """A notice on stderr for each of ``days`` outside the data's dated facts."""
        for text in dict.fromkeys(w for day in days if (w := span.warning(day, self.lang))):
            click.echo(out(text), err=True)

    # ------------------------------------------------------------ data
    def dataset(self, data: str) -> Dataset:
        """DATA read and validated (bad input is raised as a :class:`LoadError`)."""
        from loaders import load_dataset

        return load_dataset(data)

    def graph(self, data: str) -> ResponsibilityGraph:
        """The graph of DATA, from its snapshot when the files have not changed
        (see :mod:`loaders.snapshot`)."""
        from loaders.snapshot import load_graph_cached

        return load_graph_cached(data).graph

    # ------------------------------------------------------------ Neo4j
    def one_source(self, data: str | None, uri: str | None) -> None:
        """Exactly one of DATA and ``--neo4j-uri``."""
        if data and uri:
            self.refuse("cli.source_both")
        if not data and not uri:
            self.refuse("cli.source_none")

    def store(self, uri: str | None, database: str | None) -> Neo4jStore:
        """A checked connection; the password from $NEO4J_PASSWORD or a prompt."""
        from store.driver import Connection, connect

        def ask(user: str) -> str:
            return str(click.prompt(self.t("cli.password_prompt", user=user), hide_input=True, err=True))

        conn = Connection.from_env(uri, database, ask=ask if sys.stdin.isatty() else None)
        store = connect(conn)
        self.echo("cli.connected", err=True, version=store.version, edition=store.edition, where=conn.label)
        return store

    def stored(self, uri: str, database: str | None) -> Neo4jStore:
        """A connection to a database that holds pushed data."""
        store = self.store(uri, database)
        meta = store.meta()
        if meta is None:
            store.close()
            raise StoreError("error.store_empty", where=store.conn.label)
        if meta.get("pushing"):  # a push is writing, or stopped half-way: say so, on stderr
            self.echo("cli.store_pushing", err=True, where=store.conn.label, pushing=meta["pushing"])
        return store

    # ------------------------------------------------------------ audit
    def audit(self, event: str, source: str | None, **fields: Any) -> None:
        """An audit event from the command line, under the operating-system user."""
        import getpass

        from access.audit import AuditLog

        try:
            who = getpass.getuser()
        except (KeyError, OSError):
            who = None
        AuditLog.default().append(event, user=who, role="cli", source=source, **fields)


pass_run = click.make_pass_decorator(Run, ensure=True)


class ISODate(click.ParamType[date, Any]):
    """A ``YYYY-MM-DD`` option value."""

    name = "YYYY-MM-DD"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> date:
        if isinstance(value, date):
            return value
        try:
            return parse_date(str(value).strip())
        except CellError:
            self.fail(Run.of(ctx).t("error.bad_date_option", value=value), param, ctx)


def _json_output(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    if value:
        ctx.ensure_object(Run).as_json = True


DATA = click.argument("data", metavar="DATA", type=click.Path(path_type=str))
MAYBE_DATA = click.argument("data", metavar="DATA", type=click.Path(path_type=str), required=False)
JSON = click.option(
    "--json", "as_json", is_flag=True, expose_value=False, callback=_json_output, help=help_text("json_help")
)
AT = click.option("--at", type=ISODate(), default=None, help=help_text("at_help"))
NEO4J = click.option("--neo4j-uri", "neo4j_uri", metavar="URI", default=None, help=help_text("neo4j_uri_help"))
DATABASE = click.option("--database", metavar="NAME", default=None, help=help_text("database_help"))
