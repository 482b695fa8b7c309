"""The audit trail: an append-only JSON-lines log of who did what, when, on
which data.

Each line is one event — ``time`` (UTC, ISO 8601), ``event``, ``user``,
``role``, ``source`` (the data it concerned) and the event's own fields —
plus ``prev``, the SHA-256 of the line before it. The file is only ever
opened for appending, under an exclusive lock, so processes writing at once
never interleave; :func:`AuditLog.verify` walks the chain and names the first
line that was changed, removed or inserted by hand.

Events: ``sign_in``, ``sign_in_failed``, ``sign_in_locked``, ``sign_out``,
``trace_view``, ``export``, ``import``, ``import_failed``, ``dataset_restore``,
``push``, ``push_failed``, ``user_add``, ``user_remove``, ``access_denied``.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

__all__ = ["EVENTS", "AuditLog", "Broken"]

EVENTS = (
    "sign_in",
    "sign_in_failed",
    "sign_in_locked",
    "sign_out",
    "trace_view",
    "export",
    "import",
    "import_failed",
    "dataset_restore",
    "push",
    "push_failed",
    "user_add",
    "user_remove",
    "access_denied",
)
_GENESIS = "0" * 64


@dataclass(frozen=True)
class Broken:
    """Where the chain of an audit log breaks: the 1-based line and why."""

    line: int
    reason: str  # "unreadable" | "chain"


def _digest(line: bytes) -> str:
    return hashlib.sha256(line.rstrip(b"\n")).hexdigest()


def _last_line(f: Any) -> bytes:
    """The last complete line of an open binary file (b"" for an empty one)."""
    f.seek(0, os.SEEK_END)
    end = f.tell()
    if end == 0:
        return b""
    step, pos, tail = 4096, end, b""
    while pos > 0:
        pos = max(0, pos - step)
        f.seek(pos)
        tail = f.read(end - pos)
        if tail.rstrip(b"\n").count(b"\n") >= 1 or pos == 0:
            break
    return tail.rstrip(b"\n").rsplit(b"\n", 1)[-1]


class AuditLog:
    """The log at ``path`` (``$RESPNET_HOME/audit.jsonl``)."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def append(self, event: str, *, user: str | None, role: str | None, source: str | None, **fields: Any) -> None:
        """Add one event at the end (the only way the log is written)."""
        if event not in EVENTS:
            raise ValueError(f"unknown audit event {event!r}")
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_APPEND, 0o600)
        with os.fdopen(fd, "a+b") as f:
            fcntl.flock(f.fileno(), fcntl.LOCK_EX)
            try:
                last = _last_line(f)
                entry = {
                    "time": datetime.now(UTC).isoformat(timespec="milliseconds"),
                    "event": event,
                    "user": user,
                    "role": role,
                    "source": source,
                    **{k: v for k, v in fields.items() if v is not None},
                    "prev": _digest(last) if last else _GENESIS,
                }
                f.write(json.dumps(entry, ensure_ascii=False, default=str).encode("utf-8") + b"\n")
                f.flush()
                os.fsync(f.fileno())
            finally:
                fcntl.flock(f.fileno(), fcntl.LOCK_UN)

    def entries(self) -> Iterator[dict[str, Any]]:
        """Every event, oldest first (a line that is not JSON is skipped: see :meth:`verify`)."""
        if not self.path.exists():
            return
        with self.path.open("rb") as f:
            for raw in f:
                try:
                    entry = json.loads(raw)
                except ValueError:
                    continue
                if isinstance(entry, dict):
                    yield entry

    def verify(self) -> Broken | None:
        """The first line where the chain breaks, or None when the log is whole."""
        if not self.path.exists():
            return None
        prev = _GENESIS
        with self.path.open("rb") as f:
            for number, raw in enumerate(f, start=1):
                try:
                    entry = json.loads(raw)
                except ValueError:
                    return Broken(number, "unreadable")
                if not isinstance(entry, dict) or entry.get("prev") != prev:
                    return Broken(number, "chain")
                prev = _digest(raw)
        return None
