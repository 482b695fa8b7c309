"""Accounts and roles: who may sign in to the app and what each may see.

Accounts live in ``users.yaml`` under the app's home folder (``$RESPNET_HOME``,
by default ``~/.respnet``), written by ``respnet user add``. A password is
kept only as a salted argon2id hash; a file holding anything else where a
hash belongs is refused, so a plain password never works. An account meant
for the organisation's single sign-on (OIDC, Streamlit's ``st.login``) has
no password at all and is matched on the e-mail the provider vouches for.

Roles:

- ``admin`` — everything, plus import, push to Neo4j, accounts and the audit log;
- ``inspector`` — reads everything;
- ``unit_inspector`` — reads only the organization subtrees of its ``scope``
  (the app hands the analyses a scoped graph, :mod:`graph.scope`).

With no ``users.yaml`` the app runs open (no sign-in) and says so on every page.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

import yaml
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from graph.errors import RespnetError
from ui.files import atomic_write

__all__ = [
    "AccountError",
    "Permission",
    "Role",
    "Throttle",
    "User",
    "UserStore",
    "home",
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


class AccountError(RespnetError):
    """An account file or command that cannot be accepted; the message says why."""

    key = "error.account_file"


class Role(StrEnum):
    ADMIN = "admin"
    INSPECTOR = "inspector"
    UNIT_INSPECTOR = "unit_inspector"


class Permission(StrEnum):
    IMPORT = "import"  # upload, validate and save a dataset; choose the data source
    PUSH = "push"  # write to the shared Neo4j store
    ACCOUNTS = "accounts"  # see accounts and the audit log
    CONSOLE = "console"  # run Cypher on the shared store (it cannot be scoped)
    LISTS = "lists"  # draft list templates (they bind across the whole network)


_GRANTS: dict[Role, frozenset[Permission]] = {
    Role.ADMIN: frozenset(Permission),
    Role.INSPECTOR: frozenset({Permission.CONSOLE, Permission.LISTS}),
    Role.UNIT_INSPECTOR: frozenset(),
}


def home() -> Path:
    """The app's own folder: accounts, the audit log, saved datasets."""
    return Path(os.environ.get("RESPNET_HOME") or Path.home() / ".respnet").expanduser()


@dataclass(frozen=True)
class User:
    """A signed-in (or sign-in-able) account."""

    name: str
    role: Role
    scope: tuple[str, ...] = ()
    display: str = ""
    password_hash: str | None = field(default=None, repr=False)
    oidc: bool = False

    @property
    def scoped(self) -> bool:
        """Whether this user sees only the subtrees of ``scope``."""
        return self.role is Role.UNIT_INSPECTOR

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
        role = Role(str(row.get("role", "")))
    except ValueError:
        raise AccountError(
            "error.account_role", user=name, role=row.get("role"), where=where, allowed=", ".join(Role)
        ) from None
    scope = row.get("scope") or []
    if isinstance(scope, str):
        scope = [scope]
    scope = tuple(str(s).strip() for s in scope if str(s).strip())
    if role is Role.UNIT_INSPECTOR and not scope:
        raise AccountError("error.account_no_scope", user=name, where=where)
    if role is not Role.UNIT_INSPECTOR and scope:
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
    restart), written whole through a temporary file and an atomic rename."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or home() / "users.yaml"

    @property
    def configured(self) -> bool:
        """Whether sign-in is required (the accounts file exists)."""
        return self.path.exists()

    def users(self) -> dict[str, User]:
        """Every account (raises :class:`AccountError` for a file that cannot be trusted)."""
        if not self.path.exists():
            return {}
        try:
            doc = yaml.safe_load(self.path.read_text("utf-8")) or {}
        except (OSError, UnicodeDecodeError, yaml.YAMLError) as e:
            raise AccountError("error.account_unreadable", where=str(self.path), detail=str(e)) from None
        rows = doc.get("users") if isinstance(doc, Mapping) else None
        if not isinstance(rows, Mapping):
            raise AccountError("error.account_unreadable", where=str(self.path), detail="users:")
        return {str(name): _user(str(name), row, str(self.path)) for name, row in rows.items()}

    def _write(self, users: Iterable[User]) -> None:
        body = yaml.safe_dump(
            {"users": {u.name: u.as_row() for u in sorted(users, key=lambda u: u.name)}},
            allow_unicode=True,
            sort_keys=False,
        )
        atomic_write(self.path, (_HEADER + body).encode("utf-8"), mode=0o600)

    def add(
        self,
        name: str,
        role: Role,
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
        if not name or any(c.isspace() for c in name):
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


class Throttle:
    """Slows down password guessing: after ``limit`` failures in a row a name
    is refused for ``lock_seconds`` (kept in memory, per app process)."""

    def __init__(self, limit: int = 5, lock_seconds: float = 300.0) -> None:
        self.limit, self.lock_seconds = limit, lock_seconds
        self._failures: dict[str, tuple[int, float]] = {}
        self._lock = threading.Lock()

    def wait(self, name: str) -> float:
        """Seconds until ``name`` may try again (0 when it may now)."""
        with self._lock:
            count, last = self._failures.get(name, (0, 0.0))
            if count < self.limit:
                return 0.0
            return max(0.0, last + self.lock_seconds - time.monotonic())

    def failed(self, name: str) -> None:
        with self._lock:
            count, last = self._failures.get(name, (0, 0.0))
            if count >= self.limit and time.monotonic() >= last + self.lock_seconds:
                count = 0  # the lock ran out: start counting again
            self._failures[name] = (count + 1, time.monotonic())

    def succeeded(self, name: str) -> None:
        with self._lock:
            self._failures.pop(name, None)
