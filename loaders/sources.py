"""Where data comes from: a data folder, a workbook or a zip, by path or as an
uploaded file object, each read by its reader within the size allowed."""

from __future__ import annotations

import os
from pathlib import Path
from typing import IO

from graph.errors import DataSourceError
from loaders.readers import WORKBOOK_SUFFIXES, RawInput, read_folder, read_zip
from loaders.workbook import read_workbook

__all__ = ["DEFAULT_MAX_MB", "max_source_bytes", "read_source"]


#: The largest workbook or zip read, in MB (``$RESPNET_MAX_UPLOAD_MB``; a data
#: folder has no limit: it is the server's own).
DEFAULT_MAX_MB = 200


def max_source_bytes() -> int:
    try:
        return int(float(os.environ.get("RESPNET_MAX_UPLOAD_MB") or DEFAULT_MAX_MB) * 1024 * 1024)
    except ValueError:
        return DEFAULT_MAX_MB * 1024 * 1024


def _check_size(size: int, label: str) -> None:
    limit = max_source_bytes()
    if size > limit:
        raise DataSourceError(
            "error.source_too_large", name=label, size=f"{size / 1048576:.1f}", limit=f"{limit / 1048576:.0f}"
        )


def read_source(source: str | Path | IO[bytes], name: str | None = None) -> RawInput:
    """Read a data folder, a workbook path or a workbook file object.

    Raises
    ------
    DataSourceError
        The path does not exist, is neither a folder nor a workbook, or is a
        workbook or zip over the size limit (:func:`max_source_bytes`).
    """
    if not isinstance(source, (str, Path)):
        label = str(name or getattr(source, "name", ""))
        size = source.seek(0, os.SEEK_END)
        source.seek(0)
        _check_size(size, Path(label).name)
        if label.lower().endswith(".zip"):
            return read_zip(source, name)
        return read_workbook(source, name)
    path = Path(source)
    if not path.exists():
        raise DataSourceError("error.source_missing", path=str(path))
    if path.is_dir():
        return read_folder(path)
    if path.suffix.lower() in (*WORKBOOK_SUFFIXES, ".zip"):
        _check_size(path.stat().st_size, path.name)
    if path.suffix.lower() in WORKBOOK_SUFFIXES:
        return read_workbook(path, name)
    if path.suffix.lower() == ".zip":
        return read_zip(path, name)
    raise DataSourceError("error.source_type", path=str(path))
