from __future__ import annotations

from datetime import date

import pytest

from graph.model import ResponsibilityGraph
from loaders import load_graph
from tests.helpers import DEMO, DEMO_AT


@pytest.fixture(scope="session")
def demo() -> ResponsibilityGraph:
    """The demo network, loaded once."""
    return load_graph(DEMO)


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
