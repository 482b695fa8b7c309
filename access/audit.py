"""The audit trail: an append-only JSON-lines log of who did what, when, on
which data — and that shows its own loss.

Each line is one event — ``time`` (UTC, ISO 8601), ``event``, ``user``,
``role``, ``source`` (the data it concerned), the event's own fields, ``n``
(its line number) — plus ``prev``, the SHA-256 of the line before it. An
**anchor** kept apart from the log (:func:`access.paths.anchor_file`) holds
the log's line count, size and last hash, rewritten atomically after every
append, so removing lines from the end, or emptying the file, no longer
leaves a log that looks whole.

Appends happen under an exclusive lock, so processes writing at once never
interleave. Before writing, an append compares the log with its anchor:

- a partial last line (a write cut short by a crash) is cut off and recorded
  (``audit_partial``), so the next event starts on a line of its own;
- any other difference (lines missing at the end, the file emptied, lines
  added by hand, the anchor gone) is recorded as ``audit_gap`` before the
  event, so the loss stays visible after the anchor moves on.

:meth:`AuditLog.verify` walks the chain and names the first line that was
changed, removed or inserted, the missing tail, or the recorded loss.

What this proves: edits, removals and truncation by anyone who does not also
rewrite the anchor (keep it on another disk with ``RESPNET_AUDIT_ANCHOR`` to
make that harder). Someone able to rewrite both the log and its anchor can
forge a whole new chain; that needs a signature or an outside copy.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

from access.paths import anchor_file, audit_file
from loaders.atomic import atomic_write

__all__ = ["EVENTS", "Anchor", "AuditLog", "Broken"]

EVENTS = (
    "sign_in",
    "sign_in_failed",
    "sign_in_locked",
    "sign_out",
    "session_ended",
    "trace_view",
    "export",
    "import",
    "import_failed",
    "upload_refused",
    "source_switch",
    "dataset_restore",
    "rules_default",
    "list_save",
    "list_refused",
    "push",
    "push_failed",
    "user_add",
    "user_remove",
    "access_denied",
    "view_saved",
    "view_opened",
    "view_deleted",
    "casework",
    "audit_anchored",
    "audit_partial",
    "audit_gap",
)
#: Events an append writes about the log itself when it finds it damaged.
LOSS_EVENTS = ("audit_partial", "audit_gap")
_GENESIS = "0" * 64


@dataclass(frozen=True)
class Broken:
    """Where an audit log stops being whole: the 1-based line and why.

    ``reason`` is ``unreadable`` (not an entry), ``chain`` (does not follow
    the line before), ``partial`` (a last line cut short), ``missing_tail``
    (``expected`` lines were anchored, fewer are left), ``edited`` (the last
    line differs from the anchored one), ``unanchored`` (lines the anchor
    does not know of), ``no_anchor`` (the anchor is gone) or ``recorded_loss``
    (an earlier append found and recorded one of these)."""

    line: int
    reason: str
    expected: int | None = None


@dataclass(frozen=True)
class Anchor:
    """The log as last written: its line count, its size in bytes, the hash of its last line."""

    lines: int
    size: int
    last: str


def _digest(line: bytes) -> str:
    return hashlib.sha256(line.rstrip(b"\n")).hexdigest()


@dataclass(frozen=True)
class _Tail:
    """The end of the log as found: complete bytes, the last complete line, a partial fragment."""

    size: int  # bytes up to and including the last line break
    last: bytes  # the last complete line (b"" for none)
    fragment: bytes  # bytes after the last line break


def _tail(f: IO[bytes]) -> _Tail:
    f.seek(0, os.SEEK_END)
    end = f.tell()
    if end == 0:
        return _Tail(0, b"", b"")
    step, pos, chunk = 1 << 16, end, b""
    while pos > 0:
        pos = max(0, pos - step)
        f.seek(pos)
        chunk = f.read(end - pos)
        if chunk.count(b"\n") >= 2 or pos == 0:
            break
        step *= 4
    cut = chunk.rfind(b"\n")
    if cut < 0:  # no line break at all: the whole file is one partial line
        return _Tail(0, b"", chunk)
    fragment = chunk[cut + 1 :]
    lines = chunk[: cut + 1].rstrip(b"\n").rsplit(b"\n", 1)
    return _Tail(pos + cut + 1, lines[-1], fragment)


def _count_lines(f: IO[bytes], size: int) -> int:
    f.seek(0)
    count, left = 0, size
    while left > 0:
        block = f.read(min(left, 1 << 20))
        if not block:
            break
        count += block.count(b"\n")
        left -= len(block)
    return count


class AuditLog:
    """The log at ``path`` (``$RESPNET_HOME/audit.jsonl``) and its anchor."""

    def __init__(self, path: Path, anchor: Path | None = None) -> None:
        self.path = path
        self.anchor_path = anchor or path.with_name(f"{path.stem}.anchor.json")

    @classmethod
    def default(cls) -> AuditLog:
        """The app's log and its anchor (:mod:`access.paths`)."""
        return cls(audit_file(), anchor_file())

    # ------------------------------------------------------------ anchor
    def anchor(self) -> Anchor | None:
        """The anchor as written by the last append (None when there is none)."""
        try:
            doc = json.loads(self.anchor_path.read_text("utf-8"))
            return Anchor(int(doc["lines"]), int(doc["size"]), str(doc["last"]))
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def _set_anchor(self, anchor: Anchor) -> None:
        data = json.dumps({**asdict(anchor), "log": str(self.path)}, ensure_ascii=False).encode()
        atomic_write(self.anchor_path.parent, self.anchor_path.name, data, mode=0o600)

    # ------------------------------------------------------------ writing
    def append(self, event: str, *, user: str | None, role: str | None, source: str | None, **fields: Any) -> None:
        """Add one event at the end (the only way the log is written); a log
        that does not match its anchor gets its loss recorded first."""
        if event not in EVENTS:
            raise ValueError(f"unknown audit event {event!r}")
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_APPEND, 0o600)
        with os.fdopen(fd, "a+b") as f:
            fcntl.flock(f.fileno(), fcntl.LOCK_EX)
            try:
                lines, last = self._reconcile(f)
                entry = {"event": event, "user": user, "role": role, "source": source, **fields}
                self._write(f, lines, last, entry)
            finally:
                fcntl.flock(f.fileno(), fcntl.LOCK_UN)

    def _write(self, f: IO[bytes], lines: int, last: str, entry: dict[str, Any]) -> tuple[int, str]:
        record = {
            "time": datetime.now(UTC).isoformat(timespec="milliseconds"),
            **{k: v for k, v in entry.items() if v is not None or k in ("user", "role", "source")},
            "n": lines + 1,
            "prev": last,
        }
        line = json.dumps(record, ensure_ascii=False, default=str).encode("utf-8")
        f.write(line + b"\n")
        f.flush()
        os.fsync(f.fileno())
        size = os.fstat(f.fileno()).st_size
        digest = _digest(line)
        self._set_anchor(Anchor(lines + 1, size, digest))
        return lines + 1, digest

    def _reconcile(self, f: IO[bytes]) -> tuple[int, str]:
        """The line count and last hash to append after, once whatever the
        log lost since its anchor was written is recorded in it."""
        anchor = self.anchor()
        tail = _tail(f)
        last = _digest(tail.last) if tail.last else _GENESIS
        matches = anchor is not None and anchor.size == tail.size and anchor.last == last
        if matches and tail.fragment:  # a write cut short: cut it off, and say so
            assert anchor is not None
            f.truncate(tail.size)
            fields = {"bytes": len(tail.fragment), "sha256": hashlib.sha256(tail.fragment).hexdigest()}
            return self._write(f, anchor.lines, anchor.last, {"event": "audit_partial", **_system(), **fields})
        if matches:
            assert anchor is not None
            return anchor.lines, anchor.last
        if tail.fragment:  # keep what is there as an (unreadable) line of its own
            f.write(b"\n")
            tail = _tail(f)
            last = _digest(tail.last)
        lines = _count_lines(f, tail.size)
        if anchor is None and lines == 0:
            return 0, _GENESIS  # a new log
        if anchor is None and not _numbered(tail.last):  # a log from before anchors: anchor it, and say so
            return self._write(f, lines, last, {"event": "audit_anchored", **_system(), "lines": lines})
        gap = {
            "event": "audit_gap",
            **_system(),
            "reason": "no_anchor" if anchor is None else _gap_reason(anchor, lines, tail.size),
            "expected_lines": anchor.lines if anchor else None,
            "expected_size": anchor.size if anchor else None,
            "found_lines": lines,
            "found_size": tail.size,
        }
        return self._write(f, lines, last, gap)

    # ------------------------------------------------------------ reading
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
        """The first place the log stops being whole, or None when it is whole."""
        if not self.path.exists():
            anchor = self.anchor()
            return Broken(1, "missing_tail", anchor.lines) if anchor and anchor.lines else None
        with self.path.open("rb") as f:
            fcntl.flock(f.fileno(), fcntl.LOCK_SH)  # no append half-done while the log and its anchor are read
            try:
                return self._verify(f, self.anchor())
            finally:
                fcntl.flock(f.fileno(), fcntl.LOCK_UN)

    def _verify(self, f: IO[bytes], anchor: Anchor | None) -> Broken | None:
        prev, number, raw, size = _GENESIS, 0, b"", 0
        for number, raw in enumerate(f, start=1):
            if not raw.endswith(b"\n"):
                return Broken(number, "partial")
            try:
                entry = json.loads(raw)
            except ValueError:
                return Broken(number, "unreadable")
            if not isinstance(entry, dict) or entry.get("prev") != prev:
                return Broken(number, "chain")
            if "n" in entry and entry["n"] != number:
                return Broken(number, "chain")
            if entry.get("event") in LOSS_EVENTS:
                return Broken(number, "recorded_loss", entry.get("expected_lines"))
            prev = _digest(raw)
            size += len(raw)
        if anchor is None:
            return Broken(number, "no_anchor") if number and _numbered(raw) else None
        if anchor.lines > number or anchor.size > size:
            return Broken(number + 1, "missing_tail", anchor.lines)
        if anchor.lines < number:
            return Broken(anchor.lines + 1, "unanchored", anchor.lines)
        if anchor.last != prev:
            return Broken(number, "edited")
        return None


def _numbered(line: bytes) -> bool:
    """Whether a line was written by an append that keeps an anchor (it carries ``n``)."""
    try:
        entry = json.loads(line)
    except ValueError:
        return True  # not an entry at all: never adopted silently
    return not isinstance(entry, dict) or "n" in entry


def _gap_reason(anchor: Anchor, lines: int, size: int) -> str:
    if size == 0:
        return "emptied"
    if size < anchor.size or lines < anchor.lines:
        return "missing_tail"
    if lines > anchor.lines:
        return "unanchored"
    return "edited"


def _system() -> dict[str, Any]:
    return {"user": None, "role": "system", "source": None}
