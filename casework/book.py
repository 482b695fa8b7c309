"""The casebook: leads and the rectification ledger, read and changed on
behalf of an :class:`Actor`.

Every change runs in one transaction with its :class:`~casework.models.History`
row, so the history is never behind the data; after the commit the app's audit
log (:mod:`access.audit`) gets the same event. A scoped actor sees and changes
only what concerns a unit inside their scope; anything else is "not found",
as if it did not exist.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from access.audit import AuditLog
from casework import files
from casework.db import CaseworkError, Database
from casework.models import Attachment, History, Lead, Note, RectItem, Setting
from queries.escalation import DEFAULT_DAYS, check_days

__all__ = ["Actor", "Casebook", "ItemStatus", "LeadStatus", "Light", "light"]

_T = TypeVar("_T")
MAX_TITLE = 300
MAX_NOTE = 20_000
#: Days before a deadline on which an open item turns yellow.
WARN_DAYS = 7


class LeadStatus(StrEnum):
    """Where a lead stands (待核实 / 核实中 / 已立案 / 已办结 / 不予立案)."""

    PENDING = "pending"
    VERIFYING = "verifying"
    FILED = "filed"
    CONCLUDED = "concluded"
    DISMISSED = "dismissed"


#: The statuses a lead may move to from each status (the last two are final).
NEXT: dict[LeadStatus, frozenset[LeadStatus]] = {
    LeadStatus.PENDING: frozenset({LeadStatus.VERIFYING, LeadStatus.DISMISSED}),
    LeadStatus.VERIFYING: frozenset({LeadStatus.FILED, LeadStatus.DISMISSED}),
    LeadStatus.FILED: frozenset({LeadStatus.CONCLUDED}),
    LeadStatus.CONCLUDED: frozenset(),
    LeadStatus.DISMISSED: frozenset(),
}


class ItemStatus(StrEnum):
    OPEN = "open"
    CLOSED = "closed"  # 销号


class Light(StrEnum):
    """An item's colour by its deadline: red overdue, yellow due within a week, green otherwise or closed."""

    RED = "red"
    YELLOW = "yellow"
    GREEN = "green"


def light(item: RectItem, today: date, warn_days: int = WARN_DAYS) -> Light:
    """The item's colour read on ``today``.

    >>> from datetime import date
    >>> item = RectItem(deadline=date(2026, 3, 31), status="open")
    >>> [light(item, date(2026, m, d)) for m, d in ((3, 1), (3, 25), (3, 31), (4, 1))]
    [<Light.GREEN: 'green'>, <Light.YELLOW: 'yellow'>, <Light.YELLOW: 'yellow'>, <Light.RED: 'red'>]
    """
    if item.status == ItemStatus.CLOSED:
        return Light.GREEN
    left = (item.deadline - today).days
    return Light.RED if left < 0 else Light.YELLOW if left <= warn_days else Light.GREEN


@dataclass(frozen=True)
class Actor:
    """Who acts: an account's name and role, and the units they may see (None: all)."""

    name: str
    role: str | None = None
    orgs: frozenset[str] | None = None

    def sees(self, org_id: str) -> bool:
        return self.orgs is None or org_id in self.orgs


def _now() -> datetime:
    return datetime.now(UTC)


def _text(value: str, limit: int, what: str) -> str:
    value = (value or "").strip()
    if not value:
        raise CaseworkError("error.casework_empty", what=what)
    if len(value) > limit:
        raise CaseworkError("error.casework_too_long", what=what, limit=limit)
    return value


def _ids(session: Session, result: object) -> tuple[int | None, int | None]:
    """The lead and the ledger item a change concerns (for its history row)."""
    if isinstance(result, Lead):
        return result.id, None
    if isinstance(result, RectItem):
        return result.lead_id, result.id
    if isinstance(result, Note):
        return result.lead_id, None
    if isinstance(result, Attachment):
        item = session.get(RectItem, result.item_id) if result.item_id else None
        return (item.lead_id if item else result.lead_id), result.item_id
    return None, None


_LEAD_OPTIONS = (
    selectinload(Lead.notes),
    selectinload(Lead.attachments),
    selectinload(Lead.items).selectinload(RectItem.evidence),
)


