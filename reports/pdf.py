"""The same report as PDF through LibreOffice, where installed (and its first
page as a PNG picture, the PDF drawn by poppler's ``pdftoppm``).

LibreOffice runs headless with a profile of its own in a temporary folder, so
it never meets a user's running instance or a locked profile; a conversion
that takes longer than :data:`TIMEOUT` seconds is stopped.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from graph.errors import RespnetError

__all__ = ["TIMEOUT", "convert", "first_page_png", "libreoffice"]

TIMEOUT = 180


def libreoffice() -> str | None:
    """The LibreOffice program here, None when it is not installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def first_page_png(docx: bytes, dpi: int = 110) -> bytes:
    """The first page of ``docx`` as LibreOffice lays it out, as a PNG picture."""
    pdf = convert(docx)
    program = shutil.which("pdftoppm")
    if program is None:
        raise RespnetError("error.libreoffice_failed", detail="pdftoppm (poppler-utils) is not installed")
    done = subprocess.run(
        [program, "-png", "-singlefile", "-f", "1", "-l", "1", "-r", str(dpi), "-"],
        input=pdf,
        capture_output=True,
        timeout=TIMEOUT,
    )
    if done.returncode != 0 or not done.stdout.startswith(b"\x89PNG"):
        raise RespnetError("error.libreoffice_failed", detail=done.stderr.decode(errors="replace")[-400:])
    return done.stdout


def convert(docx: bytes, to: str = "pdf") -> bytes:
    """``docx`` converted by LibreOffice to ``to`` (a format it exports Writer documents to).

    Raises
    ------
    RespnetError
        LibreOffice is not installed, failed or took too long.
    """
    program = libreoffice()
    if program is None:
        raise RespnetError("error.no_libreoffice")
    with tempfile.TemporaryDirectory(prefix="respnet-office-") as folder:
        work = Path(folder)
        source = work / "report.docx"
        source.write_bytes(docx)
        command = [
            program,
            f"-env:UserInstallation={(work / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            to,
            "--outdir",
            str(work / "out"),
            str(source),
        ]
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            raise RespnetError("error.libreoffice_failed", detail=f"> {TIMEOUT} s") from None
        made = work / "out" / f"report.{to}"
        if done.returncode != 0 or not made.exists():
            raise RespnetError("error.libreoffice_failed", detail=(done.stderr or done.stdout)[-400:])
        return made.read_bytes()
