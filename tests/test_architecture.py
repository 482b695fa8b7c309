"""Imports point one way: loaders -> graph -> queries -> (store, cli, app). The
analyses never import streamlit, neo4j or the loaders; only the app layer
imports streamlit or pyvis; the Neo4j adapter lives in store/, not graph/."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

FORBIDDEN = {
    "graph": {"loaders", "queries", "store", "cli", "app", "ui", "streamlit", "pyvis", "neo4j"},
    # the store is an adapter: it reads the model, and the app and the CLI use it
    "store": {"queries", "cli", "app", "ui", "streamlit", "pyvis"},
    "loaders": {"queries", "store", "cli", "app", "ui", "streamlit", "pyvis", "neo4j"},
    "queries": {"loaders", "store", "cli", "app", "ui", "streamlit", "pyvis", "neo4j"},
    # accounts, the audit log, dataset versions: shared by the app and the CLI, so no UI in them
    "access": {"queries", "store", "cli", "app", "ui", "streamlit", "pyvis", "neo4j"},
    # the accountability rule sets: data and their reader, below the analyses that follow them
    "rules": {"loaders", "queries", "store", "cli", "app", "ui", "access", "streamlit", "pyvis", "neo4j"},
    # leads and the ledger: a database adapter under the app and the CLI, never drawing anything
    # (files are written whole by loaders.atomic, as the access package's are)
    "casework": {"store", "cli", "app", "ui", "reports", "streamlit", "pyvis", "neo4j"},
    # the filed reports: made from results, for the app and the CLI to hand out
    "reports": {"loaders", "store", "cli", "app", "ui", "streamlit", "pyvis", "neo4j"},
}


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text("utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("package", sorted(p for p in FORBIDDEN if not p.endswith(".py")))
def test_packages_import_only_downstream(package: str) -> None:
    for path in (ROOT / package).rglob("*.py"):
        rule = FORBIDDEN.get(path.relative_to(ROOT).as_posix(), FORBIDDEN[package])
        bad = imported_modules(path) & rule
        assert not bad, f"{path.relative_to(ROOT)} imports {sorted(bad)}"


def test_importing_the_analyses_loads_no_loader_app_or_database_module() -> None:
    code = (
        "import sys, queries, queries.trace, queries.compliance, queries.pushdown, graph.subgraph;"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in "
        "{'loaders', 'streamlit', 'neo4j', 'pyvis', 'openpyxl', 'cli', 'ui', 'sqlalchemy', 'casework'});"
        "print(bad); sys.exit(1 if bad else 0)"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.parametrize(
    "command",
    [
        ["user", "list"],
        ["audit", "verify"],
        ["check", "data/demo"],
        ["gaps", "data/demo"],
        ["orphans", "data/demo"],
        ["overlaps", "data/demo"],
        ["compliance", "data/demo", "--from", "2025-01-01", "--to", "2025-12-31"],
        ["trace", "data/demo", "C2024-06"],
        ["rules", "wenze2019"],
    ],
)
def test_the_account_and_audit_commands_load_no_app_module(command: list[str], tmp_path: Path) -> None:
    import os

    env = {**os.environ, "RESPNET_HOME": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "cli", *command], cwd=ROOT, capture_output=True, text=True, env=env
    )
    assert done.returncode == 0, done.stderr[-2000:]
    loaded = {line.rsplit("|", 1)[-1].strip().split(".")[0] for line in done.stderr.splitlines() if "|" in line}
    assert not loaded & {"streamlit", "pyvis", "ui", "neo4j"}, sorted(loaded & {"streamlit", "pyvis", "ui", "neo4j"})


def test_every_third_party_module_the_package_imports_is_declared() -> None:
    import tomllib
    from importlib.metadata import packages_distributions

    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    declared = {
        d.split(";")[0].split("[")[0].split(">")[0].split("<")[0].split("=")[0].strip().lower().replace("_", "-")
        for d in project["dependencies"]
    }
    setup = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["tool"]["setuptools"]
    ours = {p.split(".")[0] for p in setup["packages"]} | {"app"}
    stdlib = set(sys.stdlib_module_names)
    distributions = packages_distributions()
    missing: dict[str, str] = {}
    for package in sorted(ours - {"app"}):
        for path in (ROOT / package).rglob("*.py"):
            for module in imported_modules(path) - ours - stdlib - {"__future__"}:
                dists = {d.lower().replace("_", "-") for d in distributions.get(module, [module])}
                if not dists & declared:
                    missing[module] = path.relative_to(ROOT).as_posix()
    assert not missing, f"imported but not declared in pyproject.toml: {missing}"


def test_the_architecture_page_draws_the_imports_as_they_are() -> None:
    from tests.architecture import BEGIN, END, PAGE, diagram

    text = PAGE.read_text("utf-8")
    drawn = text.split(BEGIN, 1)[1].split(END, 1)[0].strip()
    assert drawn == diagram(), "docs/architecture.md is stale: run `make architecture`"


def test_the_slow_marker_is_used_and_the_fast_lane_leaves_out_only_marked_tests() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "--collect-only", "-q", "-m", "slow", "-p", "no:cacheprovider"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    slow = [line for line in done.stdout.splitlines() if "::" in line]
    assert any("test_browser" in line for line in slow) and any("test_fuzz" in line for line in slow)
    assert not any("test_architecture" in line or "test_golden" in line for line in slow)


def test_adding_and_removing_an_account_and_importing_a_list_load_no_app_module(tmp_path: Path) -> None:
    import os

    env = {**os.environ, "RESPNET_HOME": str(tmp_path / "home")}
    listing = tmp_path / "清单.txt"
    listing.write_text(
        "溪口镇党委主体责任清单\n一、每半年至少召开一次专题会议。\n二、每年至少听取一次班子成员汇报。\n", "utf-8"
    )
    runs = [
        (["user", "add", "wu", "--role", "admin", "--password-stdin"], "a-long-password-123\n"),
        (["user", "remove", "wu"], None),
        (["import-list", str(listing), "-o", str(tmp_path / "lists" / "x.yaml")], None),
    ]
    for command, given in runs:
        done = subprocess.run(
            [sys.executable, "-X", "importtime", "-m", "cli", *command],
            cwd=ROOT,
            capture_output=True,
            text=True,
            env=env,
            input=given,
        )
        assert done.returncode == 0, (command, done.stderr[-2000:])
        loaded = {line.rsplit("|", 1)[-1].strip().split(".")[0] for line in done.stderr.splitlines() if "|" in line}
        assert not loaded & {"streamlit", "pyvis", "ui", "neo4j"}, (command, sorted(loaded))


def test_no_two_modules_import_each_other() -> None:
    """Not even through a function-level import: the schema declares, the translation
    table labels, the term reader reads (graph.schema imports nothing of ours)."""
    import networkx as nx

    from tests.architecture import module_imports

    imports = module_imports()
    assert not imports["graph.schema"], imports["graph.schema"]
    graph = nx.DiGraph([(a, b) for a, targets in imports.items() for b in targets])
    assert "graph.i18n" in graph and "loaders.readers" in graph  # the walk sees the modules it should
    assert list(nx.simple_cycles(graph)) == []


def test_no_drawing_uses_the_deprecated_components_call() -> None:
    """Streamlit removes ``st.components.v1`` after 2026-06-01: every drawing is
    on the canvas (``st.components.v2``, :mod:`ui.canvas`)."""
    files = [ROOT / "app.py", *(ROOT / "ui").rglob("*.py")]
    used = [
        str(p.relative_to(ROOT)) for p in files if re.search(r"components\.v1|components\.html\(", p.read_text("utf-8"))
    ]
    assert used == []
