"""The schema from an empty database and from the previous version (0001,
holding data), on SQLite and PostgreSQL; the migrations make what the models say."""

from __future__ import annotations

from datetime import UTC, datetime

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine, inspect, text

from casework.book import Actor, Casebook
from casework.db import Database, _driver, head, migrate, revision
from casework.models import Base


def test_from_empty_to_head_matches_the_models(db_url: str) -> None:
    engine = create_engine(_driver(db_url))
    assert revision(engine) is None
    migrate(engine)
    assert revision(engine) == head() == "0002"
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == []
    engine.dispose()


def test_from_the_previous_version_with_its_data(db_url: str) -> None:
    engine = create_engine(_driver(db_url))
    migrate(engine, "0001")
    assert "rect_items" not in inspect(engine).get_table_names()
    now = datetime(2026, 5, 1, 9, 30, tzinfo=UTC)
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO leads (title, source_kind, source_ref, org_id, status, created_at, created_by, updated_at)"
                " VALUES ('旧线索', 'unit', 'ZJ', 'ZJ', 'verifying', :t, 'admin', :t)"
            ),
            {"t": now},
        )
        conn.execute(
            text("INSERT INTO lead_notes (lead_id, at, author, text) VALUES (1, :t, 'admin', '旧备注')"), {"t": now}
        )
        conn.execute(
            text(
                "INSERT INTO attachments (lead_id, name, sha256, size, at, by) VALUES (1, 'a.txt', :h, 3, :t, 'admin')"
            ),
            {"t": now, "h": "0" * 64},
        )
        conn.execute(
            text(
                'INSERT INTO history (lead_id, at, "user", action, detail)'
                " VALUES (1, :t, 'admin', 'lead_created', '{}')"
            ),
            {"t": now},
        )
    engine.dispose()

    db = Database(db_url)  # opening brings it to head
    assert revision(db.engine) == "0002"
    book = Casebook(db)
    lead = book.lead(Actor("admin"), 1)
    assert (lead.title, lead.status, [n.text for n in lead.notes]) == ("旧线索", "verifying", ["旧备注"])
    assert [(a.name, a.item_id) for a in lead.attachments] == [("a.txt", None)]
    book.move(Actor("admin"), 1, "filed")  # the old lead goes on under the new schema
    item = book.add_item(Actor("admin"), lead_id=1, org_id="ZJ", measure="整改", deadline=now.date())
    assert [h.action for h in book.history(Actor("admin"), 1)] == ["lead_created", "lead_status", "item_created"]
    assert item.lead_id == 1
    db.close()
