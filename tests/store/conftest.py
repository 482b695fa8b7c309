"""The store's tests talk to the real Neo4j named by ``NEO4J_URI`` (``make test``
starts one from Maven Central; ``make neo4j`` for a lasting one). Without it
they are skipped with this message, which only a machine without Java or
Maven should see."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from graph.model import ResponsibilityGraph
from loaders import load_graph
from loaders.synth import synthesize
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


@pytest.fixture(scope="session")
def province(tmp_path_factory: pytest.TempPathFactory) -> ResponsibilityGraph:
    """A generated province of 2,000 organizations (``respnet synth --orgs 2000``)."""
    folder = tmp_path_factory.mktemp("province") / "orgs-2000"
    synthesize(folder, orgs=2000)
    return load_graph(folder)
