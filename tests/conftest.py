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
