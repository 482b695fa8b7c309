"""The command line as DESIGN.md's contract describes it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from cli import main
from queries.findings import FindingKind
from tests.helpers import DEMO, DEMO_AT, ROOT, copy_demo, edit_rows

COMMANDS = [
    *("check", "orphans", "gaps", "overlaps", "trace", "compliance", "push", "import-list", "synth", "rules"),
    "template",
    "app",
    *("path", "person", "unit"),
    *("diff", "handover", "whatif"),
    *("decisions", "leads"),
    *("user", "audit"),
]


def run(*args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(main, list(args))


def test_check_passes_on_the_demo() -> None:
    result = run("check", str(DEMO))
    assert result.exit_code == 0, result.output
    assert "数据校验通过" in result.output and "责任事项 (Duty)" in result.output
    data = json.loads(run("check", str(DEMO), "--json").stdout)
    assert data["ok"] is True and data["nodes"]["Organization"] == 34


def test_check_reports_bad_data_with_exit_2_and_loads_nothing(tmp_path: Path) -> None:
    folder = copy_demo(tmp_path)
    edit_rows(folder, "tenures", lambda rows: [*rows, {**rows[0], "start": "2024-13-01"}])
    result = run("check", str(folder))
    assert result.exit_code == 2
    assert "tenures.csv:61:start:" in result.output
    assert "日期「2024-13-01」" in result.output and "does not exist" in result.output
    data = json.loads(run("check", str(folder), "--json").stdout)
    assert data["ok"] is False and data["problems"][0]["row"] == 61
    scan = run("gaps", str(folder), "--json")
    assert scan.exit_code == 2 and scan.stdout == ""  # no findings from data that did not load


@pytest.mark.parametrize("command", ["orphans", "gaps", "overlaps"])
def test_scans_print_json_findings(command: str) -> None:
    result = run(command, str(DEMO), "--at", DEMO_AT, "--json")
    assert result.exit_code == 0, result.output
    findings = json.loads(result.stdout)
    assert findings
    for f in findings:
        assert set(f) >= {"kind", "ids", "message"}
        assert f["kind"] in {k.value for k in FindingKind}
        assert f["ids"] and all(isinstance(i, str) for i in f["ids"])
        assert any("\u4e00" <= ch <= "\u9fff" for ch in f["message"])


def test_compliance_needs_a_range_and_checks_it() -> None:
    result = run("compliance", str(DEMO), "--from", "2025-01-01", "--to", "2025-12-31", "--json")
    assert result.exit_code == 0
    assert {f["kind"] for f in json.loads(result.stdout)} == {"underperformed_duty", "unparsed_frequency"}
    assert run("compliance", str(DEMO)).exit_code == 2
    backwards = run("compliance", str(DEMO), "--from", "2025-12-31", "--to", "2025-01-01")
    assert backwards.exit_code == 2 and "晚于" in backwards.output


def test_trace_json_follows_the_contract() -> None:
    result = run("trace", str(DEMO), "C2025-03", "--json", "--rules", "basic")
    assert result.exit_code == 0, result.output
    tr = json.loads(result.stdout)
    assert (tr["case"], tr["date"], tr["org"]) == ("C2025-03", "2025-05-20", "XK-CZS")
    assert set(tr["roles"]) == {"direct", "principal_leadership", "important_leadership", "supervisory"}
    for entries in tr["roles"].values():
        for e in entries:
            assert set(e) >= {"person", "position", "org", "basis"}
            assert all({"type", "from", "to"} <= set(edge) for edge in e["basis"])
    assert [level["org"] for level in tr["chain"]] == ["XK", "JY"]
    assert [e["person"] for e in tr["roles"]["principal_leadership"]] == ["P036"]
    assert [u["target"] for u in tr["unfounded"]] == ["P035"]
    assert tr["unexamined"] and tr["notes"] == []


def test_trace_table_output() -> None:
    result = run("trace", str(DEMO), "C2024-02", "--rules", "basic")
    assert result.exit_code == 0
    for text in ("主要领导责任者", "周立群 (P035)", "应查未查", "孟凡 (P040)"):
        assert text in result.output


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["trace", str(DEMO), "C404"], "C404"),
        (["gaps", "/no/such/folder"], "/no/such/folder"),
        (["gaps", str(DEMO), "--at", "2025/01/01"], "YYYY-MM-DD"),
    ],
)
def test_user_errors_are_one_clear_line_with_exit_2(args: list[str], words: str) -> None:
    result = run(*args)
    assert result.exit_code == 2
    assert words in result.output
    assert "Traceback" not in result.output
    assert not isinstance(result.exception, Exception) or isinstance(result.exception, SystemExit)


def test_english_switch() -> None:
    result = run("--lang", "en", "gaps", str(DEMO), "--at", DEMO_AT, "--json")
    messages = [f["message"] for f in json.loads(result.stdout)]
    assert any("has no discipline secretary post" in m for m in messages)
    for m in messages:  # names are data and stay Chinese; the sentence around them is English
        assert not any(word in m for word in ("截至", "未设置", "无人", "监督盲区"))
        assert len([w for w in m.split() if w.isascii() and w.isalpha()]) >= 3
    text = run("--lang", "en", "trace", str(DEMO), "C2025-03").output
    assert "principal leadership responsibility" in text and "Unfounded" in text
    report = run("--lang", "en", "check", "/no/such")
    assert report.exit_code == 2 and "Data source not found" in report.output


def test_default_date_is_today() -> None:
    assert run("gaps", str(DEMO)).exit_code == 0


def test_every_command_has_help_and_is_documented() -> None:
    readme = (ROOT / "README.md").read_text("utf-8")
    assert isinstance(main, click.Group)
    assert sorted(main.commands) == sorted(COMMANDS)
    for name, command in main.commands.items():
        assert command.help and len(command.help) > 20, name
        for param in command.params:
            if isinstance(param, click.Option):
                assert param.help, (name, param.name)
        assert f"respnet {name}" in readme, f"README does not document `respnet {name}`"
        assert run(name, "--help").exit_code == 0


def test_help_follows_respnet_lang() -> None:
    env = {**os.environ, "RESPNET_LANG": "en"}
    out = subprocess.run(
        [sys.executable, "-m", "cli", "--help"], capture_output=True, text=True, env=env, cwd=ROOT, check=True
    ).stdout
    assert "analyse the responsibility network" in out
    env["RESPNET_LANG"] = "zh"
    out = subprocess.run(
        [sys.executable, "-m", "cli", "--help"], capture_output=True, text=True, env=env, cwd=ROOT, check=True
    ).stdout
    assert "责任网络分析" in out


def test_console_script_is_installed() -> None:
    script = Path(sys.executable).with_name("respnet")
    assert script.exists(), "install the project (pip install -e .) to get the respnet command"
    done = subprocess.run([str(script), "check", str(DEMO)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    missing = subprocess.run([str(script), "trace", str(DEMO), "NOPE"], capture_output=True, text=True)
    assert missing.returncode == 2 and len(missing.stderr.strip().splitlines()) == 1
