"""``respnet leads``: the leads and the ledger the app keeps, listed, exported and
reported from the command line, read from the same database."""

from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from docx import Document

from casework.book import Actor, Casebook
from casework.db import Database
from cli import main
from tests.helpers import DEMO


@pytest.fixture
def filled(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    url = f"sqlite:///{tmp_path / 'casework.sqlite'}"
    monkeypatch.setenv("RESPNET_DB_URL", url)
    db = Database(url)
    book, me = Casebook(db), Actor("审查员张三")
    lead = book.create_lead(me, title="统计局无人分管", source_kind="unit", source_ref="TJ", org_id="TJ")
    book.move(me, lead.id, "verifying")
    book.note(me, lead.id, "=1+2 公式样的备注")
    book.add_item(me, lead_id=lead.id, org_id="TJ", measure="明确分管领导", deadline=date(2026, 9, 30))
    book.add_item(me, decision_ref="C2024-06/LH", org_id="LH", measure="书面检查", deadline=date(2999, 1, 1))
    db.close()
    return tmp_path


def test_list_and_items(filled: Path) -> None:
    runner = CliRunner()
    listed = runner.invoke(main, ["leads", "list", "--json"])
    assert listed.exit_code == 0, listed.output
    (lead,) = json.loads(listed.stdout)
    assert (lead["title"], lead["status"], lead["org"]) == ("统计局无人分管", "verifying", "TJ")
    assert lead["created_at"].endswith("+00:00")  # a moment with its zone
    assert [i["light"] for i in lead["items"]] == ["red"]  # 2026-09-30 is past
    table = runner.invoke(main, ["leads", "list"])
    assert "统计局无人分管" in table.stdout and "核实中" in table.stdout and "共 1 条线索" in table.stdout
    assert runner.invoke(main, ["leads", "list", "--status", "pending", "--json"]).stdout.strip() == "[]"
    items = json.loads(runner.invoke(main, ["leads", "items", "--open", "--json"]).stdout)
    assert [(i["org"], i["light"], i["decision"]) for i in items] == [
        ("TJ", "red", None),
        ("LH", "green", "C2024-06/LH"),
    ]


def test_export_xlsx_and_json(filled: Path) -> None:
    runner = CliRunner()
    done = runner.invoke(main, ["leads", "export", str(filled / "台账.xlsx")])
    assert done.exit_code == 0 and "已导出 1 条线索、2 项整改事项" in done.stdout
    wb = openpyxl.load_workbook(filled / "台账.xlsx")
    assert wb.sheetnames == ["问题线索", "整改台账"]
    cells = [str(c.value) for row in wb["问题线索"].iter_rows() for c in row if c.value]
    assert any(c.endswith("审查员张三：=1+2 公式样的备注") for c in cells)
    assert not any(c.startswith("=") for c in cells)  # nothing a spreadsheet would run
    assert runner.invoke(main, ["leads", "export", str(filled / "a.json")]).exit_code == 0
    doc = json.loads((filled / "a.json").read_text("utf-8"))
    assert len(doc["leads"]) == 1 and len(doc["items"]) == 2
    refused = runner.invoke(main, ["leads", "export", str(filled / "a.csv")])
    assert refused.exit_code == 2 and ".xlsx 或 .json" in refused.output


def test_report(filled: Path) -> None:
    runner = CliRunner()
    out = filled / "线索1.docx"
    done = runner.invoke(main, ["leads", "report", "1", str(DEMO), "-o", str(out), "--number", "江纪〔2026〕7号"])
    assert done.exit_code == 0, done.output
    doc = Document(io.BytesIO(out.read_bytes()))
    text = "\n".join(p.text for p in doc.paragraphs) + "".join(
        c.text for t in doc.tables for r in t.rows for c in r.cells
    )
    assert "文号：江纪〔2026〕7号" in text and "统计局无人分管" in text and "明确分管领导" in text
    assert "马骏" in text  # the bureau's secretary, reached by the overdue item's escalation
    missing = runner.invoke(main, ["leads", "report", "9", str(DEMO), "-o", str(out)])
    assert missing.exit_code == 2 and "没有编号为 9 的线索" in missing.output
