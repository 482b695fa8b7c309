"""Accounts and roles: who may sign in to the app and what each may see.

Accounts live in ``users.yaml`` under the app's home folder
(:func:`access.paths.home`), written by ``respnet user add``. A password is
kept only as a salted argon2id hash; a file holding anything else where a
hash belongs is refused, and so is a file that other users may write to. An
account meant for the organisation's single sign-on (OIDC, Streamlit's
``st.login``) has no password at all and is matched on the e-mail the
provider vouches for.

Roles (:class:`AccountRole`):

- ``admin`` — everything, plus import, push to Neo4j, accounts and the audit log;
- ``inspector`` — reads everything;
- ``unit_inspector`` — reads only the organization subtrees of its ``scope``
  (the app hands the analyses a scoped graph, :mod:`graph.scope`).

Without accounts the app is open only when told so (``RESPNET_OPEN=1``) or on
the bundled demo data (:func:`access_mode`). Once accounts exist, the app
keeps a marker (:func:`access.paths.marker_file`), so a missing or unreadable
accounts file lets nobody in rather than everyone.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import Any

import yaml
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from access.paths import marker_file, users_file
from graph.errors import RespnetError
from loaders.atomic import atomic_write

__all__ = [
    "OPEN_ENV",
    "AccessMode",
    "AccountError",
    "AccountRole",
    "Permission",
    "User",
    "UserStore",
    "access_mode",
    "mode_grants",
]

_HASHER = PasswordHasher()  # argon2id, a fresh random salt per hash
_HASH_PREFIX = "$argon2"
#: Verified against when the name is unknown, so a wrong name costs what a wrong password costs.
_DUMMY_HASH = _HASHER.hash("respnet: no such account")
MIN_PASSWORD = 10
_HEADER = (
    "# respnet accounts, written by `respnet user add` / `respnet user remove`.\n"
    "# Passwords are salted argon2id hashes; a plain password here is refused.\n"
)
#: The variable that opens the app to everyone when no account exists.
OPEN_ENV = "RESPNET_OPEN"


class AccountError(RespnetError):
    """An account file or command that cannot be accepted; the message says why."""

    key = "error.account_file"


class AccountRole(StrEnum):
    """What an account may do (not to be confused with a post's category, :class:`graph.schema.Role`)."""

    ADMIN = "admin"
    INSPECTOR = "inspector"
    UNIT_INSPECTOR = "unit_inspector"


class Permission(StrEnum):
    UPLOAD = "upload"  # upload a workbook or zip, validate it and use it in this session
    IMPORT = "import"  # save data everyone is shown (a dataset, a list template); choose the server's data
    PUSH = "push"  # write to the shared Neo4j store
    ACCOUNTS = "accounts"  # see accounts and the audit log
    CONSOLE = "console"  # run Cypher on the shared store (it cannot be scoped)
    LISTS = "lists"  # draft list templates (they bind across the whole network)


_GRANTS: dict[AccountRole, frozenset[Permission]] = {
    AccountRole.ADMIN: frozenset(Permission),
    AccountRole.INSPECTOR: frozenset({Permission.CONSOLE, Permission.LISTS}),
    AccountRole.UNIT_INSPECTOR: frozenset(),
}


class AccessMode(StrEnum):
    """How the app is used: with accounts, open to everyone, or open on the demo only."""

    ACCOUNTS = "accounts"  # sign-in required (accounts exist, or did)
    OPEN = "open"  # no accounts, and RESPNET_OPEN=1 says the app is meant to be open
    DEMO = "demo"  # no accounts, on the bundled demo data: look, try uploads, change nothing shared
    CLOSED = "closed"  # no accounts and real data: nobody is let in


def mode_grants(mode: AccessMode) -> frozenset[Permission]:
    """What everyone may do in an open mode (nothing without an account otherwise)."""
    if mode is AccessMode.OPEN:
        return frozenset(Permission) - {Permission.ACCOUNTS}
    if mode is AccessMode.DEMO:
        return frozenset({Permission.UPLOAD, Permission.LISTS, Permission.CONSOLE})
    return frozenset()


def _flag(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() in ("1", "true", "yes", "on")


def access_mode(store: UserStore, *, on_demo: bool | Callable[[], bool]) -> AccessMode:
    """The mode the app runs in: accounts when they exist (or existed: the
    marker), else open with ``RESPNET_OPEN=1``, else open on the bundled demo
    data only (``on_demo``, asked only then), else closed."""
    if store.configured:
        return AccessMode.ACCOUNTS
    if _flag(OPEN_ENV):
        return AccessMode.OPEN
    demo = on_demo() if callable(on_demo) else on_demo
    return AccessMode.DEMO if demo else AccessMode.CLOSED


@dataclass(frozen=True)
class User:
    """A signed-in (or sign-in-able) account."""

    name: str
    role: AccountRole
    scope: tuple[str, ...] = ()
    display: str = ""
    password_hash: str | None = field(default=None, repr=False)
    oidc: bool = False

    @property
    def scoped(self) -> bool:
        """Whether this user sees only the subtrees of ``scope``."""
        return self.role is AccountRole.UNIT_INSPECTOR

    def can(self, permission: Permission) -> bool:
        return permission in _GRANTS[self.role]

    def as_row(self) -> dict[str, Any]:
        row: dict[str, Any] = {"role": self.role.value}
        if self.display:
            row["name"] = self.display
        if self.scope:
            row["scope"] = list(self.scope)
        if self.oidc:
            row["oidc"] = True
        if self.password_hash:
            row["password"] = self.password_hash
        return row


def _user(name: str, row: Any, where: str) -> User:
    if not isinstance(row, Mapping):
        raise AccountError("error.account_entry", user=name, where=where)
    try:
        role = AccountRole(str(row.get("role", "")))
    except ValueError:
        raise AccountError(
            "error.account_role", user=name, role=row.get("role"), where=where, allowed=", ".join(AccountRole)
        ) from None
    scope = row.get("scope") or []
    if isinstance(scope, str):
        scope = [scope]
    scope = tuple(str(s).strip() for s in scope if str(s).strip())
    if role is AccountRole.UNIT_INSPECTOR and not scope:
        raise AccountError("error.account_no_scope", user=name, where=where)
    if role is not AccountRole.UNIT_INSPECTOR and scope:
        raise AccountError("error.account_scope_unused", user=name, role=role.value, where=where)
    password = row.get("password")
    oidc = bool(row.get("oidc", False))
    if password is not None and not str(password).startswith(_HASH_PREFIX):
        raise AccountError("error.account_plain_password", user=name, where=where)
    if password is None and not oidc:
        raise AccountError("error.account_no_password", user=name, where=where)
    return User(str(name), role, scope, str(row.get("name") or ""), password and str(password), oidc)


class UserStore:
    """The accounts file: read on each call (so ``respnet user add`` needs no
    restart), written whole through a temporary file and an atomic rename.

    Once it has held an account, the marker (``marker``) stays beside it: from
    then on a missing accounts file is an error that lets nobody in, never a
    reason to open the app."""

    def __init__(self, path: Path | None = None, marker: Path | None = None) -> None:
        self.path = path or users_file()
        self.marker = marker or (self.path.parent / marker_file().name if path else marker_file())

    @property
    def configured(self) -> bool:
        """Whether sign-in is required: the accounts file exists, or did (the marker)."""
        return self.path.exists() or self.marker.exists()

    def users(self) -> dict[str, User]:
        """Every account (raises :class:`AccountError` for a file that cannot
        be trusted, or that is missing once accounts existed)."""
        if not self.path.exists():
            if self.marker.exists():
                raise AccountError("error.account_missing", where=str(self.path))
            return {}
        try:
            mode = self.path.stat().st_mode
            text = self.path.read_text("utf-8")
        except OSError as e:
            raise AccountError("error.account_unreadable", where=str(self.path), detail=e.strerror or "") from None
        except UnicodeDecodeError:
            raise AccountError("error.account_unreadable", where=str(self.path), detail="UTF-8") from None
        if mode & (stat.S_IWGRP | stat.S_IWOTH):
            raise AccountError("error.account_writable", where=str(self.path), mode=oct(mode & 0o777))
        try:
            doc = yaml.safe_load(text) or {}
        except yaml.YAMLError as e:
            raise AccountError("error.account_unreadable", where=str(self.path), detail=str(e)) from None
        rows = doc.get("users") if isinstance(doc, Mapping) else None
        if not isinstance(rows, Mapping):
            raise AccountError("error.account_unreadable", where=str(self.path), detail="users:")
        users = {str(name): _user(str(name), row, str(self.path)) for name, row in rows.items()}
        if users and not self.marker.exists():  # accounts written by hand count too
            self._mark()
        return users

    def _mark(self) -> None:
        note = (
            f"# respnet: accounts exist since {datetime.now(UTC).isoformat(timespec='seconds')}.\n"
            "# While this file is here, a missing or unreadable users.yaml lets nobody sign in.\n"
            "# To run the app without accounts again, remove users.yaml and this file.\n"
        )
        atomic_write(self.marker.parent, self.marker.name, note.encode(), mode=0o600)

    def _write(self, users: Iterable[User]) -> None:
        body = yaml.safe_dump(
            {"users": {u.name: u.as_row() for u in sorted(users, key=lambda u: u.name)}},
            allow_unicode=True,
            sort_keys=False,
        )
        atomic_write(self.path.parent, self.path.name, (_HEADER + body).encode("utf-8"), mode=0o600)
        self._mark()

    def add(
        self,
        name: str,
        role: AccountRole,
        *,
        password: str | None = None,
        scope: Iterable[str] = (),
        display: str = "",
        oidc: bool = False,
        replace: bool = False,
    ) -> User:
        """Add (or, with ``replace``, change) an account; the password is hashed here.

        Raises
        ------
        AccountError
            The name is taken (without ``replace``), the password too short, or
            the role and scope do not fit together.
        """
        name = name.strip()
        if not name or any(c.isspace() or not c.isprintable() for c in name):
            raise AccountError("error.account_bad_name", user=name)
        users = self.users()
        if name in users and not replace:
            raise AccountError("error.account_exists", user=name)
        if password is not None and len(password) < MIN_PASSWORD:
            raise AccountError("error.account_short_password", min=MIN_PASSWORD)
        row: dict[str, Any] = {"role": role.value, "scope": list(scope), "name": display, "oidc": oidc}
        if password is not None:
            row["password"] = _HASHER.hash(password)
        user = _user(name, row, str(self.path))
        users[name] = user
        self._write(users.values())
        return user

    def remove(self, name: str) -> None:
        users = self.users()
        if name not in users:
            raise AccountError("error.account_unknown", user=name)
        del users[name]
        self._write(users.values())

    def verify(self, name: str, password: str) -> User | None:
        """The account if ``password`` is its password, else None (in the same
        time whether or not the name exists)."""
        user = self.users().get(name.strip())
        stored = user.password_hash if user is not None and user.password_hash else _DUMMY_HASH
        try:
            _HASHER.verify(stored, password)
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            return None
        return user if user is not None and user.password_hash else None

    def by_email(self, email: str) -> User | None:
        """The single-sign-on account for the e-mail an identity provider vouched for."""
        wanted = email.strip().casefold()
        return next((u for u in self.users().values() if u.oidc and u.name.casefold() == wanted), None)
