"""Every Cypher statement of store/cypher.py through Neo4j's own Cypher front end.

``tests/cypher/lint.mjs`` runs ``lintCypherQuery`` from the npm package
``@neo4j-cypher/language-support`` with the project's labels, relationship
types, property keys and parameters declared; any diagnostic (error or
warning) fails. Deliberately broken statements show that the check can fail.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from graph.schema import EdgeType, NodeLabel
from store.cypher import META_LABEL, PARAMETERS, PROJECT_LABEL, PROPERTY_KEYS, STATEMENTS, graph_schema

pytestmark = pytest.mark.slow  # Neo4j's Cypher front end under Node (about 25 s)

LINT_DIR = Path(__file__).resolve().parent.parent / "cypher"
LINTER = LINT_DIR / "node_modules" / "@neo4j-cypher" / "language-support"


def _need_linter() -> str:
    node = shutil.which("node")
    missing = []
    if node is None:
        missing.append("Node.js (apt install nodejs npm)")
    if not LINTER.is_dir():
        missing.append(f"the linter package (npm ci --prefix {LINT_DIR})")
    if missing:
        message = "Cypher linter unavailable: install " + " and ".join(missing) + "; `make test` does both."
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    assert node is not None
    return node


def db_schema() -> dict[str, Any]:
    return {
        "labels": [*(label.value for label in NodeLabel), PROJECT_LABEL, META_LABEL],
        "relationshipTypes": [etype.value for etype in EdgeType],
        "propertyKeys": list(PROPERTY_KEYS),
        "parameters": dict.fromkeys(PARAMETERS),
        "defaultLanguage": "CYPHER 5",
        "graphSchema": list(graph_schema()),
    }


def lint(statements: dict[str, str]) -> dict[str, list[list[Any]]]:
    node = _need_linter()
    payload = json.dumps({"schema": db_schema(), "statements": [{"name": n, "text": t} for n, t in statements.items()]})
    done = subprocess.run(
        [node, str(LINT_DIR / "lint.mjs")], input=payload, capture_output=True, text=True, cwd=LINT_DIR, timeout=300
    )
    assert done.returncode == 0, done.stderr
    result: dict[str, list[list[Any]]] = json.loads(done.stdout)
    return result


def test_every_statement_passes_neo4j_s_cypher_front_end() -> None:
    found = lint({name: stmt.text for name, stmt in STATEMENTS.items()})
    assert set(found) == set(STATEMENTS)
    bad = {name: diags for name, diags in found.items() if diags}
    assert not bad, "\n".join(f"{n}: {d}\n{STATEMENTS[n].text}" for n, d in bad.items())


def test_every_parameter_is_declared() -> None:
    for stmt in STATEMENTS.values():
        assert stmt.params <= set(PARAMETERS), stmt.name


BROKEN = {
    # a syntax error: the statement stops half-way
    "syntax": "MATCH (d:Duty) WHERE d.bound_role IS NULL RETURN",
    # a misspelt label and property
    "label": "MATCH (p:Postion) RETURN p.titel",
    # an undeclared parameter
    "parameter": "MATCH (o:Organization {id: $org_id}) RETURN o.name",
    # a relationship the schema does not allow (IN points from posts to organizations)
    "direction": "MATCH (o:Organization)-[:IN]->(p:Position) RETURN p.id",
    # syntax Neo4j 5 no longer accepts
    "removed": "MATCH (d:Duty) WHERE exists(d.bound_role) RETURN d.id",
}


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_a_broken_statement_fails_the_check(name: str) -> None:
    found = lint({name: BROKEN[name]})
    assert found[name], f"the linter passed a broken statement: {BROKEN[name]}"
