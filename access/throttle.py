"""Slowing down password guessing, across restarts and app processes.

Failed sign-ins are counted in a small SQLite file in the app's home
(:func:`access.paths.signin_file`), per account name and per client address:

- after ``name_limit`` failures in a row a name is refused for ``name_lock`` seconds;
- after ``client_limit`` failures within ``client_lock`` seconds a client
  address is refused for ``client_lock`` seconds, whatever names it tries
  (``RESPNET_SIGNIN_CLIENT_LIMIT``, default 20; 0 turns it off — behind a
  proxy that shows every user with its own address, one address is everyone).

Names are stored only as a keyed hash (HMAC-SHA-256 with a random key kept in
the same file, readable by the app's user alone): what someone typed into the
name box may have been their password. :meth:`Throttle.fingerprint` gives the
same hash for the audit log.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import os
import secrets
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path

from access.paths import signin_file

__all__ = ["Throttle"]

_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    "CREATE TABLE IF NOT EXISTS failures ("
    " kind TEXT NOT NULL, key TEXT NOT NULL, count INTEGER NOT NULL, first REAL NOT NULL, last REAL NOT NULL,"
    " PRIMARY KEY (kind, key))",
)
_NAME, _CLIENT = "name", "client"


def _client_limit() -> int:
    try:
        return max(0, int(os.environ.get("RESPNET_SIGNIN_CLIENT_LIMIT", "") or 20))
    except ValueError:
        return 20


class Throttle:
    """Failed sign-ins, kept in ``path`` (see the module's docstring)."""

    def __init__(
        self,
        path: Path | None = None,
        *,
        name_limit: int = 5,
        name_lock: float = 300.0,
        client_limit: int | None = None,
        client_lock: float = 600.0,
    ) -> None:
        self.path = path or signin_file()
        self.name_limit, self.name_lock = name_limit, name_lock
        self.client_limit = _client_limit() if client_limit is None else client_limit
        self.client_lock = client_lock
        self._key: bytes | None = None
        self._ready = False

    def _rule(self, kind: str) -> tuple[int, float]:
        """How many failures lock a key of this kind, and for how long (seconds)."""
        return (self.name_limit, self.name_lock) if kind == _NAME else (self.client_limit, self.client_lock)

    @contextlib.contextmanager
    def _db(self) -> Iterator[sqlite3.Connection]:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        if not self.path.exists():
            os.close(os.open(self.path, os.O_WRONLY | os.O_CREAT, 0o600))
        db = sqlite3.connect(self.path, timeout=10, isolation_level=None)
        try:
            db.execute("BEGIN IMMEDIATE")
            if not self._ready:  # the tables, once per instance
                for statement in _SCHEMA:
                    db.execute(statement)
                self._ready = True
            yield db
            db.execute("COMMIT")
        except BaseException:
            with contextlib.suppress(sqlite3.Error):
                db.execute("ROLLBACK")
            raise
        finally:
            db.close()

    def fingerprint(self, name: str) -> str:
        """A keyed hash of ``name`` (16 hex digits): the same name gives the
        same value on this installation, and nobody without the key can tell
        what was typed."""
        if self._key is None:
            with self._db() as db:
                row = db.execute("SELECT value FROM meta WHERE key = 'name_key'").fetchone()
                if row is None:
                    row = (secrets.token_hex(32),)
                    db.execute("INSERT INTO meta (key, value) VALUES ('name_key', ?)", row)
            self._key = bytes.fromhex(row[0])
        return hmac.new(self._key, name.encode("utf-8"), hashlib.sha256).hexdigest()[:16]

    def _keys(self, name: str, client: str | None) -> list[tuple[str, str]]:
        keys = [(_NAME, self.fingerprint(name))]
        if client and self.client_limit > 0:
            keys.append((_CLIENT, client))
        return keys

    def wait(self, name: str, client: str | None = None) -> float:
        """Seconds until ``name`` (from ``client``) may try again; 0 when it may now."""
        now = time.time()
        longest = 0.0
        keys = self._keys(name, client)
        with self._db() as db:
            for kind, key in keys:
                row = db.execute("SELECT count, first, last FROM failures WHERE kind = ? AND key = ?", (kind, key))
                found = row.fetchone()
                if found is None:
                    continue
                count, _first, last = found
                limit, lock = self._rule(kind)
                if count >= limit:
                    longest = max(longest, last + lock - now)
        return max(0.0, longest)

    def failed(self, name: str, client: str | None = None) -> None:
        """Count one failed sign-in for ``name`` and ``client``."""
        now = time.time()
        keys = self._keys(name, client)
        with self._db() as db:
            for kind, key in keys:
                found = db.execute(
                    "SELECT count, first, last FROM failures WHERE kind = ? AND key = ?", (kind, key)
                ).fetchone()
                count, first = (found[0], found[1]) if found else (0, now)
                limit, lock = self._rule(kind)
                if found and (count >= limit and now >= found[2] + lock):
                    count, first = 0, now  # the lock ran out: start counting again
                elif found and kind == _CLIENT and now - first > lock:
                    count, first = 0, now  # a client's failures count within a window
                db.execute(
                    "INSERT OR REPLACE INTO failures (kind, key, count, first, last) VALUES (?, ?, ?, ?, ?)",
                    (kind, key, count + 1, first, now),
                )

    def succeeded(self, name: str) -> None:
        """A correct password: the name's count starts again (the client's does not)."""
        key = self.fingerprint(name)
        with self._db() as db:
            db.execute("DELETE FROM failures WHERE kind = ? AND key = ?", (_NAME, key))
