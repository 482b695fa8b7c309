"""Every dependency is pinned in constraints.txt, and this environment was
installed from it (so every machine runs the same versions)."""

from __future__ import annotations

import re
import tomllib
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([A-Za-z0-9.+!_-]+)$")


def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _pins() -> dict[str, str]:
    pins: dict[str, str] = {}
    for line in (ROOT / "constraints.txt").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        found = PIN.match(line.strip())
        assert found, f"not an exact pin: {line!r}"
        pins[_norm(found[1])] = found[2]
    return pins


def test_every_declared_dependency_is_pinned() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    declared = [*project["dependencies"], *project["optional-dependencies"]["dev"]]
    names = {_norm(re.split(r"[<>=!~;\[ ]", spec, maxsplit=1)[0]) for spec in declared}
    missing = sorted(names - _pins().keys())
    assert not missing, f"declared but not pinned in constraints.txt: {missing}"


def test_this_environment_runs_the_pinned_versions() -> None:
    installed = {_norm(d.metadata["Name"]): d.version for d in metadata.distributions()}
    wrong = {name: (installed[name], pin) for name, pin in _pins().items() if installed.get(name, pin) != pin}
    assert not wrong, f"installed ≠ pinned (run make test, which installs with -c constraints.txt): {wrong}"
    missing = sorted(name for name in _pins() if name not in installed)
    assert not missing, f"pinned but not installed: {missing}"


def test_make_installs_from_the_lock_file() -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    installs = [line for line in makefile.splitlines() if "-m pip install" in line and ".lock-venv" not in line]
    assert installs and all("-c $(LOCK)" in line for line in installs), installs
    assert "LOCK   := constraints.txt" in makefile
