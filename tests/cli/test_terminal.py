"""What the data holds reaches a terminal as text: an escape sequence in a
name is shown as ``\\u001b``, never run (clearing or recolouring the screen);
rich's ``[link=…]`` markup in a name stays text, never a hyperlink; and dates
at the calendar's end are input like any other."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.helpers import DEMO, ROOT, copy_demo, edit_rows

EVIL = "周立群\x1b[2J\x1b[31m\u202e[link=http://evil.example]点我[/link][bold]粗[/bold]"


def _respnet(*args: str) -> subprocess.CompletedProcess[bytes]:
    # FORCE_COLOR makes rich write for a terminal (its own styles as escape codes) as it would for a user
    env = {**os.environ, "RESPNET_LANG": "zh", "FORCE_COLOR": "1", "COLUMNS": "200"}
    return subprocess.run([sys.executable, "-m", "cli", *args], cwd=ROOT, capture_output=True, env=env)


def test_control_characters_and_markup_in_names_reach_the_terminal_as_text(tmp_path: Path) -> None:
    folder = copy_demo(tmp_path / "data")
    edit_rows(folder, "people", lambda rows: [{**r, "name": EVIL} if r["id"] == "P035" else r for r in rows])
    for args in (("trace", str(folder), "C2025-03"), ("check", str(folder))):
        done = _respnet(*args)
        assert done.returncode == 0, done.stderr.decode()
        out = done.stdout
        assert b"\x1b[2J" not in out and b"\x1b]8;" not in out and "\u202e".encode() not in out
        if args[0] == "trace":
            text = out.decode()
            assert "\\u001b[2J\\u001b[31m\\u202e" in text
            assert "[link=http://evil.example]点我[/link]" in text and "[bold]粗[/bold]" in text


def test_a_bad_input_report_shows_control_characters_as_escapes(tmp_path: Path) -> None:
    folder = copy_demo(tmp_path / "data")
    edit_rows(folder, "tenures", lambda rows: [*rows, {**rows[0], "start": "2024-13-01\x1b[2J"}])
    done = _respnet("check", str(folder))
    assert done.returncode == 2
    assert b"\x1b[2J" not in done.stderr and b"\\u001b[2J" in done.stderr


def test_compliance_in_the_last_year_of_the_calendar_runs() -> None:
    done = _respnet("compliance", str(DEMO), "--from", "9999-01-01", "--to", "9999-12-31", "--allow-future", "--json")
    assert done.returncode == 0, done.stderr.decode()
    assert b"9999" in done.stdout
    refused = _respnet("compliance", str(DEMO), "--from", "9999-01-01", "--to", "9999-12-31", "--json")
    assert refused.returncode == 2 and "--allow-future" in refused.stderr.decode()


def test_a_trace_keeps_its_own_line_breaks() -> None:
    """The bases of a role are one per line: escaping the data must not escape the report's own breaks."""
    done = _respnet("trace", str(DEMO), "C2025-03")
    assert done.returncode == 0
    assert b"\\u000a" not in done.stdout and "夏雨".encode() in done.stdout
