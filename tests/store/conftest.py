"""The store's tests talk to the real Neo4j named by ``NEO4J_URI`` (``make test``
starts one from Maven Central; ``make neo4j`` for a lasting one). Without it
they are skipped with this message, which only a machine without Java or
Maven should see."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from store.driver import Connection, Neo4jStore, connect

NEEDS_SERVER = pytest.mark.skipif(
    not os.environ.get("NEO4J_URI"),
    reason="NEO4J_URI is not set: no Neo4j server to test against. `make test` starts one where Java 17+ "
    "and Maven exist; `make neo4j` starts one for you (then `set -a; . .neo4j/connection.env`).",
)


@pytest.fixture(scope="session")
def store() -> Iterator[Neo4jStore]:
    s = connect(Connection.from_env())
    yield s
    s.close()
