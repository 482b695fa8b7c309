"""Leads and the ledger on SQLite and on a real PostgreSQL: transitions
enforced, scope, files by hash, 销号 only with evidence, every change in the
history."""

from __future__ import annotations

import hashlib
import json
from datetime import date

import pytest

from casework import files
from casework.book import NEXT, Actor, Casebook, ItemStatus, LeadStatus, Light, light
from casework.db import CaseworkError, Database

ADMIN = Actor("admin", "admin")
TOWN = Actor("town", "unit_inspector", frozenset({"XK", "XK-CZS"}))


def _lead(book: Casebook, org: str = "XK-CZS", actor: Actor = ADMIN) -> int:
    return book.create_lead(
        actor, title="财政所资金管理问题", source_kind="finding", source_ref="orphan_duty:JY-2R/15", org_id=org
    ).id


def test_a_lead_walks_its_statuses_and_refuses_the_others(database: Database) -> None:
    book = Casebook(database)
    lead = _lead(book)
    assert book.lead(ADMIN, lead).status == "pending"
    with pytest.raises(CaseworkError, match="不能从「pending」改为「filed」"):
        book.move(ADMIN, lead, "filed")
    for status in ("verifying", "filed", "concluded"):
        assert book.move(ADMIN, lead, status).status == status
    for status in LeadStatus:  # concluded is final
        with pytest.raises(CaseworkError):
            book.move(ADMIN, lead, status)
    assert not NEXT[LeadStatus.DISMISSED]
    actions = [h.action for h in book.history(ADMIN, lead)]
    assert actions == ["lead_created", "lead_status", "lead_status", "lead_status"]
    assert json.loads(book.history(ADMIN, lead)[-1].detail) == {"status": "concluded", "before": "filed"}


def test_assign_only_to_an_account_and_notes_and_files_are_kept(database: Database) -> None:
    book = Casebook(database, accounts={"zhang", "admin"})
    lead = _lead(book)
    with pytest.raises(CaseworkError, match="没有名为「nobody」的账号"):
        book.assign(ADMIN, lead, "nobody", date(2026, 12, 31))
    book.assign(ADMIN, lead, "zhang", date(2026, 12, 31))
    assigned = json.loads(book.history(ADMIN, lead)[-1].detail)
    assert assigned == {"assignee": "zhang", "due": "2026-12-31", "before": {"assignee": None, "due": None}}
    book.note(ADMIN, lead, "已约谈所长，调取2025年账册。")
    with pytest.raises(CaseworkError):
        book.note(ADMIN, lead, "   ")
    data = "核查记录".encode() * 100
    found = book.attach(ADMIN, lead, "核查记录.txt", data)
    assert found.sha256 == hashlib.sha256(data).hexdigest() and found.size == len(data)
    assert files.read(found.sha256) == data
    got = book.lead(ADMIN, lead)
    assert (got.assignee, got.due) == ("zhang", date(2026, 12, 31))
    assert [n.text for n in got.notes] == ["已约谈所长，调取2025年账册。"]
    assert [a.name for a in got.attachments] == ["核查记录.txt"]
    (files.folder() / found.sha256[:2] / found.sha256).write_bytes(b"changed")
    with pytest.raises(CaseworkError, match="哈希不符"):
        files.read(found.sha256)


def test_a_scoped_inspector_sees_and_changes_only_their_units(database: Database) -> None:
    book = Casebook(database)
    inside, outside = _lead(book, "XK-CZS"), _lead(book, "ZJ")
    assert [lead.id for lead in book.leads(TOWN)] == [inside]
    assert {lead.id for lead in book.leads(ADMIN)} == {inside, outside}
    for attempt in (
        lambda: book.lead(TOWN, outside),
        lambda: book.note(TOWN, outside, "x"),
        lambda: book.move(TOWN, outside, "verifying"),
        lambda: _lead(book, "ZJ", TOWN),
    ):
        with pytest.raises(CaseworkError):
            attempt()
    assert book.lead(ADMIN, outside).notes == []
    assert [x.id for x in book.leads(ADMIN, source=("finding", "orphan_duty:JY-2R/15"))] == [outside, inside]
    assert book.leads(TOWN, source=("finding", "orphan_duty:JY-2R/15"))[0].id == inside
    assert book.leads(ADMIN, source=("unit", "ZJ")) == []


def test_closing_an_item_needs_evidence(database: Database) -> None:
    book = Casebook(database)
    lead = _lead(book)
    item = book.add_item(ADMIN, lead_id=lead, org_id="XK-CZS", measure="建立资金审批台账", deadline=date(2026, 3, 31))
    with pytest.raises(CaseworkError, match="尚未上传整改佐证材料，不能销号"):
        book.close_item(ADMIN, item.id)
    assert book.item(ADMIN, item.id).status == "open"
    book.add_evidence(ADMIN, item.id, "台账照片.png", b"\x89PNG evidence")
    closed = book.close_item(ADMIN, item.id)
    assert closed.status == ItemStatus.CLOSED and closed.closed_by == "admin"
    with pytest.raises(CaseworkError, match="已销号"):
        book.close_item(ADMIN, item.id)
    assert light(closed, date(2027, 1, 1)) is Light.GREEN
    actions = [h.action for h in book.history(ADMIN, lead)]
    assert actions == ["lead_created", "item_created", "item_evidence", "item_closed"]
    decided = book.add_item(
        ADMIN, decision_ref="C2024-06/LH", org_id="LH", measure="书面检查", deadline=date(2025, 3, 1)
    )
    assert decided.lead_id is None
    with pytest.raises(CaseworkError, match="二者选一"):
        book.add_item(ADMIN, org_id="LH", measure="x", deadline=date(2025, 3, 1))
    assert [i.id for i in book.items(ADMIN, status="open")] == [decided.id]
    assert book.items(TOWN, status="open") == []


def test_escalation_days_are_a_setting(database: Database) -> None:
    book = Casebook(database)
    assert book.escalation_days() == (1, 7, 14, 30)
    assert book.set_escalation_days(ADMIN, [0, 3, 10, 20]) == (0, 3, 10, 20)
    assert Casebook(database).escalation_days() == (0, 3, 10, 20)
    with pytest.raises(CaseworkError.__mro__[1], match="逐级不减"):
        book.set_escalation_days(ADMIN, [5, 3, 10, 20])


def test_every_change_is_in_the_audit_log_too(database: Database, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from access.audit import AuditLog

    log = AuditLog(tmp_path / "audit.jsonl", tmp_path / "anchor.json")
    book = Casebook(database, audit=log)
    lead = _lead(book)
    book.note(ADMIN, lead, "约谈记录")
    with pytest.raises(CaseworkError):
        book.move(ADMIN, lead, "concluded")  # refused: nothing written, nothing audited
    entries = [e for e in log.entries() if e["event"] == "casework"]
    assert [(e["action"], e["lead"], e["user"]) for e in entries] == [
        ("lead_created", lead, "admin"),
        ("lead_note", lead, "admin"),
    ]
    assert log.verify() is None
    assert [h.action for h in book.history(ADMIN, lead)] == ["lead_created", "lead_note"]
