"""The audit log shows its own loss: removed lines at the end, an emptied
file, an edited line, a write cut short — through ``respnet audit verify``
(exit 0 whole, 1 not) and :meth:`AuditLog.verify`."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from access.audit import AuditLog, Broken
from tests.helpers import ROOT

pytestmark = pytest.mark.slow  # concurrent writers to the audit log (about 11 s)


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "home"
    monkeypatch.setenv("RESPNET_HOME", str(folder))
    monkeypatch.delenv("RESPNET_AUDIT_ANCHOR", raising=False)
    return folder


def _log(home: Path, events: int = 6) -> AuditLog:
    log = AuditLog.default()
    for i in range(events):
        log.append("trace_view", user="li", role="unit_inspector", source="demo", case=f"C{i}")
    return log


def verify(home: Path) -> subprocess.CompletedProcess[str]:
    """``respnet audit verify --json`` as an administrator's cron job would run it."""
    env = {**os.environ, "RESPNET_HOME": str(home), "RESPNET_LANG": "zh"}
    return subprocess.run(
        [sys.executable, "-m", "cli", "audit", "verify", "--json"], capture_output=True, text=True, env=env, cwd=ROOT
    )


def _broken(done: subprocess.CompletedProcess[str]) -> dict[str, object]:
    report = json.loads(done.stdout)
    assert report["ok"] is (done.returncode == 0)
    return report["broken"]  # type: ignore[no-any-return]


def test_a_whole_log_verifies(home: Path) -> None:
    _log(home)
    done = verify(home)
    assert done.returncode == 0, done.stdout + done.stderr
    assert json.loads(done.stdout)["lines"] == 6
    text = subprocess.run(
        [sys.executable, "-m", "cli", "audit", "verify"],
        capture_output=True,
        text=True,
        env={**os.environ, "RESPNET_HOME": str(home), "RESPNET_LANG": "zh"},
        cwd=ROOT,
    )
    assert text.returncode == 0 and "审计日志完整：共 6 行" in text.stdout


def test_an_empty_home_has_a_whole_log(home: Path) -> None:
    assert verify(home).returncode == 0


def test_removing_the_last_line_is_caught(home: Path) -> None:
    log = _log(home)
    lines = log.path.read_bytes().splitlines(keepends=True)
    log.path.write_bytes(b"".join(lines[:-1]))
    done = verify(home)
    assert done.returncode == 1
    assert _broken(done) | {"message": ""} == {"line": 6, "reason": "missing_tail", "expected": 6, "message": ""}
    assert "锚点记录有 6 行" in str(_broken(done)["message"])


def test_removing_several_lines_at_the_end_is_caught(home: Path) -> None:
    log = _log(home)
    lines = log.path.read_bytes().splitlines(keepends=True)
    log.path.write_bytes(b"".join(lines[:2]))
    assert log.verify() == Broken(3, "missing_tail", 6)
    assert verify(home).returncode == 1


@pytest.mark.parametrize("how", ["truncate", "delete"])
def test_emptying_the_log_is_caught(home: Path, how: str) -> None:
    log = _log(home)
    if how == "truncate":
        log.path.write_bytes(b"")
    else:
        log.path.unlink()
    done = verify(home)
    assert done.returncode == 1
    assert _broken(done)["reason"] == "missing_tail" and _broken(done)["expected"] == 6


@pytest.mark.parametrize("line", range(6))
def test_editing_any_line_is_caught(home: Path, line: int) -> None:
    log = _log(home)
    lines = log.path.read_bytes().splitlines(keepends=True)
    lines[line] = lines[line].replace(f'"C{line}"'.encode(), b'"C9"')
    log.path.write_bytes(b"".join(lines))
    done = verify(home)
    assert done.returncode == 1
    broken = _broken(done)
    # a line in the middle no longer chains into the next; the last no longer matches the anchor
    assert (broken["line"], broken["reason"]) == ((line + 2, "chain") if line < 5 else (6, "edited"))


