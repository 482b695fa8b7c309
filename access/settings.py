"""Site-wide settings an administrator chooses (``$RESPNET_HOME/settings.json``):
for now, the rule set traces use by default. The CLI and the app read the same
file, so a choice made in the app holds on the command line too."""

from __future__ import annotations

import json
from typing import Any

from access.paths import home
from loaders.atomic import atomic_write

__all__ = ["default_rule_set", "set_default_rule_set"]

_FILE = "settings.json"


def _read() -> dict[str, Any]:
    try:
        doc = json.loads((home() / _FILE).read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    return doc if isinstance(doc, dict) else {}


def default_rule_set() -> str | None:
    """The rule set an administrator chose as the default, None when none was chosen."""
    name = _read().get("rule_set")
    return str(name) if name else None


def set_default_rule_set(name: str) -> None:
    """Make ``name`` (a shipped rule set) the default of every trace."""
    from rules import shipped

    shipped(name)  # an unknown name is refused before anything is written
    home().mkdir(parents=True, exist_ok=True)
    doc = {**_read(), "rule_set": name}
    atomic_write(home(), _FILE, json.dumps(doc, ensure_ascii=False, indent=2).encode(), mode=0o600)
