"""The package import graph, drawn from the code itself (``make architecture``).

``python -m tests.architecture`` prints a Mermaid diagram of which of respnet's
packages import which; ``--write`` puts it into docs/architecture.md between its
markers. tests/test_architecture.py fails when the page's diagram is stale.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("graph", "loaders", "rules", "queries", "store", "access", "casework", "reports", "cli", "ui")
BEGIN, END = "<!-- imports:begin (make architecture) -->", "<!-- imports:end -->"
PAGE = ROOT / "docs" / "architecture.md"


def package_imports() -> dict[str, set[str]]:
    """For each package (and app.py), the other packages its modules import."""
    edges: dict[str, set[str]] = {}
    sources = {p: sorted((ROOT / p).rglob("*.py")) for p in PACKAGES} | {"app": [ROOT / "app.py"]}
    for package, files in sources.items():
        found: set[str] = set()
        for path in files:
            for node in ast.walk(ast.parse(path.read_text("utf-8"))):
                if isinstance(node, ast.Import):
                    found |= {a.name.split(".")[0] for a in node.names}
                elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                    found.add(node.module.split(".")[0])
        edges[package] = {p for p in found if p in PACKAGES and p != package}
    return edges


def module_imports() -> dict[str, set[str]]:
    """For each of respnet's modules, the modules of respnet it imports when it
    runs (anywhere in the file, imports inside functions too; not those made
    only for the type checker, under ``if TYPE_CHECKING:``)."""
    files = {
        ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__"): path
        for package in PACKAGES
        for path in sorted((ROOT / package).rglob("*.py"))
    }
    edges: dict[str, set[str]] = {}
    for module, path in files.items():
        found: set[str] = set()
        for node in _run_time_nodes(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Import):
                found |= {a.name for a in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                found.add(node.module)
                found |= {f"{node.module}.{a.name}" for a in node.names}
        edges[module] = {m for m in found if m in files and m != module}
    return edges


def _run_time_nodes(tree: ast.AST) -> list[ast.AST]:
    """Every node of ``tree`` but those under ``if TYPE_CHECKING:``."""
    nodes, todo = [], [tree]
    while todo:
        node = todo.pop()
        nodes.append(node)
        if isinstance(node, ast.If) and isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING":
            todo.extend(node.orelse)
            continue
        todo.extend(ast.iter_child_nodes(node))
    return nodes


def diagram() -> str:
    """The import graph as Mermaid: an arrow from each package to what it imports."""
    lines = ["```mermaid", "graph BT"]
    for package, imports in package_imports().items():
        lines += [f"    {package} --> {target}" for target in sorted(imports)]
    return "\n".join([*lines, "```"])


def write() -> None:
    text = PAGE.read_text("utf-8")
    head, rest = text.split(BEGIN, 1)
    _, tail = rest.split(END, 1)
    PAGE.write_text(f"{head}{BEGIN}\n{diagram()}\n{END}{tail}", "utf-8")


if __name__ == "__main__":
    if "--write" in sys.argv:
        write()
    else:
        print(diagram())
