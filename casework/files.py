"""Attached files, kept by their SHA-256 under ``$RESPNET_HOME/attachments``.

A file is written whole (:func:`loaders.atomic.atomic_write`) before the row
naming it is committed, so a row never names a file that is not there; a file
whose row never committed is harmless and is kept for the next attach of the
same bytes. Reading checks the hash, so a changed file is refused.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from access.paths import home
from casework.db import CaseworkError
from loaders.atomic import atomic_write

__all__ = ["MAX_BYTES", "folder", "keep", "read"]

#: The largest file accepted (bytes); ``RESPNET_ATTACH_MAX_MB`` may change it.
MAX_BYTES = int(float(os.environ.get("RESPNET_ATTACH_MAX_MB", "50")) * 1024 * 1024)


def folder() -> Path:
    return home() / "attachments"


def keep(name: str, data: bytes) -> str:
    """Keep ``data`` and return its SHA-256 (the same bytes are kept once)."""
    if not data:
        raise CaseworkError("error.casework_empty_file", name=name)
    if len(data) > MAX_BYTES:
        raise CaseworkError("error.casework_file_too_large", name=name, mb=MAX_BYTES // (1024 * 1024))
    digest = hashlib.sha256(data).hexdigest()
    sub = folder() / digest[:2]
    if not _intact(sub / digest, digest):  # a missing or changed copy is written again
        sub.mkdir(parents=True, exist_ok=True)
        atomic_write(sub, digest, data, mode=0o600)
    return digest


def _intact(path: Path, digest: str) -> bool:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest() == digest
    except OSError:
        return False


def read(digest: str) -> bytes:
    """The bytes kept under ``digest``, refused when missing or changed."""
    path = folder() / digest[:2] / digest
    try:
        data = path.read_bytes()
    except OSError:
        raise CaseworkError("error.casework_file_missing", sha256=digest) from None
    if hashlib.sha256(data).hexdigest() != digest:
        raise CaseworkError("error.casework_file_changed", sha256=digest)
    return data
