"""Every file respnet writes goes through here: inside its folder, never half-written.

:func:`within` resolves where a name would land and refuses anything outside
the folder it is given (``../``, an absolute path, a symbolic link pointing
out, a control character). :func:`atomic_file` writes a temporary file beside
the target, flushes it to disk and renames it over the target: a reader sees
the old file or the new one, never a mix, and a failure (a full disk, a
crash) leaves the old file. Temporary files carry a prefix of their own, so
the ones a killed process left behind are found and removed by
:func:`clean_stale`, which the app and the CLI call when they start.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from graph.errors import RespnetError
from loaders.plain import has_control, unprintable

__all__ = ["TEMP_MARK", "OutsideFolder", "atomic_file", "atomic_write", "clean_stale", "within"]

#: Part of every temporary file's name: ``.{target}.respnet-XXXXXXXX.tmp``.
TEMP_MARK = ".respnet-"
#: A temporary file older than this is one no running write still owns.
STALE_SECONDS = 600


class OutsideFolder(RespnetError):
    """A file name that would be written outside the folder meant for it."""

    key = "error.write_outside"


def _refuse(folder: Path, name: str | Path) -> OutsideFolder:
    shown = "".join(f"\\u{ord(ch):04x}" if unprintable(ch) else ch for ch in str(name))
    return OutsideFolder(name=shown, folder=str(folder))


def within(folder: str | Path, name: str | Path) -> Path:
    """Where ``name`` lands inside ``folder``, refused when it would land outside.

    ``name`` may hold sub-folders (``lists/x.yaml``); what it resolves to,
    following any symbolic link on the way, must stay under the resolved
    ``folder``. A name with a control character (a line break among them) is
    refused too: it can only be a mistake or an attack.

    >>> import tempfile
    >>> base = Path(tempfile.mkdtemp())
    >>> within(base, "lists/a.yaml") == base.resolve() / "lists" / "a.yaml"
    True
    >>> within(base, "../users.yaml")  # doctest: +IGNORE_EXCEPTION_DETAIL
    Traceback (most recent call last):
    loaders.atomic.OutsideFolder: refused
    """
    base = Path(folder).resolve()
    text = str(name)
    relative = Path(text)
    if not text or relative.is_absolute() or has_control(text) or relative.name in ("", ".", ".."):
        raise _refuse(base, name)
    target = (base / relative.parent).resolve() / relative.name
    if not target.parent.is_relative_to(base) or (target.is_symlink() and not target.resolve().is_relative_to(base)):
        raise _refuse(base, name)
    return target


def atomic_file(
    folder: str | Path, name: str | Path, *, mode: int = 0o644
) -> contextlib.AbstractContextManager[BinaryIO]:
    """A binary file to write ``name`` inside ``folder`` through; it replaces
    the target only when the ``with`` block ends without an error."""
    return _replacing(within(folder, name), mode)


@contextlib.contextmanager
def _replacing(path: Path, mode: int) -> Iterator[BinaryIO]:
    """A temporary file beside ``path`` (already checked) that becomes ``path`` at the end."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}{TEMP_MARK}", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            yield f
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    with contextlib.suppress(OSError):  # the rename itself made durable (not every system allows this)
        dir_fd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)


def atomic_write(folder: str | Path, name: str | Path, data: bytes, *, mode: int = 0o644) -> Path:
    """Replace ``name`` inside ``folder`` with ``data`` all at once (see :func:`atomic_file`)."""
    path = within(folder, name)
    with _replacing(path, mode) as f:
        f.write(data)
    return path


def clean_stale(*folders: str | Path, older_than: float = STALE_SECONDS) -> list[Path]:
    """Remove the temporary files a killed write left in ``folders`` (and their
    sub-folders one level down); a younger one may belong to a write under way
    and is kept. Returns what was removed."""
    removed = []
    cutoff = time.time() - older_than
    for folder in folders:
        base = Path(folder)
        if not base.is_dir():
            continue
        for pattern in (f".*{TEMP_MARK}*.tmp", f"*/.*{TEMP_MARK}*.tmp"):
            for tmp in base.glob(pattern):
                with contextlib.suppress(OSError):
                    if tmp.is_file() and not tmp.is_symlink() and tmp.stat().st_mtime < cutoff:
                        tmp.unlink()
                        removed.append(tmp)
    return removed
