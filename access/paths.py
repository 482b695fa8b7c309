"""The app's own folder, ``$RESPNET_HOME`` (by default ``~/.respnet``), and
what it holds."""

from __future__ import annotations

import os
from pathlib import Path

__all__ = [
    "anchor_file",
    "audit_file",
    "datasets_folder",
    "home",
    "marker_file",
    "signin_file",
    "tidy",
    "users_file",
]


def home() -> Path:
    """The app's own folder: accounts, the audit log, saved datasets."""
    return Path(os.environ.get("RESPNET_HOME") or Path.home() / ".respnet").expanduser()


def users_file() -> Path:
    """The accounts (``users.yaml``)."""
    return home() / "users.yaml"


def marker_file() -> Path:
    """Kept once accounts exist: while it is there, a missing accounts file
    lets nobody in instead of opening the app to everyone."""
    return home() / "accounts.required"


def signin_file() -> Path:
    """Failed sign-ins per name and per client (SQLite), so lock-outs outlive a restart."""
    return home() / "signin.sqlite"


def audit_file() -> Path:
    """The audit log (JSON lines)."""
    return home() / "audit.jsonl"


def anchor_file() -> Path:
    """The audit log's anchor: its line count, size and last hash, kept apart
    from the log (``$RESPNET_AUDIT_ANCHOR`` may put it on another disk)."""
    return Path(os.environ.get("RESPNET_AUDIT_ANCHOR") or home() / "audit.anchor.json").expanduser()


def datasets_folder() -> Path:
    """The saved dataset versions."""
    return home() / "datasets"


def tidy(*also: Path) -> list[Path]:
    """Remove the temporary files killed writes left in respnet's own folders
    (the home, the saved datasets, the snapshot cache) and in ``also``; the
    app and the CLI call this when they start (:func:`loaders.atomic.clean_stale`)."""
    from loaders.atomic import clean_stale
    from loaders.snapshot import cache_folder

    return clean_stale(home(), datasets_folder(), cache_folder(), *also)
