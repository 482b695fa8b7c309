"""Saved views: a page's state (its page, query parameters and date) saved
under a name per account, in ``$RESPNET_HOME/views.sqlite``.

A view has a short random id; ``?view=ID`` reopens it for anyone the app
lets in (the data they see is still cut to their scope), so a link to a view
can be passed on. Only its owner may delete it. SQLite keeps concurrent saves
from several sessions whole.
"""

from __future__ import annotations

import json
import secrets
import sqlite3
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from access.paths import home
from graph.errors import RespnetError

__all__ = ["MAX_NAME", "SavedView", "SavedViews"]

#: The longest name a view may have.
MAX_NAME = 80
#: The most views one account keeps.
MAX_VIEWS = 200


@dataclass(frozen=True, slots=True)
class SavedView:
    """One saved view: who saved it, its name, the page and its query parameters."""

    id: str
    owner: str
    name: str
    page: str
    params: dict[str, str]
    created: str


class SavedViews:
    """The saved views of this installation (see the module)."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or home() / "views.sqlite"

    @contextmanager
    def _db(self) -> Iterator[sqlite3.Connection]:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(self.path, timeout=10)
        try:
            db.execute(
                "CREATE TABLE IF NOT EXISTS views (id TEXT PRIMARY KEY, owner TEXT NOT NULL, name TEXT NOT NULL,"
                " page TEXT NOT NULL, params TEXT NOT NULL, created TEXT NOT NULL)"
            )
            with db:
                yield db
        finally:
            db.close()

    def save(self, owner: str, name: str, page: str, params: Mapping[str, str]) -> SavedView:
        """Save a view (a name already used by ``owner`` is replaced).

        Raises
        ------
        RespnetError
            The name is empty or too long, or the account keeps too many views.
        """
        name = " ".join(name.split())
        if not name or len(name) > MAX_NAME:
            raise RespnetError("error.view_name", limit=MAX_NAME)
        kept = {k: str(v) for k, v in params.items() if k != "view"}
        with self._db() as db:
            db.execute("DELETE FROM views WHERE owner = ? AND name = ?", (owner, name))
            (count,) = db.execute("SELECT count(*) FROM views WHERE owner = ?", (owner,)).fetchone()
            if count >= MAX_VIEWS:
                raise RespnetError("error.view_too_many", limit=MAX_VIEWS)
            view = SavedView(
                secrets.token_urlsafe(6), owner, name, page, kept, datetime.now().isoformat(timespec="seconds")
            )
            db.execute(
                "INSERT INTO views VALUES (?, ?, ?, ?, ?, ?)",
                (view.id, owner, name, page, json.dumps(kept, ensure_ascii=False), view.created),
            )
        return view

    def mine(self, owner: str) -> list[SavedView]:
        """The views ``owner`` saved, newest first."""
        with self._db() as db:
            rows = db.execute("SELECT * FROM views WHERE owner = ? ORDER BY created DESC, name", (owner,)).fetchall()
        return [_view(row) for row in rows]

    def get(self, view_id: str) -> SavedView | None:
        """The view ``view_id``, whoever saved it; None when there is none."""
        with self._db() as db:
            row = db.execute("SELECT * FROM views WHERE id = ?", (view_id,)).fetchone()
        return _view(row) if row else None

    def delete(self, owner: str, view_id: str) -> bool:
        """Delete one of ``owner``'s views; False when they have no such view."""
        with self._db() as db:
            return db.execute("DELETE FROM views WHERE owner = ? AND id = ?", (owner, view_id)).rowcount > 0


def _view(row: Any) -> SavedView:
    view_id, owner, name, page, params, created = row
    loaded = json.loads(params)
    return SavedView(view_id, owner, name, page, {str(k): str(v) for k, v in loaded.items()}, created)
