"""A process killed with SIGKILL in the middle of saving leaves the last
committed state whole, on SQLite and on PostgreSQL: everything it reported
committed is there, nothing half-written is, and the database opens and takes
changes again."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy import func, select, text

from casework import files
from casework.book import Actor, Casebook
from casework.db import Database
from casework.models import Attachment, History, Lead, Note, RectItem

_WRITER = """
import sys
from datetime import date
from casework.book import Actor, Casebook
from casework.db import Database

book, me = Casebook(Database(sys.argv[1])), Actor("writer")
n = 0
while True:
    n += 1
    lead = book.create_lead(me, title=f"线索{n}", source_kind="unit", source_ref="ZJ", org_id="ZJ")
    book.note(me, lead.id, "备注" * 200)
    item = book.add_item(me, lead_id=lead.id, org_id="ZJ", measure="整改措施", deadline=date(2026, 6, 30))
    book.add_evidence(me, item.id, f"佐证{n}.txt", f"evidence {n} ".encode() * 2000)
    book.close_item(me, item.id)
    print(lead.id, flush=True)
"""


def test_killed_while_saving_keeps_the_last_committed_state(db_url: str, tmp_path: Path) -> None:
    Database(db_url).close()  # the schema first, so the writer is killed saving, not migrating
    child = subprocess.Popen(
        [sys.executable, "-c", _WRITER, db_url],
        stdout=subprocess.PIPE,
        text=True,
        cwd=Path(__file__).resolve().parents[2],
        env=os.environ.copy(),
    )
    assert child.stdout is not None
    done = [int(child.stdout.readline()) for _ in range(15)]
    time.sleep(0.037)  # mid-way through the next leads' saves
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=30)
    assert child.returncode == -signal.SIGKILL

    db = Database(db_url)
    with db.session() as s:
        if db.engine.dialect.name == "sqlite":
            assert s.execute(text("PRAGMA integrity_check")).scalar() == "ok"
        leads = s.scalars(select(Lead.id)).all()
        assert set(done) <= set(leads)  # everything reported committed is there
        created = s.scalar(select(func.count()).select_from(History).where(History.action == "lead_created"))
        assert created == len(leads)  # a lead and its history row committed together or not at all
        for note in s.scalars(select(Note)):
            assert note.text == "备注" * 200
        for item in s.scalars(select(RectItem)):
            closed = item.status == "closed"
            assert not closed or item.closed_by == "writer"
        for found in s.scalars(select(Attachment)):
            assert files.read(found.sha256)  # every named file is there and whole
        for lead_id in done:  # each reported lead went through all its steps
            actions = s.scalars(select(History.action).where(History.lead_id == lead_id).order_by(History.id)).all()
            assert actions == ["lead_created", "lead_note", "item_created", "item_evidence", "item_closed"]
    book = Casebook(db)  # and it takes changes again
    again = book.create_lead(Actor("admin"), title="重启后", source_kind="unit", source_ref="ZJ", org_id="ZJ")
    assert book.lead(Actor("admin"), again.id).title == "重启后"
    db.close()