def test_lines_added_by_hand_are_caught(home: Path) -> None:
    log = _log(home)
    lines = log.path.read_bytes().splitlines(keepends=True)
    log.path.write_bytes(b"".join([*lines, lines[-1]]))
    assert verify(home).returncode == 1


def test_a_removed_anchor_is_caught(home: Path) -> None:
    log = _log(home)
    log.anchor_path.unlink()
    assert log.verify() == Broken(6, "no_anchor")
    assert verify(home).returncode == 1


def test_an_append_after_a_loss_records_it_and_the_log_stays_not_whole(home: Path) -> None:
    log = _log(home)
    lines = log.path.read_bytes().splitlines(keepends=True)
    log.path.write_bytes(b"".join(lines[:3]))
    log.append("sign_out", user="li", role="unit_inspector", source="demo")  # the anchor moves on ...
    entries = list(log.entries())
    gap = entries[3]
    assert gap["event"] == "audit_gap" and gap["reason"] == "missing_tail"
    assert (gap["expected_lines"], gap["found_lines"]) == (6, 3)
    assert entries[4]["event"] == "sign_out" and entries[4]["n"] == 5
    assert log.verify() == Broken(4, "recorded_loss", 6)  # ... but the loss stays on the record
    assert verify(home).returncode == 1


def test_a_partial_last_line_is_detected_and_the_next_append_starts_cleanly(home: Path) -> None:
    log = _log(home)
    whole = log.path.read_bytes()
    fragment = b'{"time": "2026-11-29T10:00:00", "event": "exp'
    with log.path.open("ab") as f:  # a crash half-way through an append
        f.write(fragment)
    assert log.verify() == Broken(7, "partial")
    assert verify(home).returncode == 1
    log.append("export", user="li", role="unit_inspector", source="demo", what="trace")
    after = log.path.read_bytes()
    assert after.startswith(whole) and after.endswith(b"\n")
    entries = list(log.entries())
    assert [e["event"] for e in entries[-2:]] == ["audit_partial", "export"]
    assert entries[-2]["bytes"] == len(fragment)
    assert all(json.loads(raw) for raw in after.splitlines())  # every line is an entry again
    assert log.verify() == Broken(7, "recorded_loss", None)


def test_a_log_from_before_anchors_is_anchored_on_its_next_append(home: Path) -> None:
    log = _log(home)
    legacy = [json.loads(raw) for raw in log.path.read_bytes().splitlines()]
    log.path.unlink()
    log.anchor_path.unlink()
    # the same events as an earlier version wrote them: no line numbers, no anchor
    import hashlib

    prev, out = "0" * 64, []
    for entry in legacy:
        entry.pop("n")
        entry["prev"] = prev
        raw = json.dumps(entry, ensure_ascii=False).encode()
        out.append(raw + b"\n")
        prev = hashlib.sha256(raw).hexdigest()
    log.path.write_bytes(b"".join(out))
    assert log.verify() is None
    log.append("sign_in", user="wang", role="admin", source="")
    assert [e["event"] for e in log.entries()][-2:] == ["audit_anchored", "sign_in"]
    assert log.verify() is None
    log.path.write_bytes(b"".join(log.path.read_bytes().splitlines(keepends=True)[:-1]))
    assert log.verify() is not None  # from then on its end is anchored


def test_the_anchor_can_live_elsewhere(home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RESPNET_AUDIT_ANCHOR", str(tmp_path / "elsewhere" / "anchor.json"))
    log = _log(home, 2)
    assert (tmp_path / "elsewhere" / "anchor.json").exists() and not (home / "audit.anchor.json").exists()
    assert oct((tmp_path / "elsewhere" / "anchor.json").stat().st_mode & 0o777) == "0o600"
    log.path.write_bytes(b"")
    assert verify(home).returncode == 1
