from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest

from graph.model import ResponsibilityGraph
from loaders import load_graph
from tests.helpers import DEMO, DEMO_AT
from tests.postgres import Postgres, postgres_server


@pytest.fixture(scope="session")
def demo() -> ResponsibilityGraph:
    """The demo network, loaded once."""
    return load_graph(DEMO)


@pytest.fixture(scope="session")
def postgres() -> Iterator[Postgres]:
    """A real PostgreSQL for the session (:mod:`tests.postgres`), started on first use."""
    with postgres_server() as server:
        yield server


@pytest.fixture(scope="session")
def demo_at() -> date:
    return date.fromisoformat(DEMO_AT)


def pytest_configure(config: pytest.Config) -> None:
    """Snapshots made by the tests go to a folder of their own, not the user's
    cache; the app's home (accounts, audit log, saved datasets) too, and the
    app under test runs open (``RESPNET_OPEN=1``) unless a test adds accounts
    or tests the open modes themselves."""
    import os
    import tempfile

    os.environ["RESPNET_CACHE"] = tempfile.mkdtemp(prefix="respnet-test-cache-")
    os.environ["RESPNET_HOME"] = tempfile.mkdtemp(prefix="respnet-test-home-")
    os.environ["RESPNET_OPEN"] = "1"


def pytest_report_header(config: pytest.Config) -> str:
    """Which Neo4j server the store's tests run against (its version as it says it)."""
    import os

    if not os.environ.get("NEO4J_URI"):
        return "Neo4j: none (NEO4J_URI not set): the store's tests are skipped"
    from graph.errors import StoreError
    from store.driver import Connection, connect

    try:
        with connect(Connection.from_env()) as store:
            return f"Neo4j: {store.version} {store.edition} at {store.conn.label}"
    except StoreError as e:
        return f"Neo4j: {os.environ['NEO4J_URI']} cannot be used: {e.message('en')}"
