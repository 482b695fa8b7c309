"""Where casework is kept and how it is opened: the database's address, the
engine, the Alembic migrations brought up to date on opening.

``RESPNET_DB_URL`` names a shared database (``postgresql://user:pw@host/db``,
driven by psycopg 3); without it, ``casework.sqlite`` in ``$RESPNET_HOME``.
SQLite runs in WAL mode with ``synchronous=FULL``, so a committed change is on
disk when the commit returns and a process killed mid-write leaves the last
committed state.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from importlib import resources
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from access.paths import home
from graph.errors import RespnetError

__all__ = ["DB_URL_ENV", "CaseworkError", "Database", "database_url", "migrate", "revision"]

#: The variable naming a shared database.
DB_URL_ENV = "RESPNET_DB_URL"
_MIGRATIONS = Path(str(resources.files("casework").joinpath("migrations")))


class CaseworkError(RespnetError):
    """A casework request that cannot be done; the message says why."""

    key = "error.casework"


def database_url() -> str:
    """The database casework is kept in (``RESPNET_DB_URL``, else SQLite in the home)."""
    url = os.environ.get(DB_URL_ENV, "").strip()
    if url:
        return url
    home().mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{home() / 'casework.sqlite'}"


def _driver(url: str) -> str:
    """PostgreSQL through psycopg 3 whatever the address says (``postgres://`` too)."""
    parsed = make_url(url.replace("postgres://", "postgresql://", 1) if url.startswith("postgres://") else url)
    if parsed.get_backend_name() == "postgresql" and parsed.get_driver_name() != "psycopg":
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed.render_as_string(hide_password=False)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    for pragma in ("journal_mode=WAL", "synchronous=FULL", "foreign_keys=ON", "busy_timeout=10000"):
        cursor.execute(f"PRAGMA {pragma}")
    cursor.close()


def _config(connection: Any) -> Config:
    config = Config()
    config.set_main_option("script_location", str(_MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def migrate(engine: Engine, target: str = "head") -> None:
    """Bring the schema to ``target`` (Alembic revision), from empty or from an older one."""
    with engine.begin() as connection:
        command.upgrade(_config(connection), target)


def revision(engine: Engine) -> str | None:
    """The schema revision the database is at (None when empty)."""
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def head() -> str:
    """The newest schema revision this version of respnet knows."""
    head = ScriptDirectory.from_config(_config(None)).get_current_head()
    assert head is not None
    return head


class Database:
    """An open casework database: the engine and sessions over it."""

    def __init__(self, url: str | None = None, *, upgrade: bool = True) -> None:
        self.url = _driver(url or database_url())
        self.engine = create_engine(self.url, pool_pre_ping=True)
        if self.engine.dialect.name == "sqlite":
            event.listen(self.engine, "connect", _sqlite_pragmas)
        try:
            if upgrade:
                migrate(self.engine)
        except SQLAlchemyError as e:
            self.engine.dispose()
            raise CaseworkError(
                "error.casework_db", url=self.label, reason=str(getattr(e, "orig", None) or e)[:300]
            ) from None
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    @property
    def label(self) -> str:
        """The address without its password, fit to show."""
        return make_url(self.url).render_as_string(hide_password=True)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session whose work is committed whole on leaving, or not at all."""
        with self._sessions.begin() as session:
            yield session

    def close(self) -> None:
        self.engine.dispose()
