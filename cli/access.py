"""``respnet user …`` (the app's accounts) and ``respnet audit verify`` (the audit log, whole or not)."""

from __future__ import annotations

import sys
from typing import Any

import click
from rich.table import Table

from cli import _JSON, EXIT_NOT_WHOLE, _audit, _cell, _console, _emit_json, _help, _lang, _out, main
from graph.i18n import Lang, t


@main.group(help=_help("user_help"))
def user() -> None:
    pass


@user.command(name="add", help=_help("user_add_help"))
@click.argument("name", metavar="NAME")
@click.option(
    "--role", type=click.Choice(["admin", "inspector", "unit_inspector"]), required=True, help=_help("user_role_help")
)
@click.option("--scope", "scope", metavar="ORG_ID", multiple=True, help=_help("user_scope_help"))
@click.option("--display-name", default="", help=_help("user_display_help"))
@click.option("--oidc", is_flag=True, help=_help("user_oidc_help"))
@click.option("--password-stdin", is_flag=True, help=_help("user_stdin_help"))
@click.option("--replace", is_flag=True, help=_help("user_replace_help"))
@click.pass_context
def user_add(
    ctx: click.Context,
    name: str,
    role: str,
    scope: tuple[str, ...],
    display_name: str,
    oidc: bool,
    password_stdin: bool,
    replace: bool,
) -> None:
    from access.accounts import AccountError, AccountRole, UserStore

    lang = _lang(ctx)
    password: str | None = None
    if oidc and password_stdin:
        raise AccountError("error.account_oidc_password")
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    elif not oidc:
        password = click.prompt(t("cli.user_password", lang), hide_input=True)
        if click.prompt(t("cli.user_password_again", lang), hide_input=True) != password:
            raise AccountError("error.account_password_mismatch")
    store = UserStore()
    added = store.add(
        name, AccountRole(role), password=password, scope=scope, display=display_name, oidc=oidc, replace=replace
    )
    _audit("user_add", None, account=added.name, account_role=added.role.value, scope=list(added.scope) or None)
    click.echo(_out(t("cli.user_added", lang, user=added.name, role=added.role.value, path=str(store.path))))


@user.command(name="remove", help=_help("user_remove_help"))
@click.argument("name", metavar="NAME")
@click.pass_context
def user_remove(ctx: click.Context, name: str) -> None:
    from access.accounts import UserStore

    store = UserStore()
    store.remove(name)
    _audit("user_remove", None, account=name)
    click.echo(_out(t("cli.user_removed", _lang(ctx), user=name, path=str(store.path))))


@user.command(name="list", help=_help("user_list_help"))
@_JSON
@click.pass_context
def user_list(ctx: click.Context, as_json: bool) -> None:
    from access.accounts import UserStore

    users = UserStore().users()
    if as_json:
        _emit_json(
            [{"name": u.name, **{k: v for k, v in u.as_row().items() if k != "password"}} for u in users.values()]
        )
        return
    lang = _lang(ctx)
    table = Table(title_justify="left")
    for key in ("user_col_name", "user_col_role", "user_col_scope", "user_col_display"):
        table.add_column(t(f"cli.{key}", lang))
    for u in users.values():
        table.add_row(_cell(u.name), u.role.value, _cell("、".join(u.scope)), _cell(u.display))
    _console().print(table)


@main.group(help=_help("audit_help"))
def audit() -> None:
    pass


@audit.command(name="verify", help=_help("audit_verify_help"))
@_JSON
@click.pass_context
def audit_verify(ctx: click.Context, as_json: bool) -> None:
    from access.audit import AuditLog

    lang = _lang(ctx)
    log = AuditLog.default()
    broken = log.verify()
    anchor = log.anchor()
    if as_json:
        _emit_json(
            {
                "ok": broken is None,
                "log": str(log.path),
                "anchor": str(log.anchor_path),
                "lines": anchor.lines if anchor else 0,
                "broken": None if broken is None else {**broken.__dict__, "message": _broken(broken, log, lang)},
            }
        )
    elif broken is None:
        click.echo(_out(t("audit.whole_cli", lang, path=str(log.path), lines=anchor.lines if anchor else 0)))
    else:
        click.echo(_out(_broken(broken, log, lang)), err=True)
    if broken is not None:
        sys.exit(EXIT_NOT_WHOLE)


def _broken(broken: Any, log: Any, lang: Lang) -> str:
    return t(f"audit.broken_{broken.reason}", lang, line=broken.line, expected=broken.expected, path=str(log.path))
