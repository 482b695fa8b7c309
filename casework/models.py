"""The casework tables (SQLAlchemy 2 declarative mapping).

The migrations in ``casework/migrations/versions`` make the same tables;
``tests/casework/test_migrations.py`` checks the two agree.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

__all__ = ["Attachment", "Base", "History", "Lead", "Note", "RectItem", "Setting"]


class Base(DeclarativeBase):
    pass


class Lead(Base):
    """A lead (问题线索): where it came from, the unit it concerns, where it stands."""

    __tablename__ = "leads"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    title: Mapped[str] = mapped_column(String(300))
    source_kind: Mapped[str] = mapped_column(String(20))  # finding, case, trace, unit
    source_ref: Mapped[str] = mapped_column(String(500))  # "kind:id,id" of a finding, a case id, a unit id
    org_id: Mapped[str] = mapped_column(String(120), index=True)  # the unit it concerns: what scopes it
    status: Mapped[str] = mapped_column(String(20), index=True)
    assignee: Mapped[str | None] = mapped_column(String(120))
    due: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    created_by: Mapped[str] = mapped_column(String(120))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))

    notes: Mapped[list[Note]] = relationship(back_populates="lead", order_by="Note.id")
    attachments: Mapped[list[Attachment]] = relationship(
        back_populates="lead", order_by="Attachment.id", foreign_keys="Attachment.lead_id"
    )
    items: Mapped[list[RectItem]] = relationship(back_populates="lead", order_by="RectItem.id")


class Note(Base):
    __tablename__ = "lead_notes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    lead_id: Mapped[int] = mapped_column(ForeignKey("leads.id"), index=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    author: Mapped[str] = mapped_column(String(120))
    text: Mapped[str] = mapped_column(Text)

    lead: Mapped[Lead] = relationship(back_populates="notes")


class Attachment(Base):
    """A file attached to a lead or (as evidence) to a ledger item; the bytes
    are kept by their SHA-256 in the attachments folder (:mod:`casework.files`)."""

    __tablename__ = "attachments"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    lead_id: Mapped[int | None] = mapped_column(ForeignKey("leads.id"), index=True)
    item_id: Mapped[int | None] = mapped_column(ForeignKey("rect_items.id"), index=True)
    name: Mapped[str] = mapped_column(String(300))
    sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(Integer)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    by: Mapped[str] = mapped_column(String(120))

    lead: Mapped[Lead | None] = relationship(back_populates="attachments", foreign_keys=[lead_id])
    item: Mapped[RectItem | None] = relationship(back_populates="evidence", foreign_keys=[item_id])


class RectItem(Base):
    """An item of the rectification ledger (整改台账), under a lead or a decision."""

    __tablename__ = "rect_items"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    lead_id: Mapped[int | None] = mapped_column(ForeignKey("leads.id"), index=True)
    decision_ref: Mapped[str | None] = mapped_column(String(200))  # "case id/target id" of a recorded decision
    org_id: Mapped[str] = mapped_column(String(120), index=True)
    measure: Mapped[str] = mapped_column(Text)
    deadline: Mapped[date] = mapped_column(Date)
    contact: Mapped[str | None] = mapped_column(String(120))  # the unit's contact (经办人), a person id
    status: Mapped[str] = mapped_column(String(20))  # open, closed (销号)
    closed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    closed_by: Mapped[str | None] = mapped_column(String(120))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    created_by: Mapped[str] = mapped_column(String(120))

    lead: Mapped[Lead | None] = relationship(back_populates="items")
    evidence: Mapped[list[Attachment]] = relationship(
        back_populates="item", order_by="Attachment.id", foreign_keys="Attachment.item_id"
    )


class History(Base):
    """Every change, written in the same transaction as the change itself."""

    __tablename__ = "history"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    lead_id: Mapped[int | None] = mapped_column(Integer, index=True)
    item_id: Mapped[int | None] = mapped_column(Integer, index=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    user: Mapped[str] = mapped_column(String(120))
    action: Mapped[str] = mapped_column(String(40))
    detail: Mapped[str] = mapped_column(Text)  # JSON: what changed, from what to what


class Setting(Base):
    """Casework settings an administrator chooses (the escalation's days)."""

    __tablename__ = "casework_settings"

    key: Mapped[str] = mapped_column(String(80), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
