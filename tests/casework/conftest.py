from __future__ import annotations

from collections.abc import Iterator

import pytest

from casework.db import Database


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path) -> str:  # type: ignore[no-untyped-def]
    """An empty database of each kind: SQLite in a temp folder, a new database on a real PostgreSQL."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'casework.sqlite'}"
    return request.getfixturevalue("postgres").database()


@pytest.fixture
def database(db_url: str) -> Iterator[Database]:
    db = Database(db_url)
    yield db
    db.close()
