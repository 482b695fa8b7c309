"""``respnet user …`` (the app's accounts) and ``respnet audit verify`` (the audit log, whole or not)."""

from __future__ import annotations

import sys
from typing import Any

import click
from rich.table import Table

from cli.base import EXIT_NOT_WHOLE, JSON, Run, cell, console, help_text, out, pass_run


@click.group(help=help_text("user_help"))
def user() -> None:
    pass


@user.command(name="add", help=help_text("user_add_help"))
@click.argument("name", metavar="NAME")
@click.option(
    "--role",
    type=click.Choice(["admin", "inspector", "unit_inspector"]),
    required=True,
    help=help_text("user_role_help"),
)
@click.option("--scope", "scope", metavar="ORG_ID", multiple=True, help=help_text("user_scope_help"))
@click.option("--display-name", default="", help=help_text("user_display_help"))
@click.option("--oidc", is_flag=True, help=help_text("user_oidc_help"))
@click.option("--password-stdin", is_flag=True, help=help_text("user_stdin_help"))
@click.option("--replace", is_flag=True, help=help_text("user_replace_help"))
@pass_run
def user_add(
    run: Run,
    name: str,
    role: str,
    scope: tuple[str, ...],
    display_name: str,
    oidc: bool,
    password_stdin: bool,
    replace: bool,
) -> None:
    from access.accounts import AccountError, AccountRole, UserStore

    password: str | None = None
    if oidc and password_stdin:
        raise AccountError("error.account_oidc_password")
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    elif not oidc:
        password = click.prompt(run.t("cli.user_password"), hide_input=True)
        if click.prompt(run.t("cli.user_password_again"), hide_input=True) != password:
            raise AccountError("error.account_password_mismatch")
    store = UserStore()
    added = store.add(
        name, AccountRole(role), password=password, scope=scope, display=display_name, oidc=oidc, replace=replace
    )
    run.audit("user_add", None, account=added.name, account_role=added.role.value, scope=list(added.scope) or None)
    click.echo(out(run.t("cli.user_added", user=added.name, role=added.role.value, path=str(store.path))))


@user.command(name="remove", help=help_text("user_remove_help"))
@click.argument("name", metavar="NAME")
@pass_run
def user_remove(run: Run, name: str) -> None:
    from access.accounts import UserStore

    store = UserStore()
    store.remove(name)
    run.audit("user_remove", None, account=name)
    click.echo(out(run.t("cli.user_removed", user=name, path=str(store.path))))


@user.command(name="list", help=help_text("user_list_help"))
@JSON
@pass_run
def user_list(run: Run) -> None:
    from access.accounts import UserStore

    users = UserStore().users()
    if run.as_json:
        run.emit([{"name": u.name, **{k: v for k, v in u.as_row().items() if k != "password"}} for u in users.values()])
        return
    table = Table(title_justify="left")
    for key in ("user_col_name", "user_col_role", "user_col_scope", "user_col_display"):
        table.add_column(run.t(f"cli.{key}"))
    for u in users.values():
        table.add_row(cell(u.name), u.role.value, cell("、".join(u.scope)), cell(u.display))
    console().print(table)


@click.group(help=help_text("audit_help"))
def audit() -> None:
    pass


@audit.command(name="verify", help=help_text("audit_verify_help"))
@JSON
@pass_run
def audit_verify(run: Run) -> None:
    from access.audit import AuditLog

    log = AuditLog.default()
    broken = log.verify()
    anchor = log.anchor()
    if run.as_json:
        run.emit(
            {
                "ok": broken is None,
                "log": str(log.path),
                "anchor": str(log.anchor_path),
                "lines": anchor.lines if anchor else 0,
                "broken": None if broken is None else {**broken.__dict__, "message": _broken(run, broken, log)},
            }
        )
    elif broken is None:
        click.echo(out(run.t("audit.whole_cli", path=str(log.path), lines=anchor.lines if anchor else 0)))
    else:
        click.echo(out(_broken(run, broken, log)), err=True)
    if broken is not None:
        sys.exit(EXIT_NOT_WHOLE)


def _broken(run: Run, broken: Any, log: Any) -> str:
    return run.t(f"audit.broken_{broken.reason}", line=broken.line, expected=broken.expected, path=str(log.path))
