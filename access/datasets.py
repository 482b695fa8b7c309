"""Saved dataset versions, never half-written (:func:`loaders.atomic.atomic_write`).

:class:`DatasetShelf` keeps the datasets an administrator imported: every
saved version stays on disk, and ``current.json`` (itself written
atomically) names the one the app serves and the one before it.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from loaders.atomic import OutsideFolder, atomic_write, within

__all__ = ["DatasetShelf", "SavedDataset"]


@dataclass(frozen=True)
class SavedDataset:
    """One saved version: its file, content hash, original name, who saved it and when."""

    file: str
    sha256: str
    name: str
    saved_by: str
    saved_at: str

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


class DatasetShelf:
    """Saved imports under ``folder`` (``$RESPNET_HOME/datasets``)."""

    POINTER = "current.json"

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def _pointer(self) -> dict[str, Any]:
        try:
            doc = json.loads((self.folder / self.POINTER).read_text("utf-8"))
        except (OSError, ValueError):
            return {}
        return doc if isinstance(doc, dict) else {}

    def _entry(self, key: str, pointer: dict[str, Any] | None = None) -> SavedDataset | None:
        entry = (self._pointer() if pointer is None else pointer).get(key)
        if not isinstance(entry, dict):
            return None
        saved = SavedDataset(**{k: str(entry.get(k, "")) for k in SavedDataset.__dataclass_fields__})
        try:
            return saved if within(self.folder, saved.file).is_file() else None
        except OutsideFolder:  # a pointer edited to name a file elsewhere is not followed
            return None

    def current(self) -> SavedDataset | None:
        """The version the app serves, or None when nothing was saved."""
        return self._entry("current")

    def previous(self) -> SavedDataset | None:
        """The version served before the current one."""
        return self._entry("previous")

    def path(self, saved: SavedDataset) -> Path:
        return within(self.folder, saved.file)

    def save(self, name: str, payload: bytes, *, saved_by: str) -> SavedDataset:
        """Keep ``payload`` (an upload that validated) as a new version and make it
        current; the version it replaces stays on disk as ``previous``."""
        digest = hashlib.sha256(payload).hexdigest()
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
        suffix = Path(name).suffix.lower()
        suffix = suffix if suffix in (".xlsx", ".xlsm", ".zip") else ".xlsx"
        saved = SavedDataset(f"{stamp}-{digest[:12]}{suffix}", digest, name, saved_by, datetime.now(UTC).isoformat())
        atomic_write(self.folder, saved.file, payload, mode=0o600)
        self._point(saved, self.current())
        return saved

    def restore_previous(self) -> SavedDataset | None:
        """Serve the previous version again (the current one becomes previous)."""
        pointer = self._pointer()
        before, now = self._entry("previous", pointer), self._entry("current", pointer)
        if before is None:
            return None
        self._point(before, now)
        return before

    def _point(self, current: SavedDataset, previous: SavedDataset | None) -> None:
        doc = {"current": current.as_dict(), "previous": previous.as_dict() if previous else None}
        atomic_write(self.folder, self.POINTER, json.dumps(doc, ensure_ascii=False, indent=2).encode(), mode=0o600)
