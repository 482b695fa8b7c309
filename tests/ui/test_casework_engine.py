"""The app keeps one casework database (engine and migration) per process, not one per page run."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest


def test_every_run_shares_one_database_migrated_once(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Eight sessions opening a page with a lead form at once get the same
    database; its schema is brought up to date once (Alembic's migration
    context is not safe to run from several threads at once)."""
    import casework.db
    from ui import casework as app_casework

    monkeypatch.setenv("RESPNET_HOME", str(tmp_path))
    monkeypatch.delenv("RESPNET_DB_URL", raising=False)
    app_casework._database.clear()
    runs: list[object] = []
    real = casework.db.migrate
    monkeypatch.setattr(casework.db, "migrate", lambda engine: (runs.append(engine), real(engine)))
    books: list[object] = []
    threads = [threading.Thread(target=lambda: books.append(app_casework.casebook().db)) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    books.append(app_casework.casebook().db)
    assert len(books) == 9 and all(db is books[0] for db in books)
    assert len(runs) == 1
    app_casework._database.clear()
