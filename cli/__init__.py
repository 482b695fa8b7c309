"""The ``respnet`` command line: thin, over ``loaders``, ``graph``, ``queries``, ``rules`` and ``access``.

One module per command family, loaded only when its command runs (click's
lazy-loading group): :mod:`cli.scans` (check, the scans, compliance),
:mod:`cli.trace`, :mod:`cli.investigate` (path, person, unit),
:mod:`cli.timeline` (diff, handover, whatif), :mod:`cli.casework` (decisions, leads),
:mod:`cli.push`, :mod:`cli.lists` (import-list),
:mod:`cli.synth`, :mod:`cli.template`, :mod:`cli.serve` (app), :mod:`cli.rules`,
:mod:`cli.users` (user, audit). What they share — the typed context object, the
options, the terminal — is :mod:`cli.base`.

Exit status: 0 when the command ran (findings are output, not failures);
2 for bad input (data that does not validate, a missing path, an unknown case
id, a malformed option); 3 when Neo4j cannot be used (unreachable, wrong
credentials, missing database, too old); 1 for an internal error. Each error
class carries its status (:attr:`graph.errors.RespnetError.exit_code`) and
:class:`LazyGroup` is the one place an error becomes one. ``--json`` prints one
JSON document on standard output. Help texts follow ``RESPNET_LANG`` (Chinese
by default); ``--lang`` sets the language of the output.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Iterator, Mapping, MutableMapping
from typing import Any

import click

from cli.base import EXIT_INTERNAL, Run, help_text, out
from graph.errors import RespnetError
from graph.i18n import resolve_lang, t

__all__ = ["main", "run"]

#: Each command and where it lives, as ``module:attribute``.
COMMANDS = {
    "check": "cli.scans:check",
    "orphans": "cli.scans:orphans",
    "gaps": "cli.scans:gaps",
    "overlaps": "cli.scans:overlaps",
    "compliance": "cli.scans:compliance",
    "trace": "cli.trace:trace",
    "path": "cli.investigate:path",
    "person": "cli.investigate:person",
    "unit": "cli.investigate:unit",
    "diff": "cli.timeline:diff_command",
    "handover": "cli.timeline:handover",
    "whatif": "cli.timeline:whatif_command",
    "decisions": "cli.casework:decisions",
    "leads": "cli.casework:leads",
    "push": "cli.push:push",
    "import-list": "cli.lists:import_list",
    "synth": "cli.synth:synth",
    "template": "cli.template:template",
    "app": "cli.serve:app",
    "rules": "cli.rules:rules",
    "user": "cli.users:user",
    "audit": "cli.users:audit",
}


class _Commands(MutableMapping[str, click.Command]):
    """A group's commands by name, each imported from its module when first asked for."""

    def __init__(self, where: Mapping[str, str]) -> None:
        self._where = dict(where)
        self._loaded: dict[str, click.Command] = {}

    def __getitem__(self, name: str) -> click.Command:
        if name not in self._loaded:
            module, attribute = self._where[name].split(":")
            command = getattr(importlib.import_module(module), attribute)
            if not isinstance(command, click.Command):
                raise TypeError(f"{self._where[name]} is not a click command")
            self._loaded[name] = command
        return self._loaded[name]

    def __setitem__(self, name: str, command: click.Command) -> None:
        self._where.pop(name, None)
        self._loaded[name] = command

    def __delitem__(self, name: str) -> None:
        if name not in self._where and name not in self._loaded:
            raise KeyError(name)
        self._where.pop(name, None)
        self._loaded.pop(name, None)

    def __iter__(self) -> Iterator[str]:
        return iter(dict.fromkeys([*self._where, *self._loaded]))

    def __len__(self) -> int:
        return len(set(self._where) | set(self._loaded))


class LazyGroup(click.Group):
    """A click group whose commands are imported when they run (so ``respnet
    user add`` never imports the analyses, and the store commands alone import
    the Neo4j driver), and where the project's own errors end a command: their
    message in the run's language, the exit status their class carries."""

    def __init__(self, *args: Any, lazy_commands: Mapping[str, str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.commands = _Commands(lazy_commands)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except RespnetError as e:
            Run.of(ctx).report(e)


@click.group(
    cls=LazyGroup,
    lazy_commands=COMMANDS,
    help=help_text("main_help"),
    context_settings={"help_option_names": ["-h", "--help"]},
)
@click.option("--lang", type=click.Choice(["zh", "en"]), default=None, help=help_text("lang_help"))
@click.version_option(package_name="respnet")
@click.pass_context
def main(ctx: click.Context, lang: str | None) -> None:
    from access.paths import tidy

    ctx.obj = Run(lang=resolve_lang(lang), lang_chosen=bool(lang or os.environ.get("RESPNET_LANG")))
    tidy()  # what a killed write left behind


def run() -> None:
    """Entry point: :func:`main`, with errors raised before a command ran and
    unexpected ones turned into one line."""
    try:
        main(standalone_mode=True)
    except RespnetError as e:  # raised before a command ran (the group's own options)
        Run().report(e)
    except Exception as e:
        if os.environ.get("RESPNET_DEBUG"):
            raise
        click.echo(out(t("cli.internal_error", resolve_lang(), detail=f"{type(e).__name__}: {e}")), err=True)
        raise SystemExit(EXIT_INTERNAL) from None
