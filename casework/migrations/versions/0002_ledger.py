"""The rectification ledger: items under a lead or a decision, files as their
evidence, the history of items, and the casework settings.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

_WHEN = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "rect_items",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("lead_id", sa.Integer, sa.ForeignKey("leads.id"), index=True),
        sa.Column("decision_ref", sa.String(200)),
        sa.Column("org_id", sa.String(120), nullable=False, index=True),
        sa.Column("measure", sa.Text, nullable=False),
        sa.Column("deadline", sa.Date, nullable=False),
        sa.Column("contact", sa.String(120)),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("closed_at", _WHEN),
        sa.Column("closed_by", sa.String(120)),
        sa.Column("created_at", _WHEN, nullable=False),
        sa.Column("created_by", sa.String(120), nullable=False),
    )
    with op.batch_alter_table("attachments") as batch:
        batch.add_column(sa.Column("item_id", sa.Integer))
        batch.create_index("ix_attachments_item_id", ["item_id"])
        batch.create_foreign_key("fk_attachments_item_id", "rect_items", ["item_id"], ["id"])
    with op.batch_alter_table("history") as batch:
        batch.add_column(sa.Column("item_id", sa.Integer))
        batch.create_index("ix_history_item_id", ["item_id"])
    op.create_table(
        "casework_settings",
        sa.Column("key", sa.String(80), primary_key=True),
        sa.Column("value", sa.Text, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("casework_settings")
    with op.batch_alter_table("history") as batch:
        batch.drop_index("ix_history_item_id")
        batch.drop_column("item_id")
    with op.batch_alter_table("attachments") as batch:
        batch.drop_constraint("fk_attachments_item_id", type_="foreignkey")
        batch.drop_index("ix_attachments_item_id")
        batch.drop_column("item_id")
    op.drop_table("rect_items")
