"""The command line's shape: one module per family, each loaded when its command runs,
one typed context object, one place where errors end a command."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import click

from cli import COMMANDS, main

ROOT = Path(__file__).resolve().parents[2]


def _loaded(*command: str, home: Path) -> set[str]:
    """The modules a fresh interpreter holds after running ``respnet COMMAND`` (``sys.modules``
    itself: ``-X importtime`` does not list what ``importlib.import_module`` loads)."""
    import os

    script = (
        "import sys, cli\n"
        "try:\n    cli.main(sys.argv[1:], standalone_mode=False)\n"
        "finally:\n    print('\\n'.join(sorted(sys.modules)), file=sys.stderr)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, *command],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "RESPNET_HOME": str(home)},
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return set(done.stderr.split())


def test_a_command_loads_only_its_own_family(tmp_path: Path) -> None:
    users = _loaded("user", "list", home=tmp_path)
    assert "cli.users" in users
    assert not {m for m in users if m.split(".")[0] in {"queries", "rules"}}, "user list loaded the analyses"
    assert not users & {"cli.scans", "cli.trace", "cli.push", "cli.lists", "cli.synth"}
    rules = _loaded("rules", home=tmp_path)
    assert "cli.rules" in rules and "cli.scans" not in rules and "queries.trace" not in rules


def test_every_command_is_found_where_the_table_says() -> None:
    for name, where in COMMANDS.items():
        module, attribute = where.split(":")
        command = main.commands[name]
        assert isinstance(command, click.Command)
        assert command.callback is not None
        assert command.name == name and sys.modules[module].__dict__[attribute] is command


def test_commands_take_the_run_not_the_click_context() -> None:
    """No command reads the language or ``--json`` from click's context itself, and none
    picks an exit status for an error: the Run and the group do."""
    for path in sorted((ROOT / "cli").glob("*.py")):
        if path.name in ("__init__.py", "base.py", "__main__.py"):
            continue
        tree = ast.parse(path.read_text("utf-8"))
        names = {
            n.attr if isinstance(n, ast.Attribute) else n.id
            for n in ast.walk(tree)
            if isinstance(n, ast.Attribute | ast.Name)
        }
        assert "pass_context" not in names, path.name
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and getattr(node.func, "attr", None) == "exit":
                # only a result, never an error: `audit verify` on a broken log, import-list's JSON refusal
                assert path.name in ("users.py", "lists.py"), (path.name, node.lineno)