class Casebook:
    """Leads and the ledger in ``db``; ``accounts`` (when given) are the names
    a lead may be assigned to; ``audit`` gets every change after its commit."""

    def __init__(self, db: Database, *, accounts: Collection[str] | None = None, audit: AuditLog | None = None) -> None:
        self.db = db
        self.accounts = accounts
        self.audit = audit

    # ------------------------------------------------------------ plumbing
    def _change(self, actor: Actor, action: str, work: Callable[[Session], _T], **detail: Any) -> _T:
        """Run ``work`` and write its history row in one transaction, then audit
        it; a callable in ``detail`` is read after ``work`` (what was there before)."""
        with self.db.session() as session:
            result = work(session)
            session.flush()
            lead_id, item_id = _ids(session, result)
            session.add(
                History(
                    lead_id=lead_id,
                    item_id=item_id,
                    at=_now(),
                    user=actor.name,
                    action=action,
                    detail=json.dumps(
                        {k: v() if callable(v) else v for k, v in detail.items()}, ensure_ascii=False, default=str
                    ),
                )
            )
        if self.audit is not None:
            self.audit.append(
                "casework", user=actor.name, role=actor.role, source=None, action=action, lead=lead_id, item=item_id
            )
        return result

    def _lead(self, session: Session, actor: Actor, lead_id: int, *, lock: bool = False) -> Lead:
        query = select(Lead).where(Lead.id == lead_id).options(*_LEAD_OPTIONS)
        lead = session.scalars(query.with_for_update() if lock else query).first()
        if lead is None or not actor.sees(lead.org_id):
            raise CaseworkError("error.casework_no_lead", id=lead_id)
        return lead

    def _item(self, session: Session, actor: Actor, item_id: int, *, lock: bool = False) -> RectItem:
        query = select(RectItem).where(RectItem.id == item_id).options(selectinload(RectItem.evidence))
        item = session.scalars(query.with_for_update() if lock else query).first()
        if item is None or not actor.sees(item.org_id):
            raise CaseworkError("error.casework_no_item", id=item_id)
        return item

    def _check_assignee(self, assignee: str | None) -> str | None:
        assignee = (assignee or "").strip() or None
        if assignee and self.accounts is not None and assignee not in self.accounts:
            raise CaseworkError("error.casework_no_account", name=assignee)
        return assignee

    # ------------------------------------------------------------ leads
    def create_lead(
        self,
        actor: Actor,
        *,
        title: str,
        source_kind: str,
        source_ref: str,
        org_id: str,
        due: date | None = None,
        assignee: str | None = None,
    ) -> Lead:
        """A new lead (待核实) about unit ``org_id``."""
        title = _text(title, MAX_TITLE, "title")
        if not actor.sees(org_id):
            raise CaseworkError("error.casework_outside_scope", org=org_id)
        assignee = self._check_assignee(assignee)

        def work(session: Session) -> Lead:
            now = _now()
            lead = Lead(
                title=title,
                source_kind=source_kind,
                source_ref=source_ref[:500],
                org_id=org_id,
                status=LeadStatus.PENDING.value,
                assignee=assignee,
                due=due,
                created_at=now,
                created_by=actor.name,
                updated_at=now,
            )
            session.add(lead)
            session.flush()
            return lead

        return self._change(actor, "lead_created", work, title=title, source=f"{source_kind}:{source_ref}", org=org_id)

    def lead(self, actor: Actor, lead_id: int) -> Lead:
        with self.db.session() as session:
            return self._lead(session, actor, lead_id)

    def leads(
        self,
        actor: Actor,
        *,
        status: str | None = None,
        assignee: str | None = None,
        source: tuple[str, str] | None = None,
    ) -> list[Lead]:
        """The leads ``actor`` may see (of a status, an assignee, a source), newest first."""
        query = select(Lead).options(*_LEAD_OPTIONS).order_by(Lead.id.desc())
        if source:
            query = query.where(Lead.source_kind == source[0], Lead.source_ref == source[1][:500])
        if status:
            query = query.where(Lead.status == LeadStatus(status).value)
        if assignee:
            query = query.where(Lead.assignee == assignee)
        if actor.orgs is not None:
            query = query.where(Lead.org_id.in_(sorted(actor.orgs)))
        with self.db.session() as session:
            return list(session.scalars(query))

    def move(self, actor: Actor, lead_id: int, status: str) -> Lead:
        """Move a lead to ``status``, refused unless :data:`NEXT` allows it."""
        target = LeadStatus(status)
        before: dict[str, str] = {}

        def work(session: Session) -> Lead:
            lead = self._lead(session, actor, lead_id, lock=True)
            current = LeadStatus(lead.status)
            if target not in NEXT[current]:
                raise CaseworkError("error.casework_transition", id=lead_id, before=current.value, after=target.value)
            before["status"] = current.value
            lead.status, lead.updated_at = target.value, _now()
            return lead

        return self._change(actor, "lead_status", work, status=target.value, before=lambda: before["status"])

    def assign(self, actor: Actor, lead_id: int, assignee: str | None, due: date | None) -> Lead:
        """Give a lead to an account (None: nobody) with a due date."""
        assignee = self._check_assignee(assignee)
        before: dict[str, Any] = {}

        def work(session: Session) -> Lead:
            lead = self._lead(session, actor, lead_id, lock=True)
            before.update(assignee=lead.assignee, due=lead.due)
            lead.assignee, lead.due, lead.updated_at = assignee, due, _now()
            return lead

        return self._change(actor, "lead_assigned", work, assignee=assignee, due=due, before=lambda: before)

    def note(self, actor: Actor, lead_id: int, text: str) -> Note:
        text = _text(text, MAX_NOTE, "note")

        def work(session: Session) -> Note:
            lead = self._lead(session, actor, lead_id, lock=True)
            note = Note(lead_id=lead.id, at=_now(), author=actor.name, text=text)
            session.add(note)
            lead.updated_at = note.at
            session.flush()
            return note

        return self._change(actor, "lead_note", work, chars=len(text))

    def attach(self, actor: Actor, lead_id: int, name: str, data: bytes) -> Attachment:
        """Attach a file to a lead (kept by its hash)."""
        with self.db.session() as session:
            self._lead(session, actor, lead_id)
        return self._attach(actor, name, data, lead_id=lead_id)

    def _attach(
        self, actor: Actor, name: str, data: bytes, *, lead_id: int | None = None, item_id: int | None = None
    ) -> Attachment:
        name = _text(name, 300, "file")
        digest = files.keep(name, data)

        def work(session: Session) -> Attachment:
            found = Attachment(
                lead_id=lead_id, item_id=item_id, name=name, sha256=digest, size=len(data), at=_now(), by=actor.name
            )
            session.add(found)
            session.flush()
            return found

        action = "item_evidence" if item_id else "lead_file"
        return self._change(actor, action, work, name=name, sha256=digest, size=len(data))

    def history(self, actor: Actor, lead_id: int) -> list[History]:
        """What happened to a lead and its ledger items, oldest first."""
        with self.db.session() as session:
            self._lead(session, actor, lead_id)
            query = select(History).where(History.lead_id == lead_id).order_by(History.id)
            return list(session.scalars(query))

    # ------------------------------------------------------------ the ledger
    def add_item(
        self,
        actor: Actor,
        *,
        org_id: str,
        measure: str,
        deadline: date,
        contact: str | None = None,
        lead_id: int | None = None,
        decision_ref: str | None = None,
    ) -> RectItem:
        """A ledger item under a lead or a recorded decision (``case/target``)."""
        measure = _text(measure, MAX_NOTE, "measure")
        if (lead_id is None) == (not decision_ref):
            raise CaseworkError("error.casework_item_parent")
        if not actor.sees(org_id):
            raise CaseworkError("error.casework_outside_scope", org=org_id)

        def work(session: Session) -> RectItem:
            if lead_id is not None:
                self._lead(session, actor, lead_id)
            item = RectItem(
                lead_id=lead_id,
                decision_ref=decision_ref or None,
                org_id=org_id,
                measure=measure,
                deadline=deadline,
                contact=(contact or "").strip() or None,
                status=ItemStatus.OPEN.value,
                created_at=_now(),
                created_by=actor.name,
            )
            session.add(item)
            session.flush()
            return item

        return self._change(actor, "item_created", work, org=org_id, deadline=deadline, contact=contact)

    def item(self, actor: Actor, item_id: int) -> RectItem:
        with self.db.session() as session:
            return self._item(session, actor, item_id)

    def items(self, actor: Actor, *, lead_id: int | None = None, status: str | None = None) -> list[RectItem]:
        """The ledger items ``actor`` may see, by deadline."""
        query = select(RectItem).options(selectinload(RectItem.evidence)).order_by(RectItem.deadline, RectItem.id)
        if lead_id is not None:
            query = query.where(RectItem.lead_id == lead_id)
        if status:
            query = query.where(RectItem.status == ItemStatus(status).value)
        if actor.orgs is not None:
            query = query.where(RectItem.org_id.in_(sorted(actor.orgs)))
        with self.db.session() as session:
            return list(session.scalars(query))

    def add_evidence(self, actor: Actor, item_id: int, name: str, data: bytes) -> Attachment:
        """Attach a file as an item's evidence of rectification."""
        with self.db.session() as session:
            self._item(session, actor, item_id)
        return self._attach(actor, name, data, item_id=item_id)

    def close_item(self, actor: Actor, item_id: int) -> RectItem:
        """销号: close an item — refused while no evidence is attached."""

        def work(session: Session) -> RectItem:
            item = self._item(session, actor, item_id, lock=True)
            if item.status == ItemStatus.CLOSED:
                raise CaseworkError("error.casework_item_closed", id=item_id)
            if not item.evidence:
                raise CaseworkError("error.casework_no_evidence", id=item_id)
            item.status, item.closed_at, item.closed_by = ItemStatus.CLOSED.value, _now(), actor.name
            return item

        return self._change(actor, "item_closed", work)

    # ------------------------------------------------------------ settings
    def escalation_days(self) -> tuple[int, int, int, int]:
        """Days after the deadline on which each escalation step is reached."""
        with self.db.session() as session:
            found = session.get(Setting, "escalation_days")
        return DEFAULT_DAYS if found is None else check_days(json.loads(found.value))

    def set_escalation_days(self, actor: Actor, days: Sequence[int]) -> tuple[int, int, int, int]:
        values = check_days(days)

        def work(session: Session) -> Setting:
            setting = session.get(Setting, "escalation_days") or Setting(key="escalation_days")
            setting.value = json.dumps(values)
            session.add(setting)
            return setting

        self._change(actor, "escalation_days", work, days=values)
        return values
