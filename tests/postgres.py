"""A real PostgreSQL for the tests, started from Debian's binaries in a
temporary folder on a Unix socket only (no TCP port), stopped at the end.

``RESPNET_TEST_PG_URL`` points the tests at a server already running instead.
Without either, the PostgreSQL tests are skipped — except under ``CI=true``,
where a missing PostgreSQL is a failure (``.ci/run`` installs it).
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

__all__ = ["Postgres", "postgres_server"]


def _binaries() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(Path(p).parts[-3]))
    return Path(found[-1]).parent if found else None


def _as_owner(owner: str | None, *cmd: str) -> list[str]:
    return ["runuser", "-u", owner, "--", *cmd] if owner else list(cmd)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Postgres:
    """A running server: make a fresh database for each test with :meth:`database`."""

    def __init__(self, admin_url: str) -> None:
        self.admin_url = admin_url
        self.version = ""

    def database(self) -> str:
        """A new empty database on the server; its SQLAlchemy address."""
        import psycopg

        name = f"respnet_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(self.admin_url.replace("postgresql+psycopg", "postgresql"), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
            self.version = str(conn.execute("SHOW server_version").fetchone()[0])  # type: ignore[index]
        base, _, query = self.admin_url.partition("?")
        return f"{base.rsplit('/', 1)[0]}/{name}" + (f"?{query}" if query else "")


@contextmanager
def postgres_server() -> Iterator[Postgres]:
    """The server the tests use (see the module's docstring)."""
    given = os.environ.get("RESPNET_TEST_PG_URL")
    if given:
        yield Postgres(given)
        return
    bin_dir = _binaries()
    if bin_dir is None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("PostgreSQL is not installed (Debian's postgresql package): .ci/run installs it")
        pytest.skip("PostgreSQL is not installed here (apt-get install postgresql); its tests are skipped")
    owner = "postgres" if os.geteuid() == 0 else None  # initdb refuses to run as root
    folder = Path(tempfile.mkdtemp(prefix="respnet-pg-"))
    data, sock = folder / "data", folder / "sock"
    sock.mkdir()
    if owner:
        uid = pwd.getpwnam(owner).pw_uid
        for path in (folder, sock):
            os.chown(path, uid, -1)
    port = _free_port()
    run = lambda *cmd: subprocess.run(_as_owner(owner, *cmd), check=True, capture_output=True, text=True)  # noqa: E731
    try:
        run(str(bin_dir / "initdb"), "-D", str(data), "-U", "respnet", "--auth=trust", "-E", "UTF8", "--locale=C")
        options = f"-k {sock} -p {port} -c listen_addresses='' -c fsync=on"
        run(str(bin_dir / "pg_ctl"), "-D", str(data), "-o", options, "-l", str(folder / "log"), "-w", "start")
        yield Postgres(f"postgresql+psycopg://respnet@/postgres?host={sock}&port={port}")
    finally:
        if (data / "postmaster.pid").exists():
            subprocess.run(
                _as_owner(owner, str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"),
                capture_output=True,
            )
        shutil.rmtree(folder, ignore_errors=True)
